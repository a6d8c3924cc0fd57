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

#include "zorglandschap/alloc.h"
#include "zorglandschap/landscape.h"
#include "zorglandschap/privacy.h"

struct json_t;

typedef struct zl_impact_opts {
    int64_t norm; /* < 0: the intervention's current norm */
    const char *const *stop;
    size_t n_stop; /* locations that stop whatever their volume */
    const char *const *keep;
    size_t n_keep;      /* locations that keep the intervention whatever their volume */
    zl_alloc_rule rule; /* ZL_ALLOC_REGION needs a case loaded with a region layer */
    /* The model, partners and capacities of the rules that need them (may be NULL for
     * nearest and region). Borrowed. */
    const zl_alloc_inputs *inputs;
} zl_impact_opts;

/* A scenario: which locations offer the intervention after the change, and where each
 * flow's patients are treated after it: either one location per flow (dest) or, for the
 * rules that move fractional patients, parts of the displaced flows (parts; flows not
 * listed stay where they are, and dest may be NULL). Arrays are owned by whoever made the
 * scenario; zl_impact_evaluate copies what it keeps. */
typedef struct zl_scenario {
    bool *open_after;   /* per location */
    bool *kept;         /* per location: kept by override although below the norm (may be NULL) */
    uint32_t *dest;     /* per flow: location index after; must be open after */
    int64_t norm;       /* the norm the scenario is judged against (< 0: the current norm) */
    const char *method; /* "norm" (impact rule), "optimise:glpk", "optimise:heuristic", ... */
    const char *rule;   /* how dest was chosen ("nearest", "region"); NULL when not by a rule */
    /* With dest NULL: the displaced flows' parts (zl_alloc_displaced; NULL when none). */
    const zl_alloc_part *parts;
    size_t n_parts;
    const zl_alloc_result *alloc; /* the allocation's fallback and capacity report (may be NULL) */
} zl_scenario;

/* Travel-time thresholds (minutes) of the `beyond` metrics, ascending. */
#define ZL_IMPACT_N_THRESHOLDS 3
extern const int zl_impact_thresholds[ZL_IMPACT_N_THRESHOLDS];
/* The threshold of the sensitivity metric. */
#define ZL_IMPACT_SENSITIVITY_MINUTES 45

/* A patient-weighted distribution (docs/impact.md: nearest-rank percentiles). n is the
 * number of patients; when it is 0 the other fields are 0 and the JSON shows null. */
typedef struct zl_stat {
    double n; /* patients (fractional under rules that move expected patients) */
    double mean, p50, p90, min, max;
} zl_stat;

/* One value with its weight (patients) for a weighted distribution. */
typedef struct zl_wval {
    double v;
    double w;
} zl_wval;

/* Patient-weighted mean, nearest-rank p50/p90, min and max of vals (sorted in place).
 * Entries with w <= 0 are ignored. */
void zl_stat_compute(zl_wval *vals, size_t n, zl_stat *out);

/* The weight of values strictly above a threshold. */
double zl_weight_above(const zl_wval *vals, size_t n, double threshold);

typedef struct zl_beyond {
    int minutes;
    double before, after; /* patients or people with more than `minutes` of travel */
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
    uint32_t location;         /* index into the case */
    int64_t volume_before;     /* patients in the case year's flows */
    double volume_after;       /* expected patients after (fractional under most rules) */
    double norm_volume_before; /* windowed mean volume (the norm check) */
    double norm_volume_after;  /* that mean + net patients gained; 0 when stopped */
    bool meets_norm_before, meets_norm_after;
    bool kept;      /* kept by override although below the norm */
    bool saturated; /* capacity rule: reached its capacity */
    zl_loc_status status;
} zl_impact_location;

/* For a location that remains: the population beyond ZL_IMPACT_SENSITIVITY_MINUTES from
 * its nearest offering location if this location also stopped. */
