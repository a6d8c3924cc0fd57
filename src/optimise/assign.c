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
static uint32_t best_other(const opt_inst *in, const opt_sol *s, size_t i, uint32_t not,
                           double tau)
{
    const uint32_t *row = in->order + i * in->n_cand;
    for (uint32_t k = 0; k < in->n_order[i]; k++) {
        uint32_t j = row[k];
        if (in->t[i * in->n_cand + j] > tau)
            break;
        if (j != not && s->open[j] && s->vol[j] + in->d[i] <= in->cap[j])
            return j;
    }
    return OPT_NONE;
}

static void move(const opt_inst *in, opt_sol *s, size_t i, uint32_t to)
{
    s->vol[s->dest[i]] -= in->d[i];
    s->vol[to] += in->d[i];
    s->dest[i] = to;
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
            double key = (opt_arc_cost(in, i, k, tau) - opt_arc_cost(in, i, j, tau)) /
                         (double)in->d[i];
            if (key < bkey) {
                bkey = key;
                bi = i;
                bk = k;
            }
        }
        if (bi == SIZE_MAX)
            return false;
        move(in, s, bi, bk);
    }
    return true;
}

typedef struct pull {
    double key;
    uint32_t i;
} pull;

static int cmp_pull(const void *pa, const void *pb)
{
    const pull *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

static bool can_pull(const opt_inst *in, const opt_sol *s, size_t i, uint32_t j)
{
    uint32_t k = s->dest[i];
    return k != j && s->vol[k] - in->d[i] >= in->norm && s->vol[j] + in->d[i] <= in->cap[j];
}

static bool pull_less(const pull *a, const pull *b)
{
    return a->key < b->key || (a->key == b->key && a->i < b->i);
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

/* Brings location j up to the norm with the areas cheapest per patient to move. Only the
 * cheapest few candidates are sorted; the rest only when those do not suffice. */
static bool repair_norm(const opt_inst *in, opt_sol *s, uint32_t j, double tau, pull *buf)
{
    size_t n = 0;
    for (size_t i = 0; i < in->n_areas; i++) {
        double cij = opt_arc_cost(in, i, j, tau);
        if (isfinite(cij) && can_pull(in, s, i, j))
            buf[n++] = (pull){(cij - opt_arc_cost(in, i, s->dest[i], tau)) / (double)in->d[i],
                              (uint32_t)i};
    }
    size_t done = 0, m = 32 + 4 * (size_t)(in->norm - s->vol[j]);
    while (done < n && s->vol[j] < in->norm) {
        size_t take = n - done < m ? n - done : m;
        select_front(buf + done, n - done, take);
        qsort(buf + done, take, sizeof *buf, cmp_pull);
        for (size_t k = done; k < done + take && s->vol[j] < in->norm; k++)
            if (can_pull(in, s, buf[k].i, j))
                move(in, s, buf[k].i, j);
        done += take;
        m *= 4;
    }
    return s->vol[j] >= in->norm;
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

void opt_improve(const opt_inst *in, opt_sol *s, double tau)
{
    for (int pass = 0; pass < 8; pass++) {
        bool moved = false;
        for (size_t i = 0; i < in->n_areas; i++) {
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
                    move(in, s, i, j);
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

bool opt_assign(const opt_inst *in, opt_sol *s, double tau)
{
    s->cost = INFINITY;
    if (!nearest(in, s, tau))
        return false;
    if (in->has_cap)
        for (uint32_t j = 0; j < in->n_cand; j++)
            if (s->open[j] && !repair_capacity(in, s, j, tau))
                return false;
    _Static_assert(sizeof(pull) <= 2 * sizeof(double), "scratch holds one pull per area");
    pull *buf = s->scratch;
    bool ok = true;
    for (uint32_t j; ok && (j = most_deficient(in, s)) != OPT_NONE;)
        ok = repair_norm(in, s, j, tau, buf);
    if (ok)
        opt_improve(in, s, tau);
    return ok;
}
