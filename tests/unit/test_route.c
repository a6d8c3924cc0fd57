/* Travel profiles, ferry routing and the batch table: hand-computed island trips on a toy
 * ferry link, the shipped ferry file against the island PC4s, and the table's CSV. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "zorglandschap/csv.h"
#include "zorglandschap/route.h"

/* A road model in which minutes = km = great-circle km (60 km/h, detour 1, no access). */
static zl_crowfly_params unit_speed(void)
{
    zl_crowfly_params p = {.detour = 1,
                           .access_min = 0,
                           .urban_km = 0,
                           .urban_kmh = 60,
                           .regional_km = 0,
                           .regional_kmh = 60,
                           .motorway_kmh = 60};
    return p;
}

/* Island: the square 10..11 N, 10..11 E; harbours at 10.1 N and 9.9 N on 10.5 E; 20
 * minutes crossing, 30 minutes waiting; no night service. */
static void toy_ferries(zl_ferry_set *f)
{
    zl_err err = {0};
    zl_ferry_fields in = {.island = "Toy",
                          .island_harbour = "Isle",
                          .mainland_harbour = "Main",
                          .polygon = "10 10;11 10;11 11;10 11",
                          .island_lat = 10.1,
                          .island_lon = 10.5,
                          .mainland_lat = 9.9,
                          .mainland_lon = 10.5,
                          .crossing_min = 20,
                          .wait_min = 30};
    assert_int_equal(zl_ferry_set_add(f, &in, &err), ZL_OK);
}

#define DEG_KM 111.19508 /* one degree of latitude */

static void ferry_trip_hand_computed(void **state)
{
    zl_ferry_set f = {0};
    toy_ferries(&f);
    zl_crowfly_params p = unit_speed();
    zl_router r;
    zl_travel_provider prov;
    zl_err err = {0};
    assert_int_equal(zl_router_provider(&r, &p, &f, false, &prov, &err), ZL_OK);
    assert_non_null(strstr(prov.method(prov.ctx), "+ferries:"));
    zl_geo_point to[3] = {{9.9, 10.5}, {9.5, 10.5}, {10.9, 10.5}};
    double min[3], km[3];
    /* From the island harbour to the mainland harbour: wait 30 + crossing 20, and the
     * crossing's 0.2 degrees as km. */
    assert_int_equal(prov.route(prov.ctx, (zl_geo_point){10.1, 10.5}, to, 3, min, km, &err), ZL_OK);
    assert_float_equal(min[0], 50, 1e-6);
    assert_float_equal(km[0], 0.2 * DEG_KM, 1e-3);
    /* From the middle of the island (10.5 N) to 9.5 N: 0.4 deg to the harbour, 50 minutes,
     * 0.4 deg on the mainland = 0.8 deg of road (minutes = km) + 50. */
    assert_int_equal(prov.route(prov.ctx, (zl_geo_point){10.5, 10.5}, to, 3, min, km, &err), ZL_OK);
    assert_float_equal(min[1], 0.8 * DEG_KM + 50, 1e-3);
    assert_float_equal(km[1], 1.0 * DEG_KM, 1e-3);
    /* On the island itself: straight there, no ferry. */
    assert_float_equal(min[2], 0.4 * DEG_KM, 1e-3);
    /* Mainland to island is the same trip reversed. */
    zl_geo_point isle = {10.5, 10.5};
    assert_int_equal(prov.route(prov.ctx, (zl_geo_point){9.5, 10.5}, &isle, 1, min, km, &err),
                     ZL_OK);
    assert_float_equal(min[0], 0.8 * DEG_KM + 50, 1e-3);
    /* At night the link does not sail: no route. */
    assert_int_equal(zl_router_provider(&r, &p, &f, true, &prov, &err), ZL_OK);
    assert_int_equal(prov.route(prov.ctx, (zl_geo_point){10.5, 10.5}, to, 3, min, km, &err), ZL_OK);
    assert_true(isinf(min[1]));
    assert_float_equal(min[2], 0.4 * DEG_KM, 1e-3); /* on the island still fine */
    /* Access minutes are added once per trip, not per leg. */
    p.access_min = 5;
    assert_int_equal(zl_router_provider(&r, &p, &f, false, &prov, &err), ZL_OK);
    assert_int_equal(prov.route(prov.ctx, (zl_geo_point){10.5, 10.5}, to, 3, min, km, &err), ZL_OK);
    assert_float_equal(min[1], 0.8 * DEG_KM + 55, 1e-3);
    zl_ferry_set_free(&f);
}

static void ferry_bad_links(void **state)
{
    zl_ferry_set f = {0};
    zl_err err = {0};
    toy_ferries(&f);
    zl_ferry_fields dup = {.island = "Toy",
                           .polygon = "20 20;21 20;21 21",
                           .island_lat = 20.5,
                           .island_lon = 20.2,
                           .mainland_lat = 19,
                           .mainland_lon = 20};
    assert_int_equal(zl_ferry_set_add(&f, &dup, &err), ZL_EINPUT);
    assert_contains(err.msg, "has a ferry link already");
    dup.island = "Other";
    dup.polygon = "20 20;21";
    assert_int_equal(zl_ferry_set_add(&f, &dup, &err), ZL_EINPUT);
    assert_contains(err.msg, "polygon");
    dup.polygon = "20 20;21 20;21 21";
    dup.island_lat = 30; /* harbour outside its island */
    assert_int_equal(zl_ferry_set_add(&f, &dup, &err), ZL_EINPUT);
    assert_int_equal(f.n, 1);
    zl_ferry_set_free(&f);
}

