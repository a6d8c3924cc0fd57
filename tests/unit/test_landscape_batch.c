/* Batches of landscape upserts (zl_store_batch_*), on the backend under test (SQLite, or
 * PostgreSQL as unit.pg.test_landscape_batch, where the rows go with one COPY and one
 * INSERT ... ON CONFLICT at the end): every value back exactly (text with the characters
 * COPY escapes, NULL, doubles to the last bit), the rows changed counted as by the
 * single-row upserts (new, the same again, one value changed), and a batch whose rows
 * break a foreign key failing as a whole. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"
#include "testutil.h"
#include "zorglandschap/store_landscape.h"

static const char *const towns[] = {
    "Den\tHaag",        "back\\slash",     "new\nline", "car\rriage",
    "'s-Hertogenbosch", "Súdwest-Fryslân", "\\N",       NULL};
#define N_AREAS 8

/* Areas 1000..1007, town i as municipality; bump added to the population of area 1003. */
static int64_t put_areas(zl_store *s, int bump)
{
    zl_err err = {0};
    assert_int_equal(zl_store_begin(s, &err), ZL_OK);
    zl_store_batch *b = zl_store_batch_new(s, ZL_BATCH_AREA, &err);
    assert_non_null(b);
    int64_t changed = 0;
    for (int i = 0; i < N_AREAS; i++) {
        zl_area_row r = {.pc4 = 1000 + i,
                         .municipality = towns[i],
                         .province = "Utrecht",
                         .population = 100 + i + (i == 3 ? bump : 0),
                         .male = 50,
                         .female = 50,
                         .lat = 52.0 + (i + 1) / 3.0,
                         .lon = 5.0 + (i + 1) / 7.0};
        bool one = false;
        assert_int_equal(zl_store_batch_area(b, &r, &one, &err), ZL_OK);
        changed += one;
    }
    assert_int_equal(zl_store_batch_finish(b, &changed, &err), ZL_OK);
    assert_int_equal(zl_store_commit(s, &err), ZL_OK);
    return changed;
}

static void areas_back_exactly(zl_store *s)
{
    zl_err err = {0};
    zl_dbst *q = zl_db_stmt(s,
                            "SELECT pc4, municipality, population, lat, lon FROM area"
                            " ORDER BY pc4",
                            &err);
    assert_non_null(q);
    for (int i = 0; i < N_AREAS; i++) {
        assert_int_equal(zl_db_step(q), ZL_DB_ROW);
        assert_int_equal(zl_db_col_int64(q, 0), 1000 + i);
        const char *m = (const char *)zl_db_col_text(q, 1);
        if (towns[i])
            assert_string_equal(m, towns[i]);
        else
            assert_int_equal(zl_db_col_type(q, 1), ZL_DB_NULL);
        assert_true(zl_db_col_double(q, 3) == 52.0 + (i + 1) / 3.0); /* 17 digits needed */
        assert_true(zl_db_col_double(q, 4) == 5.0 + (i + 1) / 7.0);
    }
    assert_int_equal(zl_db_rows_end(s, q, zl_db_step(q), ZL_OK, "reading", &err), ZL_OK);
}

static void values_and_counts(void **state)
{
    char *path;
    zl_store *s = tu_store_new(&path);
    assert_int_equal(put_areas(s, 0), N_AREAS);
    areas_back_exactly(s);
    assert_int_equal(put_areas(s, 0), 0); /* the same rows again change nothing */
    assert_int_equal(put_areas(s, 7), 1);
    areas_back_exactly(s);
    zl_store_close(s);
    tu_remove_db(path);
}

/* Flows naming a location that does not exist: the batch fails (on PostgreSQL at its
 * end, on SQLite at the row) and the rolled-back transaction leaves no flow behind. */
static void broken_key_fails_whole(void **state)
{
    char *path;
    zl_store *s = tu_store_new(&path);
    put_areas(s, 0);
    zl_err err = {0};
    assert_int_equal(zl_store_begin(s, &err), ZL_OK);
    zl_store_batch *b = zl_store_batch_new(s, ZL_BATCH_FLOW, &err);
    assert_non_null(b);
    zl_flow_row r = {
        .pc4 = 1001, .location_id = "nowhere", .intervention = "LUNG", .year = 2023, .patients = 4};
    bool one;
    zl_status st = zl_store_batch_flow(b, &r, &one, &err);
    if (st == ZL_OK) {
        int64_t changed = 0;
        st = zl_store_batch_finish(b, &changed, &err);
    } else {
        zl_store_batch_free(b);
    }
    assert_int_not_equal(st, ZL_OK);
    zl_store_rollback(s);
    zl_dbst *q = zl_db_stmt(s, "SELECT count(*) FROM flow", &err);
    assert_int_equal(zl_db_step(q), ZL_DB_ROW);
    assert_int_equal(zl_db_col_int64(q, 0), 0);
    zl_db_reset(q);
    /* The store takes the next batch as usual. */
    assert_int_equal(put_areas(s, 1), 1);
    zl_store_close(s);
    tu_remove_db(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(values_and_counts),
        cmocka_unit_test(broken_key_fails_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
