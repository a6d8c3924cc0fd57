/* zl quality funnel|volume-outcome|publish-status|compare|indicators|synth: quality
 * transparency (docs/quality.md). Parses options, asks the library for the document of
 * the viewer's view and prints it as a table, JSON, CSV or (funnel) an SVG/PNG plot. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "zorglandschap/demo_quality.h"
#include "zorglandschap/privacy.h"
#include "zorglandschap/quality.h"
#include "zorglandschap/store_disclosure.h"
#include "zorglandschap/util.h"

#define OPT_JSON                                                                                   \
    {                                                                                              \
        "json", 'j', NULL, "JSON instead of a table", NULL, 0                                      \
    }
#define OPT_CSV                                                                                    \
    {                                                                                              \
        "csv", 'c', NULL, "CSV instead of a table", NULL, 0                                        \
    }
#define OPT_YEAR                                                                                   \
    {                                                                                              \
        "year", 'y', "Y", "the year (default: the latest with values)", NULL, 0                    \
    }
#define OPT_VIEWER                                                                                 \
    {                                                                                              \
        "viewer", 'v', "ROLE", "who looks: public (default) gets small denominators suppressed",   \
            "public|analyst|admin", 0                                                              \
    }

static const zl_opt funnel_opts[] = {
    {"indicator", 'I', "C", "indicator code (any case)", NULL, 0},
    OPT_YEAR,
    {"overdispersion", 'o', NULL, "estimate and apply multiplicative overdispersion", NULL, 0},
    OPT_VIEWER,
    OPT_JSON,
    OPT_CSV,
    {"svg", 's', "FILE", "write the funnel plot as SVG", NULL, 0},
    {"png", 'p', "FILE", "write the funnel plot as PNG", NULL, 0},
    {0}};
static const zl_opt vo_opts[] = {
    {"intervention", 'i', "C", "intervention code (any case)", NULL, 0},
    {"from", 'f', "Y", "first year (default: the first with values)", NULL, 0},
    {"to", 't', "Y", "last year (default: the last with values)", NULL, 0},
    {"norm", 'n', "N", "expected change under this norm: a number, current or proposed", NULL, 0},
    OPT_VIEWER,
    OPT_JSON,
    OPT_CSV,
    {0}};
static const zl_opt status_opts[] = {{"intervention", 'i', "C", "only this intervention", NULL, 0},
                                     OPT_YEAR,
                                     OPT_JSON,
                                     OPT_CSV,
                                     {0}};
static const zl_opt compare_opts[] = {
    {"intervention", 'i', "C", "intervention code (any case)", NULL, 0},
    OPT_YEAR,
    {"postcode", 'P', "PC4", "order by car minutes from this PC4 area", NULL, 0},
    OPT_VIEWER,
    OPT_JSON,
    OPT_CSV,
    {0}};
static const zl_opt list_opts[] = {
    {"intervention", 'i', "C", "only this intervention", NULL, 0}, OPT_JSON, OPT_CSV, {0}};
static const zl_opt synth_opts[] = {
    {"seed", 'S', "N", "seed of the generator (default: the sample's)", NULL, 0},
    {"out", 'O', "FILE", "write the CSV here (default: standard output)", NULL, 0},
    {0}};

static int q_funnel(zl_cli *cli, int argc, char **argv);
static int q_vo(zl_cli *cli, int argc, char **argv);
static int q_status(zl_cli *cli, int argc, char **argv);
static int q_compare(zl_cli *cli, int argc, char **argv);
static int q_list(zl_cli *cli, int argc, char **argv);
static int q_synth(zl_cli *cli, int argc, char **argv);

static const zl_command quality_subs[] = {
    {"funnel", q_funnel, "funnel plot of one indicator in one year",
     &(const zl_cmd_spec){
         "--indicator C [--year Y] [--overdispersion] [--viewer public|analyst|admin]\n"
         " [--json | --csv | --svg FILE | --png FILE]",
         "Each location's value against its denominator (O/E: expected count) with exact\n"
         "binomial (Poisson) 95 % and 99.8 % limits around the national value (Spiegelhalter\n"
         "2005); --overdispersion inflates them by the estimated phi when above 1. Locations\n"
         "outside the limits are flagged better or worse.\n",
         funnel_opts, NULL, 0}},
    {"volume-outcome", q_vo, "volume-outcome regression and a norm's expected change",
     &(const zl_cmd_spec){
         "--intervention C [--from Y] [--to Y] [--norm N|current|proposed]\n"
         " [--viewer public|analyst|admin] [--json | --csv]",
         "Fits every indicator of the intervention on log volume and on volume bands\n"
         "(binomial-logit; O/E: Poisson-log with the expected count as exposure) with 95 %\n"
         "intervals. --norm adds the expected change of outcomes under the impact analysis's\n"
         "scenario for that norm. Association is not causation.\n",
         vo_opts, NULL, 0}},
    {"publish-status", q_status, "which hospitals publish which indicators",
     &(const zl_cmd_spec){"[--intervention C] [--year Y] [--json | --csv]", NULL, status_opts, NULL,
                          0}},
    {"compare", q_compare, "providers side by side for patients and GPs",
     &(const zl_cmd_spec){"--intervention C [--year Y] [--postcode PC4]\n"
                          " [--viewer public|analyst|admin] [--json | --csv]",
                          "Volume, indicators with their 95 % intervals (not a ranking),\n"
                          "publication and travel time from a postcode.\n",
                          compare_opts, NULL, 0}},
    {"indicators", q_list, "list the indicator definitions",
     &(const zl_cmd_spec){"[--intervention C] [--json | --csv]", NULL, list_opts, NULL, 0}},
    {"synth", q_synth, "write synthetic indicator values for the stored indicators",
     &(const zl_cmd_spec){"[--seed N] [--out FILE]",
                          "The sample's generator (docs/quality.md): values for every indicator\n"
                          "with a base rate and every location-year with a volume, labelled\n"
                          "synthetic, in the indicator-values format.\n",
                          synth_opts, NULL, 0}},
    {0}};
const zl_cmd_spec quality_spec = {
    NULL,
    "Outcome indicators of the quality registries per hospital location: funnel plots,\n"
    "volume-outcome, publication status and a comparison for patients and GPs. Import\n"
    "definitions with `zl import indicators` and values with `zl import indicator-values`\n"
    "(docs/quality.md).\n",
    NULL, quality_subs, 0};

typedef struct q_args {
    const char *intervention, *indicator, *norm, *svg, *png, *out;
    int64_t year, from, to, pc4, seed;
    zl_viewer_role role;
    bool od, json, csv, seed_set;
} q_args;

static int int_arg(const char *name, const char *v, int64_t lo, int64_t hi, int64_t *out)
{
    if (!zl_parse_i64(v, out) || *out < lo || *out > hi)
        return cli_usage("--%s: '%s' is not a number %lld..%lld", name, v, (long long)lo,
                         (long long)hi);
    return ZL_EXIT_OK;
}

static int parse_one(q_args *a, int ch)
{
    switch (ch) {
    case 'i':
        a->intervention = optarg;
        return ZL_EXIT_OK;
    case 'I':
        a->indicator = optarg;
        return ZL_EXIT_OK;
    case 'n':
        a->norm = optarg;
        return ZL_EXIT_OK;
    case 's':
        a->svg = optarg;
        return ZL_EXIT_OK;
    case 'p':
        a->png = optarg;
        return ZL_EXIT_OK;
    case 'O':
        a->out = optarg;
        return ZL_EXIT_OK;
    case 'o':
        a->od = true;
        return ZL_EXIT_OK;
    case 'j':
        a->json = true;
        return ZL_EXIT_OK;
    case 'c':
        a->csv = true;
        return ZL_EXIT_OK;
    case 'y':
        return int_arg("year", optarg, 1900, 2200, &a->year);
    case 'f':
        return int_arg("from", optarg, 1900, 2200, &a->from);
    case 't':
        return int_arg("to", optarg, 1900, 2200, &a->to);
    case 'P':
        return int_arg("postcode", optarg, 1000, 9999, &a->pc4);
    case 'S':
        a->seed_set = true;
        return int_arg("seed", optarg, 0, INT64_MAX, &a->seed);
    case 'v':
        return zl_viewer_role_parse(optarg, &a->role)
                   ? ZL_EXIT_OK
                   : cli_usage("--viewer: expected public, analyst or admin");
    default:
        return ZL_EXIT_USAGE;
    }
}

static int parse(zl_cli *cli, int argc, char **argv, q_args *a, const char *need)
{
    int ch, rc = ZL_EXIT_OK;
    optind = 0;
    while (rc == ZL_EXIT_OK && (ch = cli_getopt(cli, argc, argv)) != -1)
        rc = parse_one(a, ch);
    if (rc != ZL_EXIT_OK)
        return rc;
    if (optind < argc)
        return cli_usage("zl quality %s: unexpected argument '%s'", argv[0], argv[optind]);
    if (need && strcmp(need, "indicator") == 0 && !a->indicator)
        return cli_usage("zl quality %s: --indicator C is required", argv[0]);
    if (need && strcmp(need, "intervention") == 0 && !a->intervention)
        return cli_usage("zl quality %s: --intervention C is required", argv[0]);
    if (a->json + a->csv + (a->svg != NULL) + (a->png != NULL) > 1)
        return cli_usage("zl quality %s: choose one of --json, --csv, --svg, --png", argv[0]);
    return ZL_EXIT_OK;
}

/* The disclosure key for viewers without an exact view; *d NULL for the admin. */
static int disclosure(zl_cli *cli, const q_args *a, zl_disclosure *key, const zl_disclosure **d)
{
    zl_viewer v = {.role = a->role};
    *d = NULL;
    if (zl_may_see_unsuppressed(&v, NULL))
        return ZL_EXIT_OK;
    zl_err err = {0};
    if (zl_store_disclosure_key(cli->store, key, &err) != ZL_OK)
        return cli_fail(&err);
    *d = key;
    return ZL_EXIT_OK;
}

