/* Lower bounds for the heuristic's gap. Lagrangian relaxation of the assignment
 * constraints (sum_j x_ij = 1, multipliers u_i): for fixed u the problem splits per
 * location into a continuous knapsack with the volume window [norm, capacity] (solved by
 * weighted selection on reduced cost per patient) and a small choice of open locations
 * (kept ones, those with negative value, the cheapest per required region). Any u gives a
 * valid bound; subgradient steps (Polyak, stopped once the bound stops rising) raise it. The
 * minimax bound is the smallest travel cap that passes the necessary reachability conditions. */
#include <float.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "opt_internal.h"

/* Subgradient parameters (see subgradient()). */
#define LR_MAX_ITERATIONS 400
#define LR_LAMBDA0        1.0
#define LR_STALL          5
#define LR_WINDOW         10
#define LR_PROGRESS       2e-5
/* First ratio margin of the positive items a location's knapsack looks at (relative). */
#define LR_MARGIN0 0.5

typedef struct item {
    double ratio, r; /* reduced cost per patient and in total */
    int64_t w;
    uint32_t i;
} item;

typedef struct pick {
    double value;  /* sum of reduced costs taken */
    double thr;    /* ratio threshold */
    double frac;   /* fraction taken of the items at the threshold */
    bool complete; /* the weight could be met */
} pick;

static void swap_items(item *a, item *b)
{
    item t = *a;
    *a = *b;
    *b = t;
}

/* Takes the smallest ratios up to weight `need` (fractionally at the threshold) by
 * three-way quickselect; reorders items. Linear expected time. */
static pick weighted_select(item *it, size_t n, double need)
{
    pick p = {0, INFINITY, 1, false};
    size_t lo = 0, hi = n;
    while (lo < hi && need > 0) {
        double pivot = it[lo + (hi - lo) / 2].ratio;
        size_t lt = lo, gt = hi, k = lo;
        while (k < gt) { /* [lo,lt) < pivot, [lt,k) == pivot, [gt,hi) > pivot */
            if (it[k].ratio < pivot)
                swap_items(&it[lt++], &it[k++]);
            else if (it[k].ratio > pivot)
                swap_items(&it[--gt], &it[k]);
            else
                k++;
        }
        double wl = 0, rl = 0, we = 0, re = 0;
        for (size_t q = lo; q < lt; q++) {
            wl += (double)it[q].w;
            rl += it[q].r;
        }
        if (wl >= need) {
            hi = lt;
            continue;
        }
        for (size_t q = lt; q < gt; q++) {
            we += (double)it[q].w;
            re += it[q].r;
        }
        p.value += rl;
        need -= wl;
        if (we >= need) {
            p.thr = pivot;
            p.frac = need / we;
            p.value += re * p.frac;
            p.complete = true;
            return p;
        }
        p.value += re;
        need -= we;
        lo = gt;
    }
    p.complete = need <= 0;
    return p;
}

/* What one location's knapsack takes in the current iteration: the positive-item
 * cutoff for the next one, and its x_ij as a slice of the iteration's take list. */
typedef struct knap {
    double cutoff; /* positive items with a larger ratio are left out */
    double margin; /* how far above the last threshold the next cutoff lies */
    size_t take_at, n_take;
} knap;

typedef struct take {
    uint32_t i;
    double x;
} take;

typedef struct ranked ranked;

struct opt_lagr {
    const opt_inst *in;
    double *u, *g, *v, *inv_d, *dd; /* dd: patients per area as double */
    size_t *n_arcs;                 /* arcs per location */
    double last;                    /* L(u) at the current u */
    bool *sel;
    knap *kn;
    item *items; /* one location's items: [0, n_neg) negative, [n_neg, n) positive */
    size_t n_neg, n;
    take *takes; /* every location's x_ij > 0 of the current iteration */
    size_t n_takes, cap_takes;
    bool no_memory;
    double *pt; /* primary cost transposed (per location, per area), INFINITY: no arc */
    ranked *rk;
};
typedef opt_lagr lagr;

/* Collects location j's items: every negative one, positive ones with ratio <= cutoff
 * (arcs that do not exist have an infinite cost and never pass). Negatives fill the
 * buffer from the front, positives from the back (they cannot meet: one slot per area),
 * then the positives move up behind the negatives. Returns the sum of negative reduced
 * costs; *wneg their weight, *left_out whether a positive item was left out. */
