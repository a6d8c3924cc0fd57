/* The registration import: every row is validated against the reference data (ORPHAcodes,
 * locations, PC4 areas) and stored by its natural key, or rejected with its line and
 * reason. A submission is atomic: its valid rows and its log entry commit together. */
#include "zorglandschap/registry.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "zorglandschap/csv.h"
#include "zorglandschap/store_registry.h"

enum { C_LOC, C_PSEUDO, C_ORPHA, C_DIAG, C_BIRTH, C_SEX, C_PC4, C_CONTACT, NCOLS };
static const char *const columns[NCOLS] = {"location_id", "pseudonym",    "orpha",
                                           "diagnosis_date", "birth_year", "sex",
                                           "pc4",           "contact_date"};

/* Keys of rows found unchanged in this submission, with their line: the store sees the
 * submission id only on rows it wrote, so a repeat of an unchanged row is caught here. */
typedef struct seen_key {
    char *key; /* "orpha/pseudonym bytes/location" */
    size_t len;
    long line;
} seen_key;

typedef struct seen_map {
    seen_key *slots;
    size_t cap, n;
} seen_map;

typedef struct import_ctx {
    zl_csv *csv;
    int col[NCOLS];
    int synthetic_col; /* optional column 'synthetic': true/1 labels the submission */
    bool synthetic;
    zl_strset *locations;
    unsigned char *orpha; /* bitmap of known ORPHAcodes */
    size_t norpha;
    unsigned char pc4[10000];
    char today[11];
    int this_year;
    zl_registry_import_result *res;
    seen_map unchanged;
} import_ctx;

static size_t key_of(const zl_registration *r, char *buf, size_t cap)
{
    size_t loc = strlen(r->location_id);
    if (8 + 32 + loc > cap)
        loc = cap - 40;
    memcpy(buf, &r->orpha, 8);
    memcpy(buf + 8, r->pseudonym, 32);
    memcpy(buf + 40, r->location_id, loc);
    return 40 + loc;
}

static uint64_t key_hash(const char *k, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)k[i]) * 1099511628211ULL;
    return h;
}

static seen_key *seen_find(seen_map *m, const char *k, size_t n)
{
    if (!m->cap)
        return NULL;
    for (size_t i = key_hash(k, n) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        seen_key *e = &m->slots[i];
        if (!e->key || (e->len == n && memcmp(e->key, k, n) == 0))
            return e;
    }
}

static zl_status seen_add(seen_map *m, const char *k, size_t n, long line, zl_err *err)
{
    if (2 * (m->n + 1) > m->cap) {
        seen_map bigger = {calloc(m->cap ? 2 * m->cap : 1024, sizeof(seen_key)),
                           m->cap ? 2 * m->cap : 1024, 0};
        if (!bigger.slots)
            return zl_fail(err, ZL_ENOMEM, "out of memory");
        for (size_t i = 0; i < m->cap; i++)
            if (m->slots[i].key)
                *seen_find(&bigger, m->slots[i].key, m->slots[i].len) = m->slots[i];
        bigger.n = m->n;
        free(m->slots);
        *m = bigger;
    }
    seen_key *e = seen_find(m, k, n);
    if (!(e->key = malloc(n)))
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    memcpy(e->key, k, n);
    e->len = n;
    e->line = line;
    m->n++;
    return ZL_OK;
}

static void seen_free(seen_map *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].key);
    free(m->slots);
}

bool zl_registry_date(const char *s, int *year)
{
    if (!zl_date_valid(s))
        return false;
    *year = atoi(s);
    return true;
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
    if (!(r->nrejects % 64)) {
        void *p = realloc(r->rejects, (r->nrejects + 64) * sizeof *r->rejects);
        if (!p)
            return zl_fail(err, ZL_ENOMEM, "out of memory");
        r->rejects = p;
    }
    zl_registry_reject *j = &r->rejects[r->nrejects];
    j->line = zl_csv_line(x->csv);
    if (!(j->reason = strdup(why.msg)))
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    r->nrejects++;
    return ZL_OK;
}

static const char *field(const import_ctx *x, int c)
{
    return zl_csv_field(x->csv, (size_t)x->col[c]);
}

/* Parses and checks one row into reg; returns the failing column or -1 when valid, with
 * the reason in *why (and its argument in *arg). */
static int validate(import_ctx *x, zl_registration *reg, const char **why, const char **arg)
{
    int64_t v;
    int y;
    *arg = NULL;
    reg->location_id = field(x, C_LOC);
    if (!*reg->location_id)
        return *why = "empty, a location id is required", C_LOC;
    if (!zl_strset_has(x->locations, reg->location_id))
        return *arg = reg->location_id, *why = "unknown location '%.40s'", C_LOC;
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
    reg->birth_year = (int)v;
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
    reg->sex[0] = sex[0];
    reg->sex[1] = '\0';
    const char *pc4 = field(x, C_PC4);
    if (!zl_parse_i64(pc4, &v) || v < 1000 || v > 9999 || strlen(pc4) != 4)
        return *arg = pc4, *why = "invalid PC4 '%.40s' (4 digits, 1000-9999)", C_PC4;
    if (!x->pc4[v])
        return *arg = pc4, *why = "unknown PC4 %.40s (not a CBS postcode area)", C_PC4;
    reg->pc4 = (int)v;
    return -1;
}

