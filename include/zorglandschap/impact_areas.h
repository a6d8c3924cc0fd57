/* The map and histogram layers of an impact result, for the browser UI and other
 * consumers that draw rather than tabulate: per PC4 area the travel minutes to the
 * nearest location offering the intervention before and after the change, and the
 * distribution of displaced patients' extra minutes in fixed bins. Same definitions as
 * the impact report (docs/impact.md), documented in docs/http.md. */
#ifndef ZORGLANDSCHAP_IMPACT_AREAS_H
#define ZORGLANDSCHAP_IMPACT_AREAS_H

#include "zorglandschap/impact.h"

struct json_t;

#define ZL_IMPACT_HIST_BIN_MINUTES 5

/* {"pc4": [...], "population": [...], "minutes_before": [...], "minutes_after": [...]}:
 * parallel arrays over the case's areas (by pc4), minutes to one decimal, null where no
 * location offers the intervention. NULL when out of memory. */
struct json_t *zl_impact_areas_to_json(const zl_impact *r);

/* {"bin_minutes": 5, "bins": [{"from": a, "to": b, "patients": n}, ...]}: displaced
 * patients by extra minutes (after - before), bins from the lowest to the highest
 * non-empty one, [from, to). With ZL_REPORT_PUBLIC (d required) bins of 1-9 are null
 * with secondary suppression and the others rounded by the cell key. NULL when out of
 * memory. */
struct json_t *zl_impact_histogram_to_json(const zl_impact *r, unsigned flags,
                                           const zl_disclosure *d);

#endif
