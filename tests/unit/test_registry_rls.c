/* Defence in depth for the registry (issue 18): a connection acting for a location
 * (zl_store_registry_act_for). On PostgreSQL (unit.pg.test_registry_rls) row-level
 * security must hold even when the query layer asks for too much, as a bug would: the
 * store's readers asked for all locations return only the acting location's rows,
 * another location's registration cannot be written, national counts arrive suppressed,
 * and the location's own published view equals SQLite's. On SQLite (no roles) acting for
 * a location changes nothing the store returns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "zorglandschap/privacy.h"
#include "zorglandschap/registry.h"
#include "zorglandschap/store_registry.h"

#define FIX ZL_FIXTURES "/registry/"

typedef tu_store_fixture fixture;

/* good.csv (L_A: 2 patients, L_B: 1, L_C: 1) and 12 more patients of ORPHA:200 at L_B, so
 * that ORPHA:200 has 13 patients nationally (shown) and ORPHA:300 has 3 (suppressed). */
static int setup(void **state)
{
    fixture *f = tu_store_fixture_new(FIX "reference.sql");
    char csv[4096] = "location_id,pseudonym,orpha,diagnosis_date,birth_year,sex,pc4,"
                     "contact_date\n";
    zl_err err = {0};
    for (int i = 0; i < 12; i++)
        snprintf(csv + strlen(csv), sizeof csv - strlen(csv),
                 "L_B,%064d,ORPHA:200,2019-03-01,1970,F,3511,2024-01-01\n", 500 + i);
    char *more = tu_write_temp(".csv", csv);
    zl_registry_import_result r;
    assert_int_equal(zl_registry_import(f->s, FIX "good.csv", false, &r, &err), ZL_OK);
    zl_registry_import_result_free(&r);
    assert_int_equal(zl_registry_import(f->s, more, false, &r, &err), ZL_OK);
    assert_int_equal(r.inserted, 12);
    zl_registry_import_result_free(&r);
    unlink(more);
    free(more);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    tu_store_fixture_free(*state);
    return 0;
}

static zl_status count_loc(const char *loc, const char *name, int64_t orpha, int64_t n, void *ctx,
                           zl_err *err)
{
    int64_t *c = ctx;
    c[0] += n;
    c[1] += strcmp(loc, "L_A") != 0;
    return ZL_OK;
}

static zl_status count_patient(const zl_patient *p, void *ctx, zl_err *err)
{
    (*(int *)ctx)++;
    return ZL_OK;
}

static zl_status count_sub(const zl_submission_row *row, void *ctx, zl_err *err)
{
    (*(int *)ctx)++;
    return ZL_OK;
}

static zl_status take(int64_t orpha, int64_t n, void *ctx, zl_err *err)
{
    *(int64_t *)ctx = n;
    return ZL_OK;
}

/* Every code's national count: ctx is an array indexed by ORPHAcode / 100 (codes 200, 300). */
static zl_status take_by_code(int64_t orpha, int64_t n, void *ctx, zl_err *err)
{
    (void)err;
    if (orpha == 200 || orpha == 300)
        ((int64_t *)ctx)[orpha / 100] = n;
    return ZL_OK;
}

/* Registrations in all locations (c[0]) and of other locations than L_A (c[1]), patients of
 * ORPHA:200 and submissions, as the store's readers return them without a filter. */
static void read_all(zl_store *s, int64_t c[2], int *patients, int *subs)
{
    zl_err err = {0};
    c[0] = c[1] = 0;
    *patients = *subs = 0;
    assert_int_equal(zl_store_registry_per_location(s, NULL, -1, count_loc, c, &err), ZL_OK);
    assert_int_equal(zl_store_registry_patients(s, 200, false, count_patient, patients, &err),
                     ZL_OK);
    assert_int_equal(zl_store_registry_submissions(s, count_sub, subs, &err), ZL_OK);
}

static void readers_see_own_rows_only(void **state)
{
    fixture *f = *state;
    zl_err err = {0};
    int64_t c[2];
    int patients, subs;
    read_all(f->s, c, &patients, &subs);
    assert_int_equal(c[0], 17);
    assert_int_equal(patients, 13);
    assert_int_equal(subs, 2);
    assert_int_equal(zl_store_registry_act_for(f->s, "L_A", &err), ZL_OK);
    assert_true(zl_store_registry_acting_for_location(f->s));
    read_all(f->s, c, &patients, &subs);
    if (tu_backend_pg()) {
        assert_int_equal(c[0], 3); /* L_A's three registrations, nobody else's */
        assert_int_equal(c[1], 0);
        assert_int_equal(patients, 1);
        assert_int_equal(subs, 0); /* the holder's submissions carry no location */
    } else {
        assert_int_equal(c[0], 17);
    }
    assert_int_equal(zl_store_registry_act_as_holder(f->s, &err), ZL_OK);
    assert_false(zl_store_registry_acting_for_location(f->s));
    read_all(f->s, c, &patients, &subs);
    assert_int_equal(c[0], 17);
    assert_int_equal(subs, 2);
}

