/* The PostgreSQL side of the statement layer (store_db.h), on libpq: connecting, named
 * prepared statements with SQLite's placeholders rewritten to $N, text parameters (bytea
 * binary), text results (binary for statements that ask) walked row by row, errors
 * classified by SQLSTATE, COPY. */
#include "store_db.h"

#include <libpq-fe.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db_pg_memo.h"

#define BYTEAOID   17
#define INT8OID    20
#define INT2OID    21
#define INT4OID    23
#define BOOLOID    16
#define FLOAT4OID  700
#define FLOAT8OID  701
#define NUMERICOID 1700
#define TEXTOID    25
#define VARCHAROID 1043
#define NAMEOID    19

/* Serialisation failures and deadlocks outside a transaction are retried this often. */
#define PG_RETRIES 5

struct zl_pgconn {
    PGconn *conn;
    int next_id; /* names of prepared statements: zl1, zl2, ... */
    bool in_tx;  /* inside BEGIN ... COMMIT: never retry a single statement */
    int errcode; /* ZL_DB_* class of the last error */
    char sqlstate[6];
    char errmsg[512];
    int64_t changes, total_changes;
    zl_pgmemo *memo; /* results of memoized statements; NULL until a data version is set */
};

typedef struct pg_param {
    char *val;    /* NULL: SQL NULL */
    int len;      /* binary (bytea) length */
    int binary;   /* 1: bytea sent as raw bytes */
    char num[32]; /* numbers are formatted here instead of allocated */
} pg_param;

struct zl_pgst {
    zl_pgconn *c;
    char name[16];
    int nparams;
    pg_param *params;
    const char **values;
    int *lengths, *formats;
    PGresult *res;
    int row, nrows; /* row: -1 before the first step */
    bool ran;
    unsigned char **blobs; /* per column: the current row's decoded bytea, or NULL */
    size_t *blob_len;
    int nfields;
    char *sql;           /* the PostgreSQL text */
    bool prepared;       /* on the server (named st->name) */
    int format;          /* results: 0 text, 1 binary (zl_pg_binary_results) */
    char (*numtext)[32]; /* binary results: per column, a number of the row as text */
    bool memo;           /* its text results may be remembered (zl_pg_memoize) */
    bool stream;         /* rows one result at a time (zl_pg_stream_rows) */
    bool pending;        /* stream: results still to come from the connection */
};

static void stream_drain(zl_pgst *st);

/* --- errors --- */

static int classify(const char *sqlstate)
{
    if (!sqlstate)
        return ZL_DB_ERROR;
    if (strncmp(sqlstate, "23", 2) == 0)
        return ZL_DB_CONSTRAINT;
    if (!strcmp(sqlstate, "40001") || !strcmp(sqlstate, "40P01") || !strcmp(sqlstate, "55P03"))
        return ZL_DB_BUSY;
    return ZL_DB_ERROR;
}

static void set_error(zl_pgconn *c, const PGresult *r)
{
    const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    if (!msg)
        msg = PQerrorMessage(c->conn);
    snprintf(c->errmsg, sizeof c->errmsg, "%s", msg && *msg ? msg : "unknown PostgreSQL error");
    size_t n = strlen(c->errmsg);
    while (n && (c->errmsg[n - 1] == '\n' || c->errmsg[n - 1] == ' '))
        c->errmsg[--n] = 0;
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    snprintf(c->sqlstate, sizeof c->sqlstate, "%s", state ? state : "");
    c->errcode = classify(state);
}

const char *zl_pg_sqlstate(const zl_pgconn *c)
{
    return c->sqlstate;
}

const char *zl_pg_errmsg(const zl_pgconn *c)
{
    return c->errmsg;
}

int zl_pg_errcode(const zl_pgconn *c)
{
    return c->errcode;
}

int64_t zl_pg_changes(const zl_pgconn *c)
{
    return c->changes;
}

int64_t zl_pg_total_changes(const zl_pgconn *c)
{
    return c->total_changes;
}

void zl_pg_uncount_changes(zl_pgconn *c)
{
    c->total_changes -= c->changes;
    c->changes = 0;
}

void zl_pg_set_in_tx(zl_pgconn *c, bool in_tx)
{
    c->in_tx = in_tx;
}

