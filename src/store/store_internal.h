/* Internals shared by the files of the store module only: the connection, the
 * prepared-statement cache and helpers that turn SQLite errors into zl_err messages. */
#ifndef ZL_STORE_INTERNAL_H
#define ZL_STORE_INTERNAL_H

#include <sqlite3.h>

#include "zorglandschap/store.h"

typedef struct zl_stmt_slot {
    const char *sql; /* string literal owned by the caller's code */
    sqlite3_stmt *stmt;
} zl_stmt_slot;

#define ZL_STMT_CACHE 128

struct zl_store {
    sqlite3 *db;
    char *path;
    bool in_tx;
    const zl_progress *progress; /* not owned; NULL: none */
    zl_stmt_slot cache[ZL_STMT_CACHE];
};

/* Returns a reset, cleared prepared statement for a string literal, preparing it once. */
sqlite3_stmt *zl_store_stmt(zl_store *s, const char *sql, zl_err *err);

/* Fills err from the connection's last error ("database error: <what>: <sqlite msg>"). */
zl_status zl_store_dberr(zl_store *s, zl_err *err, const char *what);

/* Runs SQL without results (several statements allowed). */
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
zl_status zl_store_rows_collect(zl_store *s, sqlite3_stmt *st, struct zl_rows *out, zl_err *err);

/* Binds text, or NULL for a NULL pointer. */
int zl_bind_text(sqlite3_stmt *st, int i, const char *v);

/* Migrations, in src/store/schema.c. */
typedef struct zl_migration {
    int version;
    const char *name;
    const char *sql;
} zl_migration;

const zl_migration *zl_store_migrations(int *count);

#endif
