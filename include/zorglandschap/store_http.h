/* Read-only listings of the care-landscape tables that the HTTP API publishes: areas,
 * locations, interventions with their norms, region layers and travel times. Rows are
 * passed to a callback one at a time; their strings are valid only during the call. */
#ifndef ZORGLANDSCHAP_STORE_HTTP_H
#define ZORGLANDSCHAP_STORE_HTTP_H

#include <stdbool.h>
#include <stdint.h>

#include "zorglandschap/err.h"
#include "zorglandschap/store.h"

typedef struct zl_area_view {
    int32_t pc4;
    const char *municipality, *province; /* NULL when unknown */
    int64_t population, male, female;
    double lat, lon;
} zl_area_view;

typedef struct zl_location_view {
    const char *id, *organisation_id, *organisation, *name, *kind;
    const char *address, *postcode, *city; /* NULL when unknown */
    double lat, lon;
} zl_location_view;

typedef struct zl_intervention_view {
    const char *code, *name, *group;
    int64_t norm, window_years;
    const char *norm_source;
    bool norm_illustrative;
    int64_t proposed_norm; /* -1 when none */
    const char *proposed_source;
    bool proposed_illustrative;
    int64_t first_year, last_year; /* years with flows; 0 when none */
    bool synthetic;                /* any flow or volume of it is synthetic */
} zl_intervention_view;

typedef struct zl_travel_view {
    int32_t pc4;
    const char *location_id;
    double minutes, km;
    const char *method;
} zl_travel_view;

typedef struct zl_region_view {
    const char *layer, *code, *name;
    int64_t areas, locations;
} zl_region_view;

typedef zl_status (*zl_area_view_fn)(void *ctx, const zl_area_view *a, zl_err *err);
typedef zl_status (*zl_location_view_fn)(void *ctx, const zl_location_view *l, zl_err *err);
typedef zl_status (*zl_intervention_view_fn)(void *ctx, const zl_intervention_view *v, zl_err *err);
typedef zl_status (*zl_travel_view_fn)(void *ctx, const zl_travel_view *t, zl_err *err);
typedef zl_status (*zl_region_view_fn)(void *ctx, const zl_region_view *r, zl_err *err);

/* pc4 == 0: every area (ordered by pc4); otherwise that one (ZL_ENOTFOUND if absent). */
zl_status zl_store_view_areas(zl_store *s, int32_t pc4, zl_area_view_fn fn, void *ctx, zl_err *err);
/* id == NULL: every location (ordered by id); otherwise that one (ZL_ENOTFOUND). */
zl_status zl_store_view_locations(zl_store *s, const char *id, zl_location_view_fn fn, void *ctx,
                                  zl_err *err);
/* code == NULL: every intervention (ordered by code); otherwise that one (ZL_ENOTFOUND). */
zl_status zl_store_view_interventions(zl_store *s, const char *code, zl_intervention_view_fn fn,
                                      void *ctx, zl_err *err);
/* Every region of every layer, ordered by layer and code. */
zl_status zl_store_view_regions(zl_store *s, zl_region_view_fn fn, void *ctx, zl_err *err);
/* Travel times from one area to every location (ordered by minutes), or to one location
 * from every area (ordered by pc4). ZL_ENOTFOUND when the area or location is unknown. */
zl_status zl_store_view_travel_from_area(zl_store *s, int32_t pc4, zl_travel_view_fn fn, void *ctx,
                                         zl_err *err);
zl_status zl_store_view_travel_to_location(zl_store *s, const char *id, zl_travel_view_fn fn,
                                           void *ctx, zl_err *err);

#endif
