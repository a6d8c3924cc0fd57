/* From raw OSM ways to the search graph: segments with times per direction, the largest
 * strongly connected component, and chains of degree-2 nodes merged into single edges
 * whose geometry is kept for snapping. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "roads_internal.h"

typedef struct segs {
    uint64_t n;
    uint32_t *u, *v;
    float *len, *tf, *tb; /* metres; seconds u->v, v->u (INFINITY: closed) */
    float *wf, *wb;       /* weights u->v, v->u */
    uint8_t *r;           /* restricted (local traffic only) */
} segs;

static void segs_free(segs *s)
{
    free(s->u);
    free(s->v);
    free(s->len);
    free(s->tf);
    free(s->tb);
    free(s->wf);
    free(s->wb);
    free(s->r);
}

double roads_dist_m(int32_t lat1, int32_t lon1, int32_t lat2, int32_t lon2)
{
    const double k = M_PI / 180.0 * 1e-7;
    double p1 = lat1 * k, p2 = lat2 * k, dp = (lat2 - lat1) * k, dl = (lon2 - lon1) * k;
    double h = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
    return 2 * 6371008.8 * asin(fmin(1.0, sqrt(h)));
}

static float seg_time(double len, double kmh, double ferry_s, double way_len)
{
    if (kmh <= 0)
        return INFINITY;
    if (ferry_s > 0 && way_len > 0)
        return (float)(ferry_s * len / way_len);
    return (float)(len / (kmh / 3.6));
}

static double way_length(const osm_raw *r, uint64_t w)
{
    double L = 0;
    for (uint64_t i = r->way_first[w]; i + 1 < r->way_first[w + 1]; i++) {
        int64_t a = r->refs[i], b = r->refs[i + 1];
        if (r->lat[a] != INT32_MIN && r->lat[b] != INT32_MIN)
            L += roads_dist_m(r->lat[a], r->lon[a], r->lat[b], r->lon[b]);
    }
    return L;
}

/* Barrier nodes may not be driven through: every segment that ends at one gets its own
 * copy of the node (same position), so the ways meeting there no longer connect. Grows the
 * node arrays by the copies; returns false when out of memory. */
static bool split_barriers(osm_raw *r)
{
    uint64_t copies = 0;
    for (uint64_t i = 0; r->node_flag && i < r->n_refs; i++)
        copies += 2 * ((r->node_flag[r->refs[i]] & ZL_ROAD_NODE_BARRIER) != 0);
    if (copies == 0)
        return true;
    uint64_t n = r->n_nodes + copies;
    void *la = realloc(r->lat, (n + 1) * sizeof *r->lat);
    if (la)
        r->lat = la;
    void *lo = la ? realloc(r->lon, (n + 1) * sizeof *r->lon) : NULL;
    if (lo)
        r->lon = lo;
    void *fl = lo ? realloc(r->node_flag, n + 1) : NULL;
    if (!fl)
        return false;
    r->node_flag = fl;
    return true;
}

static uint32_t endpoint(osm_raw *r, int64_t x)
{
    if (!r->node_flag || !(r->node_flag[x] & ZL_ROAD_NODE_BARRIER))
        return (uint32_t)x;
    uint64_t c = r->n_nodes++;
    r->lat[c] = r->lat[x];
    r->lon[c] = r->lon[x];
    r->node_flag[c] = r->node_flag[x] & (uint8_t)~ZL_ROAD_NODE_BARRIER;
    return (uint32_t)c;
}

static bool signal_at(const osm_raw *r, uint32_t x)
{
    return r->node_flag && (r->node_flag[x] & ZL_ROAD_NODE_SIGNAL);
}

/* Every consecutive node pair of every way whose nodes both have coordinates; passing a
 * traffic signal costs ZL_ROAD_SIGNAL_S, charged on arriving at its node. */
