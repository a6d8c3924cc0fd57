/* Internals shared by the files of the store module only: the connection (SQLite or
 * PostgreSQL, see store_db.h), the prepared-statement cache and helpers that turn database
 * errors into zl_err messages. */
#ifndef ZL_STORE_INTERNAL_H
#define ZL_STORE_INTERNAL_H

#include <sqlite3.h>

#include "store_db.h"
#include "zorglandschap/store.h"

typedef struct zl_stmt_slot {
    const char *sql; /* string literal owned by the caller's code (the SQLite text) */
    zl_dbst st;
} zl_stmt_slot;

#define ZL_STMT_CACHE 128

struct zl_store {
    sqlite3 *db;   /* SQLite: the connection; NULL on PostgreSQL */
    zl_pgconn *pg; /* PostgreSQL: the connection; NULL on SQLite */
    char *path;
    bool in_tx;
    bool for_location;           /* acting for a location (registry_rls.c) */
    const zl_progress *progress; /* not owned; NULL: none */
    zl_stmt_slot cache[ZL_STMT_CACHE];
    /* PostgreSQL: the compact travel matrix as last read and its row version (travel_matrix.c) */
    struct zl_travel_matrix *pg_matrix;
    char pg_matrix_key[64];
};

/* The current UTC time as "YYYY-MM-DDTHH:MM:SSZ" in SQL: SQLite's strftime, which the
 * PostgreSQL schema also defines (migration 1 of schema_pg.c), so one text serves both. */
#define ZL_SQL_NOW "strftime('%Y-%m-%dT%H:%M:%SZ','now')"

/* The PostgreSQL role a location's registry requests run as (migration 15 of
 * schema_pg.c creates it when missing; roles are cluster-wide, docs/deploy.md). */
#define ZL_PG_LOCATION_ROLE "zl_location"

/* A macro's value as a string literal (numbers in SQL text). */
#define ZL_STR_(x) #x
#define ZL_STR(x)  ZL_STR_(x)

/* True when the store is on PostgreSQL. */
static inline bool zl_store_is_pg(const zl_store *s)
{
    return s->pg != NULL;
}

/* Returns a reset, cleared prepared statement (either backend) for a string literal,
 * preparing it once. zl_db_stmt2 takes a PostgreSQL text for the few statements whose SQL
 * differs (the cache is keyed by the SQLite text). */
zl_dbst *zl_db_stmt(zl_store *s, const char *sql, zl_err *err);
zl_dbst *zl_db_stmt2(zl_store *s, const char *sqlite_sql, const char *pg_sql, zl_err *err);
/* zl_db_stmt for a read of data that change only with the data version (names, the
 * population, the disclosure key; not tables under row-level security): on PostgreSQL a
 * server worker's connection then answers it from its memo while the version it polls
 * stays the same (zl_pg_memoize). On SQLite exactly zl_db_stmt. */
zl_dbst *zl_db_stmt_memo(zl_store *s, const char *sql, zl_err *err);

/* Declares var as the cached statement for sql, or returns the error from the enclosing
 * function (which has a zl_store *s and a zl_err *err). */
#define ZL_DB_STMT_OR_FAIL(var, sql)                                                               \
    zl_dbst *var = zl_db_stmt(s, sql, err);                                                        \
    if (!var)                                                                                      \
    return err ? err->code : ZL_EDB

/* zl_store_step_done, zl_store_step_upsert and zl_store_rows_end for either backend. */
zl_status zl_db_step_done(zl_store *s, zl_dbst *st, const char *what, zl_err *err);
zl_status zl_db_step_upsert(zl_store *s, zl_dbst *st, const char *what, bool *changed, zl_err *err);
zl_status zl_db_rows_end(zl_store *s, zl_dbst *st, int rc, zl_status status, const char *what,
                         zl_err *err);
/* Rows changed by the last statement. */
int64_t zl_db_changes(zl_store *s);

/* SQLite only: the statement layer's predecessor, used by the store files not yet
 * converted to it. On PostgreSQL it fails with "... is not available on PostgreSQL yet"
 * (ZL_EINPUT), so an unconverted path says so instead of crashing. */
sqlite3_stmt *zl_store_stmt(zl_store *s, const char *sql, zl_err *err);

/* Drops the copy of the travel matrix a PostgreSQL connection keeps (travel_matrix.c). */
void zl_store_matrix_cache_clear(zl_store *s);

/* Fills err from the connection's last error ("database error: <what>: <sqlite msg>"). */
zl_status zl_store_dberr(zl_store *s, zl_err *err, const char *what);

/* Runs SQL without results (several statements allowed), on either backend. */
zl_status zl_store_exec(zl_store *s, const char *sql, zl_err *err);

/* Steps a statement that returns no rows; maps SQLITE_CONSTRAINT to ZL_EINPUT. */
zl_status zl_store_step_done(zl_store *s, sqlite3_stmt *st, const char *what, zl_err *err);

/* zl_store_step_done for an upsert, also reporting in *changed (may be NULL) whether it
 * wrote a row: the upserts only rewrite a row when a value differs, so the importers can
 * report what really changed. */
zl_status zl_store_step_upsert(zl_store *s, sqlite3_stmt *st, const char *what, bool *changed,
                               zl_err *err);

/* Declares var as the cached statement for sql, or returns the error from the enclosing
 * function (which has a zl_store *s and a zl_err *err). */
#define ZL_STMT_OR_FAIL(var, sql)                                                                  \
    sqlite3_stmt *var = zl_store_stmt(s, sql, err);                                                \
    if (!var)                                                                                      \
    return err ? err->code : ZL_EDB

/* Ends a loop that stepped `st` row by row into a callback: resets the statement and
 * returns the callback's failure (status), else ZL_OK when the last step was SQLITE_DONE,
 * else the database error ("database error: <what>: ..."). */
zl_status zl_store_rows_end(zl_store *s, sqlite3_stmt *st, int rc, zl_status status,
                            const char *what, zl_err *err);

/* Steps st to the end, copying every row into out (a zl_rows of store_rare.h, caller
 * frees). Resets st. */
struct zl_rows;
zl_status zl_store_rows_collect(zl_store *s, zl_dbst *st, struct zl_rows *out, zl_err *err);

/* Binds text, or NULL for a NULL pointer. */
int zl_bind_text(sqlite3_stmt *st, int i, const char *v);

/* Migrations, in src/store/schema.c. */
typedef struct zl_migration {
    int version;
    const char *name;
    const char *sql;
} zl_migration;

const zl_migration *zl_store_migrations(int *count);
/* The same migrations for PostgreSQL (src/store/schema_pg.c), with the same versions. */
const zl_migration *zl_store_migrations_pg(int *count);

#endif
