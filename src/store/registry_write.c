/* Writing a submission's validated registrations, set-wise on each backend.
 *
 * SQLite: multi-row INSERTs of ZL_REGISTRY_BATCH rows (registry.c).
 * PostgreSQL: first, under a savepoint, the rows go straight into registration with COPY
 * (the common case of new keys: one pass, as fast as COPY into the table). A key that is
 * there already fails that COPY (unique violation); then, back at the savepoint, the rows
 * go through COPY into a temporary staging table and reach registration in one
 * INSERT ... SELECT ... ON CONFLICT DO NOTHING (the new keys) and one UPDATE (known keys
 * with a contact on or after the stored one and other values). Either way each row is
 * inserted, updated or unchanged exactly as zl_store_registry_put decides row by row. A
 * session acting for a location (row-level security, which COPY into the table does not
 * support) takes the staging path at once. Into an empty table (a national first load, a
 * restore) the key is built after the COPY, as pg_restore does: one sort instead of 1.2 M
 * B-tree insertions (write_bulk). Everything runs inside the caller's
 * transaction: a failure anywhere leaves the database as it was after its rollback. */
#include "store_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zorglandschap/store_registry.h"

#define COPY_CHUNK   (1 << 16) /* bytes of COPY data sent at a time */
#define ROW_TEXT_MAX 512       /* one row's COPY text (validated fields are short) */
#define LOCATION_MAX 200

#define COLUMNS                                                                                    \
    "(orpha, pseudonym, location_id, diagnosis_date, birth_year, sex, pc4, contact_date,"          \
    " submission, line)"
/* The staging table lives for the session (emptied at every commit); a temporary table
 * writes no WAL, and with 256 MB of temporary buffers a national file stays in memory. */
#define STAGE "zl_registration_stage"
#define STAGE_SQL                                                                                  \
    /* temp_buffers cannot change once the session used a temporary table: then as it is */        \
    "DO $$BEGIN SET temp_buffers = '256MB'; EXCEPTION WHEN invalid_parameter_value THEN END$$;"    \
    "CREATE TEMP TABLE IF NOT EXISTS " STAGE " (orpha integer, pseudonym bytea,"                   \
    " location_id text, diagnosis_date date, birth_year integer, sex text, pc4 integer,"           \
    " contact_date date, submission bigint, line bigint) ON COMMIT DELETE ROWS;"                   \
    "TRUNCATE " STAGE

/* COPY's binary format (PostgreSQL's "COPY BINARY" file layout): integers big-endian,
 * dates as days since 2000-01-01, bytea and text as their bytes. It spares the server
 * parsing dates, numbers and hex (a quarter of its COPY time in text format). */
static const char copy_header[19] = "PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0";

static char *put_u32(char *p, uint32_t v)
{
    p[0] = (char)(v >> 24);
    p[1] = (char)(v >> 16);
    p[2] = (char)(v >> 8);
    p[3] = (char)v;
    return p + 4;
}

static char *put_int4(char *p, int32_t v)
{
    return put_u32(put_u32(p, 4), (uint32_t)v);
}

static char *put_int8(char *p, int64_t v)
{
    p = put_u32(p, 8);
    return put_u32(put_u32(p, (uint32_t)((uint64_t)v >> 32)), (uint32_t)v);
}

static char *put_bytes(char *p, const void *v, size_t n)
{
    p = put_u32(p, (uint32_t)n);
    memcpy(p, v, n);
    return p + n;
}

/* Days from 2000-01-01 to a valid "YYYY-MM-DD" (proleptic Gregorian, H. Hinnant's
 * days_from_civil). */
static int32_t pg_date(const char *d)
{
    int y = atoi(d), m = atoi(d + 5), day = atoi(d + 8);
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468 - 10957);
}

static size_t row_binary(char *out, const zl_registration *r, int64_t sub, long line)
{
    char *p = out;
    *p++ = 0;
    *p++ = 10; /* fields */
    p = put_int4(p, (int32_t)r->orpha);
    p = put_bytes(p, r->pseudonym, 32);
    p = put_bytes(p, r->location_id, strlen(r->location_id));
    p = put_int4(p, pg_date(r->diagnosis_date));
    p = put_int4(p, r->birth_year);
    p = put_bytes(p, r->sex, 1);
    p = put_int4(p, r->pc4);
    p = put_int4(p, pg_date(r->contact_date));
    p = put_int8(p, sub);
    p = put_int8(p, line);
    return (size_t)(p - out);
}

/* Streams every row through COPY (copy_sql); a put failing means the server failed the
 * COPY already: its error comes from zl_pg_copy_end. */
