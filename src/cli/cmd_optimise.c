/* zl optimise --intervention C [--norm N|current|proposed] [--keep ID,...] [--exclude ID,...]
 * [--max-locations K] [--min-per-region LAYER] [--max-minutes T] [--capacity-factor F]
 * [--objective total|max|beyond45] [--time-limit S] [--year Y]
 * [--method auto|exact|heuristic] [--mip-neighbours K] [--no-warm-start] [--mip-cuts]
 * [--norm-margin PCT] [--json]: which locations should keep an intervention. */
#include <getopt.h>
#include <jansson.h>
#include <string.h>

#include "cli.h"
#include "zorglandschap/norms.h"
#include "zorglandschap/optimise.h"
#include "zorglandschap/util.h"

static const zl_opt optimise_opts[] = {
    {"intervention", 'i', "C", "intervention code (any case)", NULL, 0},
    {"norm", 'n', "N", "the norm: a number, current or proposed (default current)", NULL, 0},
    {"keep", 'k', "ID,...", "locations that stay open", NULL, 0},
    {"exclude", 'x', "ID,...", "locations that close", NULL, 0},
    {"max-locations", 'K', "K", "at most K open locations", NULL, 0},
    {"min-per-region", 'r', "LAYER", "at least one open location per region of LAYER", NULL, 0},
    {"max-minutes", 't', "T", "no patient beyond T minutes", NULL, 0},
    {"capacity-factor", 'f', "F", "an open location takes at most F x its current volume", NULL, 0},
    {"objective", 'o', "OBJ", "what to minimise", "total|max|beyond45", 0},
    {"time-limit", 'l', "S", "seconds the exact solver may take", NULL, 0},
    {"year", 'y', "Y", "last year of the norm's window (default: latest with data)", NULL, 0},
    {"method", 'm', "M", "solver", "auto|exact|heuristic", 0},
    {"mip-neighbours", 'N', "K", "GLPK sees only each PC4's K nearest candidates", NULL, 0},
    {"no-warm-start", 'W', NULL, "GLPK finds its own first incumbent", NULL, 0},
    {"mip-cuts", 'C', NULL, "GLPK's MIR and cover cuts on", NULL, 0},
    {"norm-margin", 'M', "PCT", "every open location must reach norm x (1 + PCT/100)", NULL, 0},
    {"json", 'j', NULL, "JSON instead of tables", NULL, 0},
    {"csv", 'c', NULL, "the per-location table as CSV", NULL, 0},
    {0}};

const zl_cmd_spec optimise_spec = {
    "--intervention C [--norm N|current|proposed] [--keep ID,...]\n"
    " [--exclude ID,...] [--max-locations K] [--min-per-region LAYER]\n"
    " [--max-minutes T] [--capacity-factor F]\n"
    " [--objective total|max|beyond45] [--time-limit S] [--year Y]\n"
    " [--method auto|exact|heuristic] [--mip-neighbours K]\n"
    " [--no-warm-start] [--mip-cuts] [--norm-margin PCT] [--json | --csv]",
    "Chooses the current providers that keep the intervention and assigns every PC4's\n"
    "patients to one of them so that each open location meets the norm (within F x its\n"
    "current volume, one per region of LAYER, no patient beyond T minutes, at most K open,\n"
    "kept ones open), minimising total patient minutes, the maximum minutes or the patients\n"
    "beyond 45 minutes. Reports the answer, its lower bound and gap, which method produced\n"
    "it, every impact metric and the comparison with the plain norm rule. --mip-neighbours K\n"
    "gives GLPK only each PC4's K nearest candidates (faster; its optimum is then no proof\n"
    "for the full problem). GLPK starts from the heuristic's answer; --no-warm-start makes\n"
    "it find its own first incumbent (a reference run independent of the heuristic).\n"
    "--mip-cuts turns on GLPK's MIR and cover cuts (off by default, as in GLPK).\n"
    "--norm-margin PCT: every open location must reach norm x (1 + PCT/100), so that a few\n"
    "patients choosing elsewhere do not take it below the norm. The optimiser's assignment\n"
    "is the system optimum; the report also evaluates its open locations under the default\n"
    "allocation rule (choice when a model is fitted), as an impact analysis would.\n"
    "docs/optimise.md.\n",
    optimise_opts, NULL, 0};

typedef struct opt_args {
    const char *code, *norm, *keep, *exclude, *layer;
    int64_t year, max_locations, neighbours;
    double max_minutes, capacity_factor, time_limit, norm_margin;
    zl_opt_objective objective;
    zl_opt_method method;
    bool json, csv, no_warm_start, mip_cuts;
} opt_args;

static int parse_number(const char *opt, const char *arg, double *out)
{
    if (!zl_parse_f64(arg, out) || !(*out > 0))
        return cli_usage("%s: '%s' is not a positive number", opt, arg);
    return ZL_EXIT_OK;
}

