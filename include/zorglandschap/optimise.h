/* The profile optimiser: which locations keep an intervention under a volume norm.
 * Chooses open locations among the current providers and assigns every residence PC4's
 * patients to one of them so that every open location meets the norm (and optional
 * capacity, region, travel-time and count constraints), minimising total patient minutes,
 * the maximum minutes or the patients beyond 45 minutes. Two methods: a GLPK
 * mixed-integer programme and a fast heuristic with a Lagrangian lower bound; the result
 * says which one produced the answer and how far it can be from the optimum. The impact
 * metrics of the outcome come from zl_impact_evaluate (docs/optimise.md). */
#ifndef ZORGLANDSCHAP_OPTIMISE_H
#define ZORGLANDSCHAP_OPTIMISE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "zorglandschap/alloc.h"
#include "zorglandschap/impact.h"
#include "zorglandschap/landscape.h"
#include "zorglandschap/progress.h"

struct json_t;

typedef enum zl_opt_objective {
    ZL_OBJ_TOTAL,   /* total patient travel minutes */
    ZL_OBJ_MAX,     /* the maximum minutes of any patient (ties: least total minutes) */
    ZL_OBJ_BEYOND45 /* patients beyond 45 minutes (ties: least total minutes) */
} zl_opt_objective;

typedef enum zl_opt_method {
    ZL_OPT_AUTO,     /* heuristic; GLPK as well when the instance is small */
    ZL_OPT_EXACT,    /* heuristic as warm start, then GLPK within the time limit */
    ZL_OPT_HEURISTIC /* heuristic with its Lagrangian lower bound only */
} zl_opt_method;

const char *zl_opt_objective_name(zl_opt_objective o);
bool zl_opt_objective_parse(const char *s, zl_opt_objective *out);
const char *zl_opt_method_name(zl_opt_method m);
bool zl_opt_method_parse(const char *s, zl_opt_method *out);

typedef struct zl_optimise_opts {
    int64_t norm; /* < 0: the intervention's current norm */
    const char *const *keep;
    size_t n_keep; /* current providers forced open */
    const char *const *exclude;
    size_t n_exclude;       /* current providers that may not keep the intervention */
    int max_locations;      /* <= 0: no cap on the number of open locations */
    bool min_per_region;    /* every region of the case's layer keeps >= 1 location */
    double max_minutes;     /* <= 0: no limit on any patient's travel minutes */
    double capacity_factor; /* <= 0: none; else volume <= factor x current volume */
    zl_opt_objective objective;
    zl_opt_method method;
    double time_limit; /* seconds for GLPK; <= 0: 60 */
    /* > 0: GLPK only sees each area's k nearest allowed candidates (plus the heuristic's
     * choice). Faster, but its optimum and bound then hold for that restricted model only,
     * so they never count as a proof for the full problem. 0: the full (safely reduced)
     * model. */
    int mip_neighbours;
    /* GLPK normally starts from the heuristic's answer as its first incumbent. true: it
     * starts cold and must find its own (the safe arc reduction still uses the heuristic's
     * value). The benchmark uses this so GLPK's time does not depend on our heuristic. */
    bool no_warm_start;
    bool mip_cuts; /* GLPK with its MIR and cover cuts (off by default, as in GLPK) */
    /* Progress of an exact run (branch-and-bound nodes; the total is unknown), or NULL. */
    const zl_progress *progress;
    /* Safety margin in percent (0: none): every open location must reach
     * norm x (1 + margin/100) patients, so that a few patients choosing elsewhere do not
     * take a kept location below the norm. */
    double norm_margin;
    /* The allocation rules' inputs (may be NULL): zl_optimise_run also evaluates the
     * answer's open locations under the default rule (zl_alloc_default_rule). Borrowed. */
    const zl_alloc_inputs *inputs;
    /* With ZL_OPT_HEURISTIC only: skip the Lagrangian lower bound (about a third of the
     * heuristic's time) for callers that use the choice of locations only, such as the
     * regional assessment's alternative. lower_bound is then the trivial 0 (gap 1, not
     * proven optimal unless the value is 0); the answer itself is the same. */
    bool no_bound;
} zl_optimise_opts;

