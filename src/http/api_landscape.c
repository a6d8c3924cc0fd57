/* Public read-only endpoints over the care landscape: areas, locations, interventions
 * with their norms, region layers and travel times. */
#include <string.h>

#include "api.h"
#include "zorglandschap/store_http.h"

static zl_status push(json_t *arr, json_t *v, zl_err *err)
{
    if (!v || json_array_append_new(arr, v) != 0)
        return zl_fail(err, ZL_ENOMEM, "out of memory building JSON");
    return ZL_OK;
}

/* {"count": n, key: items, ...extra} */
static zl_status wrap_list(json_t *items, const char *key, json_t **out, zl_err *err)
{
    *out = json_pack("{s:I,s:o}", "count", (json_int_t)json_array_size(items), key, items);
    return *out ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
}

typedef struct area_ctx {
    json_t *arr;
    const char *province;
} area_ctx;

static json_t *area_json(const zl_area_view *a)
{
    return json_pack("{s:i,s:o,s:o,s:I,s:I,s:I,s:f,s:f}", "pc4", (int)a->pc4, "municipality",
                     api_str_or_null(a->municipality), "province", api_str_or_null(a->province),
                     "population", (json_int_t)a->population, "male", (json_int_t)a->male, "female",
                     (json_int_t)a->female, "lat", a->lat, "lon", a->lon);
}

static zl_status area_add(void *ctx, const zl_area_view *a, zl_err *err)
{
    area_ctx *ac = ctx;
    if (ac->province && (!a->province || strcmp(a->province, ac->province) != 0))
        return ZL_OK;
    return push(ac->arr, area_json(a), err);
}

zl_status api_areas(api_req *r, json_t **out, zl_err *err)
{
    area_ctx ac = {.arr = json_array(), .province = api_query(r, "province")};
    if (!ac.arr)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    zl_status st = zl_store_view_areas(r->w->store, 0, area_add, &ac, err);
    if (st != ZL_OK) {
        json_decref(ac.arr);
        return st;
    }
    return wrap_list(ac.arr, "areas", out, err);
}

static zl_status parse_pc4(const char *s, int32_t *out, zl_err *err)
{
    int64_t v;
    if (!s || !zl_parse_i64(s, &v) || v < 1000 || v > 9999)
        return zl_fail(err, ZL_EINPUT, "a PC4 postcode is a number 1000..9999");
    *out = (int32_t)v;
    return ZL_OK;
}

static zl_status area_one(void *ctx, const zl_area_view *a, zl_err *err)
{
    json_t **out = ctx;
    *out = area_json(a);
    return *out ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
}

zl_status api_area(api_req *r, json_t **out, zl_err *err)
{
    int32_t pc4 = 0;
    zl_status st = parse_pc4(r->params[0], &pc4, err);
    if (st != ZL_OK)
        return st;
    st = zl_store_view_areas(r->w->store, pc4, area_one, out, err);
    if (st == ZL_ENOTFOUND)
        return zl_fail(err, ZL_ENOTFOUND, "no area with PC4 %d", (int)pc4);
    return st;
}

static json_t *location_json(const zl_location_view *l)
{
    return json_pack("{s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:f,s:f}", "id", l->id, "name", l->name,
                     "kind", l->kind, "organisation_id", api_str_or_null(l->organisation_id),
                     "organisation", api_str_or_null(l->organisation), "address",
                     api_str_or_null(l->address), "postcode", api_str_or_null(l->postcode), "city",
                     api_str_or_null(l->city), "lat", l->lat, "lon", l->lon);
}

typedef struct loc_ctx {
    json_t *arr;
    const char *kind;
} loc_ctx;

static zl_status location_add(void *ctx, const zl_location_view *l, zl_err *err)
{
    loc_ctx *lc = ctx;
    if (lc->kind && strcmp(lc->kind, l->kind) != 0)
        return ZL_OK;
    return push(lc->arr, location_json(l), err);
}

zl_status api_locations(api_req *r, json_t **out, zl_err *err)
{
    loc_ctx lc = {.arr = json_array(), .kind = api_query(r, "kind")};
    zl_location_kind k;
    if (lc.kind && !zl_location_kind_parse(lc.kind, &k)) {
        json_decref(lc.arr);
        return zl_fail(err, ZL_EINPUT,
                       "query parameter 'kind': one of umc, general, children, outpatient, other");
    }
    if (!lc.arr)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    zl_status st = zl_store_view_locations(r->w->store, NULL, location_add, &lc, err);
    if (st != ZL_OK) {
        json_decref(lc.arr);
        return st;
    }
    return wrap_list(lc.arr, "locations", out, err);
}

