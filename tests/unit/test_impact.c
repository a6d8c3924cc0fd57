/* Impact analysis on the hand-computed case of case_fixture.h: the norm rule, allocation
 * (nearest and region), every metric, every percentile, sensitivity, population beyond,
 * scenario validation and the JSON report. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_fixture.h"
#include "impact/impact_internal.h"
#include "zorglandschap/impact.h"

static const zl_impact_location *loc_row(const zl_impact *r, const char *id)
{
    size_t n;
    const zl_impact_location *x = zl_impact_locations(r, &n);
    const zl_case *c = zl_impact_case(r);
    for (size_t i = 0; i < n; i++)
        if (strcmp(c->locations[x[i].location].id, id) == 0)
            return &x[i];
    return NULL;
}

static zl_impact *run(const zl_case *c, const zl_impact_opts *o)
{
    zl_impact *r = NULL;
    zl_err err = {0};
    if (zl_impact_run(c, o, &r, &err) != ZL_OK)
        fail_msg("impact run: %s", err.msg);
    return r;
}

/* --- weighted statistics ------------------------------------------------------------ */

static void stat_empty(void **state)
{
    zl_stat s;
    zl_stat_compute(NULL, 0, &s);
    assert_int_equal(s.n, 0);
    assert_true(s.mean == 0 && s.p50 == 0 && s.p90 == 0 && s.max == 0 && s.min == 0);
    zl_wval zero[] = {{100, 0}};
    zl_stat_compute(zero, 1, &s);
    assert_int_equal(s.n, 0);
    assert_true(s.max == 0);
}

static void stat_one_patient(void **state)
{
    zl_wval v[] = {{7.5, 1}};
    zl_stat s;
    zl_stat_compute(v, 1, &s);
    assert_int_equal(s.n, 1);
    assert_true(s.mean == 7.5 && s.p50 == 7.5 && s.p90 == 7.5 && s.min == 7.5 && s.max == 7.5);
}

static void stat_ties(void **state)
{
    zl_wval v[] = {{5, 2}, {5, 3}};
    zl_stat s;
    zl_stat_compute(v, 2, &s);
    assert_int_equal(s.n, 5);
    assert_true(s.mean == 5 && s.p50 == 5 && s.p90 == 5 && s.min == 5 && s.max == 5);
}

static void stat_nearest_rank(void **state)
{
    /* 1..10, one patient each: p50 is rank ceil(5) = 5, p90 rank ceil(9) = 9. */
    zl_wval v[10];
    for (int i = 0; i < 10; i++)
        v[i] = (zl_wval){10 - i, 1};
    zl_stat s;
    zl_stat_compute(v, 10, &s);
    assert_int_equal(s.n, 10);
    assert_true(s.mean == 5.5);
    assert_true(s.p50 == 5 && s.p90 == 9 && s.min == 1 && s.max == 10);
    /* Three patients: p50 rank ceil(1.5) = 2, p90 rank ceil(2.7) = 3. */
    zl_wval t[] = {{30, 1}, {10, 1}, {20, 1}};
    zl_stat_compute(t, 3, &s);
    assert_true(s.p50 == 20 && s.p90 == 30 && s.mean == 20);
}

static void stat_weights(void **state)
{
    /* Weights count as patients: 5 x 1 and 5 x 2; p50 = rank 5 -> 1, p90 = rank 9 -> 2. */
    zl_wval v[] = {{2, 5}, {1, 5}};
    zl_stat s;
    zl_stat_compute(v, 2, &s);
    assert_int_equal(s.n, 10);
    assert_true(s.mean == 1.5 && s.p50 == 1 && s.p90 == 2);
    /* One heavy flow dominates both percentiles. */
    zl_wval h[] = {{1, 1}, {2, 1}, {3, 8}};
    zl_stat_compute(h, 3, &s);
    assert_true(s.p50 == 3 && s.p90 == 3 && s.min == 1);
    assert_true(fabs(s.mean - 2.7) < 1e-12);
    /* Negative values (travel that got shorter) sort below zero. */
    zl_wval n[] = {{20, 4}, {-10, 1}};
    zl_stat_compute(n, 2, &s);
    assert_true(s.mean == 14 && s.p50 == 20 && s.p90 == 20 && s.min == -10 && s.max == 20);
    assert_int_equal(zl_weight_above(n, 2, 19.9), 4);
    assert_int_equal(zl_weight_above(n, 2, 20), 0); /* beyond means strictly more than */
}

/* Nearest rank by its definition, on the patients one by one: the smallest value v with
 * at least p% of the n patients at or below it (count * 100 >= p * n, in integers). */
