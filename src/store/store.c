/* Opening the database (an SQLite file, or PostgreSQL for a postgresql:// URI), migrating
 * its schema, transactions and the cache of prepared statements. */
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "zorglandschap/util.h"

/* SQLITE_BUSY and SQLITE_LOCKED (another connection holds the lock past the busy
 * timeout) are ZL_EBUSY, as are PostgreSQL's serialisation failures and deadlocks: a server
 * answers 503 and the client tries again. */
static zl_status db_code(zl_store *s)
{
    if (s->pg)
        return zl_pg_errcode(s->pg) == ZL_DB_BUSY ? ZL_EBUSY : ZL_EDB;
    int rc = sqlite3_errcode(s->db) & 0xff;
    return rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? ZL_EBUSY : ZL_EDB;
}

static const char *db_errmsg(zl_store *s)
{
    return s->pg ? zl_pg_errmsg(s->pg) : sqlite3_errmsg(s->db);
}

zl_status zl_store_dberr(zl_store *s, zl_err *err, const char *what)
{
    return zl_fail(err, db_code(s), "database error: %s: %s", what, db_errmsg(s));
}

zl_status zl_store_exec(zl_store *s, const char *sql, zl_err *err)
{
    if (s->pg)
        return zl_pg_exec(s->pg, sql, err);
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        zl_status code = db_code(s);
        zl_fail(err, code, "database error: %s", msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        return code;
    }
    return ZL_OK;
}

zl_status zl_db_rows_end(zl_store *s, zl_dbst *st, int rc, zl_status status, const char *what,
                         zl_err *err)
{
    zl_db_reset(st);
    if (status != ZL_OK)
        return status;
    return rc == ZL_DB_DONE ? ZL_OK : zl_store_dberr(s, err, what);
}

zl_status zl_store_rows_end(zl_store *s, sqlite3_stmt *st, int rc, zl_status status,
                            const char *what, zl_err *err)
{
    zl_dbst d = {st, NULL};
    return zl_db_rows_end(s, &d, rc, status, what, err);
}

int zl_bind_text(sqlite3_stmt *st, int i, const char *v)
{
    return v ? sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

static zl_status prepare(zl_store *s, zl_stmt_slot *slot, const char *sql, const char *pg_sql,
                         zl_err *err)
{
    if (s->pg) {
        if (!(slot->st.pg = zl_pg_prepare(s->pg, pg_sql, err)))
            return err ? err->code : ZL_EDB;
    } else if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &slot->st.lite,
                                  NULL) != SQLITE_OK) {
        return zl_store_dberr(s, err, "preparing a statement");
    }
    slot->sql = sql;
    return ZL_OK;
}

zl_dbst *zl_db_stmt2(zl_store *s, const char *sql, const char *pg_sql, zl_err *err)
{
    size_t h = (size_t)(zl_hash_str(sql) % ZL_STMT_CACHE);
    for (size_t k = 0; k < ZL_STMT_CACHE; k++) {
        zl_stmt_slot *slot = &s->cache[(h + k) % ZL_STMT_CACHE];
        if (slot->sql && strcmp(slot->sql, sql) == 0) {
            if (slot->st.lite) {
                sqlite3_reset(slot->st.lite);
                sqlite3_clear_bindings(slot->st.lite);
            } else {
                zl_pg_reset(slot->st.pg);
                zl_pg_clear_bindings(slot->st.pg);
            }
            return &slot->st;
        }
        if (!slot->sql)
            return prepare(s, slot, sql, pg_sql, err) == ZL_OK ? &slot->st : NULL;
    }
    /* The cache is full: this is a programming error (raise ZL_STMT_CACHE). */
    zl_fail(err, ZL_EINTERNAL, "statement cache full");
    return NULL;
}

zl_dbst *zl_db_stmt(zl_store *s, const char *sql, zl_err *err)
{
    return zl_db_stmt2(s, sql, sql, err);
}

zl_dbst *zl_db_stmt_memo(zl_store *s, const char *sql, zl_err *err)
{
    zl_dbst *st = zl_db_stmt2(s, sql, sql, err);
    if (st && st->pg)
        zl_pg_memoize(st->pg);
    return st;
}

