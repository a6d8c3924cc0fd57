/* zl acute reach | close: acute care within 45 minutes as RIVM computes it (docs/acute.md):
 * argument parsing and printing only; the analysis is in src/acute. */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "zorglandschap/acute.h"
#include "zorglandschap/util.h"

static const char acute_help[] =
    "usage: zl acute reach --function seh_24h|acute_obstetrics|seh_day_evening|nicu\n"
    "                      [--date D] [--minutes 45] [--close ID,...] [--car-minutes 30]\n"
    "                      [--dispatch 3] [--on-scene 10] [--rows N] [--json] [--areas]\n"
    "       zl acute close --function acute_obstetrics --location ID[,ID] [--date D] [--json]\n"
    "       zl acute calibrate --function F --profile ambulance|car --target N [--date D]\n"
    "reach: for every PC4 the ambulance's drive from the nearest post staffed around the clock,\n"
    "dispatch and on-scene minutes, and the drive to the nearest location with the function on\n"
    "date D (default: the latest); inhabitants beyond the norm per municipality and province,\n"
    "the car measure (beyond 30 minutes' driving), and the sensitive locations (inhabitants\n"
    "beyond the norm if that location closed). --close: the whole analysis with those\n"
    "locations closed. --areas adds every PC4 to the JSON.\n"
    "close: where the births of the closing locations go and how far the women travel.\n"
    "calibrate: the profile's speed level at which N inhabitants are beyond the norm\n"
    "(ambulance) or beyond the car minutes (car); docs/travel.md.\n";

typedef struct acute_args {
    const char *function, *date, *ids, *profile;
    int64_t target;
    zl_acute_model m;
    bool json, areas;
    long rows;
} acute_args;

static int parse(int argc, char **argv, acute_args *a)
{
    static const struct option opts[] = {{"function", required_argument, 0, 'f'},
                                         {"date", required_argument, 0, 'd'},
                                         {"minutes", required_argument, 0, 'm'},
                                         {"close", required_argument, 0, 'c'},
                                         {"location", required_argument, 0, 'c'},
                                         {"car-minutes", required_argument, 0, 'C'},
                                         {"dispatch", required_argument, 0, 'D'},
                                         {"on-scene", required_argument, 0, 'S'},
                                         {"rows", required_argument, 0, 'r'},
                                         {"json", no_argument, 0, 'j'},
                                         {"areas", no_argument, 0, 'a'},
                                         {"help", no_argument, 0, 'h'},
                                         {"profile", required_argument, 0, 'p'},
                                         {"target", required_argument, 0, 't'},
                                         {0, 0, 0, 0}};
    int ch, idx;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "", opts, &idx)) != -1) {
        double *num = ch == 'm'   ? &a->m.minutes
                      : ch == 'C' ? &a->m.car_minutes
                      : ch == 'D' ? &a->m.dispatch_min
                      : ch == 'S' ? &a->m.on_scene_min
                                  : NULL;
        int64_t rows;
        if (num && !zl_parse_f64(optarg, num))
            return cli_usage("--%s: expected a number, found '%s'", opts[idx].name, optarg);
        if (ch == 'f')
            a->function = optarg;
        else if (ch == 'd')
            a->date = optarg;
        else if (ch == 'c')
            a->ids = optarg;
        else if (ch == 'j')
            a->json = true;
        else if (ch == 'a')
            a->areas = true;
        else if (ch == 'p')
            a->profile = optarg;
        else if (ch == 't' && (!zl_parse_i64(optarg, &a->target) || a->target < 0))
            return cli_usage("--target: expected a count, found '%s'", optarg);
        else if (ch == 't')
            continue;
        else if (ch == 'r' && (!zl_parse_i64(optarg, &rows) || rows < 0))
            return cli_usage("--rows: expected a count, found '%s'", optarg);
        else if (ch == 'r')
            a->rows = (long)rows;
        else if (ch == 'h') {
            fputs(acute_help, stdout);
            return ZL_EXIT_OK;
        } else if (!num)
            return cli_usage("%s", acute_help);
    }
    if (!a->function || optind != argc)
        return cli_usage("%s", acute_help);
    return -1;
}

static int reach(zl_cli *cli, zl_acute_case *c, const acute_args *a, char **ids, size_t n)
{
    zl_err err = {0};
    zl_acute_result r;
    if (zl_acute_reach(c, &a->m, (const char *const *)ids, n, &r, &err) != ZL_OK)
        return cli_fail(&err);
    int rc = ZL_EXIT_OK;
    if (a->json)
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
    if (a->json)
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
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(acute_help, argc < 2 ? stderr : stdout);
        return argc < 2 ? ZL_EXIT_USAGE : ZL_EXIT_OK;
    }
    bool is_close = strcmp(argv[1], "close") == 0, is_cal = strcmp(argv[1], "calibrate") == 0;
    if (!is_close && !is_cal && strcmp(argv[1], "reach") != 0)
        return cli_usage("%s", acute_help);
    acute_args a = {.m = zl_acute_model_defaults(), .rows = 25, .target = -1};
    int rc = parse(argc - 1, argv + 1, &a);
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