static int emit(zl_cli *cli, const q_args *a, json_t *doc, const char *rows,
                void (*print)(const json_t *, FILE *))
{
    if (a->json)
        return cli_print_json(cli, doc);
    if (a->csv)
        return cli_print_csv(cli, doc, rows);
    print(doc, cli->out);
    json_decref(doc);
    return ZL_EXIT_OK;
}

static int start(zl_cli *cli, int argc, char **argv, q_args *a, const char *need)
{
    int rc = parse(cli, argc, argv, a, need);
    if (rc == ZL_EXIT_OK && !cli_store(cli))
        rc = ZL_EXIT_FAIL;
    return rc;
}

static int q_funnel(zl_cli *cli, int argc, char **argv)
{
    q_args a = {0};
    zl_disclosure key;
    const zl_disclosure *d;
    int rc = start(cli, argc, argv, &a, "indicator");
    if (rc != ZL_EXIT_OK || (rc = disclosure(cli, &a, &key, &d)) != ZL_EXIT_OK)
        return rc;
    zl_err err = {0};
    zl_funnel *f = NULL;
    if (zl_quality_funnel(cli->store, a.indicator, (int)a.year, a.od, &f, &err) != ZL_OK)
        return cli_fail(&err);
    if (a.svg || a.png) {
        if (zl_funnel_plot(f, d, a.svg ? "svg" : "png", a.svg ? a.svg : a.png, &err) != ZL_OK)
            rc = cli_fail(&err);
        zl_funnel_free(f);
        return rc;
    }
    json_t *doc = zl_funnel_to_json(f, d);
    zl_funnel_free(f);
    return emit(cli, &a, doc, "points", zl_funnel_print);
}

