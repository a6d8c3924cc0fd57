/* The travel profiles (car, ambulance) and the router that combines a profile's road
 * model with the ferry links. Base speeds and their sources, and how the speed levels
 * were calibrated against RIVM's published figures: docs/travel.md. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "zorglandschap/route.h"
#include "zorglandschap/util.h"

/* Calibrated speed levels (docs/travel.md, "Calibration against RIVM"): the factor by
 * which the base speeds below are multiplied. */
#define CAR_SPEED_LEVEL       0.961
#define AMBULANCE_SPEED_LEVEL 1.095

zl_status zl_profile_parse(const char *name, zl_profile_kind *out, zl_err *err)
{
    if (name && strcmp(name, "car") == 0)
        *out = ZL_PROFILE_CAR;
    else if (name && strcmp(name, "ambulance") == 0)
        *out = ZL_PROFILE_AMBULANCE;
    else
        return zl_fail(err, ZL_EINPUT, "unknown profile '%.40s' (car, ambulance)",
                       name ? name : "");
    return ZL_OK;
}

const char *zl_profile_name(zl_profile_kind k)
{
    return k == ZL_PROFILE_AMBULANCE ? "ambulance" : "car";
}

double zl_profile_speed_level(zl_profile_kind k)
{
    return k == ZL_PROFILE_AMBULANCE ? AMBULANCE_SPEED_LEVEL : CAR_SPEED_LEVEL;
}

zl_crowfly_params zl_profile_params(zl_profile_kind k)
{
    return zl_profile_params_at(k, zl_profile_speed_level(k));
}

zl_crowfly_params zl_profile_params_at(zl_profile_kind k, double level)
{
    zl_crowfly_params p = zl_crowfly_defaults(); /* car: 30 / 60 / 100 km/h, 5 min access */
    if (k == ZL_PROFILE_AMBULANCE) {
        /* With warning lights: faster in towns and on regional roads (priority at
         * junctions, RVV 1990 art. 91), 120 km/h on motorways; no access minutes (the
         * ambulance chain has its own dispatch and on-scene times). */
        p.urban_kmh = 45;
        p.regional_kmh = 80;
        p.motorway_kmh = 120;
        p.access_min = 0;
    }
    p.urban_kmh *= level;
    p.regional_kmh *= level;
    p.motorway_kmh *= level;
    return p;
}

/* ---- Router ---- */

static const char *router_method(const void *ctx)
{
    return ((const zl_router *)ctx)->method;
}

/* Road leg without access minutes. */
static void road(const zl_router *r, zl_geo_point a, zl_geo_point b, double *min, double *km)
{
    zl_crowfly_params p = r->cf.p;
    p.access_min = 0;
    zl_crowfly_estimate(&p, zl_haversine_km(a, b), min, km);
}

#define EARTH_RADIUS_KM 6371.0088 /* as zl_haversine_km */

static double rad(double deg)
{
    return deg * (M_PI / 180.0);
}

/* zl_haversine_km with the origin's cosine computed once per batch (same operations in
 * the same order, so the same result to the last bit). */
static double haversine_from(zl_geo_point a, double cos_a, zl_geo_point b)
{
    double dlat = rad(b.lat - a.lat), dlon = rad(b.lon - a.lon);
    double s_lat = sin(dlat / 2), s_lon = sin(dlon / 2);
    double h = s_lat * s_lat + cos_a * cos(rad(b.lat)) * s_lon * s_lon;
    return 2 * EARTH_RADIUS_KM * asin(fmin(1.0, sqrt(h)));
}

/* Adds the crossing of link i (either direction) to *min and *km; false when it does not
 * sail (night). */
static bool cross(const zl_router *r, int i, double *min, double *km)
{
    const zl_ferry_link *l = &r->ferry->links[i];
    if (r->night && !l->night)
        return false;
    *min += l->wait_min + l->crossing_min;
    *km += zl_haversine_km(l->island_pt, l->mainland_pt);
    return true;
}

