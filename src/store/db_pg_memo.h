/* Results of read-only statements kept per PostgreSQL connection (db_pg_memo.c), for the
 * statements the store marks as reading data that change only with the data (zl_db_stmt_memo):
 * names, prevalences, the population, the disclosure key. Internal to src/store. */
#ifndef ZL_DB_PG_MEMO_H
#define ZL_DB_PG_MEMO_H

#include <libpq-fe.h>
#include <stdint.h>

typedef struct zl_pgmemo zl_pgmemo;

/* A memo valid for data version `version`; NULL when out of memory. */
zl_pgmemo *zl_pgmemo_new(int64_t version);
void zl_pgmemo_free(zl_pgmemo *m);
/* Forgets every result. */
void zl_pgmemo_clear(zl_pgmemo *m);
/* Forgets every result when version differs from the memo's, and takes it. */
void zl_pgmemo_at_version(zl_pgmemo *m, int64_t version);
/* A copy (the caller's, PQclear it) of the result remembered for statement `name` run with
 * the n text parameters values[] (NULL: SQL NULL), or NULL when none is. Statements with a
 * binary parameter (formats[i] != 0) are never remembered. */
PGresult *zl_pgmemo_get(const zl_pgmemo *m, const char *name, int n, const char *const *values,
                        const int *formats);
/* Remembers a copy of r (a PGRES_TUPLES_OK result); nothing when it cannot. */
void zl_pgmemo_put(zl_pgmemo *m, const char *name, int n, const char *const *values,
                   const int *formats, const PGresult *r);

#endif
