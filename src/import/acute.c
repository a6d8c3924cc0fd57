/* Importers of the acute-care inputs (docs/formats.md): location functions with validity
 * periods, ambulance posts and ferry links. Periods of the same location and function, or
 * of the same post, must not overlap; an ambulance post must lie in the Netherlands. */
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"
#include "zorglandschap/rare.h"
#include "zorglandschap/store_acute.h"
#include "zorglandschap/store_landscape.h"

/* The Netherlands' extent (WGS84), a little generous: posts outside it are typos. */
#define NL_LAT_MIN 50.70
#define NL_LAT_MAX 53.60
#define NL_LON_MIN 3.30
#define NL_LON_MAX 7.25

bool zl_acute_function_known(const char *f)
{
    static const char *const fns[] = {"seh_24h", "seh_day_evening", "acute_obstetrics", "nicu"};
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++)
        if (f && strcmp(f, fns[i]) == 0)
            return true;
    return false;
}

zl_status imp_date(const zl_csv *c, int col, const char **out, zl_err *err)
{
    zl_status st = zl_csv_text(c, col, out, err);
    if (st == ZL_OK && !zl_date_valid(*out))
        return zl_csv_fail(c, col, err, "expected a date YYYY-MM-DD, found '%.40s'", *out);
    return st;
}

zl_status imp_period(const zl_csv *c, const int *col, const char **from, const char **to,
                     zl_err *err)
{
    zl_status st = imp_date(c, col[0], from, err);
    if (st == ZL_OK)
        st = imp_date(c, col[1], to, err);
    if (st == ZL_OK && strcmp(*to, *from) < 0)
        return zl_csv_fail(c, col[1], err, "valid_to %s is before valid_from %s", *to, *from);
    return st;
}

zl_status imp_function(zl_import_ctx *x, const zl_function_row *r, int col, zl_err *err)
{
    bool overlaps, changed;
    zl_status st = zl_store_function_overlaps(x->s, r, &overlaps, err);
    if (st == ZL_OK && overlaps)
        return zl_csv_fail(x->c, col, err,
                           "period %s..%s of %s at location %s overlaps another period",
                           r->valid_from, r->valid_to, r->function, r->location_id);
    if (st == ZL_OK && (st = zl_store_put_function(x->s, r, &changed, err)) == ZL_OK)
        imp_count(x, changed);
    return st;
}

zl_status zl_import_functions(zl_import_ctx *x, zl_err *err)
{
    static const char *const req[] = {"location_id", "function", "valid_from", "valid_to"};
    int col[4];
    char key[256];
    zl_status st = zl_csv_require(x->c, req, col, 4, err);
    bool has = true;
    while (st == ZL_OK && (st = zl_csv_next(x->c, &has, err)) == ZL_OK && has) {
        zl_function_row r;
        if ((st = zl_csv_text(x->c, col[0], &r.location_id, err)) != ZL_OK ||
            (st = imp_ref_location(x, col[0], r.location_id, err)) != ZL_OK ||
            (st = zl_csv_text(x->c, col[1], &r.function, err)) != ZL_OK)
            break;
        if (!zl_acute_function_known(r.function)) {
            st = zl_csv_fail(x->c, col[1], err,
                             "unknown function '%.40s' (seh_24h, seh_day_evening,"
                             " acute_obstetrics, nicu)",
                             r.function);
            break;
        }
        if ((st = imp_period(x->c, col + 2, &r.valid_from, &r.valid_to, err)) != ZL_OK)
            break;
        snprintf(key, sizeof key, "%s %s %s", r.location_id, r.function, r.valid_from);
        if ((st = imp_key(x, col[2], key, "location/function/valid_from", err)) != ZL_OK)
            break;
        st = imp_function(x, &r, col[2], err);
    }
    return st;
}

/* RIVM's availability labels; around the clock: the two 24-hour kinds. */
static bool availability(const char *a, bool *around_clock)
{
    static const char *const labels[] = {"24 uur", "24 uur DAM/VWS", "Dag/avond", "Nacht",
                                         "Opkomst"};
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(a, labels[i]) == 0) {
            *around_clock = i < 2;
            return true;
        }
    return false;
}

/* Within NEAR_KM of some PC4 point (the store's areas); true when there are none. */
#define NEAR_KM 10.0
static bool near_area(const imp_areas *a, double lat, double lon)
{
    for (size_t i = 0; i < a->n; i++)
        if (zl_haversine_km((zl_geo_point){lat, lon}, (zl_geo_point){a->v[i].lat, a->v[i].lon}) <=
            NEAR_KM)
            return true;
    return a->n == 0;
}

zl_status imp_areas_load(zl_import_ctx *x, imp_areas *a, zl_err *err)
{
    return zl_store_list_areas(x->s, &a->v, &a->n, err);
}

