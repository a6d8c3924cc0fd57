/* The norm repair of the assignment subproblem: an open location below the norm pulls the
 * areas that are cheapest per patient to move, in the order (extra cost per patient, area),
 * from donors that stay at or above the norm, until it reaches the norm. Two ways to
 * produce that order, with the same moves:
 *   - a scan over every area (opt_assign on its own);
 *   - in the heuristic's local search, where thousands of assignments are for open sets
 *     that differ from the incumbent's by one or two locations: per location a list of
 *     the areas sorted once per incumbent, by their cost relative to the incumbent's
 *     nearest assignment, merged with the few "dirty" areas whose current cost differs
 *     from that (their keys computed on the spot). The scan over every area per repaired
 *     location was ~90 % of the heuristic's time.
 * An area that cannot move to j once cannot later in the same repair (j only gains
 * patients, donors only lose them, and an area's location only changes to j), so checking
 * at the moment of the move what the scan checks up front gives the same moves. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "opt_internal.h"

typedef struct pull {
    double key; /* extra cost per patient of moving the area to j */
    uint32_t i;
} pull;

/* Pulls sorted on demand: the first `sorted` are the smallest, in order. */
typedef struct lazy {
    pull *p;
    size_t n, sorted;
} lazy;

struct opt_pulls {
    const opt_inst *in;
    double tau;
    double *base;       /* per area: cost to its nearest open location of the reference */
    pull *pool;         /* room for the lists: n_areas per candidate */
    lazy *lists;        /* per candidate j: its pulls against base */
    bool *built;        /* per candidate: list built for the current reference */
    bool *dirty;        /* per area: current cost differs from base */
    uint32_t *dirty_at; /* the dirty areas */
    uint32_t *sorted;   /* the same, ascending (opt_pulls_dirty) */
    size_t n_dirty;
    pull *buf; /* one repair's pulls of dirty areas */
};

static bool pull_less(const pull *a, const pull *b)
{
    return a->key < b->key || (a->key == b->key && a->i < b->i);
}

static bool can_pull(const opt_inst *in, const opt_sol *s, size_t i, uint32_t j)
{
    uint32_t k = s->dest[i];
    return k != j && s->vol[k] - in->d[i] >= in->norm && s->vol[j] + in->d[i] <= in->cap[j];
}

/* Moves the m smallest pulls (by key, then area) to the front, unordered: quickselect
 * on a strict total order, so the outcome does not depend on the pivots. */
static void select_front(pull *p, size_t n, size_t m)
{
    size_t lo = 0, hi = n;
    while (hi - lo > 1 && m > lo && m < hi) {
        pull pivot = p[lo + (hi - lo) / 2];
        size_t a = lo, b = hi;
        for (size_t k = lo; k < b;) {
            if (pull_less(&p[k], &pivot)) {
                pull t = p[a];
                p[a++] = p[k];
                p[k++] = t;
            } else if (pull_less(&pivot, &p[k])) {
                pull t = p[--b];
                p[b] = p[k];
                p[k] = t;
            } else {
                k++;
            }
        }
        if (m <= a)
            hi = a;
        else if (m >= b)
            lo = b;
        else
            return;
    }
}

/* Sorts p[0..n) by pull_less: heap sort with inline comparisons (qsort's callback cost
 * more than the comparisons themselves). */
static void sort_pulls(pull *p, size_t n)
{
    for (size_t end = n, start = n / 2;;) {
        if (start > 0) {
            start--;
        } else {
            if (end <= 1)
                return;
            pull t = p[0];
            p[0] = p[--end];
            p[end] = t;
        }
        for (size_t k = start, c; (c = 2 * k + 1) < end; k = c) {
            if (c + 1 < end && pull_less(&p[c], &p[c + 1]))
                c++;
            if (!pull_less(&p[k], &p[c]))
                break;
            pull t = p[k];
            p[k] = p[c];
            p[c] = t;
        }
    }
}

/* Whether entry a exists, sorting the next part when a lies beyond the sorted part: a
 * repair reads only the first few dozen entries of a list of every area. */
static bool lazy_has(lazy *l, size_t a)
{
    if (a < l->sorted)
        return true;
    if (a >= l->n)
        return false;
    size_t take = l->sorted < 32 ? 64 : 2 * l->sorted;
    take = take < l->n - l->sorted ? take : l->n - l->sorted;
    select_front(l->p + l->sorted, l->n - l->sorted, take);
    sort_pulls(l->p + l->sorted, take);
    l->sorted += take;
    return true;
}

/* By a scan over every area. Only the cheapest few pulls are sorted; the rest only when
 * those do not suffice. buf holds one pull per area. */
static bool repair_scan(const opt_inst *in, opt_sol *s, uint32_t j, double tau, pull *buf)
{
    size_t n = 0;
    for (size_t i = 0; i < in->n_areas; i++) {
        double cij = opt_col_cost(in, j, i, tau);
        if (isfinite(cij) && can_pull(in, s, i, j))
            buf[n++] = (pull){(cij - s->dcost[i]) / (double)in->d[i], (uint32_t)i};
    }
    size_t done = 0, m = 32 + 4 * (size_t)(in->norm - s->vol[j]);
    while (done < n && s->vol[j] < in->norm) {
        size_t take = n - done < m ? n - done : m;
        select_front(buf + done, n - done, take);
        sort_pulls(buf + done, take);
        for (size_t k = done; k < done + take && s->vol[j] < in->norm; k++)
            if (can_pull(in, s, buf[k].i, j))
                opt_move(in, s, buf[k].i, j, tau);
        done += take;
        m *= 4;
    }
    return s->vol[j] >= in->norm;
}

