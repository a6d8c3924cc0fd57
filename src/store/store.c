/* Opening the SQLite database, migrating its schema, transactions and the cache of
 * prepared statements. */
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "zorglandschap/util.h"

/* SQLITE_BUSY and SQLITE_LOCKED (another connection holds the lock past the busy
 * timeout) are ZL_EBUSY: a server answers 503 and the client tries again. */
static zl_status db_code(zl_store *s)
{
    int rc = sqlite3_errcode(s->db) & 0xff;
    return rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? ZL_EBUSY : ZL_EDB;
}

zl_status zl_store_dberr(zl_store *s, zl_err *err, const char *what)
{
    return zl_fail(err, db_code(s), "database error: %s: %s", what, sqlite3_errmsg(s->db));
}

zl_status zl_store_exec(zl_store *s, const char *sql, zl_err *err)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        zl_status code = db_code(s);
        zl_fail(err, code, "database error: %s", msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        return code;
    }
    return ZL_OK;
}

zl_status zl_store_rows_end(zl_store *s, sqlite3_stmt *st, int rc, zl_status status,
                            const char *what, zl_err *err)
{
    sqlite3_reset(st);
    if (status != ZL_OK)
        return status;
    return rc == SQLITE_DONE ? ZL_OK : zl_store_dberr(s, err, what);
}

int zl_bind_text(sqlite3_stmt *st, int i, const char *v)
{
    return v ? sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

sqlite3_stmt *zl_store_stmt(zl_store *s, const char *sql, zl_err *err)
{
    size_t h = (size_t)(zl_hash_str(sql) % ZL_STMT_CACHE);
    for (size_t k = 0; k < ZL_STMT_CACHE; k++) {
        zl_stmt_slot *slot = &s->cache[(h + k) % ZL_STMT_CACHE];
        if (slot->sql && strcmp(slot->sql, sql) == 0) {
            sqlite3_reset(slot->stmt);
            sqlite3_clear_bindings(slot->stmt);
            return slot->stmt;
        }
        if (!slot->sql) {
            if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &slot->stmt, NULL) !=
                SQLITE_OK) {
                zl_store_dberr(s, err, "preparing a statement");
                return NULL;
            }
            slot->sql = sql;
            return slot->stmt;
        }
    }
    /* The cache is full: this is a programming error (raise ZL_STMT_CACHE). */
    zl_fail(err, ZL_EINTERNAL, "statement cache full");
    return NULL;
}

zl_status zl_store_step_upsert(zl_store *s, sqlite3_stmt *st, const char *what, bool *changed,
                               zl_err *err)
{
    zl_status rc = zl_store_step_done(s, st, what, err);
    if (rc == ZL_OK && changed)
        *changed = sqlite3_changes(s->db) > 0;
    return rc;
}

zl_status zl_store_step_done(zl_store *s, sqlite3_stmt *st, const char *what, zl_err *err)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
        sqlite3_reset(st);
        return ZL_OK;
    }
    zl_status code = (rc & 0xff) == SQLITE_CONSTRAINT ? ZL_EINPUT : db_code(s);
    zl_fail(err, code, "%s: %s", what, sqlite3_errmsg(s->db));
    sqlite3_reset(st);
    return code;
}

static int user_version(zl_store *s)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    return v;
}

/* The migration with the lowest version above `above`, or NULL. Migrations are applied
 * in version order whatever their order in the list: engineers working in parallel are
 * given version numbers in advance and append their migrations as they land. */
static const zl_migration *next_migration(int above)
{
    int n;
    const zl_migration *m = zl_store_migrations(&n), *best = NULL;
    for (int i = 0; i < n; i++)
        if (m[i].version > above && (!best || m[i].version < best->version))
            best = &m[i];
    return best;
}

int zl_store_schema_latest(void)
{
    int latest = 0;
    for (const zl_migration *m = next_migration(0); m; m = next_migration(m->version))
        latest = m->version;
    return latest;
}

int zl_store_schema_version(zl_store *s)
{
    return user_version(s);
}

