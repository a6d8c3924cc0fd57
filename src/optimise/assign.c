/* The assignment subproblem: given the open locations, send every area's patients to one
 * of them (single sourcing) so that each open location meets the norm and stays within
 * its capacity, at least cost. With minimum volumes this is a generalised assignment
 * problem, NP-hard on its own; we solve it by nearest assignment, then repair (areas
 * leave over-capacity locations, under-norm locations pull the areas that are cheapest
 * per patient to move from donors that stay above the norm), then improving moves. */
#include <stdlib.h>

#include "opt_internal.h"

double opt_nearest_cost(const opt_inst *in, const bool *open, double tau, double stop)
{
    double sum = 0;
    for (size_t i = 0; i < in->n_areas; i++) {
        const uint32_t *row = in->order + i * in->n_cand;
        double best = INFINITY;
        /* Costs grow with minutes for every objective, so the first open arc is nearest
         * and the first arc beyond tau ends the scan. */
        for (uint32_t k = 0; k < in->n_order[i]; k++) {
            size_t a = i * in->n_cand + row[k];
            if (in->t[a] > tau)
                break;
            if (open[row[k]]) {
                best = in->cost[a];
                break;
            }
        }
        sum += best;
        if (sum >= stop)
            return sum;
    }
    return sum;
}

/* Best open location for area i other than `not`, with room for its patients. */
static uint32_t best_other(const opt_inst *in, const opt_sol *s, size_t i, uint32_t not, double tau)
{
    const uint32_t *row = in->order + i * in->n_cand;
    for (uint32_t k = 0; k < in->n_order[i]; k++) {
        uint32_t j = row[k];
        if (in->t[i * in->n_cand + j] > tau)
            break;
        if (j != not &&s->open[j] && s->vol[j] + in->d[i] <= in->cap[j])
            return j;
    }
    return OPT_NONE;
}

static bool nearest(const opt_inst *in, opt_sol *s, double tau)
{
    for (size_t j = 0; j < in->n_cand; j++)
        s->vol[j] = 0;
    for (size_t i = 0; i < in->n_areas; i++) {
        const uint32_t *row = in->order + i * in->n_cand;
        s->dest[i] = OPT_NONE;
        for (uint32_t k = 0; k < in->n_order[i]; k++) {
            if (in->t[i * in->n_cand + row[k]] > tau)
                break;
            if (s->open[row[k]]) {
                s->dest[i] = row[k];
                s->dcost[i] = in->cost[i * in->n_cand + row[k]];
                break;
            }
        }
        if (s->dest[i] == OPT_NONE)
            return false;
        s->vol[s->dest[i]] += in->d[i];
    }
    return true;
}

/* Moves areas out of location j until it is within capacity, cheapest per patient first. */
static bool repair_capacity(const opt_inst *in, opt_sol *s, uint32_t j, double tau)
{
    while (s->vol[j] > in->cap[j]) {
        size_t bi = SIZE_MAX;
        uint32_t bk = OPT_NONE;
        double bkey = INFINITY;
        for (size_t i = 0; i < in->n_areas; i++) {
            if (s->dest[i] != j)
                continue;
            uint32_t k = best_other(in, s, i, j, tau);
            if (k == OPT_NONE)
                continue;
            double key =
                (opt_arc_cost(in, i, k, tau) - opt_arc_cost(in, i, j, tau)) / (double)in->d[i];
            if (key < bkey) {
                bkey = key;
                bi = i;
                bk = k;
            }
        }
        if (bi == SIZE_MAX)
            return false;
        opt_move(in, s, bi, bk, tau);
    }
    return true;
}

/* The open location furthest below the norm (lowest index among ties), or OPT_NONE. */
static uint32_t most_deficient(const opt_inst *in, const opt_sol *s)
{
    uint32_t best = OPT_NONE;
    for (size_t j = 0; j < in->n_cand; j++)
        if (s->open[j] && s->vol[j] < in->norm && (best == OPT_NONE || s->vol[j] < s->vol[best]))
            best = (uint32_t)j;
    return best;
}

/* Improving moves of the areas at[0..n) (ascending), or of every area when at is NULL: an
 * area at its nearest open location has no cheaper one, so leaving it out changes nothing. */
static void improve_areas(const opt_inst *in, opt_sol *s, double tau, const uint32_t *at, size_t n)
{
    size_t count = at ? n : in->n_areas;
    for (int pass = 0; pass < 8; pass++) {
        bool moved = false;
        for (size_t x = 0; x < count; x++) {
            size_t i = at ? at[x] : x;
            uint32_t k = s->dest[i];
            if (s->vol[k] - in->d[i] < in->norm)
                continue;
            double ck = opt_arc_cost(in, i, k, tau);
            const uint32_t *row = in->order + i * in->n_cand;
            for (uint32_t q = 0; q < in->n_order[i]; q++) {
                uint32_t j = row[q];
                if (!(opt_arc_cost(in, i, j, tau) < ck))
                    break;
                if (s->open[j] && s->vol[j] + in->d[i] <= in->cap[j]) {
                    opt_move(in, s, i, j, tau);
                    moved = true;
                    break;
                }
            }
        }
        if (!moved)
            break;
    }
    s->cost = 0;
    for (size_t i = 0; i < in->n_areas; i++)
        s->cost += opt_arc_cost(in, i, s->dest[i], tau);
}