static int q_vo(zl_cli *cli, int argc, char **argv)
{
    q_args a = {0};
    zl_disclosure key;
    const zl_disclosure *d;
    int rc = start(cli, argc, argv, &a, "intervention");
    if (rc != ZL_EXIT_OK || (rc = disclosure(cli, &a, &key, &d)) != ZL_EXIT_OK)
        return rc;
    zl_err err = {0};
    json_t *doc = NULL;
    if (zl_quality_vo_report(cli->store, a.intervention, (int)a.from, (int)a.to, a.norm, d, &doc,
                             &err) != ZL_OK)
        return cli_fail(&err);
    return emit(cli, &a, doc, "fits", zl_vo_report_print);
}

static int q_status(zl_cli *cli, int argc, char **argv)
{
    q_args a = {0};
    int rc = start(cli, argc, argv, &a, NULL);
    if (rc != ZL_EXIT_OK)
        return rc;
    zl_err err = {0};
    zl_publish_status *p = NULL;
    if (zl_quality_publish_status(cli->store, a.intervention, (int)a.year, &p, &err) != ZL_OK)
        return cli_fail(&err);
    json_t *doc = zl_publish_status_to_json(p);
    zl_publish_status_free(p);
    return emit(cli, &a, doc, "cells", zl_publish_status_print);
}

