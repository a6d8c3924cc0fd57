/* zl travel build | export | estimate: the cached travel-time matrix (docs/travel.md). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_osm.h"
#include "zorglandschap/route.h"
#include "zorglandschap/store_acute.h"
#include "zorglandschap/travel.h"
#include "zorglandschap/util.h"

#ifndef ZL_SOURCE_DIR
#define ZL_SOURCE_DIR "."
#endif

#define MODEL_OPTS                                                                                 \
    {"detour", 'd', "F", "road km per great-circle km", NULL, 0},                                  \
        {"access", 'a', "MIN", "minutes added to every trip", NULL, 0},                            \
        {"urban-km", 'u', "KM", "first KM of a trip at the urban speed", NULL, 0},                 \
        {"urban-kmh", 'U', "V", "urban speed", NULL, 0},                                           \
        {"regional-km", 'r', "KM", "next KM at the regional speed", NULL, 0},                      \
        {"regional-kmh", 'R', "V", "regional speed", NULL, 0},                                     \
    {                                                                                              \
        "motorway-kmh", 'M', "V", "speed for the rest", NULL, 0                                    \
    }

static const zl_opt build_opts[] = {
    {"force", 'f', NULL, "recompute even when nothing changed", NULL, 0},
    MODEL_OPTS,
    {"osm", 'o', "FILE.osm.pbf", "route on an OpenStreetMap extract (docs/routing.md)", NULL, 0},
    {"profile", 'p', "PROFILE", "with --osm: the road profile", "car|ambulance", 0},
    {"max-snap-m", 'm', "M", "with --osm: farthest snap of a point to a road", NULL, 0},
    {"access-kmh", 'A', "V", "with --osm: count the leg to the road at this speed", NULL, 0},
    {0}};
static const zl_opt model_opts[] = {MODEL_OPTS, {0}};
static const zl_opt export_opts[] = {
    {"csv", 'c', NULL, "CSV (the only format)", NULL, 0},
    {"out", 'o', "FILE", "write to FILE instead of stdout", NULL, 0},
    {0}};
static const zl_opt compare_opts[] = {
    {"reach", 'r', "FILE", "road-network reach per PC4", NULL, 0},
    {"hospitals", 'H', "FILE", "the hospitals of the reach file", NULL, 0},
    {"ferries", 'F', "FILE", "ferry links (none: no ferries)", NULL, 0},
    {0}};
static const zl_command travel_subs[] = {
    {"build", NULL, "compute the travel-time matrix (cached)",
     &(const zl_cmd_spec){"[--force] [--detour F] [--access MIN] [--urban-km KM]\n"
                          " [--urban-kmh V] [--regional-km KM] [--regional-kmh V]\n"
                          " [--motorway-kmh V]\n"
                          "--osm FILE.osm.pbf [--profile car|ambulance] (docs/routing.md)",
                          "Recomputes only when the areas, locations or parameters changed (or\n"
                          "with --force).\n"
                          "--osm: car (or ambulance) minutes and road km from every PC4 point\n"
                          "to every location on the road network of an OpenStreetMap extract\n"
                          "(.osm.pbf or .osm), stored with method osm:<extract sha-256, 16\n"
                          "digits>:<profile>. Every point snaps to the nearest road; a point\n"
                          "farther than --max-snap-m (default 5000) fails the build. The\n"
                          "processed graph is cached as DB.roads-<hash>-<profile>.graph.\n",
                          build_opts, NULL, 0}},
    {"export", NULL, "write the matrix as CSV",
     &(const zl_cmd_spec){"--csv [--out FILE]", NULL, export_opts, NULL, 0}},
    {"estimate", NULL, "minutes and km between two points",
     &(const zl_cmd_spec){"LAT,LON LAT,LON [model options]", NULL, model_opts, NULL, ZL_CMD_NO_DB}},
    {"compare", NULL, "the model against road-network reach (25/30-minute bands)",
     &(const zl_cmd_spec){"[--reach FILE] [--hospitals FILE] [--ferries FILE|none]",
                          "Default data/nl/acute_2019/ors_reach.csv and hospitals.csv: confusion\n"
                          "matrices of the 25/30-minute bands before and after fitting one speed\n"
                          "factor.\n",
                          compare_opts, NULL, ZL_CMD_NO_DB}},
    {0}};
const zl_cmd_spec travel_spec = {
    NULL,
    "Car minutes and road km from every PC4 point to every location, estimated from the\n"
    "great-circle distance (crow-fly model, docs/travel.md).\n",
    NULL, travel_subs, 0};

/* Parses the model options shared by build and estimate; returns -1 on success. */
static int parse_model(zl_cli *cli, int argc, char **argv, zl_crowfly_params *p, bool *force)
{
    int ch;
    optind = 1;
    while ((ch = cli_getopt(cli, argc, argv)) != -1) {
        double *target = ch == 'd'   ? &p->detour
                         : ch == 'a' ? &p->access_min
                         : ch == 'u' ? &p->urban_km
                         : ch == 'U' ? &p->urban_kmh
                         : ch == 'r' ? &p->regional_km
                         : ch == 'R' ? &p->regional_kmh
                         : ch == 'M' ? &p->motorway_kmh
                                     : NULL;
        if (ch == 'f' && force) {
            *force = true;
        } else if (!target) {
            return ZL_EXIT_USAGE;
        } else if (!zl_parse_f64(optarg, target)) {
            return cli_usage("%s: expected a number, found '%s'", argv[optind - 2], optarg);
        }
    }
    return -1;
}

