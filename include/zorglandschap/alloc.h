/* Allocation rules: where the patients of locations that stop offering an intervention
 * go. One implementation for every front end and for other modules (the impact analysis,
 * the optimiser's evaluation, acute-care closures): zl_alloc_displaced. Rules other than
 * nearest and region move expected, fractional patients; every rule conserves each
 * flow's patients to 1e-9. Definitions and baselines: docs/choice.md. */
#ifndef ZORGLANDSCHAP_ALLOC_H
#define ZORGLANDSCHAP_ALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zorglandschap/choice.h"
#include "zorglandschap/landscape.h"
#include "zorglandschap/store.h"

typedef enum zl_alloc_rule {
    ZL_ALLOC_NEAREST,  /* the nearest remaining location (baseline: nearest before) */
    ZL_ALLOC_REGION,   /* the nearest remaining in the area's own region, else the nearest */
    ZL_ALLOC_CHOICE,   /* re-choose among the remaining locations with the model */
    ZL_ALLOC_SHARE,    /* the area's current shares among the remaining locations */
    ZL_ALLOC_PARTNER,  /* the stopping location's network partners, in their shares */
    ZL_ALLOC_CAPACITY, /* as choice, with capacities; overflow to the next choice */
} zl_alloc_rule;
#define ZL_ALLOC_N_RULES 6

const char *zl_alloc_rule_name(zl_alloc_rule r);
bool zl_alloc_rule_parse(const char *s, zl_alloc_rule *out);
/* "observed" for the rules that keep the observed flows as the baseline, "nearest" for
 * nearest and region (every patient at the rule's location before, so that before and
 * after compare like with like). */
const char *zl_alloc_rule_baseline(zl_alloc_rule r);

/* What the rules need besides the case, loaded once per case (zl_alloc_inputs_load) or
 * filled by hand (tests). Owned by whoever made it. */
typedef struct zl_alloc_partner {
    uint32_t from, to; /* case location indices */
    double share;      /* shares of one `from` sum to 1 */
} zl_alloc_partner;

typedef struct zl_alloc_inputs {
    zl_choice_model *model;     /* NULL when no model is fitted */
    zl_choice_weights *weights; /* the model bound to the case (NULL with no model) */
    zl_alloc_partner *partners; /* ordered by from */
    size_t n_partners;
    double *capacity; /* per case location; INFINITY when unlimited (NULL: all unlimited) */
} zl_alloc_inputs;

/* Loads the stored model of the case's intervention (zl_store_choice_load: the case year,
 * else the latest fitted), the partners and the capacities. Caller frees with
 * zl_alloc_inputs_free. */
zl_status zl_alloc_inputs_load(zl_store *s, const zl_case *c, zl_alloc_inputs **out, zl_err *err);
void zl_alloc_inputs_free(zl_alloc_inputs *in);

/* choice when a model is loaded, else nearest. in may be NULL. */
zl_alloc_rule zl_alloc_default_rule(const zl_alloc_inputs *in);
/* Whether the rule can run: choice and capacity need a model, partner needs partners,
 * region needs a region layer in the case. On false, *why says what is missing. */
bool zl_alloc_rule_available(const zl_case *c, const zl_alloc_inputs *in, zl_alloc_rule r,
                             const char **why);

/* Part of a displaced flow's patients sent to one location. */
typedef struct zl_alloc_part {
    uint32_t flow, dest;
    double patients;
} zl_alloc_part;

typedef struct zl_alloc_result {
    zl_alloc_part *parts; /* by flow, then location; only flows whose location stops */
    size_t n_parts;
    /* share and partner: patients for whom the rule had no answer and who were allocated
     * by fallback_rule ("choice", or "nearest" without a model). */
    double fallback_patients;
    const char *fallback_rule;
    /* capacity: per case location, whether it reached its capacity (NULL otherwise), how
     * many did, and patients placed beyond every capacity (when all remaining locations
     * are full they go by the model regardless, and are counted here). */
    bool *saturated;
    size_t n_saturated;
    double over_capacity;
    /* Internal: per case area the nearest locations open after, as the allocation found
     * them (n_areas entries), and a copy of that open set (n_locations). zl_impact_evaluate
     * reuses them instead of scanning the travel matrix again when its scenario has the
     * same open set. */
    struct zl_reach *reach;
    bool *reach_open;
} zl_alloc_result;

/* Allocates the patients of every flow whose location is not open_after (per case
 * location) under the rule. in may be NULL for nearest and region. Errors: a rule whose
 * inputs are missing (ZL_EINPUT, as zl_alloc_rule_available), no open location for some
 * patients (ZL_EINFEASIBLE). On success the caller clears *out (zl_alloc_result_clear). */
zl_status zl_alloc_displaced(const zl_case *c, const bool *open_after, zl_alloc_rule rule,
                             const zl_alloc_inputs *in, zl_alloc_result *out, zl_err *err);
void zl_alloc_result_clear(zl_alloc_result *r);

#endif
