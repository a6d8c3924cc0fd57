/* Loading an acute-care case: the store's areas, the locations with the function and the
 * around-the-clock ambulance posts on a date; the response time of every area (nearest
 * post), the ambulance and car drives from every area to every location, and the
 * municipality and province indexes. */
#include <assert.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acute_internal.h"
#include "zorglandschap/import.h"
#include "zorglandschap/rare.h"
#include "zorglandschap/util.h"

zl_acute_model zl_acute_model_defaults(void)
{
    /* docs/acute.md: 3 minutes from the call to driving off (the 15-minute response norm
     * counts 3 minutes of call taking and turn-out before 12 minutes of driving), 10
     * minutes on scene, the 45-minute norm, the 30-minute car measure. */
    return (zl_acute_model){
        .dispatch_min = 3, .on_scene_min = 10, .minutes = 45, .car_minutes = 30};
}

const char *zl_acute_case_function(const zl_acute_case *c)
{
    return c->function;
}

const char *zl_acute_case_date(const zl_acute_case *c)
{
    return c->date;
}

int acute_location_index(const zl_acute_case *c, const char *id)
{
    for (size_t i = 0; i < c->nl; i++)
        if (strcmp(c->locs[i].id, id) == 0)
            return (int)i;
    return -1;
}

void zl_acute_case_free(zl_acute_case *c)
{
    if (!c)
        return;
    zl_pop_areas_free(c->areas, c->na);
    zl_named_points_free(c->locs, c->nl);
    zl_named_points_free(c->posts, c->np);
    free(c->response);
    free(c->amb);
    free(c->car);
    zl_strv_free(c->mun);
    zl_strv_free(c->prov);
    free(c->area_mun);
    free(c->area_prov);
    free(c->mun_prov);
    free(c);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The distinct values of a field of the areas, sorted, and each area's index. */
static zl_status index_names(const zl_acute_case *c, size_t off, char ***names, size_t *n, int *idx,
                             zl_err *err)
{
    char **all = malloc((c->na + 1) * sizeof *all);
    if (!all)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t i = 0; i < c->na; i++)
        all[i] = *(char **)((char *)&c->areas[i] + off);
    qsort(all, c->na, sizeof *all, cmp_str);
    size_t k = 0;
    for (size_t i = 0; i < c->na; i++)
        if (k == 0 || strcmp(all[k - 1], all[i]) != 0)
            all[k++] = all[i];
    *names = calloc(k + 1, sizeof **names);
    zl_status st = *names ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t i = 0; st == ZL_OK && i < k; i++)
        if (!((*names)[i] = strdup(all[i])))
            st = zl_fail(err, ZL_ENOMEM, "out of memory");
    *n = k;
    for (size_t i = 0; st == ZL_OK && i < c->na; i++) {
        char *key = *(char **)((char *)&c->areas[i] + off);
        char **hit = bsearch(&key, *names, k, sizeof **names, cmp_str);
        assert(hit);
        idx[i] = (int)(hit - *names);
    }
    free(all);
    return st;
}

static zl_status index_regions(zl_acute_case *c, zl_err *err)
{
    c->area_mun = malloc((c->na + 1) * sizeof *c->area_mun);
    c->area_prov = malloc((c->na + 1) * sizeof *c->area_prov);
    if (!c->area_mun || !c->area_prov)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    zl_status st =
        index_names(c, offsetof(zl_pop_area, municipality), &c->mun, &c->n_mun, c->area_mun, err);
    if (st == ZL_OK)
        st = index_names(c, offsetof(zl_pop_area, province), &c->prov, &c->n_prov, c->area_prov,
                         err);
    if (st == ZL_OK && !(c->mun_prov = calloc(c->n_mun + 1, sizeof *c->mun_prov)))
        st = zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t i = c->na; st == ZL_OK && i-- > 0;)
        c->mun_prov[c->area_mun[i]] = c->area_prov[i];
    return st;
}

/* Response: the nearest post's drive to each area (one route call per post, from the
 * post, as the ambulance drives). */
static zl_status responses(zl_acute_case *c, const zl_travel_provider *amb, zl_err *err)
{
    zl_geo_point *pts = malloc((c->na + 1) * sizeof *pts);
    double *min = malloc((c->na + 1) * sizeof *min), *km = malloc((c->na + 1) * sizeof *km);
    c->response = malloc((c->na + 1) * sizeof *c->response);
    zl_status st =
        pts && min && km && c->response ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t i = 0; st == ZL_OK && i < c->na; i++) {
        pts[i] = (zl_geo_point){c->areas[i].lat, c->areas[i].lon};
        c->response[i] = INFINITY;
    }
    for (size_t p = 0; st == ZL_OK && p < c->np; p++) {
        st = amb->route(amb->ctx, (zl_geo_point){c->posts[p].lat, c->posts[p].lon}, pts, c->na, min,
                        km, err);
        for (size_t i = 0; st == ZL_OK && i < c->na; i++)
            if (min[i] < c->response[i])
                c->response[i] = min[i];
    }
    free(pts);
    free(min);
    free(km);
    return st;
}

