/* Shared by the importers: the per-import context (reference caches and duplicate-key
 * set) and the field parsers that add domain meaning to the CSV reader's typed fields. */
#ifndef ZL_IMPORT_INTERNAL_H
#define ZL_IMPORT_INTERNAL_H

#include "zorglandschap/csv.h"
#include "zorglandschap/import.h"
#include "zorglandschap/util.h"

typedef struct zl_import_ctx {
    zl_store *s;
    zl_csv *c;
    zl_import_result *res;
    zl_strset *keys;      /* keys seen in this file, to reject duplicates */
    zl_strset *known_loc; /* location ids already checked to exist */
    zl_strset *known_iv;  /* intervention codes already checked to exist */
    int32_t last_pc4;     /* last PC4 checked to exist (files are often grouped) */
} zl_import_ctx;

typedef zl_status (*zl_import_fn)(zl_import_ctx *x, zl_err *err);

zl_status zl_import_areas(zl_import_ctx *x, zl_err *err);
zl_status zl_import_area_ages(zl_import_ctx *x, zl_err *err);
zl_status zl_import_locations(zl_import_ctx *x, zl_err *err);
zl_status zl_import_regions(zl_import_ctx *x, zl_err *err);
zl_status zl_import_interventions(zl_import_ctx *x, zl_err *err);
zl_status zl_import_volumes(zl_import_ctx *x, zl_err *err);
zl_status zl_import_flows(zl_import_ctx *x, zl_err *err);

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

#endif