/* Rows written by the statement of r, as sqlite3_changes counts them: INSERT, UPDATE,
 * DELETE (also with RETURNING) and COPY; a SELECT leaves the count as it was. */
static void count_changes(zl_pgconn *c, PGresult *r)
{
    const char *cmd = PQcmdStatus(r);
    if (!cmd || !(strncmp(cmd, "INSERT", 6) == 0 || strncmp(cmd, "UPDATE", 6) == 0 ||
                  strncmp(cmd, "DELETE", 6) == 0 || strncmp(cmd, "COPY", 4) == 0))
        return;
    const char *t = PQcmdTuples(r);
    c->changes = t && *t ? strtoll(t, NULL, 10) : 0;
    c->total_changes += c->changes;
    if (c->changes && c->memo) /* this connection wrote: what it remembered may be stale */
        zl_pgmemo_clear(c->memo);
}

/* Waits a little before retrying a serialisation failure, longer each time. */
static void backoff(int attempt)
{
    struct timespec ts = {0, (long)(5000000L << attempt)};
    nanosleep(&ts, NULL);
}

static bool retryable(const zl_pgconn *c, int attempt)
{
    return !c->in_tx && c->errcode == ZL_DB_BUSY && attempt < PG_RETRIES;
}

/* --- connections --- */

zl_status zl_pg_connect(const char *uri, zl_pgconn **out, zl_err *err)
{
    zl_pgconn *c = calloc(1, sizeof *c);
    if (!c)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    c->conn = PQconnectdb(uri);
    if (!c->conn || PQstatus(c->conn) != CONNECTION_OK) {
        const char *m = c->conn ? PQerrorMessage(c->conn) : "out of memory";
        char msg[512];
        snprintf(msg, sizeof msg, "%s", m);
        for (size_t n = strlen(msg); n && msg[n - 1] == '\n'; n--)
            msg[n - 1] = 0;
        zl_pg_disconnect(c);
        return zl_fail(err, ZL_EDB, "cannot connect to PostgreSQL: %s", msg);
    }
    if (zl_pg_exec(c,
                   "SET TIME ZONE 'UTC'; SET DateStyle = 'ISO, YMD'; SET extra_float_digits = 3;"
                   "SET client_min_messages = warning;"
                   /* A writer waits for a lock as long as SQLite's busy timeout (store.c),
                    * then fails as busy (55P03): an HTTP worker answers 503 instead of
                    * hanging for as long as another session holds the lock. */
                   "SET lock_timeout = '5s';",
                   err) != ZL_OK) {
        zl_pg_disconnect(c);
        return ZL_EDB;
    }
    *out = c;
    return ZL_OK;
}

void zl_pg_disconnect(zl_pgconn *c)
{
    if (!c)
        return;
    zl_pgmemo_free(c->memo);
    PQfinish(c->conn);
    free(c);
}

zl_status zl_pg_exec(zl_pgconn *c, const char *sql, zl_err *err)
{
    if (c->memo) /* transactions, role switches, writes: forget */
        zl_pgmemo_clear(c->memo);
    for (int attempt = 0;; attempt++) {
        PGresult *r = PQexec(c->conn, sql);
        ExecStatusType t = PQresultStatus(r);
        if (t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK) {
            count_changes(c, r);
            PQclear(r);
            return ZL_OK;
        }
        set_error(c, r);
        PQclear(r);
        if (!retryable(c, attempt))
            return zl_fail(err, c->errcode == ZL_DB_BUSY ? ZL_EBUSY : ZL_EDB, "database error: %s",
                           c->errmsg);
        backoff(attempt);
    }
}

zl_status zl_pg_query_int64(zl_pgconn *c, const char *sql, int64_t *out)
{
    PGresult *r = PQexec(c->conn, sql);
    bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && PQnfields(r) == 1;
    if (ok)
        *out = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    else
        set_error(c, r);
    PQclear(r);
    return ok ? ZL_OK : ZL_EDB;
}

/* --- placeholders --- */

/* Whether p starts the word w (case-sensitive: the store writes its SQL keywords in upper
 * case and its identifiers in lower case). */
