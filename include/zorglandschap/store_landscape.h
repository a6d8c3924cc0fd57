/* Typed access to the care-landscape tables of the store (areas, age bands, locations,
 * region layers, interventions, volumes, flows, travel times): the upserts the importers
 * use, the existence checks they validate references with, and the few listings the
 * travel-time builder and the synthetic-data generator read. Every string argument is
 * borrowed for the duration of the call; every array returned is owned by the caller. */
#ifndef ZORGLANDSCHAP_STORE_LANDSCAPE_H
#define ZORGLANDSCHAP_STORE_LANDSCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zorglandschap/err.h"
#include "zorglandschap/store.h"

typedef struct zl_area_row {
    int32_t pc4;
    const char *municipality, *province; /* NULL when unknown */
    int64_t population, male, female;
    double lat, lon;
} zl_area_row;

typedef struct zl_area_age_row {
    int32_t pc4;
    int band_lo;      /* lower bound of the five-year band: 0, 5, ... 95 */
    const char *band; /* as published: "0-4" ... "95+" */
    int64_t population, male, female;
} zl_area_age_row;

typedef struct zl_location_row {
    const char *id, *organisation_id, *organisation, *name;
    const char *kind; /* umc, general, children, outpatient, other */
    const char *address, *postcode, *city;
    double lat, lon;
} zl_location_row;

typedef struct zl_intervention_row {
    const char *code, *name, *group;
    int64_t norm;
    int64_t window_years;
    const char *norm_source;
    bool norm_illustrative;
    int64_t proposed_norm; /* < 0: none */
    const char *proposed_source;
    bool proposed_illustrative;
} zl_intervention_row;

typedef struct zl_volume_row {
    const char *location_id, *intervention;
    int64_t year, count;
    bool synthetic;
} zl_volume_row;

typedef struct zl_flow_row {
    int32_t pc4;
    const char *location_id, *intervention;
    int64_t year, patients;
    bool synthetic;
} zl_flow_row;

/* Upserts. *changed (may be NULL) tells whether the row was inserted or any value
 * differed; writing identical values changes nothing in the database. */
zl_status zl_store_put_area(zl_store *s, const zl_area_row *r, bool *changed, zl_err *err);
zl_status zl_store_put_area_age(zl_store *s, const zl_area_age_row *r, bool *changed, zl_err *err);
zl_status zl_store_put_location(zl_store *s, const zl_location_row *r, bool *changed, zl_err *err);
zl_status zl_store_put_region(zl_store *s, const char *layer, const char *code, const char *name,
                              bool *changed, zl_err *err);
zl_status zl_store_put_region_area(zl_store *s, const char *layer, const char *code, int32_t pc4,
                                   bool *changed, zl_err *err);
zl_status zl_store_put_region_location(zl_store *s, const char *layer, const char *code,
                                       const char *location_id, bool *changed, zl_err *err);
zl_status zl_store_put_intervention(zl_store *s, const zl_intervention_row *r, bool *changed,
                                    zl_err *err);
zl_status zl_store_put_volume(zl_store *s, const zl_volume_row *r, bool *changed, zl_err *err);
zl_status zl_store_put_flow(zl_store *s, const zl_flow_row *r, bool *changed, zl_err *err);

/* Batches: the rows of one big file (areas, age bands, flows) upserted by the same rule as
 * zl_store_put_*, inside the caller's transaction. On SQLite each row is written as it is
 * put (as zl_store_put_*: *changed per row). On PostgreSQL a row at a time is a round trip
 * each, so the rows are kept in memory (*changed false) and zl_store_batch_finish writes
 * them with one COPY into a temporary table and one INSERT ... ON CONFLICT; until then the
 * store runs other statements as usual (the importers' reference checks). */
typedef enum { ZL_BATCH_AREA, ZL_BATCH_AREA_AGE, ZL_BATCH_FLOW } zl_batch_table;
typedef struct zl_store_batch zl_store_batch;
/* A new batch for table t; NULL with err set when memory runs out. */
zl_store_batch *zl_store_batch_new(zl_store *s, zl_batch_table t, zl_err *err);
/* One row each, into a batch of the matching table (asserted). */
zl_status zl_store_batch_area(zl_store_batch *b, const zl_area_row *r, bool *changed, zl_err *err);
zl_status zl_store_batch_area_age(zl_store_batch *b, const zl_area_age_row *r, bool *changed,
                                  zl_err *err);
zl_status zl_store_batch_flow(zl_store_batch *b, const zl_flow_row *r, bool *changed, zl_err *err);
/* Writes what the batch kept and adds the rows it inserted or changed to *changed (0 on
 * SQLite, whose rows were counted as they were put); frees b, also on error (after which
 * the caller rolls the transaction back). */
zl_status zl_store_batch_finish(zl_store_batch *b, int64_t *changed, zl_err *err);
/* Frees b without writing what it kept (an import that failed). NULL is a no-op. */
void zl_store_batch_free(zl_store_batch *b);

/* Reference checks for the importers. */
zl_status zl_store_has_area(zl_store *s, int32_t pc4, bool *found, zl_err *err);
zl_status zl_store_has_location(zl_store *s, const char *id, bool *found, zl_err *err);
zl_status zl_store_has_intervention(zl_store *s, const char *code, bool *found, zl_err *err);

/* Listings. */
typedef struct zl_point_area {
    int32_t pc4;
    double lat, lon;
} zl_point_area;

