/* zl acute reach | close: acute care within 45 minutes as RIVM computes it (docs/acute.md):
 * argument parsing and printing only; the analysis is in src/acute. */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "zorglandschap/acute.h"
#include "zorglandschap/util.h"

#define ACUTE_FUNCTIONS "seh_24h|acute_obstetrics|seh_day_evening|nicu"
#define ACUTE_MODEL_OPTS                                                                           \
    {"minutes", 'm', "M", "the norm in minutes (default 45)", NULL, 0},                            \
        {"car-minutes", 'C', "M", "the car measure's minutes (default 30)", NULL, 0},              \
        {"dispatch", 'D', "M", "dispatch minutes (default 3)", NULL, 0},                           \
        {"on-scene", 'S', "M", "minutes on scene (default 10)", NULL, 0},                          \
    {                                                                                              \
        "date", 'd', "D", "the landscape on date D (default: the latest)", NULL, 0                 \
    }

static const zl_opt reach_opts[] = {
    {"function", 'f', "F", "the acute function", ACUTE_FUNCTIONS, 0},
    ACUTE_MODEL_OPTS,
    {"close", 'c', "ID,...", "the whole analysis with these locations closed", NULL, 0},
    {"rows", 'r', "N", "rows per table (default 25)", NULL, 0},
    {"json", 'j', NULL, "JSON instead of tables", NULL, 0},
    {"csv", 'v', NULL, "the per-location table as CSV (with --areas: every PC4)", NULL, 0},
    {"areas", 'a', NULL, "with --json: every PC4 too; with --csv: the PC4 table", NULL, 0},
    {0}};
static const zl_opt close_opts[] = {
    {"function", 'f', "F", "the acute function", ACUTE_FUNCTIONS, 0},
    {"location", 'c', "ID,...", "the closing locations", NULL, 0},
    ACUTE_MODEL_OPTS,
    {"json", 'j', NULL, "JSON instead of tables", NULL, 0},
    {"csv", 'v', NULL, "the receiving locations as CSV", NULL, 0},
    {0}};
static const zl_opt calibrate_opts[] = {
    {"function", 'f', "F", "the acute function", ACUTE_FUNCTIONS, 0},
    {"profile", 'p', "P", "the speed profile to calibrate", "ambulance|car", 0},
    {"target", 't', "N", "inhabitants beyond the norm (ambulance) or the car minutes", NULL, 0},
    ACUTE_MODEL_OPTS,
    {0}};
static const zl_command acute_subs[] = {
    {"reach", NULL, "inhabitants beyond the norm, per region, and the sensitive locations",
     &(const zl_cmd_spec){"--function F [--date D] [--minutes 45] [--close ID,...]\n"
                          " [--car-minutes 30] [--dispatch 3] [--on-scene 10] [--rows N]\n"
                          " [--json [--areas] | --csv [--areas]]",
                          NULL, reach_opts, NULL, 0}},
    {"close", NULL, "where the births of closing locations go and how far women travel",
     &(const zl_cmd_spec){"--function acute_obstetrics --location ID[,ID] [--date D]\n"
                          " [--json | --csv]",
                          NULL, close_opts, NULL, 0}},
    {"calibrate", NULL, "the profile's speed level that reproduces a published count",
     &(const zl_cmd_spec){"--function F --profile ambulance|car --target N [--date D]", NULL,
                          calibrate_opts, NULL, 0}},
    {0}};

const zl_cmd_spec acute_spec = {
    NULL,
    "reach: for every PC4 the ambulance's drive from the nearest post staffed around the clock,\n"
    "dispatch and on-scene minutes, and the drive to the nearest location with the function on\n"
    "date D (default: the latest); inhabitants beyond the norm per municipality and province,\n"
    "the car measure (beyond 30 minutes' driving), and the sensitive locations (inhabitants\n"
    "beyond the norm if that location closed). --close: the whole analysis with those\n"
    "locations closed. --areas adds every PC4 to the JSON.\n"
    "close: where the births of the closing locations go and how far the women travel.\n"
    "calibrate: the profile's speed level at which N inhabitants are beyond the norm\n"
    "(ambulance) or beyond the car minutes (car). Method: docs/acute.md.\n",
    NULL, acute_subs, 0};

typedef struct acute_args {
    const char *function, *date, *ids, *profile;
    int64_t target;
    zl_acute_model m;
    bool json, csv, areas;
    long rows;
} acute_args;