static double brute_percentile(const double *sorted, int n, int p)
{
    for (int i = 0; i < n; i++) {
        int at_or_below = i + 1;
        while (at_or_below < n && sorted[at_or_below] == sorted[i])
            at_or_below++;
        if (at_or_below * 100 >= p * n)
            return sorted[i];
    }
    return sorted[n - 1];
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* For 1 to 12 patients, every way of giving them distinct minutes and many seeded random
 * ways of grouping them into flows with shared values (ties), p50 and p90 agree with the
 * brute force; these counts include every n where rounding and rounding up differ. */
static void stat_brute_force(void **state)
{
    uint64_t seed = 20240601;
    for (int n = 1; n <= 12; n++) {
        for (int trial = 0; trial < 400; trial++) {
            double minutes[12], sorted[12];
            zl_wval flows[12];
            size_t nflows = 0;
            for (int i = 0; i < n; i++) {
                seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
                /* trial 0: 1..n distinct; others: few distinct values, so ties and groups */
                minutes[i] =
                    trial == 0 ? n - i : (double)((seed >> 33) % (uint64_t)(1 + trial % 6));
            }
            /* Group runs of patients into flows of random size (a flow is k patients with
             * one value); equal values may also sit in different flows. */
            for (int i = 0; i < n;) {
                seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
                int k = 1 + (int)((seed >> 33) % 3);
                int w = 0;
                while (w < k && i + w < n && minutes[i + w] == minutes[i])
                    w++;
                flows[nflows++] = (zl_wval){minutes[i], w};
                i += w;
            }
            memcpy(sorted, minutes, sizeof(double) * (size_t)n);
            qsort(sorted, (size_t)n, sizeof sorted[0], cmp_double);
            zl_stat s;
            zl_stat_compute(flows, nflows, &s);
            double p50 = brute_percentile(sorted, n, 50), p90 = brute_percentile(sorted, n, 90);
            if (s.n != n || s.p50 != p50 || s.p90 != p90 || s.min != sorted[0] ||
                s.max != sorted[n - 1])
                fail_msg("n=%d trial %d: p50 %g p90 %g min %g max %g, brute force %g %g %g %g", n,
                         trial, s.p50, s.p90, s.min, s.max, p50, p90, sorted[0], sorted[n - 1]);
        }
    }
}

static int cmp_wval(const void *a, const void *b)
{
    double x = ((const zl_wval *)a)->v, y = ((const zl_wval *)b)->v;
    return (x > y) - (x < y);
}

/* The weighted nearest rank by sorting: the smallest value whose cumulative weight reaches
 * k (the same 1e-9 slack as the library), else the largest. */
static double brute_weighted(zl_wval *sorted, size_t n, double k)
{
    double cum = 0;
    for (size_t i = 0; i < n; i++) {
        cum += sorted[i].w;
        if ((i + 1 == n || sorted[i + 1].v != sorted[i].v) && cum >= k - 1e-9)
            return sorted[i].v;
    }
    return sorted[n - 1].v;
}

/* Thousands of entries with fractional weights (exact binary fractions, so the running sums
 * are exact in any order), values on a 0.1-minute grid with many ties and negative
 * values: the bucketed selection agrees with a sort, also with an infinite extreme (no
 * route) and with every value in two buckets. */
static void stat_many_fractional(void **state)
{
    static const double weights[] = {0.25, 0.5, 1, 2, 3.75};
    uint64_t seed = 77;
    for (int trial = 0; trial < 60; trial++) {
        size_t n = 100 + (size_t)trial * 97;
        zl_wval *v = malloc(n * sizeof *v), *sorted = malloc(n * sizeof *v);
        assert_non_null(v);
        assert_non_null(sorted);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            double x = trial % 5 == 4 ? (double)((seed >> 33) % 2) * 30
                                      : (double)((long)((seed >> 33) % 3500) - 500) / 10;
            v[i] = (zl_wval){x, weights[(seed >> 20) % 5]};
        }
        if (trial % 7 == 3)
            v[n / 2].v = INFINITY;
        memcpy(sorted, v, n * sizeof *v);
        qsort(sorted, n, sizeof *sorted, cmp_wval);
        double total = 0;
        for (size_t i = 0; i < n; i++)
            total += sorted[i].w;
        zl_stat s;
        zl_stat_compute(v, n, &s);
        double p50 = brute_weighted(sorted, n, total * 0.5);
        double p90 = brute_weighted(sorted, n, total * 0.9);
        if (s.p50 != p50 || s.p90 != p90 || s.n != total)
            fail_msg("trial %d (n=%zu): p50 %g p90 %g, by sorting %g %g", trial, n, s.p50, s.p90,
                     p50, p90);
        free(v);
        free(sorted);
    }
}

/* --- the norm rule with nearest allocation ----------------------------------------- */