/* The answer. Every array is owned by the result (zl_optimise_free). */
typedef struct zl_optimise_result {
    zl_opt_objective objective;
    zl_opt_method method_asked;
    int64_t norm;
    double norm_margin;    /* percent, as asked */
    int64_t norm_required; /* the volume every open location must reach: norm x (1 + margin) */
    /* The constraints asked (copied from the options). */
    int max_locations;
    bool min_per_region;
    double minutes_limit, capacity_factor, time_limit; /* 0: none */
    const char *method; /* "glpk" or "heuristic": which one produced the answer */
    bool proven_optimal;
    double value;       /* the objective (primary) of the answer */
    double lower_bound; /* a proven lower bound on the optimum of the primary objective */
    double gap;         /* (value - lower_bound) / value; 0 when value is 0 */
    /* Every objective of the answer, whichever was optimised. */
    double total_minutes, max_minutes;
    int64_t beyond45, patients;
    size_t n_open, n_candidates;
    /* Per method: what it found, its bound and its time; NAN / -1 when not run. */
    double heuristic_value, heuristic_bound, heuristic_seconds;
    double glpk_value, glpk_bound, glpk_seconds;
    /* When GLPK's own incumbent and bound first proved the heuristic's gap (-1: never). */
    double glpk_seconds_to_heuristic_gap;
    const char *glpk_status;    /* "optimal", "time limit", "infeasible", "not run", ... */
    size_t glpk_arcs, all_arcs; /* assignment variables in the MIP after safe reduction */
    int mip_neighbours;         /* > 0: GLPK solved the restricted model (see the options) */
    bool glpk_warm_start;       /* GLPK was handed the heuristic's answer as incumbent */
    bool glpk_cuts;             /* GLPK ran with MIR and cover cuts */
    /* Per case location: candidate, open in the answer, kept by --keep, excluded. */
    bool *candidate, *open, *kept, *excluded;
    int64_t *volume_before, *volume_after; /* patients in the case's year */
    uint32_t *area_dest;  /* per case area: location index, UINT32_MAX without patients */
    zl_scenario scenario; /* the outcome as a scenario for the impact analysis */
    zl_impact *impact;    /* zl_impact_evaluate of the outcome (NULL from zl_optimise_solve) */
    zl_impact *plain;     /* zl_impact_run with the same norm and keeps (idem) */
    /* The answer's open locations with the patients of stopping locations re-allocated by
     * the default rule instead of the optimiser's free (system-optimal) assignment; NULL
     * when not run. under_rule_below_norm: open locations that then miss the norm. */
    zl_impact *under_rule;
    size_t under_rule_below_norm;
    /* Why plain is NULL after zl_optimise_run when the norm rule itself has no outcome
     * (e.g. every location is below the norm, so nobody remains); "" otherwise. */
    char plain_note[ZL_ERR_MSG_MAX];
} zl_optimise_result;

/* Solves the optimisation only (no impact metrics). ZL_EINFEASIBLE with an explanation of
 * the constraint that cannot be met. Caller frees *out with zl_optimise_free. */
zl_status zl_optimise_solve(const zl_case *c, const zl_optimise_opts *o, zl_optimise_result **out,
                            zl_err *err);
/* Solves and reports: also evaluates the outcome and the plain norm scenario through the
 * impact analysis. */
zl_status zl_optimise_run(const zl_case *c, const zl_optimise_opts *o, zl_optimise_result **out,
                          zl_err *err);
void zl_optimise_free(zl_optimise_result *r);

/* The documented JSON report (docs/optimise.md) and the readable table. */
struct json_t *zl_optimise_to_json(const zl_case *c, const zl_optimise_result *r);
void zl_optimise_print(const zl_case *c, const zl_optimise_result *r, FILE *f);

#endif
