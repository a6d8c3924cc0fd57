/* The SQL behind zl_case_load: one intervention, its flows and windowed volumes, the areas
 * and locations, and a region layer. Rows are streamed to callbacks in key order so the
 * landscape module can build sorted arrays in one pass. The bigger reads take binary
 * results on PostgreSQL (numbers without printing and parsing). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "store_internal.h"
#include "zorglandschap/store_case.h"
#include "zorglandschap/store_landscape.h"
#include "zorglandschap/util.h"

static const char *col_text(zl_dbst *st, int i)
{
    return (const char *)zl_db_col_text(st, i);
}

static char *dup_or_null(zl_dbst *st, int i, bool *oom)
{
    const char *t = col_text(st, i);
    if (!t)
        return NULL;
    char *p = strdup(t);
    if (!p)
        *oom = true;
    return p;
}

/* "unknown intervention 'X'; valid codes: A, B" (codes are matched case-insensitively). */
static zl_status unknown_code(zl_store *s, const char *what, const char *code,
                              zl_status (*list)(zl_store *, char ***, size_t *, zl_err *),
                              zl_err *err)
{
    char **codes = NULL, valid[512] = "";
    size_t n = 0;
    if (list(s, &codes, &n, err) != ZL_OK)
        return err->code;
    for (size_t i = 0; i < n; i++)
        snprintf(valid + strlen(valid), sizeof valid - strlen(valid), "%s%s", i ? ", " : "",
                 codes[i]);
    zl_strv_free(codes);
    return zl_fail(err, ZL_ENOTFOUND, "unknown %s '%s'; %s%s", what, code,
                   n ? "valid codes: " : "none imported yet", valid);
}

zl_status zl_store_intervention_get(zl_store *s, const char *code, zl_intervention *out,
                                    zl_err *err)
{
    zl_dbst *st = zl_db_stmt(s,
                             "SELECT code, name, grp, norm, window_years, norm_source,"
                             " norm_illustrative, proposed_norm, proposed_source,"
                             " proposed_illustrative FROM intervention"
                             " WHERE lower(code) = lower(?1)"
                             " ORDER BY code = ?1 DESC LIMIT 1",
                             err);
    if (!st)
        return err->code;
    zl_db_bind_textz(st, 1, code);
    int rc = zl_db_step(st);
    if (rc != ZL_DB_ROW) {
        zl_db_reset(st);
        if (rc != ZL_DB_DONE)
            return zl_store_dberr(s, err, "reading an intervention");
        return unknown_code(s, "intervention", code, zl_store_list_intervention_codes, err);
    }
    bool oom = false;
    *out = (zl_intervention){
        .code = dup_or_null(st, 0, &oom),
        .name = dup_or_null(st, 1, &oom),
        .group = dup_or_null(st, 2, &oom),
        .norm = zl_db_col_int64(st, 3),
        .window_years = zl_db_col_int(st, 4),
        .norm_source = dup_or_null(st, 5, &oom),
        .norm_illustrative = zl_db_col_int(st, 6) != 0,
        .proposed_norm = zl_db_col_type(st, 7) == ZL_DB_NULL ? -1 : zl_db_col_int64(st, 7),
        .proposed_source = dup_or_null(st, 8, &oom),
        .proposed_illustrative = zl_db_col_int(st, 9) != 0,
    };
    zl_db_reset(st);
    if (oom) {
        zl_intervention_clear(out);
        return zl_fail(err, ZL_ENOMEM, "out of memory reading an intervention");
    }
    return ZL_OK;
}

static zl_status latest_year(zl_store *s, zl_dbst *st, const char *code, int *year, zl_err *err)
{
    if (!st)
        return err->code;
    zl_db_bind_textz(st, 1, code);
    int rc = zl_db_step(st);
    *year = rc == ZL_DB_ROW ? zl_db_col_int(st, 0) : 0;
    zl_db_reset(st);
    if (rc != ZL_DB_ROW && rc != ZL_DB_DONE)
        return zl_store_dberr(s, err, "finding the latest year");
    return ZL_OK;
}

zl_status zl_store_flow_latest_year(zl_store *s, const char *code, int *year, zl_err *err)
{
    return latest_year(s, zl_db_stmt(s, "SELECT max(year) FROM flow WHERE intervention = ?1", err),
                       code, year, err);
}

zl_status zl_store_volume_latest_year(zl_store *s, const char *code, int *year, zl_err *err)
{
    return latest_year(s,
                       zl_db_stmt(s,
                                  "SELECT max(y) FROM (SELECT max(year) AS y FROM volume"
                                  " WHERE intervention = ?1 UNION ALL SELECT max(year) FROM"
                                  " flow WHERE intervention = ?1) AS t",
                                  err),
                       code, year, err);
}

zl_status zl_store_areas_each(zl_store *s, zl_area_fn fn, void *ctx, zl_err *err)
{
    zl_dbst *st = zl_db_stmt(s, "SELECT pc4, population, lat, lon FROM area ORDER BY pc4", err);
    if (!st)
        return err->code;
    zl_db_binary_results(st);
    int rc = ZL_DB_DONE;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW) {
        zl_area a = {zl_db_col_int(st, 0), zl_db_col_int64(st, 1), zl_db_col_double(st, 2),
                     zl_db_col_double(st, 3)};
        status = fn(ctx, &a, err);
    }
    return zl_db_rows_end(s, st, rc, status, "reading areas", err);
}

