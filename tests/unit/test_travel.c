/* Travel times: the haversine distance, the crow-fly speed bands, parameter checks, the
 * provider interface and the cached matrix (build, up-to-date detection, export), all on
 * hand-computed values. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "zorglandschap/import.h"
#include "zorglandschap/store_landscape.h"
#include "zorglandschap/travel.h"

#define FIX ZL_FIXTURES "/landscape/"

static void haversine(void **state)
{
    /* One degree of arc = 2 pi 6371.0088 / 360 = 111.19508 km, along the equator and a
     * meridian alike; a point to itself is 0. */
    assert_float_equal(zl_haversine_km((zl_geo_point){0, 0}, (zl_geo_point){0, 1}), 111.19508,
                       1e-4);
    assert_float_equal(zl_haversine_km((zl_geo_point){52, 5}, (zl_geo_point){53, 5}), 111.19508,
                       1e-4);
    assert_float_equal(zl_haversine_km((zl_geo_point){52, 5}, (zl_geo_point){52, 5}), 0, 1e-12);
    /* Amsterdam 1011 to the AMC: 9.2922 km (computed independently). */
    assert_float_equal(
        zl_haversine_km((zl_geo_point){52.371791, 4.906451}, (zl_geo_point){52.294428, 4.958158}),
        9.29219, 1e-4);
}

static void speed_bands(void **state)
{
    zl_crowfly_params p = zl_crowfly_defaults();
    double min, km;
    /* 0 km: only the 5 access minutes. */
    zl_crowfly_estimate(&p, 0, &min, &km);
    assert_float_equal(min, 5, 1e-9);
    assert_float_equal(km, 0, 1e-9);
    /* 2 km crow-fly = 2.5 road km, all urban at 30 km/h: 5 + 5 = 10 minutes. */
    zl_crowfly_estimate(&p, 2, &min, &km);
    assert_float_equal(km, 2.5, 1e-9);
    assert_float_equal(min, 10, 1e-9);
    /* 10 km = 12.5 road km: 3 urban (6 min) + 9.5 regional at 60 (9.5 min) + 5 = 20.5. */
    zl_crowfly_estimate(&p, 10, &min, &km);
    assert_float_equal(min, 20.5, 1e-9);
    /* 40 km = 50 road km: 6 + 12 + 35 km at 100 km/h (21 min) + 5 = 44. */
    zl_crowfly_estimate(&p, 40, &min, &km);
    assert_float_equal(km, 50, 1e-9);
    assert_float_equal(min, 44, 1e-9);
    /* A faster motorway only changes the third band: 35 km at 140 km/h = 15 min. */
    p.motorway_kmh = 140;
    zl_crowfly_estimate(&p, 40, &min, &km);
    assert_float_equal(min, 38, 1e-9);
}

static void parameter_checks(void **state)
{
    zl_err err = {0};
    zl_crowfly_params p = zl_crowfly_defaults();
    assert_int_equal(zl_crowfly_check(&p, &err), ZL_OK);
    p.detour = 0.9;
    assert_int_equal(zl_crowfly_check(&p, &err), ZL_EINPUT);
    assert_contains(err.msg, "detour factor 0.9 out of range");
    p = zl_crowfly_defaults();
    p.motorway_kmh = 0;
    assert_int_equal(zl_crowfly_check(&p, &err), ZL_EINPUT);
    assert_contains(err.msg, "speeds");
    zl_crowfly cf;
    zl_travel_provider prov;
    p = zl_crowfly_defaults();
    assert_int_equal(zl_crowfly_provider(&cf, &p, &prov, &err), ZL_OK);
    assert_string_equal(prov.method(prov.ctx), "crowfly1:1.25/5/3@30/12@60/100");
}

static zl_store *fixture_store(char **path)
{
    zl_store *s = tu_store_new(path);
    zl_err err = {0};
    if (zl_import_file(s, "areas", FIX "areas.csv", NULL, &err) != ZL_OK ||
        zl_import_file(s, "locations", FIX "locations.csv", NULL, &err) != ZL_OK)
        fail_msg("%s", err.msg);
    return s;
}

