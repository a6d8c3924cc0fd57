/* Road-network travel times from an OpenStreetMap extract (docs/routing.md).
 *
 * zl_road_graph_build reads a .osm.pbf or .osm file with readosm, keeps the ways a profile
 * may drive (car or ambulance), takes the largest strongly connected component, merges
 * chains of degree-2 nodes and keeps the geometry for snapping. zl_road_matrix snaps
 * points to the nearest routable edge and computes the many-to-many table by one Dijkstra
 * search per destination on the reversed graph, on several threads. Traffic signals,
 * barriers, restricted (local-only) ways and turn durations at junctions follow OSRM's car
 * profile (turns approximated on the node graph); turn restrictions are not honoured
 * (docs/routing.md says what that costs against OSRM).
 *
 * Ownership: a zl_road_graph is created by build or load and freed with
 * zl_road_graph_free; it is read-only after creation, so several threads may search it.
 * Errors name the file and the reason; nothing is printed. */
#ifndef ZORGLANDSCHAP_ROADS_H
#define ZORGLANDSCHAP_ROADS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zorglandschap/err.h"
#include "zorglandschap/progress.h"
#include "zorglandschap/travel.h"

typedef enum zl_road_profile { ZL_ROAD_CAR, ZL_ROAD_AMBULANCE } zl_road_profile;

/* "car" / "ambulance"; parse returns false for anything else. */
const char *zl_road_profile_name(zl_road_profile p);
bool zl_road_profile_parse(const char *name, zl_road_profile *out);

/* Long steps report progress through the library's reporter (progress.h): the phase is a
 * short label ("reading ways", "routing"), total 0 when unknown; called from the calling
 * thread only, at most a few times a second. */

/* What a profile makes of one OSM way (exposed for tests and docs). Speeds in km/h, 0 when
 * that direction may not be driven; ferry_s > 0 is a ferry crossing's duration in seconds
 * for the whole way (from `duration`), which overrides the speeds. */
typedef struct zl_road_way {
    bool routable;
    bool ferry;
    bool restricted; /* local traffic only (private, destination, ...): see ZL_ROAD_RESTRICTED_S */
    double fwd_kmh, bwd_kmh;
    double ferry_s;
    double rate; /* weight = time / rate (0 < rate <= 1): narrow ways, alleys, side roads */
} zl_road_way;

/* Weight (not time) of entering a restricted way from an unrestricted one (OSRM's
 * max_turn_weight, 3276.7 s): a route uses restricted ways only to start or end there. */
#define ZL_ROAD_RESTRICTED_S 3276.7
/* Time of passing a traffic signal (OSRM car profile). */
#define ZL_ROAD_SIGNAL_S 2.0
/* Turn durations at junctions of more than two roads (OSRM car profile): a sigmoid of the
 * angle up to ZL_ROAD_TURN_S with a bias for right turns, plus ZL_ROAD_UTURN_S for a
 * U-turn; see docs/routing.md. */
#define ZL_ROAD_TURN_S    7.5
#define ZL_ROAD_TURN_BIAS 1.075
#define ZL_ROAD_UTURN_S   20.0

/* Seconds of a turn by angle in degrees (-180..180, 0 straight on, > 0 to the right). */
double zl_road_turn_s(double angle_deg);

/* What a node's tags mean for a profile: bit flags. */
#define ZL_ROAD_NODE_BARRIER 1u /* may not be driven through */
#define ZL_ROAD_NODE_SIGNAL  2u /* traffic signal: ZL_ROAD_SIGNAL_S to pass */
unsigned zl_road_node_eval(zl_road_profile p, const char *const *keys, const char *const *values,
                           size_t n);

/* Evaluates tags (n pairs of key, value) of a way for a profile. */
zl_road_way zl_road_way_eval(zl_road_profile p, const char *const *keys, const char *const *values,
                             size_t n);

/* A maxspeed value in km/h ("50", "30 mph", "NL:urban", "none", ...); 0 when not understood. */
double zl_road_maxspeed_kmh(const char *v);

typedef struct zl_road_graph zl_road_graph;

typedef struct zl_road_graph_info {
    char extract_hash[65]; /* SHA-256 of the extract file, hex */
    zl_road_profile profile;
    uint64_t osm_ways, osm_nodes;       /* routable ways read, their nodes */
    uint64_t nodes, edges;              /* the search graph: junctions, directed edges */
    uint64_t scc_dropped_nodes;         /* way nodes outside the largest component */
    uint64_t merged_nodes;              /* degree-2 nodes merged into chains */
    uint64_t turn_restrictions_ignored; /* no_* / only_* relations read and not honoured */
} zl_road_graph_info;

