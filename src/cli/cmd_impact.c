/* zl impact --intervention C [--norm N|current|proposed] [--stop ID,...] [--keep ID,...]
 * [--year Y] [--rule R | --rules all] [--region-layer L] [--json]: the impact of a norm
 * under an allocation rule, or under every rule side by side. */
#include <getopt.h>
#include <jansson.h>
#include <string.h>

#include "cli.h"
#include "zorglandschap/norms.h"
#include "zorglandschap/alloc.h"
#include "zorglandschap/impact.h"
#include "zorglandschap/store_disclosure.h"
#include "zorglandschap/util.h"

static const char impact_help[] =
    "usage: zl impact --intervention C [--norm N|current|proposed] [--stop ID,...]\n"
    "                 [--keep ID,...] [--year Y] [--rule R | --rules all]\n"
    "                 [--region-layer L] [--json [--public]]\n"
    "Locations whose volume (mean over the norm's window) is below the norm stop, unless\n"
    "kept; --stop stops locations whatever their volume. Their patients go where the\n"
    "allocation rule R sends them (docs/choice.md):\n"
    "  choice    re-choose among the remaining locations with the fitted choice model\n"
    "            (the default when `zl choice fit` has stored one)\n"
    "  share     their PC4's current shares among the remaining locations\n"
    "  nearest   the nearest remaining location (the default without a model); the\n"
    "            report adds the like-for-like nearest-before baseline\n"
    "  region    the nearest remaining location in their region of layer L\n"
    "  partner   the stopping location's network partners (zl import partners)\n"
    "  capacity  as choice, within capacities (zl import capacity)\n"
    "--rules all runs every available rule and shows the band of headline figures.\n"
    "Reports volumes, travel times before/after, populations beyond 30/45/60 minutes, the\n"
    "sensitivity of each remaining location and a one-line reading. --public publishes\n"
    "patient counts in the JSON as the HTTP API does for the public: 1-9 null, others\n"
    "rounded to multiples of 10 by a cell key (docs/privacy.md). Method: docs/impact.md.\n";

typedef struct impact_args {
    const char *code, *norm, *stop, *keep, *rule, *rules, *layer;
    int64_t year;
    bool json, public;
} impact_args;

