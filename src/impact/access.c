/* Read access to an impact result for other modules and front ends, and the figures
 * derived from it: the like-for-like headline and the largest gain of a receiver. */
#include "impact_internal.h"

const zl_case *zl_impact_case(const zl_impact *r)
{
    return r->c;
}

const zl_impact_metrics *zl_impact_metrics_get(const zl_impact *r)
{
    return &r->m;
}

const zl_scenario *zl_impact_scenario(const zl_impact *r)
{
    return &r->sc;
}

const zl_impact_location *zl_impact_locations(const zl_impact *r, size_t *n)
{
    *n = r->n_locs;
    return r->locs;
}

const zl_impact_sensitivity *zl_impact_sensitivity_get(const zl_impact *r, size_t *n)
{
    *n = r->n_sens;
    return r->sens;
}

zl_impact_patients zl_impact_headline(const zl_impact *r, const char **baseline)
{
    const zl_impact_metrics *m = &r->m;
    if (m->has_nearest_baseline) {
        if (baseline)
            *baseline = "nearest";
        return m->nearest_baseline;
    }
    if (baseline)
        *baseline = "observed";
    return impact_observed(m);
}

zl_impact_patients impact_observed(const zl_impact_metrics *m)
{
    zl_impact_patients p = {.total = m->patients_total,
                            .displaced = m->patients_displaced,
                            .displaced_shorter = m->patients_displaced_shorter,
                            .minutes_before = m->minutes_before,
                            .minutes_after = m->minutes_after,
                            .extra_minutes = m->extra_minutes};
    for (int k = 0; k < ZL_IMPACT_N_THRESHOLDS; k++)
        p.beyond[k] = m->patients_beyond[k];
    return p;
}

void zl_impact_largest_gain(const zl_impact *r, int32_t *location, double *gain)
{
    *location = -1;
    *gain = 0;
    for (size_t i = 0; i < r->n_locs; i++) {
        const zl_impact_location *x = &r->locs[i];
        double g = x->volume_after - (double)x->volume_before;
        if (x->status == ZL_LOC_RECEIVES && g > *gain) {
            *gain = g;
            *location = (int32_t)x->location;
        }
    }
}
