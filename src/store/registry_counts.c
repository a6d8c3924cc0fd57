/* SQL for registration counts: national counts deduplicated by pseudonym, roll-up along
 * the Orphanet is-a classification, per-location counts and the deduplicated patients of
 * a code for breakdowns by age band and region (binned in src/registry/). */
#include "store_internal.h"

#include "zorglandschap/store_registry.h"

static zl_status code_counts(zl_store *s, zl_dbst *st, int64_t code, zl_code_count_cb cb, void *ctx,
                             const char *what, zl_err *err)
{
    if (code >= 0)
        zl_db_bind_int64(st, 1, code);
    int rc;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW) {
        /* NULL: suppressed by the database (acting for a location), passed on as -1. */
        int64_t n = zl_db_col_type(st, 1) == ZL_DB_NULL ? -1 : zl_db_col_int64(st, 1);
        status = cb(zl_db_col_int64(st, 0), n, ctx, err);
    }
    return zl_db_rows_end(s, st, rc, status, what, err);
}

/* Acting for a location on PostgreSQL the session sees only that location's rows; the
 * national counts come from the SECURITY DEFINER function of migration 15, suppressed. */
static zl_status national_for_location(zl_store *s, int64_t code, zl_code_count_cb cb, void *ctx,
                                       zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT orpha, patients FROM zl_registry_national(CAST(?1 AS INTEGER))"
                           " ORDER BY orpha");
    if (code < 0)
        zl_db_bind_null(st, 1);
    return code_counts(s, st, code, cb, ctx, "counting patients (suppressed)", err);
}

zl_status zl_store_registry_national(zl_store *s, int64_t code, zl_code_count_cb cb, void *ctx,
                                     zl_err *err)
{
    /* The primary key (orpha, pseudonym, location_id) delivers each code's pseudonyms in
     * order, so the distinct count needs no sort. One code and all codes are separate
     * statements so that the one-code form searches the key instead of scanning. */
    if (s->for_location && zl_store_is_pg(s))
        return national_for_location(s, code, cb, ctx, err);
    zl_dbst *st = code >= 0 ? zl_db_stmt(s,
                                         "SELECT orpha, count(DISTINCT pseudonym) FROM registration"
                                         " WHERE orpha = ?1 GROUP BY orpha",
                                         err)
                            : zl_db_stmt(s,
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
    zl_dbst *st = zl_db_stmt(s,
                             "WITH RECURSIVE down(code) AS (SELECT CAST(?1 AS INTEGER)"
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
    zl_dbst *st = zl_db_stmt(
        s, "SELECT DISTINCT orpha, pseudonym FROM registration ORDER BY orpha, pseudonym", err);
    if (!st)
        return ZL_EDB;
    int rc;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW) {
        const unsigned char *p = zl_db_col_blob(st, 1);
        if (!p || zl_db_col_bytes(st, 1) != 32)
            status = zl_fail(err, ZL_EDB, "registration of ORPHA:%lld: pseudonym is not 32 bytes",
                             (long long)zl_db_col_int64(st, 0));
        else
            status = cb(zl_db_col_int64(st, 0), p, ctx, err);
    }
    return zl_db_rows_end(s, st, rc, status, "reading patients per code", err);
}

zl_status zl_store_registry_classification(zl_store *s, zl_edge_cb cb, void *ctx, zl_err *err)
{
    zl_dbst *st =
        zl_db_stmt(s, "SELECT child, parent FROM orpha_parent ORDER BY child, parent", err);
    if (!st)
        return ZL_EDB;
    int rc;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW)
        status = cb(zl_db_col_int64(st, 0), zl_db_col_int64(st, 1), ctx, err);
    return zl_db_rows_end(s, st, rc, status, "reading the classification", err);
}