static zl_status migrate(zl_store *s, zl_err *err)
{
    int have = user_version(s);
    if (have > zl_store_schema_latest())
        return zl_fail(err, ZL_EDB,
                       "%s: schema version %d is newer than this build understands (%d)", s->path,
                       have, zl_store_schema_latest());
    for (const zl_migration *m = next_migration(have); m; m = next_migration(m->version)) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d;", m->version);
        if (zl_store_exec(s, "BEGIN IMMEDIATE;", err) != ZL_OK)
            return ZL_EDB;
        if (zl_store_exec(s, m->sql, err) != ZL_OK || zl_store_exec(s, pragma, err) != ZL_OK ||
            zl_store_exec(s, "COMMIT;", err) != ZL_OK) {
            zl_store_exec(s, "ROLLBACK;", NULL);
            return zl_err_prefix(err, "%s: migration %d (%s): ", s->path, m->version, m->name);
        }
    }
    return ZL_OK;
}

zl_status zl_store_open(const char *path, int flags, zl_store **out, zl_err *err)
{
    if ((flags & (ZL_STORE_READONLY | ZL_STORE_MUST_EXIST)) && access(path, F_OK) != 0)
        return zl_fail(err, ZL_ENOTFOUND, "no database at %s", path);
    zl_store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) {
        free(s);
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    int oflags = (flags & ZL_STORE_READONLY) ? SQLITE_OPEN_READONLY
                                             : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path, &s->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        zl_fail(err, ZL_EDB, "%s: cannot open database: %s", path,
                s->db ? sqlite3_errmsg(s->db) : "out of memory");
        zl_store_close(s);
        return ZL_EDB;
    }
    sqlite3_busy_timeout(s->db, 5000);
    zl_status st = zl_store_exec(s,
                                 "PRAGMA foreign_keys = ON;"
                                 "PRAGMA synchronous = NORMAL;"
                                 "PRAGMA temp_store = MEMORY;"
                                 /* Reads map the file instead of copying page by page:
                                  * the compact travel matrix loads in a few ms. */
                                 "PRAGMA mmap_size = 1073741824;",
                                 err);
    if (st == ZL_OK && !(flags & ZL_STORE_READONLY))
        st = zl_store_exec(s, "PRAGMA journal_mode = WAL;", err);
    if (st == ZL_OK && !(flags & ZL_STORE_READONLY))
        st = migrate(s, err);
    if (st == ZL_OK && (flags & ZL_STORE_READONLY) && user_version(s) != zl_store_schema_latest())
        st = zl_fail(err, ZL_EDB, "%s: schema version %d, expected %d (open it read-write once)",
                     path, user_version(s), zl_store_schema_latest());
    if (st != ZL_OK) {
        zl_store_close(s);
        return st;
    }
    *out = s;
    return ZL_OK;
}

void zl_store_set_progress(zl_store *s, const zl_progress *p)
{
    s->progress = p;
}

const zl_progress *zl_store_progress(const zl_store *s)
{
    return s->progress;
}

void zl_store_close(zl_store *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < ZL_STMT_CACHE; i++)
        sqlite3_finalize(s->cache[i].stmt);
    sqlite3_close(s->db);
    free(s->path);
    free(s);
}

zl_status zl_store_begin(zl_store *s, zl_err *err)
{
    if (s->in_tx)
        return zl_fail(err, ZL_EINTERNAL, "a transaction is already open");
    if (zl_store_exec(s, "BEGIN IMMEDIATE;", err) != ZL_OK)
        return ZL_EDB;
    s->in_tx = true;
    return ZL_OK;
}

zl_status zl_store_commit(zl_store *s, zl_err *err)
{
    if (!s->in_tx)
        return zl_fail(err, ZL_EINTERNAL, "commit without a transaction");
    s->in_tx = false;
    if (zl_store_exec(s, "COMMIT;", err) != ZL_OK) {
        zl_store_exec(s, "ROLLBACK;", NULL);
        return ZL_EDB;
    }
    return ZL_OK;
}

void zl_store_rollback(zl_store *s)
{
    if (s->in_tx)
        zl_store_exec(s, "ROLLBACK;", NULL);
    s->in_tx = false;
}

int64_t zl_store_total_changes(zl_store *s)
{
    return sqlite3_total_changes64(s->db);
}

zl_status zl_store_log_import(zl_store *s, const char *kind, const char *source, int64_t rows,
                              bool synthetic, zl_err *err)
{
    sqlite3_stmt *st =
        zl_store_stmt(s,
                      "INSERT OR IGNORE INTO import_log(kind, source, rows, synthetic, imported_at)"
                      " VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
                      err);
    if (!st)
        return err ? err->code : ZL_EDB;
    zl_bind_text(st, 1, kind);
    zl_bind_text(st, 2, source);
    sqlite3_bind_int64(st, 3, rows);
    sqlite3_bind_int(st, 4, synthetic);
    return zl_store_step_done(s, st, "logging the import", err);
}
