/* Calibrating a profile's speed level against a published count: the level at which the
 * analysis puts the target number of inhabitants beyond the norm (bisection; the count
 * falls as the level rises). docs/travel.md records the levels found and used. */
#include <math.h>
#include <stdlib.h>

#include "acute_internal.h"

/* Inhabitants beyond the norm with `profile` at `level` (the other profile as shipped). */
static zl_status beyond_at(zl_store *s, const char *function, const char *date,
                           zl_profile_kind profile, const zl_acute_model *m, const zl_ferry_set *f,
                           double level, int64_t *beyond, zl_err *err)
{
    zl_crowfly_params a = profile == ZL_PROFILE_AMBULANCE ? zl_profile_params_at(profile, level)
                                                          : zl_profile_params(ZL_PROFILE_AMBULANCE);
    zl_crowfly_params k = profile == ZL_PROFILE_CAR ? zl_profile_params_at(profile, level)
                                                    : zl_profile_params(ZL_PROFILE_CAR);
    a.access_min = k.access_min = 0;
    zl_router ra, rk;
    zl_acute_providers p;
    zl_travel_provider pa, pk;
    zl_acute_case *c = NULL;
    zl_acute_result r;
    zl_status st = zl_router_provider(&ra, &a, f, false, &pa, err);
    if (st == ZL_OK)
        st = zl_router_provider(&rk, &k, f, false, &pk, err);
    p = (zl_acute_providers){&pa, &pk};
    if (st == ZL_OK)
        st = zl_acute_load(s, function, date, &p, &c, err);
    if (st == ZL_OK && (st = zl_acute_reach(c, m, NULL, 0, &r, err)) == ZL_OK) {
        *beyond = profile == ZL_PROFILE_AMBULANCE ? r.population_beyond : r.car_beyond;
        zl_acute_result_free(&r);
    }
    zl_acute_case_free(c);
    return st;
}

zl_status zl_acute_calibrate(zl_store *s, const char *function, const char *date,
                             zl_profile_kind profile, const zl_acute_model *m, int64_t target,
                             double *level, int64_t *beyond, zl_err *err)
{
    zl_ferry_set f = {0};
    /* Up to 2, and no faster than the 150 km/h the road model accepts. */
    double lo = 0.5, hi = fmin(2.0, 150.0 / zl_profile_params_at(profile, 1).motorway_kmh);
    int64_t b_lo = 0, b_hi = 0;
    zl_status st = zl_store_ferries(s, &f, err);
    if (st == ZL_OK)
        st = beyond_at(s, function, date, profile, m, &f, lo, &b_lo, err);
    if (st == ZL_OK)
        st = beyond_at(s, function, date, profile, m, &f, hi, &b_hi, err);
    if (st == ZL_OK && (target > b_lo || target < b_hi))
        st = zl_fail(err, ZL_EINFEASIBLE,
                     "target %lld is outside what speed levels %.1f-%.1f give (%lld-%lld)",
                     (long long)target, lo, hi, (long long)b_hi, (long long)b_lo);
    /* Invariant: beyond(lo) >= target >= beyond(hi). */
    for (int it = 0; st == ZL_OK && it < 30 && hi - lo > 1e-4; it++) {
        double mid = (lo + hi) / 2;
        int64_t b;
        st = beyond_at(s, function, date, profile, m, &f, mid, &b, err);
        if (st == ZL_OK && b > target)
            lo = mid, b_lo = b;
        else if (st == ZL_OK)
            hi = mid, b_hi = b;
    }
    /* The nearer of the two ends. */
    bool take_hi = llabs(b_hi - target) <= llabs(b_lo - target);
    *level = take_hi ? hi : lo;
    *beyond = take_hi ? b_hi : b_lo;
    zl_ferry_set_free(&f);
    return st;
}
