/* Travel times by car from each PC4 point to each location. A zl_travel_provider computes
 * them (today the crow-fly model below; a road-network router can implement the same
 * interface later); zl_travel_build computes the whole matrix once and caches it in the
 * store with the provider's method string, and recomputes only when the areas, the
 * locations or the method (with its parameters) changed. Model and limits:
 * docs/travel.md. */
#ifndef ZORGLANDSCHAP_TRAVEL_H
#define ZORGLANDSCHAP_TRAVEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "zorglandschap/err.h"
#include "zorglandschap/store.h"

typedef struct zl_geo_point {
    double lat, lon; /* WGS84 degrees */
} zl_geo_point;

/* The interface a travel-time source implements. */
typedef struct zl_travel_provider {
    void *ctx;
    /* The method and its parameters, stored with every row (e.g.
     * "crowfly1:1.25/5/3@30/12@60/100"); valid as long as ctx is. */
    const char *(*method)(const void *ctx);
    /* Minutes and road km from one origin to n destinations. */
    zl_status (*route)(void *ctx, zl_geo_point from, const zl_geo_point *to, size_t n,
                       double *minutes, double *km, zl_err *err);
    /* Optional (NULL: route is called once per origin): minutes and km from each of n_from
     * origins to each of n_to destinations, origin-major, NaN where no route exists; for
     * providers that answer a whole matrix faster than origin by origin (a road router). */
    zl_status (*matrix)(void *ctx, const zl_geo_point *from, size_t n_from, const zl_geo_point *to,
                        size_t n_to, double *minutes, double *km, zl_err *err);
} zl_travel_provider;

/* Great-circle distance in km (haversine, mean Earth radius 6371.0088 km). */
double zl_haversine_km(zl_geo_point a, zl_geo_point b);

/* The crow-fly model: road km = detour x great-circle km; minutes = access minutes plus the
 * road km driven in three bands: the first urban_km at urban_kmh, the next regional_km at
 * regional_kmh, the rest at motorway_kmh. */
typedef struct zl_crowfly_params {
    double detour;
    double access_min;
    double urban_km, urban_kmh;
    double regional_km, regional_kmh;
    double motorway_kmh;
} zl_crowfly_params;

/* The documented defaults for the Netherlands (docs/travel.md). */
zl_crowfly_params zl_crowfly_defaults(void);
/* Rejects parameters outside plausible ranges (detour 1-3, speeds 5-150 km/h, ...). */
zl_status zl_crowfly_check(const zl_crowfly_params *p, zl_err *err);
/* Minutes and road km for a great-circle distance. */
void zl_crowfly_estimate(const zl_crowfly_params *p, double gc_km, double *minutes, double *km);

/* A provider over crow-fly parameters. The zl_crowfly holds the parameters and the method
 * string; it must outlive the provider. */
typedef struct zl_crowfly {
    zl_crowfly_params p;
    char method[128];      /* "crowfly1:DETOUR/ACCESS/UKM@UKMH/RKM@RKMH/MKMH", stored per row */
    char description[512]; /* the same in words */
} zl_crowfly;
zl_status zl_crowfly_provider(zl_crowfly *cf, const zl_crowfly_params *p, zl_travel_provider *out,
                              zl_err *err);

typedef struct zl_travel_build_result {
    bool rebuilt; /* false: the cached matrix was up to date */
    size_t n_areas, n_locations;
    int64_t rows;
    char method[256];
} zl_travel_build_result;

/* Computes and stores the matrix for every area and location, in one transaction, unless
 * the cached one was made from the same areas, locations and method (force: always). The
 * matrix is stored twice: as one `travel` row per pair (for SQL, export and the HTTP
 * views) and compactly (zl_store_travel_matrix_put) for the case loader. A pair without a
 * route (NaN from the provider) gets no row. */
zl_status zl_travel_build(zl_store *s, const zl_travel_provider *p, bool force,
                          zl_travel_build_result *res, zl_err *err);

/* Writes the cached matrix as CSV: pc4,location_id,minutes,km (header included). */
zl_status zl_travel_export_csv(zl_store *s, FILE *out, zl_err *err);

#endif
