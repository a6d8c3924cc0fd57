/* Internals of the road router shared by the files of src/roads only: the graph layout,
 * the raw ways read from OSM, and the steps that turn one into the other. */
#ifndef ZL_ROADS_INTERNAL_H
#define ZL_ROADS_INTERNAL_H

#include <stdint.h>

#include "zorglandschap/roads.h"

#define ZL_NONE UINT32_MAX

/* What readosm gave: routable ways as runs of node indices (into node_id, sorted) with
 * per-way speeds, and the coordinates of those nodes. */
typedef struct osm_raw {
    uint64_t n_ways, cap_ways;
    uint64_t *way_first;      /* n_ways + 1 offsets into refs */
    float *way_fwd, *way_bwd; /* km/h, 0 = closed */
    float *way_ferry_s;       /* > 0: whole-way duration */
    float *way_rate;          /* weight = time / rate; NULL: all 1 */
    uint8_t *way_restricted;  /* local traffic only; NULL: none */
    uint64_t n_refs, cap_refs;
    int64_t *refs; /* node ids, later rewritten to indices into node_id */
    uint64_t n_nodes;
    int64_t *node_id;   /* sorted, unique */
    int32_t *lat, *lon; /* 1e-7 degrees; INT32_MIN when the node was not in the file */
    uint8_t *node_flag; /* ZL_ROAD_NODE_* per node; NULL: none */
    uint64_t restrictions;
} osm_raw;

void osm_raw_free(osm_raw *r);

/* Pass 1 reads ways and relations, pass 2 the nodes the ways need. */
/* pbf_frame.c: the block framing of a .pbf file within the format's bounds and the file
 * (before readosm, which trusts the sizes it reads). */
zl_status osm_pbf_check(const char *path, uint64_t file_size, zl_err *err);
/* osm_xml_check.c: an .osm file well-formed, its tags and relation members complete
 * (before readosm, which crashes on a tag without k or v). */
zl_status osm_xml_check(const char *path, zl_err *err);

zl_status osm_read(const char *path, zl_road_profile profile, const zl_progress *progress,
                   osm_raw *out, zl_err *err);

/* A directed edge from -> v as the backward search reads it, all together: weight
 * (including the restricted-entry weight when from is ROADS_OPEN and the edge restricted),
 * seconds, metres, the compass bearing (256 steps) arriving at v and leaving from, and
 * whether the edge is restricted (local traffic only). */
typedef struct road_edge {
    uint32_t from;
    float w, t, d;
    uint8_t brg_in, brg_out, restricted, pad;
} road_edge;

/* The search graph. Junction nodes 0..n_nodes-1 are joined by chains: a chain runs from
 * node a to node b through points (its geometry, first = a, last = b); every chain is
 * drivable a->b (tf < inf), b->a (tb < inf) or both. Per point: the cumulative distance
 * and the times from a (forward) and towards a (backward). The CSR arrays list, per node,
 * the chains leaving it (out) and arriving at it (in) as directed edges. */
struct zl_road_graph {
    zl_road_graph_info info;
    uint32_t n_nodes, n_chains, n_points;
    uint32_t *chain_a, *chain_b, *chain_pt; /* chain_pt: n_chains + 1 offsets into points */
    float *chain_tf, *chain_tb, *chain_len; /* seconds (INFINITY: closed), metres */
    float *chain_wf, *chain_wb;             /* weights (>= seconds: see zl_road_way.rate) */
    uint32_t *chain_info; /* bearing leaving a | bearing arriving at b << 8 | restricted << 16 */
    uint32_t *node_roads; /* per junction: chains meeting there | ROADS_OPEN */
    int32_t *pt_lat, *pt_lon;    /* 1e-7 degrees */
    float *pt_d, *pt_tf, *pt_tb; /* cumulative from a: metres, seconds each way */
    uint32_t *in_off;            /* reverse CSR: n_nodes + 1 offsets */
    road_edge *in_e;             /* n_edges: one cache line holds several */
    uint64_t n_edges;
    /* snapping grid over chain segments */
    double grid_lat0, grid_lon0, grid_cell; /* degrees */
    uint32_t grid_w, grid_h;
    uint32_t *grid_off, *grid_seg; /* per cell: segment ids = point index of segment start */
    uint32_t *pt_chain;            /* point -> chain (segment from point to point + 1) */
};

#define ROADS_COUNT 0x7fffffffu
#define ROADS_OPEN                                                                                 \
    0x80000000u /* an unrestricted chain meets here: entering a restricted                         \
                   one from here costs ZL_ROAD_RESTRICTED_S of weight */

/* Builds the graph from the raw ways: segments, largest SCC, chains, CSR, snapping grid. */
zl_status graph_from_raw(osm_raw *raw, zl_road_graph *g, const zl_progress *progress, zl_err *err);

/* The snapping grid over the chain segments (after the chains are final). */
zl_status graph_index(zl_road_graph *g, zl_err *err);

/* Largest strongly connected component of a directed graph in CSR form (off: n + 1,
 * to: edges); keep[v] = 1 for its members. Iterative Tarjan. */
zl_status scc_largest(uint32_t n, const uint32_t *off, const uint32_t *to, uint8_t *keep,
                      zl_err *err);

/* Haversine metres between two points in 1e-7 degrees. */
double roads_dist_m(int32_t lat1, int32_t lon1, int32_t lat2, int32_t lon2);

static inline void roads_progress(const zl_progress *p, const char *stage, uint64_t done,
                                  uint64_t total)
{
    if (p && p->fn) {
        zl_progress_event ev = {stage, "", done, total, total && done >= total};
        p->fn(p->ctx, &ev);
    }
}

#endif
