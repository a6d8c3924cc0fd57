/* The statistics of src/quality against values computed independently:
 * - quantiles and Spiegelhalter's interpolated limits from exact rational binomial CDFs and
 *   60-digit Poisson CDFs (Python fractions/decimal: tests/fixtures/quality/reference_*.py);
 * - flagging at the limits' edges (the largest count inside, the smallest outside);
 * - the overdispersion factor from 10 % winsorised z-scores (same script);
 * - exact intervals in closed form (x = 0 or x = n);
 * - logistic regression with one binary covariate (closed-form maximum likelihood);
 * - regression on generated data recovering the true coefficients within their 95 % CIs;
 * - the expected change of events under a scenario (delta method);
 * - public output: small denominators suppressed, counts rounded. */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "zorglandschap/quality.h"

typedef struct qfix {
    unsigned n;
    double p, prob;
    unsigned q;
    double limit;
} qfix;

/* Binomial: R's qbinom(prob, n, p) and (q - alpha) / n, exact rational arithmetic. */
static const qfix binom[] = {
    {10, 0.1, 0.001, 0, 0},
    {10, 0.1, 0.025, 0, 0},
    {10, 0.1, 0.975, 3, 0.278735659796248},
    {10, 0.1, 0.999, 5, 0.442669526277208},
    {50, 0.1, 0.001, 0, 0},
    {50, 0.1, 0.025, 1, 0.0138629269573437},
    {50, 0.1, 0.975, 9, 0.179722727623364},
    {50, 0.1, 0.999, 13, 0.240128418752389},
    {200, 0.024, 0.025, 1, 0.00225790922392722},
    {200, 0.024, 0.975, 9, 0.0447660005179546},
    {200, 0.024, 0.999, 13, 0.0612680437110932},
    {1000, 0.3, 0.001, 256, 0.255302819716497},
    {1000, 0.3, 0.025, 272, 0.271281417014966},
    {1000, 0.3, 0.975, 329, 0.328088928334208},
    {1000, 0.3, 0.999, 345, 0.344830374609732},
    {37, 0.02, 0.025, 0, 0},
    {37, 0.02, 0.975, 3, 0.06487206604974},
    {37, 0.02, 0.999, 4, 0.107201753952356},
};

/* Poisson: R's qpois(prob, mu) and q - alpha (the limit times the expected count). */
static const qfix pois[] = {
    {0, 2.5, 0.025, 0, 0},
    {0, 2.5, 0.975, 6, 5.61152567465508},
    {0, 2.5, 0.999, 9, 8.16253646153092},
    {0, 10.3, 0.001, 2, 1.34749022250714},
    {0, 10.3, 0.025, 5, 4.02886699644944},
    {0, 10.3, 0.975, 17, 16.5858545480446},
    {0, 10.3, 0.999, 22, 21.0251622127659},
    {0, 0.4, 0.975, 2, 1.68161350250298},
    {0, 0.4, 0.999, 3, 2.96870683846522},
    {0, 57.2, 0.001, 35, 34.791390498383},
    {0, 57.2, 0.025, 43, 42.3407904577301},
    {0, 57.2, 0.975, 72, 71.9795994553142},
    {0, 57.2, 0.999, 82, 81.4824523875561},
};

static void binomial_limits(void **state)
{
    for (size_t i = 0; i < sizeof binom / sizeof binom[0]; i++) {
        const qfix *f = &binom[i];
        assert_int_equal(zl_binom_quantile(f->prob, f->p, f->n), f->q);
        double l = zl_funnel_limit(ZL_IND_PROPORTION, f->p, f->n, f->prob);
        if (fabs(l - f->limit) > 1e-9)
            fail_msg("n=%u p=%g prob=%g: limit %.15g, expected %.15g", f->n, f->p, f->prob, l,
                     f->limit);
    }
}

