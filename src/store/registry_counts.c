/* SQL for registration counts: national counts deduplicated by pseudonym, roll-up along
 * the Orphanet is-a classification, per-location counts and the deduplicated patients of
 * a code for breakdowns by age band and region (binned in src/registry/). */
#include "store_internal.h"

#include "zorglandschap/store_registry.h"

static zl_status code_counts(zl_store *s, sqlite3_stmt *st, int64_t code, zl_code_count_cb cb,
                             void *ctx, const char *what, zl_err *err)
{
    if (code >= 0)
        sqlite3_bind_int64(st, 1, code);
    int rc;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
        status = cb(sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), ctx, err);
    return zl_store_rows_end(s, st, rc, status, what, err);
}

zl_status zl_store_registry_national(zl_store *s, int64_t code, zl_code_count_cb cb, void *ctx,
                                     zl_err *err)
{
    /* The primary key (orpha, pseudonym, location_id) delivers each code's pseudonyms in
     * order, so the distinct count needs no sort. One code and all codes are separate
     * statements so that the one-code form searches the key instead of scanning. */
    sqlite3_stmt *st =
        code >= 0 ? zl_store_stmt(s,
                                  "SELECT orpha, count(DISTINCT pseudonym) FROM registration"
                                  " WHERE orpha = ?1 GROUP BY orpha",
                                  err)
                  : zl_store_stmt(s,
                                  "SELECT orpha, count(DISTINCT pseudonym) FROM registration"
                                  " GROUP BY orpha",
                                  err);
    if (!st)
        return ZL_EDB;
    return code_counts(s, st, code, cb, ctx, "counting patients", err);
}

zl_status zl_store_registry_rollup(zl_store *s, int64_t code, zl_code_count_cb cb, void *ctx,
                                   zl_err *err)
{
    /* The group's descendants (UNION dedupes the several paths to one code), then a
     * distinct count over their registrations. All groups at once are rolled up in memory
     * (src/registry/rollup.c) from the two readers below. */
    if (code < 0)
        return zl_fail(err, ZL_EINPUT, "a roll-up in the store needs a group code");
    sqlite3_stmt *st = zl_store_stmt(s,
                                     "WITH RECURSIVE down(code) AS (SELECT ?1"
                                     "  UNION SELECT p.child FROM down JOIN orpha_parent p"
                                     "  ON p.parent = down.code)"
                                     " SELECT ?1, count(DISTINCT pseudonym) FROM registration"
                                     " WHERE orpha IN (SELECT code FROM down)"
                                     " HAVING count(*) > 0",
                                     err);
    if (!st)
        return ZL_EDB;
    return code_counts(s, st, code, cb, ctx, "rolling up patients", err);
}

zl_status zl_store_registry_code_pseudonyms(zl_store *s, zl_code_pseudonym_cb cb, void *ctx,
                                            zl_err *err)
{
    /* The primary key (orpha, pseudonym, location_id) delivers the pairs in order, so
     * DISTINCT only skips a patient's further locations: no sort, no temporary table. */
    sqlite3_stmt *st = zl_store_stmt(
        s, "SELECT DISTINCT orpha, pseudonym FROM registration ORDER BY orpha, pseudonym", err);
    if (!st)
        return ZL_EDB;
    int rc;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const unsigned char *p = sqlite3_column_blob(st, 1);
        if (!p || sqlite3_column_bytes(st, 1) != 32)
            status = zl_fail(err, ZL_EDB, "registration of ORPHA:%lld: pseudonym is not 32 bytes",
                             (long long)sqlite3_column_int64(st, 0));
        else
            status = cb(sqlite3_column_int64(st, 0), p, ctx, err);
    }
    return zl_store_rows_end(s, st, rc, status, "reading patients per code", err);
}

zl_status zl_store_registry_classification(zl_store *s, zl_edge_cb cb, void *ctx, zl_err *err)
{
    sqlite3_stmt *st =
        zl_store_stmt(s, "SELECT child, parent FROM orpha_parent ORDER BY child, parent", err);
    if (!st)
        return ZL_EDB;
    int rc;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
        status = cb(sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), ctx, err);
    return zl_store_rows_end(s, st, rc, status, "reading the classification", err);
}

