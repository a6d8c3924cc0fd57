/* The registration import: every row is validated against the reference data (ORPHAcodes,
 * locations, PC4 areas) or rejected with its line and reason; the valid rows are sorted by
 * their natural key and stored in that order (B-tree inserts in key order cost a third of
 * random ones), which also puts repeats of a key within the file next to each other. A
 * submission is atomic: its valid rows and its log entry commit together. */
#include "zorglandschap/registry.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "zorglandschap/csv.h"
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
    zl_registry_import_result *res;
    const char *only_location; /* an upload by a location: its own rows only */
} import_ctx;

bool zl_registry_date(const char *s, int *year)
{
    if (!zl_date_valid(s))
        return false;
    *year = atoi(s);
    return true;
}

/* Records a rejected row with its fully formatted reason. */
static zl_status reject_at(import_ctx *x, long line, const char *reason, zl_err *err)
{
    zl_registry_import_result *r = x->res;
    r->rejected++;
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
    if (!(j->reason = strdup(reason)))
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    r->nrejects++;
    return ZL_OK;
}

/* Records a rejected row; reason is printf-formatted after "FILE:LINE: column 'x': ". */
static zl_status reject(import_ctx *x, int col, const char *fmt, const char *arg, zl_err *err)
{
    zl_registry_import_result *r = x->res;
    r->rejected++;
    if (r->nrejects >= ZL_REGISTRY_MAX_REJECTS)
        return ZL_OK;
    zl_err why = {0};
    char reason[300];
    snprintf(reason, sizeof reason, fmt, arg);
    if (col == -2)
        zl_fail(&why, ZL_EINPUT, "%s", reason); /* already fully formatted */
    else
        zl_csv_fail(x->csv, col < 0 ? -1 : x->col[col], &why, "%s", reason);
    r->rejected--; /* reject_at counts it */
    return reject_at(x, zl_csv_line(x->csv), why.msg, err);
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

static int validate(import_ctx *x, vrow *reg, const char **why, const char **arg)
{
    int64_t v;
    int y;
    *arg = NULL;
    const char *loc = field(x, C_LOC);
    if (!*loc)
        return *why = "empty, a location id is required", C_LOC;
    if ((reg->loc = location_index(x, loc)) < 0)
        return *arg = loc, *why = "unknown location '%.40s'", C_LOC;
    if (x->only_location && strcmp(loc, x->only_location) != 0)
        return *arg = loc, *why = "location '%.40s' is not the location of this upload's token",
               C_LOC;
    if (!zl_pseudonym_parse(field(x, C_PSEUDO), reg->pseudonym))
        return *why = "malformed pseudonym: expected 64 hex digits (HMAC-SHA-256)", C_PSEUDO;
    if (!zl_orpha_parse(field(x, C_ORPHA), &reg->orpha))
        return *arg = field(x, C_ORPHA), *why = "not an ORPHAcode: '%.40s'", C_ORPHA;
    if ((size_t)reg->orpha >= x->norpha || !x->orpha[reg->orpha])
        return *arg = field(x, C_ORPHA), *why = "unknown ORPHAcode %.40s", C_ORPHA;
    if (x->orpha[reg->orpha] != 1)
        return *arg = field(x, C_ORPHA),
               *why = "ORPHAcode %.40s is obsolete or deprecated: register its successor", C_ORPHA;
    if (!zl_parse_i64(field(x, C_BIRTH), &v) || v < 1900 || v > x->this_year)
        return *arg = field(x, C_BIRTH), *why = "bad year of birth '%.40s' (1900 to this year)",
               C_BIRTH;
    reg->birth_year = (int16_t)v;
    const char *dates[2] = {field(x, C_DIAG), field(x, C_CONTACT)};
    for (int k = 0; k < 2; k++) {
        int c = k ? C_CONTACT : C_DIAG;
        if (!zl_registry_date(dates[k], &y))
            return *arg = dates[k], *why = "bad date '%.40s' (expected YYYY-MM-DD)", c;
        if (strcmp(dates[k], x->today) > 0)
            return *arg = dates[k], *why = "date %.40s is in the future", c;
        if (y < reg->birth_year)
            return *arg = dates[k], *why = "date %.40s is before the year of birth", c;
    }
    memcpy(reg->diagnosis_date, dates[0], 11);
    memcpy(reg->contact_date, dates[1], 11);
    const char *sex = field(x, C_SEX);
    if (strlen(sex) != 1 || !strchr("MFX", sex[0]))
        return *arg = sex, *why = "bad sex '%.40s' (expected M, F or X)", C_SEX;
    reg->sex = sex[0];
    const char *pc4 = field(x, C_PC4);
    if (!zl_parse_i64(pc4, &v) || v < 1000 || v > 9999 || strlen(pc4) != 4)
        return *arg = pc4, *why = "invalid PC4 '%.40s' (4 digits, 1000-9999)", C_PC4;
    if (!x->pc4[v])
        return *arg = pc4, *why = "unknown PC4 %.40s (not a CBS postcode area)", C_PC4;
    reg->pc4 = (int16_t)v;
    return -1;
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
    const char *why, *arg;
    int bad = validate(x, r, &why, &arg);
    if (bad >= 0)
        return reject(x, bad, why, arg, err);
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
            if (reject(x, -2, "%s", err->msg, err) != ZL_OK)
                return ZL_ENOMEM;
            zl_err_clear(err);
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

typedef struct batch {
    zl_registration rows[ZL_REGISTRY_BATCH];
    long lines[ZL_REGISTRY_BATCH];
    zl_reg_put what[ZL_REGISTRY_BATCH];
    size_t n;
} batch;

static zl_status flush(zl_store *s, import_ctx *x, batch *b, int64_t sub, zl_err *err)
{
    if (zl_store_registry_put_batch(s, b->rows, b->lines, b->n, sub, b->what, err) != ZL_OK)
        return err ? err->code : ZL_EDB;
    zl_registry_import_result *r = x->res;
    for (size_t i = 0; i < b->n; i++) {
        r->inserted += b->what[i] == ZL_REG_INSERTED;
        r->updated += b->what[i] == ZL_REG_UPDATED;
        r->unchanged += b->what[i] == ZL_REG_UNCHANGED;
    }
    r->accepted += (int64_t)b->n;
    b->n = 0;
    return ZL_OK;
}

/* Stores the validated rows in key order; a key repeated in the file is rejected at every
 * line after its first. */
static zl_status store_rows(zl_store *s, import_ctx *x, int64_t sub, zl_err *err)
{
    batch *b = malloc(sizeof *b);
    if (!b)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    b->n = 0;
    zl_status st = ZL_OK;
    if (x->n > 1)
        qsort(x->rows, x->n, sizeof *x->rows, row_cmp);
    for (size_t i = 0; i < x->n; i++) {
        const vrow *v = &x->rows[i];
        size_t first = i;
        while (first > 0 && key_cmp(&x->rows[first - 1], v) == 0)
            first--;
        if (first < i) {
            char msg[ZL_ERR_MSG_MAX];
            snprintf(msg, sizeof msg,
                     "%s:%ld: duplicate: the same location, pseudonym and "
                     "ORPHAcode as line %ld",
                     x->name, (long)v->line, (long)x->rows[first].line);
            if ((st = reject_at(x, v->line, msg, err)) != ZL_OK)
                break;
            continue;
        }
        to_registration(x, v, &b->rows[b->n]);
        b->lines[b->n++] = v->line;
        if (b->n == ZL_REGISTRY_BATCH && (st = flush(s, x, b, sub, err)) != ZL_OK)
            break;
    }
    if (st == ZL_OK)
        st = flush(s, x, b, sub, err);
    free(b);
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

static zl_status run_submission(zl_store *s, import_ctx *x, const char *path, const char *digest,
                                bool synthetic, zl_err *err, const char *location)
{
    zl_registry_import_result *r = x->res;
    if (zl_store_begin(s, err) != ZL_OK)
        return err ? err->code : ZL_EDB;
    zl_store_registry_bulk(s, true);
    zl_status st =
        zl_store_registry_submission_open(s, path, digest, synthetic, &r->submission_id, err);
    if (st == ZL_OK && location)
        st = zl_store_registry_submission_location(s, r->submission_id, location, err);
    if (st == ZL_OK)
        st = store_rows(s, x, r->submission_id, err);
    zl_submission_counts c = {r->rows,    r->accepted,  r->rejected, r->inserted,
                              r->updated, r->unchanged, x->synthetic};
    if (st == ZL_OK)
        st = zl_store_registry_submission_close(s, r->submission_id, &c, err);
    if (st == ZL_OK)
        st = zl_store_log_import(s, "registrations", path, r->accepted, synthetic || x->synthetic,
                                 err);
    if (st == ZL_OK)
        st = zl_store_commit(s, err);
    else
        zl_store_rollback(s);
    zl_store_registry_bulk(s, false);
    return st;
}

/* The import behind zl_registry_import and zl_registry_import_upload: source is the name
 * logged for the submission, location (or NULL) the uploading location. */
static zl_status import_file(zl_store *s, const char *path, const char *source,
                             const char *location, bool synthetic, zl_registry_import_result *res,
                             zl_err *err)
{
    memset(res, 0, sizeof *res);
    import_ctx x = {.res = res, .name = path, .only_location = location};
    char digest[65];
    zl_status st = sodium_init() < 0
                       ? zl_fail(err, ZL_EINTERNAL, "libsodium could not be initialised")
                       : zl_csv_open(path, &x.csv, err);
    if (st == ZL_OK)
        st = file_digest(path, digest, err);
    if (st == ZL_OK)
        st = zl_csv_require(x.csv, columns, x.col, NCOLS, err);
    if (st == ZL_OK)
        x.synthetic_col = zl_csv_col(x.csv, "synthetic");
    if (st == ZL_OK)
        st = load_reference(s, &x, err);
    if (st == ZL_OK)
        st = read_rows(&x, err);
    zl_csv_close(x.csv);
    x.csv = NULL;
    if (st == ZL_OK)
        st = run_submission(s, &x, source, digest, synthetic, err, location);
    for (size_t i = 0; i < x.nlocs; i++)
        free(x.locs[i]);
    free(x.locs);
    free(x.orpha);
    free(x.rows);
    if (st != ZL_OK)
        zl_registry_import_result_free(res);
    return st;
}

zl_status zl_registry_import(zl_store *s, const char *path, bool synthetic,
                             zl_registry_import_result *res, zl_err *err)
{
    return import_file(s, path, path, NULL, synthetic, res, err);
}

zl_status zl_registry_import_upload(zl_store *s, const char *path, const zl_registry_upload *u,
                                    zl_registry_import_result *res, zl_err *err)
{
    return import_file(s, path, u->name ? u->name : path, u->location, false, res, err);
}

void zl_registry_import_result_free(zl_registry_import_result *res)
{
    for (size_t i = 0; i < res->nrejects; i++)
        free(res->rejects[i].reason);
    free(res->rejects);
    res->rejects = NULL;
    res->nrejects = 0;
}