static void nearest_rule(void **state)
{
    zl_case *c = fixture_case(false);
    zl_impact_opts o = {.norm = -1};
    zl_impact *r = run(c, &o);
    const zl_impact_metrics *m = zl_impact_metrics_get(r);
    assert_int_equal(m->norm, 6);
    assert_string_equal(m->norm_basis, "current");
    assert_int_equal(m->n_offering_before, 3); /* d offers nothing */
    assert_int_equal(m->n_offering_after, 2);
    assert_int_equal(m->n_stopping, 1);
    /* b (mean 5 < 6) stops: A0->b goes to a (10 min), A1->b to c (35 < 40). */
    const zl_scenario *sc = zl_impact_scenario(r);
    assert_int_equal(sc->dest[1], 0);
    assert_int_equal(sc->dest[2], 2);
    assert_int_equal(sc->dest[0], 0);
    assert_int_equal(sc->dest[6], 2);
    const zl_impact_location *a = loc_row(r, "a"), *b = loc_row(r, "b"), *cc = loc_row(r, "c");
    assert_null(loc_row(r, "d"));
    assert_int_equal(a->status, ZL_LOC_RECEIVES);
    assert_int_equal(b->status, ZL_LOC_STOPS);
    assert_int_equal(cc->status, ZL_LOC_RECEIVES);
    assert_int_equal(a->volume_before, 6);
    assert_int_equal(a->volume_after, 7);
    assert_int_equal(b->volume_before, 5);
    assert_int_equal(b->volume_after, 0);
    assert_int_equal(cc->volume_before, 11);
    assert_int_equal(cc->volume_after, 15);
    assert_true(a->meets_norm_before && a->meets_norm_after);
    assert_true(!b->meets_norm_before && !b->meets_norm_after);
    assert_true(a->norm_volume_after == 7 && cc->norm_volume_after == 15);
    assert_true(b->norm_volume_after == 0 && !b->kept);
    zl_impact_free(r);
    zl_case_free(c);
}

static void nearest_patient_metrics(void **state)
{
    zl_case *c = fixture_case(false);
    zl_impact_opts o = {.norm = -1};
    zl_impact *r = run(c, &o);
    const zl_impact_metrics *m = zl_impact_metrics_get(r);
    assert_int_equal(m->patients_total, 22);
    assert_int_equal(m->patients_displaced, 5);
    assert_int_equal(m->patients_displaced_shorter, 1); /* A0 bypassed a for b */
    /* before: 10x11, 15x4, 20x1, 35x2, 46x3, 50x1 -> sum 448 */
    assert_int_equal(m->minutes_before.n, 22);
    assert_true(fabs(m->minutes_before.mean - 448.0 / 22) < 1e-9);
    assert_true(m->minutes_before.p50 == 10 && m->minutes_before.p90 == 46);
    assert_true(m->minutes_before.min == 10 && m->minutes_before.max == 50);
    /* after: 10x12, 35x6, 46x3, 50x1 -> sum 518 */
    assert_true(fabs(m->minutes_after.mean - 518.0 / 22) < 1e-9);
    assert_true(m->minutes_after.p50 == 10 && m->minutes_after.p90 == 46);
    assert_true(m->minutes_after.max == 50);
    /* extra: -10 x1, +20 x4 */
    assert_int_equal(m->extra_minutes.n, 5);
    assert_true(m->extra_minutes.mean == 14 && m->extra_minutes.p50 == 20);
    assert_true(m->extra_minutes.p90 == 20 && m->extra_minutes.min == -10);
    assert_true(m->extra_minutes.max == 20);
    const int64_t pb[3][2] = {{6, 10}, {4, 4}, {0, 0}};
    for (int k = 0; k < 3; k++) {
        assert_int_equal(m->patients_beyond[k].minutes, zl_impact_thresholds[k]);
        assert_int_equal(m->patients_beyond[k].before, pb[k][0]);
        assert_int_equal(m->patients_beyond[k].after, pb[k][1]);
    }
    zl_impact_free(r);
    zl_case_free(c);
}

static void population_and_sensitivity(void **state)
{
    zl_case *c = fixture_case(false);
    zl_impact_opts o = {.norm = -1};
    zl_impact *r = run(c, &o);
    const zl_impact_metrics *m = zl_impact_metrics_get(r);
    assert_int_equal(m->population_total, 1000);
    /* Nearest offering before (a,b,c): 10, 15, 10, 46; after (a,c): 10, 35, 10, 46. d (5
     * minutes from everyone) offers nothing and must not count. */
    const int64_t pop[3][2] = {{400, 600}, {400, 400}, {0, 0}};
    for (int k = 0; k < 3; k++) {
        assert_int_equal(m->population_beyond[k].before, pop[k][0]);
        assert_int_equal(m->population_beyond[k].after, pop[k][1]);
    }
    /* If a also stopped, A0 (second 50) falls beyond 45; if c stopped, A2 (second 50). */
    size_t n;
    const zl_impact_sensitivity *s = zl_impact_sensitivity_get(r, &n);
    assert_int_equal(n, 2);
    assert_string_equal(c->locations[s[0].location].id, "a");
    assert_int_equal(s[0].population_beyond, 500);
    assert_int_equal(s[0].increase, 100);
    assert_string_equal(c->locations[s[1].location].id, "c");
    assert_int_equal(s[1].population_beyond, 700);
    assert_int_equal(s[1].increase, 300);
    zl_impact_free(r);
    zl_case_free(c);
}