static double collect(lagr *L, size_t j, double cutoff, double *wneg, bool *left_out)
{
    const opt_inst *in = L->in;
    const double *pt = L->pt + j * in->n_areas;
    double neg = 0, wn = 0, lim = cutoff < DBL_MAX ? cutoff : DBL_MAX;
    size_t nn = 0, np = 0;
    item *it = L->items, *end = L->items + in->n_areas;
    for (size_t i = 0; i < in->n_areas; i++) {
        double r = pt[i] - L->u[i], ratio = r * L->inv_d[i];
        if (r < 0) {
            neg += r;
            wn += L->dd[i];
            it[nn++] = (item){ratio, r, in->d[i], (uint32_t)i};
        } else if (ratio <= lim) {
            np++;
            end[-(ptrdiff_t)np] = (item){ratio, r, in->d[i], (uint32_t)i};
        }
    }
    memmove(it + nn, end - np, np * sizeof *it);
    L->n_neg = nn;
    L->n = nn + np;
    *wneg = wn;
    *left_out = L->n < L->n_arcs[j];
    return neg;
}

/* Appends the items of [from, to) that the thresholds take (below thr fully, at thr the
 * fraction frac) to location j's slice of the take list. */
static void record_takes(lagr *L, size_t from, size_t to, double thr, double frac)
{
    if (L->n_takes + (to - from) > L->cap_takes) {
        size_t cap = 2 * (L->n_takes + (to - from));
        take *t = realloc(L->takes, cap * sizeof *t);
        if (!t) {
            L->no_memory = true;
            return;
        }
        L->takes = t;
        L->cap_takes = cap;
    }
    for (size_t q = from; q < to; q++) {
        const item *it = &L->items[q];
        double x = it->ratio < thr ? 1 : it->ratio == thr ? frac : 0;
        if (x > 0)
            L->takes[L->n_takes++] = (take){it->i, x};
    }
}

/* The per-location knapsack: its value, and in L->kn[j] which x_ij it takes. Positive
 * items beyond the cutoff (near the last threshold) are left out; when the rest cannot
 * reach the norm the items are collected again without a cutoff, so the value is exact
 * (left-out items have a ratio above the threshold, so they would not be taken). */
static double location_value(lagr *L, size_t j)
{
    const opt_inst *in = L->in;
    knap *k = &L->kn[j];
    double cap = in->has_cap ? (double)in->cap[j] : INFINITY, norm = (double)in->norm;
    double wneg;
    bool left_out;
    double value = collect(L, j, k->cutoff, &wneg, &left_out);
    k->take_at = L->n_takes;
    k->n_take = 0;
    if (wneg > cap) {
        pick p = weighted_select(L->items, L->n_neg, cap);
        record_takes(L, 0, L->n_neg, p.thr, p.frac);
        k->n_take = L->n_takes - k->take_at;
        return p.value;
    }
    pick p = {0, -INFINITY, 0, true};
    if (wneg < norm) {
        p = weighted_select(L->items + L->n_neg, L->n - L->n_neg, norm - wneg);
        if (!p.complete && left_out) {
            k->margin *= 4;
            value = collect(L, j, INFINITY, &wneg, &left_out);
            p = weighted_select(L->items + L->n_neg, L->n - L->n_neg, norm - wneg);
        }
        if (!p.complete)
            return INFINITY;
        k->cutoff = p.thr + k->margin * (fabs(p.thr) + 1);
    }
    record_takes(L, 0, L->n_neg, INFINITY, 1);
    record_takes(L, L->n_neg, L->n, p.thr, p.frac);
    k->n_take = L->n_takes - k->take_at;
    return value + p.value;
}

/* Subtracts location j's x_ij from the subgradient. */
static void take_x(lagr *L, size_t j)
{
    const knap *k = &L->kn[j];
    for (size_t q = k->take_at; q < k->take_at + k->n_take; q++)
        L->g[L->takes[q].i] -= L->takes[q].x;
}

struct ranked {
    double v;
    size_t j;
};

static int cmp_ranked(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (a->v != b->v)
        return a->v < b->v ? -1 : 1;
    return a->j < b->j ? -1 : a->j > b->j;
}

/* The cheapest usable location among those matching region r (r < 0: any). */
static size_t cheapest(const lagr *L, int32_t r)
{
    const opt_inst *in = L->in;
    size_t best = SIZE_MAX;
    for (size_t j = 0; j < in->n_cand; j++)
        if ((r < 0 || in->region[j] == r) && in->usable[j] && isfinite(L->v[j]) &&
            (best == SIZE_MAX || L->v[j] < L->v[best]))
            best = j;
    return best;
}

/* Chooses the open set of the relaxation: kept, negative (the most negative up to the
 * count cap), the cheapest per required region and at least one. With both the cap and
 * regions the cap is dropped, which only weakens the bound. Returns sum of chosen v. */
