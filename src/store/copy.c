/* Copying a whole database between stores (SQLite and PostgreSQL, either way) in one
 * transaction on the target, verified by per-table row counts and checksums before it
 * commits; the checksums of one store; emptying a store for `zl demo`. Contracts in
 * include/zorglandschap/store_copy.h. */
#include "copy_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* PostgreSQL: row-level security off for the transaction, so that a role the policies
 * would show only some rows gets an error instead of a silently partial copy. */
#define PG_ALL_ROWS "SET LOCAL row_security = off"

/* A read transaction: one snapshot of every table (a cursor also needs one on PostgreSQL). */
static zl_status read_begin(zl_store *s, zl_err *err)
{
    return zl_store_exec(s,
                         zl_store_is_pg(s)
                             ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; " PG_ALL_ROWS
                             : "BEGIN",
                         err);
}

/* The target's transaction (all rows visible on PostgreSQL, as for the source). */
static zl_status write_begin(zl_store *s, zl_err *err)
{
    zl_status rc = zl_store_begin(s, err);
    if (rc == ZL_OK && zl_store_is_pg(s) && (rc = zl_store_exec(s, PG_ALL_ROWS, err)) != ZL_OK)
        zl_store_rollback(s);
    return rc;
}

static void read_end(zl_store *s)
{
    zl_store_exec(s, "ROLLBACK", NULL);
}

static void to_hex(const unsigned char *d, char out[ZL_CHECKSUM_HEX])
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = hex[d[i] >> 4];
        out[2 * i + 1] = hex[d[i] & 15];
    }
    out[64] = 0;
}

/* Reads table t of s in key order, counting and hashing its rows; with w, also writes each
 * row into the target. */
static zl_status pass(zl_store *s, const cp_table *t, cp_writer *w, int64_t *rows,
                      char sum[ZL_CHECKSUM_HEX], zl_err *err)
{
    cp_reader r;
    zl_status rc = cp_reader_open(s, t, &r, err);
    if (rc != ZL_OK)
        return rc;
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    bool got = true;
    while (rc == ZL_OK && (rc = cp_reader_next(&r, &got, err)) == ZL_OK && got) {
        cp_hash_row(&h, r.vals, t->ncols);
        if (w)
            rc = cp_writer_put(w, r.vals, err);
    }
    *rows = r.row;
    cp_reader_close(&r);
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&h, d);
    to_hex(d, sum);
    return rc;
}

static zl_status sums_alloc(zl_table_sums *out, const cp_schema *sc, zl_err *err)
{
    if (!(out->tables = calloc((size_t)sc->n + 1, sizeof *out->tables)))
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    out->n = (size_t)sc->n;
    for (int i = 0; i < sc->n; i++)
        snprintf(out->tables[i].name, sizeof out->tables[i].name, "%s", sc->t[i].name);
    return ZL_OK;
}

zl_status zl_store_checksums(zl_store *s, zl_table_sums *out, zl_err *err)
{
    *out = (zl_table_sums){.schema_version = zl_store_schema_version(s)};
    cp_schema sc;
    zl_status rc = read_begin(s, err);
    if (rc != ZL_OK)
        return rc;
    if ((rc = cp_schema_read(s, &sc, err)) == ZL_OK && (rc = sums_alloc(out, &sc, err)) == ZL_OK)
        for (int i = 0; rc == ZL_OK && i < sc.n; i++)
            rc = pass(s, &sc.t[i], NULL, &out->tables[i].rows, out->tables[i].checksum, err);
    read_end(s);
    cp_schema_free(&sc);
    if (rc != ZL_OK)
        zl_table_sums_free(out);
    return rc;
}

void zl_table_sums_free(zl_table_sums *t)
{
    free(t->tables);
    t->tables = NULL;
    t->n = 0;
}

/* --- the target: same tables and columns, empty --- */

/* Reorders the target table's columns into the source's order (matched by name), so one
 * row of values serves both; fails naming what differs. */
