/* Closing acute obstetrics: where do the births go? The BIRTH volumes (latest year) of the
 * closing locations are spread over the PC4s each was the nearest location for (by car),
 * in proportion to their inhabitants aged 20-39 (the mothers' ages), and each PC4's share
 * goes to its nearest remaining location ("nearest" rule; docs/acute.md). The result
 * lists the extra births per receiving location and the car minutes of the women
 * concerned before and after. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "acute_internal.h"
#include "zorglandschap/store_landscape.h"
#include "zorglandschap/util.h"

void zl_acute_close_result_free(zl_acute_close_result *r)
{
    if (!r)
        return;
    free(r->receivers);
    zl_strv_free(r->closed);
    *r = (zl_acute_close_result){0};
}

/* Nearest location by car among those not in `skip` (NULL: any); -1 when none. */
static int nearest_car(const zl_acute_case *c, size_t i, const bool *skip)
{
    int best = -1;
    for (size_t j = 0; j < c->nl; j++)
        if ((!skip || !skip[j]) && (best < 0 || c->car[i * c->nl + j] < c->car[i * c->nl + best]))
            best = (int)j;
    return best;
}

/* Weights: inhabitants aged 20-39 per area (bands 20, 25, 30, 35), else all inhabitants. */
static zl_status weights(zl_store *s, const zl_acute_case *c, double *w, zl_err *err)
{
    zl_point_area *pts = malloc((c->na + 1) * sizeof *pts);
    int64_t *age = NULL;
    if (!pts)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t i = 0; i < c->na; i++)
        pts[i] = (zl_point_area){c->areas[i].pc4, c->areas[i].lat, c->areas[i].lon};
    zl_status st = zl_store_area_age_matrix(s, pts, c->na, &age, err);
    for (size_t i = 0; st == ZL_OK && i < c->na; i++) {
        const int64_t *b = age + i * ZL_AGE_BANDS;
        w[i] = (double)(b[4] + b[5] + b[6] + b[7]);
        if (w[i] <= 0)
            w[i] = (double)c->areas[i].population * 0.25;
    }
    free(age);
    free(pts);
    return st;
}

typedef struct move_acc {
    double births, before, after, max_after, beyond_before, beyond_after;
    double *extra; /* [nl] */
} move_acc;

/* Spreads the births of closing location j over its catchment and moves them. */
static void move_births(const zl_acute_case *c, const zl_acute_model *m, size_t j, double births,
                        const int *near_before, const bool *closed, const double *w, move_acc *a)
{
    double sum = 0;
    for (size_t i = 0; i < c->na; i++)
        if (near_before[i] == (int)j)
            sum += w[i];
    int only = -1; /* no catchment: the births come from the area nearest to the location */
    if (sum <= 0) {
        for (size_t i = 0; i < c->na; i++)
            if (only < 0 || c->car[i * c->nl + j] < c->car[(size_t)only * c->nl + j])
                only = (int)i;
    }
    for (size_t i = 0; i < c->na; i++) {
        double share = only >= 0 ? (i == (size_t)only) : near_before[i] == (int)j ? w[i] / sum : 0;
        if (share <= 0)
            continue;
        int to = nearest_car(c, i, closed);
        double b = births * share, t0 = c->car[i * c->nl + j];
        double t1 = to >= 0 ? c->car[i * c->nl + (size_t)to] : INFINITY;
        a->births += b;
        a->before += b * t0;
        a->after += b * t1;
        a->max_after = fmax(a->max_after, t1);
        a->beyond_before += t0 > m->car_minutes ? b : 0;
        a->beyond_after += t1 > m->car_minutes ? b : 0;
        if (to >= 0)
            a->extra[to] += b;
    }
}

static int by_extra(const void *x, const void *y)
{
    const zl_acute_receiver *a = x, *b = y;
    if (a->births_extra != b->births_extra)
        return a->births_extra > b->births_extra ? -1 : 1;
    return strcmp(a->id, b->id);
}

static zl_status fill_receivers(const zl_acute_case *c, const move_acc *a, const double *before,
                                zl_acute_close_result *out, zl_err *err)
{
    out->receivers = calloc(c->nl + 1, sizeof *out->receivers);
    if (!out->receivers)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t j = 0; j < c->nl; j++)
        if (a->extra[j] > 0)
            out->receivers[out->n_receivers++] =
                (zl_acute_receiver){c->locs[j].id, c->locs[j].name, before[j], a->extra[j]};
    qsort(out->receivers, out->n_receivers, sizeof *out->receivers, by_extra);
    return ZL_OK;
}

