/* The crow-fly travel-time model: great-circle distance times a detour factor, driven in
 * three speed bands (urban streets, regional roads, motorways) plus fixed access minutes.
 * Calibration and limits: docs/travel.md. */
#include <math.h>
#include <stdio.h>

#include "zorglandschap/travel.h"

#define EARTH_RADIUS_KM 6371.0088 /* IUGG mean radius */

static double rad(double deg)
{
    return deg * (M_PI / 180.0);
}

double zl_haversine_km(zl_geo_point a, zl_geo_point b)
{
    double dlat = rad(b.lat - a.lat), dlon = rad(b.lon - a.lon);
    double h = sin(dlat / 2) * sin(dlat / 2) +
               cos(rad(a.lat)) * cos(rad(b.lat)) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * EARTH_RADIUS_KM * asin(fmin(1.0, sqrt(h)));
}

zl_crowfly_params zl_crowfly_defaults(void)
{
    return (zl_crowfly_params){.detour = 1.25,
                               .access_min = 5,
                               .urban_km = 3,
                               .urban_kmh = 30,
                               .regional_km = 12,
                               .regional_kmh = 60,
                               .motorway_kmh = 100};
}

static bool in(double v, double lo, double hi)
{
    return isfinite(v) && v >= lo && v <= hi;
}

zl_status zl_crowfly_check(const zl_crowfly_params *p, zl_err *err)
{
    if (!in(p->detour, 1, 3))
        return zl_fail(err, ZL_EINPUT, "detour factor %g out of range 1-3", p->detour);
    if (!in(p->access_min, 0, 60))
        return zl_fail(err, ZL_EINPUT, "access minutes %g out of range 0-60", p->access_min);
    if (!in(p->urban_km, 0, 100) || !in(p->regional_km, 0, 500))
        return zl_fail(err, ZL_EINPUT,
                       "band lengths out of range (urban 0-100 km, regional"
                       " 0-500 km)");
    if (!in(p->urban_kmh, 5, 150) || !in(p->regional_kmh, 5, 150) || !in(p->motorway_kmh, 5, 150))
        return zl_fail(err, ZL_EINPUT, "speeds must be 5-150 km/h");
    return ZL_OK;
}

void zl_crowfly_estimate(const zl_crowfly_params *p, double gc_km, double *minutes, double *km)
{
    double road = p->detour * gc_km;
    double urban = fmin(road, p->urban_km);
    double regional = fmin(road - urban, p->regional_km);
    double motorway = road - urban - regional;
    *km = road;
    *minutes = p->access_min + 60.0 * (urban / p->urban_kmh + regional / p->regional_kmh +
                                       motorway / p->motorway_kmh);
}

static const char *crowfly_method(const void *ctx)
{
    return ((const zl_crowfly *)ctx)->method;
}

static zl_status crowfly_route(void *ctx, zl_geo_point from, const zl_geo_point *to, size_t n,
                               double *minutes, double *km, zl_err *err)
{
    const zl_crowfly *cf = ctx;
    for (size_t i = 0; i < n; i++)
        zl_crowfly_estimate(&cf->p, zl_haversine_km(from, to[i]), &minutes[i], &km[i]);
    return ZL_OK;
}

zl_status zl_crowfly_provider(zl_crowfly *cf, const zl_crowfly_params *p, zl_travel_provider *out,
                              zl_err *err)
{
    zl_status st = zl_crowfly_check(p, err);
    if (st != ZL_OK)
        return st;
    cf->p = *p;
    /* Compact, because it is stored on every row of the matrix (docs/travel.md). */
    snprintf(cf->method, sizeof cf->method, "crowfly1:%g/%g/%g@%g/%g@%g/%g", p->detour,
             p->access_min, p->urban_km, p->urban_kmh, p->regional_km, p->regional_kmh,
             p->motorway_kmh);
    snprintf(cf->description, sizeof cf->description,
             "crow-fly model: road km = %g x great-circle km; %g access minutes, the first %g"
             " km at %g km/h, the next %g km at %g km/h, the rest at %g km/h",
             p->detour, p->access_min, p->urban_km, p->urban_kmh, p->regional_km, p->regional_kmh,
             p->motorway_kmh);
    *out = (zl_travel_provider){.ctx = cf, .method = crowfly_method, .route = crowfly_route};
    return ZL_OK;
}