zl_status zl_store_registry_per_location(zl_store *s, const char *location, int64_t code,
                                         zl_loc_count_cb cb, void *ctx, zl_err *err)
{
    /* With a code the key is searched; a location alone scans the table (no index by
     * location, see the schema). */
    sqlite3_stmt *st =
        code >= 0
            ? zl_store_stmt(s,
                            "SELECT r.location_id, l.name, r.orpha, count(*)"
                            " FROM registration r LEFT JOIN location l ON l.id = r.location_id"
                            " WHERE r.orpha = ?2 AND (?1 IS NULL OR r.location_id = ?1)"
                            " GROUP BY r.location_id ORDER BY r.location_id",
                            err)
            : zl_store_stmt(s,
                            "SELECT r.location_id, l.name, r.orpha, count(*)"
                            " FROM registration r LEFT JOIN location l ON l.id = r.location_id"
                            " WHERE ?1 IS NULL OR r.location_id = ?1"
                            " GROUP BY r.location_id, r.orpha ORDER BY r.orpha, r.location_id",
                            err);
    if (!st)
        return ZL_EDB;
    zl_bind_text(st, 1, location);
    if (code >= 0)
        sqlite3_bind_int64(st, 2, code);
    int rc;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
        status =
            cb((const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
               sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3), ctx, err);
    return zl_store_rows_end(s, st, rc, status, "counting per location", err);
}

zl_status zl_store_registry_patients(zl_store *s, int64_t code, bool rollup, zl_patient_cb cb,
                                     void *ctx, zl_err *err)
{
    /* SQLite takes the bare columns of a max() aggregate from the row holding the
     * maximum: birth year, PC4 and location of the patient's latest contact, so every
     * breakdown (age, region, location) bins each patient exactly once. */
    sqlite3_stmt *st =
        rollup ? zl_store_stmt(s,
                               "WITH RECURSIVE down(code) AS (SELECT ?1"
                               "  UNION SELECT p.child FROM down JOIN orpha_parent p"
                               "  ON p.parent = down.code)"
                               " SELECT r.birth_year, r.pc4, max(r.contact_date), r.location_id,"
                               " l.name FROM registration r"
                               " LEFT JOIN location l ON l.id = r.location_id"
                               " WHERE r.orpha IN (SELECT code FROM down) GROUP BY r.pseudonym",
                               err)
               : zl_store_stmt(s,
                               "SELECT r.birth_year, r.pc4, max(r.contact_date), r.location_id,"
                               " l.name FROM registration r"
                               " LEFT JOIN location l ON l.id = r.location_id"
                               " WHERE r.orpha = ?1 GROUP BY r.pseudonym",
                               err);
    if (!st)
        return ZL_EDB;
    sqlite3_bind_int64(st, 1, code);
    int rc;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        zl_patient p = {sqlite3_column_int(st, 0), sqlite3_column_int(st, 1),
                        (const char *)sqlite3_column_text(st, 3),
                        (const char *)sqlite3_column_text(st, 4)};
        status = cb(&p, ctx, err);
    }
    return zl_store_rows_end(s, st, rc, status, "reading patients", err);
}

zl_status zl_store_registry_pc4_regions(zl_store *s, const char *layer, zl_pc4_region_cb cb,
                                        void *ctx, zl_err *err)
{
    sqlite3_stmt *st = zl_store_stmt(s,
                                     "SELECT ra.pc4, ra.code, g.name FROM region_area ra"
                                     " JOIN region g ON g.layer = ra.layer AND g.code = ra.code"
                                     " WHERE ra.layer = ?1",
                                     err);
    if (!st)
        return ZL_EDB;
    zl_bind_text(st, 1, layer);
    int rc;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
        status = cb(sqlite3_column_int(st, 0), (const char *)sqlite3_column_text(st, 1),
                    (const char *)sqlite3_column_text(st, 2), ctx, err);
    return zl_store_rows_end(s, st, rc, status, "reading regions", err);
}
