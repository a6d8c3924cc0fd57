/* SQL for registration submissions: reference sets for validation, the natural-key
 * upsert and the submission log. */
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "zorglandschap/store_registry.h"

zl_status zl_store_registry_orpha_codes(zl_store *s, unsigned char **bitmap, size_t *n, zl_err *err)
{
    zl_dbst *st = zl_db_stmt(s, "SELECT max(orpha) FROM orpha_disorder", err);
    if (!st)
        return ZL_EDB;
    int64_t max = zl_db_step(st) == ZL_DB_ROW ? zl_db_col_int64(st, 0) : 0;
    zl_db_reset(st);
    *n = (size_t)(max > 0 ? max + 1 : 1);
    if (!(*bitmap = calloc(*n, 1)))
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    st = zl_db_stmt(s, "SELECT orpha, status = 'active' FROM orpha_disorder", err);
    if (!st) {
        free(*bitmap);
        return ZL_EDB;
    }
    int rc;
    while ((rc = zl_db_step(st)) == ZL_DB_ROW) {
        int64_t c = zl_db_col_int64(st, 0);
        if (c >= 0 && (size_t)c < *n)
            (*bitmap)[c] = zl_db_col_int(st, 1) ? 1 : 2;
    }
    zl_db_reset(st);
    if (rc != ZL_DB_DONE) {
        free(*bitmap);
        return zl_store_dberr(s, err, "reading ORPHAcodes");
    }
    return ZL_OK;
}

zl_status zl_store_registry_pc4s(zl_store *s, unsigned char bitmap[10000], zl_err *err)
{
    memset(bitmap, 0, 10000);
    zl_dbst *st = zl_db_stmt(s, "SELECT pc4 FROM area", err);
    if (!st)
        return ZL_EDB;
    int rc;
    while ((rc = zl_db_step(st)) == ZL_DB_ROW) {
        int pc4 = zl_db_col_int(st, 0);
        if (pc4 >= 0 && pc4 < 10000)
            bitmap[pc4] = 1;
    }
    return zl_db_rows_end(s, st, rc, ZL_OK, "reading PC4 areas", err);
}

zl_status zl_store_registry_submission_open(zl_store *s, const char *source, const char *digest,
                                            bool synthetic, const char *location, int64_t *id,
                                            zl_err *err)
{
    /* The location goes in with the row: under row-level security (a location's upload
     * on PostgreSQL, migration 15) a row without it would fail the policy's check. */
    ZL_DB_STMT_OR_FAIL(st, "INSERT INTO registry_submission(source, digest, synthetic,"
                           " submitted_at, location_id)"
                           " VALUES (?1, ?2, ?3, " ZL_SQL_NOW ", ?4) RETURNING id");
    zl_db_bind_textz(st, 1, source);
    zl_db_bind_textz(st, 2, digest);
    zl_db_bind_int(st, 3, synthetic);
    zl_db_bind_textz(st, 4, location);
    int rc = zl_db_step(st);
    if (rc == ZL_DB_ROW)
        *id = zl_db_col_int64(st, 0);
    return zl_db_rows_end(s, st, rc == ZL_DB_ROW ? zl_db_step(st) : rc, ZL_OK,
                          "logging the submission", err);
}

static void bind_key(zl_dbst *st, const zl_registration *r)
{
    zl_db_bind_int64(st, 1, r->orpha);
    zl_db_bind_blob(st, 2, r->pseudonym, 32);
    zl_db_bind_text(st, 3, r->location_id, -1);
}

static void bind_values(zl_dbst *st, const zl_registration *r, int64_t sub, long line)
{
    bind_key(st, r);
    zl_db_bind_text(st, 4, r->diagnosis_date, 10);
    zl_db_bind_int(st, 5, r->birth_year);
    zl_db_bind_text(st, 6, r->sex, 1);
    zl_db_bind_int(st, 7, r->pc4);
    zl_db_bind_text(st, 8, r->contact_date, 10);
    zl_db_bind_int64(st, 9, sub);
    zl_db_bind_int64(st, 10, line);
}

