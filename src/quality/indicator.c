/* Indicator definitions as owned structures: copies of the store's rows, lookup by code
 * (an unknown code names the known ones) and the list of an intervention. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "zorglandschap/quality.h"
#include "zorglandschap/util.h"

static char *dup_opt(const char *s, bool *ok)
{
    if (!s)
        return NULL;
    char *d = strdup(s);
    *ok = *ok && d;
    return d;
}

zl_status zl_indicator_copy(const zl_indicator_def *d, zl_indicator *out, zl_err *err)
{
    bool ok = true;
    *out = (zl_indicator){
        .code = dup_opt(d->code, &ok),
        .name_nl = dup_opt(d->name_nl, &ok),
        .name_en = dup_opt(d->name_en, &ok),
        .intervention = dup_opt(d->intervention, &ok),
        .registry = dup_opt(d->registry, &ok),
        .base_source = dup_opt(d->base_source, &ok),
        .type = strcmp(d->type, "oe_ratio") == 0 ? ZL_IND_OE_RATIO : ZL_IND_PROPORTION,
        .lower_is_better = strcmp(d->direction, "lower") == 0,
        .year = d->year,
        .base_rate = d->base_rate,
        .illustrative = d->illustrative,
        .synthetic = d->synthetic,
    };
    if (!ok) {
        zl_indicator_clear(out);
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    return ZL_OK;
}

zl_status zl_indicator_dup(const zl_indicator *ind, zl_indicator *out, zl_err *err)
{
    zl_indicator_def d = {.code = ind->code,
                          .name_nl = ind->name_nl,
                          .name_en = ind->name_en,
                          .intervention = ind->intervention,
                          .direction = ind->lower_is_better ? "lower" : "higher",
                          .type = ind->type == ZL_IND_OE_RATIO ? "oe_ratio" : "proportion",
                          .registry = ind->registry,
                          .year = ind->year,
                          .base_rate = ind->base_rate,
                          .base_source = ind->base_source,
                          .illustrative = ind->illustrative,
                          .synthetic = ind->synthetic};
    return zl_indicator_copy(&d, out, err);
}

void zl_indicator_clear(zl_indicator *ind)
{
    if (!ind)
        return;
    free(ind->code);
    free(ind->name_nl);
    free(ind->name_en);
    free(ind->intervention);
    free(ind->registry);
    free(ind->base_source);
    *ind = (zl_indicator){0};
}

typedef struct ind_list {
    zl_indicator *v;
    size_t n, cap;
} ind_list;

static zl_status collect(void *ctx, const zl_indicator_def *d, zl_err *err)
{
    ind_list *l = ctx;
    void *p = l->v;
    if (zl_grow(&p, &l->cap, l->n + 1, sizeof *l->v, err) != ZL_OK)
        return ZL_ENOMEM;
    l->v = p;
    zl_status st = zl_indicator_copy(d, &l->v[l->n], err);
    if (st == ZL_OK)
        l->n++;
    return st;
}

zl_status zl_quality_indicators(zl_store *s, const char *intervention, zl_indicator **out,
                                size_t *n, zl_err *err)
{
    ind_list l = {0};
    zl_status st = zl_store_indicators_each(s, intervention, NULL, collect, &l, err);
    if (st != ZL_OK) {
        zl_quality_indicators_free(l.v, l.n);
        return st;
    }
    *out = l.v;
    *n = l.n;
    return ZL_OK;
}

void zl_quality_indicators_free(zl_indicator *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        zl_indicator_clear(&v[i]);
    free(v);
}

zl_status zl_quality_indicator_get(zl_store *s, const char *code, zl_indicator *out, zl_err *err)
{
    ind_list l = {0};
    zl_status st = zl_store_indicators_each(s, NULL, code, collect, &l, err);
    if (st == ZL_OK && l.n == 1) {
        *out = l.v[0];
        free(l.v);
        return ZL_OK;
    }
    zl_quality_indicators_free(l.v, l.n);
    if (st != ZL_OK)
        return st;
    /* Unknown: name the known codes so that a typo is easy to fix. */
    zl_indicator *all = NULL;
    size_t n = 0;
    zl_buf known = {0};
    if (zl_quality_indicators(s, NULL, &all, &n, err) == ZL_OK)
        for (size_t i = 0; i < n; i++)
            zl_buf_printf(&known, NULL, "%s%s", i ? ", " : "", all[i].code);
    zl_quality_indicators_free(all, n);
    st = zl_fail(err, ZL_ENOTFOUND, "unknown indicator '%s' (known: %s)", code,
                 known.len ? known.data : "none; import indicators first");
    zl_buf_free(&known);
    return st;
}
