/* Lower bounds for the heuristic's gap. Lagrangian relaxation of the assignment
 * constraints (sum_j x_ij = 1, multipliers u_i): for fixed u the problem splits per
 * location into a continuous knapsack with the volume window [norm, capacity] (solved by
 * weighted selection on reduced cost per patient) and a small choice of open locations
 * (kept ones, those with negative value, the cheapest per required region). Any u gives a
 * valid bound; subgradient steps (Polyak, fixed iteration budget) raise it. The minimax
 * bound is the smallest travel cap that passes the necessary reachability conditions. */
#include <stdlib.h>
#include <string.h>

#include "opt_internal.h"

#define LR_ITERATIONS 150

typedef struct item {
    double ratio, r;
    int64_t w;
} item;

typedef struct pick {
    double value;  /* sum of reduced costs taken */
    double thr;    /* ratio threshold */
    double frac;   /* fraction taken of the items at the threshold */
    bool complete; /* the weight could be met */
} pick;

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
            if (it[k].ratio < pivot) {
                item tmp = it[lt];
                it[lt++] = it[k];
                it[k++] = tmp;
            } else if (it[k].ratio > pivot) {
                item tmp = it[--gt];
                it[gt] = it[k];
                it[k] = tmp;
            } else {
                k++;
            }
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

/* Where a location's knapsack stops taking items: below thr_* fully, at it a fraction. */
typedef struct cut {
    double thr_neg, frac_neg, thr_pos, frac_pos;
} cut;

typedef struct lagr {
    const opt_inst *in;
    double *u, *g, *v;
    item *items;
    bool *sel;
    cut *cuts;
    double *pt; /* primary cost transposed (per location, per area), INFINITY: no arc */
} lagr;

/* The per-location knapsack: its value, and in L->cuts[j] which x_ij it takes. */
static double location_value(lagr *L, size_t j)
{
    const opt_inst *in = L->in;
    size_t n = 0, nn = 0;
    double neg = 0, wneg = 0;
    const double *pt = L->pt + j * in->n_areas;
    for (size_t i = 0; i < in->n_areas; i++) {
        if (!isfinite(pt[i]))
            continue;
        double r = pt[i] - L->u[i];
        if (r < 0) {
            neg += r;
            wneg += (double)in->d[i];
        }
        L->items[n++] = (item){r / (double)in->d[i], r, in->d[i]};
    }
    double cap = in->has_cap ? (double)in->cap[j] : INFINITY, norm = (double)in->norm;
    double value = neg;
    cut *k = &L->cuts[j];
    *k = (cut){0, 1, -INFINITY, 0};
    if (wneg > cap) {
        for (size_t q = 0; q < n; q++)
            if (L->items[q].r < 0)
                L->items[nn++] = L->items[q];
        pick p = weighted_select(L->items, nn, cap);
        value = p.value;
        k->thr_neg = p.thr;
        k->frac_neg = p.frac;
    } else if (wneg < norm) {
        for (size_t q = 0; q < n; q++)
            if (L->items[q].r >= 0)
                L->items[nn++] = L->items[q];
        pick p = weighted_select(L->items, nn, norm - wneg);
        if (!p.complete)
            return INFINITY;
        value += p.value;
        k->thr_pos = p.thr;
        k->frac_pos = p.frac;
    }
    return value;
}

/* Subtracts location j's x_ij from the subgradient (same arithmetic as above, so the
 * threshold comparisons agree exactly). */
static void take_x(lagr *L, size_t j)
{
    const opt_inst *in = L->in;
    const cut *k = &L->cuts[j];
    const double *pt = L->pt + j * in->n_areas;
    for (size_t i = 0; i < in->n_areas; i++) {
        if (!isfinite(pt[i]))
            continue;
        double r = pt[i] - L->u[i], ratio = r / (double)in->d[i];
        if (r < 0)
            L->g[i] -= ratio < k->thr_neg ? 1 : ratio == k->thr_neg ? k->frac_neg : 0;
        else
            L->g[i] -= ratio < k->thr_pos ? 1 : ratio == k->thr_pos ? k->frac_pos : 0;
    }
}

typedef struct ranked {
    double v;
    size_t j;
} ranked;

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

static void subgradient(lagr *L, ranked *rk, double upper, double *best)
{
    const opt_inst *in = L->in;
    double lambda = 2;
    int stall = 0;
    for (int it = 0; it < LR_ITERATIONS && lambda > 1e-4; it++) {
        double val = evaluate(L, rk);
        if (val > *best + 1e-9 * fabs(*best)) {
            *best = val;
            stall = 0;
        } else if (++stall >= 10) {
            lambda /= 2;
            stall = 0;
        }
        if (upper - *best <= 1e-7 * fabs(upper))
            return;
        double norm2 = 0;
        for (size_t i = 0; i < in->n_areas; i++)
            norm2 += L->g[i] * L->g[i];
        if (norm2 < 1e-12)
            return;
        double step = lambda * (upper - val) / norm2;
        for (size_t i = 0; i < in->n_areas; i++)
            L->u[i] += step * L->g[i];
    }
}

double opt_lagrangian_bound(const opt_inst *in, double upper)
{
    lagr L = {in, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    size_t na = in->n_areas + 1, nc = in->n_cand + 1;
    L.u = malloc(na * sizeof *L.u);
    L.g = malloc(na * sizeof *L.g);
    L.v = malloc(nc * sizeof *L.v);
    L.items = malloc(na * sizeof *L.items);
    L.sel = malloc(nc * sizeof *L.sel);
    L.cuts = malloc(nc * sizeof *L.cuts);
    L.pt = malloc((in->n_areas * in->n_cand + 1) * sizeof *L.pt);
    ranked *rk = malloc(nc * sizeof *rk);
    double best = 0;
    if (L.u && L.g && L.v && L.items && L.sel && L.cuts && L.pt && rk) {
        for (size_t i = 0; i < in->n_areas; i++)
            for (size_t j = 0; j < in->n_cand; j++) {
                size_t a = i * in->n_cand + j;
                L.pt[j * in->n_areas + i] = isfinite(in->cost[a]) ? in->primary[a] : INFINITY;
            }
        for (size_t i = 0; i < in->n_areas; i++) {
            const uint32_t *row = in->order + i * in->n_cand;
            L.u[i] = in->n_order[i] ? in->primary[i * in->n_cand + row[0]] : 0;
            for (uint32_t k = 1; k < in->n_order[i]; k++) /* beyond45 ties on cost order */
                L.u[i] = fmin(L.u[i], in->primary[i * in->n_cand + row[k]]);
        }
        best = evaluate(&L, rk);
        if (isfinite(upper) && upper > best)
            subgradient(&L, rk, upper, &best);
    }
    free(L.u);
    free(L.g);
    free(L.v);
    free(L.items);
    free(L.sel);
    free(L.cuts);
    free(L.pt);
    free(rk);
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
