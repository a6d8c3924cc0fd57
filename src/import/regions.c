/* Importer of region layers: each row puts one area (pc4) or one location (location_id)
 * into region `code` of layer `layer`. A layer is a partition: an area or location is in
 * at most one region per layer, and a region's name must be the same on every row. An
 * optional `synthetic` column (0/1) marks made-up regions (the sample's care networks). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"
#include "zorglandschap/store_assess.h"
#include "zorglandschap/store_landscape.h"

/* Region names seen in this file, to catch one code given two names. */
typedef struct region_names {
    char **keys, **names;
    size_t n, cap;
} region_names;

static void names_free(region_names *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->keys[i]);
        free(r->names[i]);
    }
    free(r->keys);
    free(r->names);
}

/* Returns the name recorded for key, recording `name` when the key is new. */
static zl_status names_check(region_names *r, const char *key, const char *name, const char **prev,
                             zl_err *err)
{
    for (size_t i = 0; i < r->n; i++) {
        if (strcmp(r->keys[i], key) == 0) {
            *prev = r->names[i];
            return ZL_OK;
        }
    }
    size_t cap = r->cap;
    void *k = r->keys, *v = r->names;
    if (zl_grow(&k, &cap, r->n + 1, sizeof(char *), err) != ZL_OK)
        return ZL_ENOMEM;
    r->keys = k;
    cap = r->cap;
    if (zl_grow(&v, &cap, r->n + 1, sizeof(char *), err) != ZL_OK)
        return ZL_ENOMEM;
    r->names = v;
    r->cap = cap;
    r->keys[r->n] = strdup(key);
    r->names[r->n] = strdup(name);
    if (!r->keys[r->n] || !r->names[r->n]) {
        free(r->keys[r->n]);
        free(r->names[r->n]);
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    *prev = r->names[r->n++];
    return ZL_OK;
}

/* Validates and stores one row (its region, then its area or location). */
static zl_status region_row(zl_import_ctx *x, const int *col, region_names *names, zl_err *err)
{
    const char *layer, *code, *name, *prev = NULL;
    char key[512];
    bool changed, any = false;
    zl_status st;
    if ((st = zl_csv_text(x->c, col[0], &layer, err)) != ZL_OK ||
        (st = zl_csv_text(x->c, col[1], &code, err)) != ZL_OK ||
        (st = zl_csv_text(x->c, col[2], &name, err)) != ZL_OK)
        return st;
    const char *pc4s = zl_csv_field(x->c, (size_t)col[3]);
    const char *loc = zl_csv_field(x->c, (size_t)col[4]);
    if (!*pc4s == !*loc)
        return zl_csv_fail(x->c, col[3], err,
                           "give exactly one of pc4 and location_id on each row");
    snprintf(key, sizeof key, "%s\x1f%s", layer, code);
    if ((st = names_check(names, key, name, &prev, err)) != ZL_OK)
        return st;
    if (strcmp(prev, name) != 0)
        return zl_csv_fail(x->c, col[2], err,
                           "region %s of layer %s is named '%.60s' earlier in"
                           " the file, here '%.60s'",
                           code, layer, prev, name);
    bool synthetic;
    if ((st = imp_flag(x->c, col[5], false, &synthetic, err)) != ZL_OK ||
        (st = zl_store_put_region(x->s, layer, code, name, &changed, err)) != ZL_OK ||
        (synthetic && (st = zl_store_region_mark_synthetic(x->s, layer, code, err)) != ZL_OK))
        return st;
    any |= changed;
    x->res->synthetic |= synthetic;
    if (*pc4s) {
        int32_t pc4;
        snprintf(key, sizeof key, "%s pc4 %s", layer, pc4s);
        if ((st = imp_pc4(x->c, col[3], &pc4, err)) != ZL_OK ||
            (st = imp_key(x, col[3], key, "layer", err)) != ZL_OK ||
            (st = imp_ref_area(x, col[3], pc4, err)) != ZL_OK ||
            (st = zl_store_put_region_area(x->s, layer, code, pc4, &changed, err)) != ZL_OK)
            return st;
    } else {
        snprintf(key, sizeof key, "%s location %s", layer, loc);
        if ((st = imp_key(x, col[4], key, "layer", err)) != ZL_OK ||
            (st = imp_ref_location(x, col[4], loc, err)) != ZL_OK ||
            (st = zl_store_put_region_location(x->s, layer, code, loc, &changed, err)) != ZL_OK)
            return st;
    }
    imp_count(x, any || changed);
    return ZL_OK;
}

zl_status zl_import_regions(zl_import_ctx *x, zl_err *err)
{
    static const char *const req[] = {"layer", "code", "name", "pc4", "location_id"};
    int col[6];
    region_names names = {0};
    zl_status st = zl_csv_require(x->c, req, col, 5, err);
    col[5] = zl_csv_col(x->c, "synthetic");
    bool has = true;
    while (st == ZL_OK && (st = zl_csv_next(x->c, &has, err)) == ZL_OK && has)
        st = region_row(x, col, &names, err);
    names_free(&names);
    return st;
}
