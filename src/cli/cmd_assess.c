/* zl assess --intervention C --norm N [--rule R] [--region-layer L] [--network-layer L|none]
 * [--thresholds FILE] [--keep ID,...] [--max-keep K] [--no-mitigation] [--year Y] [--json]:
 * the regional impact assessment (patients, professionals, providers, networks), the
 * verdict per region and the mitigation suggestions. */
#include <getopt.h>
#include <jansson.h>
#include <string.h>

#include "cli.h"
#include "zorglandschap/assess.h"
#include "zorglandschap/store_disclosure.h"
#include "zorglandschap/util.h"

static const zl_opt assess_opts[] = {
    {"intervention", 'i', "C", "intervention code (any case)", NULL, 0},
    {"norm", 'n', "N", "the norm: a number, current or proposed (default current)", NULL, 0},
    {"rule", 'r', "RULE", "where patients of a stopping location go (docs/choice.md)",
     "choice|share|nearest|region|partner|capacity", 0},
    {"region-layer", 'l', "LAYER", "the regions (default province; none: national only)", NULL, 0},
    {"network-layer", 'w', "LAYER",
     "the care networks (a region layer of locations only; default: the store's one, of "
     "several the one matching the intervention group; none: no networks)",
     NULL, 0},
    {"thresholds", 't', "FILE",
     "acceptability thresholds (default: as data/assess/thresholds.conf)", NULL, 0},
    {"keep", 'k', "ID,...", "locations kept whatever their volume", NULL, 0},
    {"max-keep", 'm', "K", "largest exception set the mitigation search tries (default 3)", NULL,
     0},
    {"no-mitigation", 'M', NULL, "verdicts only: no mitigation search, no optimiser", NULL, 0},
    {"year", 'y', "Y", "last year of the norm's window (default: latest with data)", NULL, 0},
    {"json", 'j', NULL, "JSON instead of tables", NULL, 0},
    {"public", 'p', NULL, "with --json: counts published as for the public (docs/privacy.md)", NULL,
     0},
    {"csv", 'c', NULL, "the regions and the nation as CSV (every figure, one row each)", NULL, 0},
    {0}};

const zl_cmd_spec assess_spec = {
    "--intervention C [--norm N|current|proposed] [--rule R]\n"
    " [--region-layer L|none] [--network-layer L|none] [--thresholds FILE]\n"
    " [--keep ID,...] [--max-keep K] [--no-mitigation] [--year Y] [--json [--public] | --csv]",
    "The regional impact analysis after the NZa framework: per region of layer L and\n"
    "nationally, the impact of the norm on patients (displaced, by age band with 75+\n"
    "apart, travel before/after under the same rule, inhabitants beyond 30/45/60 minutes,\n"
    "PC4 areas newly beyond 45), professionals (procedures per surgeon, surgeons whose\n"
    "location stops, locations below the per-surgeon norm), providers (volume and revenue\n"
    "lost or gained, dependent services of stopping locations, capacity) and care networks\n"
    "(patients crossing network borders, networks left without a location). Each region\n"
    "is judged against the thresholds: acceptable, or mitigation needed with the\n"
    "thresholds it breaks, the smallest set of locations to keep as exceptions that\n"
    "removes the breach and the optimiser's alternative. Inputs: zl import staff,\n"
    "providers, tariffs and regions (networks). Method: docs/assess.md.\n",
    assess_opts, NULL, 0};

typedef struct assess_args {
    const char *code, *norm, *rule, *layer, *network, *thresholds, *keep;
    int64_t year, max_keep;
    bool json, csv, public, no_mitigation;
} assess_args;

static int parse_opt(int ch, assess_args *a)
{
    switch (ch) {
    case 'i':
        a->code = optarg;
        break;
    case 'n':
        a->norm = optarg;
        break;
    case 'r':
        a->rule = optarg;
        break;
    case 'l':
        a->layer = optarg;
        break;
    case 'w':
        a->network = optarg;
        break;
    case 't':
        a->thresholds = optarg;
        break;
    case 'k':
        a->keep = optarg;
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
    case 'M':
        a->no_mitigation = true;
        break;
    case 'm':
        if (!zl_parse_i64(optarg, &a->max_keep) || a->max_keep < 1 || a->max_keep > 8)
            return cli_usage("--max-keep: '%s' is not a number 1..8", optarg);
        break;
    case 'y':
        if (!zl_parse_i64(optarg, &a->year) || a->year < 1900 || a->year > 2200)
            return cli_usage("--year: '%s' is not a year", optarg);
        break;
    default:
        return ZL_EXIT_USAGE;
    }
    return ZL_EXIT_OK;
}

