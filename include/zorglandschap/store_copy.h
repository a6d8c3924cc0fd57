/* Copying a whole database from one store to another (SQLite file or PostgreSQL, either
 * direction) and the per-table checksums that verify it (issue 18, `zl db copy`,
 * `zl db checksum`).
 *
 * The tables are not listed by hand: they are read from the source's catalog (every table
 * the migrations created; PostgreSQL's schema_version is the version itself and compared as
 * such), so a table added by a new migration is copied without touching this module.
 *
 * A table's checksum is SHA-256 over its rows in primary-key order (text keys in byte
 * order on both backends), each value in one canonical text form computed from the value
 * the store reads, so both backends give the same digest for the same data:
 *   NULL        "N;"
 *   integer     "i<decimal>;"     (PostgreSQL booleans as 1/0, SQLite's 0/1 flags)
 *   real        "r<%.17g>;"       (lossless)
 *   text        "t<bytes>:<bytes of the text>;"   (dates: their ISO text)
 *   blob        "b<bytes>:<the bytes>;"           (bytea)
 * and "\n" after each row. The kind of a column comes from its declared type (integer,
 * boolean; real, double precision; text, date; blob, bytea), and must agree on both sides. */
#ifndef ZORGLANDSCHAP_STORE_COPY_H
#define ZORGLANDSCHAP_STORE_COPY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zorglandschap/store.h"

#define ZL_CHECKSUM_HEX 65 /* 64 hex digits and the NUL */

/* One table: its rows and checksum on the source and (after a copy) on the target. */
typedef struct zl_table_sum {
    char name[64];
    int64_t rows;
    char checksum[ZL_CHECKSUM_HEX];
    int64_t target_rows;                   /* zl_store_copy only */
    char target_checksum[ZL_CHECKSUM_HEX]; /* zl_store_copy only */
    bool match;                            /* zl_store_copy only: rows and checksum agree */
} zl_table_sum;

/* Per-table figures, in the order the tables are copied (foreign keys first). */
typedef struct zl_table_sums {
    zl_table_sum *tables;
    size_t n;
    int schema_version;
} zl_table_sums;

/* Row count and checksum of every table of s, read in one transaction (a consistent
 * snapshot). Fills *out (caller frees with zl_table_sums_free). */
zl_status zl_store_checksums(zl_store *s, zl_table_sums *out, zl_err *err);

/* Copies every table of `from` into `to`, in one transaction on `to`: either everything
 * is copied and verified, or `to` is left as it was. Both must be at the same schema
 * version (else ZL_EINPUT: "schema versions differ: source N, target M"); `to` must be
 * empty (else ZL_EINPUT naming the first table with rows) except for the rows the
 * migrations write themselves (the random disclosure key), which the source's replace.
 * Both stores must have the same tables and columns, of the same kinds (else ZL_EINPUT
 * naming the table and column). On PostgreSQL the rows are loaded with COPY and identity
 * sequences continue after the copied ids. Before committing, every table of the target
 * is read back and its row count and checksum compared with the source's; *out gets the
 * figures (also when they disagree; caller frees). A disagreement rolls the copy back and
 * returns ZL_EDB ("verification failed: N tables differ: NAME, ..."). A value the target
 * cannot hold fails with the table, row (in key order) and column. */
zl_status zl_store_copy(zl_store *from, zl_store *to, zl_table_sums *out, zl_err *err);

/* Whether every table of s is empty (rows the migrations write themselves do not count);
 * *first gets the name of the first table with rows (empty string when none). */
zl_status zl_store_is_empty(zl_store *s, bool *empty, char first[64], zl_err *err);

/* Deletes every row of every table (the migrations' own rows stay), in one transaction:
 * `zl demo` rebuilding its database on PostgreSQL, where there is no file to remove. */
zl_status zl_store_clear(zl_store *s, zl_err *err);

void zl_table_sums_free(zl_table_sums *t);

#endif
