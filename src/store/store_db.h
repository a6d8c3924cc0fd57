/* The statement layer of the store: one small API over the two database backends, SQLite
 * (a file path) and PostgreSQL (a postgresql:// URI, through libpq). Store code prepares
 * SQL with SQLite's `?`/`?N` placeholders (rewritten to `$N` for PostgreSQL), binds,
 * steps and reads columns the way sqlite3_* does, so a store file reads the same on both.
 *
 * The SQLite side is inline and calls sqlite3_* directly after one predictable branch:
 * the SQLite path costs what it cost before the layer (measured, docs/performance.md).
 * The PostgreSQL side (db_pg.c) runs a statement as a named prepared statement (prepared
 * with its first run, in the same round trip) with text
 * parameters (bytea as binary) and text results, or binary results for a statement that
 * asks (zl_db_binary_results); one step() fetches the whole result and later steps walk
 * its rows. */
#ifndef ZL_STORE_DB_H
#define ZL_STORE_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "zorglandschap/err.h"

typedef struct zl_pgst zl_pgst;     /* a PostgreSQL statement (db_pg.c) */
typedef struct zl_pgconn zl_pgconn; /* a PostgreSQL connection (db_pg.c) */

/* A prepared statement of either backend: exactly one of the two is set. */
typedef struct zl_dbst {
    sqlite3_stmt *lite;
    zl_pgst *pg;
} zl_dbst;

/* Step results and column types: SQLite's numbers, so both backends share them. */
enum {
    ZL_DB_ROW = SQLITE_ROW,
    ZL_DB_DONE = SQLITE_DONE,
    ZL_DB_ERROR = SQLITE_ERROR,
    ZL_DB_BUSY = SQLITE_BUSY,             /* serialisation failure, deadlock, lock timeout */
    ZL_DB_CONSTRAINT = SQLITE_CONSTRAINT, /* unique, check, foreign key, not null */
    ZL_DB_INTEGER = SQLITE_INTEGER,
    ZL_DB_FLOAT = SQLITE_FLOAT,
    ZL_DB_TEXT = SQLITE_TEXT,
    ZL_DB_BLOB = SQLITE_BLOB,
    ZL_DB_NULL = SQLITE_NULL,
};

#define ZL_DB_LIKELY(x) __builtin_expect(!!(x), 1)

/* --- PostgreSQL (db_pg.c) --- */

/* Connects to uri (libpq connection URI) and sets the session up (UTC, ISO dates). On
 * failure err says why (unreachable server, authentication) and the code is ZL_EDB. */
zl_status zl_pg_connect(const char *uri, zl_pgconn **out, zl_err *err);
void zl_pg_disconnect(zl_pgconn *c);
/* A statement for sql (SQLite placeholders), prepared on the server with its first run
 * (preparation and execution in one round trip): an error in the SQL, or a lock the
 * preparation waits for, shows at that first step. NULL with err when out of memory. */
zl_pgst *zl_pg_prepare(zl_pgconn *c, const char *sql, zl_err *err);
void zl_pg_finalize(zl_pgst *st);
/* Runs SQL without parameters or results (several statements allowed). On a
 * serialisation failure outside a transaction it is retried (up to 5 times). */
zl_status zl_pg_exec(zl_pgconn *c, const char *sql, zl_err *err);
/* Runs sql, a query of one row and one integer column without parameters, in one round
 * trip (no prepared statement): *out is its value. ZL_EDB when it fails or gives another
 * shape (zl_pg_sqlstate says why). */
zl_status zl_pg_query_int64(zl_pgconn *c, const char *sql, int64_t *out);
/* The last error's message, its class as a ZL_DB_* code, and the rows the last statement
 * changed (PQcmdTuples) and all statements changed since connecting. */
const char *zl_pg_errmsg(const zl_pgconn *c);
int zl_pg_errcode(const zl_pgconn *c);
/* The SQLSTATE of the last error ("23505": unique violation), "" when none was given. */
const char *zl_pg_sqlstate(const zl_pgconn *c);
int64_t zl_pg_changes(const zl_pgconn *c);
int64_t zl_pg_total_changes(const zl_pgconn *c);
/* Takes the last statement's rows out of the total (rows of a temporary table are no
 * change of the database). */
