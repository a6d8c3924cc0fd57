/* The compact travel matrix (table travel_matrix, migration 10): one row holding the
 * whole matrix as little-endian int32 and float32 arrays, so a case loads with one
 * SELECT instead of streaming one row per area-location pair. SQLite reads the arrays
 * with incremental blob I/O; PostgreSQL in slices streamed by one statement (get_pg). */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "zorglandschap/store_landscape.h"

/* 4-byte values are stored little-endian whatever the machine. */
static void copy_le32(void *dst, const void *src, size_t n)
{
    if (dst != src)
        memcpy(dst, src, n * 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    unsigned char *b = dst;
    for (size_t i = 0; i < n; i++, b += 4) {
        unsigned char t0 = b[0], t1 = b[1];
        b[0] = b[3];
        b[1] = b[2];
        b[2] = t1;
        b[3] = t0;
    }
#endif
}

void zl_travel_matrix_clear(zl_travel_matrix *m)
{
    if (!m)
        return;
    free(m->method);
    free(m->fingerprint);
    free(m->pc4);
    free(m->location_ids); /* the strings live in one block behind the pointers */
    free(m->minutes);
    free(m->km);
    *m = (zl_travel_matrix){0};
}

static void *le32_blob(const void *src, size_t n)
{
    void *b = malloc(n * 4 + 1);
    if (b)
        copy_le32(b, src, n);
    return b;
}

static char *ids_blob(const zl_travel_matrix *m, size_t *len)
{
    size_t n = 0;
    for (size_t l = 0; l < m->n_locations; l++)
        n += strlen(m->location_ids[l]) + 1;
    char *b = malloc(n + 1), *p = b;
    for (size_t l = 0; b && l < m->n_locations; l++) {
        size_t k = strlen(m->location_ids[l]) + 1;
        memcpy(p, m->location_ids[l], k);
        p += k;
    }
    *len = n;
    return b;
}

/* A blob that may pass 2 GiB on SQLite (PostgreSQL's bytea stops at 1 GiB anyway: the
 * server refuses a larger one with an error). */
static void bind_blob64(zl_dbst *st, int i, const void *v, size_t n)
{
    if (st->lite)
        sqlite3_bind_blob64(st->lite, i, v, n, SQLITE_STATIC);
    else
        zl_db_bind_blob(st, i, v, n > INT32_MAX ? INT32_MAX : (int)n);
}

zl_status zl_store_travel_matrix_put(zl_store *s, const zl_travel_matrix *m, zl_err *err)
{
    size_t cells = m->n_areas * m->n_locations, ids_len = 0;
    void *pc4 = le32_blob(m->pc4, m->n_areas), *min = le32_blob(m->minutes, cells);
    void *km = le32_blob(m->km, cells);
    char *ids = ids_blob(m, &ids_len);
    zl_status st = pc4 && min && km && ids ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
    zl_dbst *del = st == ZL_OK ? zl_db_stmt(s, "DELETE FROM travel_matrix", err) : NULL;
    if (st == ZL_OK && !del)
        st = err ? err->code : ZL_EDB;
    if (st == ZL_OK)
        st = zl_db_step_done(s, del, "replacing the compact travel matrix", err);
    zl_dbst *ins = st == ZL_OK
                       ? zl_db_stmt(s,
                                    "INSERT INTO travel_matrix(method, fingerprint, n_areas,"
                                    " n_locations, pc4, location_ids, minutes, km)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                    err)
                       : NULL;
    if (st == ZL_OK && !ins)
        st = err ? err->code : ZL_EDB;
    if (st == ZL_OK) {
        zl_db_bind_textz(ins, 1, m->method);
        zl_db_bind_textz(ins, 2, m->fingerprint ? m->fingerprint : "");
        zl_db_bind_int64(ins, 3, (int64_t)m->n_areas);
        zl_db_bind_int64(ins, 4, (int64_t)m->n_locations);
        bind_blob64(ins, 5, pc4, m->n_areas * 4);
        bind_blob64(ins, 6, ids, ids_len);
        bind_blob64(ins, 7, min, cells * 4);
        bind_blob64(ins, 8, km, cells * 4);
        st = zl_db_step_done(s, ins, "writing the compact travel matrix", err);
        if (ins->lite)
            sqlite3_clear_bindings(ins->lite); /* the blobs are freed below */
    }
    free(pc4);
    free(min);
    free(km);
    free(ids);
    return st;
}

static zl_status corrupt(zl_err *err, const char *what)
{
    return zl_fail(err, ZL_EDB,
                   "the compact travel matrix is damaged (%s): run `zl travel build"
                   " --force`",
                   what);
}

/* Splits the NUL-separated ids into an array of pointers in one allocation. */
static zl_status read_ids(const void *blob, size_t len, zl_travel_matrix *m, zl_err *err)
{
    size_t n = m->n_locations;
    char **v = malloc((n + 1) * sizeof *v + len + 1);
    if (!v)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    char *text = (char *)(v + n + 1), *p = text, *end = text + len;
    if (len)
        memcpy(text, blob, len);
    m->location_ids = v;
    for (size_t l = 0; l < n; l++) {
        char *nul = p < end ? memchr(p, '\0', (size_t)(end - p)) : NULL;
        if (!nul)
            return corrupt(err, "location ids");
        v[l] = p;
        p = nul + 1;
    }
    v[n] = NULL;
    return p == end ? ZL_OK : corrupt(err, "location ids");
}

/* PostgreSQL: the array in column i of the row st is on, checked and copied. */
static zl_status col_le32(zl_dbst *st, int i, const char *column, size_t n, void **out, zl_err *err)
{
    const void *b = zl_db_col_blob(st, i);
    if (!b || (size_t)zl_db_col_bytes(st, i) != n * 4)
        return corrupt(err, column);
    void *v = malloc(n * 4 + 4);
    if (!v)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    copy_le32(v, b, n);
    *out = v;
    return ZL_OK;
}

/* Reads 4-byte values straight from the blob into a new array (incremental blob I/O, so
 * SQLite does not first materialise the megabytes as a column value). */
static zl_status blob_le32(zl_store *s, int64_t rowid, const char *column, size_t n, void **out,
                           zl_err *err)
{
    sqlite3_blob *b = NULL;
    if (sqlite3_blob_open(s->db, "main", "travel_matrix", column, rowid, 0, &b) != SQLITE_OK) {
        sqlite3_blob_close(b);
        return zl_store_dberr(s, err, "reading the compact travel matrix");
    }
    /* The table's CHECK constraints guarantee the length; verify anyway, since reading
     * past a blob would be memory corruption rather than an error. */
    if ((size_t)sqlite3_blob_bytes(b) != n * 4) {
        sqlite3_blob_close(b);
        return corrupt(err, column);
    }
    void *v = malloc(n * 4 + 4);
    int rc = v ? sqlite3_blob_read(b, v, (int)(n * 4), 0) : SQLITE_NOMEM;
    sqlite3_blob_close(b);
    if (rc != SQLITE_OK) {
        free(v);
        return rc == SQLITE_NOMEM ? zl_fail(err, ZL_ENOMEM, "out of memory")
                                  : zl_store_dberr(s, err, "reading the compact travel matrix");
    }
    copy_le32(v, v, n); /* a no-op on little-endian machines */
    *out = v;
    return ZL_OK;
}

/* The small columns of the row; the big arrays are read by rowid afterwards. */
/* The sizes in columns 2 and 3 into m, checked (the arrays' bytes must fit an int32). */
static zl_status take_sizes(zl_dbst *st, zl_travel_matrix *m, zl_err *err)
{
    int64_t na = zl_db_col_int64(st, 2), nl = zl_db_col_int64(st, 3);
    if (na < 0 || nl < 0 || (nl > 0 && na > INT32_MAX / 4 / nl))
        return corrupt(err, "sizes");
    m->n_areas = (size_t)na;
    m->n_locations = (size_t)nl;
    return ZL_OK;
}

static zl_status read_head(zl_dbst *st, zl_travel_matrix *m, int64_t *rowid, zl_err *err)
{
    zl_status rc = take_sizes(st, m, err);
    if (rc != ZL_OK)
        return rc;
    *rowid = zl_db_col_int64(st, 5);
    m->method = strdup((const char *)zl_db_col_text(st, 0));
    m->fingerprint = strdup((const char *)zl_db_col_text(st, 1));
    if (!m->method || !m->fingerprint)
        return zl_fail(err, ZL_ENOMEM, "out of memory reading the travel matrix");
    return read_ids(zl_db_col_blob(st, 4), (size_t)zl_db_col_bytes(st, 4), m, err);
}

/* A deep copy of src into dst (cleared on failure); km only when with_km (src has it). */
static zl_status matrix_dup(const zl_travel_matrix *src, bool with_km, zl_travel_matrix *dst,
                            zl_err *err)
{
    assert(!with_km || src->km);
    size_t cells = src->n_areas * src->n_locations, len = 0;
    *dst = (zl_travel_matrix){.n_areas = src->n_areas, .n_locations = src->n_locations};
    char *ids = ids_blob(src, &len);
    dst->method = strdup(src->method);
    dst->fingerprint = strdup(src->fingerprint);
    dst->pc4 = malloc(src->n_areas * 4 + 4);
    dst->minutes = malloc(cells * 4 + 4);
    dst->km = with_km ? malloc(cells * 4 + 4) : NULL;
    zl_status st =
        ids && dst->method && dst->fingerprint && dst->pc4 && dst->minutes && (dst->km || !with_km)
            ? read_ids(ids, len, dst, err)
            : zl_fail(err, ZL_ENOMEM, "out of memory");
    free(ids);
    if (st != ZL_OK) {
        zl_travel_matrix_clear(dst);
        return st;
    }
    memcpy(dst->pc4, src->pc4, src->n_areas * 4);
    memcpy(dst->minutes, src->minutes, cells * 4);
    if (with_km)
        memcpy(dst->km, src->km, cells * 4);
    return ZL_OK;
}

void zl_store_matrix_cache_clear(zl_store *s)
{
    zl_travel_matrix_clear(s->pg_matrix);
    free(s->pg_matrix);
    s->pg_matrix = NULL;
    s->pg_matrix_key[0] = 0;
}

/* After a read of m at row version key: keeps a copy when the same version was read
 * before (a connection that reads the matrix again and again: an HTTP worker, the impact
 * bench), else only the version, so that a process reading it once (`zl impact`) copies
 * nothing. A failure to copy only loses the cache. */
static void cache_put(zl_store *s, const zl_travel_matrix *m, const char *key)
{
    bool again = strcmp(key, s->pg_matrix_key) == 0;
    zl_store_matrix_cache_clear(s);
    if (strlen(key) >= sizeof s->pg_matrix_key)
        return;
    snprintf(s->pg_matrix_key, sizeof s->pg_matrix_key, "%s", key);
    zl_travel_matrix *c = again ? malloc(sizeof *c) : NULL;
    if (c && matrix_dup(m, m->km != NULL, c, NULL) == ZL_OK)
        s->pg_matrix = c;
    else
        free(c);
}

/* The row version of the matrix (its xmin and ctid change with every rewrite of the row)
 * into key ("" when there is no matrix). */
static zl_status row_version(zl_store *s, char *key, size_t n, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT xmin::text || ' ' || ctid::text FROM travel_matrix LIMIT 1");
    int rc = zl_db_step(st);
    snprintf(key, n, "%s", rc == ZL_DB_ROW ? (const char *)zl_db_col_text(st, 0) : "");
    return zl_db_rows_end(s, st, rc == ZL_DB_ROW ? ZL_DB_DONE : rc, ZL_OK,
                          "reading the compact travel matrix", err);
}

/* Bytes of an array per row of the PostgreSQL read (a multiple of 4: floats never split). */
#define SLICE_BYTES 16384
#define STR_(x)     #x
#define STR(x)      STR_(x)
#define SLICE(col)  "substring(m." col " FROM g * " STR(SLICE_BYTES) " + 1 FOR " STR(SLICE_BYTES) ")"

/* The read of the matrix on PostgreSQL as one statement (one snapshot), one row per slice g
 * of the arrays; the small columns on every row, the ids and pc4 codes with slice 0. */
#define MATRIX_STREAM(km)                                                                          \
    "SELECT m.method, m.fingerprint, m.n_areas, m.n_locations,"                                    \
    " CASE WHEN g = 0 THEN m.location_ids END, g, CASE WHEN g = 0 THEN m.pc4 END, " SLICE(         \
        "minutes") ", " km ", m.version"                                                           \
                   " FROM (SELECT *, xmin::text || ' ' || ctid::text AS version FROM "             \
                   "travel_matrix LIMIT 1) m,"                                                     \
                   " generate_series(0, greatest(octet_length(m.minutes) - 1, 0) / " STR(          \
                       SLICE_BYTES) ") g"

typedef struct {
    zl_travel_matrix *m;
    bool with_km;
    size_t bytes, got; /* of each array: its length, and what the slices brought so far */
    bool head;         /* slice 0 (ids, pc4 codes) was read */
    char key[64];      /* the row's version */
} slice_reader;

/* The bytes of slice g of an array into its place in dst (column i, checked). */
static zl_status put_slice(zl_dbst *st, int i, const char *column, size_t off, size_t want,
                           void *dst, zl_err *err)
{
    if ((size_t)zl_db_col_bytes(st, i) != want || (want && !zl_db_col_blob(st, i)))
        return corrupt(err, column);
    copy_le32((char *)dst + off, zl_db_col_blob(st, i), want / 4);
    return ZL_OK;
}

/* The first row: the sizes and the arrays to fill (the sizes must hold on every row). */
static zl_status slice_sizes(zl_dbst *st, slice_reader *r, zl_err *err)
{
    zl_travel_matrix *m = r->m;
    if (m->minutes)
        return (size_t)zl_db_col_int64(st, 2) == m->n_areas &&
                       (size_t)zl_db_col_int64(st, 3) == m->n_locations
                   ? ZL_OK
                   : corrupt(err, "sizes");
    zl_status rc = take_sizes(st, m, err);
    if (rc != ZL_OK)
        return rc;
    r->bytes = m->n_areas * m->n_locations * 4;
    snprintf(r->key, sizeof r->key, "%s", (const char *)zl_db_col_text(st, 9));
    m->minutes = malloc(r->bytes + 4);
    m->km = r->with_km ? malloc(r->bytes + 4) : NULL;
    return m->minutes && (m->km || !r->with_km) ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
}

/* One row of the stream: slice g of minutes (and km) in its place; slice 0 also has the
 * head (method, fingerprint, ids) and the pc4 codes. */
static zl_status take_slice(zl_dbst *st, slice_reader *r, zl_err *err)
{
    zl_status rc = slice_sizes(st, r, err);
    if (rc != ZL_OK)
        return rc;
    int64_t g = zl_db_col_int64(st, 5);
    size_t off = (size_t)g * SLICE_BYTES;
    if (g < 0 || off > r->bytes || (off == r->bytes && r->bytes))
        return corrupt(err, "minutes");
    size_t want = r->bytes - off < SLICE_BYTES ? r->bytes - off : SLICE_BYTES;
    rc = put_slice(st, 7, "minutes", off, want, r->m->minutes, err);
    if (rc == ZL_OK && r->with_km)
        rc = put_slice(st, 8, "km", off, want, r->m->km, err);
    r->got += want;
    if (rc != ZL_OK || g != 0)
        return rc;
    if (r->head)
        return corrupt(err, "slices");
    r->head = true;
    int64_t unused;
    void *pc4 = NULL;
    rc = read_head(st, r->m, &unused, err);
    if (rc == ZL_OK)
        rc = col_le32(st, 6, "pc4", r->m->n_areas, &pc4, err);
    r->m->pc4 = pc4;
    return rc;
}

/* PostgreSQL has no incremental blob reads, and the row read whole costs a 2 MB value
 * built by the server and held twice by libpq (37 ms of a 120 ms `zl impact`,
 * docs/performance.md): the arrays come in slices, one row each, streamed, so neither
 * side ever holds more than a slice (de-TOASTing a slice of an uncompressed value reads
 * only its chunks: migration 18 stores them so). km only when asked. A connection that
 * reads the matrix a second time keeps a copy (cache_put): later reads of an unchanged
 * row (the cases an HTTP worker or the impact bench loads) ask only for the row's version
 * and copy the arrays in memory, as SQLite's reads come from its page cache. A copy
 * without km serves only reads without km. */
static zl_status get_pg(zl_store *s, bool with_km, zl_travel_matrix *out, bool *found, zl_err *err)
{
    char key[64] = "";
    bool usable = s->pg_matrix && (s->pg_matrix->km || !with_km);
    if (usable && row_version(s, key, sizeof key, err) != ZL_OK) /* else: a miss */
        return err ? err->code : ZL_EDB;
    if (usable && key[0] && strcmp(key, s->pg_matrix_key) == 0) {
        zl_status st = matrix_dup(s->pg_matrix, with_km, out, err);
        *found = st == ZL_OK;
        return st;
    }
    zl_dbst *st =
        zl_db_stmt(s, with_km ? MATRIX_STREAM(SLICE("km")) : MATRIX_STREAM("NULL::bytea"), err);
    if (!st)
        return err ? err->code : ZL_EDB;
    zl_db_binary_results(st); /* the arrays as bytes, not hex of twice the size */
    zl_db_stream_rows(st);
    slice_reader r = {.m = out, .with_km = with_km};
    zl_status status = ZL_OK;
    int rc;
    bool any = false;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW) {
        any = true;
        status = take_slice(st, &r, err);
    }
    if (status == ZL_OK && any && (!r.head || r.got != r.bytes))
        status = corrupt(err, "slices");
    if (status == ZL_OK && any)
        cache_put(s, out, r.key);
    status = zl_db_rows_end(s, st, status == ZL_OK ? rc : ZL_DB_DONE, status,
                            "reading the compact travel matrix", err);
    *found = status == ZL_OK && any;
    if (status != ZL_OK)
        zl_travel_matrix_clear(out);
    return status;
}
#undef MATRIX_STREAM
#undef SLICE
#undef STR
#undef STR_

zl_status zl_store_travel_matrix_get(zl_store *s, bool with_km, zl_travel_matrix *out, bool *found,
                                     zl_err *err)
{
    *out = (zl_travel_matrix){0};
    *found = false;
    if (zl_store_is_pg(s))
        return get_pg(s, with_km, out, found, err);
    zl_dbst *st = zl_db_stmt(s,
                             "SELECT method, fingerprint, n_areas, n_locations,"
                             " location_ids, rowid FROM travel_matrix LIMIT 1",
                             err);
    if (!st)
        return err ? err->code : ZL_EDB;
    int rc = zl_db_step(st);
    int64_t rowid = 0;
    zl_status status = rc == ZL_DB_ROW ? read_head(st, out, &rowid, err) : ZL_OK;
    status = zl_db_rows_end(s, st, rc == ZL_DB_ROW ? ZL_DB_DONE : rc, status,
                            "reading the compact travel matrix", err);
    size_t cells = out->n_areas * out->n_locations;
    if (status == ZL_OK && rc == ZL_DB_ROW) {
        void *pc4 = NULL, *min = NULL, *km = NULL;
        status = blob_le32(s, rowid, "pc4", out->n_areas, &pc4, err);
        out->pc4 = pc4;
        if (status == ZL_OK)
            status = blob_le32(s, rowid, "minutes", cells, &min, err);
        out->minutes = min;
        if (status == ZL_OK && with_km)
            status = blob_le32(s, rowid, "km", cells, &km, err);
        out->km = km;
        *found = status == ZL_OK;
    }
    if (status != ZL_OK) {
        zl_travel_matrix_clear(out);
        *found = false;
    }
    return status;
}

zl_status zl_store_travel_matrix_fingerprint(zl_store *s, char **fp, zl_err *err)
{
    *fp = NULL;
    zl_dbst *st = zl_db_stmt(s, "SELECT fingerprint FROM travel_matrix LIMIT 1", err);
    if (!st)
        return err ? err->code : ZL_EDB;
    int rc = zl_db_step(st);
    zl_status status = ZL_OK;
    if (rc == ZL_DB_ROW && !(*fp = strdup((const char *)zl_db_col_text(st, 0))))
        status = zl_fail(err, ZL_ENOMEM, "out of memory");
    return zl_db_rows_end(s, st, rc == ZL_DB_ROW ? ZL_DB_DONE : rc, status,
                          "reading the travel matrix fingerprint", err);
}