static int q_compare(zl_cli *cli, int argc, char **argv)
{
    q_args a = {0};
    zl_disclosure key;
    const zl_disclosure *d;
    int rc = start(cli, argc, argv, &a, "intervention");
    if (rc != ZL_EXIT_OK || (rc = disclosure(cli, &a, &key, &d)) != ZL_EXIT_OK)
        return rc;
    zl_err err = {0};
    json_t *doc = NULL;
    if (zl_quality_compare(cli->store, a.intervention, (int)a.year, (int32_t)a.pc4, d, &doc,
                           &err) != ZL_OK)
        return cli_fail(&err);
    return emit(cli, &a, doc, "rows", zl_compare_print);
}

static void list_print(const json_t *doc, FILE *f)
{
    size_t i;
    json_t *ind;
    json_array_foreach(json_object_get(doc, "indicators"), i, ind)
    {
        fprintf(f, "%-18s %-10s %-10s %-6s %s (%s)%s\n",
                json_string_value(json_object_get(ind, "code")),
                json_string_value(json_object_get(ind, "intervention")),
                json_string_value(json_object_get(ind, "type")),
                json_string_value(json_object_get(ind, "direction")),
                json_string_value(json_object_get(ind, "name_en")),
                json_string_value(json_object_get(ind, "registry")),
                json_is_true(json_object_get(ind, "illustrative")) ? " [base rate ILLUSTRATIVE]"
                                                                   : "");
    }
}

static int q_list(zl_cli *cli, int argc, char **argv)
{
    q_args a = {0};
    int rc = start(cli, argc, argv, &a, NULL);
    if (rc != ZL_EXIT_OK)
        return rc;
    zl_err err = {0};
    zl_indicator *ind = NULL;
    size_t n = 0;
    if (zl_quality_indicators(cli->store, a.intervention, &ind, &n, &err) != ZL_OK)
        return cli_fail(&err);
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, zl_indicator_to_json(&ind[i]));
    zl_quality_indicators_free(ind, n);
    return emit(cli, &a, json_pack("{s:o}", "indicators", list), "indicators", list_print);
}

static int q_synth(zl_cli *cli, int argc, char **argv)
{
    q_args a = {0};
    int rc = start(cli, argc, argv, &a, NULL);
    if (rc != ZL_EXIT_OK)
        return rc;
    FILE *f = a.out ? fopen(a.out, "w") : cli->out;
    if (!f) {
        perror(a.out);
        return ZL_EXIT_FAIL;
    }
    zl_err err = {0};
    size_t rows = 0;
    zl_status st = zl_quality_synth(
        cli->store, a.seed_set ? (uint64_t)a.seed : ZL_QUALITY_SAMPLE_SEED, f, &rows, &err);
    if (a.out && fclose(f) != 0 && st == ZL_OK)
        st = zl_fail(&err, ZL_EIO, "%s: cannot write", a.out);
    if (st != ZL_OK)
        return cli_fail(&err);
    if (!cli->quiet)
        fprintf(stderr, "%zu synthetic indicator values\n", rows);
    return ZL_EXIT_OK;
}

int cmd_quality(zl_cli *cli, int argc, char **argv)
{
    /* Every subcommand has its own function; main never gets here with one. */
    return cli_usage("'zl quality' needs a subcommand");
}
