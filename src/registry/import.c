/* The registration import: every row is validated against the reference data (ORPHAcodes,
 * locations, PC4 areas) or rejected with its line and reason; the valid rows are sorted by
 * their natural key and stored in that order (B-tree inserts in key order cost a third of
 * random ones), which also puts repeats of a key within the file next to each other. A
 * submission is atomic: its valid rows and its log entry commit together. */
#include "zorglandschap/registry.h"

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "zorglandschap/csv.h"
#include "zorglandschap/util.h"
#include "zorglandschap/store_registry.h"

enum { C_LOC, C_PSEUDO, C_ORPHA, C_DIAG, C_BIRTH, C_SEX, C_PC4, C_CONTACT, NCOLS };
static const char *const columns[NCOLS] = {"location_id", "pseudonym", "orpha", "diagnosis_date",
                                           "birth_year",  "sex",       "pc4",   "contact_date"};

/* A validated row, compact: 1.2 million of them are held before they are stored. */
typedef struct vrow {
    int64_t orpha;
    unsigned char pseudonym[32];
    int32_t loc; /* index into import_ctx.locs */
    int32_t line;
    int16_t birth_year;
    int16_t pc4;
    char sex;
    char diagnosis_date[11], contact_date[11];
} vrow;

typedef struct import_ctx {
    zl_csv *csv;
    const char *name;
    int col[NCOLS];
    int synthetic_col; /* optional column 'synthetic': true/1 labels the submission */
    bool synthetic;
    char **locs; /* location ids in strcmp order */
    size_t nlocs, capl;
    unsigned char *orpha; /* per code: 0 unknown, 1 active, 2 obsolete */
    size_t norpha;
    unsigned char pc4[10000];
    char today[11];
    int this_year;
    vrow *rows;
    size_t n, cap;
    size_t *keep; /* the rows stored (no repeated key), indices into rows in key order */
    size_t nkeep;
    zl_registry_import_result *res;
    const char *only_location; /* an upload by a location: its own rows only */
    const zl_registry_import_opts *opts;
    char **header; /* the file's column names (kept after the reader is closed) */
    size_t ncols;
} import_ctx;

bool zl_registry_date(const char *s, int *year)
{
    if (!zl_date_valid(s))
        return false;
    *year = atoi(s);
    return true;
}

/* Records one error of a row (fully formatted reason); all are counted, the first
 * ZL_REGISTRY_MAX_REJECTS kept for the report. */
static zl_status add_error(import_ctx *x, long line, const char *column, const char *reason,
                           zl_err *err)
{
    zl_registry_import_result *r = x->res;
    r->errors++;
    if (r->nrejects >= ZL_REGISTRY_MAX_REJECTS)
        return ZL_OK;
    if (!(r->nrejects % 64)) {
        void *p = realloc(r->rejects, (r->nrejects + 64) * sizeof *r->rejects);
        if (!p)
            return zl_fail(err, ZL_ENOMEM, "out of memory");
        r->rejects = p;
    }
    zl_registry_reject *j = &r->rejects[r->nrejects];
    j->line = line;
    j->column = column;
    if (!(j->reason = strdup(reason)))
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    r->nrejects++;
    return ZL_OK;
}

/* Tells the caller about a rejected row: its fields as in the file and its reasons. */
static void report_row(import_ctx *x, long line, const char *const *fields, size_t nfields,
                       const char *reasons)
{
    x->res->rejected++;
    if (!x->opts->on_reject)
        return;
    zl_registry_rejected_row row = {line, (const char *const *)x->header, fields, nfields, reasons};
    x->opts->on_reject(x->opts->ctx, &row);
}

static const char *field(const import_ctx *x, int c)
{
    return zl_csv_field(x->csv, (size_t)x->col[c]);
}

/* Parses and checks one row into reg; returns the failing column or -1 when valid, with
 * the reason in *why (and its argument in *arg). */