void zl_pg_uncount_changes(zl_pgconn *c);
/* Whether a transaction block is open (statements are then never retried). */
void zl_pg_set_in_tx(zl_pgconn *c, bool in_tx);
/* Marks st as reading only data that change with the data version: once the connection
 * has a data version (zl_pg_memo_version), its results are remembered per parameter list
 * (db_pg_memo.c) until the version moves, the connection writes or runs zl_pg_exec;
 * never inside a transaction. */
void zl_pg_memoize(zl_pgst *st);
/* The data version the connection's data are at (zl_store_data_version). */
void zl_pg_memo_version(zl_pgconn *c, int64_t version);
/* COPY FROM STDIN: starts `copy_sql`, sends rows (text format, already escaped), ends. */
zl_status zl_pg_copy_begin(zl_pgconn *c, const char *copy_sql, zl_err *err);
zl_status zl_pg_copy_put(zl_pgconn *c, const char *data, size_t n, zl_err *err);
zl_status zl_pg_copy_end(zl_pgconn *c, zl_err *err);
/* Abandons a COPY begun with zl_pg_copy_begin (the transaction then fails: roll back). */
zl_status zl_pg_copy_abort(zl_pgconn *c);

/* Fetches st's results in binary format from now on (see zl_db_binary_results). */
void zl_pg_binary_results(zl_pgst *st);
/* Rows one at a time (libpq's single-row mode), for results of megabytes: the statement is
 * sent unprepared with its first step, and until its last row is read (or it is reset) the
 * connection runs no other statement. Not retried, never memoized. */
void zl_pg_stream_rows(zl_pgst *st);
void zl_pg_bind_int64(zl_pgst *st, int i, int64_t v);
void zl_pg_bind_double(zl_pgst *st, int i, double v);
void zl_pg_bind_text(zl_pgst *st, int i, const char *v, int n);
void zl_pg_bind_blob(zl_pgst *st, int i, const void *v, int n);
void zl_pg_bind_null(zl_pgst *st, int i);
int zl_pg_step(zl_pgst *st);
void zl_pg_reset(zl_pgst *st);
void zl_pg_clear_bindings(zl_pgst *st);
int64_t zl_pg_col_int64(zl_pgst *st, int i);
double zl_pg_col_double(zl_pgst *st, int i);
const unsigned char *zl_pg_col_text(zl_pgst *st, int i);
const void *zl_pg_col_blob(zl_pgst *st, int i);
int zl_pg_col_bytes(zl_pgst *st, int i);
int zl_pg_col_type(zl_pgst *st, int i);
int zl_pg_col_count(zl_pgst *st);

/* --- both backends --- */

/* PostgreSQL: fetch this statement's results in binary format: bytea arrives as its bytes
 * (in text it is hex, twice the size, decoded by the client) and numbers without printing
 * and parsing. For the big reads of the case load (the travel matrix). Every result column
 * must be an integer, boolean, real, double precision, text or bytea (cast others): a
 * step that meets another type fails. The values read are the same as with text results,
 * except that zl_db_col_text of a double gives 17 digits. No effect on SQLite. */
static inline void zl_db_binary_results(zl_dbst *st)
{
    if (st->pg)
        zl_pg_binary_results(st->pg);
}

/* PostgreSQL: this statement's rows arrive one at a time instead of as one result held
 * whole (zl_pg_stream_rows), for a read of megabytes cut into rows (the travel matrix in
 * slices): the client then never holds a copy of it all, and the server never builds one.
 * Read it to the end or reset it before the store runs another statement. No effect on
 * SQLite, whose steps always read one row at a time. */
static inline void zl_db_stream_rows(zl_dbst *st)
{
    if (st->pg)
        zl_pg_stream_rows(st->pg);
}

static inline void zl_db_bind_int64(zl_dbst *st, int i, int64_t v)
{
    if (ZL_DB_LIKELY(st->lite))
        sqlite3_bind_int64(st->lite, i, v);
    else
        zl_pg_bind_int64(st->pg, i, v);
}

static inline void zl_db_bind_int(zl_dbst *st, int i, int v)
{
    if (ZL_DB_LIKELY(st->lite))
        sqlite3_bind_int(st->lite, i, v);
    else
        zl_pg_bind_int64(st->pg, i, v);
}

static inline void zl_db_bind_double(zl_dbst *st, int i, double v)
{
    if (ZL_DB_LIKELY(st->lite))
        sqlite3_bind_double(st->lite, i, v);
    else
        zl_pg_bind_double(st->pg, i, v);
}