typedef struct zl_point_location {
    char *id;
    char *kind;
    double lat, lon;
} zl_point_location;

/* All areas ordered by pc4; caller frees *out. */
zl_status zl_store_list_areas(zl_store *s, zl_point_area **out, size_t *n, zl_err *err);
/* All locations ordered by id; caller frees with zl_point_locations_free. */
zl_status zl_store_list_locations(zl_store *s, zl_point_location **out, size_t *n, zl_err *err);
void zl_point_locations_free(zl_point_location *v, size_t n);

/* Population per area and five-year band: out[i*20 + band_lo/5] for areas ordered as
 * zl_store_list_areas (missing bands are 0). Caller frees *out. */
#define ZL_AGE_BANDS 20
zl_status zl_store_area_age_matrix(zl_store *s, const zl_point_area *areas, size_t n_areas,
                                   int64_t **out, zl_err *err);

/* Interventions' codes, ordered; caller frees with zl_strv_free. */
zl_status zl_store_list_intervention_codes(zl_store *s, char ***out, size_t *n, zl_err *err);
/* Region layers ("province", ...), ordered; caller frees with zl_strv_free. */
zl_status zl_store_list_region_layers(zl_store *s, char ***out, size_t *n, zl_err *err);
/* Care network layers: region layers with location members and no PC4 areas
 * ("oncology_network", ...), ordered; caller frees with zl_strv_free. */
zl_status zl_store_list_network_layers(zl_store *s, char ***out, size_t *n, zl_err *err);

/* Settings (key/value) for caches and provenance. *value is NULL when absent; caller frees. */
zl_status zl_store_setting_get(zl_store *s, const char *key, char **value, zl_err *err);
zl_status zl_store_setting_put(zl_store *s, const char *key, const char *value, zl_err *err);

/* Number of rows in one of the landscape tables (name checked against a fixed list). */
zl_status zl_store_count_rows(zl_store *s, const char *table, int64_t *n, zl_err *err);

/* Travel matrix. A rebuild runs between zl_store_travel_begin and zl_store_travel_end
 * (commit or roll back): one immediate transaction in which the caller lists the areas and
 * locations and writes exactly their pairs. */
zl_status zl_store_travel_begin(zl_store *s, zl_err *err);
zl_status zl_store_travel_end(zl_store *s, bool commit, zl_err *err);
zl_status zl_store_travel_clear(zl_store *s, zl_err *err);
zl_status zl_store_put_travel(zl_store *s, int32_t pc4, const char *location_id, double minutes,
                              double km, const char *method, zl_err *err);

typedef struct zl_travel_row {
    int32_t pc4;
    const char *location_id; /* valid until the next row */
    double minutes, km;
    const char *method;
} zl_travel_row;

/* Writes n rows as zl_store_put_travel would, one by one (the rows are the caller's). On
 * PostgreSQL in one COPY: a rebuild writes hundreds of thousands of rows, and a statement
 * per row costs a round trip each (minutes for the national matrix). */
zl_status zl_store_put_travel_rows(zl_store *s, const zl_travel_row *rows, size_t n, zl_err *err);

/* Calls fn for each row ordered by (pc4, location_id); a non-OK return stops the scan. */
typedef zl_status (*zl_travel_row_fn)(void *ctx, const zl_travel_row *r, zl_err *err);
zl_status zl_store_travel_scan(zl_store *s, zl_travel_row_fn fn, void *ctx, zl_err *err);

/* The same matrix, compact: what the case loader reads (one row instead of one per pair).
 * Areas and locations in any order; minutes and km are n_areas x n_locations, area-major,
 * NaN where no route exists (such a pair has no `travel` row); km NULL when not asked for. */
typedef struct zl_travel_matrix {
    char *method, *fingerprint;
    size_t n_areas, n_locations;
    int32_t *pc4;        /* n_areas */
    char **location_ids; /* n_locations */
    float *minutes, *km;
} zl_travel_matrix;

/* Frees what a zl_store_travel_matrix_get filled in (not the struct itself). */
void zl_travel_matrix_clear(zl_travel_matrix *m);

/* Stores the compact copy of the matrix just written as rows, replacing any other. Call it
 * after the last zl_store_put_travel of a rebuild: writing a row deletes the compact copy. */
zl_status zl_store_travel_matrix_put(zl_store *s, const zl_travel_matrix *m, zl_err *err);

/* The fingerprint of the compact matrix (*fp NULL when there is none); caller frees. */
zl_status zl_store_travel_matrix_fingerprint(zl_store *s, char **fp, zl_err *err);

/* Reads the compact matrix; the distances only when with_km (else out->km is NULL: half
 * the bytes, which a case load does not need). *found is false (and *out zeroed) when there
 * is none, e.g. after rows were written one by one: the caller then reads the rows. Free
 * with zl_travel_matrix_clear. */
zl_status zl_store_travel_matrix_get(zl_store *s, bool with_km, zl_travel_matrix *out, bool *found,
                                     zl_err *err);

/* Car minutes from one PC4 to every location: *ids (NULL-terminated, sorted; free with
 * zl_strv_free) and *minutes (free) of *n entries. ZL_ENOTFOUND when the PC4 is no area
 * or has no travel times. */
zl_status zl_store_travel_from(zl_store *s, int32_t pc4, char ***ids, double **minutes, size_t *n,
                               zl_err *err);

#endif