static zl_status make_segments(osm_raw *r, segs *s, zl_err *err)
{
    uint64_t cap = r->n_refs + 1;
    s->u = malloc(cap * sizeof *s->u);
    s->v = malloc(cap * sizeof *s->v);
    s->len = malloc(cap * sizeof *s->len);
    s->tf = malloc(cap * sizeof *s->tf);
    s->tb = malloc(cap * sizeof *s->tb);
    s->wf = malloc(cap * sizeof *s->wf);
    s->wb = malloc(cap * sizeof *s->wb);
    s->r = malloc(cap);
    if (!s->u || !s->v || !s->len || !s->tf || !s->tb || !s->wf || !s->wb || !s->r ||
        !split_barriers(r))
        return zl_fail(err, ZL_ENOMEM, "out of memory building the road graph");
    for (uint64_t w = 0; w < r->n_ways; w++) {
        double L = r->way_ferry_s[w] > 0 ? way_length(r, w) : 0;
        float rate = r->way_rate ? r->way_rate[w] : 1;
        for (uint64_t i = r->way_first[w]; i + 1 < r->way_first[w + 1]; i++) {
            int64_t a = r->refs[i], b = r->refs[i + 1];
            if (a == b || r->lat[a] == INT32_MIN || r->lat[b] == INT32_MIN)
                continue;
            double len = roads_dist_m(r->lat[a], r->lon[a], r->lat[b], r->lon[b]);
            uint64_t k = s->n++;
            s->u[k] = endpoint(r, a);
            s->v[k] = endpoint(r, b);
            s->len[k] = (float)len;
            s->tf[k] = seg_time(len, r->way_fwd[w], r->way_ferry_s[w], L) +
                       (float)(signal_at(r, (uint32_t)b) * ZL_ROAD_SIGNAL_S);
            s->tb[k] = seg_time(len, r->way_bwd[w], r->way_ferry_s[w], L) +
                       (float)(signal_at(r, (uint32_t)a) * ZL_ROAD_SIGNAL_S);
            s->wf[k] = s->tf[k] / (rate > 0 ? rate : 1);
            s->wb[k] = s->tb[k] / (rate > 0 ? rate : 1);
            s->r[k] = r->way_restricted ? r->way_restricted[w] : 0;
        }
    }
    return ZL_OK;
}

/* Directed CSR of the drivable segment directions, for the component search. */
static zl_status keep_largest_scc(uint32_t n, const segs *s, uint8_t *keep, zl_err *err)
{
    uint32_t *off = calloc((size_t)n + 2, sizeof *off), *to = malloc((2 * s->n + 1) * sizeof *to);
    if (!off || !to) {
        free(off);
        free(to);
        return zl_fail(err, ZL_ENOMEM, "out of memory building the road graph");
    }
    for (uint64_t i = 0; i < s->n; i++) {
        off[s->u[i] + 2] += isfinite(s->tf[i]);
        off[s->v[i] + 2] += isfinite(s->tb[i]);
    }
    for (uint32_t v = 0; v < n; v++)
        off[v + 2] += off[v + 1];
    for (uint64_t i = 0; i < s->n; i++) {
        if (isfinite(s->tf[i]))
            to[off[s->u[i] + 1]++] = s->v[i];
        if (isfinite(s->tb[i]))
            to[off[s->v[i] + 1]++] = s->u[i];
    }
    zl_status st = scc_largest(n, off, to, keep, err);
    free(off);
    free(to);
    return st;
}

/* Undirected incidence of the kept segments: per node, its segment ids. */
typedef struct incidence {
    uint32_t *off; /* n + 1 */
    uint32_t *seg;
} incidence;

static zl_status make_incidence(uint32_t n, const segs *s, const uint8_t *kept_seg, incidence *inc,
                                zl_err *err)
{
    inc->off = calloc((size_t)n + 2, sizeof *inc->off);
    inc->seg = malloc((2 * s->n + 1) * sizeof *inc->seg);
    if (!inc->off || !inc->seg)
        return zl_fail(err, ZL_ENOMEM, "out of memory building the road graph");
    for (uint64_t i = 0; i < s->n; i++)
        if (kept_seg[i]) {
            inc->off[s->u[i] + 2]++;
            inc->off[s->v[i] + 2]++;
        }
    for (uint32_t v = 0; v < n; v++)
        inc->off[v + 2] += inc->off[v + 1];
    for (uint64_t i = 0; i < s->n; i++)
        if (kept_seg[i]) {
            inc->seg[inc->off[s->u[i] + 1]++] = (uint32_t)i;
            inc->seg[inc->off[s->v[i] + 1]++] = (uint32_t)i;
        }
    return ZL_OK;
}

/* Times of segment i walked from node x: out = x -> other end, back = other end -> x. */
static void oriented(const segs *s, uint32_t i, uint32_t x, float *out, float *back,
                     uint32_t *other)
{
    bool fwd = s->u[i] == x;
    *out = fwd ? s->tf[i] : s->tb[i];
    *back = fwd ? s->tb[i] : s->tf[i];
    *other = fwd ? s->v[i] : s->u[i];
}

/* The same for the weights. */
static void oriented_w(const segs *s, uint32_t i, uint32_t x, float *out, float *back)
{
    bool fwd = s->u[i] == x;
    *out = fwd ? s->wf[i] : s->wb[i];
    *back = fwd ? s->wb[i] : s->wf[i];
}