static zl_status align_table(const cp_table *src, cp_table *dst, zl_err *err)
{
    if (src->ncols != dst->ncols)
        return zl_fail(err, ZL_EINPUT, "table %s: %d columns on the source, %d on the target",
                       src->name, src->ncols, dst->ncols);
    for (int i = 0; i < src->ncols; i++) {
        int k = i;
        while (k < dst->ncols && strcmp(dst->cols[k].name, src->cols[i].name) != 0)
            k++;
        if (k == dst->ncols)
            return zl_fail(err, ZL_EINPUT, "table %s, column %s: missing on the target", src->name,
                           src->cols[i].name);
        cp_col c = dst->cols[k];
        dst->cols[k] = dst->cols[i];
        dst->cols[i] = c;
        if (c.kind != src->cols[i].kind)
            return zl_fail(err, ZL_EINPUT, "table %s, column %s: a different type on the target",
                           src->name, c.name);
    }
    return ZL_OK;
}

/* The target's tables in the source's order, each aligned with the source's. */
static zl_status align(const cp_schema *src, cp_schema *dst, zl_err *err)
{
    for (int i = 0; i < dst->n; i++)
        if (!cp_schema_find(src, dst->t[i].name))
            return zl_fail(err, ZL_EINPUT, "table %s: on the target only", dst->t[i].name);
    for (int i = 0; i < src->n; i++) {
        int k = i;
        while (k < dst->n && strcmp(dst->t[k].name, src->t[i].name) != 0)
            k++;
        if (k == dst->n)
            return zl_fail(err, ZL_EINPUT, "table %s: missing on the target", src->t[i].name);
        cp_table t = dst->t[k];
        dst->t[k] = dst->t[i];
        dst->t[i] = t;
        if (align_table(&src->t[i], &dst->t[i], err) != ZL_OK)
            return ZL_EINPUT;
    }
    return ZL_OK;
}

/* Whether table t has a row (*has). */
static zl_status has_rows(zl_store *s, const cp_table *t, bool *has, zl_err *err)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT EXISTS (SELECT 1 FROM \"%s\")", t->name);
    zl_dbst st;
    zl_status rc = cp_prepare(s, sql, &st, err);
    if (rc != ZL_OK)
        return rc;
    if (zl_db_step(&st) == ZL_DB_ROW)
        *has = zl_db_col_int(&st, 0) != 0;
    else
        rc = zl_store_dberr(s, err, "counting rows");
    cp_finalize(&st);
    return rc;
}

static zl_status first_nonempty(zl_store *s, const cp_schema *sc, char first[64], zl_err *err)
{
    first[0] = 0;
    for (int i = 0; i < sc->n; i++) {
        bool has = false;
        if (cp_table_seeded(sc->t[i].name))
            continue;
        if (has_rows(s, &sc->t[i], &has, err) != ZL_OK)
            return err ? err->code : ZL_EDB;
        if (has) {
            snprintf(first, 64, "%s", sc->t[i].name);
            return ZL_OK;
        }
    }
    return ZL_OK;
}

zl_status zl_store_is_empty(zl_store *s, bool *empty, char first[64], zl_err *err)
{
    cp_schema sc;
    zl_status rc = cp_schema_read(s, &sc, err);
    if (rc == ZL_OK)
        rc = first_nonempty(s, &sc, first, err);
    *empty = rc == ZL_OK && !first[0];
    cp_schema_free(&sc);
    return rc;
}

/* Deletes, children first, the rows of the tables the migrations fill (seeded: the copy's
 * source replaces them) or of all the others (!seeded: zl_store_clear, which leaves a
 * database as a fresh migration would, its disclosure key included). */
static zl_status delete_rows(zl_store *s, const cp_schema *sc, bool seeded, zl_err *err)
{
    for (int i = sc->n - 1; i >= 0; i--) {
        if (cp_table_seeded(sc->t[i].name) != seeded)
            continue;
        char sql[128];
        snprintf(sql, sizeof sql, "DELETE FROM \"%s\"", sc->t[i].name);
        if (zl_store_exec(s, sql, err) != ZL_OK)
            return zl_err_prefix(err, "table %s: ", sc->t[i].name);
    }
    return ZL_OK;
}

