/* The many-to-many table: every point snapped once, then one Dijkstra search per
 * destination on the reversed graph, which gives the time from every junction to that
 * destination; each origin then needs only the two ends of its own edge. The searches are
 * shared out over threads (each with its own work arrays; the graph is read-only).
 *
 * The search minimises a weight (time, plus OSRM's routability penalties: narrow or
 * service ways, entering a restricted way) and reports the time and distance of the route
 * it picks. Turn durations at junctions of more than two roads are charged from the angle
 * between the edge relaxed and the first edge of the best route found from the junction
 * (a node-based approximation of OSRM's edge-based graph: exact when that best route is
 * also the best after the turn, which it is at almost every junction). */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "roads_internal.h"

/* A snapped point: position on its chain, times and distances to and from the chain's
 * ends, and the access leg. Fields towards a closed direction are INFINITY. */
typedef struct place {
    bool ok;
    uint32_t chain;
    double d_from_a;       /* metres from a along the chain */
    double t_a_to, t_to_b; /* seconds: a -> P, P -> b (chain driven a -> b) */
    double t_b_to, t_to_a; /* seconds: b -> P, P -> a (chain driven b -> a) */
    double kf, kb;         /* weight per second of the chain each way */
    double d_a, d_b;       /* metres P <-> a, P <-> b */
    double access_s, access_m;
} place;

static place place_of(const zl_road_graph *g, zl_road_snap s, const zl_road_opts *o)
{
    place q = {.ok = s.ok};
    if (!s.ok)
        return q;
    uint32_t c = s.chain, p = s.seg;
    q.chain = c;
    double t = s.t;
    q.d_from_a = g->pt_d[p] + t * (g->pt_d[p + 1] - g->pt_d[p]);
    q.d_a = q.d_from_a;
    q.d_b = g->chain_len[c] - q.d_from_a;
    if (isfinite(g->chain_tf[c])) {
        q.t_a_to = g->pt_tf[p] + t * (g->pt_tf[p + 1] - g->pt_tf[p]);
        q.t_to_b = g->chain_tf[c] - q.t_a_to;
    } else {
        q.t_a_to = q.t_to_b = INFINITY;
    }
    if (isfinite(g->chain_tb[c])) {
        q.t_to_a = g->pt_tb[p] + t * (g->pt_tb[p + 1] - g->pt_tb[p]);
        q.t_b_to = g->chain_tb[c] - q.t_to_a;
    } else {
        q.t_to_a = q.t_b_to = INFINITY;
    }
    q.kf = g->chain_tf[c] > 0 ? g->chain_wf[c] / g->chain_tf[c] : 1;
    q.kb = g->chain_tb[c] > 0 ? g->chain_wb[c] / g->chain_tb[c] : 1;
    if (o->access_kmh > 0) {
        q.access_m = s.dist_m;
        q.access_s = s.dist_m / (o->access_kmh / 3.6);
    }
    return q;
}

/* Per-thread work arrays of one backward search. The heap holds (key, node) pairs, so
 * sifting compares keys in the heap itself instead of chasing node indices; 4-ary for
 * fewer levels. */
typedef struct hent {
    float key;
    uint32_t v;
} hent;

/* Per node: best weight, time and distance to the destination, index in the heap (or
 * UNSEEN, DONE), a copy of the graph's first in-edge with the "needed" and "junction"
 * flags in its top bits, and the bearing of the route's first edge from here, together (24 bytes)
 * so settling a node costs one cache line instead of several: a search over a country-sized graph
 * is bound by memory misses, not by arithmetic. */
typedef struct nstate {
    float w, t, d;
    uint32_t pos;
    uint32_t first;       /* NEED_BIT | JUNC_BIT | index of the first in-edge */
    uint8_t brg, at_node; /* at_node: AT_NODE when the destination is this node */
} nstate;

#define NEED_BIT  0x80000000u
#define JUNC_BIT  0x40000000u /* more than two roads meet: turns cost time */
#define EDGE_MASK 0x3fffffffu
#define AT_NODE   1u