static bool same_values(zl_dbst *q, const zl_registration *r)
{
    return strcmp((const char *)zl_db_col_text(q, 2), r->diagnosis_date) == 0 &&
           zl_db_col_int(q, 3) == r->birth_year &&
           strcmp((const char *)zl_db_col_text(q, 4), r->sex) == 0 &&
           zl_db_col_int(q, 5) == r->pc4 &&
           strcmp((const char *)zl_db_col_text(q, 6), r->contact_date) == 0;
}

/* The key exists: decide between duplicate-in-file, unchanged and a newer contact. */
static zl_status put_existing(zl_store *s, const zl_registration *r, int64_t sub, long line,
                              zl_reg_put *what, long *dup_line, zl_err *err)
{
    zl_dbst *q =
        zl_db_stmt(s,
                   "SELECT submission, line, diagnosis_date, birth_year, sex, pc4, contact_date"
                   " FROM registration WHERE orpha = ?1 AND pseudonym = ?2 AND location_id = ?3",
                   err);
    if (!q)
        return ZL_EDB;
    bind_key(q, r);
    if (zl_db_step(q) != ZL_DB_ROW) {
        zl_db_reset(q);
        return zl_store_dberr(s, err, "reading a registration");
    }
    bool newer = strcmp(r->contact_date, (const char *)zl_db_col_text(q, 6)) >= 0;
    if (zl_db_col_int64(q, 0) == sub) {
        *what = ZL_REG_DUPLICATE;
        *dup_line = (long)zl_db_col_int64(q, 1);
    } else if (same_values(q, r) || !newer) {
        *what = ZL_REG_UNCHANGED;
    } else {
        *what = ZL_REG_UPDATED;
    }
    zl_db_reset(q);
    if (*what != ZL_REG_UPDATED)
        return ZL_OK;
    zl_dbst *u = zl_db_stmt(
        s,
        "UPDATE registration SET diagnosis_date = ?4, birth_year = ?5, sex = ?6, pc4 = ?7,"
        " contact_date = ?8, submission = ?9, line = ?10"
        " WHERE orpha = ?1 AND pseudonym = ?2 AND location_id = ?3",
        err);
    if (!u)
        return ZL_EDB;
    bind_values(u, r, sub, line);
    return zl_db_step_done(s, u, "updating a registration", err);
}

zl_status zl_store_registry_put(zl_store *s, const zl_registration *r, int64_t sub, long line,
                                zl_reg_put *what, long *dup_line, zl_err *err)
{
    zl_dbst *st = zl_db_stmt(
        s,
        "INSERT INTO registration(orpha, pseudonym, location_id, diagnosis_date, birth_year,"
        " sex, pc4, contact_date, submission, line) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)"
        " ON CONFLICT DO NOTHING",
        err);
    if (!st)
        return ZL_EDB;
    bind_values(st, r, sub, line);
    if (zl_db_step_done(s, st, "storing a registration", err) != ZL_OK)
        return err ? err->code : ZL_EDB;
    if (zl_db_changes(s) == 1) {
        *what = ZL_REG_INSERTED;
        return ZL_OK;
    }
    return put_existing(s, r, sub, line, what, dup_line, err);
}

zl_status zl_store_registry_submission_close(zl_store *s, int64_t id, const zl_submission_counts *c,
                                             zl_err *err)
{
    zl_dbst *st =
        zl_db_stmt(s,
                   "UPDATE registry_submission SET rows = ?2, accepted = ?3, rejected = ?4,"
                   " inserted = ?5, updated = ?6, unchanged = ?7, synthetic = (synthetic OR ?8)"
                   " WHERE id = ?1",
                   err);
    if (!st)
        return ZL_EDB;
    zl_db_bind_int64(st, 1, id);
    zl_db_bind_int64(st, 2, c->rows);
    zl_db_bind_int64(st, 3, c->accepted);
    zl_db_bind_int64(st, 4, c->rejected);
    zl_db_bind_int64(st, 5, c->inserted);
    zl_db_bind_int64(st, 6, c->updated);
    zl_db_bind_int64(st, 7, c->unchanged);
    zl_db_bind_int(st, 8, c->synthetic);
    return zl_db_step_done(s, st, "logging the submission", err);
}

