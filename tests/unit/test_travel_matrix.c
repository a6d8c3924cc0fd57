/* The compact travel matrix (migration 10): store round trip, deletion when any travel row
 * changes, and zl_case_load reading it to exactly the case the rows give. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "zorglandschap/import.h"
#include "zorglandschap/landscape.h"
#include "zorglandschap/store_landscape.h"

static const int32_t pc4s[5] = {1000, 1001, 1002, 1003, 1004};
/* Locations a-e (all of the fixture's, so a matrix in store order is taken over whole). */
static const float minutes[5][5] = {{10, 20, 50, 5, 7},
                                    {40, 15, 35, 5, 8},
                                    {50, 30, 10, 5, 9},
                                    {70, 50, 46, 5, 6},
                                    {25, 12, 40, 5, 3}};

static zl_store *fixture_store(char **path)
{
    zl_store *s = tu_store_new(path);
    const char *files[][2] = {{"areas", "areas.csv"},
                              {"locations", "locations.csv"},
                              {"interventions", "interventions.csv"},
                              {"volumes", "volumes.csv"},
                              {"flows", "flows.csv"}};
    for (size_t i = 0; i < 5; i++) {
        char p[512];
        snprintf(p, sizeof p, "%s/impact/%s", ZL_FIXTURES, files[i][1]);
        zl_err err = {0};
        zl_import_result r;
        if (zl_import_file(s, files[i][0], p, &r, &err) != ZL_OK)
            fail_msg("import %s: %s", p, err.msg);
    }
    return s;
}

static void put_rows(zl_store *s)
{
    zl_err err = {0};
    assert_int_equal(zl_store_begin(s, &err), ZL_OK);
    for (int a = 0; a < 5; a++)
        for (int l = 0; l < 5; l++) {
            const char id[2] = {(char)('a' + l), 0};
            assert_int_equal(zl_store_put_travel(s, pc4s[a], id, minutes[a][l], minutes[a][l] * 0.8,
                                                 "fixture", &err),
                             ZL_OK);
        }
    assert_int_equal(zl_store_commit(s, &err), ZL_OK);
}

/* The fixture's matrix with its locations in the order given (a permutation of a-e);
 * nan_cell >= 0 makes that cell NaN. */
static void put_compact(zl_store *s, const int order[5], int nan_cell)
{
    static char ids[5][2];
    char *idv[5];
    float min[25], km[25];
    for (int l = 0; l < 5; l++) {
        ids[l][0] = (char)('a' + order[l]);
        idv[l] = ids[l];
    }
    for (int a = 0; a < 5; a++)
        for (int l = 0; l < 5; l++) {
            min[a * 5 + l] = minutes[a][order[l]];
            km[a * 5 + l] = (float)(minutes[a][order[l]] * 0.8); /* as the rows: in double */
        }
    if (nan_cell >= 0)
        min[nan_cell] = NAN;
    zl_travel_matrix m = {.method = "fixture",
                          .fingerprint = "fp",
                          .n_areas = 5,
                          .n_locations = 5,
                          .pc4 = (int32_t *)pc4s,
                          .location_ids = idv,
                          .minutes = min,
                          .km = km};
    zl_err err = {0};
    assert_int_equal(zl_store_travel_matrix_put(s, &m, &err), ZL_OK);
}

static void round_trip(void **state)
{
    char *path;
    zl_store *s = fixture_store(&path);
    zl_err err = {0};
    zl_travel_matrix m;
    bool found = true;
    assert_int_equal(zl_store_travel_matrix_get(s, true, &m, &found, &err), ZL_OK);
    assert_false(found);
    const int order[5] = {3, 1, 0, 2, 4};
    put_compact(s, order, 6);
    assert_int_equal(zl_store_travel_matrix_get(s, true, &m, &found, &err), ZL_OK);
    assert_true(found);
    assert_string_equal(m.method, "fixture");
    assert_string_equal(m.fingerprint, "fp");
    assert_int_equal(m.n_areas, 5);
    assert_int_equal(m.n_locations, 5);
    assert_int_equal(m.pc4[4], 1004);
    assert_string_equal(m.location_ids[0], "d");
    assert_string_equal(m.location_ids[3], "c");
    assert_string_equal(m.location_ids[4], "e");
    assert_true(m.minutes[1] == 20 && fabsf(m.km[1] - 16.0f) < 1e-5); /* area 1000, "b" */
    assert_true(isnan(m.minutes[6]));
    zl_travel_matrix_clear(&m);
    /* Without the distances: the same minutes, km NULL. */
    assert_int_equal(zl_store_travel_matrix_get(s, false, &m, &found, &err), ZL_OK);
    assert_true(found);
    assert_null(m.km);
    assert_true(m.minutes[1] == 20 && isnan(m.minutes[6]));
    assert_string_equal(m.location_ids[4], "e");
    char *fp = NULL;
    assert_int_equal(zl_store_travel_matrix_fingerprint(s, &fp, &err), ZL_OK);
    assert_string_equal(fp, "fp");
    free(fp);
    zl_travel_matrix_clear(&m);
    zl_store_close(s);
    tu_remove_db(path);
}

