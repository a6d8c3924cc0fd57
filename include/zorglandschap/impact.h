/* Impact analysis of a volume norm: which locations stop, where their patients go, how far
 * everyone travels before and after, and which locations are sensitive. zl_impact_run
 * decides a scenario from the norm and the user's overrides; zl_impact_evaluate computes
 * every metric for any scenario (the optimiser reports its outcomes through it, so each
 * metric is computed in exactly one place). */
#ifndef ZORGLANDSCHAP_IMPACT_H
#define ZORGLANDSCHAP_IMPACT_H

#include <stdbool.h>
#include <stdio.h>

#include "zorglandschap/landscape.h"

struct json_t;

typedef enum zl_alloc_rule {
    ZL_ALLOC_NEAREST, /* displaced patients go to the nearest remaining location */
    ZL_ALLOC_REGION   /* the nearest remaining location in their own region, if any */
} zl_alloc_rule;

typedef struct zl_impact_opts {
    int64_t norm; /* < 0: the intervention's current norm */
    const char *const *stop;
    size_t n_stop; /* locations that stop whatever their volume */
    const char *const *keep;
    size_t n_keep; /* locations that keep the intervention whatever their volume */
    zl_alloc_rule rule;
} zl_impact_opts;

/* A scenario: which locations offer the intervention after the change, and where each
 * flow's patients are treated after it. Arrays are owned by whoever made the scenario. */
typedef struct zl_scenario {
    bool *open_after;  /* per location */
    bool *kept;        /* per location: kept by override although below the norm (may be NULL) */
    uint32_t *dest;    /* per flow: location index after */
    int64_t norm;
    const char *method; /* "norm" (impact rule), "optimise:glpk", "optimise:heuristic", ... */
} zl_scenario;

typedef struct zl_impact zl_impact; /* opaque result; see impact.c for its fields */

zl_status zl_impact_run(const zl_case *c, const zl_impact_opts *o, zl_impact **out, zl_err *err);
zl_status zl_impact_evaluate(const zl_case *c, const zl_scenario *s, zl_impact **out,
                             zl_err *err);
void zl_impact_free(zl_impact *r);

/* The documented JSON report (docs/impact.md) and the readable table. */
struct json_t *zl_impact_to_json(const zl_impact *r);
void zl_impact_print(const zl_impact *r, FILE *f);

#endif
