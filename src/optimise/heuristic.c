/* The heuristic for national instances: greedy closing from "every provider open" until
 * the nearest-assignment volumes meet the norm and the count cap, then a first-improvement
 * local search over close, open and swap moves. Each move is first bounded from below by
 * its nearest-assignment cost (cheap, from the nearest and second-nearest open location
 * per area); only moves whose bound beats the incumbent get the full assignment with
 * repair, in order of their bound. For the max objective it bisects on a travel cap tau
 * and minimises total minutes under the smallest cap it can meet. Deterministic: no
 * randomness, no clock, ties broken by index. */
#include <stdlib.h>
#include <string.h>

#include "opt_internal.h"

#define MAX_ROUNDS         400
#define MAX_FULL_PER_ROUND 120

typedef struct search {
    const opt_inst *in;
    double tau;
    opt_sol cur, trial;
    uint32_t *n1;      /* nearest open per area */
    double *c1, *c2;   /* nearest and second-nearest open cost per area */
    int32_t *reg_open; /* open locations per region */
    struct cand_move *moves;
    /* Nearest-assignment bound of every move at once: base = sum of c1; gain[o] = what
     * opening o saves; swap[c * n_cand + o] = what closing c costs its areas given o
     * opens (swap[c * n_cand + c]: given nothing opens). */
    double base, *gain, *swap;
    opt_pulls *pulls; /* the norm repair's lists against cur (NULL: repairs scan) */
} search;

typedef struct cand_move {
    double lb;
    uint32_t close, open; /* OPT_NONE when not part of the move */
    uint32_t seq;
} cand_move;

static bool search_init(search *s, const opt_inst *in, double tau)
{
    memset(s, 0, sizeof *s);
    s->in = in;
    s->tau = tau;
    size_t nm = (in->n_cand + 1) * (in->n_cand + 2);
    s->n1 = malloc((in->n_areas + 1) * sizeof *s->n1);
    s->c1 = malloc((in->n_areas + 1) * sizeof *s->c1);
    s->c2 = malloc((in->n_areas + 1) * sizeof *s->c2);
    s->reg_open = calloc(in->n_regions + 1, sizeof *s->reg_open);
    s->moves = malloc(nm * sizeof *s->moves);
    s->gain = malloc((in->n_cand + 1) * sizeof *s->gain);
    s->swap = malloc((in->n_cand * in->n_cand + 1) * sizeof *s->swap);
    s->pulls = opt_pulls_new(in);
    bool ok = opt_sol_init(&s->cur, in, NULL) == ZL_OK;
    ok = (opt_sol_init(&s->trial, in, NULL) == ZL_OK) && ok;
    return ok && s->n1 && s->c1 && s->c2 && s->reg_open && s->moves && s->gain && s->swap;
}

static void search_free(search *s)
{
    opt_sol_free(&s->cur);
    opt_sol_free(&s->trial);
    free(s->n1);
    free(s->c1);
    free(s->c2);
    free(s->reg_open);
    free(s->moves);
    free(s->gain);
    free(s->swap);
    opt_pulls_free(s->pulls);
}

/* Nearest and second-nearest open location of every area under the open set. */
static void nearest_two(search *s, const bool *open)
{
    const opt_inst *in = s->in;
    for (size_t i = 0; i < in->n_areas; i++) {
        const uint32_t *row = in->order + i * in->n_cand;
        s->n1[i] = OPT_NONE;
        s->c1[i] = s->c2[i] = INFINITY;
        for (uint32_t k = 0; k < in->n_order[i]; k++) {
            if (in->t[i * in->n_cand + row[k]] > s->tau)
                break;
            if (!open[row[k]])
                continue;
            if (s->n1[i] == OPT_NONE) {
                s->n1[i] = row[k];
                s->c1[i] = in->cost[i * in->n_cand + row[k]];
            } else {
                s->c2[i] = in->cost[i * in->n_cand + row[k]];
                break;
            }
        }
    }
}

static void count_regions(search *s, const bool *open)
{
    const opt_inst *in = s->in;
    memset(s->reg_open, 0, (in->n_regions + 1) * sizeof *s->reg_open);
    for (size_t j = 0; j < in->n_cand; j++)
        if (open[j] && in->region[j] >= 0)
            s->reg_open[in->region[j]]++;
}

static size_t count_open(const opt_inst *in, const bool *open)
{
    size_t n = 0;
    for (size_t j = 0; j < in->n_cand; j++)
        n += open[j];
    return n;
}

/* Whether closing j keeps the kept and per-region constraints. */
static bool closable(const search *s, const bool *open, uint32_t j)
{
    const opt_inst *in = s->in;
    return open[j] && !in->keep[j] && (in->region[j] < 0 || s->reg_open[in->region[j]] >= 2);
}