static void sensitivity_and_ties(void **state)
{
    zl_case *c = fixture_case(false);
    /* A tie for nearest: A2 is 30 from both a and b. */
    c->minutes[2 * 4 + 0] = 30;
    const char *stop[] = {"c"};
    zl_impact_opts o = {.norm = 0, .stop = stop, .n_stop = 1};
    zl_impact *r = run(c, &o);
    /* Ties go to the lower location index: A2->c goes to a, not b. */
    assert_int_equal(zl_impact_scenario(r)->dest[5], 0);
    size_t n;
    const zl_impact_sensitivity *s = zl_impact_sensitivity_get(r, &n);
    /* Open after: a, b. Nearest/second: A0 10/20, A1 15/40, A2 30/30 (tie), A3 50/70.
     * Beyond 45 after: A3 (400). Whichever of a, b stops, every other area keeps a
     * second location within 45 minutes (A2 through the tie). */
    assert_int_equal(n, 2);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(s[i].increase, 0);
        assert_int_equal(s[i].population_beyond, 400);
    }
    zl_impact_free(r);
    /* Without the tie (A2: a 50, b 30), stopping b would also lose A2 (300). */
    c->minutes[2 * 4 + 0] = 50;
    r = run(c, &o);
    s = zl_impact_sensitivity_get(r, &n);
    assert_int_equal(s[0].increase, 0);
    assert_int_equal(s[1].increase, 300);
    assert_int_equal(s[1].population_beyond, 700);
    zl_impact_free(r);
    zl_case_free(c);
}

static void keep_and_stop(void **state)
{
    zl_case *c = fixture_case(false);
    const char *keep[] = {"b"};
    zl_impact_opts o = {.norm = -1, .keep = keep, .n_keep = 1};
    zl_impact *r = run(c, &o);
    const zl_impact_metrics *m = zl_impact_metrics_get(r);
    assert_int_equal(m->patients_displaced, 0);
    assert_int_equal(m->extra_minutes.n, 0);
    const zl_impact_location *b = loc_row(r, "b");
    assert_true(b->kept);
    assert_int_equal(b->status, ZL_LOC_KEEPS);
    assert_false(b->meets_norm_after);
    assert_false(loc_row(r, "a")->kept); /* meets the norm: not "kept by override" */
    zl_impact_free(r);

    /* --stop c with norm 0: A1->c to b (15), A2->c to b (30), A3->c to b (50). */
    const char *stop[] = {"c"};
    o = (zl_impact_opts){.norm = 0, .stop = stop, .n_stop = 1};
    r = run(c, &o);
    m = zl_impact_metrics_get(r);
    assert_string_equal(m->norm_basis, "override");
    assert_int_equal(m->patients_displaced, 11);
    assert_int_equal(loc_row(r, "b")->volume_after, 16);
    assert_int_equal(loc_row(r, "c")->status, ZL_LOC_STOPS);
    assert_int_equal(loc_row(r, "a")->status, ZL_LOC_KEEPS);
    /* extra: A1 15-35 = -20 x2, A2 30-10 = 20 x6, A3 50-46 = 4 x3 */
    assert_true(fabs(m->extra_minutes.mean - (-40.0 + 120 + 12) / 11) < 1e-9);
    assert_true(m->extra_minutes.p50 == 20 && m->extra_minutes.min == -20);
    assert_int_equal(m->patients_displaced_shorter, 2);
    zl_impact_free(r);
    zl_case_free(c);
}

static void proposed_norm(void **state)
{
    zl_case *c = fixture_case(false);
    /* Norm 8: a (6) and b (5) stop; everyone goes to c. */
    zl_impact_opts o = {.norm = 8};
    zl_impact *r = run(c, &o);
    const zl_impact_metrics *m = zl_impact_metrics_get(r);
    assert_string_equal(m->norm_basis, "proposed");
    assert_int_equal(m->n_offering_after, 1);
    assert_int_equal(loc_row(r, "c")->volume_after, 22);
    assert_int_equal(m->patients_displaced, 11);
    /* Only c remains: its sensitivity is the whole population. */
    size_t n;
    const zl_impact_sensitivity *s = zl_impact_sensitivity_get(r, &n);
    assert_int_equal(n, 1);
    assert_int_equal(s[0].population_beyond, 1000);
    zl_impact_free(r);
    zl_case_free(c);
}

static void region_rule(void **state)
{
    zl_case *c = fixture_case(true);
    zl_impact_opts o = {.norm = -1, .rule = ZL_ALLOC_REGION};
    zl_impact *r = run(c, &o);
    /* A1 (R0) goes to a (R0, 40 min) rather than the nearer c (R1, 35 min). */
    const zl_scenario *sc = zl_impact_scenario(r);
    assert_int_equal(sc->dest[2], 0);
    assert_int_equal(sc->dest[1], 0);
    assert_int_equal(loc_row(r, "a")->volume_after, 11);
    assert_int_equal(loc_row(r, "c")->volume_after, 11);
    const zl_impact_metrics *m = zl_impact_metrics_get(r);
    assert_true(m->extra_minutes.mean == (-10.0 + 4 * 25) / 5);
    zl_impact_free(r);

    /* An area in no region, or whose region has nothing left, falls back to nearest. */
    c->area_region[1] = -1;
    r = run(c, &o);
    assert_int_equal(zl_impact_scenario(r)->dest[2], 2);
    zl_impact_free(r);
    c->area_region[1] = 0;
    const char *stop[] = {"a"};
    o.stop = stop;
    o.n_stop = 1;
    r = run(c, &o); /* R0 has nothing left: A0 and A1 go to c */
    assert_int_equal(zl_impact_scenario(r)->dest[1], 2);
    assert_int_equal(zl_impact_scenario(r)->dest[2], 2);
    assert_int_equal(loc_row(r, "c")->volume_after, 22);
    zl_impact_free(r);

    /* A tie inside the region goes to the lower location index, as with the nearest rule:
     * c joins R0 and is 35 minutes from A1, as far as a; A1->b goes to a. */
    o.stop = NULL;
    o.n_stop = 0;
    c->location_region[2] = 0;
    c->minutes[1 * 4 + 0] = 35;
    r = run(c, &o);
    assert_int_equal(zl_impact_scenario(r)->dest[2], 0);
    zl_impact_free(r);
    zl_case_free(c);
}