sqlite3_stmt *zl_store_stmt(zl_store *s, const char *sql, zl_err *err)
{
    if (s->pg) {
        zl_fail(err, ZL_EINPUT,
                "this operation is not available on PostgreSQL yet (SQLite only): %.60s...", sql);
        return NULL;
    }
    zl_dbst *st = zl_db_stmt(s, sql, err);
    return st ? st->lite : NULL;
}

int64_t zl_db_changes(zl_store *s)
{
    return s->pg ? zl_pg_changes(s->pg) : sqlite3_changes(s->db);
}

zl_status zl_db_step_upsert(zl_store *s, zl_dbst *st, const char *what, bool *changed, zl_err *err)
{
    zl_status rc = zl_db_step_done(s, st, what, err);
    if (rc == ZL_OK && changed)
        *changed = zl_db_changes(s) > 0;
    return rc;
}

zl_status zl_store_step_upsert(zl_store *s, sqlite3_stmt *st, const char *what, bool *changed,
                               zl_err *err)
{
    zl_dbst d = {st, NULL};
    return zl_db_step_upsert(s, &d, what, changed, err);
}

zl_status zl_db_step_done(zl_store *s, zl_dbst *st, const char *what, zl_err *err)
{
    int rc = zl_db_step(st);
    if (rc == ZL_DB_DONE || rc == ZL_DB_ROW) {
        zl_db_reset(st);
        return ZL_OK;
    }
    int cls = st->lite ? rc & 0xff : rc;
    zl_status code = cls == ZL_DB_CONSTRAINT ? ZL_EINPUT : db_code(s);
    zl_fail(err, code, "%s: %s", what, db_errmsg(s));
    zl_db_reset(st);
    return code;
}

zl_status zl_store_step_done(zl_store *s, sqlite3_stmt *st, const char *what, zl_err *err)
{
    zl_dbst d = {st, NULL};
    return zl_db_step_done(s, &d, what, err);
}

/* PostgreSQL keeps the version in a one-row table; 0 when there is none yet (a new
 * database), -1 when it cannot be read. One round trip. */
static int pg_version(zl_store *s)
{
    int64_t v = -1;
    if (zl_pg_query_int64(s->pg, "SELECT version FROM schema_version", &v) != ZL_OK)
        return strcmp(zl_pg_sqlstate(s->pg), "42P01") == 0 ? 0 : -1; /* undefined_table */
    return (int)v;
}

static int user_version(zl_store *s)
{
    if (s->pg)
        return pg_version(s);
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    return v;
}

/* The migration with the lowest version above `above` in list m[0..n), or NULL.
 * Migrations are applied in version order whatever their order in the list: engineers
 * working in parallel are given version numbers in advance and append their migrations as
 * they land. */
static const zl_migration *next_in(const zl_migration *m, int n, int above)
{
    const zl_migration *best = NULL;
    for (int i = 0; i < n; i++)
        if (m[i].version > above && (!best || m[i].version < best->version))
            best = &m[i];
    return best;
}

static const zl_migration *next_migration(bool pg, int above)
{
    int n;
    const zl_migration *m = pg ? zl_store_migrations_pg(&n) : zl_store_migrations(&n);
    return next_in(m, n, above);
}

int zl_store_schema_latest(void)
{
    int latest = 0;
    for (const zl_migration *m = next_migration(false, 0); m; m = next_migration(false, m->version))
        latest = m->version;
    return latest;
}

int zl_store_schema_version(zl_store *s)
{
    return user_version(s);
}

static zl_status newer_schema(zl_store *s, int have, zl_err *err)
{
    return zl_fail(err, ZL_EDB, "%s: schema version %d is newer than this build understands (%d)",
                   s->path, have, zl_store_schema_latest());
}

/* One PostgreSQL migration in its own transaction, under an advisory lock so that
 * processes opening a new database at the same time migrate it once: the version is read
 * again after the lock, which is waited for however long a migration takes (no
 * lock_timeout). *done is set when nothing was left to do. */