static int travel_build(zl_cli *cli, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) /* the road network: its own options (cmd_travel_osm.c) */
        if (strcmp(argv[i], "--osm") == 0 || strncmp(argv[i], "--osm=", 6) == 0)
            return cli_travel_build_osm(cli, argc, argv);
    zl_crowfly_params p = zl_crowfly_defaults();
    bool force = false;
    int rc = parse_model(cli, argc, argv, &p, &force);
    if (rc >= 0)
        return rc;
    if (optind != argc)
        return cli_usage("zl travel build: unexpected argument '%s'", argv[optind]);
    zl_err err = {0};
    if (zl_crowfly_check(&p, &err) != ZL_OK)
        return cli_usage("%s", err.msg);
    zl_store *s = cli_store(cli);
    if (!s)
        return ZL_EXIT_FAIL;
    /* Every profile routes island points through their ferry (the store's links). */
    zl_ferry_set ferries = {0};
    zl_router router;
    zl_travel_provider prov;
    zl_travel_build_result r;
    zl_status st = zl_store_ferries(s, &ferries, &err);
    if (st == ZL_OK)
        st = zl_router_provider(&router, &p, &ferries, false, &prov, &err);
    if (st == ZL_OK)
        st = zl_travel_build(s, &prov, force, &r, &err);
    if (st == ZL_OK)
        fprintf(cli->out,
                "travel times %s: %zu areas x %zu locations = %lld rows\nmethod %s: %s%s\n",
                r.rebuilt ? "built" : "up to date", r.n_areas, r.n_locations, (long long)r.rows,
                r.method, router.cf.description,
                ferries.n ? "; island points through their ferry link" : "");
    zl_ferry_set_free(&ferries);
    return st == ZL_OK ? ZL_EXIT_OK : cli_fail(&err);
}

static int travel_export(zl_cli *cli, int argc, char **argv)
{
    const char *out = NULL;
    bool csv = false;
    int ch;
    optind = 1;
    while ((ch = cli_getopt(cli, argc, argv)) != -1) {
        if (ch == 'c')
            csv = true;
        else if (ch == 'o')
            out = optarg;
        else
            return ZL_EXIT_USAGE;
    }
    if (!csv || optind != argc)
        return cli_usage("zl travel export: give --csv (the only format) and no arguments");
    zl_store *s = cli_store(cli);
    if (!s)
        return ZL_EXIT_FAIL;
    FILE *f = out ? fopen(out, "w") : cli->out;
    zl_err err = {0};
    if (!f) {
        zl_fail(&err, ZL_EIO, "%s: cannot write", out);
        return cli_fail(&err);
    }
    zl_status st = zl_travel_export_csv(s, f, &err);
    if (out && fclose(f) != 0 && st == ZL_OK)
        st = zl_fail(&err, ZL_EIO, "%s: write failed", out);
    return st == ZL_OK ? ZL_EXIT_OK : cli_fail(&err);
}

static bool parse_point(const char *s, zl_geo_point *p)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s", s);
    char *comma = strchr(buf, ',');
    if (!comma)
        return false;
    *comma = '\0';
    return zl_parse_f64(buf, &p->lat) && zl_parse_f64(comma + 1, &p->lon) && p->lat >= -90 &&
           p->lat <= 90 && p->lon >= -180 && p->lon <= 180;
}