static int parse_args(zl_cli *cli, int argc, char **argv, assess_args *a)
{
    int ch, rc;
    optind = 0;
    while ((ch = cli_getopt(cli, argc, argv)) != -1)
        if ((rc = parse_opt(ch, a)) != ZL_EXIT_OK)
            return rc;
    if (optind < argc)
        return cli_usage("zl assess: unexpected argument '%s'", argv[optind]);
    if (!a->code)
        return cli_usage("zl assess: --intervention C is required");
    if (a->json && a->csv)
        return cli_usage("zl assess: --json and --csv exclude each other");
    if (a->public && !a->json)
        return cli_usage("zl assess: --public applies to --json");
    if (!a->layer)
        a->layer = "province";
    if (strcmp(a->layer, "none") == 0)
        a->layer = NULL;
    return ZL_EXIT_OK;
}

typedef struct assess_run {
    zl_case *c;
    zl_alloc_inputs *alloc;
    zl_assess_inputs *in;
    zl_assess *result;
    char **keep;
    zl_assess_thresholds th;
} assess_run;

static void run_free(assess_run *w)
{
    zl_assess_free(w->result);
    zl_assess_inputs_free(w->in);
    zl_alloc_inputs_free(w->alloc);
    zl_case_free(w->c);
    zl_strv_free(w->keep);
}

static int analyse(zl_cli *cli, const assess_args *a, zl_assess_opts *o, assess_run *w)
{
    zl_err err = {0};
    zl_assess_thresholds_default(&w->th); /* the same as data/assess/thresholds.conf */
    if ((a->thresholds && zl_assess_thresholds_load(a->thresholds, &w->th, &err) != ZL_OK) ||
        zl_case_load(cli->store, a->code, (int)a->year, a->layer, &w->c, &err) != ZL_OK ||
        zl_alloc_inputs_load(cli->store, w->c, &w->alloc, &err) != ZL_OK ||
        zl_assess_inputs_load(cli->store, w->c, a->network, &w->in, &err) != ZL_OK ||
        zl_split_list(a->keep, &w->keep, &o->n_keep, &err) != ZL_OK)
        return cli_fail(&err);
    int rc = cli_norm(a->norm, w->c, &o->norm);
    if (rc != ZL_EXIT_OK)
        return rc;
    if (!a->rule)
        o->rule = zl_alloc_default_rule(w->alloc);
    o->keep = (const char *const *)w->keep;
    o->alloc = w->alloc;
    o->thresholds = &w->th;
    if (zl_assess_run(w->c, w->in, o, &w->result, &err) != ZL_OK)
        return cli_fail(&err);
    zl_disclosure d;
    if (a->public && zl_store_disclosure_key(cli->store, &d, &err) != ZL_OK)
        return cli_fail(&err);
    if (a->json)
        return cli_print_json(cli, zl_assess_to_json_ex(w->result, a->public ? ZL_REPORT_PUBLIC : 0,
                                                        a->public ? &d : NULL));
    if (a->csv) { /* the regions' rows, the nation last */
        json_t *doc = zl_assess_to_json(w->result);
        json_t *regions = json_object_get(doc, "regions");
        json_array_append(regions, json_object_get(doc, "national"));
        return cli_print_csv(cli, doc, "regions");
    }
    zl_assess_print(w->result, cli->out);
    return ZL_EXIT_OK;
}

int cmd_assess(zl_cli *cli, int argc, char **argv)
{
    assess_args a = {0};
    int rc = parse_args(cli, argc, argv, &a);
    if (rc != ZL_EXIT_OK)
        return rc;
    zl_assess_opts o = {.norm = -1,
                        .rule = ZL_ALLOC_NEAREST,
                        .mitigate = !a.no_mitigation,
                        .optimiser = !a.no_mitigation,
                        .max_keep = (size_t)a.max_keep};
    if (a.rule && !zl_alloc_rule_parse(a.rule, &o.rule))
        return cli_usage("--rule: '%s' is not choice, share, nearest, region, partner or "
                         "capacity",
                         a.rule);
    if (a.rule && o.rule == ZL_ALLOC_REGION && !a.layer)
        return cli_usage("--rule region needs a region layer (--region-layer L)");
    if (!cli_store(cli))
        return ZL_EXIT_FAIL;
    assess_run w = {0};
    rc = analyse(cli, &a, &o, &w);
    run_free(&w);
    return rc;
}
