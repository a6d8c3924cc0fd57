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

/* A matrix of na areas and nl locations with every cell distinct (NaN where a + l is a
 * multiple of 97), written and read back with and without km. */
static void sliced_round_trip(zl_store *s, size_t na, size_t nl)
{
    size_t cells = na * nl;
    int32_t *pc4 = malloc(na * 4 + 4);
    float *min = malloc(cells * 4 + 4), *km = malloc(cells * 4 + 4);
    char **ids = malloc(nl * sizeof *ids + 1), (*idbuf)[8] = malloc(nl * 8 + 1);
    assert_true(pc4 && min && km && ids && idbuf);
    for (size_t a = 0; a < na; a++)
        pc4[a] = (int32_t)(1000 + a);
    for (size_t l = 0; l < nl; l++) {
        snprintf(idbuf[l], 8, "L%u", (unsigned)(l % 100000));
        ids[l] = idbuf[l];
    }
    for (size_t a = 0; a < na; a++)
        for (size_t l = 0; l < nl; l++) {
            min[a * nl + l] = (a + l) % 97 ? (float)a * 1000 + (float)l + 0.25f : NAN;
            km[a * nl + l] = (float)a * 2000 + (float)l * 2 + 0.5f;
        }
    zl_travel_matrix m = {.method = "slices",
                          .fingerprint = "fp",
                          .n_areas = na,
                          .n_locations = nl,
                          .pc4 = pc4,
                          .location_ids = ids,
                          .minutes = min,
                          .km = km};
    zl_err err = {0};
    assert_int_equal(zl_store_travel_matrix_put(s, &m, &err), ZL_OK);
    for (int with_km = 1; with_km >= 0; with_km--) {
        zl_travel_matrix g;
        bool found = false;
        assert_int_equal(zl_store_travel_matrix_get(s, with_km, &g, &found, &err), ZL_OK);
        assert_true(found);
        assert_int_equal(g.n_areas, na);
        assert_int_equal(g.n_locations, nl);
        assert_memory_equal(g.pc4, pc4, na * 4);
        assert_memory_equal(g.minutes, min, cells * 4); /* NaN bits included */
        if (with_km)
            assert_memory_equal(g.km, km, cells * 4);
        else
            assert_null(g.km);
        for (size_t l = 0; l < nl; l++)
            assert_string_equal(g.location_ids[l], ids[l]);
        zl_travel_matrix_clear(&g);
    }
    free(pc4);
    free(min);
    free(km);
    free(ids);
    free(idbuf);
}

/* PostgreSQL reads the arrays in slices of 16384 bytes (one row each): matrices of several
 * slices with a short last one, of exactly one and exactly two, and of none at all come
 * back whole and in place; SQLite the same, read its own way. */
static void arrays_in_slices(void **state)
{
    char *path;
    zl_store *s = tu_store_new(&path);
    const size_t sizes[][2] = {{33, 250}, {32, 128}, {16, 512}, {0, 4}, {1, 1}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        sliced_round_trip(s, sizes[i][0], sizes[i][1]);
    zl_store_close(s);
    tu_remove_db(path);
}

/* An array shorter than its sizes say (the CHECK constraints lifted to make one) is an
 * error naming the damage, never a matrix with cells nobody wrote: on PostgreSQL the
 * slices then stop early. */
static void short_array_is_damage(void **state)
{
    char *path;
    zl_store *s = tu_store_new(&path);
    sliced_round_trip(s, 33, 250);
    zl_store_close(s);
    tu_exec_sql(path, tu_backend_pg()
                          ? "DO $$ DECLARE c text; BEGIN FOR c IN SELECT conname FROM pg_constraint"
                            " WHERE conrelid = 'travel_matrix'::regclass AND contype = 'c' LOOP"
                            " EXECUTE format('ALTER TABLE travel_matrix DROP CONSTRAINT %I', c);"
                            " END LOOP; END $$;"
                            "UPDATE travel_matrix SET minutes = substring(minutes FROM 1 FOR 16384)"
                          : "PRAGMA ignore_check_constraints = 1;"
                            "UPDATE travel_matrix SET minutes = substr(minutes, 1, 16384)");
    zl_err err = {0};
    assert_int_equal(zl_store_open(path, 0, &s, &err), ZL_OK);
    zl_travel_matrix m;
    bool found = true;
    assert_int_equal(zl_store_travel_matrix_get(s, false, &m, &found, &err), ZL_EDB);
    assert_false(found);
    assert_null(m.minutes);
    assert_contains(err.msg, "travel matrix is damaged");
    zl_store_close(s);
    tu_remove_db(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(short_array_is_damage),
        cmocka_unit_test(arrays_in_slices),
        cmocka_unit_test(round_trip),
        cmocka_unit_test(reread_sees_rewrites),
        cmocka_unit_test(rows_invalidate),
        cmocka_unit_test(case_from_compact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