/* One trip from a (on island ia, -1 = mainland) to b (on ib). */
static void trip(const zl_router *r, zl_geo_point a, int ia, zl_geo_point b, int ib, double *min,
                 double *km)
{
    double m, k;
    if (ia == ib) {
        road(r, a, b, min, km);
    } else {
        const zl_ferry_link *L = r->ferry->links;
        zl_geo_point from = ia >= 0 ? L[ia].mainland_pt : a;
        zl_geo_point to = ib >= 0 ? L[ib].mainland_pt : b;
        *min = *km = 0;
        bool ok = true;
        if (ia >= 0) { /* to the island's harbour and across */
            road(r, a, L[ia].island_pt, &m, &k);
            *min += m, *km += k;
            ok = cross(r, ia, min, km);
        }
        road(r, from, to, &m, &k); /* on the mainland */
        *min += m, *km += k;
        if (ib >= 0) { /* across and from the harbour to b */
            ok = ok && cross(r, ib, min, km);
            road(r, L[ib].island_pt, b, &m, &k);
            *min += m, *km += k;
        }
        if (!ok)
            *min = *km = INFINITY;
    }
    *min += r->cf.p.access_min;
}

static zl_status router_route(void *ctx, zl_geo_point from, const zl_geo_point *to, size_t n,
                              double *minutes, double *km, zl_err *err)
{
    const zl_router *r = ctx;
    int ia = zl_ferry_island_of(r->ferry, from);
    double cos_from = cos(rad(from.lat));
    for (size_t i = 0; i < n; i++) {
        int ib = zl_ferry_island_of(r->ferry, to[i]);
        if (ia == ib) { /* the common case: a road trip, no ferry */
            zl_crowfly_estimate(&r->cf.p, haversine_from(from, cos_from, to[i]), &minutes[i],
                                &km[i]);
            continue;
        }
        trip(r, from, ia, to[i], ib, &minutes[i], &km[i]);
    }
    return ZL_OK;
}

/* A hash of every link, so a changed ferry file changes the method (and the cache). */
static unsigned long long ferry_hash(const zl_ferry_set *f)
{
    unsigned long long h = 14695981039346656037ULL;
    char buf[256];
    for (size_t i = 0; f && i < f->n; i++) {
        const zl_ferry_link *l = &f->links[i];
        snprintf(buf, sizeof buf, "%s %.6f %.6f %.6f %.6f %g %g %d", l->island, l->island_pt.lat,
                 l->island_pt.lon, l->mainland_pt.lat, l->mainland_pt.lon, l->crossing_min,
                 l->wait_min, l->night);
        h = (h ^ zl_hash_str(buf)) * 1099511628211ULL;
        for (size_t j = 0; j < l->n_poly; j++) {
            snprintf(buf, sizeof buf, "%.6f %.6f", l->poly[j].lat, l->poly[j].lon);
            h = (h ^ zl_hash_str(buf)) * 1099511628211ULL;
        }
    }
    return h;
}

zl_status zl_router_provider(zl_router *r, const zl_crowfly_params *p, const zl_ferry_set *f,
                             bool night, zl_travel_provider *out, zl_err *err)
{
    zl_travel_provider road_p;
    zl_status st = zl_crowfly_provider(&r->cf, p, &road_p, err);
    if (st != ZL_OK)
        return st;
    r->ferry = f && f->n ? f : NULL;
    r->night = night;
    if (r->ferry)
        snprintf(r->method, sizeof r->method, "%s+ferries:%08llx%s", r->cf.method,
                 ferry_hash(f) & 0xffffffffULL, night ? ":night" : "");
    else
        snprintf(r->method, sizeof r->method, "%s", r->cf.method);
    *out = (zl_travel_provider){.ctx = r, .method = router_method, .route = router_route};
    return ZL_OK;
}