static int travel_estimate(zl_cli *cli, int argc, char **argv)
{
    zl_crowfly_params p = zl_crowfly_defaults();
    int rc = parse_model(cli, argc, argv, &p, NULL);
    if (rc >= 0)
        return rc;
    zl_geo_point a, b;
    if (argc - optind != 2 || !parse_point(argv[optind], &a) || !parse_point(argv[optind + 1], &b))
        return cli_usage("usage: zl travel estimate LAT,LON LAT,LON [model options]");
    zl_err err = {0};
    if (zl_crowfly_check(&p, &err) != ZL_OK)
        return cli_usage("%s", err.msg);
    double gc = zl_haversine_km(a, b), minutes, km;
    zl_crowfly_estimate(&p, gc, &minutes, &km);
    fprintf(cli->out,
            "great-circle %.1f km, road %.1f km, %.1f minutes (driving %.1f + access %.1f)\n", gc,
            km, minutes, minutes - p.access_min, p.access_min);
    return ZL_EXIT_OK;
}

/* One comparison: the reach data under a provider, printed at factor 1 and, with fit,
 * at the fitted factor. */
static zl_status compare_one(zl_cli *cli, const char *reach, const char *hosp,
                             const zl_crowfly_params *p, const zl_ferry_set *f, const char *title,
                             bool fit, zl_err *err)
{
    zl_router r;
    zl_travel_provider prov;
    zl_reach_data *d = NULL;
    zl_reach_compare cmp;
    zl_status st = zl_router_provider(&r, p, f, false, &prov, err);
    if (st == ZL_OK)
        st = zl_reach_data_load(reach, hosp, &prov, &d, err);
    if (st == ZL_OK) {
        zl_reach_compare_at(d, 1.0, &cmp);
        st = zl_reach_compare_print(&cmp, title, cli->out, err);
    }
    if (st == ZL_OK && fit) {
        zl_reach_fit(d, 0.8, 2.0, &cmp);
        st = zl_reach_compare_print(&cmp, "  after fitting one speed factor to the road network",
                                    cli->out, err);
    }
    zl_reach_data_free(d);
    return st;
}

static int travel_compare(zl_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"reach", required_argument, 0, 'r'},
                                         {"hospitals", required_argument, 0, 'H'},
                                         {"ferries", required_argument, 0, 'F'},
                                         {0, 0, 0, 0}};
    char reach[4096], hosp[4096], fer[4096];
    const char *data = getenv("ZL_DATA") ? getenv("ZL_DATA") : ZL_SOURCE_DIR "/data";
    snprintf(reach, sizeof reach, "%s/nl/acute_2019/ors_reach.csv", data);
    snprintf(hosp, sizeof hosp, "%s/nl/acute_2019/hospitals.csv", data);
    snprintf(fer, sizeof fer, "%s/nl/ferries.csv", data);
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        char *dst = ch == 'r' ? reach : ch == 'H' ? hosp : ch == 'F' ? fer : NULL;
        if (!dst)
            return ZL_EXIT_USAGE;
        snprintf(dst, 4096, "%s", optarg);
    }
    if (optind != argc)
        return cli_usage("zl travel compare: unexpected argument '%s'", argv[optind]);
    zl_err err = {0};
    zl_ferry_set f = {0};
    zl_status st = strcmp(fer, "none") == 0 ? ZL_OK : zl_ferry_set_read_csv(&f, fer, &err);
    zl_crowfly_params today = zl_crowfly_defaults(), car = zl_profile_params(ZL_PROFILE_CAR);
    car.access_min = 0;
    if (st == ZL_OK)
        st = compare_one(cli, reach, hosp, &today, &f,
                         "today's travel matrix (crow-fly defaults, driving + 5 access minutes)",
                         false, &err);
    if (st == ZL_OK)
        st = compare_one(cli, reach, hosp, &car, &f,
                         "car profile, driving only (speed level calibrated to RIVM)", true, &err);
    zl_ferry_set_free(&f);
    return st == ZL_OK ? ZL_EXIT_OK : cli_fail(&err);
}

int cmd_travel(zl_cli *cli, int argc, char **argv)
{
    /* main matched the subcommand against travel_spec. */
    if (strcmp(argv[1], "build") == 0)
        return travel_build(cli, argc - 1, argv + 1);
    if (strcmp(argv[1], "export") == 0)
        return travel_export(cli, argc - 1, argv + 1);
    if (strcmp(argv[1], "compare") == 0)
        return travel_compare(cli, argc - 1, argv + 1);
    return travel_estimate(cli, argc - 1, argv + 1);
}
