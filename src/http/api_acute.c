/* /api/v1/acute/... and /api/v1/route/table: acute care within 45 minutes (reach with the
 * sensitive locations, a closure scenario, where births go), the ambulance posts, and the
 * batch travel table. Parameters in, the library's JSON out (docs/acute.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "zorglandschap/acute.h"
#include "zorglandschap/route.h"
#include "zorglandschap/store_acute.h"

/* The comma-separated ids of a query parameter (none when absent). */
static zl_status ids_of(const api_req *r, const char *name, char ***ids, size_t *n, zl_err *err)
{
    const char *v = api_query(r, name);
    *ids = NULL;
    *n = 0;
    return v ? zl_split_list(v, ids, n, err) : ZL_OK;
}

static zl_status model_of(const api_req *r, zl_acute_model *m, zl_err *err)
{
    int64_t minutes = 0, car = 0; /* read below even when parsing failed */
    *m = zl_acute_model_defaults();
    zl_status st = api_query_int(r, "minutes", 1, 600, (int64_t)m->minutes, &minutes, err);
    if (st == ZL_OK)
        st = api_query_int(r, "car_minutes", 1, 600, (int64_t)m->car_minutes, &car, err);
    m->minutes = (double)minutes;
    m->car_minutes = (double)car;
    return st;
}

static zl_status load_case(api_req *r, zl_acute_case **c, zl_err *err)
{
    const char *fn = api_query(r, "function");
    if (!fn)
        return zl_fail(err, ZL_EINPUT, "query parameter 'function' is required");
    return zl_acute_load(r->w->store, fn, api_query(r, "date"), NULL, c, err);
}

