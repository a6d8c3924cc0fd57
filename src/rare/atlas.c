/* The rare-disease atlas: whole tables read once from the store. Every disorder gets a
 * dense index (its rank by ORPHAcode); names, prevalence, parents and a date's centres
 * are addressed through per-index offsets, so an answer costs one binary search per hit
 * and array reads after that. The register is kept for the last ATLAS_DATES dates asked
 * for: answers are almost always for today, and a date's register is a few hundred rows,
 * cheap to read again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rare_internal.h"
#include "zorglandschap/store_rare_network.h"
#include "zorglandschap/util.h"

#define ATLAS_DATES 4

struct atlas_register {
    char date[11];
    atlas_table centres;  /* orpha, then zl_rare_get_centres' columns, by code */
    atlas_rowspan *of;    /* the centres of each index */
    atlas_table shared;   /* shared-care agreements valid on date (zl_rare_all_shared_care) */
    atlas_links partners; /* the agreements of each index and of the groups above it */
    unsigned long used;   /* tick of the last use, for replacing the least recent */
};

struct zl_rare_atlas {
    atlas_table disorders; /* orpha, name, type, by code */
    int64_t *code;         /* code of index i */
    size_t n;
    atlas_table preferred, prevalence;
    atlas_rowspan *preferred_of, *prevalence_of, *parents_of; /* per index */
    uint32_t *parents; /* parents as indexes, the rows of parents_of */
    zl_rows erns;
    uint32_t *seen, walk; /* index i was visited in walk number seen[i] */
    atlas_register reg[ATLAS_DATES];
    unsigned long tick;
    atlas_care *care; /* networks and travel times (atlas_care.c) */
};

static long index_of(const zl_rare_atlas *a, int64_t orpha)
{
    size_t lo = 0, hi = a->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a->code[mid] < orpha)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < a->n && a->code[lo] == orpha ? (long)lo : -1;
}

void zl_atlas_table_free(atlas_table *t)
{
    free(t->cell);
    free(t->text);
    *t = (atlas_table){0};
}

/* Packs src into t (one block of text, cells in row order) and frees src. Answers read
 * many cells of rows of random disorders: packed, a row's text shares cache lines and
 * lengths are known, where zl_rows has one allocation per cell. */