static void builds_once_and_detects_changes(void **state)
{
    char *path;
    zl_store *s = fixture_store(&path);
    zl_err err = {0};
    FILE *devnull = fopen("/dev/null", "w");
    assert_int_equal(zl_travel_export_csv(s, devnull, &err), ZL_ENOTFOUND);
    assert_contains(err.msg, "run 'zl travel build' first");
    fclose(devnull);
    zl_crowfly cf;
    zl_travel_provider prov;
    zl_crowfly_params p = zl_crowfly_defaults();
    zl_travel_build_result r;
    assert_int_equal(zl_crowfly_provider(&cf, &p, &prov, &err), ZL_OK);
    assert_int_equal(zl_travel_build(s, &prov, false, &r, &err), ZL_OK);
    assert_true(r.rebuilt);
    assert_int_equal(r.rows, 5 * 4);
    int64_t before = zl_store_total_changes(s);
    assert_int_equal(zl_travel_build(s, &prov, false, &r, &err), ZL_OK);
    assert_false(r.rebuilt);
    assert_int_equal(zl_store_total_changes(s), before);
    /* New parameters make a new matrix. */
    p.detour = 1.4;
    assert_int_equal(zl_crowfly_provider(&cf, &p, &prov, &err), ZL_OK);
    assert_int_equal(zl_travel_build(s, &prov, false, &r, &err), ZL_OK);
    assert_true(r.rebuilt);
    /* So does a moved area (re-import with a changed point). */
    char *moved = tu_write_temp(".csv", "pc4,population,lat,lon\n1011,9630,52.38,4.9\n");
    assert_int_equal(zl_import_file(s, "areas", moved, NULL, &err), ZL_OK);
    assert_int_equal(zl_travel_build(s, &prov, false, &r, &err), ZL_OK);
    assert_true(r.rebuilt);
    assert_int_equal(zl_travel_build(s, &prov, true, &r, &err), ZL_OK);
    assert_true(r.rebuilt);
    unlink(moved);
    free(moved);
    zl_store_close(s);
    tu_remove_db(path);
}

/* A provider that is not the crow-fly model: the interface a router will implement. */
static const char *fixed_method(const void *ctx)
{
    return "fixed:7";
}

static zl_status fixed_route(void *ctx, zl_geo_point from, const zl_geo_point *to, size_t n,
                             double *minutes, double *km, zl_err *err)
{
    for (size_t i = 0; i < n; i++) {
        minutes[i] = 7;
        km[i] = 3.5;
    }
    return ZL_OK;
}

static void exports_csv(void **state)
{
    char *path;
    zl_store *s = fixture_store(&path);
    zl_err err = {0};
    zl_crowfly cf;
    zl_travel_provider prov;
    zl_crowfly_params p = zl_crowfly_defaults();
    zl_travel_build_result r;
    assert_int_equal(zl_crowfly_provider(&cf, &p, &prov, &err), ZL_OK);
    assert_int_equal(zl_travel_build(s, &prov, false, &r, &err), ZL_OK);
    char *out = tu_temp_path(".csv");
    FILE *f = fopen(out, "w+");
    assert_non_null(f);
    assert_int_equal(zl_travel_export_csv(s, f, &err), ZL_OK);
    rewind(f);
    char line[256];
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line, "pc4,location_id,minutes,km\n");
    /* 1011 -> AMC: 9.29219 km crow-fly, 11.615 road km, 5 + 6 + 8.615 = 19.62 minutes. */
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line, "1011,L_AMS,19.62,11.615\n");
    int rows = 1;
    while (fgets(line, sizeof line, f))
        rows++;
    assert_int_equal(rows, 20);
    fclose(f);
    /* Another provider through the same interface replaces the matrix. */
    zl_travel_provider fixed = {.ctx = NULL, .method = fixed_method, .route = fixed_route};
    assert_int_equal(zl_travel_build(s, &fixed, false, &r, &err), ZL_OK);
    assert_true(r.rebuilt);
    assert_string_equal(r.method, "fixed:7");
    f = fopen(out, "w+");
    assert_int_equal(zl_travel_export_csv(s, f, &err), ZL_OK);
    rewind(f);
    assert_non_null(fgets(line, sizeof line, f));
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line, "1011,L_AMS,7.00,3.500\n");
    fclose(f);
    unlink(out);
    free(out);
    zl_store_close(s);
    tu_remove_db(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(haversine),        cmocka_unit_test(speed_bands),
        cmocka_unit_test(parameter_checks), cmocka_unit_test(builds_once_and_detects_changes),
        cmocka_unit_test(exports_csv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