typedef struct zl_impact_sensitivity {
    uint32_t location;
    int64_t population_beyond; /* if it stopped too */
    int64_t increase;          /* over population_beyond after the scenario */
} zl_impact_sensitivity;

/* Travel of all patients before and after, and of the displaced ones, against one baseline. */
typedef struct zl_impact_patients {
    double total, displaced, displaced_shorter;
    zl_stat minutes_before, minutes_after, extra_minutes;
    zl_beyond beyond[ZL_IMPACT_N_THRESHOLDS];
} zl_impact_patients;

typedef struct zl_impact_metrics {
    int64_t norm;           /* the norm used */
    const char *norm_basis; /* "current", "proposed" or "override" */
    size_t n_offering_before, n_offering_after, n_stopping;
    /* The observed baseline: before = the observed flows, after = the flows of remaining
     * locations plus the displaced patients where the rule sends them. */
    double patients_total, patients_displaced;
    /* Patients whose displacement shortened their travel (they had bypassed a nearer
     * location that remains). */
    double patients_displaced_shorter;
    zl_stat minutes_before, minutes_after; /* all patients */
    zl_stat extra_minutes;                 /* displaced patients: after - before */
    zl_beyond patients_beyond[ZL_IMPACT_N_THRESHOLDS];
    int64_t population_total;
    zl_beyond population_beyond[ZL_IMPACT_N_THRESHOLDS];
    /* nearest and region: the like-for-like comparison, every patient at the rule's
     * location before (nearest offering, or nearest in the own region) against the same
     * rule after; displaced = patients whose location by the rule stops. */
    bool has_nearest_baseline;
    zl_impact_patients nearest_baseline;
    /* The allocation: patients the rule could not place itself (share, partner: sent by
     * fallback_rule), locations at capacity and patients placed beyond every capacity. */
    double fallback_patients, over_capacity;
    const char *fallback_rule;
    size_t n_saturated;
} zl_impact_metrics;

typedef struct zl_impact zl_impact; /* opaque result */

/* The norm rule: offering locations whose windowed volume is below the norm stop unless
 * kept; listed stops stop; displaced flows go where the allocation rule sends them
 * (zl_alloc_displaced, with o->inputs). Unknown ids, a location both kept and stopped, or an id
 * that does not offer the intervention are input errors; no remaining location for patients is
 * ZL_EINFEASIBLE. The result borrows the case: free the result before the case. */
zl_status zl_impact_run(const zl_case *c, const zl_impact_opts *o, zl_impact **out, zl_err *err);
/* Every metric of any scenario (validated: each dest must be open after). Borrows c. */
zl_status zl_impact_evaluate(const zl_case *c, const zl_scenario *s, zl_impact **out, zl_err *err);
void zl_impact_free(zl_impact *r);

/* The like-for-like figures of the result: nearest_baseline for nearest and region, the
 * observed baseline otherwise; *baseline (may be NULL) says which ("nearest"/"observed"). */
zl_impact_patients zl_impact_headline(const zl_impact *r, const char **baseline);

/* Rule sensitivity: the same case and options under every rule available with o->inputs
 * (zl_alloc_rule_available), in rule order. out[] has ZL_ALLOC_N_RULES slots; *n is how
 * many were filled; each is freed with zl_impact_free. Fails as zl_impact_run, and when
 * o->rule (the report's own rule) is not available. */
zl_status zl_impact_run_rules(const zl_case *c, const zl_impact_opts *o, zl_impact **out, size_t *n,
                              zl_err *err);
/* The largest gain in patients of a receiving location (-1 / 0 when none). */
void zl_impact_largest_gain(const zl_impact *r, int32_t *location, double *gain);
/* The one-line plain-language reading of a result, with the band of a rule-sensitivity
 * run when rules (n > 1) is given: "displaced patients travel 5.3 minutes more on average
 * under the choice model; 1.2-11.6 across rules". Writes at most size bytes. */
void zl_impact_reading(const zl_impact *r, zl_impact *const *rules, size_t n, char *buf,
                       size_t size);
