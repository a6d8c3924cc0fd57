/* The norm check on the hand-computed case of case_fixture.h: which locations are listed,
 * the windowed mean and the meets-the-norm rule (at least the norm), JSON and table. */
#include <jansson.h>
#include <stdio.h>

#include "case_fixture.h"
#include "zorglandschap/norms.h"

static void meets_rule(void **state)
{
    assert_true(zl_norm_met(6.0, 6));
    assert_false(zl_norm_met(5.999, 6));
    assert_true(zl_norm_met(0, 0));
}

static void check_current_norm(void **state)
{
    zl_case *c = fixture_case(false);
    zl_norm_check *nc = NULL;
    zl_err err = {0};
    assert_int_equal(zl_norm_check_run(c, -1, &nc, &err), ZL_OK);
    assert_int_equal(nc->norm, 6);
    assert_int_equal(nc->from_year, 2022);
    assert_int_equal(nc->to_year, 2024);
    /* d has no record in the window and is not listed. */
    assert_int_equal(nc->n, 3);
    assert_int_equal(nc->n_meeting, 2);
    assert_int_equal(nc->rows[0].location, 0);
    assert_true(nc->rows[0].mean == 6 && nc->rows[0].years == 2 && nc->rows[0].meets);
    assert_true(nc->rows[1].mean == 5 && !nc->rows[1].meets);
    assert_true(nc->rows[2].mean == 11 && nc->rows[2].years == 3 && nc->rows[2].meets);
    zl_norm_check_free(nc);
    /* A norm of 12 leaves nobody meeting it. */
    assert_int_equal(zl_norm_check_run(c, 12, &nc, &err), ZL_OK);
    assert_int_equal(nc->n_meeting, 0);
    zl_norm_check_free(nc);
    zl_case_free(c);
}

static void check_json_and_table(void **state)
{
    zl_case *c = fixture_case(false);
    c->volume_mean[1] = 16.0 / 3; /* a mean that is not a whole number */
    zl_norm_check *nc = NULL;
    zl_err err = {0};
    assert_int_equal(zl_norm_check_run(c, -1, &nc, &err), ZL_OK);
    json_t *j = zl_norm_check_to_json(nc);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "intervention")), "LUNG");
    assert_int_equal(json_integer_value(json_object_get(j, "norm")), 6);
    assert_int_equal(json_integer_value(json_object_get(j, "proposed_norm")), 8);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "window"), "from")),
                     2022);
    assert_true(json_is_true(json_object_get(j, "synthetic")));
    json_t *summary = json_object_get(j, "summary");
    assert_int_equal(json_integer_value(json_object_get(summary, "below")), 1);
    json_t *b = json_array_get(json_object_get(j, "locations"), 1);
    assert_string_equal(json_string_value(json_object_get(b, "id")), "b");
    assert_true(json_real_value(json_object_get(b, "volume_mean")) == 5.33);
    assert_int_equal(json_integer_value(json_object_get(b, "years_with_record")), 1);
    assert_true(json_is_false(json_object_get(b, "meets_norm")));
    json_decref(j);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    zl_norm_check_print(nc, f);
    fclose(f);
    assert_contains(text, "Lung resection (LUNG), 2024: norm 6 per year, mean over 2022-2024");
    assert_contains(text, "2 of 3 locations meet the norm");
    free(text);
    zl_norm_check_free(nc);
    zl_case_free(c);
}

static void resolve_norm_argument(void **state)
{
    zl_intervention iv = {.code = "LUNG", .norm = 20, .proposed_norm = 60};
    zl_err err = {0};
    int64_t n = 0;
    assert_int_equal(zl_norm_resolve(&iv, NULL, &n, &err), ZL_OK);
    assert_int_equal(n, -1);
    assert_int_equal(zl_norm_resolve(&iv, "current", &n, &err), ZL_OK);
    assert_int_equal(n, -1);
    assert_int_equal(zl_norm_resolve(&iv, "proposed", &n, &err), ZL_OK);
    assert_int_equal(n, 60);
    assert_int_equal(zl_norm_resolve(&iv, "45", &n, &err), ZL_OK);
    assert_int_equal(n, 45);
    assert_int_equal(zl_norm_resolve(&iv, "-3", &n, &err), ZL_EINPUT);
    assert_string_equal(err.msg, "'-3' is not a number of procedures per year (0..1000000), "
                                 "'current' or 'proposed'");
    assert_int_equal(zl_norm_resolve(&iv, "2000000", &n, &err), ZL_EINPUT);
    assert_int_equal(zl_norm_resolve(&iv, "sixty", &n, &err), ZL_EINPUT);
    iv.proposed_norm = -1;
    assert_int_equal(zl_norm_resolve(&iv, "proposed", &n, &err), ZL_EINPUT);
    assert_string_equal(err.msg, "LUNG has no proposed norm");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(meets_rule),
        cmocka_unit_test(check_current_norm),
        cmocka_unit_test(check_json_and_table),
        cmocka_unit_test(resolve_norm_argument),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