static void run_errors(void **state)
{
    zl_case *c = fixture_case(false);
    zl_impact *r = NULL;
    zl_err err = {0};
    const char *unknown[] = {"zz"}, *d[] = {"d"}, *b[] = {"b"};
    zl_impact_opts o = {.norm = -1, .stop = unknown, .n_stop = 1};
    assert_int_equal(zl_impact_run(c, &o, &r, &err), ZL_ENOTFOUND);
    assert_contains(err.msg, "--stop: unknown location 'zz'");
    o = (zl_impact_opts){.norm = -1, .keep = d, .n_keep = 1};
    assert_int_equal(zl_impact_run(c, &o, &r, &err), ZL_EINPUT);
    assert_contains(err.msg, "--keep: location 'd' does not offer LUNG in 2024");
    o = (zl_impact_opts){.norm = -1, .keep = b, .n_keep = 1, .stop = b, .n_stop = 1};
    assert_int_equal(zl_impact_run(c, &o, &r, &err), ZL_EINPUT);
    assert_contains(err.msg, "'b' is both in --stop and in --keep");
    o = (zl_impact_opts){.norm = 1000};
    assert_int_equal(zl_impact_run(c, &o, &r, &err), ZL_EINFEASIBLE);
    assert_contains(err.msg, "22 displaced patients have nowhere to go");
    o = (zl_impact_opts){.norm = -1, .rule = ZL_ALLOC_REGION};
    assert_int_equal(zl_impact_run(c, &o, &r, &err), ZL_EINPUT);
    assert_contains(err.msg, "needs a region layer");
    assert_null(r);
    zl_case_free(c);
}

/* --- evaluate: scenarios from elsewhere (the optimiser) ----------------------------- */

static void evaluate_scenarios(void **state)
{
    zl_case *c = fixture_case(false);
    bool open[4] = {true, false, true, true};
    /* b closes and its patients go to d, which opens; a's A0 patients move to d too. */
    uint32_t dest[7] = {3, 3, 3, 2, 0, 2, 2};
    zl_scenario sc = {.open_after = open, .dest = dest, .norm = -1, .method = "optimise:test"};
    zl_impact *r = NULL;
    zl_err err = {0};
    assert_int_equal(zl_impact_evaluate(c, &sc, &r, &err), ZL_OK);
    const zl_impact_location *dd = loc_row(r, "d");
    assert_non_null(dd);
    assert_int_equal(dd->status, ZL_LOC_OPENS);
    assert_int_equal(dd->volume_after, 10);
    assert_false(dd->meets_norm_before);
    assert_true(dd->meets_norm_after); /* 0 + 10 >= 6 */
    assert_int_equal(loc_row(r, "a")->volume_after, 1);
    assert_true(loc_row(r, "a")->norm_volume_after == 1); /* 6 - 5 moved away */
    const zl_impact_metrics *m = zl_impact_metrics_get(r);
    assert_int_equal(m->patients_displaced, 10);
    assert_int_equal(m->n_offering_after, 3);
    assert_int_equal(m->population_beyond[0].after, 0); /* d is 5 minutes from everyone */
    assert_null(zl_impact_scenario(r)->rule);
    zl_impact_free(r);

    /* A destination that is not open is refused. */
    dest[0] = 1;
    r = NULL;
    assert_int_equal(zl_impact_evaluate(c, &sc, &r, &err), ZL_EINPUT);
    assert_contains(err.msg, "flow 0 goes to location b, which does not offer LUNG");
    dest[0] = 9;
    assert_int_equal(zl_impact_evaluate(c, &sc, &r, &err), ZL_EINPUT);
    assert_null(r);
    zl_case_free(c);
}

static void empty_case(void **state)
{
    zl_case *c = fixture_case(false);
    c->n_flows = 0; /* no patients at all; volumes still decide who offers */
    zl_impact_opts o = {.norm = -1};
    zl_impact *r = run(c, &o);
    const zl_impact_metrics *m = zl_impact_metrics_get(r);
    assert_int_equal(m->patients_total, 0);
    assert_int_equal(m->minutes_before.n, 0);
    assert_int_equal(m->extra_minutes.n, 0);
    assert_int_equal(m->n_stopping, 1);
    json_t *j = zl_impact_to_json(r);
    assert_non_null(j);
    assert_true(json_is_null(
        json_object_get(json_object_get(json_object_get(j, "patients"), "minutes_before"), "p50")));
    json_decref(j);
    zl_impact_free(r);
    zl_case_free(c);
}

/* --- brute force on random cases ---------------------------------------------------- */