static zl_status copy_rows(zl_store *s, const char *copy_sql, int64_t sub, size_t n,
                           zl_reg_row_fn row, void *ctx, zl_err *err)
{
    char *buf = malloc(COPY_CHUNK + ROW_TEXT_MAX);
    if (!buf)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    if (zl_pg_copy_begin(s->pg, copy_sql, err) != ZL_OK) {
        free(buf);
        return ZL_EDB;
    }
    memcpy(buf, copy_header, sizeof copy_header);
    size_t len = sizeof copy_header;
    zl_status st = ZL_OK;
    for (size_t i = 0; st == ZL_OK && i < n; i++) {
        zl_registration r;
        long line;
        row(ctx, i, &r, &line);
        if (strlen(r.location_id) > LOCATION_MAX) {
            zl_pg_copy_abort(s->pg);
            free(buf);
            return zl_fail(err, ZL_EINTERNAL, "location id longer than %d bytes", LOCATION_MAX);
        }
        len += row_binary(buf + len, &r, sub, line);
        if (i + 1 == n) {
            buf[len++] = (char)0xff; /* the trailer: -1 fields */
            buf[len++] = (char)0xff;
        }
        if (len >= COPY_CHUNK || i + 1 == n) {
            st = zl_pg_copy_put(s->pg, buf, len, NULL);
            len = 0;
        }
    }
    free(buf);
    return zl_pg_copy_end(s->pg, err);
}

/* After the COPY into the staging table: new keys inserted, then the known keys this
 * submission did not just insert updated when the contact is on or after the stored one
 * and a value differs. */
static zl_status apply_stage(zl_store *s, int64_t sub, size_t n, zl_reg_written *out, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(ins, "INSERT INTO registration" COLUMNS " SELECT orpha, pseudonym,"
                            " location_id, diagnosis_date, birth_year, sex, pc4, contact_date,"
                            " submission, line FROM " STAGE " ON CONFLICT DO NOTHING");
    if (zl_db_step_done(s, ins, "storing registrations", err) != ZL_OK)
        return err ? err->code : ZL_EDB;
    out->inserted = zl_db_changes(s);
    if ((size_t)out->inserted < n) {
        ZL_DB_STMT_OR_FAIL(
            upd,
            "UPDATE registration r SET diagnosis_date = g.diagnosis_date,"
            " birth_year = g.birth_year, sex = g.sex, pc4 = g.pc4,"
            " contact_date = g.contact_date, submission = g.submission, line = g.line"
            " FROM " STAGE " g WHERE r.orpha = g.orpha AND r.pseudonym = g.pseudonym"
            " AND r.location_id = g.location_id AND r.submission <> CAST(?1 AS BIGINT)"
            " AND g.contact_date >= r.contact_date"
            " AND (r.diagnosis_date, r.birth_year, r.sex, r.pc4, r.contact_date)"
            " IS DISTINCT FROM (g.diagnosis_date, g.birth_year, g.sex, g.pc4, g.contact_date)");
        zl_db_bind_int64(upd, 1, sub);
        if (zl_db_step_done(s, upd, "updating registrations", err) != ZL_OK)
            return err ? err->code : ZL_EDB;
        out->updated = zl_db_changes(s);
    }
    out->unchanged = (int64_t)n - out->inserted - out->updated;
    return ZL_OK;
}

static zl_status write_staged(zl_store *s, int64_t sub, size_t n, zl_reg_row_fn row, void *ctx,
                              zl_reg_written *out, zl_err *err)
{
    if (zl_store_exec(s, STAGE_SQL, err) != ZL_OK)
        return err ? err->code : ZL_EDB;
    if (copy_rows(s, "COPY " STAGE COLUMNS " FROM STDIN (FORMAT binary)", sub, n, row, ctx, err) !=
        ZL_OK)
        return err ? err->code : ZL_EDB;
    zl_pg_uncount_changes(s->pg); /* staged rows change nothing yet */
    return apply_stage(s, sub, n, out, err);
}

/* All new keys: straight into the table. *conflict says a key was there already (the
 * savepoint is then rolled back and nothing was written). */
static zl_status write_direct(zl_store *s, int64_t sub, size_t n, zl_reg_row_fn row, void *ctx,
                              bool *conflict, zl_err *err)
{
    *conflict = false;
    if (zl_store_exec(s, "SAVEPOINT zl_registry_copy", err) != ZL_OK)
        return err ? err->code : ZL_EDB;
    zl_err e = {0};
    if (copy_rows(s, "COPY registration" COLUMNS " FROM STDIN (FORMAT binary)", sub, n, row, ctx,
                  &e) == ZL_OK)
        return zl_store_exec(s, "RELEASE SAVEPOINT zl_registry_copy", err);
    *conflict = strcmp(zl_pg_sqlstate(s->pg), "23505") == 0;
    if (zl_store_exec(s, "ROLLBACK TO SAVEPOINT zl_registry_copy", err) != ZL_OK)
        return err ? err->code : ZL_EDB;
    if (*conflict)
        return ZL_OK;
    if (err)
        *err = e;
    return e.code;
}