static void mark_dirty(opt_pulls *p, uint32_t i)
{
    if (!p->dirty[i]) {
        p->dirty[i] = true;
        p->dirty_at[p->n_dirty++] = i;
    }
}

/* j's pulls against the reference's nearest costs (sorted on demand). */
static void build_list(opt_pulls *p, uint32_t j)
{
    const opt_inst *in = p->in;
    pull *l = p->pool + (size_t)j * in->n_areas;
    size_t n = 0;
    for (size_t i = 0; i < in->n_areas; i++) {
        double cij = opt_col_cost(in, j, i, p->tau);
        if (isfinite(cij) && isfinite(p->base[i]))
            l[n++] = (pull){(cij - p->base[i]) / (double)in->d[i], (uint32_t)i};
    }
    p->lists[j] = (lazy){l, n, 0};
    p->built[j] = true;
}

/* By merging j's list (its clean areas: their key there is the one a scan would compute)
 * with the dirty areas' pulls. */
static bool repair_merged(const opt_inst *in, opt_sol *s, uint32_t j, double tau, opt_pulls *p)
{
    if (!p->built[j])
        build_list(p, j);
    size_t nd = 0;
    for (size_t k = 0; k < p->n_dirty; k++) {
        uint32_t i = p->dirty_at[k];
        double cij = opt_col_cost(in, j, i, tau);
        if (isfinite(cij) && can_pull(in, s, i, j))
            p->buf[nd++] = (pull){(cij - s->dcost[i]) / (double)in->d[i], i};
    }
    lazy dl = {p->buf, nd, 0}, *cl = &p->lists[j];
    size_t a = 0, b = 0;
    while (s->vol[j] < in->norm) {
        while (lazy_has(cl, a) && p->dirty[cl->p[a].i])
            a++;
        const pull *next;
        bool more = lazy_has(&dl, b);
        if (lazy_has(cl, a) && (!more || pull_less(&cl->p[a], &dl.p[b])))
            next = &cl->p[a++];
        else if (more)
            next = &dl.p[b++];
        else
            break;
        if (can_pull(in, s, next->i, j)) {
            opt_move(in, s, next->i, j, tau);
            mark_dirty(p, next->i);
        }
    }
    return s->vol[j] >= in->norm;
}

bool opt_repair_norm(const opt_inst *in, opt_sol *s, uint32_t j, double tau, opt_pulls *p)
{
    _Static_assert(sizeof(pull) <= 2 * sizeof(double), "scratch holds one pull per area");
    if (!p)
        return repair_scan(in, s, j, tau, s->scratch);
    assert(p->in == in && p->tau == tau);
    return repair_merged(in, s, j, tau, p);
}

void opt_pulls_begin(opt_pulls *p, const opt_sol *s)
{
    for (size_t k = 0; k < p->n_dirty; k++)
        p->dirty[p->dirty_at[k]] = false;
    p->n_dirty = 0;
    for (size_t i = 0; i < p->in->n_areas; i++)
        if (s->dcost[i] != p->base[i])
            mark_dirty(p, (uint32_t)i);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

const uint32_t *opt_pulls_dirty(opt_pulls *p, size_t *n)
{
    memcpy(p->sorted, p->dirty_at, p->n_dirty * sizeof *p->sorted);
    qsort(p->sorted, p->n_dirty, sizeof *p->sorted, cmp_u32);
    *n = p->n_dirty;
    return p->sorted;
}

void opt_pulls_reset(opt_pulls *p, const bool *open, double tau)
{
    const opt_inst *in = p->in;
    p->tau = tau;
    for (size_t i = 0; i < in->n_areas; i++) {
        const uint32_t *row = in->order + i * in->n_cand;
        p->base[i] = INFINITY;
        for (uint32_t k = 0; k < in->n_order[i]; k++) {
            size_t a = i * in->n_cand + row[k];
            if (in->t[a] > tau)
                break;
            if (open[row[k]]) {
                p->base[i] = in->cost[a];
                break;
            }
        }
    }
    memset(p->built, 0, in->n_cand * sizeof *p->built);
}

opt_pulls *opt_pulls_new(const opt_inst *in)
{
    opt_pulls *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->in = in;
    p->tau = INFINITY;
    p->base = malloc((in->n_areas + 1) * sizeof *p->base);
    p->pool = malloc((in->n_cand * in->n_areas + 1) * sizeof *p->pool);
    p->lists = calloc(in->n_cand + 1, sizeof *p->lists);
    p->built = calloc(in->n_cand + 1, sizeof *p->built);
    p->dirty = calloc(in->n_areas + 1, sizeof *p->dirty);
    p->dirty_at = malloc((in->n_areas + 1) * sizeof *p->dirty_at);
    p->sorted = malloc((in->n_areas + 1) * sizeof *p->sorted);
    p->buf = malloc((in->n_areas + 1) * sizeof *p->buf);
    if (!p->base || !p->pool || !p->lists || !p->built || !p->dirty || !p->dirty_at || !p->sorted ||
        !p->buf) {
        opt_pulls_free(p);
        return NULL;
    }
    for (size_t i = 0; i < in->n_areas; i++)
        p->base[i] = INFINITY;
    return p;
}

void opt_pulls_free(opt_pulls *p)
{
    if (!p)
        return;
    free(p->base);
    free(p->pool);
    free(p->lists);
    free(p->built);
    free(p->dirty);
    free(p->dirty_at);
    free(p->sorted);
    free(p->buf);
    free(p);
}