static void poisson_limits(void **state)
{
    for (size_t i = 0; i < sizeof pois / sizeof pois[0]; i++) {
        const qfix *f = &pois[i];
        assert_int_equal(zl_poisson_quantile(f->prob, f->p), f->q);
        /* An O/E ratio with target 1 and expected count mu: the limit on the ratio scale. */
        double l = zl_funnel_limit(ZL_IND_OE_RATIO, 1.0, f->p, f->prob) * f->p;
        if (fabs(l - f->limit) > 1e-9)
            fail_msg("mu=%g prob=%g: limit %.15g, expected %.15g", f->p, f->prob, l, f->limit);
    }
    /* The target scales the mean: target 2 with expected 5.15 is Poisson(10.3). */
    assert_true(fabs(zl_funnel_limit(ZL_IND_OE_RATIO, 2.0, 5.15, 0.975) * 5.15 - 16.5858545480446) <
                1e-9);
}

static zl_indicator test_indicator(zl_indicator_type t, bool lower)
{
    return (zl_indicator){.code = "T",
                          .name_nl = "t",
                          .name_en = "t",
                          .intervention = "LUNG",
                          .registry = "r",
                          .type = t,
                          .lower_is_better = lower,
                          .base_rate = NAN};
}

static zl_quality_row row(const char *id, int64_t y, int64_t n)
{
    return (zl_quality_row){.location_id = id,
                            .name = id,
                            .year = 2022,
                            .numerator = y,
                            .denominator = n,
                            .expected = NAN,
                            .published = true,
                            .volume = n};
}

static const zl_funnel_point *point(const zl_funnel *f, const char *id)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->points[i].location_id, id) == 0)
            return &f->points[i];
    fail_msg("no point %s", id);
    return NULL;
}

/* Target exactly 10 % (a large anchor balances the test points). With n = 50 and p = 0.1
 * the limits are 0.01386 / 0.17972 (95 %) and 0 / 0.24013 (99.8 %) (see binom[] above):
 * counts 8 (0.16) inside, 9 (0.18) above 95 %, 12 (0.24) above 95 % only, 13 (0.26) above
 * 99.8 %, 1 (0.02) inside, 0 below 95 % but not below the 99.8 % limit of 0. */
static void flags_at_the_edges(void **state)
{
    const char *ids[] = {"A8", "B9", "C12", "D13", "E1", "F0"};
    const int64_t ys[] = {8, 9, 12, 13, 1, 0};
    const int want[] = {0, 1, 1, 2, 0, -1};
    zl_quality_row rows[7];
    int64_t sum_y = 0;
    for (size_t i = 0; i < 6; i++) {
        rows[i] = row(ids[i], ys[i], 50);
        sum_y += ys[i];
    }
    /* Total denominator 300 + 99700 = 100000, total numerator 10000. */
    rows[6] = row("Z", 10000 - sum_y, 99700);
    zl_indicator ind = test_indicator(ZL_IND_PROPORTION, true);
    zl_funnel *f;
    zl_err err = {0};
    assert_int_equal(zl_funnel_compute(&ind, 2022, rows, 7, false, &f, &err), ZL_OK);
    assert_true(fabs(f->target - 0.1) < 1e-15);
    for (size_t i = 0; i < 6; i++) {
        const zl_funnel_point *p = point(f, ids[i]);
        if (p->flag != want[i])
            fail_msg("%s: value %g flag %d, expected %d (limits %g %g %g %g)", ids[i], p->value,
                     p->flag, want[i], p->lo998, p->lo95, p->hi95, p->hi998);
    }
    assert_true(fabs(point(f, "B9")->hi95 - 0.179722727623364) < 1e-9);
    /* Lower is better: above is worse. */
    assert_int_equal(point(f, "D13")->verdict, -1);
    assert_int_equal(point(f, "F0")->verdict, 1);
    assert_int_equal(point(f, "A8")->verdict, 0);
    assert_false(f->overdispersion_applied);
    zl_funnel_free(f);
}

/* phi from the 10 % winsorised z-scores, computed independently
 * (tests/fixtures/quality/reference_phi.py). */