/* The report of a rule-sensitivity run: the full JSON report of the result of rule main_rule
 * (zl_impact_to_json_ex) with "rules": [{"rule", "baseline", "patients", "largest_gain",
 * ...}] (one per rule run), "band" (per headline figure: main_rule's value, the lowest and the
 * highest across rules) and the reading with the band (docs/impact.md). main_rule must be among
 * the rules run; disc as for zl_impact_to_json_ex (the rules[] blocks of a public report
 * use the simple rule: null below 9.5, else rounded to 10). The table: main_rule's report
 * followed by the rules side by side. */
struct json_t *zl_impact_rules_to_json(zl_impact *const *rules, size_t n, zl_alloc_rule main_rule,
                                       unsigned flags, const zl_disclosure *disc);
void zl_impact_rules_print(zl_impact *const *rules, size_t n, zl_alloc_rule main_rule, FILE *f);

/* Read access for other modules (the optimiser compares scenarios through these). */
const zl_case *zl_impact_case(const zl_impact *r);
const zl_impact_metrics *zl_impact_metrics_get(const zl_impact *r);
/* The scenario the result describes (owned by r): open_after, kept, dest, norm. */
const zl_scenario *zl_impact_scenario(const zl_impact *r);
/* Locations offering before or after, ordered as in the case (by id). */
const zl_impact_location *zl_impact_locations(const zl_impact *r, size_t *n);
/* Remaining locations, ordered as in the case. */
const zl_impact_sensitivity *zl_impact_sensitivity_get(const zl_impact *r, size_t *n);

/* The rows behind a result's headline comparison (zl_impact_headline), for analyses that
 * break it down (the regional assessment): per row the residence area, the location before
 * and after (the same one when not displaced) and the patients. Under the nearest
 * baseline one row per area (the rule's location before and after); under the observed
 * baseline one row per flow, or per part of a displaced flow. Also per case area the
 * minutes to the nearest offering location before and after (INFINITY when none), as the
 * population_beyond metrics use them. */
typedef struct zl_impact_move {
    uint32_t area;
    uint32_t from, to; /* case location indices before and after */
    float minutes_before, minutes_after;
    double patients;
} zl_impact_move;

typedef struct zl_impact_detail {
    const char *baseline; /* "nearest" or "observed" */
    zl_impact_move *moves;
    size_t n_moves;
    float *nearest_before, *nearest_after; /* n_areas each */
} zl_impact_detail;

/* Fills *out (caller clears it with zl_impact_detail_clear, also after a failure). */
zl_status zl_impact_detail_get(const zl_impact *r, zl_impact_detail *out, zl_err *err);
void zl_impact_detail_clear(zl_impact_detail *d);

/* The documented JSON report (docs/impact.md) and the readable table. */
struct json_t *zl_impact_to_json(const zl_impact *r);
/* Report flags. ZL_REPORT_PUBLIC: for outputs that leave the analyst's machine (viewers
 * without an exact view), patient counts are published as docs/privacy.md describes: 1-9
 * (and distributions over fewer than 10 patients) null, every other count a multiple of
 * 10 rounded by the cell key of `d` (required with the flag; the store's
 * zl_store_disclosure_key), patients in total and displaced summed from the published
 * location volumes; `small_counts_suppressed` is true. */
enum { ZL_REPORT_PUBLIC = 1 };
/* The exact JSON of one distribution ({"n","mean","p50","p90","min","max"}; minutes to 0.1)
 * and of the ZL_IMPACT_N_THRESHOLDS patient counts beyond ([{"minutes","before","after"}]),
 * as in the impact report, for other reports built on it. New references. */
struct json_t *zl_stat_json(const zl_stat *s);
struct json_t *zl_beyond_json(const zl_beyond *b);
struct json_t *zl_impact_to_json_ex(const zl_impact *r, unsigned flags, const zl_disclosure *d);
void zl_impact_print(const zl_impact *r, FILE *f);

#endif
