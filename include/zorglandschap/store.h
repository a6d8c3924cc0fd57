/* The store: one SQLite file holding the whole care landscape, rare-disease data and
 * registrations. All SQL of the project lives in src/store/; other modules call the typed
 * functions declared in store_*.h. A zl_store is used by one thread at a time (the HTTP
 * server opens one per worker). */
#ifndef ZORGLANDSCHAP_STORE_H
#define ZORGLANDSCHAP_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zorglandschap/err.h"
#include "zorglandschap/progress.h"

#define ZL_DEFAULT_DB "zorglandschap.db"

typedef struct zl_store zl_store;

enum {
    ZL_STORE_READONLY = 1,   /* open an existing database read-only (no migrations) */
    ZL_STORE_MUST_EXIST = 2, /* never create: a missing file is ZL_ENOTFOUND */
};

/* Opens (creating when needed, unless ZL_STORE_MUST_EXIST) and migrates the database to
 * the current schema. path is an SQLite file, or a PostgreSQL connection URI
 * (postgresql://user@host:port/dbname or postgres://...; the database must exist, the
 * schema is created in it). A missing file with ZL_STORE_MUST_EXIST or ZL_STORE_READONLY
 * fails with ZL_ENOTFOUND and the message "no database at PATH". A server that cannot be
 * reached or refuses the credentials fails with ZL_EDB ("URI: cannot connect to
 * PostgreSQL: ...", the password shown as ***); a database at a newer schema version than
 * this build fails with ZL_EDB ("... schema version N is newer than this build
 * understands (M)"). Serialisation failures and deadlocks of single statements on
 * PostgreSQL are retried; inside a transaction they fail with ZL_EBUSY. */
zl_status zl_store_open(const char *path, int flags, zl_store **out, zl_err *err);

/* True when path names a PostgreSQL database (postgresql:// or postgres://). */
bool zl_store_path_is_pg(const char *path);

/* Writes path into buf (n bytes, truncated) as it may be shown: a PostgreSQL URI's
 * password replaced by "***". */
void zl_store_display_name(const char *path, char *buf, size_t n);
void zl_store_close(zl_store *s);

/* The progress reporter long work on this store reports to (imports, matrix builds);
 * NULL (the default) reports nothing. The store does not own p; it must stay valid while
 * set. */
void zl_store_set_progress(zl_store *s, const zl_progress *p);
const zl_progress *zl_store_progress(const zl_store *s);

/* Schema version the database is at, and the version this build writes. */
int zl_store_schema_version(zl_store *s);
int zl_store_schema_latest(void);

/* Transactions. Imports run inside one: a failed import rolls back and leaves the
 * database exactly as it was. Nested begin calls are an error. */
zl_status zl_store_begin(zl_store *s, zl_err *err);
zl_status zl_store_commit(zl_store *s, zl_err *err);
void zl_store_rollback(zl_store *s);

/* Total number of changed rows since the store was opened (sqlite3_total_changes). */
int64_t zl_store_total_changes(zl_store *s);

/* Size limit and health. zl_store_set_max_pages caps the database at `pages` pages
 * (PRAGMA max_page_count, for this connection): a write beyond it fails like a full disk,
 * which is how the fault-injection tests fill the disk. zl_store_integrity_check writes
 * SQLite's PRAGMA integrity_check answer ("ok" when sound) into report. */
zl_status zl_store_page_count(zl_store *s, int64_t *pages, zl_err *err);
zl_status zl_store_set_max_pages(zl_store *s, int64_t pages, zl_err *err);
zl_status zl_store_integrity_check(zl_store *s, char *report, size_t n, zl_err *err);

/* Records that a dataset was imported (kind, source file, rows, synthetic flag), so every
 * number can be traced to its input. */
zl_status zl_store_log_import(zl_store *s, const char *kind, const char *source, int64_t rows,
                              bool synthetic, zl_err *err);

#endif
