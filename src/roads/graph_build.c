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
} segs;

static void segs_free(segs *s)
{
    free(s->u);
    free(s->v);
    free(s->len);
    free(s->tf);
    free(s->tb);
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

/* Every consecutive node pair of every way whose nodes both have coordinates. */
static zl_status make_segments(const osm_raw *r, segs *s, zl_err *err)
{
    uint64_t cap = r->n_refs + 1;
    s->u = malloc(cap * sizeof *s->u);
    s->v = malloc(cap * sizeof *s->v);
    s->len = malloc(cap * sizeof *s->len);
    s->tf = malloc(cap * sizeof *s->tf);
    s->tb = malloc(cap * sizeof *s->tb);
    if (!s->u || !s->v || !s->len || !s->tf || !s->tb)
        return zl_fail(err, ZL_ENOMEM, "out of memory building the road graph");
    for (uint64_t w = 0; w < r->n_ways; w++) {
        double L = r->way_ferry_s[w] > 0 ? way_length(r, w) : 0;
        for (uint64_t i = r->way_first[w]; i + 1 < r->way_first[w + 1]; i++) {
            int64_t a = r->refs[i], b = r->refs[i + 1];
            if (a == b || r->lat[a] == INT32_MIN || r->lat[b] == INT32_MIN)
                continue;
            double len = roads_dist_m(r->lat[a], r->lon[a], r->lat[b], r->lon[b]);
            s->u[s->n] = (uint32_t)a;
            s->v[s->n] = (uint32_t)b;
            s->len[s->n] = (float)len;
            s->tf[s->n] = seg_time(len, r->way_fwd[w], r->way_ferry_s[w], L);
            s->tb[s->n] = seg_time(len, r->way_bwd[w], r->way_ferry_s[w], L);
            s->n++;
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
    return p != q && s1 != s2 && isfinite(b1) == isfinite(o2) && isfinite(b2) == isfinite(o1);
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

static bool reserve(builder *b, uint64_t chains, uint64_t points)
{
    zl_road_graph *g = b->g;
    if (chains > b->cap_chains) {
        uint64_t c = b->cap_chains ? b->cap_chains * 2 : 1024;
        while (c < chains)
            c *= 2;
        void *p1 = realloc(g->chain_a, c * 4), *p2 = p1 ? realloc(g->chain_b, c * 4) : NULL;
        if (p1)
            g->chain_a = p1;
        if (p2)
            g->chain_b = p2;
        void *p3 = p2 ? realloc(g->chain_pt, (c + 1) * 4) : NULL;
        if (p3)
            g->chain_pt = p3;
        void *p4 = p3 ? realloc(g->chain_tf, c * 4) : NULL;
        if (p4)
            g->chain_tf = p4;
        void *p5 = p4 ? realloc(g->chain_tb, c * 4) : NULL;
        if (p5)
            g->chain_tb = p5;
        void *p6 = p5 ? realloc(g->chain_len, c * 4) : NULL;
        if (p6)
            g->chain_len = p6;
        if (!p6)
            return false;
        b->cap_chains = c;
    }
    if (points > b->cap_points) {
        uint64_t c = b->cap_points ? b->cap_points * 2 : 4096;
        while (c < points)
            c *= 2;
        void **arr[] = {(void **)&g->pt_lat, (void **)&g->pt_lon, (void **)&g->pt_d,
                        (void **)&g->pt_tf, (void **)&g->pt_tb};
        for (size_t i = 0; i < 5; i++) {
            void *p = realloc(*arr[i], c * 4);
            if (!p)
                return false;
            *arr[i] = p;
        }
        b->cap_points = c;
    }
    return true;
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
    double d = 0, tf = 0, tb = 0;
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
    if (m >= 0x80000000u) /* the search keeps a flag in the top bit of edge indices */
        return zl_fail(err, ZL_EINPUT, "road graph too large: %llu directed edges",
                       (unsigned long long)m);
    g->in_e = malloc((m + 1) * sizeof *g->in_e);
    if (!g->in_off || !g->in_e)
        return zl_fail(err, ZL_ENOMEM, "out of memory building the road graph");
    for (uint32_t c = 0; c < g->n_chains; c++) {
        g->in_off[g->chain_b[c] + 2] += isfinite(g->chain_tf[c]);
        g->in_off[g->chain_a[c] + 2] += isfinite(g->chain_tb[c]);
    }
    for (uint32_t v = 0; v < n; v++)
        g->in_off[v + 2] += g->in_off[v + 1];
    for (uint32_t c = 0; c < g->n_chains; c++) {
        if (isfinite(g->chain_tf[c])) {
            uint32_t k = g->in_off[g->chain_b[c] + 1]++;
            g->in_e[k] = (road_edge){g->chain_a[c], g->chain_tf[c], g->chain_len[c]};
        }
        if (isfinite(g->chain_tb[c])) {
            uint32_t k = g->in_off[g->chain_a[c] + 1]++;
            g->in_e[k] = (road_edge){g->chain_b[c], g->chain_tb[c], g->chain_len[c]};
        }
    }
    g->n_edges = m;
    return ZL_OK;
}

static zl_status build(builder *b, osm_raw *raw, const zl_progress *progress, zl_err *err)
{
    uint32_t n = (uint32_t)raw->n_nodes;
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