static int location_index(const import_ctx *x, const char *id)
{
    size_t lo = 0, hi = x->nlocs;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(x->locs[mid], id);
        if (c == 0)
            return (int)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

typedef struct row_error {
    int col;
    const char *why, *arg;
} row_error;

#define ERR(c, w, a) (errs[n++] = (row_error){(c), (w), (a)})

/* Checks every field of the current row into reg; returns the number of errors (all of
 * them, each with its column, reason and the value it names). */
/* A valid date has 10 characters; an invalid one (its row is rejected) may be shorter and
 * must not be read past its end. */
static void copy_date(char dst[11], const char *src)
{
    size_t n = strnlen(src, 10);
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static int validate(import_ctx *x, vrow *reg, row_error *errs)
{
    int64_t v, birth = -1;
    int y, n = 0;
    const char *loc = field(x, C_LOC);
    if (!*loc)
        ERR(C_LOC, "empty, a location id is required", NULL);
    else if ((reg->loc = location_index(x, loc)) < 0)
        ERR(C_LOC, "unknown location '%.40s'", loc);
    else if (x->only_location && strcmp(loc, x->only_location) != 0)
        ERR(C_LOC, "location '%.40s' is not the location of this upload's token", loc);
    if (!zl_pseudonym_parse(field(x, C_PSEUDO), reg->pseudonym))
        ERR(C_PSEUDO, "malformed pseudonym: expected 64 hex digits (HMAC-SHA-256)", NULL);
    const char *orpha = field(x, C_ORPHA);
    if (!zl_orpha_parse(orpha, &reg->orpha))
        ERR(C_ORPHA, "not an ORPHAcode: '%.40s'", orpha);
    else if ((size_t)reg->orpha >= x->norpha || !x->orpha[reg->orpha])
        ERR(C_ORPHA, "unknown ORPHAcode %.40s", orpha);
    else if (x->orpha[reg->orpha] != 1)
        ERR(C_ORPHA, "ORPHAcode %.40s is obsolete or deprecated: register its successor", orpha);
    if (!zl_parse_i64(field(x, C_BIRTH), &v) || v < 1900 || v > x->this_year)
        ERR(C_BIRTH, "bad year of birth '%.40s' (1900 to this year)", field(x, C_BIRTH));
    else
        reg->birth_year = (int16_t)(birth = v);
    const char *dates[2] = {field(x, C_DIAG), field(x, C_CONTACT)};
    for (int k = 0; k < 2; k++) {
        int c = k ? C_CONTACT : C_DIAG;
        if (!zl_registry_date(dates[k], &y))
            ERR(c, "bad date '%.40s' (expected YYYY-MM-DD)", dates[k]);
        else if (strcmp(dates[k], x->today) > 0)
            ERR(c, "date %.40s is in the future", dates[k]);
        else if (birth >= 0 && y < birth)
            ERR(c, "date %.40s is before the year of birth", dates[k]);
    }
    copy_date(reg->diagnosis_date, dates[0]);
    copy_date(reg->contact_date, dates[1]);
    const char *sex = field(x, C_SEX);
    if (strlen(sex) != 1 || !strchr("MFX", sex[0]))
        ERR(C_SEX, "bad sex '%.40s' (expected M, F or X)", sex);
    reg->sex = sex[0];
    const char *pc4 = field(x, C_PC4);
    if (!zl_parse_i64(pc4, &v) || v < 1000 || v > 9999 || strlen(pc4) != 4)
        ERR(C_PC4, "invalid PC4 '%.40s' (4 digits, 1000-9999)", pc4);
    else if (!x->pc4[v])
        ERR(C_PC4, "unknown PC4 %.40s (not a CBS postcode area)", pc4);
    else
        reg->pc4 = (int16_t)v;
    return n;
}

#undef ERR

/* The current row's fields as read (at most ncols). */
static size_t row_fields(const import_ctx *x, const char **fields)
{
    size_t n = zl_csv_ncols(x->csv);
    for (size_t i = 0; i < n; i++)
        fields[i] = zl_csv_field(x->csv, i);
    return n;
}

/* Records every error of the current row and reports it as rejected. */
static zl_status reject_current(import_ctx *x, const row_error *errs, int n, zl_err *err)
{
    long line = zl_csv_line(x->csv);
    zl_buf all = {0};
    zl_status st = ZL_OK;
    for (int i = 0; st == ZL_OK && i < n; i++) {
        char reason[300];
        zl_err why = {0};
        snprintf(reason, sizeof reason, errs[i].why, errs[i].arg ? errs[i].arg : "");
        if (errs[i].col >= 0)
            zl_csv_fail(x->csv, x->col[errs[i].col], &why, "%s", reason);
        else
            zl_fail(&why, ZL_EINPUT, "%s", reason);
        st = add_error(x, line, errs[i].col >= 0 ? columns[errs[i].col] : NULL, why.msg, err);
        if (st == ZL_OK)
            st = zl_buf_printf(&all, err, "%s%s", i ? "; " : "", why.msg);
    }
    if (st == ZL_OK) {
        const char *fields[256];
        size_t nf = zl_csv_ncols(x->csv) <= 256 ? row_fields(x, fields) : 0;
        report_row(x, line, fields, nf, all.data ? all.data : "");
    }
    zl_buf_free(&all);
    return st;
}

static zl_status validate_row(import_ctx *x, zl_err *err)
{
    if (x->synthetic_col >= 0 && !x->synthetic) {
        const char *v = zl_csv_field(x->csv, (size_t)x->synthetic_col);
        x->synthetic = strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0;
    }
    if (zl_grow((void **)&x->rows, &x->cap, x->n + 1, sizeof *x->rows, err) != ZL_OK)
        return ZL_ENOMEM;
    vrow *r = &x->rows[x->n];
    row_error errs[NCOLS + 2];
    int bad = validate(x, r, errs);
    if (bad > 0)
        return reject_current(x, errs, bad, err);
    r->line = (int32_t)zl_csv_line(x->csv);
    x->n++;
    return ZL_OK;
}

static zl_status read_rows(import_ctx *x, zl_err *err)
{
    for (;;) {
        bool has;
        zl_status st = zl_csv_next(x->csv, &has, err);
        if (st == ZL_EINPUT && strstr(err->msg, "fields as in the header")) {
            /* A row with the wrong number of fields is a bad row, not a bad file. */
            x->res->rows++;
            row_error e = {-1, "%s", err->msg};
            char msg[ZL_ERR_MSG_MAX];
            snprintf(msg, sizeof msg, "%s", err->msg);
            e.arg = msg;
            zl_err_clear(err);
            if (reject_current(x, &e, 1, err) != ZL_OK)
                return ZL_ENOMEM;
            continue;
        }
        if (st != ZL_OK)
            return st;
        if (!has)
            return ZL_OK;
        x->res->rows++;
        if ((st = validate_row(x, err)) != ZL_OK)
            return st;
    }
}

/* ---- reading in two halves (two cores) ---- */

/* A file this large is read by two threads (opts threads 0): validation is most of the
 * client's time of a large import (0.8 s of 1.2 million rows) while the server waits. */
#define SPLIT_MIN_BYTES (4u << 20)

/* A rejected row of the second half, kept until the first half's are reported. */
typedef struct report_copy {
    long line;
    char **fields;
    size_t nfields;
    char *reasons;
} report_copy;

/* The second half: its own reader, rows, result and reports; the reference data shared. */
typedef struct half_read {
    import_ctx x;
    zl_registry_import_result res;
    zl_registry_import_opts opts;
    report_copy *reports;
    size_t nreports, capr;
    bool nomem;
    zl_status st;
    zl_err err;
} half_read;

static void report_copy_free(report_copy *r)
{
    for (size_t i = 0; r->fields && i < r->nfields; i++)
        free(r->fields[i]);
    free(r->fields);
    free(r->reasons);
}

/* on_reject of the second half: a copy, reported after the first half's. */
static void keep_report(void *ctx, const zl_registry_rejected_row *row)
{
    half_read *h = ctx;
    if (h->nomem ||
        zl_grow((void **)&h->reports, &h->capr, h->nreports + 1, sizeof *h->reports, NULL)) {
        h->nomem = true;
        return;
    }
    report_copy *r = &h->reports[h->nreports];
    *r = (report_copy){row->line, calloc(row->nfields + 1, sizeof *r->fields), row->nfields,
                       strdup(row->reasons)};
    bool ok = r->fields && r->reasons;
    for (size_t i = 0; ok && i < row->nfields; i++)
        ok = (r->fields[i] = strdup(row->fields[i])) != NULL;
    if (!ok) {
        report_copy_free(r);
        h->nomem = true;
        return;
    }
    h->nreports++;
}

static void *half_main(void *arg)
{
    half_read *h = arg;
    h->st = read_rows(&h->x, &h->err);
    return NULL;
}

/* Splits x's reader (zl_csv_split); *h reads the second half (h->x.csv NULL: no split). */
static zl_status half_prepare(import_ctx *x, half_read *h, zl_err *err)
{
    memset(h, 0, sizeof *h);
    zl_csv *rest = NULL;
    if (zl_csv_split(x->csv, &rest, err) != ZL_OK)
        return ZL_ENOMEM;
    if (!rest)
        return ZL_OK;
    h->x = *x; /* the reference data and header shared, read-only */
    h->x.csv = rest;
    h->x.rows = NULL, h->x.n = h->x.cap = 0;
    h->x.synthetic = false;
    h->x.res = &h->res;
    h->opts = *x->opts;
    h->opts.on_reject = x->opts->on_reject ? keep_report : NULL;
    h->opts.ctx = h;
    h->x.opts = &h->opts;
    return ZL_OK;
}

/* The second half's rejects after the first's, the first ZL_REGISTRY_MAX_REJECTS kept as
 * a single reader keeps them (capacity a multiple of 64, as add_error grows it). */
static zl_status merge_rejects(zl_registry_import_result *to, zl_registry_import_result *from,
                               zl_err *err)
{
    size_t room = ZL_REGISTRY_MAX_REJECTS - to->nrejects, k = 0;
    size_t take = from->nrejects < room ? from->nrejects : room;
    if (take) {
        size_t cap = (to->nrejects + take + 63) / 64 * 64;
        void *p = realloc(to->rejects, cap * sizeof *to->rejects);
        if (!p)
            return zl_fail(err, ZL_ENOMEM, "out of memory");
        to->rejects = p;
        memcpy(to->rejects + to->nrejects, from->rejects, take * sizeof *from->rejects);
        to->nrejects += take;
        k = take;
    }
    for (; k < from->nrejects; k++)
        free(from->rejects[k].reason);
    free(from->rejects);
    from->rejects = NULL, from->nrejects = 0;
    to->rows += from->rows, to->errors += from->errors, to->rejected += from->rejected;
    return ZL_OK;
}

/* Appends the second half's rows, counts and rejects to x's, and tells x's caller about
 * its rejected rows, all as one reader would have. */
static zl_status half_merge(import_ctx *x, half_read *h, zl_err *err)
{
    if (h->nomem)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    if (zl_grow((void **)&x->rows, &x->cap, x->n + h->x.n, sizeof *x->rows, err) != ZL_OK)
        return ZL_ENOMEM;
    if (h->x.n)
        memcpy(x->rows + x->n, h->x.rows, h->x.n * sizeof *x->rows);
    x->n += h->x.n;
    x->synthetic |= h->x.synthetic;
    for (size_t i = 0; i < h->nreports; i++) {
        const report_copy *r = &h->reports[i];
        zl_registry_rejected_row row = {r->line, (const char *const *)x->header,
                                        (const char *const *)r->fields, r->nfields, r->reasons};
        x->opts->on_reject(x->opts->ctx, &row);
    }
    return merge_rejects(x->res, &h->res, err);
}

static void half_free(half_read *h)
{
    for (size_t i = 0; i < h->nreports; i++)
        report_copy_free(&h->reports[i]);
    free(h->reports);
    for (size_t i = 0; i < h->res.nrejects; i++)
        free(h->res.rejects[i].reason);
    free(h->res.rejects);
    free(h->x.rows);
    zl_csv_close(h->x.csv);
}

/* Reserves room for every valid row a part of `bytes` can hold (each has a 64-digit
 * pseudonym and two dates: 96 bytes or more), so that reading never copies the rows to a
 * larger block; untouched room is only address space, and zl_grow advises huge pages. */
static zl_status reserve_rows(import_ctx *x, size_t bytes, zl_err *err)
{
    return zl_grow((void **)&x->rows, &x->cap, bytes / 96 + 16, sizeof *x->rows, err);
}

/* Reads every row: a large file in two halves on two threads (the second on a thread of
 * its own, or after the first when none can be started), the result that of one reader:
 * the first error in file order fails the read. */
static zl_status read_all_rows(import_ctx *x, zl_err *err)
{
    bool split =
        x->opts->threads == 2 || (x->opts->threads == 0 && zl_csv_size(x->csv) >= SPLIT_MIN_BYTES);
    half_read h;
    if (reserve_rows(x, zl_csv_size(x->csv), err) != ZL_OK) /* the whole file's: merged */
        return ZL_ENOMEM;
    if (!split)
        return read_rows(x, err);
    if (half_prepare(x, &h, err) != ZL_OK)
        return ZL_ENOMEM;
    if (!h.x.csv)
        return read_rows(x, err);
    if (reserve_rows(&h.x, zl_csv_size(h.x.csv), err) != ZL_OK) {
        half_free(&h);
        return ZL_ENOMEM;
    }
    pthread_t t;
    bool threaded = pthread_create(&t, NULL, half_main, &h) == 0;
    zl_status st = read_rows(x, err);
    if (threaded)
        pthread_join(t, NULL);
    else if (st == ZL_OK)
        half_main(&h);
    if (st == ZL_OK && h.st != ZL_OK) {
        st = h.st;
        if (err)
            *err = h.err;
    }
    if (st == ZL_OK)
        st = half_merge(x, &h, err);
    half_free(&h);
    return st;
}

static int key_cmp(const vrow *a, const vrow *b)
{
    if (a->orpha != b->orpha)
        return a->orpha < b->orpha ? -1 : 1;
    int c = memcmp(a->pseudonym, b->pseudonym, 32);
    if (c)
        return c;
    return (a->loc > b->loc) - (a->loc < b->loc);
}

static int row_cmp(const void *pa, const void *pb)
{
    const vrow *a = pa, *b = pb;
    int c = key_cmp(a, b);
    return c ? c : (a->line > b->line) - (a->line < b->line);
}

/* A row's place in key order, 16 bytes: a prefix of (orpha, pseudonym) that orders as
 * row_cmp does, ties resolved by row_cmp on the row. Sorting these instead of the 80-byte
 * rows: a third of the import's client time went to qsort moving and comparing whole rows
 * (perf, 1.2 million rows). */
typedef struct sort_entry {
    uint64_t prefix;
    const vrow *row;
} sort_entry;

/* Orders as row_cmp (not strictly): codes from 2^24 on share the top prefix. */
static uint64_t key_prefix(const vrow *v)
{
    assert(v->orpha >= 0);
    uint64_t code = v->orpha < 0xffffff ? (uint64_t)v->orpha : 0xffffff;
    uint64_t p = code << 40;
    for (int i = 0; i < 5; i++)
        p |= (uint64_t)v->pseudonym[i] << (32 - 8 * i);
    return p;
}

static int entry_cmp(const void *pa, const void *pb)
{
    const sort_entry *a = pa, *b = pb;
    if (a->prefix != b->prefix)
        return a->prefix < b->prefix ? -1 : 1;
    return row_cmp(a->row, b->row);
}

static int reject_cmp(const void *pa, const void *pb)
{
    const zl_registry_reject *a = pa, *b = pb;
    return (a->line > b->line) - (a->line < b->line);
}

static void to_registration(const import_ctx *x, const vrow *v, zl_registration *reg)
{
    reg->location_id = x->locs[v->loc];
    reg->orpha = v->orpha;
    reg->birth_year = v->birth_year;
    reg->sex[0] = v->sex;
    reg->sex[1] = '\0';
    reg->pc4 = v->pc4;
    memcpy(reg->pseudonym, v->pseudonym, 32);
    memcpy(reg->diagnosis_date, v->diagnosis_date, 11);
    memcpy(reg->contact_date, v->contact_date, 11);
}

/* A row whose key appeared before: its fields rebuilt from the validated row (the file
 * has been read by now), every other column empty. */
static zl_status reject_duplicate(import_ctx *x, const vrow *v, long first_line, zl_err *err)
{
    char msg[ZL_ERR_MSG_MAX], hex[65], orpha[32], birth[8], pc4[8], sex[2] = {v->sex, 0};
    snprintf(msg, sizeof msg,
             "%s:%ld: duplicate: the same location, pseudonym and ORPHAcode as line %ld", x->name,
             (long)v->line, first_line);
    zl_status st = add_error(x, v->line, NULL, msg, err);
    if (st != ZL_OK || !x->opts->on_reject)
        return x->res->rejected++, st;
    sodium_bin2hex(hex, sizeof hex, v->pseudonym, 32);
    snprintf(orpha, sizeof orpha, "ORPHA:%lld", (long long)v->orpha);
    snprintf(birth, sizeof birth, "%d", v->birth_year);
    snprintf(pc4, sizeof pc4, "%d", v->pc4);
    const char *known[NCOLS] = {x->locs[v->loc], hex, orpha, v->diagnosis_date,
                                birth,           sex, pc4,   v->contact_date};
    const char *fields[256];
    size_t nf = x->ncols <= 256 ? x->ncols : 0;
    for (size_t i = 0; i < nf; i++)
        fields[i] = "";
    for (int k = 0; k < NCOLS; k++)
        if ((size_t)x->col[k] < nf)
            fields[x->col[k]] = known[k];
    report_row(x, v->line, fields, nf, msg);
    return ZL_OK;
}

/* The i-th accepted row for the store (x->keep: indices of the rows kept, in key order). */
static void kept_row(void *ctx, size_t i, zl_registration *reg, long *line)
{
    const import_ctx *x = ctx;
    const vrow *v = &x->rows[x->keep[i]];
    /* The rows are read in key order, not memory order: fetch a few ahead. */
    if (i + 8 < x->nkeep)
        __builtin_prefetch(&x->rows[x->keep[i + 8]]);
    to_registration(x, v, reg);
    *line = v->line;
}

/* Sorts e by entry_cmp: an LSD radix sort on the prefix (11-bit digits; a pass is skipped
 * when every entry has the same digit), then each run of equal prefixes ordered by
 * entry_cmp, which the radix passes leave in place (they are stable). qsort took 0.28 s of
 * the import's client time for 1.2 million rows (perf). */
static zl_status radix_sort(sort_entry *e, size_t n, zl_err *err)
{
    enum { BITS = 11, BUCKETS = 1 << BITS };
    assert(n > 0);
    sort_entry *tmp = zl_malloc_huge(n * sizeof *tmp), *from = e, *to = tmp;
    size_t *count = malloc(BUCKETS * sizeof *count);
    if (!tmp || !count) {
        free(tmp);
        free(count);
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    for (int shift = 0; shift < 64; shift += BITS) {
        memset(count, 0, BUCKETS * sizeof *count);
        for (size_t i = 0; i < n; i++)
            count[(from[i].prefix >> shift) & (BUCKETS - 1)]++;
        if (count[(from[0].prefix >> shift) & (BUCKETS - 1)] == n)
            continue; /* one digit for all: this pass would change nothing */
        for (size_t b = 0, sum = 0; b < BUCKETS; b++) {
            size_t c = count[b];
            count[b] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            to[count[(from[i].prefix >> shift) & (BUCKETS - 1)]++] = from[i];
        sort_entry *t = from;
        from = to, to = t;
    }
    if (from != e)
        memcpy(e, from, n * sizeof *e);
    free(tmp);
    free(count);
    for (size_t i = 1; i < n; i++) { /* equal prefixes: insertion sort within the run */
        sort_entry v = e[i];
        size_t j = i;
        for (; j > 0 && e[j - 1].prefix == v.prefix && entry_cmp(&e[j - 1], &v) > 0; j--)
            e[j] = e[j - 1];
        e[j] = v;
    }
    return ZL_OK;
}

/* The rows in key order (row_cmp): *out, n entries, the caller frees it. */
static zl_status sort_rows(const import_ctx *x, sort_entry **out, zl_err *err)
{
    sort_entry *e = zl_malloc_huge(x->n * sizeof *e);
    if (!e)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t i = 0; i < x->n; i++)
        e[i] = (sort_entry){key_prefix(&x->rows[i]), &x->rows[i]};
    if (x->n > 1 && radix_sort(e, x->n, err) != ZL_OK) {
        free(e);
        return ZL_ENOMEM;
    }
    *out = e;
    return ZL_OK;
}

/* Keeps each key's first row in key order (x->keep); a key repeated in the file is
 * rejected at every line after its first. */
static zl_status keep_first_rows(import_ctx *x, const sort_entry *e, zl_err *err)
{
    x->nkeep = 0;
    zl_status st = ZL_OK;
    for (size_t i = 0; st == ZL_OK && i < x->n; i++) {
        size_t first = i;
        while (first > 0 && key_cmp(e[first - 1].row, e[i].row) == 0)
            first--;
        if (first < i)
            st = reject_duplicate(x, e[i].row, e[first].row->line, err);
        else
            x->keep[x->nkeep++] = (size_t)(e[i].row - x->rows);
    }
    return st;
}

/* Stores the validated rows in key order, each key once. */
static zl_status store_rows(zl_store *s, import_ctx *x, int64_t sub, zl_err *err)
{
    sort_entry *order = NULL;
    if (sort_rows(x, &order, err) != ZL_OK)
        return ZL_ENOMEM;
    if (!(x->keep = zl_malloc_huge(x->n * sizeof *x->keep))) {
        free(order);
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    zl_status st = keep_first_rows(x, order, err);
    free(order);
    zl_reg_written done;
    if (st == ZL_OK)
        st = zl_store_registry_write(s, sub, x->nkeep, kept_row, x, &done, err);
    if (st == ZL_OK) {
        x->res->accepted += (int64_t)x->nkeep;
        x->res->inserted = done.inserted;
        x->res->updated = done.updated;
        x->res->unchanged = done.unchanged;
    }
    if (x->res->nrejects > 1)
        qsort(x->res->rejects, x->res->nrejects, sizeof *x->res->rejects, reject_cmp);
    return st;
}

static zl_status on_location(const char *id, int64_t umc, void *ctx, zl_err *err)
{
    import_ctx *x = ctx;
    if (zl_grow((void **)&x->locs, &x->capl, x->nlocs + 1, sizeof *x->locs, err) != ZL_OK)
        return ZL_ENOMEM;
    if (!(x->locs[x->nlocs] = strdup(id)))
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    x->nlocs++;
    return ZL_OK;
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static zl_status load_reference(zl_store *s, import_ctx *x, zl_err *err)
{
    zl_date_today(x->today);
    x->this_year = atoi(x->today);
    if (zl_store_registry_location_list(s, on_location, x, err) != ZL_OK ||
        zl_store_registry_orpha_codes(s, &x->orpha, &x->norpha, err) != ZL_OK ||
        zl_store_registry_pc4s(s, x->pc4, err) != ZL_OK)
        return err ? err->code : ZL_EDB;
    qsort(x->locs, x->nlocs, sizeof *x->locs, str_cmp); /* SQL collation need not be strcmp */
    return ZL_OK;
}

/* BLAKE2b-256 of the file's bytes, streamed (the CSV reader holds its own copy). */
static zl_status file_digest(const char *path, char hex[65], zl_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return zl_fail(err, ZL_EIO, "%s: cannot open: %s", path, strerror(errno));
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, 32);
    unsigned char chunk[1 << 16], h[32];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        crypto_generichash_update(&st, chunk, n);
    bool bad = ferror(f);
    fclose(f);
    if (bad)
        return zl_fail(err, ZL_EIO, "%s: read error", path);
    crypto_generichash_final(&st, h, sizeof h);
    sodium_bin2hex(hex, 65, h, sizeof h);
    return ZL_OK;
}

/* The digest is a second pass over the file; it runs on its own thread while this one
 * reads and validates the rows (half a second of a 1.2-million-row import, when the
 * database server is idle anyway). Without a thread it runs in line. */
typedef struct digest_job {
    const char *path;
    char hex[65];
    zl_err err;
    zl_status st;
    pthread_t thread;
    bool started;
} digest_job;

static void *digest_main(void *arg)
{
    digest_job *j = arg;
    j->st = file_digest(j->path, j->hex, &j->err);
    return NULL;
}

static void digest_start(digest_job *j, const char *path)
{
    *j = (digest_job){.path = path};
    j->started = pthread_create(&j->thread, NULL, digest_main, j) == 0;
}

/* Waits for the digest (or computes it now); ZL_OK with j->hex, else the error in err. */
static zl_status digest_finish(digest_job *j, zl_err *err)
{
    if (j->started)
        pthread_join(j->thread, NULL);
    else
        digest_main(j);
    j->started = false;
    if (j->st != ZL_OK && err)
        *err = j->err;
    return j->st;
}

static zl_status run_submission(zl_store *s, import_ctx *x, const char *path, const char *digest,
                                bool synthetic, zl_err *err, const char *location)
{
    zl_registry_import_result *r = x->res;
    if (zl_store_begin(s, err) != ZL_OK)
        return err ? err->code : ZL_EDB;
    zl_store_registry_bulk(s, true);
    zl_status st = zl_store_registry_submission_open(s, path, digest, synthetic, location,
                                                     &r->submission_id, err);
    if (st == ZL_OK)
        st = store_rows(s, x, r->submission_id, err);
    zl_submission_counts c = {r->rows,    r->accepted,  r->rejected, r->inserted,
                              r->updated, r->unchanged, x->synthetic};
    if (st == ZL_OK)
        st = zl_store_registry_submission_close(s, r->submission_id, &c, err);
    if (st == ZL_OK)
        st = zl_store_log_import(s, "registrations", path, r->accepted, synthetic || x->synthetic,
                                 err);
    /* Rejected rows without allow_partial: a report, and the database unchanged. */
    r->stored = st == ZL_OK && (r->rejected == 0 || x->opts->allow_partial);
    if (r->stored)
        st = zl_store_commit(s, err);
    else
        zl_store_rollback(s);
    zl_store_registry_bulk(s, false);
    return st;
}

/* Keeps the header for rebuilding duplicate rows after the reader is closed. */
static zl_status copy_header(import_ctx *x, zl_err *err)
{
    x->ncols = zl_csv_ncols(x->csv);
    if (!(x->header = calloc(x->ncols + 1, sizeof *x->header)))
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t i = 0; i < x->ncols; i++)
        if (!(x->header[i] = strdup(zl_csv_header(x->csv, i))))
            return zl_fail(err, ZL_ENOMEM, "out of memory");
    return ZL_OK;
}

zl_status zl_registry_import_ex(zl_store *s, const char *path, const zl_registry_import_opts *o,
                                zl_registry_import_result *res, zl_err *err)
{
    memset(res, 0, sizeof *res);
    import_ctx x = {.res = res, .name = path, .opts = o, .only_location = o->location};
    digest_job digest = {0};
    zl_status st = sodium_init() < 0
                       ? zl_fail(err, ZL_EINTERNAL, "libsodium could not be initialised")
                       : zl_csv_open(path, &x.csv, err);
    if (st == ZL_OK) {
        res->delimiter = zl_csv_delimiter(x.csv);
        zl_csv_set_progress(x.csv, zl_store_progress(s), "reading registrations");
        digest_start(&digest, path);
    }
    if (st == ZL_OK)
        st = zl_csv_require(x.csv, columns, x.col, NCOLS, err);
    if (st == ZL_OK)
        st = copy_header(&x, err);
    if (st == ZL_OK)
        x.synthetic_col = zl_csv_col(x.csv, "synthetic");
    if (st == ZL_OK)
        st = load_reference(s, &x, err);
    if (st == ZL_OK)
        st = read_all_rows(&x, err);
    zl_csv_close(x.csv);
    x.csv = NULL;
    if (digest.path) { /* joined on every path; its error only when nothing failed before */
        zl_status dst = digest_finish(&digest, st == ZL_OK ? err : NULL);
        if (st == ZL_OK)
            st = dst;
    }
    if (st == ZL_OK)
        st = run_submission(s, &x, o->name ? o->name : path, digest.hex, o->synthetic, err,
                            o->location);
    for (size_t i = 0; i < x.nlocs; i++)
        free(x.locs[i]);
    free(x.locs);
    zl_strv_free(x.header);
    free(x.orpha);
    free(x.rows);
    free(x.keep);
    if (st != ZL_OK)
        zl_registry_import_result_free(res);
    return st;
}

zl_status zl_registry_import(zl_store *s, const char *path, bool synthetic,
                             zl_registry_import_result *res, zl_err *err)
{
    zl_registry_import_opts o = {.synthetic = synthetic, .allow_partial = true};
    return zl_registry_import_ex(s, path, &o, res, err);
}

zl_status zl_registry_import_upload(zl_store *s, const char *path, const zl_registry_upload *u,
                                    zl_registry_import_result *res, zl_err *err)
{
    zl_registry_import_opts o = {.allow_partial = true, .name = u->name, .location = u->location};
    return zl_registry_import_ex(s, path, &o, res, err);
}

void zl_registry_import_result_free(zl_registry_import_result *res)
{
    for (size_t i = 0; i < res->nrejects; i++)
        free(res->rejects[i].reason);
    free(res->rejects);
    res->rejects = NULL;
    res->nrejects = 0;
}