static bool word_at(const char *p, const char *w)
{
    size_t n = strlen(w);
    return strncmp(p, w, n) == 0 && !(p[n] == '_' || (p[n] >= 'a' && p[n] <= 'z') ||
                                      (p[n] >= 'A' && p[n] <= 'Z') || (p[n] >= '0' && p[n] <= '9'));
}

static bool ident_char(char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* The SQL being translated: out grows as needed (NULL after a failed allocation). */
typedef struct sqlbuf {
    char *s;
    size_t len, cap;
} sqlbuf;

static void put(sqlbuf *b, const char *t, size_t n)
{
    if (b->s && b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *grown = realloc(b->s, cap);
        if (!grown) {
            free(b->s);
            b->s = NULL;
            return;
        }
        b->s = grown;
        b->cap = cap;
    }
    if (b->s) {
        memcpy(b->s + b->len, t, n);
        b->len += n;
        b->s[b->len] = 0;
    }
}

/* In `DO UPDATE SET a = x ... WHERE ...` PostgreSQL finds a bare column name ambiguous
 * (the target row or excluded); SQLite takes the target row. A lower-case identifier there
 * that is not an assignment's target, a function, qualified or `excluded` gets the table's
 * name, which both mean. */
static bool needs_table(const char *sql, const char *p, size_t n)
{
    if ((p > sql && (p[-1] == '.' || ident_char(p[-1]))) || p[n] == '(' || p[n] == '.' ||
        (n == 8 && strncmp(p, "excluded", 8) == 0))
        return false;
    const char *next = p + n, *prev = p - 1;
    while (*next == ' ')
        next++;
    while (prev > sql && *prev == ' ')
        prev--;
    bool assigns =
        next[0] == '=' && (*prev == ',' || (prev - sql >= 2 && !strncmp(prev - 2, "SET", 3)));
    return !assigns;
}

/* Translates the store's SQLite text for PostgreSQL, skipping quoted text:
 *  - `?N` and `?` become `$N` (a bare `?` takes the number after the largest so far, as in
 *    SQLite); *nparams is the largest number;
 *  - SQLite's null-safe `a IS NOT b` (b not NULL, TRUE, FALSE) becomes `a IS DISTINCT FROM
 *    b`, and bare columns after DO UPDATE SET are qualified (needs_table).
 * These are the differences common enough in the store's upserts to translate here
 * rather than write every upsert twice; the rest is written per backend (zl_db_stmt2). */
static char *translate(const char *sql, int *nparams)
{
    sqlbuf b = {malloc(strlen(sql) * 2 + 16), 0, strlen(sql) * 2 + 16};
    if (b.s)
        b.s[0] = 0;
    const char *into = strstr(sql, "INSERT INTO "), *update = strstr(sql, " DO UPDATE SET ");
    size_t tlen = into ? strcspn(into + 12, " (") : 0;
    int max = 0;
    char quote = 0, num[16];
    for (const char *p = sql; *p; p++) {
        if (quote) {
            quote = *p == quote ? 0 : quote;
            put(&b, p, 1);
        } else if (*p == '\'' || *p == '"') {
            quote = *p;
            put(&b, p, 1);
        } else if (p > sql && (p[-1] == ' ' || p[-1] == ')') && word_at(p, "IS NOT") &&
                   !word_at(p + 7, "NULL") && !word_at(p + 7, "TRUE") && !word_at(p + 7, "FALSE") &&
                   !word_at(p + 7, "DISTINCT")) {
            put(&b, "IS DISTINCT FROM", 16);
            p += 5; /* the loop steps past the T */
        } else if (*p == '?') {
            int k = 0;
            while (p[1] >= '0' && p[1] <= '9' && k < 100000)
                k = k * 10 + (*++p - '0');
            if (k == 0)
                k = max + 1;
            max = k > max ? k : max;
            put(&b, num, (size_t)snprintf(num, sizeof num, "$%d", k));
        } else if (update && into && p > update + 15 && *p >= 'a' && *p <= 'z' &&
                   (p == sql || !ident_char(p[-1]))) {
            size_t n = 1;
            while (ident_char(p[n]))
                n++;
            if (needs_table(sql, p, n)) {
                put(&b, into + 12, tlen);
                put(&b, ".", 1);
            }
            put(&b, p, n);
            p += n - 1;
        } else {
            put(&b, p, 1);
        }
    }
    *nparams = max;
    return b.s;
}

/* --- statements --- */

zl_pgst *zl_pg_prepare(zl_pgconn *c, const char *sql, zl_err *err)
{
    zl_pgst *st = calloc(1, sizeof *st);
    int np = 0;
    char *pgsql = st ? translate(sql, &np) : NULL;
    if (!pgsql) {
        free(st);
        zl_fail(err, ZL_ENOMEM, "out of memory");
        return NULL;
    }
    st->c = c;
    st->row = -1;
    st->nparams = np;
    snprintf(st->name, sizeof st->name, "zl%d", ++c->next_id);
    st->params = calloc((size_t)np + 1, sizeof *st->params);
    st->values = calloc((size_t)np + 1, sizeof *st->values);
    st->lengths = calloc((size_t)np + 1, sizeof *st->lengths);
    st->formats = calloc((size_t)np + 1, sizeof *st->formats);
    if (!st->params || !st->values || !st->lengths || !st->formats) {
        free(pgsql);
        zl_pg_finalize(st);
        zl_fail(err, ZL_ENOMEM, "out of memory");
        return NULL;
    }
    st->sql = pgsql; /* prepared on the server with its first run (run_first) */
    return st;
}

static void drop_blobs(zl_pgst *st)
{
    for (int i = 0; st->blobs && i < st->nfields; i++) {
        PQfreemem(st->blobs[i]);
        st->blobs[i] = NULL;
    }
}

void zl_pg_reset(zl_pgst *st)
{
    stream_drain(st);
    drop_blobs(st);
    free(st->blobs);
    free(st->blob_len);
    free(st->numtext);
    st->blobs = NULL;
    st->blob_len = NULL;
    st->numtext = NULL;
    st->nfields = 0;
    PQclear(st->res);
    st->res = NULL;
    st->row = -1;
    st->nrows = 0;
    st->ran = false;
}

static void param_free(pg_param *p)
{
    if (p->val != p->num)
        free(p->val);
    p->val = NULL;
    p->binary = 0;
}

void zl_pg_clear_bindings(zl_pgst *st)
{
    for (int i = 0; i < st->nparams; i++)
        param_free(&st->params[i]);
}

void zl_pg_finalize(zl_pgst *st)
{
    if (!st)
        return;
    zl_pg_reset(st);
    if (st->params)
        zl_pg_clear_bindings(st);
    free(st->params);
    free(st->values);
    free(st->lengths);
    free(st->formats);
    free(st->sql);
    free(st);
}

/* The parameter slot for 1-based index i, emptied; NULL when out of range. */
static pg_param *slot(zl_pgst *st, int i)
{
    if (i < 1 || i > st->nparams)
        return NULL;
    pg_param *p = &st->params[i - 1];
    param_free(p);
    return p;
}

void zl_pg_bind_int64(zl_pgst *st, int i, int64_t v)
{
    pg_param *p = slot(st, i);
    if (p) {
        snprintf(p->num, sizeof p->num, "%lld", (long long)v);
        p->val = p->num;
    }
}

void zl_pg_bind_double(zl_pgst *st, int i, double v)
{
    pg_param *p = slot(st, i);
    if (!p)
        return;
    if (isnan(v))
        snprintf(p->num, sizeof p->num, "NaN");
    else if (isinf(v))
        snprintf(p->num, sizeof p->num, "%sInfinity", v < 0 ? "-" : "");
    else
        snprintf(p->num, sizeof p->num, "%.17g", v);
    p->val = p->num;
}

void zl_pg_bind_text(zl_pgst *st, int i, const char *v, int n)
{
    pg_param *p = slot(st, i);
    if (!p)
        return;
    size_t len = n < 0 ? strlen(v) : (size_t)n;
    if ((p->val = malloc(len + 1))) {
        memcpy(p->val, v, len);
        p->val[len] = 0;
    }
}

void zl_pg_bind_blob(zl_pgst *st, int i, const void *v, int n)
{
    pg_param *p = slot(st, i);
    if (!p)
        return;
    if ((p->val = malloc((size_t)n + 1))) {
        memcpy(p->val, v, (size_t)n);
        p->len = n;
        p->binary = 1;
    }
}

void zl_pg_bind_null(zl_pgst *st, int i)
{
    slot(st, i);
}

/* The column types whose binary form the readers below decode. */
static bool binary_known(Oid t)
{
    return t == INT2OID || t == INT4OID || t == INT8OID || t == BOOLOID || t == FLOAT4OID ||
           t == FLOAT8OID || t == BYTEAOID || t == TEXTOID || t == VARCHAROID || t == NAMEOID;
}

/* Binary results of another type (numeric, date, ...) would be read as garbage: the
 * statement fails instead (the store casts such columns, or keeps text results). */
static int check_binary_types(zl_pgst *st)
{
    for (int i = 0; i < st->nfields; i++) {
        Oid t = PQftype(st->res, i);
        if (!binary_known(t)) {
            snprintf(st->c->errmsg, sizeof st->c->errmsg,
                     "binary results: column %d (%s) has type oid %u, which the store cannot "
                     "read in binary",
                     i + 1, PQfname(st->res, i), (unsigned)t);
            st->c->sqlstate[0] = 0;
            st->c->errcode = ZL_DB_ERROR;
            st->nrows = 0;
            return ZL_DB_ERROR;
        }
    }
    return 0;
}

void zl_pg_binary_results(zl_pgst *st)
{
    st->format = 1;
}

/* The first run of a statement on the connection: its preparation and its execution sent
 * together in pipeline mode, one round trip instead of two (most statements of a process
 * such as `zl impact` run once). The execution's result, or the preparation's error. */
static PGresult *run_first(zl_pgst *st)
{
    PGconn *conn = st->c->conn;
    if (!PQenterPipelineMode(conn)) { /* e.g. a COPY in progress: the server says what */
        PGresult *r = PQprepare(conn, st->name, st->sql, 0, NULL);
        if (PQresultStatus(r) != PGRES_COMMAND_OK)
            return r;
        PQclear(r);
        st->prepared = true;
        return PQexecPrepared(conn, st->name, st->nparams, st->values, st->lengths, st->formats,
                              st->format);
    }
    PQsendPrepare(conn, st->name, st->sql, 0, NULL);
    PQsendQueryPrepared(conn, st->name, st->nparams, st->values, st->lengths, st->formats,
                        st->format);
    PQpipelineSync(conn);
    /* Results: the preparation's, NULL, the execution's (PIPELINE_ABORTED after a failed
     * preparation), NULL, then the sync. A broken connection gives an error, then NULLs. */
    PGresult *prep = NULL, *exec = NULL, *r;
    for (int query = 0, nulls = 0; query < 3 && nulls < 3;) {
        if (!(r = PQgetResult(conn))) {
            query++;
            nulls++;
            continue;
        }
        nulls = 0;
        if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
            PQclear(r);
            break;
        }
        if (query == 0 && !prep)
            prep = r;
        else if (query == 1 && !exec)
            exec = r;
        else
            PQclear(r);
    }
    PQexitPipelineMode(conn);
    st->prepared = prep && PQresultStatus(prep) == PGRES_COMMAND_OK;
    if (!st->prepared) {
        PQclear(exec);
        return prep; /* NULL (connection lost) reads as an error with libpq's message */
    }
    PQclear(prep);
    return exec;
}