void zl_store_registry_bulk(zl_store *s, bool on)
{
    /* 32 MiB of page cache while importing: rows arrive sorted by key, so new rows touch
     * few pages at a time; a much larger cache only costs allocation (measured: 256 MiB
     * made a 300 000-row import 10% slower). PostgreSQL's server has its own buffers. */
    if (!zl_store_is_pg(s))
        zl_store_exec(s, on ? "PRAGMA cache_size = -32768" : "PRAGMA cache_size = -2000", NULL);
}

static zl_status list_submissions(zl_store *s, zl_dbst *st, zl_submission_cb cb, void *ctx,
                                  zl_err *err)
{
    int rc;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW) {
        zl_submission_row r = {
            .id = zl_db_col_int64(st, 0),
            .source = (const char *)zl_db_col_text(st, 1),
            .digest = (const char *)zl_db_col_text(st, 2),
            .submitted_at = (const char *)zl_db_col_text(st, 3),
            .counts = {zl_db_col_int64(st, 4), zl_db_col_int64(st, 5), zl_db_col_int64(st, 6),
                       zl_db_col_int64(st, 7), zl_db_col_int64(st, 8), zl_db_col_int64(st, 9),
                       false},
            .synthetic = zl_db_col_int(st, 10) != 0,
            .location_id = (const char *)zl_db_col_text(st, 11),
        };
        status = cb(&r, ctx, err);
    }
    return zl_db_rows_end(s, st, rc, status, "reading submissions", err);
}

#define SUBMISSION_COLUMNS                                                                         \
    "SELECT id, source, digest, submitted_at, rows, accepted, rejected, inserted, updated,"        \
    " unchanged, synthetic, location_id FROM registry_submission"

zl_status zl_store_registry_submissions(zl_store *s, zl_submission_cb cb, void *ctx, zl_err *err)
{
    zl_dbst *st = zl_db_stmt(s, SUBMISSION_COLUMNS " ORDER BY id", err);
    return st ? list_submissions(s, st, cb, ctx, err) : ZL_EDB;
}

zl_status zl_store_registry_submissions_of(zl_store *s, const char *location, zl_submission_cb cb,
                                           void *ctx, zl_err *err)
{
    zl_dbst *st = zl_db_stmt(s, SUBMISSION_COLUMNS " WHERE location_id = ?1 ORDER BY id DESC", err);
    if (!st)
        return ZL_EDB;
    zl_db_bind_textz(st, 1, location);
    return list_submissions(s, st, cb, ctx, err);
}

zl_status zl_store_registry_synthetic(zl_store *s, bool *synthetic, zl_err *err)
{
    /* Acting for a location on PostgreSQL the flag comes from the SECURITY DEFINER
     * function of migration 15 (the session sees only its own submissions). */
    zl_dbst *st = s->for_location && zl_store_is_pg(s)
                      ? zl_db_stmt(s, "SELECT zl_registry_synthetic()", err)
                      : zl_db_stmt_memo(s,
                                        "SELECT EXISTS (SELECT 1 FROM registry_submission"
                                        " WHERE synthetic AND inserted + updated > 0)",
                                        err);
    if (!st)
        return ZL_EDB;
    if (zl_db_step(st) != ZL_DB_ROW) {
        zl_db_reset(st);
        return zl_store_dberr(s, err, "reading submissions");
    }
    *synthetic = zl_db_col_int(st, 0) != 0;
    zl_db_reset(st);
    return ZL_OK;
}

