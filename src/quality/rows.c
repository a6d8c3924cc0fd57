/* Loading an indicator's values from the store into owned rows, and the store-backed entry
 * points of the funnel plot and the volume-outcome fit. */
#include <stdlib.h>
#include <string.h>

#include "quality_internal.h"
#include "zorglandschap/util.h"

static zl_status keep_row(void *ctx, const zl_quality_row *r, zl_err *err)
{
    quality_rows *q = ctx;
    void *p = q->v;
    if (zl_grow(&p, &q->cap, q->n + 1, sizeof *q->v, err) != ZL_OK)
        return ZL_ENOMEM;
    q->v = p;
    zl_quality_row *d = &q->v[q->n];
    *d = *r;
    d->location_id = strdup(r->location_id);
    d->name = strdup(r->name);
    if (!d->location_id || !d->name) {
        free((char *)d->location_id), free((char *)d->name);
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    q->n++;
    return ZL_OK;
}

zl_status quality_rows_load(zl_store *s, const char *indicator, int from, int to, quality_rows *out,
                            zl_err *err)
{
    *out = (quality_rows){0};
    zl_status st = zl_store_indicator_values_each(s, indicator, from, to, keep_row, out, err);
    if (st != ZL_OK)
        quality_rows_free(out);
    return st;
}

void quality_rows_free(quality_rows *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free((char *)r->v[i].location_id);
        free((char *)r->v[i].name);
    }
    free(r->v);
    *r = (quality_rows){0};
}

/* The indicator by code (any case) and the first and last year with values; an indicator
 * without values is ZL_ENOTFOUND. */
static zl_status indicator_years(zl_store *s, const char *code, zl_indicator *ind, int *first,
                                 int *last, zl_err *err)
{
    zl_status st = zl_quality_indicator_get(s, code, ind, err);
    if (st != ZL_OK)
        return st;
    if ((st = zl_store_indicator_years(s, ind->code, first, last, err)) == ZL_OK && *last == 0)
        st = zl_fail(err, ZL_ENOTFOUND, "indicator %s has no values (import indicator-values)",
                     ind->code);
    if (st != ZL_OK)
        zl_indicator_clear(ind);
    return st;
}

zl_status zl_quality_funnel(zl_store *s, const char *indicator, int year, bool overdispersion,
                            zl_funnel **out, zl_err *err)
{
    zl_indicator ind;
    int first, last;
    quality_rows rows = {0};
    zl_status st = indicator_years(s, indicator, &ind, &first, &last, err);
    if (st != ZL_OK)
        return st;
    if (year <= 0)
        year = last;
    if ((st = quality_rows_load(s, ind.code, year, year, &rows, err)) == ZL_OK && rows.n == 0)
        st = zl_fail(err, ZL_ENOTFOUND, "indicator %s has no values in %d (years %d-%d)", ind.code,
                     year, first, last);
    if (st == ZL_OK)
        st = zl_funnel_compute(&ind, year, rows.v, rows.n, overdispersion, out, err);
    quality_rows_free(&rows);
    zl_indicator_clear(&ind);
    return st;
}

zl_status zl_quality_volume_outcome(zl_store *s, const char *indicator, int from, int to,
                                    zl_vo_fit **out, zl_err *err)
{
    zl_indicator ind;
    int first, last;
    quality_rows rows = {0};
    zl_status st = indicator_years(s, indicator, &ind, &first, &last, err);
    if (st != ZL_OK)
        return st;
    from = from > 0 ? from : first;
    to = to > 0 ? to : last;
    if (from > to)
        st = zl_fail(err, ZL_EINPUT, "year range %d-%d is empty", from, to);
    if (st == ZL_OK)
        st = quality_rows_load(s, ind.code, from, to, &rows, err);
    if (st == ZL_OK)
        st = zl_vo_compute(&ind, rows.v, rows.n, out, err);
    if (st == ZL_OK) {
        (*out)->year_from = from;
        (*out)->year_to = to;
    }
    quality_rows_free(&rows);
    zl_indicator_clear(&ind);
    return st;
}