static uint32_t lcg(uint64_t *state)
{
    *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(*state >> 33);
}

/* A random case: integer minutes 0-79 (so ties happen), random flows and volumes. */
static zl_case *random_case(uint64_t seed, size_t na, size_t nl)
{
    zl_case *c = fixture_case(false);
    free(c->areas);
    free(c->minutes);
    free(c->flows);
    free(c->volume_mean);
    free(c->volume_years);
    for (size_t l = 0; l < c->n_locations; l++) {
        free(c->locations[l].id);
        free(c->locations[l].name);
    }
    free(c->locations);
    c->n_areas = na;
    c->n_locations = nl;
    c->areas = fx_calloc(na, sizeof *c->areas);
    c->locations = fx_calloc(nl, sizeof *c->locations);
    c->minutes = fx_calloc(na * nl, sizeof *c->minutes);
    c->volume_mean = fx_calloc(nl, sizeof *c->volume_mean);
    c->volume_years = fx_calloc(nl, sizeof *c->volume_years);
    c->flows = fx_calloc(na * 2, sizeof *c->flows);
    c->n_flows = 0;
    for (size_t l = 0; l < nl; l++) {
        char id[32];
        snprintf(id, sizeof id, "L%02u", (unsigned)l);
        c->locations[l].id = fx_strdup(id);
        c->locations[l].name = fx_strdup(id);
    }
    for (size_t a = 0; a < na; a++) {
        c->areas[a] = (zl_area){(int32_t)(1000 + a), lcg(&seed) % 1000, 52, 5};
        for (size_t l = 0; l < nl; l++)
            c->minutes[a * nl + l] = (float)(lcg(&seed) % 80);
        /* Two flows per area to distinct locations, ordered by location. */
        uint32_t l1 = lcg(&seed) % nl, l2 = lcg(&seed) % nl;
        if (l1 > l2) {
            uint32_t t = l1;
            l1 = l2;
            l2 = t;
        }
        c->flows[c->n_flows++] = (zl_flow){(uint32_t)a, l1, 1 + lcg(&seed) % 9};
        if (l2 != l1)
            c->flows[c->n_flows++] = (zl_flow){(uint32_t)a, l2, 1 + lcg(&seed) % 9};
    }
    for (size_t l = 0; l < nl; l++) {
        c->volume_years[l] = 1;
        c->volume_mean[l] = lcg(&seed) % 40;
    }
    return c;
}

/* Population beyond 45 minutes from the nearest open location, the slow way. */
static int64_t brute_beyond45(const zl_case *c, const bool *open)
{
    int64_t pop = 0;
    for (size_t a = 0; a < c->n_areas; a++) {
        float best = 1e9f;
        for (size_t l = 0; l < c->n_locations; l++)
            if (open[l] && zl_case_minutes(c, a, l) < best)
                best = zl_case_minutes(c, a, l);
        if (best > 45)
            pop += c->areas[a].population;
    }
    return pop;
}

static void random_cases_brute_force(void **state)
{
    int checked = 0, displaced = 0;
    for (uint64_t seed = 1; seed <= 40; seed++) {
        zl_case *c = random_case(seed, 60, 9);
        zl_impact_opts o = {.norm = 15};
        zl_impact *r = NULL;
        zl_err err = {0};
        if (zl_impact_run(c, &o, &r, &err) != ZL_OK) {
            assert_int_equal(err.code, ZL_EINFEASIBLE); /* everyone below 15: fine */
            zl_case_free(c);
            continue;
        }
        const zl_scenario *sc = zl_impact_scenario(r);
        bool open[9];
        memcpy(open, sc->open_after, sizeof open);
        /* Displaced flows go to the nearest open location, lowest index on ties. */
        for (size_t f = 0; f < c->n_flows; f++) {
            const zl_flow *fl = &c->flows[f];
            if (open[fl->location]) {
                assert_int_equal(sc->dest[f], fl->location);
                continue;
            }
            for (size_t l = 0; l < c->n_locations; l++) {
                if (!open[l])
                    continue;
                float m = zl_case_minutes(c, fl->area, l),
                      d = zl_case_minutes(c, fl->area, sc->dest[f]);
                assert_true(d < m || (d == m && sc->dest[f] <= l));
            }
        }
        /* Sensitivity equals actually stopping each remaining location. */
        const zl_impact_metrics *m = zl_impact_metrics_get(r);
        checked++;
        displaced += m->patients_displaced > 0;
        assert_int_equal(m->population_beyond[1].after, brute_beyond45(c, open));
        size_t n;
        const zl_impact_sensitivity *s = zl_impact_sensitivity_get(r, &n);
        for (size_t i = 0; i < n; i++) {
            open[s[i].location] = false;
            assert_int_equal(s[i].population_beyond, brute_beyond45(c, open));
            open[s[i].location] = true;
        }
        zl_impact_free(r);
        zl_case_free(c);
    }
    assert_true(checked >= 30 && displaced >= 30); /* the cases exercise the rule */
}

/* --- the JSON report and the table -------------------------------------------------- */

static json_t *get_path(json_t *j, const char *a, const char *b)
{
    json_t *x = json_object_get(j, a);
    return b ? json_object_get(x, b) : x;
}