/* A node is merged into a chain when it has exactly two segments to two different nodes
 * that allow the same directions through it. */
static bool is_through(const segs *s, const incidence *inc, uint32_t x)
{
    if (inc->off[x + 1] - inc->off[x] != 2)
        return false;
    uint32_t s1 = inc->seg[inc->off[x]], s2 = inc->seg[inc->off[x] + 1], p, q;
    float o1, b1, o2, b2;
    oriented(s, s1, x, &o1, &b1, &p);
    oriented(s, s2, x, &o2, &b2, &q);
    /* in from p then out to q, and in from q then out to p */
    return p != q && s1 != s2 && isfinite(b1) == isfinite(o2) && isfinite(b2) == isfinite(o1) &&
           s->r[s1] == s->r[s2];
}

typedef struct builder {
    const osm_raw *raw;
    const segs *s;
    incidence inc;
    uint8_t *junction, *used;
    uint32_t *node_new;
    zl_road_graph *g;
    uint64_t cap_chains, cap_points;
} builder;

static bool grow_all(void ***arr, size_t n, uint64_t c)
{
    for (size_t i = 0; i < n; i++) {
        void *p = realloc(*arr[i], c * 4);
        if (!p)
            return false;
        *arr[i] = p;
    }
    return true;
}

static bool reserve(builder *b, uint64_t chains, uint64_t points)
{
    zl_road_graph *g = b->g;
    if (chains > b->cap_chains) {
        uint64_t c = b->cap_chains ? b->cap_chains * 2 : 1024;
        while (c < chains)
            c *= 2;
        void **arr[] = {(void **)&g->chain_a,  (void **)&g->chain_b,  (void **)&g->chain_pt,
                        (void **)&g->chain_tf, (void **)&g->chain_tb, (void **)&g->chain_len,
                        (void **)&g->chain_wf, (void **)&g->chain_wb, (void **)&g->chain_info};
        if (!grow_all(arr, sizeof arr / sizeof arr[0], c + 1))
            return false;
        b->cap_chains = c;
    }
    if (points > b->cap_points) {
        uint64_t c = b->cap_points ? b->cap_points * 2 : 4096;
        while (c < points)
            c *= 2;
        void **arr[] = {(void **)&g->pt_lat, (void **)&g->pt_lon, (void **)&g->pt_d,
                        (void **)&g->pt_tf, (void **)&g->pt_tb};
        if (!grow_all(arr, sizeof arr / sizeof arr[0], c))
            return false;
        b->cap_points = c;
    }
    return true;
}

/* Compass bearing from point p to point q in 256 steps. */
static uint32_t bearing256(const zl_road_graph *g, uint32_t p, uint32_t q)
{
    const double k = M_PI / 180.0 * 1e-7;
    double la1 = g->pt_lat[p] * k, la2 = g->pt_lat[q] * k, dl = (g->pt_lon[q] - g->pt_lon[p]) * k;
    double y = sin(dl) * cos(la2), x = cos(la1) * sin(la2) - sin(la1) * cos(la2) * cos(dl);
    double deg = atan2(y, x) * 180 / M_PI;
    return (uint32_t)lround((deg < 0 ? deg + 360 : deg) * 256 / 360) & 255u;
}

static void add_point(builder *b, uint32_t node, double d, double tf, double tb)
{
    zl_road_graph *g = b->g;
    uint32_t p = g->n_points++;
    g->pt_lat[p] = b->raw->lat[node];
    g->pt_lon[p] = b->raw->lon[node];
    g->pt_d[p] = (float)d;
    g->pt_tf[p] = (float)tf;
    g->pt_tb[p] = (float)tb;
}

