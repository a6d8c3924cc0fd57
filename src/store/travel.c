/* The cached travel matrix: clearing it, writing rows during a build, and streaming it
 * back in (pc4, location_id) order for export. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "zorglandschap/store_landscape.h"
#include "zorglandschap/util.h"

zl_status zl_store_travel_clear(zl_store *s, zl_err *err)
{
    zl_dbst *st = zl_db_stmt(s, "DELETE FROM travel", err);
    if (!st)
        return err ? err->code : ZL_EDB;
    return zl_db_step_done(s, st, "clearing travel times", err);
}

zl_status zl_store_put_travel(zl_store *s, int32_t pc4, const char *location_id, double minutes,
                              double km, const char *method, zl_err *err)
{
    zl_dbst *st = zl_db_stmt2(s,
                              "INSERT OR REPLACE INTO travel(pc4, location_id, minutes,"
                              " km, method) VALUES (?1, ?2, ?3, ?4, ?5)",
                              "INSERT INTO travel(pc4, location_id, minutes, km, method)"
                              " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (pc4, location_id)"
                              " DO UPDATE SET minutes = excluded.minutes, km = excluded.km,"
                              " method = excluded.method",
                              err);
    if (!st)
        return err ? err->code : ZL_EDB;
    zl_db_bind_int(st, 1, pc4);
    zl_db_bind_textz(st, 2, location_id);
    zl_db_bind_double(st, 3, minutes);
    zl_db_bind_double(st, 4, km);
    zl_db_bind_text(st, 5, method, -1);
    return zl_db_step_done(s, st, "writing a travel time", err);
}

/* Appends src to dst (capacity cap, length *len) escaped for COPY's text format; false
 * when it does not fit. */
static bool copy_text(char *dst, size_t cap, size_t *len, const char *src)
{
    for (; *src; src++) {
        const char *esc = *src == '\\'   ? "\\\\"
                          : *src == '\t' ? "\\t"
                          : *src == '\n' ? "\\n"
                          : *src == '\r' ? "\\r"
                                         : NULL;
        size_t k = esc ? 2 : 1;
        if (*len + k >= cap)
            return false;
        memcpy(dst + *len, esc ? esc : src, k);
        *len += k;
    }
    return true;
}

/* One row as a line of COPY text: pc4, location_id, minutes, km, method. */
static bool copy_line(char *line, size_t cap, size_t *len, const zl_travel_row *r)
{
    int k = snprintf(line, cap, "%d\t", (int)r->pc4);
    *len = (size_t)k;
    if (!copy_text(line, cap, len, r->location_id))
        return false;
    k = snprintf(line + *len, cap - *len, "\t%.17g\t%.17g\t", r->minutes, r->km);
    if (k < 0 || (size_t)k >= cap - *len)
        return false;
    *len += (size_t)k;
    if (!copy_text(line, cap, len, r->method) || *len + 1 >= cap)
        return false;
    line[(*len)++] = '\n';
    return true;
}

/* PostgreSQL: COPY into a session table, then one upsert into travel (the same
 * replace-on-conflict as zl_store_put_travel). */
static zl_status pg_put_travel_rows(zl_store *s, const zl_travel_row *rows, size_t n, zl_err *err)
{
    zl_status st = zl_pg_exec(s->pg,
                              "CREATE TEMP TABLE IF NOT EXISTS travel_load (pc4 integer,"
                              " location_id text, minutes double precision,"
                              " km double precision, method text)",
                              err);
    if (st == ZL_OK)
        st = zl_pg_copy_begin(s->pg, "COPY travel_load FROM STDIN", err);
    if (st != ZL_OK)
        return st;
    char buf[1 << 16], line[1024];
    size_t used = 0, len;
    for (size_t i = 0; st == ZL_OK && i < n; i++) {
        if (!copy_line(line, sizeof line, &len, &rows[i]))
            st = zl_fail(err, ZL_EINPUT, "travel time %04d to '%s': field too long",
                         (int)rows[i].pc4, rows[i].location_id);
        else if (used + len > sizeof buf) {
            st = zl_pg_copy_put(s->pg, buf, used, err);
            used = 0;
        }
        if (st == ZL_OK) {
            memcpy(buf + used, line, len);
            used += len;
        }
    }
    if (st == ZL_OK && used)
        st = zl_pg_copy_put(s->pg, buf, used, err);
    zl_status end = zl_pg_copy_end(s->pg, st == ZL_OK ? err : NULL);
    if (st == ZL_OK && (st = end) == ZL_OK)
        st = zl_pg_exec(s->pg,
                        "INSERT INTO travel(pc4, location_id, minutes, km, method)"
                        " SELECT pc4, location_id, minutes, km, method FROM travel_load"
                        " ON CONFLICT (pc4, location_id) DO UPDATE SET minutes ="
                        " excluded.minutes, km = excluded.km, method = excluded.method;"
                        "TRUNCATE travel_load",
                        err);
    return st == ZL_OK ? ZL_OK : zl_err_prefix(err, "writing travel times: ");
}

