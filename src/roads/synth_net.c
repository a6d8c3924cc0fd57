/* A generated (synthetic) road network the size of the Netherlands' for the scale
 * benchmark (bench/routing, docs/performance.md): a jittered grid over the Dutch bounding
 * box with urban streets, a regional road every 10th line and a motorway every 80th,
 * some streets missing and some one-way, from a seeded generator. It goes through the
 * same graph construction as an extract (largest component, chains, snapping grid). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "roads_internal.h"
#include "zorglandschap/synth.h"

zl_road_synth_params zl_road_synth_defaults(void)
{
    return (zl_road_synth_params){.seed = 20261203,
                                  .rows = 1700,
                                  .cols = 1700,
                                  .lat0 = 50.75,
                                  .lat1 = 53.55,
                                  .lon0 = 3.35,
                                  .lon1 = 7.23,
                                  .missing = 0.10,
                                  .oneway = 0.05};
}

static bool way_arrays(osm_raw *r, uint64_t ways, uint64_t nodes)
{
    r->way_first = malloc((ways + 1) * sizeof *r->way_first);
    r->way_fwd = malloc((ways + 1) * sizeof *r->way_fwd);
    r->way_bwd = malloc((ways + 1) * sizeof *r->way_bwd);
    r->way_ferry_s = calloc(ways + 1, sizeof *r->way_ferry_s);
    r->refs = malloc((2 * ways + 1) * sizeof *r->refs);
    r->node_id = malloc((nodes + 1) * sizeof *r->node_id);
    r->lat = malloc((nodes + 1) * sizeof *r->lat);
    r->lon = malloc((nodes + 1) * sizeof *r->lon);
    return r->way_first && r->way_fwd && r->way_bwd && r->way_ferry_s && r->refs && r->node_id &&
           r->lat && r->lon;
}

/* km/h of the line with index i: motorway every 80th, regional every 10th, else urban. */
static float line_kmh(uint32_t i, zl_rng *rng)
{
    if (i % 80 == 40)
        return 100 + 20 * (float)zl_rng_uniform(rng);
    if (i % 10 == 5)
        return 60 + 20 * (float)zl_rng_uniform(rng);
    return 30 + 20 * (float)zl_rng_uniform(rng);
}

static void add_edge(osm_raw *r, uint64_t a, uint64_t b, float kmh, bool major,
                     const zl_road_synth_params *p, zl_rng *rng)
{
    if (!major && zl_rng_uniform(rng) < p->missing)
        return;
    uint64_t w = r->n_ways++;
    r->way_first[w] = r->n_refs;
    r->refs[r->n_refs++] = (int64_t)a;
    r->refs[r->n_refs++] = (int64_t)b;
    r->way_fwd[w] = r->way_bwd[w] = kmh;
    double u = major ? 1 : zl_rng_uniform(rng);
    if (u < p->oneway / 2)
        r->way_bwd[w] = 0;
    else if (u < p->oneway)
        r->way_fwd[w] = 0;
}

zl_status zl_road_graph_synthetic(const zl_road_synth_params *p, zl_road_graph **out, zl_err *err)
{
    *out = NULL;
    if (p->rows < 2 || p->cols < 2 || p->rows > 5000 || p->cols > 5000)
        return zl_fail(err, ZL_EINPUT, "synthetic network: rows and cols must be 2-5000");
    uint64_t n = (uint64_t)p->rows * p->cols, ways = 2 * n;
    osm_raw r = {0};
    zl_road_graph *g = calloc(1, sizeof *g);
    if (!g || !way_arrays(&r, ways, n)) {
        osm_raw_free(&r);
        free(g);
        return zl_fail(err, ZL_ENOMEM, "out of memory generating the synthetic network");
    }
    zl_rng rng;
    zl_rng_seed(&rng, p->seed);
    double dlat = (p->lat1 - p->lat0) / (p->rows - 1), dlon = (p->lon1 - p->lon0) / (p->cols - 1);
    for (uint64_t k = 0; k < n; k++) { /* node ids are their index: sorted, unique */
        uint32_t i = (uint32_t)(k / p->cols), j = (uint32_t)(k % p->cols);
        r.node_id[k] = (int64_t)k;
        r.lat[k] =
            (int32_t)lround((p->lat0 + (i + 0.3 * (zl_rng_uniform(&rng) - 0.5)) * dlat) * 1e7);
        r.lon[k] =
            (int32_t)lround((p->lon0 + (j + 0.3 * (zl_rng_uniform(&rng) - 0.5)) * dlon) * 1e7);
    }
    r.n_nodes = n;
    float *row_kmh = malloc(p->rows * sizeof *row_kmh),
          *col_kmh = malloc(p->cols * sizeof *col_kmh);
    for (uint32_t i = 0; row_kmh && i < p->rows; i++)
        row_kmh[i] = line_kmh(i, &rng);
    for (uint32_t j = 0; col_kmh && j < p->cols; j++)
        col_kmh[j] = line_kmh(j, &rng);
    for (uint64_t k = 0; row_kmh && col_kmh && k < n; k++) {
        uint32_t i = (uint32_t)(k / p->cols), j = (uint32_t)(k % p->cols);
        if (j + 1 < p->cols) /* along row i */
            add_edge(&r, k, k + 1, row_kmh[i], row_kmh[i] >= 60, p, &rng);
        if (i + 1 < p->rows) /* along column j */
            add_edge(&r, k, k + p->cols, col_kmh[j], col_kmh[j] >= 60, p, &rng);
    }
    r.way_first[r.n_ways] = r.n_refs;
    zl_status st = row_kmh && col_kmh ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
    free(row_kmh);
    free(col_kmh);
    snprintf(g->info.extract_hash, sizeof g->info.extract_hash, "synthetic-%016llx",
             (unsigned long long)p->seed);
    g->info.profile = ZL_ROAD_CAR;
    if (st == ZL_OK)
        st = graph_from_raw(&r, g, NULL, err);
    osm_raw_free(&r);
    if (st != ZL_OK) {
        zl_road_graph_free(g);
        return st;
    }
    *out = g;
    return ZL_OK;
}