static void put(zl_store *s, const char *loc, char digit, zl_status want)
{
    zl_registration r = {.location_id = loc,
                         .orpha = 200,
                         .diagnosis_date = "2020-01-01",
                         .birth_year = 1990,
                         .sex = "F",
                         .pc4 = 1011,
                         .contact_date = "2024-01-01"};
    memset(r.pseudonym, digit, sizeof r.pseudonym);
    zl_err err = {0};
    zl_reg_put what;
    long dup;
    int64_t sub;
    assert_int_equal(zl_store_begin(s, &err), ZL_OK);
    zl_status st = zl_store_registry_submission_open(s, "rls.csv", "0", false, loc, &sub, &err);
    if (st == ZL_OK)
        st = zl_store_registry_put(s, &r, sub, 2, &what, &dup, &err);
    if (st == ZL_OK)
        assert_int_equal(zl_store_commit(s, &err), ZL_OK);
    else
        zl_store_rollback(s);
    assert_int_equal(st, want);
    if (want != ZL_OK)
        assert_contains(err.msg, "row-level security");
}

static void writes_only_own_location(void **state)
{
    fixture *f = *state;
    zl_err err = {0};
    int64_t c[2];
    int patients, subs;
    assert_int_equal(zl_store_registry_act_for(f->s, "L_A", &err), ZL_OK);
    put(f->s, "L_B", 0x33, tu_backend_pg() ? ZL_EDB : ZL_OK); /* a bug's foreign row */
    put(f->s, "L_A", 0x44, ZL_OK);
    assert_int_equal(zl_store_registry_act_as_holder(f->s, &err), ZL_OK);
    read_all(f->s, c, &patients, &subs);
    assert_int_equal(c[0], tu_backend_pg() ? 18 : 19);
    assert_int_equal(subs, tu_backend_pg() ? 3 : 4);
}

static void national_counts_suppressed(void **state)
{
    fixture *f = *state;
    zl_err err = {0};
    int64_t n200 = 0, n300 = 0;
    assert_int_equal(zl_store_registry_act_for(f->s, "L_A", &err), ZL_OK);
    assert_int_equal(zl_store_registry_national(f->s, 200, take, &n200, &err), ZL_OK);
    assert_int_equal(zl_store_registry_national(f->s, 300, take, &n300, &err), ZL_OK);
    assert_int_equal(n200, 13);
    assert_int_equal(n300, tu_backend_pg() ? -1 : 3);
    /* All codes at once (the function's other branch): suppressed the same way. */
    int64_t all[4] = {0};
    assert_int_equal(zl_store_registry_national(f->s, -1, take_by_code, all, &err), ZL_OK);
    assert_int_equal(all[2], 13);
    assert_int_equal(all[3], tu_backend_pg() ? -1 : 3);
    bool synthetic = true;
    assert_int_equal(zl_store_registry_synthetic(f->s, &synthetic, &err), ZL_OK);
    assert_false(synthetic);
    /* The published own view is the same on both backends: 300's national count is
     * suppressed either way, 200's rounded by the cell key. */
    zl_count_query q = {.code = -1,
                        .location = "L_A",
                        .viewer = {ZL_VIEWER_LOCATION, "L_A"},
                        .ref_year = zl_registry_public_ref_year()};
    zl_count_table t;
    assert_int_equal(zl_registry_counts(f->s, &q, &t, &err), ZL_OK);
    assert_int_equal(zl_store_registry_act_as_holder(f->s, &err), ZL_OK);
    assert_int_equal(t.n, 2);
    assert_int_equal(t.rows[0].orpha, 200);
    assert_int_equal(t.rows[0].patients, 1); /* its own count, exact */
    assert_int_equal(t.rows[0].national_state, ZL_CELL_SHOWN);
    assert_int_equal(t.rows[0].national % 10, 0);
    assert_int_equal(t.rows[1].orpha, 300);
    assert_int_equal(t.rows[1].patients, 2);
    assert_int_equal(t.rows[1].national_state, ZL_CELL_PRIMARY);
    zl_count_table_free(&t);
}

static void misuse_refused(void **state)
{
    fixture *f = *state;
    zl_err err = {0};
    assert_int_equal(zl_store_registry_act_for(f->s, "", &err), ZL_EINTERNAL);
    assert_int_equal(zl_store_begin(f->s, &err), ZL_OK);
    assert_int_equal(zl_store_registry_act_for(f->s, "L_A", &err), ZL_EINTERNAL);
    zl_store_rollback(f->s);
    assert_false(zl_store_registry_acting_for_location(f->s));
    assert_int_equal(zl_store_registry_act_as_holder(f->s, &err), ZL_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(readers_see_own_rows_only, setup, teardown),
        cmocka_unit_test_setup_teardown(writes_only_own_location, setup, teardown),
        cmocka_unit_test_setup_teardown(national_counts_suppressed, setup, teardown),
        cmocka_unit_test_setup_teardown(misuse_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