zl_status zl_store_put_travel_rows(zl_store *s, const zl_travel_row *rows, size_t n, zl_err *err)
{
    if (zl_store_is_pg(s))
        return n ? pg_put_travel_rows(s, rows, n, err) : ZL_OK;
    zl_status st = ZL_OK;
    for (size_t i = 0; st == ZL_OK && i < n; i++)
        st = zl_store_put_travel(s, rows[i].pc4, rows[i].location_id, rows[i].minutes, rows[i].km,
                                 rows[i].method, err);
    return st;
}

zl_status zl_store_travel_scan(zl_store *s, zl_travel_row_fn fn, void *ctx, zl_err *err)
{
    zl_dbst *st = zl_db_stmt(s,
                             "SELECT pc4, location_id, minutes, km, method FROM travel"
                             " ORDER BY pc4, location_id",
                             err);
    if (!st)
        return err ? err->code : ZL_EDB;
    int rc;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW) {
        zl_travel_row r = {zl_db_col_int(st, 0), (const char *)zl_db_col_text(st, 1),
                           zl_db_col_double(st, 2), zl_db_col_double(st, 3),
                           (const char *)zl_db_col_text(st, 4)};
        status = fn(ctx, &r, err);
    }
    return zl_db_rows_end(s, st, rc, status, "reading travel times", err);
}

zl_status zl_store_travel_begin(zl_store *s, zl_err *err)
{
    /* Every row written is a (pc4, location) pair read from the store inside this same
     * immediate transaction, so the per-row foreign-key lookups can only ever succeed;
     * skipping them makes a rebuild about a third faster. The pragma has no effect inside
     * a transaction, hence before BEGIN. */
    if (zl_store_is_pg(s))
        return zl_store_begin(s, err); /* PostgreSQL checks the keys (no per-session switch) */
    zl_status st = zl_store_exec(s, "PRAGMA foreign_keys = OFF;", err);
    if (st == ZL_OK && (st = zl_store_begin(s, err)) != ZL_OK)
        zl_store_exec(s, "PRAGMA foreign_keys = ON;", NULL);
    return st;
}

zl_status zl_store_travel_end(zl_store *s, bool commit, zl_err *err)
{
    zl_status st = ZL_OK;
    if (commit)
        st = zl_store_commit(s, err);
    else
        zl_store_rollback(s);
    if (zl_store_is_pg(s))
        return st;
    zl_status fk = zl_store_exec(s, "PRAGMA foreign_keys = ON;", st == ZL_OK ? err : NULL);
    return st != ZL_OK ? st : fk;
}

zl_status zl_store_travel_from(zl_store *s, int32_t pc4, char ***ids, double **minutes, size_t *n,
                               zl_err *err)
{
    *ids = NULL;
    *minutes = NULL;
    *n = 0;
    zl_dbst *st = zl_db_stmt(s, "SELECT count(*) FROM area WHERE pc4 = ?1", err);
    if (!st)
        return err ? err->code : ZL_EDB;
    zl_db_bind_int(st, 1, pc4);
    int known = zl_db_step(st) == ZL_DB_ROW ? zl_db_col_int(st, 0) : -1;
    zl_db_reset(st);
    if (known < 0)
        return zl_store_dberr(s, err, "looking up a postcode");
    if (known == 0)
        return zl_fail(err, ZL_ENOTFOUND, "unknown postcode %04d (not a PC4 area)", (int)pc4);
    st = zl_db_stmt(s,
                    "SELECT location_id, minutes FROM travel WHERE pc4 = ?1"
                    " ORDER BY location_id",
                    err);
    if (!st)
        return err ? err->code : ZL_EDB;
    zl_db_bind_int(st, 1, pc4);
    size_t cap_i = 0, cap_m = 0;
    int rc;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW) {
        void *pi = *ids, *pm = *minutes;
        status = zl_grow(&pi, &cap_i, *n + 2, sizeof **ids, err);
        *ids = pi;
        if (status == ZL_OK)
            status = zl_grow(&pm, &cap_m, *n + 1, sizeof **minutes, err);
        *minutes = pm;
        if (status != ZL_OK)
            break;
        (*ids)[*n] = strdup((const char *)zl_db_col_text(st, 0));
        (*ids)[*n + 1] = NULL;
        (*minutes)[*n] = zl_db_col_double(st, 1);
        if (!(*ids)[(*n)++])
            status = zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    status = zl_db_rows_end(s, st, rc, status, "reading travel times", err);
    if (status == ZL_OK && *n == 0)
        status = zl_fail(err, ZL_ENOTFOUND, "no travel times from postcode %04d (zl travel build)",
                         (int)pc4);
    if (status != ZL_OK) {
        zl_strv_free(*ids);
        free(*minutes);
        *ids = NULL;
        *minutes = NULL;
        *n = 0;
    }
    return status;
}
