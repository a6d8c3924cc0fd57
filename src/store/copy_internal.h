/* Internals of the database copy (store_copy.h), shared by copy_schema.c (what the tables
 * are, read from the catalog), copy_rows.c (reading, writing and hashing rows on either
 * backend) and copy.c (the copy and the checksums). */
#ifndef ZL_STORE_COPY_INTERNAL_H
#define ZL_STORE_COPY_INTERNAL_H

#include <sodium.h>

#include "store_internal.h"
#include "zorglandschap/store_copy.h"

/* The kind of a column, from its declared type: what a value is on both backends. */
typedef enum cp_kind { CP_INT = 1, CP_REAL, CP_TEXT, CP_BLOB } cp_kind;

typedef struct cp_col {
    char name[64];
    cp_kind kind;
    int pk;        /* 1-based position in the primary key; 0: not part of it */
    bool collate;  /* PostgreSQL: a collatable type (ordered with COLLATE "C") */
    bool identity; /* PostgreSQL: an identity column (its sequence is set after a copy) */
} cp_col;

typedef struct cp_table {
    char name[64];
    cp_col *cols;
    int ncols;
    char (*refs)[64]; /* the tables its foreign keys reference */
    int nrefs;
} cp_table;

/* The tables of a database in copy order: a table after the tables it references, else in
 * the order they were created (so a table a trigger empties, such as travel_matrix after
 * travel, is loaded after the table whose trigger empties it). */
typedef struct cp_schema {
    cp_table *t;
    int n;
} cp_schema;

/* Reads the tables, columns and foreign keys of s (run inside a transaction). */
zl_status cp_schema_read(zl_store *s, cp_schema *out, zl_err *err);
void cp_schema_free(cp_schema *sc);
/* The table called name in sc, or NULL. */
const cp_table *cp_schema_find(const cp_schema *sc, const char *name);
/* Whether the migrations themselves write rows into the table (they are not data). */
bool cp_table_seeded(const char *name);

/* A value as read from either backend (type: ZL_DB_NULL, _INTEGER, _FLOAT, _TEXT, _BLOB);
 * p points into the reader's current row. */
typedef struct cp_val {
    int type;
    int64_t i;
    double d;
    const void *p;
    int n;
} cp_val;

/* A table's rows in key order, on either backend (a cursor on PostgreSQL, so a large
 * table is not held in memory at once). Needs an open transaction. */
typedef struct cp_reader {
    zl_store *s;
    const cp_table *t;
    zl_dbst st;
    int64_t row;  /* rows read so far */
    int batch;    /* PostgreSQL: rows of the current FETCH read so far */
    cp_val *vals; /* the current row, t->ncols values */
} cp_reader;

zl_status cp_reader_open(zl_store *s, const cp_table *t, cp_reader *r, zl_err *err);
/* Reads the next row into r->vals; *got false at the end. */
zl_status cp_reader_next(cp_reader *r, bool *got, zl_err *err);
void cp_reader_close(cp_reader *r);

/* Appends a row (its values in the canonical form of store_copy.h) to a checksum. */
void cp_hash_row(crypto_hash_sha256_state *h, const cp_val *vals, int n);

/* Loads rows into a table of the target: COPY on PostgreSQL, a prepared INSERT on
 * SQLite. cp_writer_end finishes the load (and sets identity sequences). */
typedef struct cp_writer {
    zl_store *s;
    const cp_table *t;
    zl_dbst ins; /* SQLite */
    char *buf;   /* PostgreSQL: COPY text not yet sent */
    size_t len, cap;
    bool active; /* PostgreSQL: a COPY is in progress */
    int64_t row;
} cp_writer;

zl_status cp_writer_begin(zl_store *s, const cp_table *t, cp_writer *w, zl_err *err);
zl_status cp_writer_put(cp_writer *w, const cp_val *vals, zl_err *err);
zl_status cp_writer_end(cp_writer *w, zl_err *err);
/* PostgreSQL: the identity sequences of table t continue after its largest id. */
zl_status cp_set_identities(zl_store *s, const cp_table *t, zl_err *err);
/* Frees what the writer holds after a failure (cp_writer_end frees on success). */
void cp_writer_free(cp_writer *w);

/* Prepares dynamic SQL (not cached) on either backend; cp_finalize frees it. */
zl_status cp_prepare(zl_store *s, const char *sql, zl_dbst *st, zl_err *err);
void cp_finalize(zl_dbst *st);

/* Appends text to a growing buffer (*buf NULL after a failed allocation). */
void cp_append(char **buf, size_t *len, size_t *cap, const char *text, size_t n);
/* Appends the n bytes at p as a value of COPY's text format (backslash, tab, newline and
 * carriage return escaped); as cp_append, *buf becomes NULL when memory runs out. */
void cp_copy_text(char **buf, size_t *len, size_t *cap, const char *p, size_t n);

#endif