static int parse_args(zl_cli *cli, int argc, char **argv, impact_args *a)
{
    static const struct option opts[] = {{"intervention", required_argument, NULL, 'i'},
                                         {"norm", required_argument, NULL, 'n'},
                                         {"stop", required_argument, NULL, 's'},
                                         {"keep", required_argument, NULL, 'k'},
                                         {"year", required_argument, NULL, 'y'},
                                         {"rule", required_argument, NULL, 'r'},
                                         {"rules", required_argument, NULL, 'R'},
                                         {"region-layer", required_argument, NULL, 'l'},
                                         {"json", no_argument, NULL, 'j'},
                                         {"public", no_argument, NULL, 'p'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    int ch;
    optind = 0;
    while ((ch = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        switch (ch) {
        case 'i':
            a->code = optarg;
            break;
        case 'n':
            a->norm = optarg;
            break;
        case 's':
            a->stop = optarg;
            break;
        case 'k':
            a->keep = optarg;
            break;
        case 'r':
            a->rule = optarg;
            break;
        case 'l':
            a->layer = optarg;
            break;
        case 'R':
            a->rules = optarg;
            break;
        case 'j':
            a->json = true;
            break;
        case 'p':
            a->public = true;
            break;
        case 'y':
            if (!zl_parse_i64(optarg, &a->year) || a->year < 1900 || a->year > 2200)
                return cli_usage("--year: '%s' is not a year", optarg);
            break;
        case 'h':
            fputs(impact_help, cli->out);
            return -1;
        default:
            return cli_usage("%s", "usage: zl impact --intervention C [options] (--help)");
        }
    }
    if (optind < argc)
        return cli_usage("zl impact: unexpected argument '%s'", argv[optind]);
    if (!a->code)
        return cli_usage("zl impact: --intervention C is required");
    if (a->public && !a->json)
        return cli_usage("zl impact: --public applies to --json");
    if (a->rules && strcmp(a->rules, "all") != 0)
        return cli_usage("--rules: only 'all' is known");
    return ZL_EXIT_OK;
}

/* --rules all: every available rule; the report of o->rule (given, else the default) with
 * the band. */
static int analyse_rules(zl_cli *cli, const impact_args *a, const zl_case *c, zl_impact_opts *o,
                         const zl_disclosure *d)
{
    zl_impact *rs[ZL_ALLOC_N_RULES];
    size_t n = 0;
    zl_err err = {0};
    if (zl_impact_run_rules(c, o, rs, &n, &err) != ZL_OK)
        return cli_fail(&err);
    int rc = ZL_EXIT_OK;
    if (a->json)
        rc = cli_print_json(
            cli, zl_impact_rules_to_json(rs, n, o->rule, a->public ? ZL_REPORT_PUBLIC : 0, d));
    else
        zl_impact_rules_print(rs, n, o->rule, cli->out);
    for (size_t i = 0; i < n; i++)
        zl_impact_free(rs[i]);
    return rc;
}

static int analyse(zl_cli *cli, const impact_args *a, zl_impact_opts *o)
{
    zl_err err = {0};
    zl_case *c = NULL;
    zl_impact *r = NULL;
    zl_alloc_inputs *in = NULL;
    char **stop = NULL, **keep = NULL;
    int rc = ZL_EXIT_FAIL;
    if (zl_case_load(cli->store, a->code, (int)a->year, a->layer, &c, &err) != ZL_OK ||
        zl_alloc_inputs_load(cli->store, c, &in, &err) != ZL_OK ||
        zl_split_list(a->stop, &stop, &o->n_stop, &err) != ZL_OK ||
        zl_split_list(a->keep, &keep, &o->n_keep, &err) != ZL_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    if ((rc = cli_norm(a->norm, c, &o->norm)) != ZL_EXIT_OK)
        goto done;
    o->stop = (const char *const *)stop;
    o->keep = (const char *const *)keep;
    o->inputs = in;
    if (!a->rule)
        o->rule = zl_alloc_default_rule(in);
    zl_disclosure d;
    if (a->public && zl_store_disclosure_key(cli->store, &d, &err) != ZL_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    if (a->rules) {
        rc = analyse_rules(cli, a, c, o, a->public ? &d : NULL);
        goto done;
    }
    if (zl_impact_run(c, o, &r, &err) != ZL_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    if (a->json) {
        rc = cli_print_json(cli, zl_impact_to_json_ex(r, a->public ? ZL_REPORT_PUBLIC : 0, &d));
    } else {
        zl_impact_print(r, cli->out);
        rc = ZL_EXIT_OK;
    }
done:
    zl_impact_free(r);
    zl_alloc_inputs_free(in);
    zl_case_free(c);
    zl_strv_free(stop);
    zl_strv_free(keep);
    return rc;
}

int cmd_impact(zl_cli *cli, int argc, char **argv)
{
    impact_args a = {0};
    int rc = parse_args(cli, argc, argv, &a);
    if (rc != ZL_EXIT_OK)
        return rc < 0 ? ZL_EXIT_OK : rc;
    zl_impact_opts o = {.norm = -1, .rule = ZL_ALLOC_NEAREST};
    if (a.rule && !zl_alloc_rule_parse(a.rule, &o.rule))
        return cli_usage("--rule: '%s' is not choice, share, nearest, region, partner or "
                         "capacity",
                         a.rule);
    if (a.rule && o.rule == ZL_ALLOC_REGION && !a.layer)
        return cli_usage("--rule region needs --region-layer L (e.g. provinces)");
    if (a.layer && !a.rules && !(a.rule && o.rule == ZL_ALLOC_REGION))
        return cli_usage("--region-layer only applies to --rule region or --rules all");
    if (!cli_store(cli))
        return ZL_EXIT_FAIL;
    return analyse(cli, &a, &o);
}