static int parse(zl_cli *cli, int argc, char **argv, acute_args *a)
{
    int ch;
    optind = 0;
    while ((ch = cli_getopt(cli, argc, argv)) != -1) {
        double *num = ch == 'm'   ? &a->m.minutes
                      : ch == 'C' ? &a->m.car_minutes
                      : ch == 'D' ? &a->m.dispatch_min
                      : ch == 'S' ? &a->m.on_scene_min
                                  : NULL;
        int64_t rows;
        if (num && !zl_parse_f64(optarg, num))
            return cli_usage("expected a number of minutes, found '%s'", optarg);
        if (ch == 'f')
            a->function = optarg;
        else if (ch == 'd')
            a->date = optarg;
        else if (ch == 'c')
            a->ids = optarg;
        else if (ch == 'j')
            a->json = true;
        else if (ch == 'v')
            a->csv = true;
        else if (ch == 'a')
            a->areas = true;
        else if (ch == 'p')
            a->profile = optarg;
        else if (ch == 't' && (!zl_parse_i64(optarg, &a->target) || a->target < 0))
            return cli_usage("--target: expected a count, found '%s'", optarg);
        else if (ch == 'r' && (!zl_parse_i64(optarg, &rows) || rows < 0))
            return cli_usage("--rows: expected a count, found '%s'", optarg);
        else if (ch == 'r')
            a->rows = (long)rows;
        else if (ch == '?')
            return ZL_EXIT_USAGE;
    }
    if (optind != argc)
        return cli_usage("zl acute: unexpected argument '%s'", argv[optind]);
    if (!a->function)
        return cli_usage("zl acute: --function F is required (" ACUTE_FUNCTIONS ")");
    return -1;
}

static int reach(zl_cli *cli, zl_acute_case *c, const acute_args *a, char **ids, size_t n)
{
    zl_err err = {0};
    zl_acute_result r;
    if (zl_acute_reach(c, &a->m, (const char *const *)ids, n, &r, &err) != ZL_OK)
        return cli_fail(&err);
    int rc = ZL_EXIT_OK;
    if (a->csv)
        rc = cli_print_csv(cli, zl_acute_json(&r, a->areas), a->areas ? "areas" : "locations");
    else if (a->json)
        rc = cli_print_json(cli, zl_acute_json(&r, a->areas));
    else if (zl_acute_print(&r, (size_t)a->rows, cli->out, &err) != ZL_OK)
        rc = cli_fail(&err);
    zl_acute_result_free(&r);
    return rc;
}

static int close_births(zl_cli *cli, zl_acute_case *c, const acute_args *a, char **ids, size_t n)
{
    zl_err err = {0};
    zl_acute_close_result r;
    if (zl_acute_close(cli->store, c, &a->m, (const char *const *)ids, n, &r, &err) != ZL_OK)
        return cli_fail(&err);
    int rc = ZL_EXIT_OK;
    if (a->csv)
        rc = cli_print_csv(cli, zl_acute_close_json(&r), "receivers");
    else if (a->json)
        rc = cli_print_json(cli, zl_acute_close_json(&r));
    else if (zl_acute_close_print(&r, cli->out, &err) != ZL_OK)
        rc = cli_fail(&err);
    zl_acute_close_result_free(&r);
    return rc;
}

static int calibrate(zl_cli *cli, const acute_args *a)
{
    zl_err err = {0};
    zl_profile_kind k;
    if (!a->profile || zl_profile_parse(a->profile, &k, &err) != ZL_OK)
        return cli_usage("zl acute calibrate: --profile car|ambulance and --target N");
    zl_store *s = cli_store(cli);
    double level;
    int64_t beyond;
    if (!s)
        return ZL_EXIT_FAIL;
    if (zl_acute_calibrate(s, a->function, a->date, k, &a->m, a->target, &level, &beyond, &err) !=
        ZL_OK)
        return cli_fail(&err);
    fprintf(cli->out, "%s speed level %.4f (shipped %.4f): %lld inhabitants beyond (target %lld)\n",
            zl_profile_name(k), level, zl_profile_speed_level(k), (long long)beyond,
            (long long)a->target);
    return ZL_EXIT_OK;
}

int cmd_acute(zl_cli *cli, int argc, char **argv)
{
    /* main matched the subcommand (reach, close or calibrate) against acute_spec. */
    bool is_close = strcmp(argv[1], "close") == 0, is_cal = strcmp(argv[1], "calibrate") == 0;
    acute_args a = {.m = zl_acute_model_defaults(), .rows = 25, .target = -1};
    int rc = parse(cli, argc - 1, argv + 1, &a);
    if (rc >= 0)
        return rc;
    if (is_cal)
        return calibrate(cli, &a);
    if (is_close && !a.ids)
        return cli_usage("zl acute close: give --location ID[,ID]");
    zl_err err = {0};
    char **ids = NULL;
    size_t n = 0;
    if (a.ids && zl_split_list(a.ids, &ids, &n, &err) != ZL_OK)
        return cli_usage("%s", err.msg);
    zl_store *s = cli_store(cli);
    zl_acute_case *c = NULL;
    if (!s)
        rc = ZL_EXIT_FAIL;
    else if (zl_acute_load(s, a.function, a.date, NULL, &c, &err) != ZL_OK)
        rc = cli_fail(&err);
    else
        rc = is_close ? close_births(cli, c, &a, ids, n) : reach(cli, c, &a, ids, n);
    zl_acute_case_free(c);
    zl_strv_free(ids);
    return rc;
}