/* Walks from junction j along segment first until the next junction; one chain. */
static bool walk_chain(builder *b, uint32_t j, uint32_t first)
{
    zl_road_graph *g = b->g;
    const segs *s = b->s;
    uint32_t x = j, seg = first, c = g->n_chains, y = j;
    double d = 0, tf = 0, tb = 0, wf = 0, wb = 0;
    if (!reserve(b, (uint64_t)c + 1, (uint64_t)g->n_points + 1))
        return false;
    g->chain_pt[c] = g->n_points;
    add_point(b, j, 0, 0, 0);
    for (;;) {
        float out, back;
        oriented(s, seg, x, &out, &back, &y);
        b->used[seg] = 1;
        d += s->len[seg];
        tf += out;
        tb += back;
        oriented_w(s, seg, x, &out, &back);
        wf += out;
        wb += back;
        if (!reserve(b, (uint64_t)c + 1, (uint64_t)g->n_points + 1))
            return false;
        add_point(b, y, d, tf, tb);
        if (b->junction[y])
            break;
        uint32_t o = b->inc.off[y];
        seg = b->inc.seg[o] == seg ? b->inc.seg[o + 1] : b->inc.seg[o];
        x = y;
    }
    g->chain_a[c] = b->node_new[j];
    g->chain_b[c] = b->node_new[y];
    g->chain_tf[c] = (float)tf;
    g->chain_tb[c] = (float)tb;
    g->chain_len[c] = (float)d;
    g->chain_wf[c] = isfinite(tf) ? (float)wf : INFINITY;
    g->chain_wb[c] = isfinite(tb) ? (float)wb : INFINITY;
    uint32_t p0 = g->chain_pt[c], p1 = g->n_points - 1;
    g->chain_info[c] =
        bearing256(g, p0, p0 + 1) | bearing256(g, p1 - 1, p1) << 8 | (uint32_t)s->r[first] << 16;
    g->n_chains = c + 1;
    g->chain_pt[c + 1] = g->n_points;
    return true;
}

static bool walk_all(builder *b, uint32_t x)
{
    for (uint32_t k = b->inc.off[x]; k < b->inc.off[x + 1]; k++)
        if (!b->used[b->inc.seg[k]] && !walk_chain(b, x, b->inc.seg[k]))
            return false;
    return true;
}

/* Chains from every junction (all numbered first: every chain ends at one); whatever is
 * left are rings of through nodes, each cut at one node that becomes a junction. */
static zl_status make_chains(builder *b, uint32_t n, zl_err *err)
{
    uint32_t next = 0;
    for (uint32_t x = 0; x < n; x++)
        b->node_new[x] = b->junction[x] ? next++ : ZL_NONE;
    for (uint32_t x = 0; x < n; x++)
        if (b->junction[x] && !walk_all(b, x))
            return zl_fail(err, ZL_ENOMEM, "out of memory building the road graph");
    for (uint32_t x = 0; x < n; x++) {
        bool open = false;
        for (uint32_t k = b->inc.off[x]; k < b->inc.off[x + 1]; k++)
            open |= !b->used[b->inc.seg[k]];
        if (!open)
            continue;
        b->junction[x] = 1;
        b->node_new[x] = next++;
        if (!walk_all(b, x))
            return zl_fail(err, ZL_ENOMEM, "out of memory building the road graph");
    }
    b->g->n_nodes = next;
    return ZL_OK;
}

/* Reverse CSR: per node the directed edges arriving at it. */
static zl_status make_reverse(zl_road_graph *g, zl_err *err)
{
    uint32_t n = g->n_nodes;
    g->in_off = calloc((size_t)n + 2, sizeof *g->in_off);
    uint64_t m = 0;
    for (uint32_t c = 0; c < g->n_chains; c++)
        m += isfinite(g->chain_tf[c]) + isfinite(g->chain_tb[c]);
    if (m >= 0x40000000u) /* the search keeps flags in the top bits of edge indices */
        return zl_fail(err, ZL_EINPUT, "road graph too large: %llu directed edges",
                       (unsigned long long)m);
    g->in_e = calloc(m + 1, sizeof *g->in_e);
    g->node_roads = calloc((size_t)n + 1, sizeof *g->node_roads);
    if (!g->in_off || !g->in_e || !g->node_roads)
        return zl_fail(err, ZL_ENOMEM, "out of memory building the road graph");
    for (uint32_t c = 0; c < g->n_chains; c++) {
        uint32_t open = g->chain_info[c] >> 16 & 1 ? 0 : ROADS_OPEN;
        g->node_roads[g->chain_a[c]] = (g->node_roads[g->chain_a[c]] + 1) | open;
        g->node_roads[g->chain_b[c]] = (g->node_roads[g->chain_b[c]] + 1) | open;
    }
    for (uint32_t c = 0; c < g->n_chains; c++) {
        g->in_off[g->chain_b[c] + 2] += isfinite(g->chain_tf[c]);
        g->in_off[g->chain_a[c] + 2] += isfinite(g->chain_tb[c]);
    }
    for (uint32_t v = 0; v < n; v++)
        g->in_off[v + 2] += g->in_off[v + 1];
    for (uint32_t c = 0; c < g->n_chains; c++) {
        uint32_t info = g->chain_info[c];
        uint8_t ba = (uint8_t)info, bb = (uint8_t)(info >> 8), r = (uint8_t)(info >> 16);
        /* OSRM: a turn from an unrestricted way onto a restricted one weighs max_turn_weight. */
        float ea = r && (g->node_roads[g->chain_a[c]] & ROADS_OPEN) ? ZL_ROAD_RESTRICTED_S : 0;
        float eb = r && (g->node_roads[g->chain_b[c]] & ROADS_OPEN) ? ZL_ROAD_RESTRICTED_S : 0;
        if (isfinite(g->chain_tf[c])) {
            uint32_t k = g->in_off[g->chain_b[c] + 1]++;
            g->in_e[k] = (road_edge){
                g->chain_a[c], g->chain_wf[c] + ea, g->chain_tf[c], g->chain_len[c], bb, ba, r, 0};
        }
        if (isfinite(g->chain_tb[c])) {
            uint32_t k = g->in_off[g->chain_a[c] + 1]++;
            g->in_e[k] = (road_edge){g->chain_b[c],
                                     g->chain_wb[c] + eb,
                                     g->chain_tb[c],
                                     g->chain_len[c],
                                     (uint8_t)(ba + 128),
                                     (uint8_t)(bb + 128),
                                     r,
                                     0};
        }
    }
    g->n_edges = m;
    return ZL_OK;
}