zl_status imp_post(zl_import_ctx *x, const imp_areas *areas, zl_post_row *r, const int *col,
                   zl_err *err)
{
    zl_status st;
    if (!availability(r->availability, &r->around_clock))
        return zl_csv_fail(x->c, col[1], err,
                           "unknown availability '%.40s' ('24 uur', '24 uur DAM/VWS',"
                           " 'Dag/avond', 'Nacht', 'Opkomst')",
                           r->availability);
    if ((st = imp_coord(x->c, col[2], -90, 90, &r->lat, err)) != ZL_OK ||
        (st = imp_coord(x->c, col[3], -180, 180, &r->lon, err)) != ZL_OK)
        return st;
    if (r->lat < NL_LAT_MIN || r->lat > NL_LAT_MAX || r->lon < NL_LON_MIN || r->lon > NL_LON_MAX ||
        !near_area(areas, r->lat, r->lon))
        return zl_csv_fail(x->c, col[2], err,
                           "post '%.60s' at %.5f,%.5f lies outside the Netherlands (not within"
                           " %.0f km of any PC4 point, or outside %.2f-%.2f N, %.2f-%.2f E)",
                           r->name, r->lat, r->lon, NEAR_KM, NL_LAT_MIN, NL_LAT_MAX, NL_LON_MIN,
                           NL_LON_MAX);
    char key[256];
    bool overlaps, changed;
    snprintf(key, sizeof key, "%s %s", r->name, r->valid_from);
    if ((st = imp_key(x, col[0], key, "name/valid_from", err)) != ZL_OK ||
        (st = zl_store_post_overlaps(x->s, r, &overlaps, err)) != ZL_OK)
        return st;
    if (overlaps)
        return zl_csv_fail(x->c, col[0], err,
                           "period %s..%s of post '%.60s' overlaps another period", r->valid_from,
                           r->valid_to, r->name);
    if ((st = zl_store_put_post(x->s, r, &changed, err)) == ZL_OK)
        imp_count(x, changed);
    return st;
}

zl_status zl_import_ambulance_posts(zl_import_ctx *x, zl_err *err)
{
    static const char *const req[] = {"name", "availability", "lat",
                                      "lon",  "valid_from",   "valid_to"};
    int col[6];
    imp_areas areas = {0};
    zl_status st = zl_csv_require(x->c, req, col, 6, err);
    if (st == ZL_OK)
        st = imp_areas_load(x, &areas, err);
    bool has = true;
    while (st == ZL_OK && (st = zl_csv_next(x->c, &has, err)) == ZL_OK && has) {
        zl_post_row r = {0};
        if ((st = zl_csv_text(x->c, col[0], &r.name, err)) != ZL_OK ||
            (st = zl_csv_text(x->c, col[1], &r.availability, err)) != ZL_OK ||
            (st = imp_period(x->c, col + 4, &r.valid_from, &r.valid_to, err)) != ZL_OK)
            break;
        st = imp_post(x, &areas, &r, col, err);
    }
    free(areas.v);
    return st;
}

zl_status zl_import_ferries(zl_import_ctx *x, zl_err *err)
{
    /* Validate with the reader the router uses, then store the rows as they are. */
    zl_ferry_set set = {0};
    zl_status st = zl_ferry_set_read_csv(&set, zl_csv_name(x->c), err);
    zl_ferry_set_free(&set);
    static const char *const req[] = {"island",       "island_harbour",   "island_lat",
                                      "island_lon",   "mainland_harbour", "mainland_lat",
                                      "mainland_lon", "crossing_min",     "wait_min",
                                      "night",        "polygon"};
    int col[11];
    if (st == ZL_OK)
        st = zl_csv_require(x->c, req, col, 11, err);
    int c_src = zl_csv_col(x->c, "source");
    bool has = true;
    while (st == ZL_OK && (st = zl_csv_next(x->c, &has, err)) == ZL_OK && has) {
        zl_ferry_fields f = {.island = zl_csv_field(x->c, col[0]),
                             .island_harbour = zl_csv_field(x->c, col[1]),
                             .mainland_harbour = zl_csv_field(x->c, col[4]),
                             .polygon = zl_csv_field(x->c, col[10]),
                             .night = strcmp(zl_csv_field(x->c, col[9]), "1") == 0};
        bool changed;
        if ((st = zl_csv_num(x->c, col[2], &f.island_lat, err)) != ZL_OK ||
            (st = zl_csv_num(x->c, col[3], &f.island_lon, err)) != ZL_OK ||
            (st = zl_csv_num(x->c, col[5], &f.mainland_lat, err)) != ZL_OK ||
            (st = zl_csv_num(x->c, col[6], &f.mainland_lon, err)) != ZL_OK ||
            (st = zl_csv_num(x->c, col[7], &f.crossing_min, err)) != ZL_OK ||
            (st = zl_csv_num(x->c, col[8], &f.wait_min, err)) != ZL_OK ||
            (st = zl_store_put_ferry(x->s, &f, imp_text_opt(x->c, c_src), &changed, err)) != ZL_OK)
            break;
        imp_count(x, changed);
    }
    return st;
}
