/* zl travel build --osm FILE: the travel matrix on the road network of an OpenStreetMap
 * extract (docs/routing.md). The processed graph is cached next to the database (for a
 * PostgreSQL database in a cache directory), keyed by the extract's SHA-256 and the
 * profile, so a second build skips reading the extract. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_osm.h"
#include "zorglandschap/roads.h"
#include "zorglandschap/store.h"
#include "zorglandschap/travel.h"
#include "zorglandschap/util.h"

static const char osm_help[] =
    "usage: zl travel build --osm FILE.osm.pbf [--profile car|ambulance] [--force]\n"
    "                       [--max-snap-m M] [--quiet]\n"
    "Car (or ambulance) minutes and road km from every PC4 point to every location on the\n"
    "road network of an OpenStreetMap extract (.osm.pbf or .osm), stored with method\n"
    "osm:<extract sha-256, 16 digits>:<profile>. Every point snaps to the nearest road; a\n"
    "point farther than --max-snap-m (default 5000) fails the build. The processed graph is\n"
    "cached as DB.roads-<hash>-<profile>.graph (for a postgresql:// database in\n"
    "$ZL_CACHE_DIR, else $XDG_CACHE_HOME/zorglandschap, else ~/.cache/zorglandschap).\n"
    "docs/routing.md.\n";

int cli_osm_opts(int argc, char **argv, cli_osm_args *a)
{
    static const struct option opts[] = {{"osm", required_argument, 0, 'o'},
                                         {"profile", required_argument, 0, 'p'},
                                         {"max-snap-m", required_argument, 0, 'm'},
                                         {"access-kmh", required_argument, 0, 'a'},
                                         {"force", no_argument, 0, 'f'},
                                         {"quiet", no_argument, 0, 'q'},
                                         {"from", required_argument, 0, 'F'},
                                         {"to", required_argument, 0, 'T'},
                                         {"csv", no_argument, 0, 'c'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    a->opts = zl_road_opts_default();
    a->profile = ZL_ROAD_CAR;
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (ch) {
        case 'o':
            a->osm = optarg;
            break;
        case 'p':
            if (!zl_road_profile_parse(optarg, &a->profile))
                return cli_usage("--profile: expected car or ambulance, found '%s'", optarg);
            break;
        case 'm':
            if (!zl_parse_f64(optarg, &a->opts.max_snap_m) || a->opts.max_snap_m <= 0)
                return cli_usage("--max-snap-m: expected metres > 0, found '%s'", optarg);
            break;
        case 'a':
            if (!zl_parse_f64(optarg, &a->opts.access_kmh) || a->opts.access_kmh < 0)
                return cli_usage("--access-kmh: expected km/h >= 0, found '%s'", optarg);
            break;
        case 'f':
            a->force = true;
            break;
        case 'q':
            a->quiet = true;
            break;
        case 'F':
            a->from = optarg;
            break;
        case 'T':
            a->to = optarg;
            break;
        case 'c':
            a->csv = true;
            break;
        case 'h':
            a->help = true;
            break;
        default:
            return ZL_EXIT_USAGE;
        }
    }
    return -1;
}

/* Where the graph cache goes: next to a SQLite database file (DB.roads-...); for a
 * PostgreSQL URI, which names no directory, in $ZL_CACHE_DIR, else
 * $XDG_CACHE_HOME/zorglandschap, else ~/.cache/zorglandschap (made if missing). The graph
 * depends on the extract and the profile only, so databases may share it. */
static char *graph_cache_prefix(const char *db_path)
{
    if (!zl_store_path_is_pg(db_path)) {
        size_t len = strlen(db_path) + 8;
        char *prefix = malloc(len);
        if (prefix)
            snprintf(prefix, len, "%s.roads", db_path);
        return prefix;
    }
    const char *dir = getenv("ZL_CACHE_DIR"), *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    char base[4096];
    if (dir && *dir)
        snprintf(base, sizeof base, "%s", dir);
    else if (xdg && *xdg)
        snprintf(base, sizeof base, "%s/zorglandschap", xdg);
    else
        snprintf(base, sizeof base, "%s/.cache/zorglandschap", home && *home ? home : "/tmp");
    /* mkdir -p: each parent, then the directory itself (an existing one is fine). */
    for (char *p = base + 1; *p; p++)
        if (*p == '/') {
            *p = 0;
            mkdir(base, 0777);
            *p = '/';
        }
    mkdir(base, 0777);
    size_t len = strlen(base) + 8;
    char *prefix = malloc(len);
    if (prefix)
        snprintf(prefix, len, "%s/roads", base);
    return prefix;
}

/* The graph of the extract, from the cache (graph_cache_prefix) when possible. */
zl_road_graph *cli_osm_graph(zl_cli *cli, const cli_osm_args *a, const zl_progress *pr)
{
    char *prefix = graph_cache_prefix(cli->db_path);
    if (!prefix)
        return NULL;
    zl_road_graph *g = NULL;
    bool cached = false;
    zl_err err = {0};
    zl_status st = zl_road_graph_cached(a->osm, a->profile, prefix, pr, &g, &cached, &err);
    free(prefix);
    if (st != ZL_OK) {
        cli_fail(&err);
        return NULL;
    }
    zl_road_graph_info i;
    zl_road_graph_info_get(g, &i);
    if (!a->quiet)
        fprintf(stderr,
                "road graph (%s%s): %llu routable ways, %llu junctions, %llu directed edges;"
                " %llu nodes merged into chains, %llu outside the largest component; %llu"
                " turn restrictions not modelled\n",
                zl_road_profile_name(a->profile), cached ? ", cached" : "",
                (unsigned long long)i.osm_ways, (unsigned long long)i.nodes,
                (unsigned long long)i.edges, (unsigned long long)i.merged_nodes,
                (unsigned long long)i.scc_dropped_nodes,
                (unsigned long long)i.turn_restrictions_ignored);
    return g;
}

int cli_travel_build_osm(zl_cli *cli, int argc, char **argv)
{
    cli_osm_args a = {0};
    int rc = cli_osm_opts(argc, argv, &a);
    if (rc >= 0)
        return rc;
    a.quiet = a.quiet || cli->quiet; /* --quiet is a global option, taken by main */
    if (a.help) {
        fputs(osm_help, stdout);
        return ZL_EXIT_OK;
    }
    if (!a.osm || optind != argc || a.from || a.to || a.csv)
        return cli_usage("%s", osm_help);
    zl_store *s = cli_store(cli);
    if (!s)
        return ZL_EXIT_FAIL;
    zl_road_graph *g = cli_osm_graph(cli, &a, &cli->progress);
    if (!g)
        return ZL_EXIT_FAIL;
    zl_road_provider rp;
    zl_travel_provider prov;
    zl_road_provider_init(&rp, g, &a.opts, &cli->progress, &prov);
    zl_travel_build_result r;
    zl_err err = {0};
    zl_status st = zl_travel_build(s, &prov, a.force, &r, &err);
    zl_road_graph_free(g);
    if (st != ZL_OK)
        return cli_fail(&err);
    fprintf(cli->out,
            "travel times %s: %zu areas x %zu locations = %lld rows\nmethod %s: road network"
            " of %s, %s profile (docs/routing.md)\n",
            r.rebuilt ? "built" : "up to date", r.n_areas, r.n_locations, (long long)r.rows,
            r.method, a.osm, zl_road_profile_name(a.profile));
    return ZL_EXIT_OK;
}