/* Reads that follow reads (on PostgreSQL from the connection's copy from the third read
 * on, checked against the row's version) give the matrix as stored now: a caller's changes
 * to what it got stay its own, and a rewrite of the row by this or another connection is
 * seen. */
static void reread_sees_rewrites(void **state)
{
    char *path;
    zl_store *s = fixture_store(&path), *other = NULL;
    zl_err err = {0};
    assert_int_equal(zl_store_open(path, 0, &other, &err), ZL_OK);
    const int order[5] = {0, 1, 2, 3, 4}, reversed[5] = {4, 3, 2, 1, 0};
    put_compact(s, order, -1);
    zl_travel_matrix m;
    bool found = false;
    for (int round = 0; round < 12; round++) {
        /* Distances in rounds 2, 5, 8, 11 only, each after two reads without: the copy
         * kept by the second of those has no distances and must not serve the third. */
        bool with_km = round % 3 == 2;
        assert_int_equal(zl_store_travel_matrix_get(s, with_km, &m, &found, &err), ZL_OK);
        assert_true(found);
        /* rounds 0-2: as written; 3-5: rewritten here; 6-11: rewritten by another connection */
        bool rev = round >= 3 && round < 6;
        assert_string_equal(m.location_ids[0], rev ? "e" : "a");
        assert_true(m.minutes[0] == (float)minutes[0][rev ? 4 : 0]);
        assert_int_equal(m.km != NULL, with_km);
        if (with_km)
            assert_true(fabsf(m.km[0] - (float)(minutes[0][rev ? 4 : 0] * 0.8)) < 1e-5);
        assert_int_equal(isnan(m.minutes[7]), round >= 6);
        m.minutes[0] = -1; /* the caller's copy */
        zl_travel_matrix_clear(&m);
        if (round == 2)
            put_compact(s, reversed, -1);
        if (round == 5)
            put_compact(other, order, 7);
    }
    zl_store_close(other);
    zl_store_close(s);
    tu_remove_db(path);
}

/* Writing, changing or deleting any travel row removes the compact copy. */
static void rows_invalidate(void **state)
{
    char *path;
    zl_store *s = fixture_store(&path);
    zl_err err = {0};
    const int order[5] = {0, 1, 2, 3, 4};
    put_rows(s);
    for (int change = 0; change < 2; change++) {
        put_compact(s, order, -1);
        char *fp = NULL;
        assert_int_equal(zl_store_travel_matrix_fingerprint(s, &fp, &err), ZL_OK);
        assert_non_null(fp);
        free(fp);
        if (change == 0)
            assert_int_equal(zl_store_put_travel(s, 1000, "a", 11, 9, "fixture", &err), ZL_OK);
        else
            assert_int_equal(zl_store_travel_clear(s, &err), ZL_OK);
        assert_int_equal(zl_store_travel_matrix_fingerprint(s, &fp, &err), ZL_OK);
        assert_null(fp);
    }
    zl_store_close(s);
    tu_remove_db(path);
}

static zl_case *load(zl_store *s)
{
    zl_case *c = NULL;
    zl_err err = {0};
    if (zl_case_load(s, "LUNG", 0, NULL, &c, &err) != ZL_OK)
        fail_msg("%s", err.msg);
    return c;
}

static void same_case(const zl_case *x, const zl_case *y)
{
    assert_int_equal(x->n_areas, y->n_areas);
    assert_int_equal(x->n_locations, y->n_locations);
    assert_int_equal(x->n_flows, y->n_flows);
    assert_memory_equal(x->minutes, y->minutes, x->n_areas * x->n_locations * sizeof(float));
    for (size_t f = 0; f < x->n_flows; f++)
        assert_memory_equal(&x->flows[f], &y->flows[f], sizeof x->flows[f]);
}

/* The case from the compact copy equals the case from the rows, whether the copy lists
 * the locations in the store's order (arrays taken over) or in another (cells copied). */
static void case_from_compact(void **state)
{
    char *path;
    zl_store *s = fixture_store(&path);
    put_rows(s);
    zl_case *rows = load(s);
    const int same[5] = {0, 1, 2, 3, 4}, shuffled[5] = {2, 4, 0, 3, 1};
    put_compact(s, same, -1);
    zl_case *c1 = load(s);
    same_case(rows, c1);
    put_compact(s, shuffled, -1);
    zl_case *c2 = load(s);
    same_case(rows, c2);
    /* A NaN cell is a pair without a route: the matrix is incomplete, as with a row gone. */
    put_compact(s, same, 5);
    zl_case *c3 = NULL;
    zl_err err = {0};
    assert_int_equal(zl_case_load(s, "LUNG", 0, NULL, &c3, &err), ZL_EINPUT);
    assert_contains(err.msg, "travel matrix incomplete: 24 of 25");
    zl_case_free(rows);
    zl_case_free(c1);
    zl_case_free(c2);
    zl_store_close(s);
    tu_remove_db(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip),
        cmocka_unit_test(reread_sees_rewrites),
        cmocka_unit_test(rows_invalidate),
        cmocka_unit_test(case_from_compact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
