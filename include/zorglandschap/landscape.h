/* The in-memory care landscape for one question: one intervention in one year, with the
 * areas, locations, patient flows, windowed volumes, travel matrix and an optional region
 * layer. Loaded once from the store (zl_case_load); the norm check, the impact analysis
 * and the optimiser all compute on it, so no analysis touches SQL. */
#ifndef ZORGLANDSCHAP_LANDSCAPE_H
#define ZORGLANDSCHAP_LANDSCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zorglandschap/err.h"
#include "zorglandschap/store.h"

typedef enum zl_location_kind {
    ZL_KIND_UMC,
    ZL_KIND_GENERAL,
    ZL_KIND_CHILDREN,
    ZL_KIND_OUTPATIENT,
    ZL_KIND_OTHER
} zl_location_kind;

const char *zl_location_kind_name(zl_location_kind k);
/* Parses "umc", "general", ...; false when unknown. */
bool zl_location_kind_parse(const char *s, zl_location_kind *out);

typedef struct zl_area {
    int32_t pc4;
    int64_t population;
    double lat, lon;
} zl_area;

typedef struct zl_location {
    char *id;
    char *name;
    char *organisation;
    zl_location_kind kind;
    double lat, lon;
} zl_location;

typedef struct zl_intervention {
    char *code, *name, *group;
    int64_t norm;     /* procedures per location per year */
    int window_years; /* the norm applies to the mean over this many years */
    char *norm_source;
    bool norm_illustrative;
    int64_t proposed_norm; /* -1 when none */
    char *proposed_source;
    bool proposed_illustrative;
} zl_intervention;

/* Patients living in areas[area] treated at locations[location] in the case's year. */
typedef struct zl_flow {
    uint32_t area, location;
    int64_t patients;
} zl_flow;

typedef struct zl_case {
    zl_intervention intervention;
    int year;
    size_t n_areas;
    zl_area *areas; /* sorted by pc4 */
    size_t n_locations;
    zl_location *locations; /* every location with travel times, sorted by id */
    size_t n_flows;
    zl_flow *flows; /* sorted by (area, location) */
    /* Per location: the volume averaged over the window of years ending in `year`, over
     * the years that have a record, and how many years had one (0: no record, mean 0).
     * A year's volume is its `volume` record, else the sum of its flows (docs/impact.md). */
    double *volume_mean;
    int *volume_years;
    /* Travel matrix, n_areas x n_locations, row-major by area: minutes. (Distances in km
     * stay in the store; no analysis reads them, and a case load does not move them.) */
    float *minutes;
    /* Optional region layer (NULL when none): region index per area / location, -1 when
     * the area or location is in no region of the layer. */
    char *region_layer;
    size_t n_regions;
    char **region_codes;
    int32_t *area_region, *location_region;
    /* The method of the travel matrix, as stored (NULL for volume-only cases). */
    char *travel_method;
    /* True when any flow or volume used was generated rather than observed. */
    bool synthetic;
    /* Optional (NULL: not built, as in a hand-made case): per area its near_k nearest
     * locations with a time below infinity, by (minutes, index), n_areas x near_k, padded
     * with UINT32_MAX when the area has fewer. Built by zl_case_load (zl_case_build_near)
     * for the nearest-location scans; they read the whole row when it is NULL or holds
     * fewer than two open locations. */
    uint32_t *near;
    size_t near_k;
} zl_case;

/* Loads a case. year <= 0 means the latest year with flows for the intervention.
 * region_layer may be NULL. Caller frees with zl_case_free. Errors: unknown intervention
 * or region layer (ZL_ENOTFOUND), no flows in the year, no travel times (ZL_EINPUT). */
zl_status zl_case_load(zl_store *s, const char *intervention, int year, const char *region_layer,
                       zl_case **out, zl_err *err);

/* The volumes only (for the norm check): intervention, year and, per location of the
 * location table, volume_mean/volume_years; no areas, flows or travel matrix.
 * year <= 0 means the latest year with a volume record or flows. */
zl_status zl_case_load_volumes(zl_store *s, const char *intervention, int year, zl_case **out,
                               zl_err *err);
void zl_case_free(zl_case *c);

/* (Re)builds c->near with k nearest locations per area (0: the default, 16); leaves it
 * NULL when out of memory (the scans then read whole rows). Call again after changing
 * c->minutes. */
void zl_case_build_near(zl_case *c, size_t k);

/* Frees the strings of an intervention and zeroes it. */
void zl_intervention_clear(zl_intervention *iv);

/* Index of a location id in the case, or -1. */
int zl_case_location_index(const zl_case *c, const char *id);

/* Patients per location in the flows of the case year; out has n_locations entries. */
void zl_case_location_patients(const zl_case *c, int64_t *out);

/* Whether location l offers the intervention before any change: a windowed volume above
 * zero or patients in the year's flows (patients as from zl_case_location_patients). */
bool zl_case_offers(const zl_case *c, size_t l, const int64_t *patients);

/* Minutes from area a to location l. */
static inline float zl_case_minutes(const zl_case *c, size_t a, size_t l)
{
    return c->minutes[a * c->n_locations + l];
}

#endif
