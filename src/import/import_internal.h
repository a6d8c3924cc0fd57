/* Shared by the importers: the per-import context (reference caches and duplicate-key
 * set) and the field parsers that add domain meaning to the CSV reader's typed fields. */
#ifndef ZL_IMPORT_INTERNAL_H
#define ZL_IMPORT_INTERNAL_H

#include "zorglandschap/csv.h"
#include "zorglandschap/import.h"
#include "zorglandschap/store_landscape.h"
#include "zorglandschap/util.h"

#define ZL_PC4_MAX 9999 /* PC4 codes are 1000-9999 (imp_pc4) */

typedef struct zl_import_ctx {
    zl_store *s;
    zl_csv *c;
    zl_import_result *res;
    zl_strset *keys;      /* keys seen in this file, to reject duplicates */
    zl_strset *known_loc; /* location ids already checked to exist */
    zl_strset *known_iv;  /* intervention codes already checked to exist */
    bool pc4_loaded;      /* pc4_known holds the store's areas (read at the first check) */
    uint8_t pc4_known[(ZL_PC4_MAX + 1) / 8]; /* a bit per PC4 that is among the areas */
} zl_import_ctx;

typedef zl_status (*zl_import_fn)(zl_import_ctx *x, zl_err *err);

zl_status zl_import_areas(zl_import_ctx *x, zl_err *err);
zl_status zl_import_area_ages(zl_import_ctx *x, zl_err *err);
zl_status zl_import_locations(zl_import_ctx *x, zl_err *err);
zl_status zl_import_regions(zl_import_ctx *x, zl_err *err);
zl_status zl_import_interventions(zl_import_ctx *x, zl_err *err);
zl_status zl_import_volumes(zl_import_ctx *x, zl_err *err);
zl_status zl_import_flows(zl_import_ctx *x, zl_err *err);
/* Acute care (src/import/acute.c, rivm2019.c). */
zl_status zl_import_functions(zl_import_ctx *x, zl_err *err);
zl_status zl_import_ambulance_posts(zl_import_ctx *x, zl_err *err);
zl_status zl_import_ferries(zl_import_ctx *x, zl_err *err);
zl_status zl_import_hospitals_2019(zl_import_ctx *x, zl_err *err);
zl_status zl_import_posts_2019(zl_import_ctx *x, zl_err *err);

/* A date YYYY-MM-DD; a period from col[0] to col[1] (to >= from). */
zl_status imp_date(const zl_csv *c, int col, const char **out, zl_err *err);
zl_status imp_period(const zl_csv *c, const int *col, const char **from, const char **to,
                     zl_err *err);
/* Stores a location function after checking that no other period overlaps it. */
struct zl_function_row;
zl_status imp_function(zl_import_ctx *x, const struct zl_function_row *r, int col, zl_err *err);
/* The store's area points, to tell whether a post lies in the Netherlands. */
struct zl_point_area;
typedef struct imp_areas {
    struct zl_point_area *v;
    size_t n;
} imp_areas;
zl_status imp_areas_load(zl_import_ctx *x, imp_areas *a, zl_err *err);
/* Stores a post (name, availability, lat, lon in col[0..3]; period already set) after
 * checking the availability label, the position in the Netherlands (within 10 km of a
 * PC4 point when there are areas) and overlaps. */
struct zl_post_row;
zl_status imp_post(zl_import_ctx *x, const imp_areas *areas, struct zl_post_row *r, const int *col,
                   zl_err *err);
zl_status zl_import_partners(zl_import_ctx *x, zl_err *err);
zl_status zl_import_capacity(zl_import_ctx *x, zl_err *err);
/* Quality indicators (src/import/indicators.c). */
zl_status zl_import_indicators(zl_import_ctx *x, zl_err *err);
zl_status zl_import_indicator_values(zl_import_ctx *x, zl_err *err);

/* Regional assessment inputs (src/import/assess.c). */
zl_status zl_import_staff(zl_import_ctx *x, zl_err *err);
zl_status zl_import_providers(zl_import_ctx *x, zl_err *err);
zl_status zl_import_tariffs(zl_import_ctx *x, zl_err *err);

/* A PC4 postcode field (1000-9999). */
zl_status imp_pc4(const zl_csv *c, int col, int32_t *out, zl_err *err);
/* A year (1900-2100). */
zl_status imp_year(const zl_csv *c, int col, int64_t *out, zl_err *err);
/* A 0/1 flag; empty (or col < 0) gives dflt. */
zl_status imp_flag(const zl_csv *c, int col, bool dflt, bool *out, zl_err *err);
/* Latitude / longitude in degrees (WGS84). */
zl_status imp_coord(const zl_csv *c, int col, double lo, double hi, double *out, zl_err *err);
/* An optional text field: NULL when empty or the column is absent. */
const char *imp_text_opt(const zl_csv *c, int col);

/* References: fail with the column's name when the thing does not exist in the store. */
zl_status imp_ref_area(zl_import_ctx *x, int col, int32_t pc4, zl_err *err);
zl_status imp_ref_location(zl_import_ctx *x, int col, const char *id, zl_err *err);
zl_status imp_ref_intervention(zl_import_ctx *x, int col, const char *code, zl_err *err);

/* Records a row's key; a key seen before in this file is an error. */
zl_status imp_key(zl_import_ctx *x, int col, const char *key, const char *what, zl_err *err);

/* Counts a stored row. */
void imp_count(zl_import_ctx *x, bool changed);

/* Ends the batch an importer wrote its rows into (zl_store_batch_*): writes what it kept
 * and counts those rows it changed, when st is ZL_OK; else only frees it. Returns st or
 * the batch's error. */
zl_status imp_batch_end(zl_import_ctx *x, zl_store_batch *b, zl_status st, zl_err *err);

#endif