/* Builds the graph of a profile from an extract (.pbf or .osm). ZL_EINPUT with the file and
 * reason for a missing, truncated or non-OSM file or an extract without drivable roads. */
zl_status zl_road_graph_build(const char *osm_path, zl_road_profile profile,
                              const zl_progress *progress, zl_road_graph **out, zl_err *err);

/* Writes / reads the processed graph (a binary file of this build's format). */
zl_status zl_road_graph_save(const zl_road_graph *g, const char *path, zl_err *err);
zl_status zl_road_graph_load(const char *path, zl_road_graph **out, zl_err *err);

/* The graph of this extract and profile from cache_dir/<prefix>-<hash16>-<profile>.graph
 * when it is there and valid, else built and saved there. *cached says which. */
zl_status zl_road_graph_cached(const char *osm_path, zl_road_profile profile,
                               const char *cache_prefix, const zl_progress *progress,
                               zl_road_graph **out, bool *cached, zl_err *err);

void zl_road_graph_free(zl_road_graph *g);
void zl_road_graph_info_get(const zl_road_graph *g, zl_road_graph_info *out);

/* SHA-256 of a file as 64 hex digits. */
zl_status zl_file_sha256(const char *path, char hex[65], zl_err *err);

/* A point snapped to the nearest routable edge. */
typedef struct zl_road_snap {
    bool ok;         /* false: no edge within the threshold */
    double dist_m;   /* straight line from the point to the snapped position */
    double lat, lon; /* the snapped position */
    uint32_t chain;  /* internal: the edge and the position on it */
    uint32_t seg;
    double t;
} zl_road_snap;

zl_road_snap zl_road_snap_point(const zl_road_graph *g, zl_geo_point p, double max_m);

typedef struct zl_road_opts {
    double access_kmh; /* the leg from a point to its snapped position; 0: not counted */
    double max_snap_m; /* points farther than this from every road are "far" */
    int threads;       /* searches in parallel (0: 2) */
} zl_road_opts;

/* The defaults of a profile (docs/routing.md): access 20 km/h, far beyond 5 km, 2 threads. */
zl_road_opts zl_road_opts_default(void);

/* Minutes and km from each origin to each destination, origin-major; NaN where no route
 * exists (a far point). far_from / far_to (optional, n_from / n_to entries) get true for
 * the far points. */
zl_status zl_road_matrix(const zl_road_graph *g, const zl_road_opts *o, const zl_geo_point *from,
                         size_t n_from, const zl_geo_point *to, size_t n_to, double *minutes,
                         double *km, bool *far_from, bool *far_to, const zl_progress *progress,
                         zl_err *err);

/* A travel provider over a graph (the method is "osm:<hash16>:<profile>"). Every area and
 * location must snap within max_snap_m, else the build fails naming the far points; with
 * far_ok (the batch table) a far point's pairs are NaN instead. The zl_road_provider must
 * outlive the provider; the graph must outlive both. */
typedef struct zl_road_provider {
    const zl_road_graph *g;
    zl_road_opts opts;
    const zl_progress *progress;
    bool far_ok;
    char method[96];
} zl_road_provider;
void zl_road_provider_init(zl_road_provider *rp, const zl_road_graph *g, const zl_road_opts *o,
                           const zl_progress *progress, zl_travel_provider *out);

/* A generated road network of the Netherlands' size for the scale benchmark (synthetic):
 * a jittered rows x cols grid over [lat0, lat1] x [lon0, lon1], urban streets 30-50 km/h
 * with a share `missing` left out and `oneway` one-way, a regional road (60-80 km/h) on
 * every 10th line and a motorway (100-120 km/h) on every 80th. Its info's extract_hash is
 * "synthetic-<seed>". Defaults: 1700 x 1700 over the Dutch bounding box. */
typedef struct zl_road_synth_params {
    uint64_t seed;
    uint32_t rows, cols;
    double lat0, lat1, lon0, lon1;
    double missing, oneway;
} zl_road_synth_params;
zl_road_synth_params zl_road_synth_defaults(void);
zl_status zl_road_graph_synthetic(const zl_road_synth_params *p, zl_road_graph **out, zl_err *err);

#endif