static double close_delta(const search *s, uint32_t j)
{
    double d = 0;
    for (size_t i = 0; i < s->in->n_areas; i++)
        if (s->n1[i] == j)
            d += s->c2[i] - s->c1[i];
    return d;
}

/* Closes, one at a time, the location whose patients lose least by moving to their next
 * nearest one: first to meet the count cap, then while some location is below the norm
 * (all = true: any closable location, used when the repaired assignment failed). */
static bool drop_one(search *s, bool *open, bool all)
{
    const opt_inst *in = s->in;
    nearest_two(s, open);
    count_regions(s, open);
    bool over = in->max_open && count_open(in, open) > (size_t)in->max_open;
    int64_t *vol = s->trial.vol;
    memset(vol, 0, in->n_cand * sizeof *vol);
    for (size_t i = 0; i < in->n_areas; i++)
        if (s->n1[i] != OPT_NONE)
            vol[s->n1[i]] += in->d[i];
    uint32_t best = OPT_NONE;
    double best_d = INFINITY;
    for (uint32_t j = 0; j < in->n_cand; j++) {
        if (!closable(s, open, j) || (!over && !all && vol[j] >= in->norm))
            continue;
        double d = close_delta(s, j);
        if (d < best_d) {
            best_d = d;
            best = j;
        }
    }
    if (best == OPT_NONE)
        return false;
    open[best] = false;
    return true;
}

/* A first feasible solution in s->cur, or false. */
static bool construct(search *s)
{
    const opt_inst *in = s->in;
    bool *open = s->cur.open;
    for (size_t j = 0; j < in->n_cand; j++)
        open[j] = in->usable[j];
    if (opt_nearest_cost(in, open, s->tau, INFINITY) == INFINITY)
        return false;
    while (drop_one(s, open, false))
        ;
    while (!opt_assign(in, &s->cur, s->tau))
        if (!drop_one(s, open, true))
            return false;
    return true;
}

/* The nearest-assignment cost after closing `close` and opening `open` (either may be
 * OPT_NONE), from the tables of move_tables: for an area whose nearest open location
 * closes, min(c2, co) replaces c1; for any other, min(c1, co). So the cost is
 * base - gain[o] + sum over the closing location's areas of min(c2, co) - c1 + max(0,
 * c1 - co), which is what swap[] holds. */
static double move_lb(const search *s, uint32_t close, uint32_t open)
{
    size_t nc = s->in->n_cand;
    if (close == OPT_NONE)
        return s->base - s->gain[open];
    if (open == OPT_NONE)
        return s->base + s->swap[close * nc + close];
    return s->base - s->gain[open] + s->swap[close * nc + open];
}

/* Fills base, gain and swap in O(areas x candidates) for every move at once (instead of
 * a pass over the areas per move). Needs every area to have an open location (c1
 * finite), which holds for any feasible current solution. */
static bool move_tables(search *s, const bool *open)
{
    const opt_inst *in = s->in;
    size_t nc = in->n_cand;
    s->base = 0;
    for (size_t o = 0; o < nc; o++)
        s->gain[o] = 0;
    for (size_t k = 0; k < nc * nc; k++)
        s->swap[k] = 0;
    for (size_t i = 0; i < in->n_areas; i++) {
        double c1 = s->c1[i], c2 = s->c2[i];
        if (!isfinite(c1))
            return false;
        s->base += c1;
        double *sw = s->swap + (size_t)s->n1[i] * nc;
        sw[s->n1[i]] += c2 - c1;
        for (size_t o = 0; o < nc; o++) {
            if (open[o])
                continue;
            double co = opt_arc_cost(in, i, o, s->tau);
            if (co < c1)
                s->gain[o] += c1 - co;
            else
                sw[o] += (co < c2 ? co : c2) - c1;
        }
    }
    return true;
}