static void overdispersion(void **state)
{
    const int64_t ys[] = {0, 5, 16, 1, 14, 3, 7, 25, 4, 12};
    const int64_t ns[] = {40, 60, 80, 30, 100, 50, 70, 120, 45, 90};
    const char *ids[] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"};
    zl_quality_row rows[10];
    for (size_t i = 0; i < 10; i++)
        rows[i] = row(ids[i], ys[i], ns[i]);
    zl_indicator ind = test_indicator(ZL_IND_PROPORTION, true);
    zl_funnel *f;
    zl_err err = {0};
    assert_int_equal(zl_funnel_compute(&ind, 2022, rows, 10, true, &f, &err), ZL_OK);
    assert_true(fabs(f->target - 0.12700729927007298) < 1e-15);
    assert_true(fabs(f->phi - 1.7290353371585692) < 1e-12);
    assert_true(f->overdispersion_applied);
    double hi = zl_funnel_limit_od(ZL_IND_PROPORTION, f->target, 100, 0.975, f->phi);
    assert_true(fabs(hi - 0.21282357686614084) < 1e-12);
    /* The lower 99.8 % limit at n = 100 is below 0 and clamped. */
    assert_true(zl_funnel_limit_od(ZL_IND_PROPORTION, f->target, 100, 0.001, f->phi) == 0);
    /* The limits drawn are the overdispersed ones. */
    const zl_funnel_point *e = point(f, "e");
    assert_true(fabs(e->hi95 - hi) < 1e-12);
    zl_funnel_free(f);
    /* Without the request phi is still estimated but not applied. */
    assert_int_equal(zl_funnel_compute(&ind, 2022, rows, 10, false, &f, &err), ZL_OK);
    assert_false(f->overdispersion_applied);
    assert_true(fabs(point(f, "e")->hi95 -
                     zl_funnel_limit(ZL_IND_PROPORTION, f->target, 100, 0.975)) < 1e-15);
    zl_funnel_free(f);
}

static void no_variation_is_an_error(void **state)
{
    zl_quality_row rows[2] = {row("a", 0, 10), row("b", 0, 20)};
    zl_indicator ind = test_indicator(ZL_IND_PROPORTION, true);
    zl_funnel *f;
    zl_err err = {0};
    assert_int_equal(zl_funnel_compute(&ind, 2022, rows, 2, false, &f, &err), ZL_EINPUT);
    assert_contains(err.msg, "national value is 0");
}

/* Closed forms: x = 0 of n: upper = 1 - 0.025^(1/n); x = n: lower = 0.025^(1/n); Poisson
 * x = 0: upper = -ln(0.025). */
static void exact_intervals(void **state)
{
    double lo, hi;
    zl_ci_binomial(0, 10, 0.95, &lo, &hi);
    assert_true(lo == 0 && fabs(hi - (1 - pow(0.025, 0.1))) < 1e-12);
    zl_ci_binomial(20, 20, 0.95, &lo, &hi);
    assert_true(hi == 1 && fabs(lo - pow(0.025, 0.05)) < 1e-12);
    zl_ci_poisson(0, 0.95, &lo, &hi);
    assert_true(lo == 0 && fabs(hi - (-log(0.025))) < 1e-10);
}