/* Sixty-four rows per INSERT: the per-statement work of SQLite (cursor set-up, halt) is
 * then paid once per batch. Parameters are numbered row * 10 + column + 1. */
#define ROW10  "(?,?,?,?,?,?,?,?,?,?)"
#define ROWS8  ROW10 "," ROW10 "," ROW10 "," ROW10 "," ROW10 "," ROW10 "," ROW10 "," ROW10
#define ROWS64 ROWS8 "," ROWS8 "," ROWS8 "," ROWS8 "," ROWS8 "," ROWS8 "," ROWS8 "," ROWS8

static void bind_row_at(zl_dbst *st, int base, const zl_registration *r, int64_t sub, long line)
{
    zl_db_bind_int64(st, base + 1, r->orpha);
    zl_db_bind_blob(st, base + 2, r->pseudonym, 32);
    zl_db_bind_text(st, base + 3, r->location_id, -1);
    zl_db_bind_text(st, base + 4, r->diagnosis_date, 10);
    zl_db_bind_int(st, base + 5, r->birth_year);
    zl_db_bind_text(st, base + 6, r->sex, 1);
    zl_db_bind_int(st, base + 7, r->pc4);
    zl_db_bind_text(st, base + 8, r->contact_date, 10);
    zl_db_bind_int64(st, base + 9, sub);
    zl_db_bind_int64(st, base + 10, line);
}

/* After a batch with conflicts: a row carrying this submission and line was inserted by
 * the batch; any other was already there and takes the single-row path. */
static zl_status classify_batch_row(zl_store *s, const zl_registration *r, int64_t sub, long line,
                                    zl_reg_put *what, zl_err *err)
{
    zl_dbst *q = zl_db_stmt(s,
                            "SELECT submission = ?4 AND line = ?5 FROM registration"
                            " WHERE orpha = ?1 AND pseudonym = ?2 AND location_id = ?3",
                            err);
    if (!q)
        return ZL_EDB;
    bind_key(q, r);
    zl_db_bind_int64(q, 4, sub);
    zl_db_bind_int64(q, 5, line);
    bool mine = zl_db_step(q) == ZL_DB_ROW && zl_db_col_int(q, 0);
    zl_db_reset(q);
    if (mine) {
        *what = ZL_REG_INSERTED;
        return ZL_OK;
    }
    long dup;
    return put_existing(s, r, sub, line, what, &dup, err);
}

zl_status zl_store_registry_put_batch(zl_store *s, const zl_registration *rows, const long *lines,
                                      size_t n, int64_t sub, zl_reg_put *what, zl_err *err)
{
    if (n != ZL_REGISTRY_BATCH) {
        for (size_t i = 0; i < n; i++) {
            long dup;
            if (zl_store_registry_put(s, &rows[i], sub, lines[i], &what[i], &dup, err) != ZL_OK)
                return err ? err->code : ZL_EDB;
        }
        return ZL_OK;
    }
    zl_dbst *st = zl_db_stmt(
        s,
        "INSERT INTO registration(orpha, pseudonym, location_id, diagnosis_date, birth_year,"
        " sex, pc4, contact_date, submission, line) VALUES " ROWS64 " ON CONFLICT DO NOTHING",
        err);
    if (!st)
        return ZL_EDB;
    for (size_t i = 0; i < n; i++)
        bind_row_at(st, (int)i * 10, &rows[i], sub, lines[i]);
    if (zl_db_step_done(s, st, "storing registrations", err) != ZL_OK)
        return err ? err->code : ZL_EDB;
    if ((size_t)zl_db_changes(s) == n) {
        for (size_t i = 0; i < n; i++)
            what[i] = ZL_REG_INSERTED;
        return ZL_OK;
    }
    for (size_t i = 0; i < n; i++)
        if (classify_batch_row(s, &rows[i], sub, lines[i], &what[i], err) != ZL_OK)
            return err ? err->code : ZL_EDB;
    return ZL_OK;
}