void zl_pg_memoize(zl_pgst *st)
{
    st->memo = true;
}

void zl_pg_memo_version(zl_pgconn *c, int64_t version)
{
    if (c->memo)
        zl_pgmemo_at_version(c->memo, version);
    else
        c->memo = zl_pgmemo_new(version); /* NULL (no memory): nothing is remembered */
}

/* The per-column buffers for the result in st->res (its first, for a stream). */
static int take_shape(zl_pgst *st)
{
    zl_pgconn *c = st->c;
    st->nfields = PQnfields(st->res);
    if (st->nfields) {
        st->blobs = calloc((size_t)st->nfields, sizeof *st->blobs);
        st->blob_len = calloc((size_t)st->nfields, sizeof *st->blob_len);
        if (st->format)
            st->numtext = calloc((size_t)st->nfields, sizeof *st->numtext);
        if (!st->blobs || !st->blob_len || (st->format && !st->numtext)) {
            snprintf(c->errmsg, sizeof c->errmsg, "out of memory");
            c->errcode = ZL_DB_ERROR;
            return ZL_DB_ERROR;
        }
    }
    return st->format ? check_binary_types(st) : 0;
}

/* The bound parameters into the arrays libpq reads. */
static void load_params(zl_pgst *st)
{
    for (int i = 0; i < st->nparams; i++) {
        st->values[i] = st->params[i].val;
        st->lengths[i] = st->params[i].len;
        st->formats[i] = st->params[i].binary;
    }
}