static zl_status pg_migrate_one(zl_store *s, bool *done, zl_err *err)
{
    if (zl_pg_exec(s->pg,
                   "BEGIN; SET LOCAL lock_timeout = 0; SELECT pg_advisory_xact_lock(7955292);"
                   "CREATE TABLE IF NOT EXISTS schema_version ("
                   "  one boolean PRIMARY KEY DEFAULT true CHECK (one),"
                   "  version integer NOT NULL CHECK (version >= 0));"
                   "INSERT INTO schema_version (version) VALUES (0) ON CONFLICT DO NOTHING;",
                   err) != ZL_OK) {
        zl_pg_exec(s->pg, "ROLLBACK", NULL);
        return ZL_EDB;
    }
    int have = pg_version(s);
    const zl_migration *m = have < 0 ? NULL : next_migration(true, have);
    zl_status st = ZL_OK;
    if (have < 0)
        st = zl_store_dberr(s, err, "reading the schema version");
    else if (have > zl_store_schema_latest())
        st = newer_schema(s, have, err);
    else if (m) {
        char set[96];
        snprintf(set, sizeof set, "UPDATE schema_version SET version = %d;", m->version);
        if ((st = zl_pg_exec(s->pg, m->sql, err)) == ZL_OK)
            st = zl_pg_exec(s->pg, set, err);
        /* Tables of later migrations join the data change log (migration 17). */
        if (st == ZL_OK)
            st = zl_pg_exec(s->pg,
                            "DO $$ BEGIN IF to_regprocedure('zl_track_changes()') IS NOT NULL"
                            " THEN PERFORM zl_track_changes(); END IF; END $$",
                            err);
        if (st != ZL_OK)
            zl_err_prefix(err, "%s: migration %d (%s): ", s->path, m->version, m->name);
    }
    if (st != ZL_OK) {
        zl_pg_exec(s->pg, "ROLLBACK", NULL);
        return st;
    }
    *done = m == NULL;
    return zl_pg_exec(s->pg, "COMMIT", err);
}