static int cmp_move(const void *pa, const void *pb)
{
    const cand_move *a = pa, *b = pb;
    if (a->lb != b->lb)
        return a->lb < b->lb ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Every structurally valid move whose nearest-assignment bound beats the incumbent. */
static size_t list_moves(search *s)
{
    const opt_inst *in = s->in;
    const bool *open = s->cur.open;
    nearest_two(s, open);
    count_regions(s, open);
    if (!move_tables(s, open))
        return 0;
    size_t n_open = count_open(in, open), n = 0;
    bool may_open = !in->max_open || n_open < (size_t)in->max_open;
    uint32_t seq = 0;
    for (uint32_t j = 0; j <= in->n_cand; j++) {
        uint32_t cj = j < in->n_cand ? j : OPT_NONE;
        if (cj != OPT_NONE && (!open[cj] || in->keep[cj]))
            continue;
        /* The last open location of a region may only swap within its region. */
        bool free_close = cj == OPT_NONE || closable(s, open, cj);
        for (uint32_t k = 0; k <= in->n_cand; k++) {
            uint32_t ok_ = k < in->n_cand ? k : OPT_NONE;
            if (ok_ == OPT_NONE && (cj == OPT_NONE || n_open == 1 || !free_close))
                continue;
            if (!free_close && ok_ != OPT_NONE && in->region[ok_] != in->region[cj])
                continue;
            if (ok_ != OPT_NONE && (open[ok_] || !in->usable[ok_] || (cj == OPT_NONE && !may_open)))
                continue;
            seq++;
            double lb = move_lb(s, cj, ok_);
            if (lb < s->cur.cost * (1 - 1e-12))
                s->moves[n++] = (cand_move){lb, cj, ok_, seq};
        }
    }
    qsort(s->moves, n, sizeof *s->moves, cmp_move);
    return n;
}

static bool try_move(search *s, const cand_move *m)
{
    const opt_inst *in = s->in;
    memcpy(s->trial.open, s->cur.open, in->n_cand * sizeof *s->trial.open);
    if (m->close != OPT_NONE)
        s->trial.open[m->close] = false;
    if (m->open != OPT_NONE)
        s->trial.open[m->open] = true;
    if (!opt_assign_with(in, &s->trial, s->tau, s->pulls) ||
        !(s->trial.cost < s->cur.cost * (1 - 1e-12)))
        return false;
    opt_sol_copy(&s->cur, &s->trial, in);
    return true;
}

static void local_search(search *s)
{
    for (int round = 0; round < MAX_ROUNDS; round++) {
        size_t n = list_moves(s);
        if (s->pulls)
            opt_pulls_reset(s->pulls, s->cur.open, s->tau);
        bool improved = false;
        for (size_t k = 0; k < n && k < MAX_FULL_PER_ROUND && !improved; k++)
            improved = try_move(s, &s->moves[k]);
        if (!improved)
            return;
    }
}

/* Construct + local search under cap tau; the answer in *out. */
static bool solve_tau(const opt_inst *in, double tau, bool improve, opt_sol *out)
{
    search s;
    bool ok = search_init(&s, in, tau) && construct(&s);
    if (ok && improve) {
        local_search(&s);
        opt_polish(in, &s.cur, tau);
    }
    if (ok)
        opt_sol_copy(out, &s.cur, in);
    search_free(&s);
    return ok;
}

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

static double max_minutes_of(const opt_inst *in, const opt_sol *s)
{
    double m = 0;
    for (size_t i = 0; i < in->n_areas; i++)
        m = fmax(m, in->t[i * in->n_cand + s->dest[i]]);
    return m;
}

/* Minimax: the smallest cap in the sorted distinct arc minutes between the bound and the
 * unconstrained answer's maximum for which construction succeeds. */
static bool solve_minimax(const opt_inst *in, opt_sol *best)
{
    if (!solve_tau(in, INFINITY, true, best))
        return false;
    double hi = max_minutes_of(in, best), lo = opt_minimax_bound(in);
    size_t n = 0;
    float *ts = malloc((in->n_areas * in->n_cand + 1) * sizeof *ts);
    if (!ts)
        return true;
    for (size_t a = 0; a < in->n_areas * in->n_cand; a++)
        if (in->t[a] >= lo && in->t[a] < hi && isfinite(in->cost[a]))
            ts[n++] = in->t[a];
    qsort(ts, n, sizeof *ts, cmp_float);
    size_t u = 0;
    for (size_t k = 0; k < n; k++)
        if (u == 0 || ts[k] != ts[u - 1])
            ts[u++] = ts[k];
    opt_sol trial = {0};
    if (opt_sol_init(&trial, in, NULL) != ZL_OK) {
        free(ts);
        return true;
    }
    size_t l = 0, h = u; /* ts[h] is "hi", known feasible */
    while (l < h) {
        size_t mid = l + (h - l) / 2;
        if (solve_tau(in, ts[mid], false, &trial))
            h = mid;
        else
            l = mid + 1;
    }
    if (h < u && solve_tau(in, ts[h], true, &trial))
        opt_sol_copy(best, &trial, in);
    opt_sol_free(&trial);
    free(ts);
    return true;
}

bool opt_heuristic(const opt_inst *in, opt_sol *best)
{
    if (in->objective == ZL_OBJ_MAX)
        return solve_minimax(in, best);
    return solve_tau(in, INFINITY, true, best);
}
