/* The rows of a copy on either backend: a table read in key order (a cursor on
 * PostgreSQL), each value in its canonical form for the checksum (store_copy.h), and
 * written into the target (COPY on PostgreSQL, a prepared INSERT on SQLite). */
#include "copy_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FETCH_SQL  "FETCH 5000 FROM zl_copy_rows" /* rows per FETCH of the cursor */
#define COPY_FLUSH (1u << 18)                     /* bytes of COPY text sent at once */

void cp_copy_text(char **buf, size_t *len, size_t *cap, const char *p, size_t n)
{
    size_t from = 0;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        const char *esc = c == '\\'   ? "\\\\"
                          : c == '\t' ? "\\t"
                          : c == '\n' ? "\\n"
                          : c == '\r' ? "\\r"
                                      : NULL;
        if (esc) {
            cp_append(buf, len, cap, p + from, i - from);
            cp_append(buf, len, cap, esc, 2);
            from = i + 1;
        }
    }
    cp_append(buf, len, cap, p + from, n - from);
}

void cp_append(char **buf, size_t *len, size_t *cap, const char *text, size_t n)
{
    if (*buf && *len + n + 1 > *cap) {
        size_t want = (*len + n + 1) * 2;
        char *grown = realloc(*buf, want);
        if (!grown) {
            free(*buf);
            *buf = NULL;
            return;
        }
        *buf = grown;
        *cap = want;
    }
    if (*buf) {
        memcpy(*buf + *len, text, n);
        *len += n;
        (*buf)[*len] = 0;
    }
}

/* `"a", "b", ...`: the columns of t, quoted (names were checked to hold no quote). */
static void append_cols(char **sql, size_t *len, size_t *cap, const cp_table *t)
{
    for (int i = 0; i < t->ncols; i++) {
        if (i)
            cp_append(sql, len, cap, ", ", 2);
        cp_append(sql, len, cap, "\"", 1);
        cp_append(sql, len, cap, t->cols[i].name, strlen(t->cols[i].name));
        cp_append(sql, len, cap, "\"", 1);
    }
}

/* One column of the ORDER BY: text in byte order on both backends (PostgreSQL's collation
 * would order it otherwise, and the checksum depends on the order). */
static void append_order(char **sql, size_t *len, size_t *cap, const cp_col *c, bool pg)
{
    char part[128];
    const char *collate = c->kind != CP_TEXT ? ""
                          : pg               ? (c->collate ? " COLLATE \"C\"" : "")
                                             : " COLLATE BINARY";
    int n = snprintf(part, sizeof part, "\"%s\"%s", c->name, collate);
    cp_append(sql, len, cap, part, (size_t)n);
}

/* SELECT of every column in primary-key order (all columns when there is no key). */
static char *select_sql(const cp_table *t, bool pg)
{
    size_t len = 0, cap = 256;
    char *sql = malloc(cap);
    if (sql)
        sql[0] = 0;
    const char *head = pg ? "DECLARE zl_copy_rows NO SCROLL CURSOR FOR SELECT " : "SELECT ";
    cp_append(&sql, &len, &cap, head, strlen(head));
    append_cols(&sql, &len, &cap, t);
    cp_append(&sql, &len, &cap, " FROM \"", 7);
    cp_append(&sql, &len, &cap, t->name, strlen(t->name));
    cp_append(&sql, &len, &cap, "\" ORDER BY ", 11);
    bool any_pk = false;
    for (int i = 0; i < t->ncols; i++)
        any_pk = any_pk || t->cols[i].pk;
    int written = 0;
    for (int k = 1; k <= t->ncols; k++)
        for (int i = 0; i < t->ncols; i++)
            if (any_pk ? t->cols[i].pk == k : i == k - 1) {
                if (written++)
                    cp_append(&sql, &len, &cap, ", ", 2);
                append_order(&sql, &len, &cap, &t->cols[i], pg);
            }
    return sql;
}

