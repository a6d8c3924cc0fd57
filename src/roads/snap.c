/* Snapping a point to the nearest routable edge (to a position on a segment, not to a
 * node): a uniform grid over the chain segments, searched ring by ring outwards until no
 * closer segment can exist. Distances in a local equirectangular projection, which is
 * exact enough over the few hundred metres that matter. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "roads_internal.h"

#define M_PER_DEG 111194.93 /* metres per degree of latitude on the mean sphere */

static void cell_of(const zl_road_graph *g, double lat, double lon, long *cx, long *cy)
{
    *cx = (long)floor((lon - g->grid_lon0) / g->grid_cell);
    *cy = (long)floor((lat - g->grid_lat0) / g->grid_cell);
}

static bool is_segment(const zl_road_graph *g, uint32_t p)
{
    return p + 1 < g->chain_pt[g->pt_chain[p] + 1];
}

zl_status graph_index(zl_road_graph *g, zl_err *err)
{
    double lat0 = INFINITY, lat1 = -INFINITY, lon0 = INFINITY, lon1 = -INFINITY;
    for (uint32_t p = 0; p < g->n_points; p++) {
        lat0 = fmin(lat0, g->pt_lat[p] * 1e-7);
        lat1 = fmax(lat1, g->pt_lat[p] * 1e-7);
        lon0 = fmin(lon0, g->pt_lon[p] * 1e-7);
        lon1 = fmax(lon1, g->pt_lon[p] * 1e-7);
    }
    if (g->n_points == 0) /* a graph without roads: one empty cell, not infinite bounds */
        lat0 = lat1 = lon0 = lon1 = 0;
    /* About two segments per cell, at most 4M cells, at least ~50 m. */
    double area = fmax((lat1 - lat0) * (lon1 - lon0), 1e-8);
    double cell = fmax(sqrt(area * 2.0 / fmax(g->n_points, 1)), 0.0005);
    while ((lat1 - lat0) / cell * (lon1 - lon0) / cell > 4e6)
        cell *= 1.5;
    g->grid_cell = cell;
    g->grid_lat0 = lat0;
    g->grid_lon0 = lon0;
    g->grid_w = (uint32_t)((lon1 - lon0) / cell) + 1;
    g->grid_h = (uint32_t)((lat1 - lat0) / cell) + 1;
    size_t cells = (size_t)g->grid_w * g->grid_h;
    g->pt_chain = malloc(((size_t)g->n_points + 1) * sizeof *g->pt_chain);
    g->grid_off = calloc(cells + 2, sizeof *g->grid_off);
    if (!g->pt_chain || !g->grid_off)
        return zl_fail(err, ZL_ENOMEM, "out of memory indexing the road graph");
    for (uint32_t c = 0; c < g->n_chains; c++)
        for (uint32_t p = g->chain_pt[c]; p < g->chain_pt[c + 1]; p++)
            g->pt_chain[p] = c;
    /* Two passes over each segment's cell box: count, then fill. */
    uint64_t total = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t p = 0; p + 1 < g->n_points; p++) {
            if (!is_segment(g, p))
                continue;
            long ax, ay, bx, by;
            cell_of(g, g->pt_lat[p] * 1e-7, g->pt_lon[p] * 1e-7, &ax, &ay);
            cell_of(g, g->pt_lat[p + 1] * 1e-7, g->pt_lon[p + 1] * 1e-7, &bx, &by);
            for (long y = ay < by ? ay : by; y <= (ay > by ? ay : by); y++)
                for (long x = ax < bx ? ax : bx; x <= (ax > bx ? ax : bx); x++) {
                    size_t k = (size_t)y * g->grid_w + (size_t)x;
                    if (pass == 0)
                        g->grid_off[k + 2]++;
                    else
                        g->grid_seg[g->grid_off[k + 1]++] = p;
                }
        }
        if (pass == 0) {
            for (size_t k = 0; k < cells; k++)
                g->grid_off[k + 2] += g->grid_off[k + 1];
            total = g->grid_off[cells + 1];
            if (!(g->grid_seg = malloc((total + 1) * sizeof *g->grid_seg)))
                return zl_fail(err, ZL_ENOMEM, "out of memory indexing the road graph");
        }
    }
    return ZL_OK;
}

typedef struct best {
    double d2;
    uint32_t seg;
    double t;
} best;

static void try_segment(const zl_road_graph *g, uint32_t p, double px, double py, double kx,
                        best *b)
{
    double ax = g->pt_lon[p] * 1e-7 * kx, ay = g->pt_lat[p] * 1e-7 * M_PER_DEG;
    double bx = g->pt_lon[p + 1] * 1e-7 * kx, by = g->pt_lat[p + 1] * 1e-7 * M_PER_DEG;
    double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
    double t = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0;
    t = fmin(1, fmax(0, t));
    double qx = ax + t * dx - px, qy = ay + t * dy - py, d2 = qx * qx + qy * qy;
    if (d2 < b->d2 || (d2 == b->d2 && p < b->seg))
        *b = (best){d2, p, t};
}

zl_road_snap zl_road_snap_point(const zl_road_graph *g, zl_geo_point pt, double max_m)
{
    zl_road_snap out = {0};
    double kx = M_PER_DEG * cos(pt.lat * M_PI / 180), px = pt.lon * kx, py = pt.lat * M_PER_DEG;
    double cell_m = g->grid_cell * fmin(kx, M_PER_DEG);
    long cx, cy;
    cell_of(g, pt.lat, pt.lon, &cx, &cy);
    best b = {INFINITY, ZL_NONE, 0};
    long max_r = (long)(max_m / cell_m) + 2, w = g->grid_w, h = g->grid_h;
    for (long r = 0; r <= max_r; r++) {
        /* Every point of ring r's cells is at least (r - 1) cells away. */
        if (b.seg != ZL_NONE && sqrt(b.d2) < (r - 1) * cell_m)
            break;
        for (long y = cy - r; y <= cy + r; y++) {
            if (y < 0 || y >= h)
                continue;
            long step = (y == cy - r || y == cy + r) ? 1 : 2 * r;
            for (long x = cx - r; x <= cx + r; x += step ? step : 1) {
                if (x < 0 || x >= w)
                    continue;
                size_t k = (size_t)y * g->grid_w + (size_t)x;
                for (uint32_t i = g->grid_off[k]; i < g->grid_off[k + 1]; i++)
                    try_segment(g, g->grid_seg[i], px, py, kx, &b);
            }
        }
    }
    if (b.seg == ZL_NONE)
        return out;
    uint32_t p = b.seg;
    out.lat = (g->pt_lat[p] + b.t * (g->pt_lat[p + 1] - g->pt_lat[p])) * 1e-7;
    out.lon = (g->pt_lon[p] + b.t * (g->pt_lon[p + 1] - g->pt_lon[p])) * 1e-7;
    out.dist_m = zl_haversine_km(pt, (zl_geo_point){out.lat, out.lon}) * 1000;
    out.chain = g->pt_chain[p];
    out.seg = p;
    out.t = b.t;
    out.ok = out.dist_m <= max_m;
    return out;
}
