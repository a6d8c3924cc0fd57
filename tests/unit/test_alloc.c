/* Unit tests of the allocation rules on hand-computed cases (tests/unit/case_fixture.h):
 * share, partner (with its fallback), choice, capacity overflow, conservation of fractional
 * patients through the impact evaluation, the nearest baseline, the rule-sensitivity run and
 * the plain-language reading. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_fixture.h"
#include "testutil.h"
#include "zorglandschap/alloc.h"
#include "zorglandschap/impact.h"

#define NEAR(a, b) (fabs((a) - (b)) < 1e-9)

/* The fixture with three-location areas: A0 -> a 4, b 2, c 2; A1 -> b 4, c 2; A2 -> a 1,
 * c 6; A3 -> c 3 (24 patients). */
static zl_case *three_way_case(void)
{
    static const zl_flow flows[] = {{0, 0, 4}, {0, 1, 2}, {0, 2, 2}, {1, 1, 4},
                                    {1, 2, 2}, {2, 0, 1}, {2, 2, 6}, {3, 2, 3}};
    zl_case *c = fixture_case(false);
    free(c->flows);
    c->n_flows = sizeof flows / sizeof flows[0];
    c->flows = fx_calloc(c->n_flows, sizeof *c->flows);
    memcpy(c->flows, flows, sizeof flows);
    return c;
}

/* Patients per destination of a flow's parts. */
static double part_sum(const zl_alloc_result *r, uint32_t flow, int dest)
{
    double s = 0;
    for (size_t k = 0; k < r->n_parts; k++)
        if (r->parts[k].flow == flow && (dest < 0 || r->parts[k].dest == (uint32_t)dest))
            s += r->parts[k].patients;
    return s;
}

static const bool open_ac[4] = {true, false, true, false}; /* b stops, d never offers */

static void share_rule(void **state)
{
    (void)state;
    zl_case *c = three_way_case();
    zl_alloc_result r;
    zl_err err = {0};
    assert_int_equal(zl_alloc_displaced(c, open_ac, ZL_ALLOC_SHARE, NULL, &r, &err), ZL_OK);
    /* A0 -> b (2): A0's shares among a, c are 4 : 2. A1 -> b (4): only c. */
    assert_true(NEAR(part_sum(&r, 1, 0), 4.0 / 3));
    assert_true(NEAR(part_sum(&r, 1, 2), 2.0 / 3));
    assert_true(NEAR(part_sum(&r, 3, 2), 4));
    assert_true(NEAR(part_sum(&r, 3, 0), 0));
    assert_true(r.fallback_patients == 0);
    zl_alloc_result_clear(&r);
    /* Stop c instead: A3 has no patients at a or b, falls back to the nearest (b, 50). */
    const bool open_ab[4] = {true, true, false, false};
    assert_int_equal(zl_alloc_displaced(c, open_ab, ZL_ALLOC_SHARE, NULL, &r, &err), ZL_OK);
    assert_true(NEAR(part_sum(&r, 7, 1), 3));
    assert_true(NEAR(r.fallback_patients, 3));
    assert_string_equal(r.fallback_rule, "nearest");
    zl_alloc_result_clear(&r);
    zl_case_free(c);
}

static void partner_rule(void **state)
{
    (void)state;
    zl_case *c = three_way_case();
    /* b's partners: a 0.75 and d 0.25; d never offers, so its share falls back. */
    zl_alloc_partner partners[] = {{1, 0, 0.75}, {1, 3, 0.25}};
    zl_alloc_inputs in = {.partners = partners, .n_partners = 2};
    zl_alloc_result r;
    zl_err err = {0};
    assert_int_equal(zl_alloc_displaced(c, open_ac, ZL_ALLOC_PARTNER, &in, &r, &err), ZL_OK);
    /* A0 -> b (2): 1.5 to a, 0.5 to A0's nearest remaining (a, 10). */
    assert_true(NEAR(part_sum(&r, 1, 0), 2));
    /* A1 -> b (4): 3 to a, 1 to A1's nearest remaining (c 35 < a 40). */
    assert_true(NEAR(part_sum(&r, 3, 0), 3));
    assert_true(NEAR(part_sum(&r, 3, 2), 1));
    assert_true(NEAR(r.fallback_patients, 1.5));
    zl_alloc_result_clear(&r);
    /* Without partners the rule is not available: a clear input error. */
    zl_alloc_inputs none = {0};
    assert_int_equal(zl_alloc_displaced(c, open_ac, ZL_ALLOC_PARTNER, &none, &r, &err), ZL_EINPUT);
    assert_contains(err.msg, "zl import partners");
    zl_case_free(c);
}

