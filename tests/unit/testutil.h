/* Helpers for the cmocka unit tests: temporary databases and files. */
#ifndef ZL_TESTUTIL_H
#define ZL_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "zorglandschap/store.h"

/* A fresh temporary path (removed with its -wal/-shm by tu_remove_db). Caller frees. */
char *tu_temp_path(const char *suffix);
void tu_remove_db(char *path);

/* Writes text to a new temporary file; returns its path (caller frees and unlinks). */
char *tu_write_temp(const char *suffix, const char *text);

/* Opens a new empty store in a temporary file. */
zl_store *tu_store_new(char **path_out);

/* Asserts that haystack contains needle, printing both when it does not. */
#define assert_contains(haystack, needle) tu_assert_contains((haystack), (needle), __FILE__, __LINE__)
void tu_assert_contains(const char *haystack, const char *needle, const char *file, int line);

#endif