static double choose_open(lagr *L, ranked *rk)
{
    const opt_inst *in = L->in;
    size_t nsel = 0, nr = 0;
    for (size_t j = 0; j < in->n_cand; j++) {
        bool ok = in->usable[j] && isfinite(L->v[j]);
        L->sel[j] = ok && in->keep[j];
        nsel += L->sel[j];
        if (ok && !in->keep[j] && L->v[j] < 0)
            rk[nr++] = (ranked){L->v[j], j};
    }
    qsort(rk, nr, sizeof *rk, cmp_ranked);
    size_t room = (in->max_open && !in->regions) ? (size_t)in->max_open - nsel : nr;
    for (size_t k = 0; k < nr && k < room; k++)
        L->sel[rk[k].j] = true;
    for (size_t r = 0; r < in->n_regions; r++) {
        bool has = false, covered = false;
        for (size_t j = 0; j < in->n_cand; j++) {
            has = has || in->region[j] == (int32_t)r;
            covered = covered || (L->sel[j] && in->region[j] == (int32_t)r);
        }
        size_t b = (has && !covered) ? cheapest(L, (int32_t)r) : SIZE_MAX;
        if (b != SIZE_MAX)
            L->sel[b] = true;
    }
    bool any = false;
    for (size_t j = 0; j < in->n_cand; j++)
        any = any || L->sel[j];
    size_t b = any ? SIZE_MAX : cheapest(L, -1);
    if (b != SIZE_MAX)
        L->sel[b] = true;
    double sum = 0;
    for (size_t j = 0; j < in->n_cand; j++)
        if (L->sel[j])
            sum += L->v[j];
    return sum;
}

/* L(u) and its subgradient in L->g. */
static double evaluate(lagr *L, ranked *rk)
{
    const opt_inst *in = L->in;
    double val = 0;
    L->n_takes = 0;
    for (size_t i = 0; i < in->n_areas; i++) {
        val += L->u[i];
        L->g[i] = 1;
    }
    for (size_t j = 0; j < in->n_cand; j++)
        L->v[j] = in->usable[j] ? location_value(L, j) : INFINITY;
    val += choose_open(L, rk);
    for (size_t j = 0; j < in->n_cand; j++)
        if (L->sel[j])
            take_x(L, j);
    return val;
}

/* Raises *best by subgradient steps (Polyak steps towards `upper`, the heuristic's
 * value; the step factor halves after STALL iterations without a new best). Stops when
 * the bound meets upper, when the step factor is spent, or when the best bound rose by
 * less than LR_PROGRESS x upper over the last LR_WINDOW iterations: the ascent has
 * converged to what this step rule can reach, and more iterations cost more than they
 * prove. */
static void subgradient(lagr *L, ranked *rk, double upper, double *best)
{
    const opt_inst *in = L->in;
    double lambda = LR_LAMBDA0, window_best = *best;
    int stall = 0;
    for (int it = 1; it <= LR_MAX_ITERATIONS && lambda > 1e-4; it++) {
        double norm2 = 0;
        for (size_t i = 0; i < in->n_areas; i++)
            norm2 += L->g[i] * L->g[i];
        if (norm2 < 1e-12)
            return;
        double step = lambda * (upper - L->last) / norm2;
        for (size_t i = 0; i < in->n_areas; i++)
            L->u[i] += step * L->g[i];
        L->last = evaluate(L, rk);
        if (L->last > *best + 1e-9 * fabs(*best)) {
            *best = L->last;
            stall = 0;
        } else if (++stall >= LR_STALL) {
            lambda /= 2;
            stall = 0;
        }
        /* Out of memory for the take list: L(u) is still exact, the subgradient is not. */
        if (upper - *best <= 1e-7 * fabs(upper) || L->no_memory)
            return;
        if (it % LR_WINDOW == 0) {
            if (*best - window_best < LR_PROGRESS * fabs(upper))
                return;
            window_best = *best;
        }
    }
}