static zl_status import_row(zl_store *s, import_ctx *x, int64_t sub, zl_err *err)
{
    if (x->synthetic_col >= 0 && !x->synthetic) {
        const char *v = zl_csv_field(x->csv, (size_t)x->synthetic_col);
        x->synthetic = strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0;
    }
    zl_registration reg;
    const char *why, *arg;
    int bad = validate(x, &reg, &why, &arg);
    if (bad >= 0)
        return reject(x, bad, why, arg, err);
    zl_reg_put what;
    long dup = 0;
    char key[256];
    size_t klen = key_of(&reg, key, sizeof key);
    seen_key *seen = x->unchanged.n ? seen_find(&x->unchanged, key, klen) : NULL;
    if (seen && seen->key) {
        what = ZL_REG_DUPLICATE;
        dup = seen->line;
    } else if (zl_store_registry_put(s, &reg, sub, zl_csv_line(x->csv), &what, &dup, err) !=
               ZL_OK) {
        return err ? err->code : ZL_EDB;
    }
    if (what == ZL_REG_UNCHANGED &&
        seen_add(&x->unchanged, key, klen, zl_csv_line(x->csv), err) != ZL_OK)
        return ZL_ENOMEM;
    zl_registry_import_result *r = x->res;
    switch (what) {
    case ZL_REG_INSERTED:
        r->inserted++;
        break;
    case ZL_REG_UPDATED:
        r->updated++;
        break;
    case ZL_REG_UNCHANGED:
        r->unchanged++;
        break;
    case ZL_REG_DUPLICATE: {
        char line[32];
        snprintf(line, sizeof line, "%ld", dup);
        return reject(x, -1, "duplicate: the same location, pseudonym and ORPHAcode as line %s",
                      line, err);
    }
    }
    r->accepted++;
    return ZL_OK;
}

static zl_status import_rows(zl_store *s, import_ctx *x, int64_t sub, zl_err *err)
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
        if ((st = import_row(s, x, sub, err)) != ZL_OK)
            return st;
    }
}

static zl_status load_reference(zl_store *s, import_ctx *x, zl_err *err)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(x->today, sizeof x->today, "%Y-%m-%d", &tm);
    x->this_year = tm.tm_year + 1900;
    if (zl_strset_new(&x->locations, err) != ZL_OK ||
        zl_store_registry_locations(s, x->locations, err) != ZL_OK ||
        zl_store_registry_orpha_codes(s, &x->orpha, &x->norpha, err) != ZL_OK ||
        zl_store_registry_pc4s(s, x->pc4, err) != ZL_OK)
        return err ? err->code : ZL_EDB;
    return ZL_OK;
}

static void file_digest(const char *data, size_t len, char hex[65])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)data, len, NULL, 0);
    sodium_bin2hex(hex, 65, h, sizeof h);
}

static zl_status run_submission(zl_store *s, import_ctx *x, const char *path, const char *digest,
                                bool synthetic, zl_err *err)
{
    zl_registry_import_result *r = x->res;
    if (zl_store_begin(s, err) != ZL_OK)
        return err ? err->code : ZL_EDB;
    zl_store_registry_bulk(s, true);
    zl_status st =
        zl_store_registry_submission_open(s, path, digest, synthetic, &r->submission_id, err);
    if (st == ZL_OK)
        st = import_rows(s, x, r->submission_id, err);
    zl_submission_counts c = {r->rows,    r->accepted,  r->rejected,  r->inserted,
                              r->updated, r->unchanged, x->synthetic};
    if (st == ZL_OK)
        st = zl_store_registry_submission_close(s, r->submission_id, &c, err);
    if (st == ZL_OK)
        st = zl_store_log_import(s, "registrations", path, r->accepted,
                                 synthetic || x->synthetic, err);
    if (st == ZL_OK)
        st = zl_store_commit(s, err);
    else
        zl_store_rollback(s);
    zl_store_registry_bulk(s, false);
    return st;
}

zl_status zl_registry_import(zl_store *s, const char *path, bool synthetic,
                             zl_registry_import_result *res, zl_err *err)
{
    memset(res, 0, sizeof *res);
    import_ctx x = {.res = res};
    char *data = NULL, digest[65];
    size_t len;
    zl_status st = zl_read_file(path, &data, &len, err);
    if (st == ZL_OK && sodium_init() < 0)
        st = zl_fail(err, ZL_EINTERNAL, "libsodium could not be initialised");
    if (st == ZL_OK) {
        file_digest(data, len, digest);
        st = zl_csv_open_mem(path, data, len, &x.csv, err);
    }
    free(data);
    if (st == ZL_OK)
        st = zl_csv_require(x.csv, columns, x.col, NCOLS, err);
    if (st == ZL_OK)
        x.synthetic_col = zl_csv_col(x.csv, "synthetic");
    if (st == ZL_OK)
        st = load_reference(s, &x, err);
    if (st == ZL_OK)
        st = run_submission(s, &x, path, digest, synthetic, err);
    zl_csv_close(x.csv);
    zl_strset_free(x.locations);
    free(x.orpha);
    seen_free(&x.unchanged);
    if (st != ZL_OK)
        zl_registry_import_result_free(res);
    return st;
}

void zl_registry_import_result_free(zl_registry_import_result *res)
{
    for (size_t i = 0; i < res->nrejects; i++)
        free(res->rejects[i].reason);
    free(res->rejects);
    res->rejects = NULL;
    res->nrejects = 0;
}