/* A model by hand: -1 per 10 minutes everywhere, alpha a 0, b 0.5, c 0 (d outside). */
static zl_choice_weights *hand_weights(const zl_case *c, zl_choice_model **mo)
{
    zl_choice_model *m = fx_calloc(1, sizeof *m);
    m->intervention = fx_strdup("LUNG");
    for (int k = 0; k < ZL_CHOICE_N_SEG; k++)
        m->beta[k] = -1;
    m->n_locs = 3;
    m->locs = fx_calloc(3, sizeof *m->locs);
    const char *ids[] = {"a", "b", "c"};
    const double alpha[] = {0, 0.5, 0};
    for (int j = 0; j < 3; j++)
        m->locs[j] = (zl_choice_loc){.id = fx_strdup(ids[j]), .alpha = alpha[j]};
    zl_choice_weights *w = NULL;
    zl_err err = {0};
    assert_int_equal(zl_choice_weights_make(m, c, NULL, &w, &err), ZL_OK);
    *mo = m;
    return w;
}

static void choice_rule(void **state)
{
    (void)state;
    zl_case *c = three_way_case();
    zl_choice_model *m;
    zl_alloc_inputs in = {.weights = hand_weights(c, &m)};
    assert_int_equal(zl_alloc_default_rule(&in), ZL_ALLOC_CHOICE);
    assert_int_equal(zl_alloc_default_rule(NULL), ZL_ALLOC_NEAREST);
    zl_alloc_result r;
    zl_err err = {0};
    assert_int_equal(zl_alloc_displaced(c, open_ac, ZL_ALLOC_CHOICE, &in, &r, &err), ZL_OK);
    /* A0: a at 10 min (V -1), c at 50 (V -5). A1: a 40 (V -4), c 35 (V -3.5). */
    double pa0 = exp(-1) / (exp(-1) + exp(-5)), pa1 = exp(-4) / (exp(-4) + exp(-3.5));
    assert_true(NEAR(part_sum(&r, 1, 0), 2 * pa0));
    assert_true(NEAR(part_sum(&r, 1, 2), 2 * (1 - pa0)));
    assert_true(NEAR(part_sum(&r, 3, 0), 4 * pa1));
    assert_true(NEAR(part_sum(&r, 3, -1), 4));
    zl_alloc_result_clear(&r);
    zl_choice_weights_free(in.weights);
    zl_choice_model_free(m);
    zl_case_free(c);
}

static void capacity_overflow(void **state)
{
    (void)state;
    zl_case *c = three_way_case();
    zl_choice_model *m;
    double cap[4] = {6, INFINITY, INFINITY, INFINITY}; /* a keeps 5 patients: room for 1 */
    zl_alloc_inputs in = {.weights = hand_weights(c, &m), .capacity = cap};
    zl_alloc_result r;
    zl_err err = {0};
    assert_int_equal(zl_alloc_displaced(c, open_ac, ZL_ALLOC_CAPACITY, &in, &r, &err), ZL_OK);
    /* a is offered about 3.5 patients and takes 1 of them; the rest go to c. */
    double to_a = part_sum(&r, 1, 0) + part_sum(&r, 3, 0);
    assert_true(NEAR(to_a, 1));
    assert_true(NEAR(part_sum(&r, 1, -1) + part_sum(&r, 3, -1), 6));
    assert_true(r.saturated[0] && !r.saturated[2]);
    assert_int_equal(r.n_saturated, 1);
    assert_true(r.over_capacity == 0);
    /* Both offers to a were cut by the same fraction. */
    double pa0 = exp(-1) / (exp(-1) + exp(-5)), pa1 = exp(-4) / (exp(-4) + exp(-3.5));
    double offered = 2 * pa0 + 4 * pa1;
    assert_true(NEAR(part_sum(&r, 1, 0), 2 * pa0 / offered));
    zl_alloc_result_clear(&r);
    /* c has room for 1 too (13 stay): 4 patients find no room and go by the model. */
    cap[2] = 14;
    assert_int_equal(zl_alloc_displaced(c, open_ac, ZL_ALLOC_CAPACITY, &in, &r, &err), ZL_OK);
    assert_true(fabs(r.over_capacity - 4) < 1e-9);
    assert_int_equal(r.n_saturated, 2);
    assert_true(NEAR(part_sum(&r, 1, -1) + part_sum(&r, 3, -1), 6));
    zl_alloc_result_clear(&r);
    zl_choice_weights_free(in.weights);
    zl_choice_model_free(m);
    zl_case_free(c);
}

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

