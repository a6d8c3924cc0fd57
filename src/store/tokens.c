/* SQL of the API-token table: the only place tokens are read or written. */
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "zorglandschap/store_tokens.h"
#include "zorglandschap/util.h"

void zl_token_row_clear(zl_token_row *r)
{
    free(r->id);
    free(r->secret_hash);
    free(r->role);
    free(r->location_id);
    free(r->label);
    free(r->created_at);
    free(r->revoked_at);
    free(r->expires_at);
    memset(r, 0, sizeof *r);
}

static char *col_dup(zl_dbst *st, int i)
{
    const unsigned char *t = zl_db_col_text(st, i);
    return t ? strdup((const char *)t) : NULL;
}

static zl_status row_from(zl_dbst *st, zl_token_row *r, zl_err *err)
{
    memset(r, 0, sizeof *r);
    r->id = col_dup(st, 0);
    r->secret_hash = col_dup(st, 1);
    r->role = col_dup(st, 2);
    r->location_id = col_dup(st, 3);
    r->label = col_dup(st, 4);
    r->created_at = col_dup(st, 5);
    r->revoked_at = col_dup(st, 6);
    r->expires_at = col_dup(st, 7);
    if (!r->id || !r->secret_hash || !r->role || !r->label || !r->created_at ||
        (zl_db_col_type(st, 3) != ZL_DB_NULL && !r->location_id) ||
        (zl_db_col_type(st, 6) != ZL_DB_NULL && !r->revoked_at) ||
        (zl_db_col_type(st, 7) != ZL_DB_NULL && !r->expires_at)) {
        zl_token_row_clear(r);
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    return ZL_OK;
}

#define TOKEN_COLS "id, secret_hash, role, location_id, label, created_at, revoked_at, expires_at"

zl_status zl_store_token_insert(zl_store *s, const zl_token_row *r, zl_err *err)
{
    zl_dbst *st =
        zl_db_stmt(s,
                   "INSERT INTO api_token(id, secret_hash, role, location_id, label, created_at,"
                   " expires_at)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?7, ?6)",
                   err);
    if (!st)
        return err ? err->code : ZL_EDB;
    zl_db_bind_textz(st, 1, r->id);
    zl_db_bind_textz(st, 2, r->secret_hash);
    zl_db_bind_textz(st, 3, r->role);
    zl_db_bind_textz(st, 4, r->location_id);
    zl_db_bind_textz(st, 5, r->label ? r->label : "");
    zl_db_bind_textz(st, 6, r->expires_at);
    zl_db_bind_textz(st, 7, r->created_at);
    return zl_db_step_done(s, st, "storing the token", err);
}

zl_status zl_store_token_get(zl_store *s, const char *id, zl_token_row *r, zl_err *err)
{
    zl_dbst *st = zl_db_stmt(s, "SELECT " TOKEN_COLS " FROM api_token WHERE id = ?1", err);
    if (!st)
        return err ? err->code : ZL_EDB;
    zl_db_bind_textz(st, 1, id);
    int rc = zl_db_step(st);
    zl_status res;
    if (rc == ZL_DB_ROW)
        res = row_from(st, r, err);
    else if (rc == ZL_DB_DONE)
        res = zl_fail(err, ZL_ENOTFOUND, "no token with id '%s'", id);
    else
        res = zl_store_dberr(s, err, "reading a token");
    zl_db_reset(st);
    return res;
}

zl_status zl_store_token_list(zl_store *s, zl_token_row **out, size_t *n, zl_err *err)
{
    *out = NULL;
    *n = 0;
    zl_dbst *st =
        zl_db_stmt(s, "SELECT " TOKEN_COLS " FROM api_token ORDER BY created_at, id", err);
    if (!st)
        return err ? err->code : ZL_EDB;
    zl_token_row *v = NULL;
    size_t cap = 0, len = 0;
    zl_status res = ZL_OK;
    int rc;
    while ((rc = zl_db_step(st)) == ZL_DB_ROW) {
        if ((res = zl_grow((void **)&v, &cap, len + 1, sizeof *v, err)) != ZL_OK)
            break;
        if ((res = row_from(st, &v[len], err)) != ZL_OK)
            break;
        len++;
    }
    if (res == ZL_OK && rc != ZL_DB_DONE)
        res = zl_store_dberr(s, err, "listing tokens");
    zl_db_reset(st);
    if (res != ZL_OK) {
        for (size_t i = 0; i < len; i++)
            zl_token_row_clear(&v[i]);
        free(v);
        return res;
    }
    *out = v;
    *n = len;
    return ZL_OK;
}

zl_status zl_store_token_revoke(zl_store *s, const char *id, bool *was_revoked, zl_err *err)
{
    zl_token_row r;
    zl_status res = zl_store_token_get(s, id, &r, err);
    if (res != ZL_OK)
        return res;
    *was_revoked = r.revoked_at != NULL;
    zl_token_row_clear(&r);
    if (*was_revoked)
        return ZL_OK;
    zl_dbst *st = zl_db_stmt(s,
                             "UPDATE api_token SET revoked_at ="
                             " strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1",
                             err);
    if (!st)
        return err ? err->code : ZL_EDB;
    zl_db_bind_textz(st, 1, id);
    return zl_db_step_done(s, st, "revoking the token", err);
}

zl_status zl_store_data_version(zl_store *s, long long *out, zl_err *err)
{
    /* PostgreSQL: from the data change log of migration 17, the largest id of a committed
     * transaction that changed data, with the ids below it still running (in the
     * statement's own snapshot). A change committing later either has a larger id or is
     * one of those running, so the digest moves with every commit that changed data, and
     * only then: not with autovacuum, ANALYZE, hint bits or other databases. (The WAL
     * insert position and then the snapshot's digest moved with those: every move made
     * each HTTP worker rebuild its finder index, 0.12x and 0.54x of SQLite's finder
     * throughput in bench/pg.) The connection's memo of reads (zl_db_stmt_memo) is kept
     * for that version. Never negative, as SQLite's: the HTTP worker takes a negative
     * version for none yet, and asked on every request when the hash came out negative
     * (a round trip per finder request in bench/pg, half the time). */
    zl_dbst *st = zl_db_stmt2(s, "PRAGMA data_version",
                              "SELECT hashtextextended(coalesce(CAST(m AS text), '') || ':' ||"
                              " coalesce((SELECT string_agg(CAST(x AS text), ',' ORDER BY x)"
                              " FROM pg_snapshot_xip(pg_current_snapshot()) x WHERE x < m), ''), 0)"
                              " & 9223372036854775807"
                              " FROM (SELECT max(xact) AS m FROM zl_data_change) t",
                              err);
    if (!st)
        return err ? err->code : ZL_EDB;
    if (zl_db_step(st) != ZL_DB_ROW) {
        zl_db_reset(st);
        return zl_store_dberr(s, err, "reading the data version");
    }
    *out = zl_db_col_int64(st, 0);
    zl_db_reset(st);
    if (s->pg)
        zl_pg_memo_version(s->pg, *out);
    return ZL_OK;
}

zl_status zl_store_token_location_known(zl_store *s, const char *id, bool *known, zl_err *err)
{
    zl_dbst *st = zl_db_stmt(s, "SELECT 1 FROM location WHERE id = ?1", err);
    if (!st)
        return err ? err->code : ZL_EDB;
    zl_db_bind_textz(st, 1, id);
    int rc = zl_db_step(st);
    zl_db_reset(st);
    if (rc != ZL_DB_ROW && rc != ZL_DB_DONE)
        return zl_store_dberr(s, err, "looking up a location");
    *known = rc == ZL_DB_ROW;
    return ZL_OK;
}
