/* Helpers for the cmocka unit tests: temporary databases and files. */
#ifndef ZL_TESTUTIL_H
#define ZL_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <cmocka.h>

#include "zorglandschap/store.h"

/* A fresh temporary path (removed with its -wal/-shm by tu_remove_db). Caller frees. */
char *tu_temp_path(const char *suffix);
void tu_remove_db(char *path);

/* Writes text to a new temporary file; returns its path (caller frees and unlinks). */
char *tu_write_temp(const char *suffix, const char *text);

/* PostgreSQL (issue 18): with ZL_TEST_DB_BACKEND=pg (ctest's unit.pg.* tests, which
 * start the cluster at $ZL_TEST_PG_HOST) tu_store_new opens a new empty PostgreSQL
 * database instead; tu_pg_new_db makes one and returns its URI (caller frees, and drops it
 * with tu_remove_db); tu_remove_db drops a database given by URI. */
bool tu_backend_pg(void);
/* Runs SQL (several statements) on the database at path, SQLite file or PostgreSQL URI,
 * through its own connection; fails the test on an error. */
void tu_exec_sql(const char *path, const char *sql);
char *tu_pg_new_db(void);

/* Opens a new empty store in a temporary file (or PostgreSQL database, see above). */
zl_store *tu_store_new(char **path_out);

/* The usual fixture of the store tests: a new store (tu_store_new) with the SQL of
 * sql_file (may be NULL) run on it. Free with tu_store_fixture_free (closes the store and
 * removes the database). Fails the test on an error. */
typedef struct tu_store_fixture {
    char *path;
    zl_store *s;
} tu_store_fixture;
tu_store_fixture *tu_store_fixture_new(const char *sql_file);
void tu_store_fixture_free(tu_store_fixture *f);
/* Runs the SQL in file on the database at path (see tu_exec_sql). */
void tu_exec_sql_file(const char *path, const char *file);

/* Asserts that haystack contains needle, printing both when it does not. */
#define assert_contains(haystack, needle) tu_assert_contains((haystack), (needle), __FILE__, __LINE__)
void tu_assert_contains(const char *haystack, const char *needle, const char *file, int line);

#endif