static int run(zl_pgst *st)
{
    load_params(st);
    zl_pgconn *c = st->c;
    bool memo = st->memo && c->memo && !c->in_tx && !st->format;
    PGresult *hit =
        memo ? zl_pgmemo_get(c->memo, st->name, st->nparams, st->values, st->formats) : NULL;
    for (int attempt = 0;; attempt++) {
        PGresult *r = hit            ? hit
                      : st->prepared ? PQexecPrepared(c->conn, st->name, st->nparams, st->values,
                                                      st->lengths, st->formats, st->format)
                                     : run_first(st);
        ExecStatusType t = PQresultStatus(r);
        if (t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK) {
            count_changes(c, r);
            if (memo && !hit && t == PGRES_TUPLES_OK)
                zl_pgmemo_put(c->memo, st->name, st->nparams, st->values, st->formats, r);
            st->res = r;
            st->nrows = PQntuples(r);
            st->ran = true;
            return take_shape(st);
        }
        set_error(c, r);
        PQclear(r);
        /* A preparation that failed is not retried: one that waited for a lock has waited
         * lock_timeout already, and the caller answers busy (HTTP 503) now. */
        if (!retryable(c, attempt) || !st->prepared)
            return c->errcode;
        backoff(attempt);
    }
}

void zl_pg_stream_rows(zl_pgst *st)
{
    st->stream = true;
}