/* Ends a bulk attempt that did not happen: back to the savepoint (releasing its lock). */
static zl_status bulk_undo(zl_store *s, zl_err *err)
{
    return zl_store_exec(s, "ROLLBACK TO SAVEPOINT zl_registry_bulk", err);
}

/* An empty registration table: the primary key dropped, the rows copied, the key added
 * again (same name), all under a savepoint in the caller's transaction. The lock is taken
 * first and without waiting, so two imports never wait on each other's upgrade (deadlock);
 * a busy or non-empty table, or a session that does not own the table (a deployment whose
 * importer has only grants), leaves *done false and the database as it was. The rows' keys are
 * unique (the import rejects duplicates), so adding the key fails only on a real error, which the
 * other paths then report. */
static zl_status write_bulk(zl_store *s, int64_t sub, size_t n, zl_reg_row_fn row, void *ctx,
                            bool *done, zl_err *err)
{
    *done = false;
    if (zl_store_exec(s, "SAVEPOINT zl_registry_bulk", err) != ZL_OK)
        return err ? err->code : ZL_EDB;
    zl_err e = {0};
    if (zl_store_exec(s, "LOCK TABLE registration IN ACCESS EXCLUSIVE MODE NOWAIT", &e) != ZL_OK)
        return bulk_undo(s, err);
    ZL_DB_STMT_OR_FAIL(usable,
                       "SELECT NOT EXISTS (SELECT 1 FROM registration) AND pg_has_role("
                       "(SELECT relowner FROM pg_class WHERE oid = 'registration'::regclass),"
                       " 'USAGE')");
    int rc = zl_db_step(usable);
    bool empty_and_own = rc == ZL_DB_ROW && zl_db_col_int(usable, 0) != 0;
    zl_db_reset(usable);
    if (rc != ZL_DB_ROW)
        return zl_store_dberr(s, err, "checking for an empty registration table");
    if (!empty_and_own)
        return bulk_undo(s, err);
    if (zl_store_exec(s, "ALTER TABLE registration DROP CONSTRAINT registration_pkey", &e) !=
            ZL_OK ||
        copy_rows(s, "COPY registration" COLUMNS " FROM STDIN (FORMAT binary)", sub, n, row, ctx,
                  &e) != ZL_OK ||
        zl_store_exec(s,
                      "ALTER TABLE registration ADD CONSTRAINT registration_pkey"
                      " PRIMARY KEY (orpha, pseudonym, location_id)",
                      &e) != ZL_OK)
        return bulk_undo(s, err);
    *done = true;
    return zl_store_exec(s, "RELEASE SAVEPOINT zl_registry_bulk", err);
}

static zl_status write_batches(zl_store *s, int64_t sub, size_t n, zl_reg_row_fn row, void *ctx,
                               zl_reg_written *out, zl_err *err)
{
    zl_registration rows[ZL_REGISTRY_BATCH];
    long lines[ZL_REGISTRY_BATCH];
    zl_reg_put what[ZL_REGISTRY_BATCH];
    for (size_t at = 0; at < n; at += ZL_REGISTRY_BATCH) {
        size_t k = n - at < ZL_REGISTRY_BATCH ? n - at : ZL_REGISTRY_BATCH;
        for (size_t i = 0; i < k; i++)
            row(ctx, at + i, &rows[i], &lines[i]);
        if (zl_store_registry_put_batch(s, rows, lines, k, sub, what, err) != ZL_OK)
            return err ? err->code : ZL_EDB;
        for (size_t i = 0; i < k; i++) {
            out->inserted += what[i] == ZL_REG_INSERTED;
            out->updated += what[i] == ZL_REG_UPDATED;
            out->unchanged += what[i] == ZL_REG_UNCHANGED;
        }
    }
    return ZL_OK;
}

zl_status zl_store_registry_write(zl_store *s, int64_t submission, size_t n, zl_reg_row_fn row,
                                  void *ctx, zl_reg_written *out, zl_err *err)
{
    memset(out, 0, sizeof *out);
    if (n == 0)
        return ZL_OK;
    if (!zl_store_is_pg(s))
        return write_batches(s, submission, n, row, ctx, out, err);
    if (!s->in_tx)
        return zl_fail(err, ZL_EINTERNAL, "writing registrations outside a transaction");
    bool done = false;
    if (!s->for_location && write_bulk(s, submission, n, row, ctx, &done, err) != ZL_OK)
        return err ? err->code : ZL_EDB;
    bool conflict = true;
    if (!done && !s->for_location &&
        write_direct(s, submission, n, row, ctx, &conflict, err) != ZL_OK)
        return err ? err->code : ZL_EDB;
    if (done || !conflict) {
        out->inserted = (int64_t)n;
        return ZL_OK;
    }
    return write_staged(s, submission, n, row, ctx, out, err);
}