zl_status api_acute_reach(api_req *r, json_t **out, zl_err *err)
{
    zl_acute_model m;
    zl_acute_case *c = NULL;
    char **ids = NULL;
    size_t n = 0;
    int64_t areas = 0;
    zl_acute_result res;
    zl_status st = model_of(r, &m, err);
    if (st == ZL_OK)
        st = api_query_int(r, "areas", 0, 1, 0, &areas, err);
    if (st == ZL_OK)
        st = ids_of(r, "close", &ids, &n, err);
    if (st == ZL_OK)
        st = load_case(r, &c, err);
    if (st == ZL_OK &&
        (st = zl_acute_reach(c, &m, (const char *const *)ids, n, &res, err)) == ZL_OK) {
        *out = zl_acute_json(&res, areas == 1);
        zl_acute_result_free(&res);
        if (!*out)
            st = zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    zl_acute_case_free(c);
    zl_strv_free(ids);
    return st;
}

zl_status api_acute_close(api_req *r, json_t **out, zl_err *err)
{
    zl_acute_model m;
    zl_acute_case *c = NULL;
    char **ids = NULL;
    size_t n = 0;
    zl_acute_close_result res;
    zl_status st = model_of(r, &m, err);
    if (st == ZL_OK)
        st = ids_of(r, "location", &ids, &n, err);
    if (st == ZL_OK && n == 0)
        st = zl_fail(err, ZL_EINPUT, "query parameter 'location' is required");
    if (st == ZL_OK)
        st = load_case(r, &c, err);
    if (st == ZL_OK && (st = zl_acute_close(r->w->store, c, &m, (const char *const *)ids, n, &res,
                                            err)) == ZL_OK) {
        *out = zl_acute_close_json(&res);
        zl_acute_close_result_free(&res);
        if (!*out)
            st = zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    zl_acute_case_free(c);
    zl_strv_free(ids);
    return st;
}

zl_status api_acute_posts(api_req *r, json_t **out, zl_err *err)
{
    const char *date = api_query(r, "date");
    if (!date)
        return zl_fail(err, ZL_EINPUT, "query parameter 'date' is required (YYYY-MM-DD)");
    zl_named_point *all = NULL, *day = NULL;
    size_t na = 0, nd = 0;
    zl_status st = zl_store_posts_on(r->w->store, date, false, &all, &na, err);
    if (st == ZL_OK)
        st = zl_store_posts_on(r->w->store, date, true, &day, &nd, err);
    json_t *arr = json_array();
    for (size_t i = 0, k = 0; st == ZL_OK && arr && i < na; i++) {
        bool clock = k < nd && strcmp(day[k].id, all[i].id) == 0; /* both ordered by name */
        k += clock;
        json_array_append_new(arr, json_pack("{s:s, s:f, s:f, s:b}", "name", all[i].id, "lat",
                                             all[i].lat, "lon", all[i].lon, "around_clock", clock));
    }
    zl_named_points_free(all, na);
    zl_named_points_free(day, nd);
    if (st != ZL_OK) {
        json_decref(arr);
        return st;
    }
    *out = json_pack("{s:s, s:I, s:o}", "date", date, "count", (json_int_t)na, "posts", arr);
    return *out ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
}

/* POST /route/table {"from":[{id,lat,lon}], "to":[...], "profile":"car"|"ambulance"}. */
#define TABLE_MAX_PAIRS 1000000

static zl_status points_of(const json_t *a, const char *what, zl_route_point **out, size_t *n,
                           zl_err *err)
{
    *out = NULL;
    *n = 0;
    if (!json_is_array(a) || json_array_size(a) == 0)
        return zl_fail(err, ZL_EINPUT, "'%s' must be a non-empty array of {id, lat, lon}", what);
    *out = calloc(json_array_size(a), sizeof **out);
    if (!*out)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    size_t i;
    json_t *p;
    json_array_foreach(a, i, p)
    {
        json_t *id = json_object_get(p, "id"), *la = json_object_get(p, "lat"),
               *lo = json_object_get(p, "lon");
        double lat = json_number_value(la), lon = json_number_value(lo);
        if (!json_is_string(id) || !json_is_number(la) || !json_is_number(lo) || fabs(lat) > 90 ||
            fabs(lon) > 180)
            return zl_fail(err, ZL_EINPUT, "%s[%zu]: needs a string id and lat, lon in range", what,
                           i);
        (*out)[i] = (zl_route_point){strdup(json_string_value(id)), {lat, lon}};
        (*n)++;
        if (!(*out)[i].id)
            return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    return ZL_OK;
}

zl_status api_route_table(api_req *r, json_t **out, zl_err *err)
{
    zl_route_point *from = NULL, *to = NULL;
    size_t nf = 0, nt = 0;
    zl_profile_kind k = ZL_PROFILE_CAR;
    json_t *prof = json_object_get(r->body, "profile");
    zl_status st = api_body_check(r->body, "from,to,profile", err);
    if (st == ZL_OK && prof)
        st = zl_profile_parse(json_string_value(prof), &k, err);
    if (st == ZL_OK)
        st = points_of(json_object_get(r->body, "from"), "from", &from, &nf, err);
    if (st == ZL_OK)
        st = points_of(json_object_get(r->body, "to"), "to", &to, &nt, err);
    if (st == ZL_OK && nf * nt > TABLE_MAX_PAIRS)
        st = zl_fail(err, ZL_EINPUT, "at most %d pairs per request", TABLE_MAX_PAIRS);
    zl_ferry_set f = {0};
    zl_router router;
    zl_travel_provider p;
    zl_crowfly_params cp = zl_profile_params(k);
    cp.access_min = 0;
    if (st == ZL_OK)
        st = zl_store_ferries(r->w->store, &f, err);
    if (st == ZL_OK)
        st = zl_router_provider(&router, &cp, &f, false, &p, err);
    if (st == ZL_OK)
        st = zl_route_table_json(&p, from, nf, to, nt, out, err);
    if (st == ZL_OK)
        json_object_set_new(*out, "profile", json_string(zl_profile_name(k)));
    zl_ferry_set_free(&f);
    zl_route_points_free(from, nf);
    zl_route_points_free(to, nt);
    return st;
}