static zl_status migrate(zl_store *s, zl_err *err)
{
    /* An up-to-date database (every open but the first after an upgrade) is seen in one
     * round trip, without the migration's transaction and lock. */
    if (s->pg && pg_version(s) == zl_store_schema_latest())
        return ZL_OK;
    if (s->pg) {
        bool done = false;
        zl_status st = ZL_OK;
        while (st == ZL_OK && !done)
            st = pg_migrate_one(s, &done, err);
        return st;
    }
    int have = user_version(s);
    if (have > zl_store_schema_latest())
        return newer_schema(s, have, err);
    for (const zl_migration *m = next_migration(false, have); m;
         m = next_migration(false, m->version)) {
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

bool zl_store_path_is_pg(const char *path)
{
    return strncmp(path, "postgresql://", 13) == 0 || strncmp(path, "postgres://", 11) == 0;
}

static zl_status open_sqlite(zl_store *s, int flags, zl_err *err)
{
    const char *path = s->path;
    if ((flags & (ZL_STORE_READONLY | ZL_STORE_MUST_EXIST)) && access(path, F_OK) != 0)
        return zl_fail(err, ZL_ENOTFOUND, "no database at %s", path);
    int oflags = (flags & ZL_STORE_READONLY) ? SQLITE_OPEN_READONLY
                                             : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path, &s->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
        return zl_fail(err, ZL_EDB, "%s: cannot open database: %s", path,
                       s->db ? sqlite3_errmsg(s->db) : "out of memory");
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
    return st;
}

void zl_store_display_name(const char *path, char *buf, size_t n)
{
    const char *scheme = zl_store_path_is_pg(path) ? strstr(path, "://") : NULL;
    const char *at = scheme ? strchr(scheme + 3, '@') : NULL;
    const char *colon = at ? memchr(scheme + 3, ':', (size_t)(at - scheme - 3)) : NULL;
    if (colon)
        snprintf(buf, n, "%.*s***%s", (int)(colon + 1 - path), path, at);
    else
        snprintf(buf, n, "%s", path);
}

/* The URI with any password replaced by "***", for messages (NULL: out of memory). */
static char *redact(const char *uri)
{
    size_t n = strlen(uri) + 4;
    char *out = malloc(n);
    if (out)
        zl_store_display_name(uri, out, n);
    return out;
}

zl_status zl_store_open(const char *path, int flags, zl_store **out, zl_err *err)
{
    bool pg = zl_store_path_is_pg(path);
    zl_store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = pg ? redact(path) : strdup(path))) {
        free(s);
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    zl_status st = pg ? zl_pg_connect(path, &s->pg, err) : open_sqlite(s, flags, err);
    if (st != ZL_OK && pg)
        zl_err_prefix(err, "%s: ", s->path);
    if (st == ZL_OK && pg && (flags & ZL_STORE_READONLY))
        st = zl_store_exec(s, "SET default_transaction_read_only = on;", err);
    if (st == ZL_OK && !(flags & ZL_STORE_READONLY))
        st = migrate(s, err);
    int have = st == ZL_OK && (flags & ZL_STORE_READONLY) ? user_version(s) : 0;
    if (st == ZL_OK && (flags & ZL_STORE_READONLY) && have > zl_store_schema_latest())
        st = newer_schema(s, have, err);
    else if (st == ZL_OK && (flags & ZL_STORE_READONLY) && have != zl_store_schema_latest())
        st = zl_fail(err, ZL_EDB, "%s: schema version %d, expected %d (open it read-write once)",
                     s->path, have, zl_store_schema_latest());
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
    for (size_t i = 0; i < ZL_STMT_CACHE; i++) {
        sqlite3_finalize(s->cache[i].st.lite);
        zl_pg_finalize(s->cache[i].st.pg);
    }
    zl_store_matrix_cache_clear(s);
    sqlite3_close(s->db);
    zl_pg_disconnect(s->pg);
    free(s->path);
    free(s);
}

zl_status zl_store_begin(zl_store *s, zl_err *err)
{
    if (s->in_tx)
        return zl_fail(err, ZL_EINTERNAL, "a transaction is already open");
    if (zl_store_exec(s, s->pg ? "BEGIN" : "BEGIN IMMEDIATE;", err) != ZL_OK)
        return err ? err->code : ZL_EDB;
    s->in_tx = true;
    if (s->pg)
        zl_pg_set_in_tx(s->pg, true);
    return ZL_OK;
}

static void end_tx(zl_store *s)
{
    s->in_tx = false;
    if (s->pg)
        zl_pg_set_in_tx(s->pg, false);
}

zl_status zl_store_commit(zl_store *s, zl_err *err)
{
    if (!s->in_tx)
        return zl_fail(err, ZL_EINTERNAL, "commit without a transaction");
    end_tx(s);
    if (zl_store_exec(s, "COMMIT;", err) != ZL_OK) {
        zl_status code = err ? err->code : ZL_EDB;
        zl_store_exec(s, "ROLLBACK;", NULL);
        return code;
    }
    return ZL_OK;
}

void zl_store_rollback(zl_store *s)
{
    if (s->in_tx)
        zl_store_exec(s, "ROLLBACK;", NULL);
    end_tx(s);
}

int64_t zl_store_total_changes(zl_store *s)
{
    return s->pg ? zl_pg_total_changes(s->pg) : sqlite3_total_changes64(s->db);
}

zl_status zl_store_log_import(zl_store *s, const char *kind, const char *source, int64_t rows,
                              bool synthetic, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "INSERT INTO import_log(kind, source, rows, synthetic, imported_at)"
                           " VALUES (?1, ?2, ?3, ?4, " ZL_SQL_NOW ") ON CONFLICT DO NOTHING");
    zl_db_bind_textz(st, 1, kind);
    zl_db_bind_textz(st, 2, source);
    zl_db_bind_int64(st, 3, rows);
    zl_db_bind_int(st, 4, synthetic);
    return zl_db_step_done(s, st, "logging the import", err);
}
