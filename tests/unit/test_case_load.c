/* zl_case_load and zl_case_load_volumes on a tiny store built from the impact fixture
 * (tests/fixtures/impact, see its README for the hand-computed figures). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "zorglandschap/import.h"
#include "zorglandschap/landscape.h"
#include "zorglandschap/store_landscape.h"

static const int fixture_pc4[5] = {1000, 1001, 1002, 1003, 1004};
static const float fixture_minutes[5][4] = {
    {10, 20, 50, 5}, {40, 15, 35, 5}, {50, 30, 10, 5}, {70, 50, 46, 5}, {25, 12, 40, 5}};

static void import(zl_store *s, const char *kind, const char *file)
{
    char path[512];
    snprintf(path, sizeof path, "%s/impact/%s", ZL_FIXTURES, file);
    zl_err err = {0};
    zl_import_result r;
    if (zl_import_file(s, kind, path, &r, &err) != ZL_OK)
        fail_msg("import %s: %s", path, err.msg);
}

/* Travel times for locations a-d, leaving out pair (skip_area, skip_loc) when >= 0. */
static void put_travel(zl_store *s, int skip_area, int skip_loc)
{
    zl_err err = {0};
    assert_int_equal(zl_store_begin(s, &err), ZL_OK);
    for (int a = 0; a < 5; a++)
        for (int l = 0; l < 4; l++) {
            if (a == skip_area && l == skip_loc)
                continue;
            const char id[2] = {(char)('a' + l), 0};
            assert_int_equal(zl_store_put_travel(s, fixture_pc4[a], id, fixture_minutes[a][l],
                                                 fixture_minutes[a][l] * 0.8, "fixture", &err),
                             ZL_OK);
        }
    assert_int_equal(zl_store_commit(s, &err), ZL_OK);
}

static zl_store *fixture_store(char **path, bool travel)
{
    zl_store *s = tu_store_new(path);
    import(s, "areas", "areas.csv");
    import(s, "locations", "locations.csv");
    import(s, "regions", "regions.csv");
    import(s, "interventions", "interventions.csv");
    import(s, "volumes", "volumes.csv");
    import(s, "flows", "flows.csv");
    if (travel)
        put_travel(s, -1, -1);
    return s;
}