/* Drives from every area to every location with one provider into out[na * nl]. */
static zl_status matrix(zl_acute_case *c, const zl_travel_provider *p, double **out, zl_err *err)
{
    size_t nl = c->nl ? c->nl : 1;
    zl_geo_point *pts = malloc(nl * sizeof *pts);
    double *min = malloc(nl * sizeof *min), *km = malloc(nl * sizeof *km);
    *out = malloc((c->na * c->nl + 1) * sizeof **out);
    zl_status st = pts && min && km && *out ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t j = 0; st == ZL_OK && j < c->nl; j++)
        pts[j] = (zl_geo_point){c->locs[j].lat, c->locs[j].lon};
    for (size_t i = 0; st == ZL_OK && i < c->na; i++) {
        st = p->route(p->ctx, (zl_geo_point){c->areas[i].lat, c->areas[i].lon}, pts, c->nl, min, km,
                      err);
        for (size_t j = 0; st == ZL_OK && j < c->nl; j++)
            (*out)[i * c->nl + j] = min[j];
    }
    free(pts);
    free(min);
    free(km);
    return st;
}

/* The date: the given one (checked), else the latest date the function started. */
static zl_status pick_date(zl_store *s, zl_acute_case *c, const char *date, zl_err *err)
{
    if (date && *date) {
        if (!zl_date_valid(date))
            return zl_fail(err, ZL_EINPUT, "bad date '%.40s' (expected YYYY-MM-DD)", date);
        snprintf(c->date, sizeof c->date, "%s", date);
        return ZL_OK;
    }
    char *latest = NULL;
    zl_status st = zl_store_function_latest(s, c->function, &latest, err);
    if (st == ZL_OK && !latest)
        st = zl_fail(err, ZL_EINPUT,
                     "no location has the function %s (import functions or hospitals-2019)",
                     c->function);
    if (st == ZL_OK)
        snprintf(c->date, sizeof c->date, "%s", latest);
    free(latest);
    return st;
}

static zl_status load_points(zl_store *s, zl_acute_case *c, zl_err *err)
{
    zl_status st = zl_store_pop_areas(s, &c->areas, &c->na, err);
    if (st == ZL_OK && c->na == 0)
        st = zl_fail(err, ZL_EINPUT, "no areas in the store (import areas first)");
    if (st == ZL_OK)
        st = zl_store_function_locations(s, c->function, c->date, &c->locs, &c->nl, err);
    if (st == ZL_OK && c->nl == 0)
        st = zl_fail(err, ZL_EINPUT, "no location has the function %s on %s", c->function, c->date);
    if (st == ZL_OK)
        st = zl_store_posts_on(s, c->date, true, &c->posts, &c->np, err);
    if (st == ZL_OK && c->np == 0)
        st = zl_fail(err, ZL_EINPUT, "no ambulance post staffed around the clock on %s", c->date);
    return st;
}

/* The profiles' routers with the store's ferries, driving time only. */
typedef struct own_routers {
    zl_ferry_set ferries;
    zl_router amb_r, car_r;
    zl_travel_provider amb, car;
} own_routers;

static zl_status make_routers(zl_store *s, own_routers *o, zl_err *err)
{
    zl_crowfly_params a = zl_profile_params(ZL_PROFILE_AMBULANCE);
    zl_crowfly_params k = zl_profile_params(ZL_PROFILE_CAR);
    a.access_min = k.access_min = 0;
    zl_status st = zl_store_ferries(s, &o->ferries, err);
    if (st == ZL_OK)
        st = zl_router_provider(&o->amb_r, &a, &o->ferries, false, &o->amb, err);
    if (st == ZL_OK)
        st = zl_router_provider(&o->car_r, &k, &o->ferries, false, &o->car, err);
    return st;
}

zl_status zl_acute_load(zl_store *s, const char *function, const char *date,
                        const zl_acute_providers *prov, zl_acute_case **out, zl_err *err)
{
    *out = NULL;
    if (!zl_acute_function_known(function))
        return zl_fail(err, ZL_EINPUT,
                       "unknown function '%.40s' (seh_24h, seh_day_evening, acute_obstetrics,"
                       " nicu)",
                       function ? function : "");
    zl_acute_case *c = calloc(1, sizeof *c);
    own_routers own = {0};
    if (!c)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    snprintf(c->function, sizeof c->function, "%s", function);
    zl_status st = pick_date(s, c, date, err);
    if (st == ZL_OK)
        st = load_points(s, c, err);
    if (st == ZL_OK && !prov)
        st = make_routers(s, &own, err);
    const zl_travel_provider *amb = prov ? prov->ambulance : &own.amb;
    const zl_travel_provider *car = prov ? prov->car : &own.car;
    if (st == ZL_OK)
        st = responses(c, amb, err);
    if (st == ZL_OK)
        st = matrix(c, amb, &c->amb, err);
    if (st == ZL_OK)
        st = matrix(c, car, &c->car, err);
    if (st == ZL_OK)
        st = index_regions(c, err);
    zl_ferry_set_free(&own.ferries);
    if (st != ZL_OK) {
        zl_acute_case_free(c);
        return zl_err_prefix(err, "acute care: ");
    }
    *out = c;
    return ZL_OK;
}
