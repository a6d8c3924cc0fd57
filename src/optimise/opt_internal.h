/* Internal model of the optimiser shared by its parts: the instance (demand areas x
 * candidate locations with costs), the assignment subproblem, the heuristic search, the
 * Lagrangian bound and the GLPK programme. Indices here are dense: i over areas with
 * patients, j over candidate locations. */
#ifndef ZL_OPT_INTERNAL_H
#define ZL_OPT_INTERNAL_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#include "zorglandschap/optimise.h"

#define OPT_NONE UINT32_MAX

typedef struct opt_inst {
    const zl_case *c;
    zl_opt_objective objective;
    int64_t norm;       /* the volume every open location must reach (with the margin) */
    int64_t norm_base;  /* the norm asked, without the margin */
    size_t n_areas;     /* areas with patients */
    uint32_t *area_idx; /* case area index per i */
    int64_t *d;         /* patients per i */
    int64_t total;      /* sum of d */
    size_t n_cand;
    uint32_t *loc_idx; /* case location index per j */
    int64_t *cur;      /* current volume per j */
    int64_t *cap;      /* INT64_MAX when no capacity factor */
    bool has_cap;
    bool *keep;      /* forced open */
    bool *usable;    /* cap >= norm: can be open at all */
    int32_t *region; /* region per j when regions are required, else -1 */
    size_t n_regions;
    bool *region_has_provider; /* per region: some location offers now */
    bool regions;              /* min one location per region */
    int max_open;              /* 0: none */
    double max_minutes;        /* +inf when none */
    float *t;                  /* minutes, n_areas x n_cand */
    double *cost;              /* search cost (lexicographic scalar), INFINITY when forbidden */
    double *primary;           /* primary objective cost per arc (total, beyond45), 0 for max */
    /* t and cost again by candidate (j * n_areas + i): scans of one candidate's arcs over
     * all areas (the norm repair) then read memory in order instead of one cache line per
     * area, which dominated the heuristic's time. */
    float *t_col;
    double *cost_col;
    uint32_t *order;   /* per i: allowed j sorted by (cost, t, j) */
    uint32_t *n_order; /* allowed count per i */
} opt_inst;

/* A solution: assignment per area, open flags and volumes per candidate. */
typedef struct opt_sol {
    uint32_t *dest; /* per i */
    bool *open;     /* per j */
    int64_t *vol;   /* per j */
    double cost;    /* search cost */
    double *dcost;  /* per i: cost of its arc to dest (kept by opt_assign's own moves) */
    void *scratch;  /* room for the assignment's repair lists */
} opt_sol;

zl_status opt_inst_build(const zl_case *c, const zl_optimise_opts *o, opt_inst *in, zl_err *err);
void opt_inst_free(opt_inst *in);
/* The named reasons the constraints cannot all hold, found before any search. */
zl_status opt_precheck(const opt_inst *in, zl_err *err);

zl_status opt_sol_init(opt_sol *s, const opt_inst *in, zl_err *err);
void opt_sol_free(opt_sol *s);
void opt_sol_copy(opt_sol *dst, const opt_sol *src, const opt_inst *in);
/* Search cost of arc (i, j) under a travel cap tau (INFINITY when forbidden). */
static inline double opt_arc_cost(const opt_inst *in, size_t i, size_t j, double tau)
{
    return in->t[i * in->n_cand + j] > tau ? INFINITY : in->cost[i * in->n_cand + j];
}

/* The same from the by-candidate copy, for scans over the areas of one candidate j. */
static inline double opt_col_cost(const opt_inst *in, size_t j, size_t i, double tau)
{
    return in->t_col[j * in->n_areas + i] > tau ? INFINITY : in->cost_col[j * in->n_areas + i];
}

/* Moves area i to candidate `to`, keeping volumes and dcost. */
static inline void opt_move(const opt_inst *in, opt_sol *s, size_t i, uint32_t to, double tau)
{
    s->vol[s->dest[i]] -= in->d[i];
    s->vol[to] += in->d[i];
    s->dest[i] = to;
    s->dcost[i] = opt_arc_cost(in, i, to, tau);
}

/* The norm repair's per-location area lists against a reference open set (pulls.c): lets
 * the assignments of open sets near the reference find their cheapest pulls without a
 * scan over every area. Owned by the caller (opt_pulls_free); NULL when out of memory. */
