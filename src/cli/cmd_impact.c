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
#include "zorglandschap/quality.h"
#include "zorglandschap/store_disclosure.h"
#include "zorglandschap/util.h"

static const zl_opt impact_opts[] = {
    {"intervention", 'i', "C", "intervention code (any case)", NULL, 0},
    {"norm", 'n', "N", "the norm: a number, current or proposed (default current)", NULL, 0},
    {"stop", 's', "ID,...", "locations that stop whatever their volume", NULL, 0},
    {"keep", 'k', "ID,...", "locations kept whatever their volume", NULL, 0},
    {"year", 'y', "Y", "last year of the norm's window (default: latest with data)", NULL, 0},
    {"rule", 'r', "RULE", "where patients of a stopping location go (docs/choice.md)",
     "choice|share|nearest|region|partner|capacity", 0},
    {"rules", 'R', "all", "run every available rule and show the band", "all", 0},
    {"region-layer", 'l', "LAYER", "the regions of --rule region (e.g. province)", NULL, 0},
    {"json", 'j', NULL, "JSON instead of tables", NULL, 0},
    {"csv", 'c', NULL, "the per-location table as CSV", NULL, 0},
    {"public", 'p', NULL, "with --json: counts published as for the public (docs/privacy.md)", NULL,
     0},
    {0}};

const zl_cmd_spec impact_spec = {
    "--intervention C [--norm N|current|proposed] [--stop ID,...]\n"
    " [--keep ID,...] [--year Y] [--rule R | --rules all]\n"
    " [--region-layer L] [--json [--public] | --csv]",
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
    "rounded to multiples of 10 by a cell key (docs/privacy.md). Method: docs/impact.md.\n",
    impact_opts, NULL, 0};

typedef struct impact_args {
    const char *code, *norm, *stop, *keep, *rule, *rules, *layer;
    int64_t year;
    bool json, public, csv;
} impact_args;

static int parse_args(zl_cli *cli, int argc, char **argv, impact_args *a)
{
    int ch;
    optind = 0;
    while ((ch = cli_getopt(cli, argc, argv)) != -1) {
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
        case 'c':
            a->csv = true;
            break;
        case 'p':
            a->public = true;
            break;
        case 'y':
            if (!zl_parse_i64(optarg, &a->year) || a->year < 1900 || a->year > 2200)
                return cli_usage("--year: '%s' is not a year", optarg);
            break;
        default:
            return ZL_EXIT_USAGE;
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

/* The report as JSON or a table, with the quality chapter when the intervention has
 * quality indicators (docs/quality.md). */
static int report(zl_cli *cli, const impact_args *a, const zl_impact *r, const zl_disclosure *d)
{
    zl_err err = {0};
    json_t *quality = NULL;
    if (zl_quality_impact_chapter(cli->store, r, a->public ? d : NULL, &quality, &err) != ZL_OK)
        return cli_fail(&err);
    if (a->json) {
        json_t *doc = zl_impact_to_json_ex(r, a->public ? ZL_REPORT_PUBLIC : 0, d);
        if (quality)
            json_object_set_new(doc, "quality", quality);
        return cli_print_json(cli, doc);
    }
    zl_impact_print(r, cli->out);
    if (quality)
        zl_quality_impact_chapter_print(quality, cli->out);
    json_decref(quality);
    return ZL_EXIT_OK;
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
    zl_disclosure d = {0};
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
    if (a->csv) {
        rc = cli_print_csv(cli, zl_impact_to_json_ex(r, 0, &d), "locations");
    } else {
        rc = report(cli, a, r, &d);
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
        return rc;
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
