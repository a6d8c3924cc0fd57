/* Acute care: the dispatch + response + on-scene + transport chain, the totals per
 * municipality, the sensitivity of each location and a closure scenario, on a toy map
 * whose travel times are computed by hand (tests/fixtures/acute; a toy provider drives
 * 0.01 degree of latitude per minute). Also the importers' checks. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "zorglandschap/acute.h"
#include "zorglandschap/import.h"

#define FIX ZL_FIXTURES "/acute/"

/* Toy travel: minutes = 100 x |delta lat| + 100 x |delta lon| (a grid at 1 min per 0.01°). */
static const char *toy_method(const void *ctx)
{
    return "toy";
}

static zl_status toy_route(void *ctx, zl_geo_point from, const zl_geo_point *to, size_t n,
                           double *minutes, double *km, zl_err *err)
{
    for (size_t i = 0; i < n; i++) {
        minutes[i] = 100 * (fabs(to[i].lat - from.lat) + fabs(to[i].lon - from.lon));
        km[i] = minutes[i];
    }
    return ZL_OK;
}

static const zl_travel_provider toy = {NULL, toy_method, toy_route, NULL};
static const zl_acute_providers toys = {&toy, &toy};

static zl_store *toy_store(char **path)
{
    zl_store *s = tu_store_new(path);
    zl_err err = {0};
    const char *steps[][2] = {{"areas", FIX "areas.csv"},
                              {"locations", FIX "locations.csv"},
                              {"functions", FIX "functions.csv"},
                              {"ambulance-posts", FIX "posts.csv"}};
    for (size_t i = 0; i < 4; i++)
        if (zl_import_file(s, steps[i][0], steps[i][1], NULL, &err) != ZL_OK)
            fail_msg("%s", err.msg);
    return s;
}

static void chain_hand_computed(void **state)
{
    char *path;
    zl_store *s = toy_store(&path);
    zl_err err = {0};
    zl_acute_case *c;
    assert_int_equal(zl_acute_load(s, "seh_24h", "2019-03-01", &toys, &c, &err), ZL_OK);
    zl_acute_model m = zl_acute_model_defaults(); /* 3 + 10, norm 45, car 30 */
    zl_acute_result r;
    assert_int_equal(zl_acute_reach(c, &m, NULL, 0, &r, &err), ZL_OK);
    /* Only post P (24 uur) counts; Q is day/evening. Area 1002 at 52.22: response 22 min
     * from P at 52.00, transport 8 to B at 52.30: 3 + 22 + 10 + 8 = 43. */
    assert_int_equal(r.n_posts, 1);
    assert_int_equal(r.areas[1].pc4, 1002);
    assert_float_equal(r.areas[1].response, 22, 1e-4);
    assert_float_equal(r.areas[1].transport, 8, 1e-4);
    assert_float_equal(r.areas[1].total, 43, 1e-4);
    assert_string_equal(r.locations[r.areas[1].nearest].id, "B");
    /* 1001: 3 + 5 + 10 + 5 = 23; 1003: 3 + 40 + 10 + 10 = 63, beyond. */
    assert_float_equal(r.areas[0].total, 23, 1e-4);
    assert_float_equal(r.areas[2].total, 63, 1e-4);
    assert_int_equal(r.population_total, 600);
    assert_int_equal(r.population_beyond, 300);
    assert_int_equal(r.n_municipalities, 1); /* only M2 has anyone beyond */
    assert_string_equal(r.municipalities[0].name, "M2");
    assert_int_equal(r.municipalities[0].population_beyond, 300);
    assert_int_equal(r.car_beyond, 0); /* car minutes 5, 8, 10 */
    zl_acute_result_free(&r);
    /* A stricter car measure: 1002 (8) and 1003 (10) beyond 7 minutes. */
    m.car_minutes = 7;
    assert_int_equal(zl_acute_reach(c, &m, NULL, 0, &r, &err), ZL_OK);
    assert_int_equal(r.car_beyond, 500);
    zl_acute_result_free(&r);
    zl_acute_case_free(c);
    zl_store_close(s);
    tu_remove_db(path);
}