zl_status cp_reader_open(zl_store *s, const cp_table *t, cp_reader *r, zl_err *err)
{
    *r = (cp_reader){.s = s, .t = t};
    bool pg = zl_store_is_pg(s);
    char *sql = select_sql(t, pg);
    r->vals = calloc((size_t)t->ncols + 1, sizeof *r->vals);
    if (!sql || !r->vals) {
        free(sql);
        cp_reader_close(r);
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    zl_status rc = pg ? zl_store_exec(s, sql, err) : cp_prepare(s, sql, &r->st, err);
    free(sql);
    if (rc == ZL_OK && pg)
        rc = cp_prepare(s, FETCH_SQL, &r->st, err);
    if (rc != ZL_OK) {
        cp_reader_close(r);
        return zl_err_prefix(err, "table %s: ", t->name);
    }
    return ZL_OK;
}

void cp_reader_close(cp_reader *r)
{
    if (r->st.pg)
        zl_store_exec(r->s, "CLOSE zl_copy_rows", NULL);
    cp_finalize(&r->st);
    free(r->vals);
    r->vals = NULL;
}

/* Whether an SQLite value of storage class `type` is a value of the column's kind (an
 * integer in a real column is a real; anything else is a value PostgreSQL would refuse). */
static bool lite_fits(cp_kind kind, int type)
{
    return type == (kind == CP_INT    ? ZL_DB_INTEGER
                    : kind == CP_REAL ? ZL_DB_FLOAT
                    : kind == CP_TEXT ? ZL_DB_TEXT
                                      : ZL_DB_BLOB) ||
           (kind == CP_REAL && type == ZL_DB_INTEGER);
}

static const char *type_name(int type)
{
    return type == ZL_DB_INTEGER ? "integer"
           : type == ZL_DB_FLOAT ? "real"
           : type == ZL_DB_TEXT  ? "text"
                                 : "blob";
}

static const char *kind_name(cp_kind kind)
{
    return kind == CP_INT    ? "integer"
           : kind == CP_REAL ? "real"
           : kind == CP_TEXT ? "text"
                             : "blob";
}

static zl_status read_val(cp_reader *r, int i, zl_err *err)
{
    const cp_col *c = &r->t->cols[i];
    zl_dbst *st = &r->st;
    cp_val *v = &r->vals[i];
    int type = zl_db_col_type(st, i);
    *v = (cp_val){.type = ZL_DB_NULL};
    if (type == ZL_DB_NULL)
        return ZL_OK;
    if (st->lite && !lite_fits(c->kind, type))
        return zl_fail(err, ZL_EINPUT,
                       "table %s, row %lld (in key order), column %s: a %s value"
                       " in a column declared %s",
                       r->t->name, (long long)r->row, c->name, type_name(type), kind_name(c->kind));
    switch (c->kind) {
    case CP_INT:
        *v = (cp_val){.type = ZL_DB_INTEGER, .i = zl_db_col_int64(st, i)};
        break;
    case CP_REAL:
        *v = (cp_val){.type = ZL_DB_FLOAT, .d = zl_db_col_double(st, i)};
        break;
    case CP_TEXT:
        *v = (cp_val){.type = ZL_DB_TEXT, .p = zl_db_col_text(st, i)};
        v->n = zl_db_col_bytes(st, i);
        break;
    case CP_BLOB:
        *v = (cp_val){.type = ZL_DB_BLOB, .p = zl_db_col_blob(st, i)};
        v->n = zl_db_col_bytes(st, i);
        break;
    }
    return ZL_OK;
}

zl_status cp_reader_next(cp_reader *r, bool *got, zl_err *err)
{
    *got = false;
    int rc = zl_db_step(&r->st);
    if (rc == ZL_DB_DONE && r->st.pg && r->batch > 0) { /* the next FETCH */
        zl_pg_reset(r->st.pg);
        r->batch = 0;
        rc = zl_db_step(&r->st);
    }
    if (rc == ZL_DB_DONE)
        return ZL_OK;
    if (rc != ZL_DB_ROW) {
        char what[96];
        snprintf(what, sizeof what, "reading table %s", r->t->name);
        return zl_store_dberr(r->s, err, what);
    }
    r->batch++;
    r->row++;
    for (int i = 0; i < r->t->ncols; i++)
        if (read_val(r, i, err) != ZL_OK)
            return err ? err->code : ZL_EINPUT;
    *got = true;
    return ZL_OK;
}

/* --- the canonical form --- */

static void hash_text(crypto_hash_sha256_state *h, const char *text)
{
    crypto_hash_sha256_update(h, (const unsigned char *)text, strlen(text));
}

void cp_hash_row(crypto_hash_sha256_state *h, const cp_val *vals, int n)
{
    char head[40];
    for (int i = 0; i < n; i++) {
        const cp_val *v = &vals[i];
        switch (v->type) {
        case ZL_DB_INTEGER:
            snprintf(head, sizeof head, "i%lld;", (long long)v->i);
            hash_text(h, head);
            break;
        case ZL_DB_FLOAT:
            snprintf(head, sizeof head, "r%.17g;", v->d);
            hash_text(h, head);
            break;
        case ZL_DB_TEXT:
        case ZL_DB_BLOB:
            snprintf(head, sizeof head, "%c%d:", v->type == ZL_DB_TEXT ? 't' : 'b', v->n);
            hash_text(h, head);
            if (v->n > 0)
                crypto_hash_sha256_update(h, v->p, (unsigned long long)v->n);
            hash_text(h, ";");
            break;
        default:
            hash_text(h, "N;");
        }
    }
    hash_text(h, "\n");
}

/* --- writing --- */

/* `<verb> "t" ("a", "b", ...)<tail>`: the start of an INSERT or a COPY of every column. */
static char *into_sql(const char *verb, const cp_table *t, const char *tail, size_t *len,
                      size_t *cap)
{
    char *sql = malloc(*cap = 256);
    *len = 0;
    if (sql)
        sql[0] = 0;
    cp_append(&sql, len, cap, verb, strlen(verb));
    cp_append(&sql, len, cap, " \"", 2);
    cp_append(&sql, len, cap, t->name, strlen(t->name));
    cp_append(&sql, len, cap, "\" (", 3);
    append_cols(&sql, len, cap, t);
    cp_append(&sql, len, cap, tail, strlen(tail));
    return sql;
}

static char *insert_sql(const cp_table *t)
{
    size_t len, cap;
    char *sql = into_sql("INSERT INTO", t, ") VALUES (", &len, &cap);
    for (int i = 0; i < t->ncols; i++) {
        char p[16];
        cp_append(&sql, &len, &cap, p,
                  (size_t)snprintf(p, sizeof p, "%s?%d", i ? ", " : "", i + 1));
    }
    cp_append(&sql, &len, &cap, ")", 1);
    return sql;
}

zl_status cp_writer_begin(zl_store *s, const cp_table *t, cp_writer *w, zl_err *err)
{
    *w = (cp_writer){.s = s, .t = t};
    bool pg = zl_store_is_pg(s);
    size_t len, cap;
    char *sql = pg ? into_sql("COPY", t, ") FROM STDIN", &len, &cap) : insert_sql(t);
    if (!sql)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    zl_status rc = pg ? zl_pg_copy_begin(s->pg, sql, err) : cp_prepare(s, sql, &w->ins, err);
    free(sql);
    w->active = rc == ZL_OK && pg;
    if (w->active && !(w->buf = malloc(w->cap = COPY_FLUSH + 4096)))
        rc = zl_fail(err, ZL_ENOMEM, "out of memory");
    return rc == ZL_OK ? ZL_OK : zl_err_prefix(err, "table %s: ", t->name);
}

static zl_status lite_put(cp_writer *w, const cp_val *vals, zl_err *err)
{
    zl_dbst *st = &w->ins;
    for (int i = 0; i < w->t->ncols; i++) {
        const cp_val *v = &vals[i];
        if (v->type == ZL_DB_INTEGER)
            zl_db_bind_int64(st, i + 1, v->i);
        else if (v->type == ZL_DB_FLOAT)
            zl_db_bind_double(st, i + 1, v->d);
        else if (v->type == ZL_DB_TEXT)
            zl_db_bind_text(st, i + 1, v->p, v->n);
        else if (v->type == ZL_DB_BLOB) /* a zero-length blob needs a pointer: NULL binds NULL */
            zl_db_bind_blob(st, i + 1, v->n ? v->p : "", v->n);
        else
            zl_db_bind_null(st, i + 1);
    }
    char what[96];
    snprintf(what, sizeof what, "table %s, row %lld (in key order)", w->t->name, (long long)w->row);
    return zl_db_step_done(w->s, st, what, err);
}

static void copy_text(cp_writer *w, const char *p, int n)
{
    cp_copy_text(&w->buf, &w->len, &w->cap, p, (size_t)n);
}

/* A blob as bytea's hex input, its backslash escaped for COPY: \\x0a1b... */
static void copy_blob(cp_writer *w, const unsigned char *p, int n)
{
    static const char hex[] = "0123456789abcdef";
    cp_append(&w->buf, &w->len, &w->cap, "\\\\x", 3);
    for (int i = 0; i < n; i++) {
        char two[2] = {hex[p[i] >> 4], hex[p[i] & 15]};
        cp_append(&w->buf, &w->len, &w->cap, two, 2);
    }
}

static void copy_value(cp_writer *w, const cp_val *v)
{
    char num[40];
    int n = 0;
    if (v->type == ZL_DB_INTEGER)
        n = snprintf(num, sizeof num, "%lld", (long long)v->i);
    else if (v->type == ZL_DB_FLOAT && isnan(v->d))
        n = snprintf(num, sizeof num, "NaN");
    else if (v->type == ZL_DB_FLOAT && isinf(v->d))
        n = snprintf(num, sizeof num, "%sInfinity", v->d < 0 ? "-" : "");
    else if (v->type == ZL_DB_FLOAT)
        n = snprintf(num, sizeof num, "%.17g", v->d);
    else if (v->type == ZL_DB_TEXT)
        copy_text(w, v->p, v->n);
    else if (v->type == ZL_DB_BLOB)
        copy_blob(w, v->p, v->n);
    else
        n = snprintf(num, sizeof num, "\\N");
    cp_append(&w->buf, &w->len, &w->cap, num, (size_t)n);
}

static zl_status flush(cp_writer *w, zl_err *err)
{
    zl_status rc = zl_pg_copy_put(w->s->pg, w->buf, w->len, err);
    w->len = 0;
    return rc == ZL_OK ? ZL_OK : zl_err_prefix(err, "table %s: ", w->t->name);
}

zl_status cp_writer_put(cp_writer *w, const cp_val *vals, zl_err *err)
{
    w->row++;
    if (!zl_store_is_pg(w->s))
        return lite_put(w, vals, err);
    for (int i = 0; i < w->t->ncols; i++) {
        if (i)
            cp_append(&w->buf, &w->len, &w->cap, "\t", 1);
        copy_value(w, &vals[i]);
    }
    cp_append(&w->buf, &w->len, &w->cap, "\n", 1);
    if (!w->buf)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    return w->len >= COPY_FLUSH ? flush(w, err) : ZL_OK;
}

/* Identity columns continue after the largest copied id (a copy sets ids explicitly, which
 * does not advance the sequence). */
zl_status cp_set_identities(zl_store *s, const cp_table *tab, zl_err *err)
{
    for (int i = 0; i < tab->ncols; i++) {
        if (!tab->cols[i].identity)
            continue;
        char sql[512];
        const char *t = tab->name, *c = tab->cols[i].name;
        snprintf(sql, sizeof sql,
                 "SELECT setval(pg_get_serial_sequence('\"%s\"', '%s'),"
                 " coalesce(max(\"%s\"), 0) + 1, false) FROM \"%s\"",
                 t, c, c, t);
        if (zl_store_exec(s, sql, err) != ZL_OK)
            return zl_err_prefix(err, "table %s: setting the sequence of %s: ", t, c);
    }
    return ZL_OK;
}

zl_status cp_writer_end(cp_writer *w, zl_err *err)
{
    zl_status rc = ZL_OK;
    if (zl_store_is_pg(w->s)) {
        if (w->len)
            rc = flush(w, err);
        if (rc == ZL_OK) {
            w->active = false;
            if ((rc = zl_pg_copy_end(w->s->pg, err)) != ZL_OK)
                zl_err_prefix(err, "table %s: ", w->t->name);
        }
        if (rc == ZL_OK)
            rc = cp_set_identities(w->s, w->t, err);
    }
    cp_writer_free(w);
    return rc;
}

void cp_writer_free(cp_writer *w)
{
    if (w->active) /* a failed load: end the COPY so the connection can roll back */
        zl_pg_copy_end(w->s->pg, NULL);
    w->active = false;
    cp_finalize(&w->ins);
    free(w->buf);
    w->buf = NULL;
}
