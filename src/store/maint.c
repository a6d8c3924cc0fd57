/* Database size limit, page count and integrity check: what the fault-injection tests
 * (tests/unit/test_faults.c) and operators need to see that a failed write left the
 * database sound. */
#include "store_internal.h"

#include <stdio.h>
#include <string.h>

/* These are SQLite's own pages and checks; on PostgreSQL the server owns the files (its
 * size limits are the disk's; pg_amcheck checks them). */
static zl_status sqlite_only(zl_store *s, const char *what, zl_err *err)
{
    if (!zl_store_is_pg(s))
        return ZL_OK;
    return zl_fail(err, ZL_EINPUT, "%s is SQLite only (on PostgreSQL use the server's tools)",
                   what);
}

static zl_status pragma_int(zl_store *s, const char *sql, int64_t *out, zl_err *err)
{
    if (sqlite_only(s, sql, err) != ZL_OK)
        return ZL_EINPUT;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return zl_store_dberr(s, err, sql);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && out)
        *out = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? ZL_OK : zl_store_dberr(s, err, sql);
}

zl_status zl_store_page_count(zl_store *s, int64_t *pages, zl_err *err)
{
    return pragma_int(s, "PRAGMA page_count", pages, err);
}

zl_status zl_store_set_max_pages(zl_store *s, int64_t pages, zl_err *err)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld", (long long)pages);
    return pragma_int(s, sql, NULL, err);
}

zl_status zl_store_integrity_check(zl_store *s, char *report, size_t n, zl_err *err)
{
    if (sqlite_only(s, "PRAGMA integrity_check", err) != ZL_OK)
        return ZL_EINPUT;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
        return zl_store_dberr(s, err, "integrity check");
    size_t used = 0;
    report[0] = '\0';
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *line = (const char *)sqlite3_column_text(st, 0);
        int w = snprintf(report + used, n - used, "%s%s", used ? "\n" : "", line ? line : "");
        if (w < 0 || (size_t)w >= n - used)
            break;
        used += (size_t)w;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? ZL_OK
                                                 : zl_store_dberr(s, err, "integrity check");
}