typedef struct opt_pulls opt_pulls;
opt_pulls *opt_pulls_new(const opt_inst *in);
/* Takes open (under cap tau) as the reference; the lists are rebuilt as needed. */
void opt_pulls_reset(opt_pulls *p, const bool *open, double tau);
/* Marks the areas whose current cost in s differs from the reference's (after s's
 * nearest assignment and capacity repair). */
void opt_pulls_begin(opt_pulls *p, const opt_sol *s);
void opt_pulls_free(opt_pulls *p);
/* The dirty areas, ascending (*n of them): those whose cost differed from the reference's
 * and those the repair moved since opt_pulls_begin. Owned by p, valid until its next use. */
const uint32_t *opt_pulls_dirty(opt_pulls *p, size_t *n);
/* Brings open location j up to the norm (false: it cannot be); p may be NULL (a scan).
 * The same moves either way. */
bool opt_repair_norm(const opt_inst *in, opt_sol *s, uint32_t j, double tau, opt_pulls *p);

/* Assignment subproblem: the open set is given in s->open; fills dest, vol and cost.
 * Nearest assignment, capacity and norm repair, then improving single moves. Returns
 * false when it found no assignment meeting the constraints. */
bool opt_assign(const opt_inst *in, opt_sol *s, double tau);
/* The same answer, faster for open sets near pulls' reference (pulls may be NULL). */
bool opt_assign_with(const opt_inst *in, opt_sol *s, double tau, opt_pulls *pulls);
/* Improving single-area moves that keep every constraint (used after GLPK as well). */
void opt_improve(const opt_inst *in, opt_sol *s, double tau);
/* Improving two-area ejection chains plus opt_improve, for final answers. */
void opt_polish(const opt_inst *in, opt_sol *s, double tau);
/* Cost of the nearest assignment to the open set (a lower bound on opt_assign's cost),
 * stopping early at `stop`; INFINITY when an area has no open location within tau. */
double opt_nearest_cost(const opt_inst *in, const bool *open, double tau, double stop);

/* The heuristic: greedy closing and close/open/swap local search. For the max objective
 * it bisects on the travel cap. false when it found no feasible solution. */
bool opt_heuristic(const opt_inst *in, opt_sol *best);

/* Lower bounds on the primary objective. */
double opt_lagrangian_bound(const opt_inst *in, double upper);
/* The Lagrangian function itself (for tests): L(u) for multipliers u (one per area) and
 * its subgradient in g (may be NULL); NAN when out of memory. The evaluator keeps its
 * per-location ratio cutoffs between calls, as the subgradient ascent does. */
typedef struct opt_lagr opt_lagr;
opt_lagr *opt_lagr_new(const opt_inst *in);
double opt_lagr_value(opt_lagr *L, const double *u, double *g);
void opt_lagr_free(opt_lagr *L);
double opt_minimax_bound(const opt_inst *in);

/* Primary objective value of a solution. */
double opt_primary_value(const opt_inst *in, const opt_sol *s);

typedef struct opt_mip_out {
    bool have_solution, optimal, infeasible;
    double value, bound;
    double target_gap;     /* in: the gap to time (the heuristic's own), < 0: none */
    double seconds_to_gap; /* out: when GLPK's own incumbent and bound first proved it */
    const char *status;
    size_t arcs, all_arcs;
} opt_mip_out;

/* How GLPK runs. */
typedef struct opt_mip_params {
    bool warm_start; /* hand GLPK the warm solution as its first incumbent */
    bool cuts;       /* MIR and cover cuts (GLPK's default: off) */
    double time_limit;
    int neighbours;              /* > 0: each area's nearest candidates only (restricted model) */
    const zl_progress *progress; /* branch-and-bound nodes, or NULL */
} opt_mip_params;

/* Solves the MIP with GLPK; warm is a feasible solution (may be NULL) used for the safe
 * arc reduction and, with p->warm_start, as GLPK's first incumbent. On a solution, *s
 * holds it. */
zl_status opt_mip(const opt_inst *in, const opt_sol *warm, const opt_mip_params *p, opt_sol *s,
                  opt_mip_out *out, zl_err *err);

/* Wall-clock (time limits) and process CPU (reported times) seconds. */
double opt_now(void);
double opt_cpu_now(void);

#endif