/* Text of n bytes (-1: up to the NUL). v must stay valid until the statement is stepped
 * (SQLite binds it without a copy; PostgreSQL copies). */
static inline void zl_db_bind_text(zl_dbst *st, int i, const char *v, int n)
{
    if (ZL_DB_LIKELY(st->lite))
        sqlite3_bind_text(st->lite, i, v, n, SQLITE_STATIC);
    else
        zl_pg_bind_text(st->pg, i, v, n);
}

/* Text, or NULL for a NULL pointer; copied (v may be freed before the step). */
static inline void zl_db_bind_textz(zl_dbst *st, int i, const char *v)
{
    if (ZL_DB_LIKELY(st->lite))
        v ? sqlite3_bind_text(st->lite, i, v, -1, SQLITE_TRANSIENT)
          : sqlite3_bind_null(st->lite, i);
    else if (v)
        zl_pg_bind_text(st->pg, i, v, -1);
    else
        zl_pg_bind_null(st->pg, i);
}

/* Bytes (bytea on PostgreSQL); same lifetime rule as zl_db_bind_text. */
static inline void zl_db_bind_blob(zl_dbst *st, int i, const void *v, int n)
{
    if (ZL_DB_LIKELY(st->lite))
        sqlite3_bind_blob(st->lite, i, v, n, SQLITE_STATIC);
    else
        zl_pg_bind_blob(st->pg, i, v, n);
}

static inline void zl_db_bind_null(zl_dbst *st, int i)
{
    if (ZL_DB_LIKELY(st->lite))
        sqlite3_bind_null(st->lite, i);
    else
        zl_pg_bind_null(st->pg, i);
}

/* ZL_DB_ROW, ZL_DB_DONE or an error code (ZL_DB_CONSTRAINT, ZL_DB_BUSY, other). */
static inline int zl_db_step(zl_dbst *st)
{
    return ZL_DB_LIKELY(st->lite) ? sqlite3_step(st->lite) : zl_pg_step(st->pg);
}

static inline void zl_db_reset(zl_dbst *st)
{
    if (ZL_DB_LIKELY(st->lite))
        sqlite3_reset(st->lite);
    else
        zl_pg_reset(st->pg);
}

static inline int64_t zl_db_col_int64(zl_dbst *st, int i)
{
    return ZL_DB_LIKELY(st->lite) ? sqlite3_column_int64(st->lite, i) : zl_pg_col_int64(st->pg, i);
}

/* Integers and booleans (PostgreSQL's true/false read as 1/0). */
static inline int zl_db_col_int(zl_dbst *st, int i)
{
    return ZL_DB_LIKELY(st->lite) ? sqlite3_column_int(st->lite, i)
                                  : (int)zl_pg_col_int64(st->pg, i);
}

static inline double zl_db_col_double(zl_dbst *st, int i)
{
    return ZL_DB_LIKELY(st->lite) ? sqlite3_column_double(st->lite, i)
                                  : zl_pg_col_double(st->pg, i);
}

/* Text of the current row, valid until the next step or reset; NULL for NULL. */
static inline const unsigned char *zl_db_col_text(zl_dbst *st, int i)
{
    return ZL_DB_LIKELY(st->lite) ? sqlite3_column_text(st->lite, i) : zl_pg_col_text(st->pg, i);
}

static inline const void *zl_db_col_blob(zl_dbst *st, int i)
{
    return ZL_DB_LIKELY(st->lite) ? sqlite3_column_blob(st->lite, i) : zl_pg_col_blob(st->pg, i);
}

/* Length in bytes of the text or blob just read with zl_db_col_text/zl_db_col_blob. */
static inline int zl_db_col_bytes(zl_dbst *st, int i)
{
    return ZL_DB_LIKELY(st->lite) ? sqlite3_column_bytes(st->lite, i) : zl_pg_col_bytes(st->pg, i);
}

static inline int zl_db_col_type(zl_dbst *st, int i)
{
    return ZL_DB_LIKELY(st->lite) ? sqlite3_column_type(st->lite, i) : zl_pg_col_type(st->pg, i);
}

/* Number of result columns (known after the first step on PostgreSQL). */
static inline int zl_db_col_count(zl_dbst *st)
{
    return ZL_DB_LIKELY(st->lite) ? sqlite3_column_count(st->lite) : zl_pg_col_count(st->pg);
}

#endif