typedef struct work {
    float turn[256]; /* seconds of a turn by (bearing out - bearing in) in 256 steps */
    nstate *s;
    hent *heap;
    uint32_t n_heap;
    uint32_t *touched;
    uint32_t n_touched;
} work;

#define UNSEEN UINT32_MAX
#define DONE   (UINT32_MAX - 1)

static void sift_up(work *w, uint32_t i, hent e)
{
    while (i > 0) {
        uint32_t parent = (i - 1) / 4;
        if (w->heap[parent].key <= e.key)
            break;
        w->heap[i] = w->heap[parent];
        w->s[w->heap[i].v].pos = i;
        i = parent;
    }
    w->heap[i] = e;
    w->s[e.v].pos = i;
}

static uint32_t pop_min(work *w)
{
    uint32_t top = w->heap[0].v, n = --w->n_heap, i = 0;
    hent last = w->heap[n];
    for (;;) {
        uint32_t c = 4 * i + 1, m = i;
        float mk = last.key;
        uint32_t end = c + 4 < n ? c + 4 : n;
        for (; c < end; c++)
            if (w->heap[c].key < mk) {
                m = c;
                mk = w->heap[c].key;
            }
        if (m == i)
            break;
        w->heap[i] = w->heap[m];
        w->s[w->heap[i].v].pos = i;
        i = m;
    }
    if (n) {
        w->heap[i] = last;
        w->s[last.v].pos = i;
    }
    w->s[top].pos = DONE;
    return top;
}

/* A label: weight, time, distance to the destination, the first edge's bearing, and
 * whether the node is the destination itself. */
typedef struct label {
    float w, t, d;
    uint8_t brg, at_node;
} label;

static inline void relax(work *w, uint32_t v, label l)
{
    nstate *n = &w->s[v];
    uint32_t p = n->pos;
    if (p == DONE)
        return;
    if (p == UNSEEN) {
        w->touched[w->n_touched++] = v;
        p = w->n_heap++;
    } else if (!(l.w < n->w)) {
        return;
    }
    n->w = l.w;
    n->t = l.t;
    n->d = l.d;
    n->brg = l.brg;
    n->at_node = l.at_node;
    sift_up(w, p, (hent){l.w, v});
}

/* Turn time of arriving over an edge (bearing brg_in) at node state n and going on along
 * n's route. */
static inline float turn_s(const work *w, const nstate *n, uint8_t brg_in)
{
    return (n->first & JUNC_BIT) && !n->at_node ? w->turn[(uint8_t)(n->brg - brg_in)] : 0.0f;
}

static void reset(work *w)
{
    for (uint32_t i = 0; i < w->n_touched; i++)
        w->s[w->touched[i]].pos = UNSEEN;
    w->n_touched = w->n_heap = 0;
}

/* The restricted-entry weight of driving into chain c from its end x (see make_reverse). */
static float entry_w(const zl_road_graph *g, uint32_t c, uint32_t x)
{
    return (g->chain_info[c] >> 16 & 1) && (g->node_roads[x] & ROADS_OPEN)
               ? (float)ZL_ROAD_RESTRICTED_S
               : 0.0f;
}

/* Times from every junction to destination q (until every needed node is settled). A
 * destination exactly at a junction is reached there: no turn, no restricted chain. */