/* The shipped ferry file puts exactly the Wadden-island PC4s on an island. */
static void shipped_ferries_cover_islands(void **state)
{
    zl_ferry_set f = {0};
    zl_err err = {0};
    assert_int_equal(zl_ferry_set_read_csv(&f, ZL_SOURCE_DIR "/data/nl/ferries.csv", &err), ZL_OK);
    assert_int_equal(f.n, 5);
    zl_csv *c;
    assert_int_equal(zl_csv_open(ZL_SOURCE_DIR "/data/nl/pc4.csv", &c, &err), ZL_OK);
    int pc = zl_csv_col(c, "pc4"), la = zl_csv_col(c, "lat"), lo = zl_csv_col(c, "lon");
    bool has;
    int on_island = 0;
    while (zl_csv_next(c, &has, &err) == ZL_OK && has) {
        int64_t pc4;
        double lat, lon;
        assert_int_equal(zl_csv_int(c, pc, &pc4, &err), ZL_OK);
        assert_int_equal(zl_csv_num(c, la, &lat, &err), ZL_OK);
        assert_int_equal(zl_csv_num(c, lo, &lon, &err), ZL_OK);
        bool island = (pc4 >= 1791 && pc4 <= 1797) || (pc4 >= 8881 && pc4 <= 8899) ||
                      (pc4 >= 9161 && pc4 <= 9166);
        int at = zl_ferry_island_of(&f, (zl_geo_point){lat, lon});
        if (island != (at >= 0))
            fail_msg("PC4 %lld: island %d, polygon %d", (long long)pc4, island, at);
        on_island += at >= 0;
    }
    assert_int_equal(on_island, 25);
    zl_csv_close(c);
    zl_ferry_set_free(&f);
}

static void profiles(void **state)
{
    zl_err err = {0};
    zl_profile_kind k;
    assert_int_equal(zl_profile_parse("ambulance", &k, &err), ZL_OK);
    assert_int_equal(k, ZL_PROFILE_AMBULANCE);
    assert_int_equal(zl_profile_parse("bike", &k, &err), ZL_EINPUT);
    assert_contains(err.msg, "unknown profile");
    zl_crowfly_params car = zl_profile_params(ZL_PROFILE_CAR);
    zl_crowfly_params amb = zl_profile_params(ZL_PROFILE_AMBULANCE);
    assert_int_equal(zl_crowfly_check(&car, &err), ZL_OK);
    assert_int_equal(zl_crowfly_check(&amb, &err), ZL_OK);
    /* An ambulance drives faster than a car on every kind of road and has no access time. */
    assert_true(amb.urban_kmh > car.urban_kmh && amb.regional_kmh > car.regional_kmh &&
                amb.motorway_kmh > car.motorway_kmh);
    assert_float_equal(amb.access_min, 0, 0);
}

static void table_csv(void **state)
{
    char *from = tu_write_temp(".csv", "id,lat,lon\nisle,10.1,10.5\n\"a,b\",9.5,10.5\n");
    char *to = tu_write_temp(".csv", "id,lat,lon,name\nmain,9.9,10.5,x\n");
    char *bad = tu_write_temp(".csv", "id,lat,lon\np,95,10\n");
    char *dup = tu_write_temp(".csv", "id,lat,lon\np,5,10\np,6,10\n");
    zl_route_point *f = NULL, *t = NULL, *x = NULL;
    size_t nf, nt, nx;
    zl_err err = {0};
    assert_int_equal(zl_route_points_read(from, &f, &nf, &err), ZL_OK);
    assert_int_equal(zl_route_points_read(to, &t, &nt, &err), ZL_OK);
    assert_int_equal(zl_route_points_read(bad, &x, &nx, &err), ZL_EINPUT);
    assert_contains(err.msg, ":2: column 'lat'");
    assert_int_equal(zl_route_points_read(dup, &x, &nx, &err), ZL_EINPUT);
    assert_contains(err.msg, "duplicate id 'p'");
    zl_ferry_set fs = {0};
    toy_ferries(&fs);
    zl_crowfly_params p = unit_speed();
    zl_router r;
    zl_travel_provider prov;
    assert_int_equal(zl_router_provider(&r, &p, &fs, false, &prov, &err), ZL_OK);
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    assert_int_equal(zl_route_table(&prov, f, nf, t, nt, true, mem, &err), ZL_OK);
    fclose(mem);
    assert_string_equal(buf, "from_id,to_id,minutes,km\n"
                             "isle,main,50.00,22.239\n"
                             "\"a,b\",main,44.48,44.478\n");
    free(buf);
    zl_ferry_set_free(&fs);
    zl_route_points_free(f, nf);
    zl_route_points_free(t, nt);
    const char *files[] = {from, to, bad, dup};
    for (int i = 0; i < 4; i++) {
        unlink(files[i]);
        free((void *)files[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ferry_trip_hand_computed),
        cmocka_unit_test(ferry_bad_links),
        cmocka_unit_test(shipped_ferries_cover_islands),
        cmocka_unit_test(profiles),
        cmocka_unit_test(table_csv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