/* Births per case location from the BIRTH volumes. */
static zl_status births_of(zl_store *s, const zl_acute_case *c, double *births, int64_t *year,
                           zl_err *err)
{
    char **ids = NULL;
    int64_t *counts = NULL;
    size_t n = 0;
    zl_status st = zl_store_latest_volumes(s, "BIRTH", &ids, &counts, &n, year, err);
    if (st == ZL_OK && n == 0)
        st = zl_fail(err, ZL_EINPUT,
                     "no births in the store (volumes of BIRTH; import"
                     " hospitals-2019)");
    for (size_t k = 0; st == ZL_OK && k < n; k++) {
        int j = acute_location_index(c, ids[k]);
        if (j >= 0)
            births[j] = (double)counts[k];
    }
    zl_strv_free(ids);
    free(counts);
    return st;
}

static zl_status closing_set(const zl_acute_case *c, const char *const *close, size_t n,
                             bool *closed, zl_acute_close_result *out, zl_err *err)
{
    if (n == 0)
        return zl_fail(err, ZL_EINPUT, "give at least one location to close");
    out->closed = calloc(n + 1, sizeof *out->closed);
    if (!out->closed)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t k = 0; k < n; k++) {
        int j = acute_location_index(c, close[k]);
        if (j < 0)
            return zl_fail(err, ZL_EINPUT, "location '%.60s' does not have the function %s on %s",
                           close[k], c->function, c->date);
        if (!(out->closed[out->n_closed++] = strdup(close[k])))
            return zl_fail(err, ZL_ENOMEM, "out of memory");
        closed[j] = true;
    }
    for (size_t j = 0; j < c->nl; j++)
        if (!closed[j])
            return ZL_OK;
    return zl_fail(err, ZL_EINPUT, "closing every location leaves nowhere for the births to go");
}

zl_status zl_acute_close(zl_store *s, const zl_acute_case *c, const zl_acute_model *m,
                         const char *const *close, size_t n_close, zl_acute_close_result *out,
                         zl_err *err)
{
    *out = (zl_acute_close_result){.c = c, .rule = "nearest"};
    bool *closed = calloc(c->nl + 1, sizeof *closed);
    double *births = calloc(c->nl + 1, sizeof *births), *w = calloc(c->na + 1, sizeof *w);
    int *near = calloc(c->na + 1, sizeof *near);
    move_acc a = {.extra = calloc(c->nl + 1, sizeof *a.extra)};
    zl_status st = closed && births && w && near && a.extra
                       ? closing_set(c, close, n_close, closed, out, err)
                       : zl_fail(err, ZL_ENOMEM, "out of memory");
    if (st == ZL_OK)
        st = births_of(s, c, births, &out->year, err);
    if (st == ZL_OK)
        st = weights(s, c, w, err);
    for (size_t i = 0; st == ZL_OK && i < c->na; i++)
        near[i] = nearest_car(c, i, NULL);
    for (size_t j = 0; st == ZL_OK && j < c->nl; j++)
        if (closed[j] && births[j] > 0)
            move_births(c, m, j, births[j], near, closed, w, &a);
    if (st == ZL_OK)
        st = fill_receivers(c, &a, births, out, err);
    if (st == ZL_OK) {
        out->births_moved = a.births;
        out->mean_car_before = a.births > 0 ? a.before / a.births : 0;
        out->mean_car_after = a.births > 0 ? a.after / a.births : 0;
        out->max_car_after = a.max_after;
        out->births_beyond_before = a.beyond_before;
        out->births_beyond_after = a.beyond_after;
    } else {
        zl_acute_close_result_free(out);
    }
    free(closed);
    free(births);
    free(w);
    free(near);
    free(a.extra);
    return st;
}

static json_t *num1(double v)
{
    return isfinite(v) ? json_real(round(v * 10) / 10) : json_null();
}

json_t *zl_acute_close_json(const zl_acute_close_result *r)
{
    json_t *rec = json_array(), *closed = json_array();
    for (size_t k = 0; k < r->n_receivers; k++) {
        const zl_acute_receiver *x = &r->receivers[k];
        json_array_append_new(rec, json_pack("{s:s, s:s, s:o, s:o, s:o}", "id", x->id, "name",
                                             x->name, "births_before", num1(x->births_before),
                                             "births_extra", num1(x->births_extra), "births_after",
                                             num1(x->births_before + x->births_extra)));
    }
    for (size_t k = 0; k < r->n_closed; k++)
        json_array_append_new(closed, json_string(r->closed[k]));
    return json_pack("{s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:{s:o, s:o, s:o, s:o, s:o}, s:b}",
                     "function", r->c->function, "date", r->c->date, "rule", r->rule, "year",
                     (json_int_t)r->year, "closed", closed, "births_moved", num1(r->births_moved),
                     "receivers", rec, "travel", "mean_car_before", num1(r->mean_car_before),
                     "mean_car_after", num1(r->mean_car_after), "max_car_after",
                     num1(r->max_car_after), "births_beyond_30_before",
                     num1(r->births_beyond_before), "births_beyond_30_after",
                     num1(r->births_beyond_after), "synthetic", false);
}