/* Throws away what a stream still has to deliver (a reader that stopped early): the
 * connection takes no new statement before its last result is read. */
static void stream_drain(zl_pgst *st)
{
    for (PGresult *r; st->pending && (r = PQgetResult(st->c->conn));)
        PQclear(r);
    st->pending = false;
}

/* Sends a streamed statement unprepared (parse, bind and run in one round trip: it runs
 * once per read) and switches the connection to single-row mode for its results. */
static int stream_send(zl_pgst *st)
{
    load_params(st);
    zl_pgconn *c = st->c;
    st->ran = true;
    if (!PQsendQueryParams(c->conn, st->sql, st->nparams, NULL, st->values, st->lengths,
                           st->formats, st->format)) {
        set_error(c, NULL);
        return c->errcode;
    }
    st->pending = true;
    if (!PQsetSingleRowMode(c->conn)) { /* cannot fail right after the send; be safe */
        set_error(c, NULL);
        stream_drain(st);
        return c->errcode;
    }
    return 0;
}

/* The stream's next row as a result of one row (ZL_DB_ROW), its end (ZL_DB_DONE), or an
 * error (the rest is drained). The previous row's result is freed first, so the memory a
 * stream holds is one row's whatever its length. */
static int stream_next(zl_pgst *st)
{
    PQclear(st->res);
    st->res = NULL;
    st->nrows = 0;
    st->row = -1;
    if (!st->pending)
        return ZL_DB_DONE;
    PGresult *r = PQgetResult(st->c->conn);
    ExecStatusType t = PQresultStatus(r);
    if (t == PGRES_SINGLE_TUPLE) {
        st->res = r;
        st->nrows = 1;
        st->row = 0;
        int rc = st->nfields || !PQnfields(r) ? 0 : take_shape(st);
        if (rc)
            stream_drain(st);
        return rc ? rc : ZL_DB_ROW;
    }
    int rc = ZL_DB_DONE; /* PGRES_TUPLES_OK: the end (of no further rows) */
    if (t != PGRES_TUPLES_OK && t != PGRES_COMMAND_OK) {
        set_error(st->c, r);
        rc = st->c->errcode;
    }
    PQclear(r);
    if (r) /* a NULL result: the connection already has nothing more */
        stream_drain(st);
    st->pending = false;
    return rc;
}