/* One binary covariate: the MLE is the two groups' log odds, with SEs sqrt(1/y + 1/(n-y)). */
static void logistic_closed_form(void **state)
{
    const double X[] = {1, 0, 1, 0, 1, 1, 1, 1};
    const double y[] = {3, 5, 10, 2}, t[] = {40, 60, 50, 30};
    zl_glm g;
    zl_err err = {0};
    assert_int_equal(zl_glm_fit(ZL_GLM_BINOMIAL, X, 4, 2, y, t, &g, &err), ZL_OK);
    double y0 = 8, n0 = 100, y1 = 12, n1 = 80;
    double b0 = log(y0 / (n0 - y0)), b1 = log(y1 / (n1 - y1)) - b0;
    assert_true(fabs(g.beta[0] - b0) < 1e-8);
    assert_true(fabs(g.beta[1] - b1) < 1e-8);
    assert_true(fabs(g.se[0] - sqrt(1 / y0 + 1 / (n0 - y0))) < 1e-7);
    double se1 = sqrt(1 / y0 + 1 / (n0 - y0) + 1 / y1 + 1 / (n1 - y1));
    if (fabs(g.se[1] - se1) > 1e-7)
        fail_msg("se1 %.12g, expected %.12g (se0 %.12g)", g.se[1], se1, g.se[0]);
    /* Poisson with exposure: the MLE is log(sum y / sum t) per group. */
    const double e[] = {4, 6, 8, 1.5};
    assert_int_equal(zl_glm_fit(ZL_GLM_POISSON, X, 4, 2, y, e, &g, &err), ZL_OK);
    assert_true(fabs(g.beta[0] - log(8.0 / 10)) < 1e-8);
    assert_true(fabs(g.beta[1] - (log(12 / 9.5) - log(8.0 / 10))) < 1e-8);
    assert_true(fabs(g.se[0] - sqrt(1 / 8.0)) < 1e-7);
}

/* 10 years x 60 locations with known coefficients: each true value lies within its 95 %
 * interval, and every band below the highest has the higher odds (rate). */
static void regression_recovers_truth(void **state)
{
    const double b0 = -2.0, b1 = -0.35;
    for (int fam = 0; fam < 2; fam++) {
        gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
        gsl_rng_set(rng, 17);
        zl_quality_row rows[600];
        char ids[60][8];
        for (int l = 0; l < 60; l++) {
            snprintf(ids[l], sizeof ids[l], "L%02d", l);
            double base = 5 + gsl_rng_uniform(rng) * 145;
            for (int yr = 0; yr < 10; yr++) {
                int64_t v = (int64_t)fmax(1, round(base * exp(gsl_ran_gaussian(rng, 0.1))));
                double eta = b0 + b1 * log((double)v);
                zl_quality_row *r = &rows[l * 10 + yr];
                *r = row(ids[l], 0, v);
                r->year = 2014 + yr;
                if (fam == 0)
                    r->numerator = gsl_ran_binomial(rng, 1 / (1 + exp(-eta)), (unsigned)v);
                else {
                    r->expected = 0.3 * (double)v;
                    r->numerator = fmin(v, gsl_ran_poisson(rng, r->expected * exp(eta)));
                }
            }
        }
        gsl_rng_free(rng);
        zl_indicator ind = test_indicator(fam ? ZL_IND_OE_RATIO : ZL_IND_PROPORTION, true);
        zl_vo_fit *f;
        zl_err err = {0};
        assert_int_equal(zl_vo_compute(&ind, rows, 600, &f, &err), ZL_OK);
        const double truth[2] = {b0, b1};
        for (int j = 0; j < 2; j++) {
            double lo = f->loglin.beta[j] - 1.96 * f->loglin.se[j];
            double hi = f->loglin.beta[j] + 1.96 * f->loglin.se[j];
            if (!(lo <= truth[j] && truth[j] <= hi))
                fail_msg("family %d coefficient %d: %g not in [%g, %g]", fam, j, truth[j], lo, hi);
        }
        assert_true(f->ratio_lo <= exp(b1 * M_LN2) && exp(b1 * M_LN2) <= f->ratio_hi);
        assert_true(f->bands_fitted);
        assert_true(f->bands[3].reference);
        if (!(f->bands[0].ratio > 1 && f->bands[1].ratio > 1 && f->bands[2].ratio > 1))
            fail_msg("family %d: band odds ratios %g %g %g %g", fam, f->bands[0].ratio,
                     f->bands[1].ratio, f->bands[2].ratio, f->bands[3].ratio);
        assert_int_equal(f->n_obs, 600);
        zl_vo_free(f);
    }
}