static bool lagr_init(lagr *L, const opt_inst *in)
{
    memset(L, 0, sizeof *L);
    L->in = in;
    size_t na = in->n_areas + 1, nc = in->n_cand + 1;
    L->u = malloc(na * sizeof *L->u);
    L->g = malloc(na * sizeof *L->g);
    L->inv_d = malloc(na * sizeof *L->inv_d);
    L->dd = malloc(na * sizeof *L->dd);
    L->n_arcs = calloc(nc, sizeof *L->n_arcs);
    L->v = malloc(nc * sizeof *L->v);
    L->sel = malloc(nc * sizeof *L->sel);
    L->kn = calloc(nc, sizeof *L->kn);
    L->items = malloc(na * sizeof *L->items);
    L->cap_takes = 2 * na;
    L->takes = malloc(L->cap_takes * sizeof *L->takes);
    L->pt = malloc((in->n_areas * in->n_cand + 1) * sizeof *L->pt);
    L->rk = malloc(nc * sizeof *L->rk);
    if (!L->u || !L->g || !L->inv_d || !L->dd || !L->n_arcs || !L->v || !L->sel || !L->kn ||
        !L->items || !L->takes || !L->pt || !L->rk)
        return false;
    for (size_t j = 0; j < in->n_cand; j++)
        L->kn[j] = (knap){.cutoff = INFINITY, .margin = LR_MARGIN0};
    for (size_t i = 0; i < in->n_areas; i++) {
        L->inv_d[i] = 1.0 / (double)in->d[i];
        L->dd[i] = (double)in->d[i];
        for (size_t j = 0; j < in->n_cand; j++) {
            size_t a = i * in->n_cand + j;
            L->pt[j * in->n_areas + i] = isfinite(in->cost[a]) ? in->primary[a] : INFINITY;
            L->n_arcs[j] += isfinite(in->cost[a]);
        }
    }
    /* Start: every area at its cheapest arc (the nearest-assignment bound). */
    for (size_t i = 0; i < in->n_areas; i++) {
        const uint32_t *row = in->order + i * in->n_cand;
        L->u[i] = in->n_order[i] ? in->primary[i * in->n_cand + row[0]] : 0;
        for (uint32_t k = 1; k < in->n_order[i]; k++) /* beyond45 ties on cost order */
            L->u[i] = fmin(L->u[i], in->primary[i * in->n_cand + row[k]]);
    }
    return true;
}

static void lagr_free(lagr *L)
{
    free(L->u);
    free(L->g);
    free(L->inv_d);
    free(L->dd);
    free(L->n_arcs);
    free(L->v);
    free(L->sel);
    free(L->kn);
    free(L->items);
    free(L->takes);
    free(L->pt);
    free(L->rk);
}

opt_lagr *opt_lagr_new(const opt_inst *in)
{
    lagr *L = malloc(sizeof *L);
    if (L && !lagr_init(L, in)) {
        lagr_free(L);
        free(L);
        L = NULL;
    }
    return L;
}

double opt_lagr_value(opt_lagr *L, const double *u, double *g)
{
    const opt_inst *in = L->in;
    memcpy(L->u, u, in->n_areas * sizeof *u);
    double v = evaluate(L, L->rk);
    if (g)
        memcpy(g, L->g, in->n_areas * sizeof *g);
    return L->no_memory ? NAN : v;
}

void opt_lagr_free(opt_lagr *L)
{
    if (L)
        lagr_free(L);
    free(L);
}

double opt_lagrangian_bound(const opt_inst *in, double upper)
{
    lagr L;
    double best = 0;
    if (lagr_init(&L, in)) {
        best = L.last = evaluate(&L, L.rk);
        if (isfinite(upper) && upper > best)
            subgradient(&L, L.rk, upper, &best);
    }
    lagr_free(&L);
    if (!isfinite(best))
        best = 0;
    /* Patients beyond 45 minutes are whole numbers. */
    if (in->objective == ZL_OBJ_BEYOND45)
        best = ceil(best - 1e-6);
    return best > upper ? upper : best;
}

/* Necessary conditions for a travel cap tau: every area has a usable candidate within
 * tau, every kept location and some location per required region reach the norm
 * within tau. */
static int64_t reach(const opt_inst *in, size_t j, double tau)
{
    int64_t r = 0;
    for (size_t i = 0; i < in->n_areas; i++)
        if (in->t[i * in->n_cand + j] <= tau && isfinite(in->cost[i * in->n_cand + j]))
            r += in->d[i];
    return r;
}

static bool tau_possible(const opt_inst *in, double tau)
{
    for (size_t i = 0; i < in->n_areas; i++)
        if (in->n_order[i] == 0 || in->t[i * in->n_cand + in->order[i * in->n_cand]] > tau)
            return false;
    for (size_t j = 0; j < in->n_cand; j++)
        if (in->keep[j] && reach(in, j, tau) < in->norm)
            return false;
    for (size_t r = 0; r < in->n_regions; r++) {
        bool has = false, ok = false;
        for (size_t j = 0; j < in->n_cand && !ok; j++) {
            if (in->region[j] != (int32_t)r)
                continue;
            has = true;
            ok = in->usable[j] && reach(in, j, tau) >= in->norm;
        }
        if (has && !ok)
            return false;
    }
    return true;
}

static int cmp_f(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

double opt_minimax_bound(const opt_inst *in)
{
    size_t m = in->n_areas * in->n_cand, n = 0;
    float *ts = malloc((m + 1) * sizeof *ts);
    if (!ts)
        return 0;
    for (size_t a = 0; a < m; a++)
        if (isfinite(in->cost[a]))
            ts[n++] = in->t[a];
    qsort(ts, n, sizeof *ts, cmp_f);
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (tau_possible(in, ts[mid]))
            hi = mid;
        else
            lo = mid + 1;
    }
    double b = lo < n ? ts[lo] : 0;
    free(ts);
    return b;
}