static void fractional_conservation(void **state)
{
    (void)state;
    zl_case *c = three_way_case();
    const char *stop[] = {"b"};
    zl_impact_opts o = {.norm = 0, .stop = stop, .n_stop = 1, .rule = ZL_ALLOC_SHARE};
    zl_impact *r = NULL;
    zl_err err = {0};
    assert_int_equal(zl_impact_run(c, &o, &r, &err), ZL_OK);
    const zl_impact_metrics *m = zl_impact_metrics_get(r);
    assert_true(NEAR(m->patients_total, 24));
    assert_true(NEAR(m->patients_displaced, 6));
    assert_true(NEAR(loc_row(r, "a")->volume_after, 5 + 4.0 / 3));
    assert_true(NEAR(loc_row(r, "c")->volume_after, 13 + 2.0 / 3 + 4));
    assert_true(loc_row(r, "b")->volume_after == 0);
    double sum = 0;
    size_t n;
    const zl_impact_location *x = zl_impact_locations(r, &n);
    for (size_t i = 0; i < n; i++)
        sum += x[i].volume_after;
    assert_true(fabs(sum - 24) < 1e-6);
    /* extra minutes: A0 4/3 x (10-20) and 2/3 x (50-20); A1 4 x (35-15). */
    double mean = (4.0 / 3 * -10 + 2.0 / 3 * 30 + 4 * 20) / 6;
    assert_true(NEAR(m->extra_minutes.mean, mean));
    assert_true(NEAR(m->extra_minutes.n, 6));
    const char *baseline;
    zl_impact_headline(r, &baseline);
    assert_string_equal(baseline, "observed");
    zl_impact_free(r);
    zl_case_free(c);
}

static void nearest_baseline(void **state)
{
    (void)state;
    zl_case *c = fixture_case(false);
    zl_impact_opts o = {.norm = -1, .rule = ZL_ALLOC_NEAREST}; /* b (mean 5 < 6) stops */
    zl_impact *r = NULL;
    zl_err err = {0};
    assert_int_equal(zl_impact_run(c, &o, &r, &err), ZL_OK);
    const zl_impact_metrics *m = zl_impact_metrics_get(r);
    assert_true(m->has_nearest_baseline);
    /* Nearest before: A0 a (10), A1 b (15), A2 c (10), A3 c (46); after b stops A1 goes to c
     * (35): only A1's 6 patients are displaced, each 20 minutes further. */
    const zl_impact_patients *p = &m->nearest_baseline;
    assert_true(NEAR(p->total, 22) && NEAR(p->displaced, 6));
    assert_true(NEAR(p->extra_minutes.mean, 20) && p->extra_minutes.min == 20);
    assert_true(p->displaced_shorter == 0);
    assert_true(NEAR(p->minutes_before.mean, (6 * 10 + 6 * 15 + 7 * 10 + 3 * 46) / 22.0));
    const char *baseline;
    zl_impact_patients h = zl_impact_headline(r, &baseline);
    assert_string_equal(baseline, "nearest");
    assert_true(NEAR(h.displaced, 6));
    /* The observed comparison stays as it was (5 displaced, 1 of them nearer). */
    assert_true(NEAR(m->patients_displaced, 5) && NEAR(m->patients_displaced_shorter, 1));
    char reading[512];
    zl_impact_reading(r, NULL, 0, reading, sizeof reading);
    assert_contains(reading, "displaced patients travel 20.0 minutes more on average");
    zl_impact_free(r);
    zl_case_free(c);
}

static void every_rule(void **state)
{
    (void)state;
    zl_case *c = three_way_case();
    zl_choice_model *m;
    zl_alloc_partner partners[] = {{1, 0, 1.0}};
    zl_alloc_inputs in = {.weights = hand_weights(c, &m), .partners = partners, .n_partners = 1};
    const char *stop[] = {"b"};
    zl_impact_opts o = {.norm = 0, .stop = stop, .n_stop = 1, .inputs = &in};
    zl_impact *rs[ZL_ALLOC_N_RULES];
    size_t n = 0;
    zl_err err = {0};
    assert_int_equal(zl_impact_run_rules(c, &o, rs, &n, &err), ZL_OK);
    /* No region layer: every rule but region. */
    assert_int_equal(n, 5);
    const char *want[] = {"nearest", "choice", "share", "partner", "capacity"};
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(zl_impact_scenario(rs[i])->rule, want[i]);
        size_t nl;
        const zl_impact_location *x = zl_impact_locations(rs[i], &nl);
        double sum = 0;
        for (size_t k = 0; k < nl; k++)
            sum += x[k].volume_after;
        assert_true(fabs(sum - 24) < 1e-6); /* conservation under every rule */
    }
    char reading[512];
    zl_impact_reading(rs[1], rs, n, reading, sizeof reading);
    assert_contains(reading, "under the choice model; ");
    assert_contains(reading, "across 5 rules");
    for (size_t i = 0; i < n; i++)
        zl_impact_free(rs[i]);
    zl_choice_weights_free(in.weights);
    zl_choice_model_free(m);
    zl_case_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(share_rule),
        cmocka_unit_test(partner_rule),
        cmocka_unit_test(choice_rule),
        cmocka_unit_test(capacity_overflow),
        cmocka_unit_test(fractional_conservation),
        cmocka_unit_test(nearest_baseline),
        cmocka_unit_test(every_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