static void json_report(void **state)
{
    zl_case *c = fixture_case(false);
    zl_impact_opts o = {.norm = -1};
    zl_impact *r = run(c, &o);
    json_t *j = zl_impact_to_json(r);
    assert_non_null(j);
    const char *top[] = {
        "intervention", "year",      "norm",         "norm_basis",       "window_years",
        "method",       "rule",      "region_layer", "definitions",      "synthetic",
        "summary",      "locations", "patients",     "population_total", "population_beyond",
        "sensitivity"};
    for (size_t i = 0; i < sizeof top / sizeof top[0]; i++)
        if (!json_object_get(j, top[i]))
            fail_msg("missing key %s", top[i]);
    assert_true(json_is_true(json_object_get(j, "synthetic")));
    assert_string_equal(json_string_value(json_object_get(j, "rule")), "nearest");
    assert_string_equal(json_string_value(json_object_get(j, "method")), "norm");
    json_t *locs = json_object_get(j, "locations");
    assert_int_equal(json_array_size(locs), 3);
    json_t *b = json_array_get(locs, 1);
    assert_string_equal(json_string_value(json_object_get(b, "id")), "b");
    assert_string_equal(json_string_value(json_object_get(b, "status")), "stops");
    const char *lk[] = {
        "id",     "name", "volume_before", "volume_after", "meets_norm_before", "meets_norm_after",
        "status", "kept"};
    for (size_t i = 0; i < sizeof lk / sizeof lk[0]; i++)
        if (!json_object_get(b, lk[i]))
            fail_msg("missing location key %s", lk[i]);
    json_t *p = json_object_get(j, "patients");
    assert_int_equal(json_integer_value(json_object_get(p, "total")), 22);
    assert_int_equal(json_integer_value(json_object_get(p, "displaced")), 5);
    json_t *before = json_object_get(p, "minutes_before");
    assert_true(json_real_value(json_object_get(before, "mean")) == 20.4); /* 448/22 */
    assert_true(json_real_value(json_object_get(before, "p90")) == 46);
    json_t *extra = json_object_get(p, "extra_minutes");
    assert_true(json_real_value(json_object_get(extra, "max")) == 20);
    json_t *beyond = json_object_get(p, "beyond");
    assert_int_equal(json_array_size(beyond), 3);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(beyond, 0), "after")), 10);
    json_t *pop = get_path(j, "population_beyond", NULL);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(pop, 0), "after")), 600);
    json_t *sens = json_object_get(j, "sensitivity");
    assert_int_equal(json_array_size(sens), 2); /* most sensitive first: c (+300) */
    assert_string_equal(json_string_value(json_object_get(json_array_get(sens, 0), "id")), "c");
    assert_int_equal(
        json_integer_value(json_object_get(json_array_get(sens, 0), "population_beyond")), 700);
    json_decref(j);
    zl_impact_free(r);
    zl_case_free(c);
}

/* The published value of a count in the public report (what the cell key gives). */
static int64_t pubv(const zl_disclosure *d, const char *what, int64_t v)
{
    char cell[128];
    snprintf(cell, sizeof cell, "impact/%s/LUNG/2024", what);
    return zl_cellkey_round(d, cell, v);
}

static void public_report(void **state)
{
    zl_case *c = fixture_case(false);
    zl_impact_opts o = {.norm = -1};
    zl_impact *r = run(c, &o);
    zl_disclosure d;
    for (size_t i = 0; i < sizeof d.key; i++)
        d.key[i] = (unsigned char)(i * 7 + 1);
    json_t *j = zl_impact_to_json_ex(r, ZL_REPORT_PUBLIC, &d);
    assert_true(json_is_true(json_object_get(j, "small_counts_suppressed")));
    json_t *a = json_array_get(json_object_get(j, "locations"), 0);
    json_t *cc = json_array_get(json_object_get(j, "locations"), 2);
    assert_true(json_is_null(json_object_get(a, "volume_before"))); /* 6 */
    /* a's window holds 12 patients over 2 years: published 10 or 20, halved. */
    double nb = json_real_value(json_object_get(a, "norm_volume_before"));
    assert_true(nb == pubv(&d, "volume-window/a", 12) / 2.0);
    assert_true(nb == 5.0 || nb == 10.0);
    int64_t vc = json_integer_value(json_object_get(cc, "volume_before")); /* 11 */
    assert_int_equal(vc, pubv(&d, "volume/c", 11));
    assert_true(vc == 10 || vc == 20);
    assert_int_equal(json_integer_value(json_object_get(a, "norm_years")), 2);
    /* The total is the sum of the published location volumes (6, 5, 11). */
    int64_t total = pubv(&d, "volume/a", 6) + pubv(&d, "volume/b", 5) + vc;
    json_t *p = json_object_get(j, "patients");
    assert_int_equal(json_integer_value(json_object_get(p, "total")), total);
    assert_int_equal(total % 10, 0);
    assert_true(json_is_null(json_object_get(p, "displaced"))); /* 5 */
    json_t *extra = json_object_get(p, "extra_minutes");        /* over 5 patients */
    assert_true(json_is_null(json_object_get(extra, "n")));
    assert_true(json_is_null(json_object_get(extra, "mean")));
    assert_int_equal(json_integer_value(json_object_get(json_object_get(p, "minutes_before"), "n")),
                     total);
    json_t *b30 = json_array_get(json_object_get(p, "beyond"), 0);
    assert_true(json_is_null(json_object_get(b30, "before")));               /* 6 */
    assert_int_equal(json_integer_value(json_object_get(b30, "after")), 10); /* 10 stays */
    json_t *b60 = json_array_get(json_object_get(p, "beyond"), 2);
    assert_int_equal(json_integer_value(json_object_get(b60, "after")), 0); /* 0 is not small */
    json_t *pop = json_array_get(json_object_get(j, "population_beyond"), 0);
    assert_int_equal(json_integer_value(json_object_get(pop, "after")), 600);
    json_decref(j);
    j = zl_impact_to_json(r);
    assert_true(json_is_false(json_object_get(j, "small_counts_suppressed")));
    json_decref(j);
    zl_impact_free(r);
    zl_case_free(c);
}