int zl_pg_step(zl_pgst *st)
{
    if (st->stream) {
        int rc = st->ran ? 0 : stream_send(st);
        drop_blobs(st);
        return rc ? rc : stream_next(st);
    }
    if (!st->ran) {
        int rc = run(st);
        if (rc)
            return rc;
    }
    drop_blobs(st);
    if (st->row + 1 < st->nrows) {
        st->row++;
        return ZL_DB_ROW;
    }
    st->row = st->nrows;
    return ZL_DB_DONE;
}

/* --- columns --- */

static const char *value(zl_pgst *st, int i)
{
    if (!st->res || st->row < 0 || st->row >= st->nrows || i < 0 || i >= st->nfields ||
        PQgetisnull(st->res, st->row, i))
        return NULL;
    return PQgetvalue(st->res, st->row, i);
}

/* A big-endian integer of n bytes (binary results). */
static uint64_t be(const char *v, int n)
{
    uint64_t x = 0;
    for (int k = 0; k < n; k++)
        x = x << 8 | (unsigned char)v[k];
    return x;
}

static double be_double(const char *v)
{
    uint64_t x = be(v, 8);
    double d;
    memcpy(&d, &x, sizeof d);
    return d;
}

static float be_float(const char *v)
{
    uint32_t x = (uint32_t)be(v, 4);
    float f;
    memcpy(&f, &x, sizeof f);
    return f;
}

/* Whether column i holds a number in binary form: *iv or *dv (is_float) is its value. */
static bool binary_number(zl_pgst *st, int i, const char *v, int64_t *iv, double *dv,
                          bool *is_float)
{
    if (!st->format)
        return false;
    *is_float = false;
    switch (PQftype(st->res, i)) {
    case BOOLOID:
        *iv = v[0] != 0;
        return true;
    case INT2OID:
        *iv = (int16_t)be(v, 2);
        return true;
    case INT4OID:
        *iv = (int32_t)be(v, 4);
        return true;
    case INT8OID:
        *iv = (int64_t)be(v, 8);
        return true;
    case FLOAT4OID:
        *dv = be_float(v);
        *is_float = true;
        return true;
    case FLOAT8OID:
        *dv = be_double(v);
        *is_float = true;
        return true;
    default:
        return false;
    }
}

int64_t zl_pg_col_int64(zl_pgst *st, int i)
{
    const char *v = value(st, i);
    int64_t iv;
    double dv;
    bool is_float;
    if (!v)
        return 0;
    if (binary_number(st, i, v, &iv, &dv, &is_float))
        return is_float ? (int64_t)dv : iv;
    if (v[0] == 't' || v[0] == 'f') /* boolean */
        return v[0] == 't';
    return strtoll(v, NULL, 10);
}

double zl_pg_col_double(zl_pgst *st, int i)
{
    const char *v = value(st, i);
    int64_t iv;
    double dv;
    bool is_float;
    if (!v)
        return 0;
    if (binary_number(st, i, v, &iv, &dv, &is_float))
        return is_float ? dv : (double)iv;
    if (v[0] == 't' || v[0] == 'f')
        return v[0] == 't';
    return strtod(v, NULL);
}

/* Booleans read as "1"/"0", the text SQLite gives for its 0/1 flags. A binary number is
 * written out (doubles with 17 digits: exact, though not always PostgreSQL's shortest). */
const unsigned char *zl_pg_col_text(zl_pgst *st, int i)
{
    const char *v = value(st, i);
    int64_t iv;
    double dv;
    bool is_float;
    if (v && PQftype(st->res, i) == BOOLOID)
        return (const unsigned char *)(v[0] == 't' || v[0] == 1 ? "1" : "0");
    if (v && binary_number(st, i, v, &iv, &dv, &is_float)) {
        if (is_float)
            snprintf(st->numtext[i], sizeof st->numtext[i], "%.17g", dv);
        else
            snprintf(st->numtext[i], sizeof st->numtext[i], "%lld", (long long)iv);
        return (const unsigned char *)st->numtext[i];
    }
    return (const unsigned char *)v;
}

