/* SQL that reads the rare-disease tables of issue 3 (names, prevalence, recognised
 * expertise centres) for registry outputs: expected patients, VSOP concentration and
 * the centre contact indicator. */
#include "store_internal.h"

#include <stdio.h>
#include <string.h>

#include "zorglandschap/store_registry.h"

/* Recognised centres for ?1 on date ?2: a recognition of the code or of any group above
 * it (the classification may give several paths) whose period holds the date, as in the
 * published list (zl rare list): any status but 'objection pending' (an expired or
 * withdrawn recognition was valid until its end date). */
#define CENTRES_FOR_CODE                                                                           \
    "WITH RECURSIVE up(code) AS (SELECT CAST(?1 AS INTEGER)"                                       \
    "  UNION SELECT p.parent FROM up JOIN orpha_parent p ON p.child = up.code),"                   \
    " centre(id, name, location_id, covered) AS ("                                                 \
    "  SELECT c.id, c.name, c.location_id, min(v.orpha) FROM ecza_coverage v"                      \
    "  JOIN ecza_centre c ON c.id = v.centre_id"                                                   \
    "  WHERE v.orpha IN (SELECT code FROM up) AND v.status <> 'objection pending'"                 \
    "    AND ?2 BETWEEN v.recognised_from AND v.recognised_to GROUP BY c.id)"

zl_status zl_store_registry_code_name(zl_store *s, int64_t code, char *buf, size_t cap, zl_err *err)
{
    zl_dbst *st = zl_db_stmt_memo(s, "SELECT name FROM orpha_disorder WHERE orpha = ?1", err);
    if (!st)
        return ZL_EDB;
    zl_db_bind_int64(st, 1, code);
    buf[0] = '\0';
    if (zl_db_step(st) == ZL_DB_ROW)
        snprintf(buf, cap, "%s", (const char *)zl_db_col_text(st, 0));
    zl_db_reset(st);
    return ZL_OK;
}

static const char *col_text(zl_dbst *st, int i)
{
    const char *v = (const char *)zl_db_col_text(st, i);
    return v ? v : "";
}

zl_status zl_store_registry_prevalences(zl_store *s, int64_t code, zl_prevalence_cb cb, void *ctx,
                                        zl_err *err)
{
    zl_dbst *st =
        zl_db_stmt_memo(s,
                        "SELECT type, qualification, class, geography, validation, source, value"
                        " FROM orpha_prevalence WHERE orpha = ?1 ORDER BY id",
                        err);
    if (!st)
        return ZL_EDB;
    zl_db_bind_int64(st, 1, code);
    int rc;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW) {
        zl_prevalence_row r = {col_text(st, 0),
                               col_text(st, 1),
                               col_text(st, 2),
                               col_text(st, 3),
                               col_text(st, 4),
                               col_text(st, 5),
                               zl_db_col_type(st, 6) == ZL_DB_NULL ? -1 : zl_db_col_double(st, 6)};
        status = cb(&r, ctx, err);
    }
    return zl_db_rows_end(s, st, rc, status, "reading prevalence", err);
}

zl_status zl_store_registry_population(zl_store *s, int64_t *population, zl_err *err)
{
    zl_dbst *st = zl_db_stmt_memo(s, "SELECT coalesce(sum(population), 0) FROM area", err);
    if (!st)
        return ZL_EDB;
    *population = zl_db_step(st) == ZL_DB_ROW ? zl_db_col_int64(st, 0) : 0;
    zl_db_reset(st);
    return ZL_OK;
}

zl_status zl_store_registry_centres_for(zl_store *s, int64_t code, const char *date,
                                        zl_centre_cb cb, void *ctx, zl_err *err)
{
    zl_dbst *st = zl_db_stmt(
        s, CENTRES_FOR_CODE " SELECT id, name, location_id, covered FROM centre ORDER BY id", err);
    if (!st)
        return ZL_EDB;
    zl_db_bind_int64(st, 1, code);
    zl_db_bind_textz(st, 2, date);
    int rc;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW) {
        zl_centre_row r = {col_text(st, 0), col_text(st, 1), col_text(st, 2),
                           zl_db_col_int64(st, 3)};
        status = cb(&r, ctx, err);
    }
    return zl_db_rows_end(s, st, rc, status, "reading expertise centres", err);
}