static void sensitivity_toy_map(void **state)
{
    char *path;
    zl_store *s = toy_store(&path);
    zl_err err = {0};
    zl_acute_case *c;
    assert_int_equal(zl_acute_load(s, "seh_24h", "2019-03-01", &toys, &c, &err), ZL_OK);
    zl_acute_model m = zl_acute_model_defaults();
    zl_acute_result r;
    assert_int_equal(zl_acute_reach(c, &m, NULL, 0, &r, &err), ZL_OK);
    /* Closing A: 1001 goes to B, 25 min: 3 + 5 + 10 + 25 = 43, still within: increase 0.
     * Closing B: 1002 goes to A, 12 min: 47, beyond: increase 200 (1003 is beyond anyway). */
    assert_int_equal(r.locations[0].increase, 0);
    assert_int_equal(r.locations[1].increase, 200);
    assert_int_equal(r.n_sensitive, 1);
    assert_string_equal(r.locations[r.sensitive[0]].id, "B");
    zl_acute_result_free(&r);
    /* The scenario with B closed: 1002 (47) and 1003 (3 + 40 + 10 + 30 = 83) beyond; now A is
     * the only location, so closing it too puts 1001 beyond: increase 100. */
    const char *close[] = {"B"};
    assert_int_equal(zl_acute_reach(c, &m, close, 1, &r, &err), ZL_OK);
    assert_int_equal(r.population_beyond, 500);
    assert_int_equal(r.n_closed, 1);
    assert_true(r.locations[1].closed);
    assert_int_equal(r.locations[0].increase, 100);
    assert_float_equal(r.areas[2].total, 83, 1e-4);
    zl_acute_result_free(&r);
    /* Closing never shortens anyone's time. */
    zl_acute_result before, after;
    assert_int_equal(zl_acute_reach(c, &m, NULL, 0, &before, &err), ZL_OK);
    assert_int_equal(zl_acute_reach(c, &m, close, 1, &after, &err), ZL_OK);
    for (size_t i = 0; i < before.n_areas; i++)
        assert_true(after.areas[i].total >= before.areas[i].total);
    zl_acute_result_free(&before);
    zl_acute_result_free(&after);
    /* Closing a location without the function is an error. */
    const char *bad[] = {"C"};
    assert_int_equal(zl_acute_reach(c, &m, bad, 1, &r, &err), ZL_EINPUT);
    assert_contains(err.msg, "'C' does not have the function seh_24h on 2019-03-01");
    zl_acute_case_free(c);
    zl_store_close(s);
    tu_remove_db(path);
}

static void load_errors(void **state)
{
    char *path;
    zl_store *s = toy_store(&path);
    zl_err err = {0};
    zl_acute_case *c = NULL;
    assert_int_equal(zl_acute_load(s, "cardiology", NULL, &toys, &c, &err), ZL_EINPUT);
    assert_contains(err.msg, "unknown function 'cardiology'");
    assert_int_equal(zl_acute_load(s, "seh_24h", "2018-06-01", &toys, &c, &err), ZL_EINPUT);
    assert_contains(err.msg, "no location has the function seh_24h on 2018-06-01");
    assert_int_equal(zl_acute_load(s, "seh_24h", "2019-02-30", &toys, &c, &err), ZL_EINPUT);
    assert_contains(err.msg, "bad date");
    /* Acute obstetrics only in 2020, when no post is valid. */
    assert_int_equal(zl_acute_load(s, "acute_obstetrics", NULL, &toys, &c, &err), ZL_EINPUT);
    assert_contains(err.msg, "no ambulance post staffed around the clock on 2020-01-01");
    assert_null(c);
    zl_store_close(s);
    tu_remove_db(path);
}

static void import_errors(void **state)
{
    char *path;
    zl_store *s = toy_store(&path);
    zl_err err = {0};
    struct {
        const char *kind, *file, *msg;
    } bad[] = {
        {"ambulance-posts", FIX "bad_post_abroad.csv", "lies outside the Netherlands"},
        {"functions", FIX "bad_function.csv", "unknown function 'cardiology'"},
        {"functions", FIX "bad_overlap.csv", "overlaps another period"},
        {"ambulance-posts", FIX "bad_post_overlap.csv", "overlaps another period"},
        {"functions", FIX "bad_period.csv", "is before valid_from"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(zl_import_file(s, bad[i].kind, bad[i].file, NULL, &err), ZL_EINPUT);
        assert_contains(err.msg, bad[i].msg);
        assert_contains(err.msg, ".csv:2:");
    }
    /* Importing the same file again changes nothing. */
    zl_import_result res;
    assert_int_equal(zl_import_file(s, "functions", FIX "functions.csv", &res, &err), ZL_OK);
    assert_int_equal(res.rows, 3);
    assert_int_equal(res.changed, 0);
    zl_store_close(s);
    tu_remove_db(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chain_hand_computed),
        cmocka_unit_test(sensitivity_toy_map),
        cmocka_unit_test(load_errors),
        cmocka_unit_test(import_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
