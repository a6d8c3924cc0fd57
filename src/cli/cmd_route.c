/* zl route table: the batch travel table between two point files (like OSRM's table
 * service), driving time only, with the car or ambulance profile and the ferry links. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_osm.h"
#include "zorglandschap/roads.h"
#include "zorglandschap/route.h"
#include "zorglandschap/util.h"

#ifndef ZL_SOURCE_DIR
#define ZL_SOURCE_DIR "."
#endif

static const zl_opt table_opts[] = {
    {"from", 'f', "FILE", "CSV of points id,lat,lon (WGS84) to start from", NULL, 0},
    {"to", 't', "FILE", "CSV of points id,lat,lon to go to", NULL, 0},
    {"profile", 'p', "PROFILE", "road model", "car|ambulance", 0},
    {"csv", 'c', NULL, "CSV output (from_id,to_id,minutes,km)", NULL, 0},
    {"ferries", 'F', "FILE", "ferry links (default data/nl/ferries.csv; none: no ferries)", NULL,
     0},
    {"night", 'n', NULL, "leave out links that do not sail at night", NULL, 0},
    {"precision", 'P', "D", "decimals of the minutes (default 2; km get one more)", NULL, 0},
    {"osm", 'o', "FILE.osm.pbf", "route on the road network of an OpenStreetMap extract", NULL, 0},
    {"max-snap-m", 'm', "M", "with --osm: points farther from a road get empty fields", NULL, 0},
    {"access-kmh", 'a', "V", "with --osm: count the leg to the road at this speed", NULL, 0},
    {0}};
static const zl_command route_subs[] = {
    {"table", NULL, "minutes and km from every point to every point",
     &(const zl_cmd_spec){
         "--from FILE --to FILE [--profile car|ambulance] [--csv]\n"
         " [--ferries FILE|none] [--night]\n"
         "--from FILE --to FILE --osm FILE.osm.pbf [--profile car|ambulance] [--csv]\n"
         " [--max-snap-m M] [--access-kmh V]",
         "Minutes and km from every point of --from to every point of --to. FILE is a CSV with\n"
         "the columns id,lat,lon (WGS84). Output rows from_id,to_id,minutes,km: driving time\n"
         "only (no access minutes), crow-fly road model of the profile (docs/travel.md), with\n"
         "the ferry links of --ferries (default: data/nl/ferries.csv of the repository,\n"
         "$ZL_DATA); --night leaves out links that do not sail at night (those pairs get empty\n"
         "fields). With --osm: on the road network of an OpenStreetMap extract instead\n"
         "(docs/routing.md): each point snaps to the nearest road; points farther than\n"
         "--max-snap-m (default 5000) get empty fields and are listed on stderr; the leg\n"
         "from a point to the road is not counted unless --access-kmh is given. The processed\n"
         "graph is cached next to the database.\n",
         table_opts, NULL, ZL_CMD_NO_DB}},
    {0}};
const zl_cmd_spec route_spec = {NULL, "The batch travel table (like OSRM's table service).\n", NULL,
                                route_subs, ZL_CMD_NO_DB};

typedef struct route_args {
    const char *from, *to, *ferries, *osm;
    zl_profile_kind profile;
    bool csv, night, quiet;
    double max_snap_m, access_kmh;
    int digits;
} route_args;

/* Returns -1 when the arguments are good, else the exit code. */
static int parse(zl_cli *cli, int argc, char **argv, route_args *a)
{
    zl_err err = {0};
    int64_t digits;
    int ch;
    optind = 1;
    while ((ch = cli_getopt(cli, argc, argv)) != -1) {
        if (ch == 'f')
            a->from = optarg;
        else if (ch == 't')
            a->to = optarg;
        else if (ch == 'p' && zl_profile_parse(optarg, &a->profile, &err) != ZL_OK)
            return cli_usage("--profile: %s", err.msg);
        else if (ch == 'c')
            a->csv = true;
        else if (ch == 'F')
            a->ferries = optarg;
        else if (ch == 'n')
            a->night = true;
        else if (ch == 'o')
            a->osm = optarg;
        else if (ch == 'q')
            a->quiet = true;
        else if (ch == 'm' && (!zl_parse_f64(optarg, &a->max_snap_m) || a->max_snap_m <= 0))
            return cli_usage("--max-snap-m: expected metres > 0, found '%s'", optarg);
        else if (ch == 'a' && (!zl_parse_f64(optarg, &a->access_kmh) || a->access_kmh < 0))
            return cli_usage("--access-kmh: expected km/h >= 0, found '%s'", optarg);
        else if (ch == 'P' && (!zl_parse_i64(optarg, &digits) || digits < 0 || digits > 9))
            return cli_usage("--precision: expected 0-9, found '%s'", optarg);
        else if (ch == 'P')
            a->digits = (int)digits;
        else if (ch != 'p' && ch != 'm' && ch != 'a' && ch != 'P')
            return ZL_EXIT_USAGE;
    }
    if (!a->from || !a->to)
        return cli_usage("zl route table: --from FILE and --to FILE are required");
    if (optind != argc)
        return cli_usage("zl route table: unexpected argument '%s'", argv[optind]);
    return -1;
}