void opt_improve(const opt_inst *in, opt_sol *s, double tau)
{
    improve_areas(in, s, tau, NULL, 0);
}

#define REFILL_LIST 24

/* Per open location k the REFILL_LIST areas elsewhere that are cheapest to move into k,
 * by extra cost (a candidate filter; every condition is checked again when used). */
static void refill_lists(const opt_inst *in, const opt_sol *s, double tau, uint32_t *list,
                         double *key, uint32_t *n)
{
    for (size_t k = 0; k < in->n_cand; k++) {
        n[k] = 0;
        if (!s->open[k])
            continue;
        uint32_t *lk = list + k * REFILL_LIST;
        double *kk = key + k * REFILL_LIST;
        for (size_t h = 0; h < in->n_areas; h++) {
            double chk = opt_arc_cost(in, h, k, tau);
            if (s->dest[h] == k || !isfinite(chk))
                continue;
            double e = chk - opt_arc_cost(in, h, s->dest[h], tau);
            if (n[k] == REFILL_LIST && !(e < kk[n[k] - 1]))
                continue;
            uint32_t p = n[k] < REFILL_LIST ? n[k]++ : REFILL_LIST - 1;
            for (; p > 0 && kk[p - 1] > e; p--) {
                kk[p] = kk[p - 1];
                lk[p] = lk[p - 1];
            }
            kk[p] = e;
            lk[p] = (uint32_t)h;
        }
    }
}

/* The cheapest listed area to move into k from its location l (l keeps the norm,
 * counting that area i is about to join j) with at least `need` patients, costing less
 * than `limit`; OPT_NONE if none. */
static uint32_t refill(const opt_inst *in, const opt_sol *s, const uint32_t *lk, uint32_t n,
                       uint32_t k, uint32_t j, size_t i, int64_t need, double tau, double limit)
{
    uint32_t best = OPT_NONE;
    for (uint32_t q = 0; q < n; q++) {
        uint32_t h = lk[q], l = s->dest[h];
        if (h == i || l == k || in->d[h] < need)
            continue;
        double extra = opt_arc_cost(in, h, k, tau) - opt_arc_cost(in, h, l, tau);
        int64_t vl = s->vol[l] - in->d[h] + (l == j ? in->d[i] : 0);
        int64_t vk = s->vol[k] - in->d[i] + in->d[h];
        if (extra < limit && vl >= in->norm && vk <= in->cap[k]) {
            limit = extra;
            best = h;
        }
    }
    return best;
}

/* Ejection chains of length two: area i moves from k to a cheaper open j although k
 * would fall below the norm, and a cheap area h refills k. */
static bool chain_pass(const opt_inst *in, opt_sol *s, double tau, uint32_t *list, double *key,
                       uint32_t *n)
{
    bool moved = false;
    refill_lists(in, s, tau, list, key, n);
    for (size_t i = 0; i < in->n_areas; i++) {
        uint32_t k = s->dest[i];
        if (s->vol[k] - in->d[i] >= in->norm)
            continue;
        double ck = opt_arc_cost(in, i, k, tau);
        const uint32_t *row = in->order + i * in->n_cand;
        for (uint32_t q = 0; q < in->n_order[i]; q++) {
            uint32_t j = row[q];
            double cij = opt_arc_cost(in, i, j, tau);
            if (!(cij < ck))
                break;
            if (!s->open[j] || s->vol[j] + in->d[i] > in->cap[j])
                continue;
            uint32_t h = refill(in, s, list + k * REFILL_LIST, n[k], k, j, i,
                                in->norm - (s->vol[k] - in->d[i]), tau, ck - cij);
            if (h == OPT_NONE)
                continue;
            opt_move(in, s, i, j, tau);
            opt_move(in, s, h, k, tau);
            moved = true;
            break;
        }
    }
    return moved;
}

void opt_polish(const opt_inst *in, opt_sol *s, double tau)
{
    size_t m = (in->n_cand + 1) * REFILL_LIST;
    uint32_t *list = malloc(m * sizeof *list), *n = malloc((in->n_cand + 1) * sizeof *n);
    double *key = malloc(m * sizeof *key);
    for (int pass = 0; list && n && key && pass < 10; pass++) {
        bool moved = chain_pass(in, s, tau, list, key, n);
        opt_improve(in, s, tau);
        if (!moved)
            break;
    }
    free(list);
    free(n);
    free(key);
}

bool opt_assign(const opt_inst *in, opt_sol *s, double tau)
{
    return opt_assign_with(in, s, tau, NULL);
}

bool opt_assign_with(const opt_inst *in, opt_sol *s, double tau, opt_pulls *pulls)
{
    s->cost = INFINITY;
    if (!nearest(in, s, tau))
        return false;
    if (in->has_cap)
        for (uint32_t j = 0; j < in->n_cand; j++)
            if (s->open[j] && !repair_capacity(in, s, j, tau))
                return false;
    if (pulls)
        opt_pulls_begin(pulls, s);
    bool ok = true;
    for (uint32_t j; ok && (j = most_deficient(in, s)) != OPT_NONE;)
        ok = opt_repair_norm(in, s, j, tau, pulls);
    /* Without a capacity repair, only areas the norm repair moved can have a cheaper open
     * location, and every one of them is dirty. */
    size_t n = 0;
    const uint32_t *at = pulls && !in->has_cap ? opt_pulls_dirty(pulls, &n) : NULL;
    if (ok)
        improve_areas(in, s, tau, at, n);
    return ok;
}