zl_status zl_atlas_pack(zl_rows *src, atlas_table *t, zl_err *err)
{
    size_t cells = src->n * src->ncol, bytes = 0;
    for (size_t k = 0; k < cells; k++)
        bytes += src->cell[k] ? strlen(src->cell[k]) + 1 : 0;
    *t = (atlas_table){.n = src->n, .ncol = src->ncol};
    t->cell = malloc((cells ? cells : 1) * sizeof *t->cell);
    t->text = malloc(bytes ? bytes : 1);
    if (!t->cell || !t->text || bytes > UINT32_MAX) {
        zl_atlas_table_free(t);
        zl_rows_free(src);
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    size_t at = 0;
    for (size_t k = 0; k < cells; k++) {
        const char *v = src->cell[k];
        size_t len = v ? strlen(v) : 0;
        t->cell[k] = (struct atlas_cell){(uint32_t)at, v ? (int32_t)len : -1};
        if (v) {
            memcpy(t->text + at, v, len + 1);
            at += len + 1;
        }
    }
    zl_rows_free(src);
    return ZL_OK;
}

atlas_text zl_atlas_cell(const atlas_table *t, size_t row, size_t col)
{
    const struct atlas_cell *c = &t->cell[row * t->ncol + col];
    return c->len < 0 ? (atlas_text){NULL, 0} : (atlas_text){t->text + c->off, (size_t)c->len};
}

/* The span of rows of every index, for rows sorted by the code in column 0 (rows of
 * codes that are not disorders belong to no span). */
zl_status zl_atlas_spans(const zl_rare_atlas *a, const zl_rows *r, atlas_rowspan **out, zl_err *err)
{
    atlas_rowspan *sp = calloc(a->n ? a->n : 1, sizeof *sp);
    if (!sp)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    size_t row = 0;
    for (size_t i = 0; i < a->n; i++) {
        while (row < r->n && zl_rows_int(r, row, 0) < a->code[i])
            row++;
        sp[i].from = (uint32_t)row;
        while (row < r->n && zl_rows_int(r, row, 0) == a->code[i])
            row++;
        sp[i].to = (uint32_t)row;
    }
    *out = sp;
    return ZL_OK;
}

static zl_status load_disorders(zl_rare_atlas *a, zl_store *s, zl_err *err)
{
    zl_rows d = {0};
    if (zl_rare_all_disorders(s, &d, err) != ZL_OK)
        return err->code;
    a->n = d.n;
    a->code = malloc((a->n ? a->n : 1) * sizeof *a->code);
    a->seen = calloc(a->n ? a->n : 1, sizeof *a->seen);
    if (!a->code || !a->seen) {
        zl_rows_free(&d);
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < a->n; i++)
        a->code[i] = zl_rows_int(&d, i, 0);
    return zl_atlas_pack(&d, &a->disorders, err);
}

/* A table of rows by code (got: the reader's status): its spans per index, packed. */
static zl_status load_table(const zl_rare_atlas *a, zl_status got, zl_rows *r, atlas_table *t,
                            atlas_rowspan **spans, zl_err *err)
{
    zl_status rc = got == ZL_OK ? zl_atlas_spans(a, r, spans, err) : got;
    if (rc != ZL_OK) {
        zl_rows_free(r);
        return rc;
    }
    return zl_atlas_pack(r, t, err);
}

/* The parents as a CSR over indexes (edges come sorted by child, then parent). */
static zl_status load_parents(zl_rare_atlas *a, zl_store *s, zl_err *err)
{
    zl_rows e = {0};
    zl_status rc = zl_rare_all_parents(s, &e, err);
    if (rc == ZL_OK)
        rc = zl_atlas_spans(a, &e, &a->parents_of, err);
    if (rc == ZL_OK && !(a->parents = malloc((e.n ? e.n : 1) * sizeof *a->parents)))
        rc = zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t i = 0; rc == ZL_OK && i < e.n; i++) {
        long p = index_of(a, zl_rows_int(&e, i, 1));
        a->parents[i] = p < 0 ? 0 : (uint32_t)p; /* the store joins parents to disorders */
    }
    zl_rows_free(&e);
    return rc;
}

zl_status zl_rare_atlas_build(zl_store *s, zl_rare_atlas **out, zl_err *err)
{
    zl_rare_atlas *a = calloc(1, sizeof *a);
    if (!a)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    zl_rows r = {0};
    zl_status rc = load_disorders(a, s, err);
    if (rc == ZL_OK)
        rc = load_table(a, zl_rare_all_preferred(s, &r, err), &r, &a->preferred, &a->preferred_of,
                        err);
    if (rc == ZL_OK)
        rc = load_table(a, zl_rare_all_prevalence(s, &r, err), &r, &a->prevalence,
                        &a->prevalence_of, err);
    if (rc == ZL_OK)
        rc = load_parents(a, s, err);
    if (rc == ZL_OK)
        rc = zl_rare_get_erns(s, &a->erns, err);
    if (rc == ZL_OK)
        rc = zl_atlas_care_build(a, s, &a->care, err);
    if (rc != ZL_OK) {
        zl_rare_atlas_free(a);
        return rc;
    }
    *out = a;
    return ZL_OK;
}

static void register_free(atlas_register *r)
{
    zl_atlas_table_free(&r->centres);
    free(r->of);
    r->of = NULL;
    zl_atlas_links_free(&r->partners, &r->shared);
    r->used = 0;
}

void zl_rare_atlas_free(zl_rare_atlas *a)
{
    if (!a)
        return;
    zl_atlas_table_free(&a->disorders);
    zl_atlas_table_free(&a->preferred);
    zl_atlas_table_free(&a->prevalence);
    zl_rows_free(&a->erns);
    free(a->code);
    free(a->seen);
    free(a->preferred_of);
    free(a->prevalence_of);
    free(a->parents_of);
    free(a->parents);
    for (int i = 0; i < ATLAS_DATES; i++)
        register_free(&a->reg[i]);
    zl_atlas_care_free(a->care);
    free(a);
}