static int parse_one(zl_cli *cli, int ch, opt_args *a)
{
    switch (ch) {
    case 'i':
        a->code = optarg;
        return ZL_EXIT_OK;
    case 'n':
        a->norm = optarg;
        return ZL_EXIT_OK;
    case 'k':
        a->keep = optarg;
        return ZL_EXIT_OK;
    case 'x':
        a->exclude = optarg;
        return ZL_EXIT_OK;
    case 'r':
        a->layer = optarg;
        return ZL_EXIT_OK;
    case 'j':
        a->json = true;
        return ZL_EXIT_OK;
    case 'c':
        a->csv = true;
        return ZL_EXIT_OK;
    case 'W':
        a->no_warm_start = true;
        return ZL_EXIT_OK;
    case 'C':
        a->mip_cuts = true;
        return ZL_EXIT_OK;
    case 't':
        return parse_number("--max-minutes", optarg, &a->max_minutes);
    case 'f':
        return parse_number("--capacity-factor", optarg, &a->capacity_factor);
    case 'l':
        return parse_number("--time-limit", optarg, &a->time_limit);
    case 'M':
        return parse_number("--norm-margin", optarg, &a->norm_margin);
    case 'K':
        if (!zl_parse_i64(optarg, &a->max_locations) || a->max_locations < 1 ||
            a->max_locations > 100000)
            return cli_usage("--max-locations: '%s' is not a positive count", optarg);
        return ZL_EXIT_OK;
    case 'N':
        if (!zl_parse_i64(optarg, &a->neighbours) || a->neighbours < 1 || a->neighbours > 100000)
            return cli_usage("--mip-neighbours: '%s' is not a positive count", optarg);
        return ZL_EXIT_OK;
    case 'y':
        if (!zl_parse_i64(optarg, &a->year) || a->year < 1900 || a->year > 2200)
            return cli_usage("--year: '%s' is not a year", optarg);
        return ZL_EXIT_OK;
    case 'o':
        if (!zl_opt_objective_parse(optarg, &a->objective))
            return cli_usage("--objective: '%s' is not total, max or beyond45", optarg);
        return ZL_EXIT_OK;
    case 'm':
        if (!zl_opt_method_parse(optarg, &a->method))
            return cli_usage("--method: '%s' is not auto, exact or heuristic", optarg);
        return ZL_EXIT_OK;
    default:
        return ZL_EXIT_USAGE;
    }
}

static int parse_args(zl_cli *cli, int argc, char **argv, opt_args *a)
{
    int ch, rc;
    optind = 0;
    while ((ch = cli_getopt(cli, argc, argv)) != -1)
        if ((rc = parse_one(cli, ch, a)) != ZL_EXIT_OK)
            return rc;
    if (optind < argc)
        return cli_usage("zl optimise: unexpected argument '%s'", argv[optind]);
    if (!a->code)
        return cli_usage("zl optimise: --intervention C is required");
    return ZL_EXIT_OK;
}

static int optimise(zl_cli *cli, const opt_args *a, zl_optimise_opts *o)
{
    zl_err err = {0};
    zl_case *c = NULL;
    zl_optimise_result *r = NULL;
    zl_alloc_inputs *in = NULL;
    char **keep = NULL, **exclude = NULL;
    int rc = ZL_EXIT_FAIL;
    if (zl_case_load(cli->store, a->code, (int)a->year, a->layer, &c, &err) != ZL_OK ||
        zl_alloc_inputs_load(cli->store, c, &in, &err) != ZL_OK ||
        zl_split_list(a->keep, &keep, &o->n_keep, &err) != ZL_OK ||
        zl_split_list(a->exclude, &exclude, &o->n_exclude, &err) != ZL_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    if ((rc = cli_norm(a->norm, c, &o->norm)) != ZL_EXIT_OK)
        goto done;
    o->keep = (const char *const *)keep;
    o->exclude = (const char *const *)exclude;
    o->inputs = in;
    if (zl_optimise_run(c, o, &r, &err) != ZL_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    if (a->csv) {
        rc = cli_print_csv(cli, zl_optimise_to_json(c, r), "locations");
    } else if (a->json) {
        rc = cli_print_json(cli, zl_optimise_to_json(c, r));
    } else {
        zl_optimise_print(c, r, cli->out);
        rc = ZL_EXIT_OK;
    }
done:
    zl_optimise_free(r);
    zl_alloc_inputs_free(in);
    zl_case_free(c);
    zl_strv_free(keep);
    zl_strv_free(exclude);
    return rc;
}

int cmd_optimise(zl_cli *cli, int argc, char **argv)
{
    opt_args a = {0};
    int rc = parse_args(cli, argc, argv, &a);
    if (rc != ZL_EXIT_OK)
        return rc;
    zl_optimise_opts o = {.norm = -1,
                          .max_locations = (int)a.max_locations,
                          .min_per_region = a.layer != NULL,
                          .max_minutes = a.max_minutes,
                          .capacity_factor = a.capacity_factor,
                          .objective = a.objective,
                          .method = a.method,
                          .time_limit = a.time_limit,
                          .mip_neighbours = (int)a.neighbours,
                          .no_warm_start = a.no_warm_start,
                          .mip_cuts = a.mip_cuts,
                          .progress = &cli->progress,
                          .norm_margin = a.norm_margin};
    if (!cli_store(cli))
        return ZL_EXIT_FAIL;
    return optimise(cli, &a, &o);
}