static void search_to(const zl_road_graph *g, const place *q, uint32_t n_need, work *w)
{
    reset(w);
    uint32_t c = q->chain, a = g->chain_a[c], b = g->chain_b[c], info = g->chain_info[c];
    if (isfinite(q->t_a_to))
        relax(w, a,
              (label){(float)(q->t_a_to * q->kf + (q->d_a > 0 ? entry_w(g, c, a) : 0)),
                      (float)q->t_a_to, (float)q->d_a, (uint8_t)info, q->d_a == 0 ? AT_NODE : 0});
    if (isfinite(q->t_b_to))
        relax(w, b,
              (label){(float)(q->t_b_to * q->kb + (q->d_b > 0 ? entry_w(g, c, b) : 0)),
                      (float)q->t_b_to, (float)q->d_b, (uint8_t)((info >> 8) + 128),
                      q->d_b == 0 ? AT_NODE : 0});
    uint32_t settled = 0;
    while (w->n_heap && settled < n_need) {
        uint32_t v = pop_min(w);
        const nstate *n = &w->s[v];
        settled += n->first >> 31;
        for (const road_edge *e = g->in_e + (n->first & EDGE_MASK),
                             *end = g->in_e + (w->s[v + 1].first & EDGE_MASK);
             e < end; e++) {
            float turn = turn_s(w, n, e->brg_in);
            relax(w, e->from,
                  (label){n->w + e->w + turn, n->t + e->t + turn, n->d + e->d, e->brg_out,
                          e->restricted});
        }
    }
}

/* Origin o leaves its chain at junction x (arriving with bearing brg): weight and time
 * from o on, or INFINITY when x was not reached. */
static void via(const work *w, uint32_t x, double o_w, double o_t, uint8_t brg, double *bw,
                double *bt)
{
    const nstate *n = &w->s[x];
    *bw = *bt = INFINITY;
    if (!isfinite(o_t) || n->pos != DONE)
        return;
    double turn = o_t > 0 ? turn_s(w, n, brg) : 0; /* an origin at x itself does not turn */
    *bw = o_w + n->w + turn;
    *bt = o_t + n->t + turn;
}

/* Origin o to the searched destination q: via either end of o's chain, or straight along
 * the chain when both are on the same one; the least weight wins. */
static void answer(const zl_road_graph *g, const work *w, const place *o, const place *q,
                   double *min, double *km)
{
    double best = INFINITY, time = NAN, dist = NAN, bw, bt;
    uint32_t c = o->chain, a = g->chain_a[c], b = g->chain_b[c], info = g->chain_info[c];
    via(w, b, o->t_to_b * o->kf, o->t_to_b, (uint8_t)(info >> 8), &bw, &bt);
    if (bw < best) {
        best = bw;
        time = bt;
        dist = o->d_b + w->s[b].d;
    }
    via(w, a, o->t_to_a * o->kb, o->t_to_a, (uint8_t)((info & 255) + 128), &bw, &bt);
    if (bw < best) {
        best = bw;
        time = bt;
        dist = o->d_a + w->s[a].d;
    }
    if (o->chain == q->chain) {
        double along = q->d_from_a - o->d_from_a;
        if (along >= 0 && isfinite(o->t_a_to) && (q->t_a_to - o->t_a_to) * o->kf < best) {
            best = (q->t_a_to - o->t_a_to) * o->kf;
            time = q->t_a_to - o->t_a_to;
            dist = along;
        }
        if (along <= 0 && isfinite(o->t_to_a) && (o->t_to_a - q->t_to_a) * o->kb < best) {
            best = (o->t_to_a - q->t_to_a) * o->kb;
            time = o->t_to_a - q->t_to_a;
            dist = -along;
        }
    }
    if (!isfinite(best)) {
        *min = *km = NAN;
        return;
    }
    *min = (time + o->access_s + q->access_s) / 60.0;
    *km = (dist + o->access_m + q->access_m) / 1000.0;
}

typedef struct job {
    const zl_road_graph *g;
    const place *from, *to;
    size_t n_from, n_to;
    const uint8_t *need;
    uint32_t n_need;
    double *min, *km;
    atomic_size_t next, done;
    atomic_bool oom;
} job;

