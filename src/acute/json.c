/* The JSON documents of the acute-care analysis (keys in docs/acute.md). Minutes are
 * rounded to 0.1; an unreachable time is null. */
#include <jansson.h>
#include <math.h>

#include "acute_internal.h"
#include "zorglandschap/route.h"

static json_t *minutes(double v)
{
    return isfinite(v) ? json_real(round(v * 10) / 10) : json_null();
}

static double share(int64_t part, int64_t whole)
{
    return whole > 0 ? round(1e6 * (double)part / (double)whole) / 1e4 : 0; /* percent */
}

static json_t *region(const zl_acute_region *g)
{
    json_t *o =
        json_pack("{s:s, s:I, s:I, s:I}", "name", g->name, "population", (json_int_t)g->population,
                  "population_beyond", (json_int_t)g->population_beyond, "car_30_beyond",
                  (json_int_t)g->car_beyond);
    if (o && g->province)
        json_object_set_new(o, "province", json_string(g->province));
    return o;
}

static json_t *location(const zl_acute_location *l)
{
    return json_pack("{s:s, s:s, s:f, s:f, s:b, s:I, s:I, s:b}", "id", l->id, "name", l->name,
                     "lat", l->lat, "lon", l->lon, "closed", l->closed, "increase",
                     (json_int_t)l->increase, "served", (json_int_t)l->served, "sensitive",
                     l->increase > 0);
}

static json_t *areas(const zl_acute_result *r)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < r->n_areas; i++) {
        const zl_acute_area_result *x = &r->areas[i];
        json_t *o = json_pack(
            "{s:i, s:I, s:o, s:o, s:o, s:o, s:o}", "pc4", (int)x->pc4, "population",
            (json_int_t)x->population, "response", minutes(x->response), "transport",
            minutes(x->transport), "total", minutes(x->total), "car", minutes(x->car), "nearest",
            x->nearest >= 0 ? json_string(r->locations[x->nearest].id) : json_null());
        json_array_append_new(a, o);
    }
    return a;
}

json_t *zl_acute_json(const zl_acute_result *r, bool with_areas)
{
    json_t *mun = json_array(), *prov = json_array(), *locs = json_array(), *sens = json_array(),
           *closed = json_array();
    for (size_t k = 0; k < r->n_municipalities; k++)
        json_array_append_new(mun, region(&r->municipalities[k]));
    for (size_t k = 0; k < r->n_provinces; k++)
        json_array_append_new(prov, region(&r->provinces[k]));
    for (size_t j = 0; j < r->n_locations; j++) {
        json_array_append_new(locs, location(&r->locations[j]));
        if (r->locations[j].closed)
            json_array_append_new(closed, json_string(r->locations[j].id));
    }
    for (size_t k = 0; k < r->n_sensitive; k++) {
        const zl_acute_location *l = &r->locations[r->sensitive[k]];
        json_array_append_new(sens, json_pack("{s:s, s:s, s:f, s:f, s:I}", "id", l->id, "name",
                                              l->name, "lat", l->lat, "lon", l->lon, "increase",
                                              (json_int_t)l->increase));
    }
    json_t *doc = json_pack(
        "{s:s, s:s, s:f, s:I, s:I, s:f, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:I,"
        " s:{s:f, s:I, s:f}, s:{s:f, s:f, s:s, s:f, s:f, s:s, s:f, s:f}, s:b}",
        "function", r->c->function, "date", r->c->date, "minutes", r->model.minutes,
        "population_total", (json_int_t)r->population_total, "population_beyond",
        (json_int_t)r->population_beyond, "share_beyond",
        share(r->population_beyond, r->population_total), "municipalities", mun, "provinces", prov,
        "locations", locs, "sensitive", sens, "closed", closed, "areas",
        with_areas ? areas(r) : json_array(), "ambulance_posts", (json_int_t)r->n_posts,
        "locations_open", (json_int_t)(r->n_locations - r->n_closed), "car_30", "minutes",
        r->model.car_minutes, "population_beyond", (json_int_t)r->car_beyond, "share_beyond",
        share(r->car_beyond, r->population_total), "model", "dispatch_min", r->model.dispatch_min,
        "on_scene_min", r->model.on_scene_min, "ambulance_profile", "ambulance",
        "ambulance_speed_level", zl_profile_speed_level(ZL_PROFILE_AMBULANCE), "car_speed_level",
        zl_profile_speed_level(ZL_PROFILE_CAR), "car_profile", "car", "car_access_min", 0.0,
        "norm_minutes", r->model.minutes, "synthetic", false);
    return doc;
}