zl_status zl_store_clear(zl_store *s, zl_err *err)
{
    cp_schema sc = {0};
    zl_status rc = zl_store_begin(s, err);
    if (rc != ZL_OK)
        return rc;
    if ((rc = cp_schema_read(s, &sc, err)) == ZL_OK)
        rc = delete_rows(s, &sc, false, err);
    for (int i = 0; rc == ZL_OK && i < sc.n; i++) /* ids start again at 1 on PostgreSQL */
        if (zl_store_is_pg(s))
            rc = cp_set_identities(s, &sc.t[i], err);
    cp_schema_free(&sc);
    if (rc == ZL_OK)
        return zl_store_commit(s, err);
    zl_store_rollback(s);
    return rc;
}

/* --- the copy --- */

static zl_status copy_tables(zl_store *from, zl_store *to, const cp_schema *src,
                             const cp_schema *dst, zl_table_sums *out, zl_err *err)
{
    for (int i = 0; i < src->n; i++) {
        cp_writer w;
        zl_table_sum *ts = &out->tables[i];
        zl_status rc = cp_writer_begin(to, &dst->t[i], &w, err);
        if (rc == ZL_OK)
            rc = pass(from, &src->t[i], &w, &ts->rows, ts->checksum, err);
        if (rc == ZL_OK)
            rc = cp_writer_end(&w, err);
        cp_writer_free(&w);
        if (rc != ZL_OK)
            return rc;
    }
    return ZL_OK;
}

/* Reads every table of the target back and compares; ZL_EDB naming the tables that differ. */
static zl_status verify(zl_store *to, const cp_schema *dst, zl_table_sums *out, zl_err *err)
{
    char bad[512] = "";
    size_t nbad = 0;
    for (int i = 0; i < dst->n; i++) {
        zl_table_sum *ts = &out->tables[i];
        zl_status rc = pass(to, &dst->t[i], NULL, &ts->target_rows, ts->target_checksum, err);
        if (rc != ZL_OK)
            return rc;
        ts->match = ts->rows == ts->target_rows && strcmp(ts->checksum, ts->target_checksum) == 0;
        if (!ts->match && nbad++ < 8)
            snprintf(bad + strlen(bad), sizeof bad - strlen(bad), "%s%s", nbad > 1 ? ", " : "",
                     ts->name);
    }
    if (nbad)
        return zl_fail(err, ZL_EDB, "verification failed: %zu tables differ: %s (nothing copied)",
                       nbad, bad);
    return ZL_OK;
}

static zl_status prepare_target(zl_store *from, zl_store *to, cp_schema *src, cp_schema *dst,
                                zl_err *err)
{
    char first[64];
    zl_status rc = cp_schema_read(from, src, err);
    if (rc == ZL_OK && (rc = cp_schema_read(to, dst, err)) == ZL_OK)
        rc = align(src, dst, err);
    if (rc == ZL_OK && (rc = first_nonempty(to, dst, first, err)) == ZL_OK && first[0])
        rc =
            zl_fail(err, ZL_EINPUT,
                    "the target is not empty: table %s has rows (copy into a new database)", first);
    return rc == ZL_OK ? delete_rows(to, dst, true, err) : rc;
}

zl_status zl_store_copy(zl_store *from, zl_store *to, zl_table_sums *out, zl_err *err)
{
    int vf = zl_store_schema_version(from), vt = zl_store_schema_version(to);
    *out = (zl_table_sums){.schema_version = vf};
    if (vf != vt)
        return zl_fail(err, ZL_EINPUT, "schema versions differ: source %d, target %d", vf, vt);
    cp_schema src = {0}, dst = {0};
    zl_status rc = read_begin(from, err);
    if (rc != ZL_OK)
        return rc;
    if ((rc = write_begin(to, err)) == ZL_OK) {
        if ((rc = prepare_target(from, to, &src, &dst, err)) == ZL_OK &&
            (rc = sums_alloc(out, &src, err)) == ZL_OK &&
            (rc = copy_tables(from, to, &src, &dst, out, err)) == ZL_OK)
            rc = verify(to, &dst, out, err);
        if (rc == ZL_OK)
            rc = zl_store_commit(to, err);
        else
            zl_store_rollback(to);
    }
    read_end(from);
    cp_schema_free(&src);
    cp_schema_free(&dst);
    return rc;
}