static bool work_init(work *w, const zl_road_graph *g, const uint8_t *need)
{
    uint32_t n = g->n_nodes;
    *w = (work){0};
    w->s = malloc(((size_t)n + 1) * sizeof *w->s);
    w->heap = malloc(((size_t)n + 1) * sizeof *w->heap);
    w->touched = malloc(((size_t)n + 1) * sizeof *w->touched);
    if (!w->s || !w->heap || !w->touched)
        return false;
    for (uint32_t v = 0; v <= n; v++) {
        uint32_t f = g->in_off[v];
        if (v < n) {
            f |= need[v] ? NEED_BIT : 0;
            f |= (g->node_roads[v] & ROADS_COUNT) > 2 ? JUNC_BIT : 0;
        }
        w->s[v] = (nstate){.pos = UNSEEN, .first = f};
    }
    for (int k = 0; k < 256; k++)
        w->turn[k] = (float)zl_road_turn_s((k > 128 ? k - 256 : k) * 360.0 / 256);
    return true;
}

static void work_free(work *w)
{
    free(w->s);
    free(w->heap);
    free(w->touched);
}

/* Takes destinations until none are left; with progress only on the calling thread. */
static void run_jobs(job *J, const zl_progress *progress)
{
    work w;
    if (!work_init(&w, J->g, J->need)) {
        atomic_store(&J->oom, true);
        work_free(&w);
        return;
    }
    size_t j;
    while ((j = atomic_fetch_add(&J->next, 1)) < J->n_to) {
        const place *q = &J->to[j];
        if (q->ok)
            search_to(J->g, q, J->n_need, &w);
        for (size_t i = 0; i < J->n_from; i++) {
            double *m = &J->min[i * J->n_to + j], *k = &J->km[i * J->n_to + j];
            if (q->ok && J->from[i].ok)
                answer(J->g, &w, &J->from[i], q, m, k);
            else
                *m = *k = NAN;
        }
        size_t done = atomic_fetch_add(&J->done, 1) + 1;
        roads_progress(progress, "routing", done, J->n_to);
    }
    work_free(&w);
}

static void *thread_main(void *arg)
{
    run_jobs(arg, NULL);
    return NULL;
}

zl_road_opts zl_road_opts_default(void)
{
    return (zl_road_opts){.access_kmh = 20, .max_snap_m = 5000, .threads = 2};
}

static place *snap_all(const zl_road_graph *g, const zl_road_opts *o, const zl_geo_point *p,
                       size_t n, bool *far)
{
    place *v = malloc((n + 1) * sizeof *v);
    for (size_t i = 0; v && i < n; i++) {
        v[i] = place_of(g, zl_road_snap_point(g, p[i], o->max_snap_m), o);
        if (far)
            far[i] = !v[i].ok;
    }
    return v;
}

zl_status zl_road_matrix(const zl_road_graph *g, const zl_road_opts *o, const zl_geo_point *from,
                         size_t n_from, const zl_geo_point *to, size_t n_to, double *minutes,
                         double *km, bool *far_from, bool *far_to, const zl_progress *progress,
                         zl_err *err)
{
    job J = {.g = g, .n_from = n_from, .n_to = n_to, .min = minutes, .km = km};
    place *pf = snap_all(g, o, from, n_from, far_from), *pt = snap_all(g, o, to, n_to, far_to);
    uint8_t *need = calloc((size_t)g->n_nodes + 1, 1);
    zl_status st = pf && pt && need ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory routing");
    for (size_t i = 0; st == ZL_OK && i < n_from; i++) {
        if (!pf[i].ok)
            continue;
        uint32_t ends[2] = {g->chain_a[pf[i].chain], g->chain_b[pf[i].chain]};
        for (int e = 0; e < 2; e++) {
            J.n_need += !need[ends[e]];
            need[ends[e]] = 1;
        }
    }
    J.from = pf;
    J.to = pt;
    J.need = need;
    int threads = o->threads > 0 ? o->threads : 2;
    pthread_t tid[16];
    int started = 0;
    for (int t = 1; st == ZL_OK && t < threads && t < 16; t++)
        started += pthread_create(&tid[started], NULL, thread_main, &J) == 0;
    if (st == ZL_OK)
        run_jobs(&J, progress);
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    if (st == ZL_OK && atomic_load(&J.oom))
        st = zl_fail(err, ZL_ENOMEM, "out of memory routing");
    free(pf);
    free(pt);
    free(need);
    return st;
}
