/* The VSOP rule at its band boundaries, the rule of thumb, verdicts and the mapping of
 * Orphanet prevalence classes. */
#include <math.h>

#include "testutil.h"
#include "zorglandschap/registry.h"
#include "zorglandschap/vsop.h"

static void boundaries(void **state)
{
    struct {
        int64_t n;
        int preferred, max;
        const char *band;
    } cases[] = {{49, 1, 1, "<50"},        {50, 1, 2, "50-199"},   {199, 1, 2, "50-199"},
                 {200, 2, 2, "200-600"},   {600, 2, 2, "200-600"}, {601, 2, 3, "601-1000"},
                 {1000, 2, 3, "601-1000"}, {1001, 2, 2, ">1000"},  {2600, 5, 5, ">1000"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        zl_vsop_advice a = zl_vsop_advise(cases[i].n);
        assert_int_equal(a.preferred, cases[i].preferred);
        assert_int_equal(a.max_centres, cases[i].max);
        assert_string_equal(a.band, cases[i].band);
    }
}

static void rule_of_thumb(void **state)
{
    /* Below 200 known patients only the 35% share applies. */
    assert_int_equal(zl_vsop_centre_threshold(49), 18);
    assert_int_equal(zl_vsop_centre_threshold(100), 35);
    assert_int_equal(zl_vsop_centre_threshold(199), 70);
    /* From 200 the centre needs at least 200 patients, or 35% when that is more. */
    assert_int_equal(zl_vsop_centre_threshold(200), 200);
    assert_int_equal(zl_vsop_centre_threshold(600), 210);
    assert_int_equal(zl_vsop_centre_threshold(1000), 350);
    assert_true(zl_vsop_centre_meets(18, 49));
    assert_false(zl_vsop_centre_meets(17, 49));
    assert_int_equal(zl_vsop_verdict_threshold(1001), 500);
    assert_int_equal(zl_vsop_verdict_threshold(1000), 350); /* 500 only above 1000 */
}

static void verdicts(void **state)
{
    int64_t one[] = {40}, two[] = {30, 15}, big[] = {600, 500}, small[] = {600, 499};
    assert_int_equal(zl_vsop_judge(49, NULL, 0), ZL_VSOP_NO_CENTRE);
    assert_int_equal(zl_vsop_judge(49, one, 1), ZL_VSOP_WITHIN_RULE);
    int64_t two49[] = {30, 25};
    assert_int_equal(zl_vsop_judge(49, two49, 2), ZL_VSOP_TOO_FRAGMENTED); /* <50: 1 centre */
    assert_int_equal(zl_vsop_judge(50, two, 2), ZL_VSOP_TOO_FRAGMENTED);   /* 15 < 35% of 50 */
    int64_t two_ok[] = {30, 25};
    assert_int_equal(zl_vsop_judge(50, two_ok, 2), ZL_VSOP_WITHIN_RULE);
    int64_t at1000[] = {400, 400}; /* 35% of 1000 is 350: both meet it, 500 is not asked */
    assert_int_equal(zl_vsop_judge(1000, at1000, 2), ZL_VSOP_WITHIN_RULE);
    assert_int_equal(zl_vsop_judge(1001, big, 2), ZL_VSOP_WITHIN_RULE);
    assert_int_equal(zl_vsop_judge(1001, small, 2), ZL_VSOP_TOO_FRAGMENTED);
    assert_string_equal(zl_vsop_verdict_name(ZL_VSOP_TOO_FRAGMENTED), "too fragmented");
}

static void prevalence_classes(void **state)
{
    double lo, hi, pt;
    assert_true(zl_prevalence_class_range("1-9 / 100 000", &lo, &hi, &pt));
    assert_true(fabs(lo - 1e-5) < 1e-12 && fabs(hi - 9e-5) < 1e-12 && fabs(pt - 5e-5) < 1e-12);
    assert_true(zl_prevalence_class_range("<1 / 1 000 000", &lo, &hi, &pt));
    assert_true(lo == 0 && fabs(hi - 1e-6) < 1e-15 && fabs(pt - 5e-7) < 1e-15);
    assert_true(zl_prevalence_class_range(">1 / 1000", &lo, &hi, &pt));
    assert_true(fabs(lo - 1e-3) < 1e-12 && hi < 0 && fabs(pt - 1e-3) < 1e-12);
    assert_true(zl_prevalence_class_range("6-9 / 10 000", &lo, &hi, &pt));
    assert_true(fabs(pt - 7.5e-4) < 1e-12);
    assert_false(zl_prevalence_class_range("Unknown", &lo, &hi, &pt));
    assert_false(zl_prevalence_class_range("Not yet documented", &lo, &hi, &pt));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(boundaries),
        cmocka_unit_test(rule_of_thumb),
        cmocka_unit_test(verdicts),
        cmocka_unit_test(prevalence_classes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