const void *zl_pg_col_blob(zl_pgst *st, int i)
{
    const char *v = value(st, i);
    if (!v)
        return NULL;
    if (st->format) /* bytea as raw bytes, numbers as text (as SQLite gives them) */
        return PQftype(st->res, i) == BYTEAOID ? v : (const void *)zl_pg_col_text(st, i);
    if (PQftype(st->res, i) != BYTEAOID)
        return v;
    if (!st->blobs[i]) {
        size_t n = 0;
        st->blobs[i] = PQunescapeBytea((const unsigned char *)v, &n);
        st->blob_len[i] = n;
    }
    return st->blobs[i];
}

int zl_pg_col_bytes(zl_pgst *st, int i)
{
    const char *v = value(st, i);
    if (!v)
        return 0;
    if (PQftype(st->res, i) == BOOLOID)
        return 1;
    if (st->format) {
        Oid t = PQftype(st->res, i);
        if (t == BYTEAOID || t == TEXTOID || t == VARCHAROID || t == NAMEOID)
            return PQgetlength(st->res, st->row, i);
        return (int)strlen((const char *)zl_pg_col_text(st, i));
    }
    if (PQftype(st->res, i) != BYTEAOID)
        return PQgetlength(st->res, st->row, i);
    if (!zl_pg_col_blob(st, i))
        return 0;
    return (int)st->blob_len[i];
}

int zl_pg_col_type(zl_pgst *st, int i)
{
    if (!value(st, i))
        return ZL_DB_NULL;
    switch (PQftype(st->res, i)) {
    case INT2OID:
    case INT4OID:
    case INT8OID:
    case BOOLOID:
        return ZL_DB_INTEGER;
    case FLOAT4OID:
    case FLOAT8OID:
    case NUMERICOID:
        return ZL_DB_FLOAT;
    case BYTEAOID:
        return ZL_DB_BLOB;
    default:
        return ZL_DB_TEXT;
    }
}

int zl_pg_col_count(zl_pgst *st)
{
    return st->res ? PQnfields(st->res) : 0;
}

/* --- COPY --- */

zl_status zl_pg_copy_begin(zl_pgconn *c, const char *copy_sql, zl_err *err)
{
    PGresult *r = PQexec(c->conn, copy_sql);
    if (PQresultStatus(r) != PGRES_COPY_IN) {
        set_error(c, r);
        PQclear(r);
        return zl_fail(err, ZL_EDB, "database error: starting COPY: %s", c->errmsg);
    }
    PQclear(r);
    return ZL_OK;
}

zl_status zl_pg_copy_put(zl_pgconn *c, const char *data, size_t n, zl_err *err)
{
    if (PQputCopyData(c->conn, data, (int)n) != 1) {
        set_error(c, NULL);
        return zl_fail(err, ZL_EDB, "database error: COPY: %s", c->errmsg);
    }
    return ZL_OK;
}

zl_status zl_pg_copy_end(zl_pgconn *c, zl_err *err)
{
    /* When the server has failed the COPY already (a put failed), its error is among the
     * results drained below. */
    bool ended = PQputCopyEnd(c->conn, NULL) == 1;
    zl_status rc = ZL_OK;
    PGresult *r;
    while ((r = PQgetResult(c->conn))) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK && rc == ZL_OK) {
            set_error(c, r);
            rc = zl_fail(err, c->errcode == ZL_DB_CONSTRAINT ? ZL_EINPUT : ZL_EDB,
                         "database error: COPY: %s", c->errmsg);
        } else if (rc == ZL_OK) {
            count_changes(c, r);
        }
        PQclear(r);
    }
    if (!ended && rc == ZL_OK) {
        set_error(c, NULL);
        rc = zl_fail(err, ZL_EDB, "database error: ending COPY: %s", c->errmsg);
    }
    return rc;
}

zl_status zl_pg_copy_abort(zl_pgconn *c)
{
    /* The server fails the COPY (and so the transaction); drain its answer so that the
     * connection takes statements again (the caller rolls back). */
    PQputCopyEnd(c->conn, "aborted by the client");
    PGresult *r;
    while ((r = PQgetResult(c->conn)))
        PQclear(r);
    return ZL_OK;
}