static zl_status location_one(void *ctx, const zl_location_view *l, zl_err *err)
{
    json_t **out = ctx;
    *out = location_json(l);
    return *out ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
}

zl_status api_location(api_req *r, json_t **out, zl_err *err)
{
    zl_status st = zl_store_view_locations(r->w->store, r->params[0], location_one, out, err);
    if (st == ZL_ENOTFOUND)
        return zl_fail(err, ZL_ENOTFOUND, "no location with this id");
    return st;
}

static json_t *intervention_json(const zl_intervention_view *v)
{
    json_t *proposed = v->proposed_norm < 0
                           ? json_null()
                           : json_pack("{s:I,s:o,s:b}", "norm", (json_int_t)v->proposed_norm,
                                       "source", api_str_or_null(v->proposed_source),
                                       "illustrative", v->proposed_illustrative);
    json_t *years = v->last_year ? json_pack("{s:I,s:I}", "first", (json_int_t)v->first_year,
                                             "last", (json_int_t)v->last_year)
                                 : json_null();
    return json_pack("{s:s,s:s,s:s,s:{s:I,s:I,s:s,s:b},s:o,s:o,s:b}", "code", v->code, "name",
                     v->name, "group", v->group, "norm", "per_year", (json_int_t)v->norm,
                     "window_years", (json_int_t)v->window_years, "source", v->norm_source,
                     "illustrative", v->norm_illustrative, "proposed", proposed, "flow_years",
                     years, "synthetic", v->synthetic);
}

static zl_status intervention_add(void *ctx, const zl_intervention_view *v, zl_err *err)
{
    return push(ctx, intervention_json(v), err);
}

zl_status api_interventions(api_req *r, json_t **out, zl_err *err)
{
    json_t *arr = json_array();
    if (!arr)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    zl_status st = zl_store_view_interventions(r->w->store, NULL, intervention_add, arr, err);
    if (st != ZL_OK) {
        json_decref(arr);
        return st;
    }
    return wrap_list(arr, "interventions", out, err);
}

static zl_status intervention_one(void *ctx, const zl_intervention_view *v, zl_err *err)
{
    json_t **out = ctx;
    *out = intervention_json(v);
    return *out ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
}

zl_status api_intervention(api_req *r, json_t **out, zl_err *err)
{
    zl_status st =
        zl_store_view_interventions(r->w->store, r->params[0], intervention_one, out, err);
    if (st == ZL_ENOTFOUND)
        return zl_fail(err, ZL_ENOTFOUND, "no intervention with this code");
    return st;
}

static zl_status region_add(void *ctx, const zl_region_view *g, zl_err *err)
{
    return push(ctx,
                json_pack("{s:s,s:s,s:s,s:I,s:I}", "layer", g->layer, "code", g->code, "name",
                          g->name, "areas", (json_int_t)g->areas, "locations",
                          (json_int_t)g->locations),
                err);
}

zl_status api_regions(api_req *r, json_t **out, zl_err *err)
{
    json_t *arr = json_array();
    if (!arr)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    zl_status st = zl_store_view_regions(r->w->store, region_add, arr, err);
    if (st != ZL_OK) {
        json_decref(arr);
        return st;
    }
    return wrap_list(arr, "regions", out, err);
}

static zl_status travel_add(void *ctx, const zl_travel_view *t, zl_err *err)
{
    return push(ctx,
                json_pack("{s:i,s:s,s:f,s:f,s:s}", "pc4", (int)t->pc4, "location_id",
                          t->location_id, "minutes", t->minutes, "km", t->km, "method", t->method),
                err);
}

zl_status api_travel(api_req *r, json_t **out, zl_err *err)
{
    const char *pc4s = api_query(r, "pc4"), *loc = api_query(r, "location");
    if ((pc4s != NULL) == (loc != NULL))
        return zl_fail(err, ZL_EINPUT, "give exactly one of the query parameters pc4, location");
    json_t *arr = json_array();
    if (!arr)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    zl_status st;
    int32_t pc4 = 0;
    if (pc4s) {
        st = parse_pc4(pc4s, &pc4, err);
        if (st == ZL_OK)
            st = zl_store_view_travel_from_area(r->w->store, pc4, travel_add, arr, err);
    } else {
        st = zl_store_view_travel_to_location(r->w->store, loc, travel_add, arr, err);
    }
    if (st != ZL_OK) {
        json_decref(arr);
        if (st == ZL_ENOTFOUND)
            return zl_fail(err, ZL_ENOTFOUND, pc4s ? "no area with this PC4" : "no such location");
        return st;
    }
    return wrap_list(arr, "travel", out, err);
}