static zl_status build(builder *b, osm_raw *raw, const zl_progress *progress, zl_err *err)
{
    uint32_t n = (uint32_t)raw->n_nodes; /* including the barrier copies */
    const segs *s = b->s;
    uint8_t *keep = calloc((size_t)n + 1, 1), *kept_seg = calloc(s->n + 1, 1);
    zl_status st = keep && kept_seg ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
    roads_progress(progress, "building graph", 1, 4);
    if (st == ZL_OK)
        st = keep_largest_scc(n, s, keep, err);
    uint64_t dropped = 0;
    for (uint32_t x = 0; st == ZL_OK && x < n; x++)
        dropped += !keep[x] && raw->lat[x] != INT32_MIN;
    for (uint64_t i = 0; st == ZL_OK && i < s->n; i++)
        kept_seg[i] = keep[s->u[i]] && keep[s->v[i]];
    roads_progress(progress, "building graph", 2, 4);
    if (st == ZL_OK)
        st = make_incidence(n, s, kept_seg, &b->inc, err);
    b->junction = calloc((size_t)n + 1, 1);
    b->used = calloc(s->n + 1, 1);
    b->node_new = malloc(((size_t)n + 1) * sizeof *b->node_new);
    if (st == ZL_OK && (!b->junction || !b->used || !b->node_new))
        st = zl_fail(err, ZL_ENOMEM, "out of memory building the road graph");
    uint64_t through = 0;
    for (uint32_t x = 0; st == ZL_OK && x < n; x++) {
        b->junction[x] = keep[x] && b->inc.off[x + 1] > b->inc.off[x] && !is_through(s, &b->inc, x);
        through += keep[x] && !b->junction[x];
    }
    roads_progress(progress, "building graph", 3, 4);
    if (st == ZL_OK)
        st = make_chains(b, n, err);
    if (st == ZL_OK)
        st = make_reverse(b->g, err);
    zl_road_graph_info *info = &b->g->info;
    info->scc_dropped_nodes = dropped;
    info->nodes = b->g->n_nodes;
    info->edges = b->g->n_edges;
    info->merged_nodes = b->g->n_points - 2 * (uint64_t)b->g->n_chains;
    (void)through;
    free(keep);
    free(kept_seg);
    return st;
}

zl_status graph_from_raw(osm_raw *raw, zl_road_graph *g, const zl_progress *progress, zl_err *err)
{
    segs s = {0};
    builder b = {.raw = raw, .s = &s, .g = g};
    g->info.osm_ways = raw->n_ways;
    g->info.osm_nodes = raw->n_nodes;
    g->info.turn_restrictions_ignored = raw->restrictions;
    zl_status st = make_segments(raw, &s, err);
    if (st == ZL_OK && s.n == 0)
        st = zl_fail(err, ZL_EINPUT, "the extract has no road segment with both ends in it");
    if (st == ZL_OK)
        st = build(&b, raw, progress, err);
    if (st == ZL_OK)
        st = graph_index(g, err);
    roads_progress(progress, "building graph", 4, 4);
    segs_free(&s);
    free(b.inc.off);
    free(b.inc.seg);
    free(b.junction);
    free(b.used);
    free(b.node_new);
    return st;
}