long zl_atlas_index(const zl_rare_atlas *a, int64_t orpha)
{
    return index_of(a, orpha);
}

size_t zl_atlas_size(const zl_rare_atlas *a)
{
    return a->n;
}

int64_t zl_atlas_code(const zl_rare_atlas *a, uint32_t i)
{
    return a->code[i];
}

atlas_text zl_atlas_name(const zl_rare_atlas *a, uint32_t i)
{
    return zl_atlas_cell(&a->disorders, i, 1);
}

atlas_text zl_atlas_type(const zl_rare_atlas *a, uint32_t i)
{
    return zl_atlas_cell(&a->disorders, i, 2);
}

atlas_span zl_atlas_preferred(const zl_rare_atlas *a, uint32_t i)
{
    return (atlas_span){&a->preferred, a->preferred_of[i].from, a->preferred_of[i].to};
}

atlas_span zl_atlas_prevalence(const zl_rare_atlas *a, uint32_t i)
{
    return (atlas_span){&a->prevalence, a->prevalence_of[i].from, a->prevalence_of[i].to};
}

const uint32_t *zl_atlas_parents(const zl_rare_atlas *a, uint32_t i, size_t *n)
{
    *n = a->parents_of[i].to - a->parents_of[i].from;
    return a->parents + a->parents_of[i].from;
}

void zl_atlas_walk_begin(zl_rare_atlas *a)
{
    if (++a->walk == 0) { /* wrapped: forget every old visit */
        memset(a->seen, 0, (a->n ? a->n : 1) * sizeof *a->seen);
        a->walk = 1;
    }
}

bool zl_atlas_visit(zl_rare_atlas *a, uint32_t i)
{
    if (a->seen[i] == a->walk)
        return false;
    a->seen[i] = a->walk;
    return true;
}

const zl_rows *zl_atlas_erns(const zl_rare_atlas *a)
{
    return &a->erns;
}

static zl_status register_load(zl_rare_atlas *a, atlas_register *r, zl_store *s, const char *date,
                               zl_err *err)
{
    register_free(r);
    zl_rows c = {0};
    zl_status rc =
        load_table(a, zl_rare_all_centres(s, date, &c, err), &c, &r->centres, &r->of, err);
    if (rc == ZL_OK)
        rc = zl_rare_all_shared_care(s, date, &c, err);
    if (rc == ZL_OK)
        rc = zl_atlas_links_build(a, &c, &r->shared, &r->partners, err);
    if (rc != ZL_OK) {
        register_free(r);
        return rc;
    }
    snprintf(r->date, sizeof r->date, "%s", date);
    return ZL_OK;
}

zl_status zl_atlas_register(zl_rare_atlas *a, zl_store *s, const char *date,
                            const atlas_register **out, zl_err *err)
{
    atlas_register *slot = &a->reg[0];
    for (int i = 0; i < ATLAS_DATES; i++) {
        atlas_register *r = &a->reg[i];
        if (r->used && strcmp(r->date, date) == 0) {
            slot = r;
            break;
        }
        if (r->used < slot->used)
            slot = r;
    }
    if (!slot->used || strcmp(slot->date, date) != 0) {
        zl_status rc = register_load(a, slot, s, date, err);
        if (rc != ZL_OK)
            return rc;
    }
    slot->used = ++a->tick;
    *out = slot;
    return ZL_OK;
}

atlas_span zl_atlas_centres(const atlas_register *r, uint32_t i)
{
    return (atlas_span){&r->centres, r->of[i].from, r->of[i].to};
}

const uint32_t *zl_atlas_partners(const atlas_register *r, uint32_t i, size_t *n,
                                  const atlas_table **t)
{
    *t = &r->shared;
    return zl_atlas_links_of(&r->partners, i, n);
}

const atlas_care *zl_atlas_care(const zl_rare_atlas *a)
{
    return a->care;
}