zl_status zl_store_registry_patients_at(zl_store *s, int64_t code, const char *location_id,
                                        int64_t *patients, zl_err *err)
{
    zl_dbst *st = zl_db_stmt(
        s, "SELECT count(*) FROM registration WHERE location_id = ?2 AND orpha = ?1", err);
    if (!st)
        return ZL_EDB;
    zl_db_bind_int64(st, 1, code);
    zl_db_bind_textz(st, 2, location_id);
    *patients = zl_db_step(st) == ZL_DB_ROW ? zl_db_col_int64(st, 0) : 0;
    zl_db_reset(st);
    return ZL_OK;
}

zl_status zl_store_registry_seen_at_centre(zl_store *s, int64_t code, const char *date,
                                           const char *since, int64_t *patients, zl_err *err)
{
    zl_dbst *st = zl_db_stmt(s,
                             CENTRES_FOR_CODE
                             " SELECT count(DISTINCT r.pseudonym) FROM registration r"
                             " WHERE r.orpha = ?1 AND r.contact_date >= ?3 AND r.contact_date <= ?2"
                             " AND r.location_id IN (SELECT location_id FROM centre)",
                             err);
    if (!st)
        return ZL_EDB;
    zl_db_bind_int64(st, 1, code);
    zl_db_bind_textz(st, 2, date);
    zl_db_bind_textz(st, 3, since);
    int rc = zl_db_step(st);
    *patients = rc == ZL_DB_ROW ? zl_db_col_int64(st, 0) : 0;
    zl_db_reset(st);
    return rc == ZL_DB_ROW ? ZL_OK : zl_store_dberr(s, err, "counting centre contacts");
}

static zl_status text_int_rows(zl_store *s, zl_dbst *st, zl_text_int_cb cb, void *ctx,
                               const char *what, zl_err *err)
{
    int rc;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW)
        status = cb(col_text(st, 0), zl_db_col_int64(st, 1), ctx, err);
    return zl_db_rows_end(s, st, rc, status, what, err);
}

zl_status zl_store_registry_location_list(zl_store *s, zl_text_int_cb cb, void *ctx, zl_err *err)
{
    zl_dbst *st =
        zl_db_stmt(s, "SELECT id, kind IN ('umc','children') FROM location ORDER BY id", err);
    return st ? text_int_rows(s, st, cb, ctx, "reading locations", err) : ZL_EDB;
}

zl_status zl_store_registry_disease_list(zl_store *s, zl_text_int_cb cb, void *ctx, zl_err *err)
{
    zl_dbst *st = zl_db_stmt(
        s,
        "SELECT name, orpha FROM orpha_disorder WHERE status = 'active' AND (type = 'disease'"
        " OR orpha IN (SELECT orpha FROM ecza_coverage)) ORDER BY orpha",
        err);
    return st ? text_int_rows(s, st, cb, ctx, "reading diseases", err) : ZL_EDB;
}

zl_status zl_store_registry_area_list(zl_store *s, int **pc4, int64_t **population, size_t *n,
                                      zl_err *err)
{
    zl_dbst *st =
        zl_db_stmt(s, "SELECT pc4, population FROM area WHERE population > 0 ORDER BY pc4", err);
    if (!st)
        return ZL_EDB;
    size_t cap = 0, cap2 = 0;
    *pc4 = NULL;
    *population = NULL;
    *n = 0;
    int rc;
    while ((rc = zl_db_step(st)) == ZL_DB_ROW) {
        if (zl_grow((void **)pc4, &cap, *n + 1, sizeof **pc4, err) != ZL_OK ||
            zl_grow((void **)population, &cap2, *n + 1, sizeof **population, err) != ZL_OK) {
            zl_db_reset(st);
            return ZL_ENOMEM;
        }
        (*pc4)[*n] = zl_db_col_int(st, 0);
        (*population)[*n] = zl_db_col_int64(st, 1);
        (*n)++;
    }
    return zl_db_rows_end(s, st, rc, ZL_OK, "reading areas", err);
}