static void loads_case(void **state)
{
    char *path;
    zl_store *s = fixture_store(&path, true);
    zl_case *c = NULL;
    zl_err err = {0};
    if (zl_case_load(s, "LUNG", 0, NULL, &c, &err) != ZL_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(c->year, 2024); /* the latest year with flows */
    assert_string_equal(c->intervention.name, "Lung resection");
    assert_int_equal(c->intervention.norm, 6);
    assert_int_equal(c->intervention.proposed_norm, 8);
    assert_true(c->intervention.proposed_illustrative);
    assert_int_equal(c->n_areas, 5);
    assert_int_equal(c->n_locations, 4); /* clinic e has no travel times */
    assert_int_equal(zl_case_location_index(c, "e"), -1);
    assert_int_equal(zl_case_location_index(c, "c"), 2);
    assert_int_equal(c->areas[4].pc4, 1004);
    assert_int_equal(c->areas[4].population, 500);
    assert_true(zl_case_minutes(c, 1, 1) == 15 && zl_case_minutes(c, 4, 0) == 25);
    assert_string_equal(c->travel_method, "fixture");
    assert_int_equal(c->locations[2].kind, ZL_KIND_UMC);
    assert_string_equal(c->locations[2].organisation, "Org C");
    /* Flows sorted by (area, location). */
    assert_int_equal(c->n_flows, 6);
    const zl_flow expect[6] = {{0, 0, 5}, {1, 1, 4}, {1, 2, 2}, {2, 2, 6}, {3, 2, 3}, {4, 1, 1}};
    for (int f = 0; f < 6; f++) {
        assert_int_equal(c->flows[f].area, expect[f].area);
        assert_int_equal(c->flows[f].location, expect[f].location);
        assert_int_equal(c->flows[f].patients, expect[f].patients);
    }
    /* Windowed volumes 2022-2024: a (7+5)/2, b from its 2024 flows, c (10+12+11)/3 (2021's
     * 100 is outside), d nothing. */
    assert_true(c->volume_mean[0] == 6 && c->volume_years[0] == 2);
    assert_true(c->volume_mean[1] == 5 && c->volume_years[1] == 1);
    assert_true(c->volume_mean[2] == 11 && c->volume_years[2] == 3);
    assert_true(c->volume_mean[3] == 0 && c->volume_years[3] == 0);
    assert_true(c->synthetic);
    assert_null(c->region_layer);
    zl_case_free(c);

    /* An explicit year shrinks the window: 2023 has no flows. */
    assert_int_equal(zl_case_load(s, "LUNG", 2023, NULL, &c, &err), ZL_EINPUT);
    assert_contains(err.msg, "no patient flows for LUNG in 2023");
    zl_store_close(s);
    tu_remove_db(path);
}

static void loads_region_layer(void **state)
{
    char *path;
    zl_store *s = fixture_store(&path, true);
    zl_case *c = NULL;
    zl_err err = {0};
    if (zl_case_load(s, "LUNG", 2024, "province", &c, &err) != ZL_OK)
        fail_msg("%s", err.msg);
    assert_string_equal(c->region_layer, "province");
    assert_int_equal(c->n_regions, 2);
    assert_string_equal(c->region_codes[0], "NO");
    assert_string_equal(c->region_codes[1], "ZU");
    const int32_t areas[5] = {0, 0, 1, 1, 0}, locs[4] = {0, 0, 1, 1};
    for (int a = 0; a < 5; a++)
        assert_int_equal(c->area_region[a], areas[a]);
    for (int l = 0; l < 4; l++)
        assert_int_equal(c->location_region[l], locs[l]);
    zl_case_free(c);
    assert_int_equal(zl_case_load(s, "LUNG", 2024, "roaz", &c, &err), ZL_ENOTFOUND);
    assert_contains(err.msg, "unknown region layer 'roaz'");
    zl_store_close(s);
    tu_remove_db(path);
}

static void load_errors(void **state)
{
    char *path;
    zl_store *s = fixture_store(&path, false);
    zl_case *c = NULL;
    zl_err err = {0};
    assert_int_equal(zl_case_load(s, "NOPE", 0, NULL, &c, &err), ZL_ENOTFOUND);
    assert_contains(err.msg, "unknown intervention 'NOPE'");
    assert_int_equal(zl_case_load(s, "LUNG", 0, NULL, &c, &err), ZL_EINPUT);
    assert_string_equal(err.msg, "no travel times: run `zl travel build`");
    assert_int_equal(zl_case_load(s, "PANC", 0, NULL, &c, &err), ZL_EINPUT);
    assert_contains(err.msg, "no patient flows for PANC in any year");
    put_travel(s, 2, 1); /* pc4 1002 -> b missing */
    assert_int_equal(zl_case_load(s, "LUNG", 0, NULL, &c, &err), ZL_EINPUT);
    assert_contains(err.msg, "travel matrix incomplete: 19 of 20");
    assert_null(c);
    zl_store_close(s);
    tu_remove_db(path);
}

static void volume_without_travel(void **state)
{
    char *path;
    zl_store *s = fixture_store(&path, true);
    zl_err err = {0};
    zl_volume_row v = {"e", "LUNG", 2024, 3, true};
    assert_int_equal(zl_store_put_volume(s, &v, NULL, &err), ZL_OK);
    zl_case *c = NULL;
    assert_int_equal(zl_case_load(s, "LUNG", 0, NULL, &c, &err), ZL_EINPUT);
    assert_contains(err.msg, "location 'e' has a volume of LUNG in 2024 but no travel times");
    zl_store_close(s);
    tu_remove_db(path);
}

static void loads_volumes_only(void **state)
{
    char *path;
    zl_store *s = fixture_store(&path, false);
    zl_case *c = NULL;
    zl_err err = {0};
    if (zl_case_load_volumes(s, "PANC", 0, &c, &err) != ZL_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(c->year, 2021); /* latest volume record */
    assert_int_equal(c->n_locations, 5);
    assert_int_equal(c->n_areas, 0);
    assert_null(c->minutes);
    assert_true(c->volume_mean[0] == 30 && c->volume_years[0] == 1);
    zl_case_free(c);
    if (zl_case_load_volumes(s, "LUNG", 2023, &c, &err) != ZL_OK)
        fail_msg("%s", err.msg);
    /* 2021-2023: a 7 (one year), c (100+10+12)/3, b no record (its flows are 2024). */
    assert_true(c->volume_mean[0] == 7 && c->volume_years[0] == 1);
    assert_true(c->volume_years[1] == 0);
    assert_true(fabs(c->volume_mean[2] - 122.0 / 3) < 1e-9);
    zl_case_free(c);
    zl_store_close(s);
    tu_remove_db(path);
}

static void kind_names(void **state)
{
    const char *names[] = {"umc", "general", "children", "outpatient", "other"};
    for (int k = 0; k < 5; k++) {
        zl_location_kind kind;
        assert_true(zl_location_kind_parse(names[k], &kind));
        assert_int_equal(kind, k);
        assert_string_equal(zl_location_kind_name(kind), names[k]);
    }
    zl_location_kind kind;
    assert_false(zl_location_kind_parse("hospital", &kind));
    assert_string_equal(zl_location_kind_name((zl_location_kind)99), "other");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loads_case),         cmocka_unit_test(loads_region_layer),
        cmocka_unit_test(load_errors),        cmocka_unit_test(volume_without_travel),
        cmocka_unit_test(loads_volumes_only), cmocka_unit_test(kind_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