/* Moving the patients of a location of 10 to one of 100: events follow the fitted rates;
 * no move: no change and a zero-width interval. */
static void scenario_change(void **state)
{
    zl_vo_fit f = {.ind = test_indicator(ZL_IND_PROPORTION, true)};
    f.loglin = (zl_glm){.p = 2, .beta = {-2.0, -0.35}, .cov = {0.04, -0.009, -0.009, 0.0025}};
    const double before[] = {10, 100}, after[] = {0, 110}, same[] = {10, 100};
    zl_vo_change c;
    zl_vo_change_of(&f, before, same, 2, &c);
    assert_true(fabs(c.change) < 1e-12 && fabs(c.hi95 - c.lo95) < 1e-9);
    zl_vo_change_of(&f, before, after, 2, &c);
    double r10 = 1 / (1 + exp(2.0 + 0.35 * log(10))), r100 = 1 / (1 + exp(2.0 + 0.35 * log(100)));
    double r110 = 1 / (1 + exp(2.0 + 0.35 * log(110)));
    assert_true(fabs(c.change - (110 * r110 - 10 * r10 - 100 * r100)) < 1e-9);
    assert_true(c.change < 0 && c.lo95 < c.change && c.change < c.hi95);
    assert_true(fabs(c.patients_before - 110) < 1e-12 && fabs(c.patients_after - 110) < 1e-12);
}

/* Public JSON: a denominator of 1-9 suppresses the whole point; others are multiples of
 * 10; an unpublished result is withheld; numerators never appear. */
static void public_output(void **state)
{
    zl_quality_row rows[4] = {row("a", 1, 7), row("b", 5, 43), row("c", 9, 120), row("d", 3, 55)};
    rows[3].published = false;
    zl_indicator ind = test_indicator(ZL_IND_PROPORTION, true);
    zl_funnel *f;
    zl_err err = {0};
    assert_int_equal(zl_funnel_compute(&ind, 2022, rows, 4, false, &f, &err), ZL_OK);
    zl_disclosure d = {{0}};
    for (int i = 0; i < 32; i++)
        d.key[i] = (unsigned char)(i * 7 + 1);
    json_t *pub = zl_funnel_to_json(f, &d), *exact = zl_funnel_to_json(f, NULL);
    json_t *pts = json_object_get(pub, "points");
    assert_string_equal(json_string_value(json_object_get(json_array_get(pts, 0), "suppressed")),
                        "<10");
    assert_true(json_is_null(json_object_get(json_array_get(pts, 0), "value")));
    assert_string_equal(json_string_value(json_object_get(json_array_get(pts, 3), "suppressed")),
                        "not published");
    for (size_t i = 1; i < 3; i++) {
        json_t *p = json_array_get(pts, i);
        assert_int_equal(json_integer_value(json_object_get(p, "denominator")) % 10, 0);
        assert_null(json_object_get(p, "numerator"));
        double v = json_real_value(json_object_get(p, "value"));
        assert_true(fabs(v * 100 - round(v * 100)) < 1e-9);
    }
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(pub, "counts"), "suppressed")), 2);
    assert_true(json_is_true(json_object_get(pub, "small_counts_suppressed")));
    json_t *e0 = json_array_get(json_object_get(exact, "points"), 0);
    assert_int_equal(json_integer_value(json_object_get(e0, "denominator")), 7);
    assert_int_equal(json_integer_value(json_object_get(e0, "numerator")), 1);
    json_decref(pub), json_decref(exact);
    zl_funnel_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(binomial_limits),          cmocka_unit_test(poisson_limits),
        cmocka_unit_test(flags_at_the_edges),       cmocka_unit_test(overdispersion),
        cmocka_unit_test(no_variation_is_an_error), cmocka_unit_test(exact_intervals),
        cmocka_unit_test(logistic_closed_form),     cmocka_unit_test(regression_recovers_truth),
        cmocka_unit_test(scenario_change),          cmocka_unit_test(public_output),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