zl_status zl_store_locations_each(zl_store *s, zl_location_fn fn, void *ctx, zl_err *err)
{
    zl_dbst *st = zl_db_stmt(s,
                             "SELECT id, name, organisation, kind, lat, lon FROM"
                             " location ORDER BY id",
                             err);
    if (!st)
        return err->code;
    zl_db_binary_results(st);
    int rc = ZL_DB_DONE;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW) {
        zl_location l = {.id = (char *)col_text(st, 0),
                         .name = (char *)col_text(st, 1),
                         .organisation = (char *)col_text(st, 2),
                         .lat = zl_db_col_double(st, 4),
                         .lon = zl_db_col_double(st, 5)};
        if (!zl_location_kind_parse(col_text(st, 3), &l.kind))
            l.kind = ZL_KIND_OTHER;
        status = fn(ctx, &l, err);
    }
    return zl_db_rows_end(s, st, rc, status, "reading locations", err);
}

zl_status zl_store_travel_method(zl_store *s, char **method, zl_err *err)
{
    zl_dbst *st = zl_db_stmt(s, "SELECT method FROM travel LIMIT 1", err);
    if (!st)
        return err->code;
    int rc = zl_db_step(st);
    bool oom = false;
    *method = rc == ZL_DB_ROW ? dup_or_null(st, 0, &oom) : NULL;
    zl_db_reset(st);
    if (oom)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    if (rc != ZL_DB_ROW && rc != ZL_DB_DONE)
        return zl_store_dberr(s, err, "reading the travel method");
    return ZL_OK;
}

zl_status zl_store_flows_each(zl_store *s, const char *code, int year, zl_flow_fn fn, void *ctx,
                              zl_err *err)
{
    zl_dbst *st = zl_db_stmt(s,
                             "SELECT pc4, location_id, patients, synthetic FROM flow"
                             " WHERE intervention = ?1 AND year = ?2"
                             " ORDER BY pc4, location_id",
                             err);
    if (!st)
        return err->code;
    zl_db_binary_results(st);
    zl_db_bind_textz(st, 1, code);
    zl_db_bind_int(st, 2, year);
    int rc = ZL_DB_DONE;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW)
        status = fn(ctx, zl_db_col_int(st, 0), col_text(st, 1), zl_db_col_int64(st, 2),
                    zl_db_col_int(st, 3) != 0, err);
    return zl_db_rows_end(s, st, rc, status, "reading flows", err);
}

zl_status zl_store_volumes_each(zl_store *s, const char *code, int from, int to, zl_volume_fn fn,
                                void *ctx, zl_err *err)
{
    /* A recorded volume wins; a year without one falls back to the sum of its flows. */
#define VOLUMES_OR_FLOWS(ANY_SYNTHETIC)                                                            \
    "SELECT location_id, year, count, synthetic FROM volume"                                       \
    " WHERE intervention = ?1 AND year BETWEEN ?2 AND ?3"                                          \
    " UNION ALL"                                                                                   \
    " SELECT f.location_id, f.year, sum(f.patients), " ANY_SYNTHETIC " FROM flow f"                \
    " WHERE f.intervention = ?1 AND f.year BETWEEN ?2 AND ?3 AND NOT EXISTS ("                     \
    "  SELECT 1 FROM volume v WHERE v.intervention = f.intervention"                               \
    "  AND v.location_id = f.location_id AND v.year = f.year)"                                     \
    " GROUP BY f.location_id, f.year"
    /* PostgreSQL's flags are booleans: bool_or where SQLite takes the max of 0/1. */
    zl_dbst *st = zl_db_stmt2(s, VOLUMES_OR_FLOWS("max(f.synthetic)"),
                              VOLUMES_OR_FLOWS("bool_or(f.synthetic)"), err);
    if (!st)
        return err->code;
    zl_db_binary_results(st);
    zl_db_bind_textz(st, 1, code);
    zl_db_bind_int(st, 2, from);
    zl_db_bind_int(st, 3, to);
    int rc = ZL_DB_DONE;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW)
        status = fn(ctx, col_text(st, 0), zl_db_col_int(st, 1), zl_db_col_int64(st, 2),
                    zl_db_col_int(st, 3) != 0, err);
    return zl_db_rows_end(s, st, rc, status, "reading volumes", err);
}

zl_status zl_store_region_codes(zl_store *s, const char *layer, char ***out, size_t *n, zl_err *err)
{
    zl_dbst *st = zl_db_stmt(s, "SELECT code FROM region WHERE layer = ?1 ORDER BY code", err);
    if (!st)
        return err->code;
    zl_db_bind_textz(st, 1, layer);
    char **v = calloc(1, sizeof *v);
    size_t len = 0, cap = 1;
    int rc = ZL_DB_DONE;
    zl_status status = v ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW) {
        void *p = v;
        if ((status = zl_grow(&p, &cap, len + 2, sizeof *v, err)) != ZL_OK)
            break;
        v = p;
        v[len + 1] = NULL;
        if (!(v[len] = strdup(col_text(st, 0))))
            status = zl_fail(err, ZL_ENOMEM, "out of memory");
        else
            len++;
    }
    status = zl_db_rows_end(s, st, rc, status, "reading region codes", err);
    if (status != ZL_OK) {
        zl_strv_free(v);
        return status;
    }
    *out = v;
    *n = len;
    return ZL_OK;
}

zl_status zl_store_region_members_each(zl_store *s, const char *layer, zl_member_fn fn, void *ctx,
                                       zl_err *err)
{
    zl_dbst *st = zl_db_stmt(s,
                             "SELECT pc4, NULL, code FROM region_area WHERE layer = ?1"
                             " UNION ALL SELECT 0, location_id, code"
                             " FROM region_location WHERE layer = ?1",
                             err);
    if (!st)
        return err->code;
    zl_db_bind_textz(st, 1, layer);
    int rc = ZL_DB_DONE;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW)
        status = fn(ctx, zl_db_col_int(st, 0), col_text(st, 1), col_text(st, 2), err);
    return zl_db_rows_end(s, st, rc, status, "reading region members", err);
}
