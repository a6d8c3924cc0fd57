/* Internals shared by the files of the impact module: the result structure, weighted
 * distributions and the nearest-location search over a set of open locations. */
#ifndef ZL_IMPACT_INTERNAL_H
#define ZL_IMPACT_INTERNAL_H

#include "zorglandschap/impact.h"

struct zl_impact {
    const zl_case *c; /* borrowed */
    zl_scenario sc;   /* arrays owned by the result (parts copied, alloc not kept) */
    bool *open_before;
    char *method, *rule;
    zl_impact_metrics m;
    zl_impact_location *locs;
    size_t n_locs;
    zl_impact_sensitivity *sens; /* ordered by location */
    size_t n_sens;
    bool *saturated; /* per location (capacity rule) */
    /* The displaced patients' extra minutes of the headline comparison (histogram). */
    struct zl_wval *extra;
    size_t n_extra;
};

/* Per area: the nearest and second-nearest open location (INFINITY / -1 when none).
 * Ties go to the lower location index, so results do not depend on search order. */
typedef struct zl_reach {
    float best, second;
    int32_t best_loc;
} zl_reach;

/* idx is scratch space for n_locations indices. */
void zl_reach_compute(const zl_case *c, const bool *open, uint32_t *idx, zl_reach *out);

/* Per area: the nearest open location in the area's region of the case's layer, or -1
 * when the area has no region or its region has no open location. */
void zl_reach_in_region(const zl_case *c, const bool *open, int32_t *out);

/* Whether the result's rule is region (the nearest location in the area's own region). */
bool impact_by_region(const zl_impact *r);

/* The location of area a by the result's rule (nearest, or nearest in its region) for a
 * reach (and, for region, the nearest in the area's region; region is read only then). */
int32_t impact_rule_location(const zl_impact *r, const zl_reach *reach, const int32_t *region,
                             size_t a);

/* The observed-baseline figures of the metrics as one patients block. */
zl_impact_patients impact_observed(const zl_impact_metrics *m);

/* JSON pieces shared by the single-rule and the rule-sensitivity reports. */
struct json_t;
/* Formats a patient count for a table: whole numbers as such, others to one decimal. */
const char *impact_fmt_count(char *buf, size_t size, double v);
/* How a report publishes patient counts (docs/privacy.md): NULL for the exact report;
 * else 1-9 as null and the rest rounded by the cell key d, the cells named after the case
 * c ("impact/<what>/<intervention>/<year>"), so a count is the same number in every
 * scenario, rule and report. */
typedef struct impact_pub {
    const struct zl_disclosure *d;
    const zl_case *c;
} impact_pub;
/* A patient count of cell `what` as published by p (exact, to 1e-6, when p is NULL). */
struct json_t *impact_count_json(const impact_pub *p, const char *what, double v);
/* A patients block against one baseline ("observed": public totals summed from the
 * published location volumes; "nearest": published count by count). */
struct json_t *impact_block_json(const impact_pub *p, const zl_impact *r,
                                 const zl_impact_patients *q, const char *baseline);

#endif