zl_status zl_store_registry_per_location(zl_store *s, const char *location, int64_t code,
                                         zl_loc_count_cb cb, void *ctx, zl_err *err)
{
    /* With a code the key is searched; a location alone scans the table (no index by
     * location, see the schema). */
    /* PostgreSQL wants the location's name among the grouped columns; SQLite keeps the
     * text it always had (same plan, same speed). */
#define PER_LOCATION_CODE                                                                          \
    "SELECT r.location_id, l.name, r.orpha, count(*)"                                              \
    " FROM registration r LEFT JOIN location l ON l.id = r.location_id"                            \
    " WHERE r.orpha = ?2 AND (CAST(?1 AS TEXT) IS NULL OR r.location_id = ?1)"
#define PER_LOCATION_ALL                                                                           \
    "SELECT r.location_id, l.name, r.orpha, count(*)"                                              \
    " FROM registration r LEFT JOIN location l ON l.id = r.location_id"                            \
    " WHERE CAST(?1 AS TEXT) IS NULL OR r.location_id = ?1"
    zl_dbst *st =
        code >= 0
            ? zl_db_stmt2(
                  s, PER_LOCATION_CODE " GROUP BY r.location_id ORDER BY r.location_id",
                  PER_LOCATION_CODE " GROUP BY r.location_id, l.name ORDER BY r.location_id", err)
            : zl_db_stmt2(s,
                          PER_LOCATION_ALL " GROUP BY r.location_id, r.orpha"
                                           " ORDER BY r.orpha, r.location_id",
                          PER_LOCATION_ALL " GROUP BY r.location_id, r.orpha, l.name"
                                           " ORDER BY r.orpha, r.location_id",
                          err);
    if (!st)
        return ZL_EDB;
    zl_db_bind_textz(st, 1, location);
    if (code >= 0)
        zl_db_bind_int64(st, 2, code);
    int rc;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW)
        status = cb((const char *)zl_db_col_text(st, 0), (const char *)zl_db_col_text(st, 1),
                    zl_db_col_int64(st, 2), zl_db_col_int64(st, 3), ctx, err);
    return zl_db_rows_end(s, st, rc, status, "counting per location", err);
}

zl_status zl_store_registry_patients(zl_store *s, int64_t code, bool rollup, zl_patient_cb cb,
                                     void *ctx, zl_err *err)
{
    /* SQLite takes the bare columns of a max() aggregate from the row holding the
     * maximum: birth year, PC4 and location of the patient's latest contact, so every
     * breakdown (age, region, location) bins each patient exactly once. PostgreSQL says
     * the same with DISTINCT ON, the latest contact first. */
#define DOWN_CTE                                                                                   \
    "WITH RECURSIVE down(code) AS (SELECT CAST(?1 AS INTEGER)"                                     \
    "  UNION SELECT p.child FROM down JOIN orpha_parent p ON p.parent = down.code)"
#define PATIENTS_LITE                                                                              \
    " SELECT r.birth_year, r.pc4, max(r.contact_date), r.location_id, l.name"                      \
    " FROM registration r LEFT JOIN location l ON l.id = r.location_id"
#define PATIENTS_PG                                                                                \
    " SELECT DISTINCT ON (r.pseudonym) r.birth_year, r.pc4, r.contact_date, r.location_id,"        \
    " l.name FROM registration r LEFT JOIN location l ON l.id = r.location_id"
#define PATIENTS_PG_ORDER " ORDER BY r.pseudonym, r.contact_date DESC, r.location_id"
    zl_dbst *st =
        rollup ? zl_db_stmt2(s,
                             DOWN_CTE PATIENTS_LITE
                             " WHERE r.orpha IN (SELECT code FROM down) GROUP BY r.pseudonym",
                             DOWN_CTE PATIENTS_PG
                             " WHERE r.orpha IN (SELECT code FROM down)" PATIENTS_PG_ORDER,
                             err)
               : zl_db_stmt2(s, PATIENTS_LITE " WHERE r.orpha = ?1 GROUP BY r.pseudonym",
                             PATIENTS_PG " WHERE r.orpha = ?1" PATIENTS_PG_ORDER, err);
    if (!st)
        return ZL_EDB;
    zl_db_bind_int64(st, 1, code);
    int rc;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW) {
        zl_patient p = {zl_db_col_int(st, 0), zl_db_col_int(st, 1),
                        (const char *)zl_db_col_text(st, 3), (const char *)zl_db_col_text(st, 4)};
        status = cb(&p, ctx, err);
    }
    return zl_db_rows_end(s, st, rc, status, "reading patients", err);
}

zl_status zl_store_registry_pc4_regions(zl_store *s, const char *layer, zl_pc4_region_cb cb,
                                        void *ctx, zl_err *err)
{
    zl_dbst *st = zl_db_stmt(s,
                             "SELECT ra.pc4, ra.code, g.name FROM region_area ra"
                             " JOIN region g ON g.layer = ra.layer AND g.code = ra.code"
                             " WHERE ra.layer = ?1",
                             err);
    if (!st)
        return ZL_EDB;
    zl_db_bind_textz(st, 1, layer);
    int rc;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW)
        status = cb(zl_db_col_int(st, 0), (const char *)zl_db_col_text(st, 1),
                    (const char *)zl_db_col_text(st, 2), ctx, err);
    return zl_db_rows_end(s, st, rc, status, "reading regions", err);
}