static void table_report(void **state)
{
    zl_case *c = fixture_case(false);
    zl_impact_opts o = {.norm = -1};
    zl_impact *r = run(c, &o);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    zl_impact_print(r, f);
    fclose(f);
    assert_contains(text, "Lung resection (LUNG), 2024  [SYNTHETIC DATA]");
    assert_contains(text, "Locations offering: 3 before, 2 after (1 stop)");
    assert_contains(text, "stops");
    assert_contains(text, "Patients (baseline observed): 22 in total, 5 displaced (1 of them "
                          "travel less)");
    /* nearest: the like-for-like block (only A1's 6 patients lose their nearest, b) */
    assert_contains(text, "Patients (baseline nearest: everyone at the rule's location before): "
                          "22 in total, 6 displaced");
    assert_contains(text, "Reading: displaced patients travel 20.0 minutes more on average "
                          "under the nearest-location rule");
    assert_contains(text, "more than 30 minutes");
    free(text);
    zl_impact_free(r);
    zl_case_free(c);
}

/* The nearest-location scan from each area's sorted short list (zl_case.near) equals the
 * scan over the whole row: best, its location (ties to the lower index), second best, for
 * lists shorter than, as long as and longer than needed, with times of infinity and NaN,
 * on random open sets from nearly empty to full. */
static void near_list_equals_row_scan(void **state)
{
    (void)state;
    uint64_t seed = 20261203;
    for (int k = 0; k < 30; k++) {
        size_t na = 20 + lcg(&seed) % 40, nl = 1 + lcg(&seed) % 12;
        zl_case *c = random_case(seed + (uint64_t)k, na, nl);
        for (size_t m = 0; m < na * nl; m++) {
            c->minutes[m] = (float)(lcg(&seed) % 8);
            if (lcg(&seed) % 13 == 0)
                c->minutes[m] = lcg(&seed) % 2 ? INFINITY : NAN;
        }
        bool *open = fx_calloc(nl, sizeof *open);
        uint32_t *idx = fx_calloc(nl, sizeof *idx);
        zl_reach *row = fx_calloc(na, sizeof *row), *near = fx_calloc(na, sizeof *near);
        for (int trial = 0; trial < 12; trial++) {
            unsigned density = 1 + lcg(&seed) % 4;
            for (size_t l = 0; l < nl; l++)
                open[l] = lcg(&seed) % 4 < density;
            free(c->near);
            c->near = NULL;
            zl_reach_compute(c, open, idx, row);
            zl_case_build_near(c, 1 + lcg(&seed) % (nl + 2));
            assert_non_null(c->near);
            zl_reach_compute(c, open, idx, near);
            for (size_t a = 0; a < na; a++) {
                assert_int_equal(near[a].best_loc, row[a].best_loc);
                assert_true(near[a].best == row[a].best ||
                            (isnan(near[a].best) && isnan(row[a].best)));
                assert_true(near[a].second == row[a].second ||
                            (isnan(near[a].second) && isnan(row[a].second)));
            }
        }
        free(open);
        free(idx);
        free(row);
        free(near);
        zl_case_free(c);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stat_empty),
        cmocka_unit_test(stat_one_patient),
        cmocka_unit_test(stat_ties),
        cmocka_unit_test(stat_nearest_rank),
        cmocka_unit_test(stat_weights),
        cmocka_unit_test(stat_brute_force),
        cmocka_unit_test(stat_many_fractional),
        cmocka_unit_test(nearest_rule),
        cmocka_unit_test(nearest_patient_metrics),
        cmocka_unit_test(population_and_sensitivity),
        cmocka_unit_test(sensitivity_and_ties),
        cmocka_unit_test(keep_and_stop),
        cmocka_unit_test(proposed_norm),
        cmocka_unit_test(region_rule),
        cmocka_unit_test(run_errors),
        cmocka_unit_test(evaluate_scenarios),
        cmocka_unit_test(empty_case),
        cmocka_unit_test(random_cases_brute_force),
        cmocka_unit_test(near_list_equals_row_scan),
        cmocka_unit_test(json_report),
        cmocka_unit_test(public_report),
        cmocka_unit_test(table_report),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