/* Names the points that snap to no road (their pairs get empty fields). */
static void warn_far(const zl_road_graph *g, const zl_route_point *p, size_t n, double max_m,
                     const char *file)
{
    for (size_t i = 0; i < n; i++)
        if (!zl_road_snap_point(g, p[i].pt, max_m).ok)
            fprintf(stderr,
                    "zl: warning: %s: point '%s' (%.5f,%.5f) is farther than %.0f m from"
                    " any road: no route\n",
                    file, p[i].id, p[i].pt.lat, p[i].pt.lon, max_m);
}

/* The table on the road network of an extract (cmd_travel_osm.c has the shared parts). */
static int table_osm(zl_cli *cli, const route_args *a)
{
    zl_err err = {0};
    zl_route_point *from = NULL, *to = NULL;
    size_t nf = 0, nt = 0;
    cli_osm_args oa = {.osm = a->osm, .quiet = a->quiet, .opts = zl_road_opts_default()};
    oa.profile = a->profile == ZL_PROFILE_AMBULANCE ? ZL_ROAD_AMBULANCE : ZL_ROAD_CAR;
    oa.opts.access_kmh = a->access_kmh;
    if (a->max_snap_m > 0)
        oa.opts.max_snap_m = a->max_snap_m;
    zl_status st = zl_route_points_read(a->from, &from, &nf, &err);
    if (st == ZL_OK)
        st = zl_route_points_read(a->to, &to, &nt, &err);
    if (st != ZL_OK) {
        zl_route_points_free(from, nf);
        return cli_fail(&err);
    }
    zl_road_graph *g = cli_osm_graph(cli, &oa, &cli->progress);
    if (g) {
        warn_far(g, from, nf, oa.opts.max_snap_m, a->from);
        warn_far(g, to, nt, oa.opts.max_snap_m, a->to);
        zl_road_provider rp;
        zl_travel_provider prov;
        zl_road_provider_init(&rp, g, &oa.opts, &cli->progress, &prov);
        rp.far_ok = true;
        st = zl_route_table(&prov, from, nf, to, nt, a->csv, cli->out, &err);
    }
    zl_road_graph_free(g);
    zl_route_points_free(from, nf);
    zl_route_points_free(to, nt);
    if (!g)
        return ZL_EXIT_FAIL;
    return st == ZL_OK ? ZL_EXIT_OK : cli_fail(&err);
}

static int table(zl_cli *cli, const route_args *a)
{
    if (a->osm)
        return table_osm(cli, a);
    zl_err err = {0};
    zl_ferry_set ferries = {0};
    zl_route_point *from = NULL, *to = NULL;
    size_t nf = 0, nt = 0;
    zl_router router;
    zl_travel_provider prov;
    zl_crowfly_params p = zl_profile_params(a->profile);
    p.access_min = 0; /* the table reports driving time only */
    zl_status st = ZL_OK;
    if (strcmp(a->ferries, "none") != 0)
        st = zl_ferry_set_read_csv(&ferries, a->ferries, &err);
    if (st == ZL_OK)
        st = zl_route_points_read(a->from, &from, &nf, &err);
    if (st == ZL_OK)
        st = zl_route_points_read(a->to, &to, &nt, &err);
    if (st == ZL_OK)
        st = zl_router_provider(&router, &p, &ferries, a->night, &prov, &err);
    if (st == ZL_OK)
        st = zl_route_table_digits(&prov, from, nf, to, nt, a->csv, a->digits, cli->out, &err);
    zl_route_points_free(from, nf);
    zl_route_points_free(to, nt);
    zl_ferry_set_free(&ferries);
    return st == ZL_OK ? ZL_EXIT_OK : cli_fail(&err);
}

int cmd_route(zl_cli *cli, int argc, char **argv)
{
    /* main matched the subcommand (table, the only one) against route_spec. */
    char ferries_default[4096];
    const char *data = getenv("ZL_DATA") ? getenv("ZL_DATA") : ZL_SOURCE_DIR "/data";
    snprintf(ferries_default, sizeof ferries_default, "%s/nl/ferries.csv", data);
    route_args a = {.ferries = ferries_default, .profile = ZL_PROFILE_CAR, .digits = 2};
    a.quiet = cli->quiet; /* --quiet is a global option, taken by main */
    int rc = parse(cli, argc - 1, argv + 1, &a);
    return rc >= 0 ? rc : table(cli, &a);
}
