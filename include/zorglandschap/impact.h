/* Impact analysis of a volume norm: which locations stop, where their patients go, how far
 * everyone travels before and after, and which locations are sensitive. zl_impact_run
 * decides a scenario from the norm and the user's overrides; zl_impact_evaluate computes
 * every metric for any scenario (the optimiser reports its outcomes through it, so each
 * metric is computed in exactly one place). Method and definitions: docs/impact.md. */
#ifndef ZORGLANDSCHAP_IMPACT_H
#define ZORGLANDSCHAP_IMPACT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "zorglandschap/landscape.h"
#include "zorglandschap/privacy.h"

struct json_t;

typedef enum zl_alloc_rule {
    ZL_ALLOC_NEAREST, /* displaced patients go to the nearest remaining location */
    ZL_ALLOC_REGION   /* the nearest remaining location in their own region, if any */
} zl_alloc_rule;

const char *zl_alloc_rule_name(zl_alloc_rule r);
bool zl_alloc_rule_parse(const char *s, zl_alloc_rule *out);

typedef struct zl_impact_opts {
    int64_t norm; /* < 0: the intervention's current norm */
    const char *const *stop;
    size_t n_stop; /* locations that stop whatever their volume */
    const char *const *keep;
    size_t n_keep;      /* locations that keep the intervention whatever their volume */
    zl_alloc_rule rule; /* ZL_ALLOC_REGION needs a case loaded with a region layer */
} zl_impact_opts;

/* A scenario: which locations offer the intervention after the change, and where each
 * flow's patients are treated after it. Arrays are owned by whoever made the scenario;
 * zl_impact_evaluate copies what it keeps. */
typedef struct zl_scenario {
    bool *open_after;   /* per location */
    bool *kept;         /* per location: kept by override although below the norm (may be NULL) */
    uint32_t *dest;     /* per flow: location index after; must be open after */
    int64_t norm;       /* the norm the scenario is judged against (< 0: the current norm) */
    const char *method; /* "norm" (impact rule), "optimise:glpk", "optimise:heuristic", ... */
    const char *rule;   /* how dest was chosen ("nearest", "region"); NULL when not by a rule */
} zl_scenario;

/* Travel-time thresholds (minutes) of the `beyond` metrics, ascending. */
#define ZL_IMPACT_N_THRESHOLDS 3
extern const int zl_impact_thresholds[ZL_IMPACT_N_THRESHOLDS];
/* The threshold of the sensitivity metric. */
#define ZL_IMPACT_SENSITIVITY_MINUTES 45

/* A patient-weighted distribution (docs/impact.md: nearest-rank percentiles). n is the
 * number of patients; when it is 0 the other fields are 0 and the JSON shows null. */
typedef struct zl_stat {
    int64_t n;
    double mean, p50, p90, min, max;
} zl_stat;

typedef struct zl_beyond {
    int minutes;
    int64_t before, after; /* patients or people with more than `minutes` of travel */
} zl_beyond;

typedef enum zl_loc_status {
    ZL_LOC_KEEPS,    /* offers before and after, receives no displaced patients */
    ZL_LOC_STOPS,    /* offers before, not after */
    ZL_LOC_RECEIVES, /* offers before and after and receives displaced patients */
    ZL_LOC_OPENS     /* offers after but not before (only scenarios from the optimiser) */
} zl_loc_status;

const char *zl_loc_status_name(zl_loc_status s);

/* One location that offers the intervention before or after. */
typedef struct zl_impact_location {
    uint32_t location;                   /* index into the case */
    int64_t volume_before, volume_after; /* patients in the case year's flows */
    double norm_volume_before;           /* windowed mean volume (the norm check) */
    double norm_volume_after;            /* that mean + net patients gained; 0 when stopped */
    bool meets_norm_before, meets_norm_after;
    bool kept; /* kept by override although below the norm */
    zl_loc_status status;
} zl_impact_location;

/* For a location that remains: the population beyond ZL_IMPACT_SENSITIVITY_MINUTES from
 * its nearest offering location if this location also stopped. */
typedef struct zl_impact_sensitivity {
    uint32_t location;
    int64_t population_beyond; /* if it stopped too */
    int64_t increase;          /* over population_beyond after the scenario */
} zl_impact_sensitivity;

typedef struct zl_impact_metrics {
    int64_t norm;           /* the norm used */
    const char *norm_basis; /* "current", "proposed" or "override" */
    size_t n_offering_before, n_offering_after, n_stopping;
    int64_t patients_total, patients_displaced;
    /* Patients whose displacement shortened their travel (they had bypassed a nearer
     * location that remains). */
    int64_t patients_displaced_shorter;
    zl_stat minutes_before, minutes_after; /* all patients */
    zl_stat extra_minutes;                 /* displaced patients: after - before */
    zl_beyond patients_beyond[ZL_IMPACT_N_THRESHOLDS];
    int64_t population_total;
    zl_beyond population_beyond[ZL_IMPACT_N_THRESHOLDS];
} zl_impact_metrics;

typedef struct zl_impact zl_impact; /* opaque result */

/* The norm rule: offering locations whose windowed volume is below the norm stop unless
 * kept; listed stops stop; displaced flows go to the nearest remaining location by the
 * rule. Unknown ids, a location both kept and stopped, or an id that does not offer the
 * intervention are input errors; no remaining location for patients is ZL_EINFEASIBLE.
 * The result borrows the case: free the result before the case. */
zl_status zl_impact_run(const zl_case *c, const zl_impact_opts *o, zl_impact **out, zl_err *err);
/* Every metric of any scenario (validated: each dest must be open after). Borrows c. */
zl_status zl_impact_evaluate(const zl_case *c, const zl_scenario *s, zl_impact **out, zl_err *err);
void zl_impact_free(zl_impact *r);

/* Read access for other modules (the optimiser compares scenarios through these). */
const zl_case *zl_impact_case(const zl_impact *r);
const zl_impact_metrics *zl_impact_metrics_get(const zl_impact *r);
/* The scenario the result describes (owned by r): open_after, kept, dest, norm. */
const zl_scenario *zl_impact_scenario(const zl_impact *r);
/* Locations offering before or after, ordered as in the case (by id). */
const zl_impact_location *zl_impact_locations(const zl_impact *r, size_t *n);
/* Remaining locations, ordered as in the case. */
const zl_impact_sensitivity *zl_impact_sensitivity_get(const zl_impact *r, size_t *n);

/* The documented JSON report (docs/impact.md) and the readable table. */
struct json_t *zl_impact_to_json(const zl_impact *r);
/* Report flags. ZL_REPORT_PUBLIC: for outputs that leave the analyst's machine (viewers
 * without an exact view), patient counts are published as docs/privacy.md describes: 1-9
 * (and distributions over fewer than 10 patients) null, every other count a multiple of
 * 10 rounded by the cell key of `d` (required with the flag; the store's
 * zl_store_disclosure_key), patients in total and displaced summed from the published
 * location volumes; `small_counts_suppressed` is true. */
enum { ZL_REPORT_PUBLIC = 1 };
struct json_t *zl_impact_to_json_ex(const zl_impact *r, unsigned flags, const zl_disclosure *d);
void zl_impact_print(const zl_impact *r, FILE *f);

#endif
