/* The regional assessment on the hand-computed case of case_fixture.h (two regions), with a
 * network border, a stopping location with an ICU, surgeons below the per-surgeon norm and
 * a mitigation where keeping exactly one location restores acceptability; the thresholds
 * file (default = data/assess/thresholds.conf, unknown key); the importers' bad input.
 *
 * Hand computation (norm 8 = proposed, rule nearest, region layer R0 = {A0, A1, a, b},
 * R1 = {A2, A3, c}): a (6) and b (5) stop, c (11) receives. Nearest baseline: before
 * A0 -> a 10 min, A1 -> b 15, A2 -> c 10, A3 -> c 46; after everything -> c: A0 50, A1 35,
 * A2 10, A3 46. Patients per area 6, 6, 7, 3: displaced 12 (A0 +40, A1 +20: mean 30), all
 * residents of R0. A0 (100 inhabitants) is newly beyond 45 minutes; A3 was already.
 * Volumes (observed): a 6, b 5, c 11 -> 22. Networks N0 = {a, b}, N1 = {c}: 12 patients
 * cross, N0 is left without a location. Surgeons a 2, b 1, c 5, norm 5 per surgeon:
 * a 3.0 and c 2.2 below before; c 22/5 = 4.4 below after. a runs an ICU; group volume
 * of a 30 (share lost 0.2); tariff 1000. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "case_fixture.h"
#include "zorglandschap/assess.h"
#include "zorglandschap/import.h"
#include "zorglandschap/privacy.h"
#include "zorglandschap/store_landscape.h"
#include "zorglandschap/util.h"

static zl_assess_inputs *fixture_inputs(const zl_case *c)
{
    zl_assess_inputs *in = NULL;
    zl_err err = {0};
    assert_int_equal(zl_assess_inputs_empty(c, &in, &err), ZL_OK);
    const int32_t surgeons[4] = {2, 1, 5, -1};
    memcpy(in->surgeons, surgeons, sizeof surgeons);
    in->surgeon_norm = 5;
    in->group_volume[0] = 30;
    in->services[0] = ZL_SERVICE_ICU;
    in->tariff = 1000;
    in->network_layer = fx_strdup("net");
    in->n_networks = 2;
    in->network_codes = fx_calloc(3, sizeof *in->network_codes);
    in->network_codes[0] = fx_strdup("N0");
    in->network_codes[1] = fx_strdup("N1");
    const int32_t net[4] = {0, 0, 1, -1};
    memcpy(in->network, net, sizeof net);
    const double ages[2][3] = {{0.5, 0.2, 0.3}, {0.6, 0.2, 0.2}};
    memcpy(in->age_share, ages, sizeof ages);
    in->synthetic_staff = true;
    return in;
}

typedef struct fx {
    zl_case *c;
    zl_assess_inputs *in;
    zl_assess *a;
} fx;

static void fx_run(fx *f, bool mitigate)
{
    f->c = fixture_case(true);
    f->in = fixture_inputs(f->c);
    zl_assess_opts o = {.norm = 8, .rule = ZL_ALLOC_NEAREST, .mitigate = mitigate};
    zl_err err = {0};
    if (zl_assess_run(f->c, f->in, &o, &f->a, &err) != ZL_OK)
        fail_msg("assess: %s", err.msg);
}

static void fx_free(fx *f)
{
    zl_assess_free(f->a);
    zl_assess_inputs_free(f->in);
    zl_case_free(f->c);
}

static const zl_assess_location *loc(const zl_assess *a, const char *id)
{
    for (size_t i = 0; i < a->n_locations; i++)
        if (strcmp(a->c->locations[a->locations[i].location].id, id) == 0)
            return &a->locations[i];
    fail_msg("no location %s", id);
    return NULL;
}

static bool near(double x, double y)
{
    return fabs(x - y) < 1e-9;
}

static void patients_per_region(void **state)
{
    fx f;
    fx_run(&f, false);
    const zl_assess *a = f.a;
    assert_string_equal(a->baseline, "nearest");
    assert_int_equal(a->n_regions, 2);
    const zl_assess_patients *r0 = &a->regions[0].patients, *r1 = &a->regions[1].patients;
    const zl_assess_patients *nl = &a->national.patients;
    assert_true(near(r0->total, 12) && near(r0->displaced, 12));
    assert_true(near(r1->total, 10) && near(r1->displaced, 0));
    assert_true(near(nl->total, 22) && near(nl->displaced, 12));
    assert_true(near(r0->extra_minutes.mean, 30) && near(r0->extra_minutes.max, 40));
    assert_true(near(r0->minutes_before.mean, 12.5) && near(r0->minutes_after.mean, 42.5));
    assert_true(near(r0->displaced_age[2], 6 * 0.3 + 6 * 0.2));
    assert_true(near(r0->displaced_age[0], 6 * 0.5 + 6 * 0.6));
    assert_int_equal(r0->inhabitants, 300);
    assert_int_equal(r1->inhabitants, 700);
    assert_int_equal(r0->new_beyond_45, 100);
    assert_int_equal(r0->n_pc4_new_beyond_45, 1);
    assert_int_equal(r0->pc4_new_beyond_45[0], 1000);
    assert_int_equal(r1->new_beyond_45, 0);
    /* beyond 45: before A3 only (R1, 400); after A0 (R0, 100) and A3 */
    assert_true(near(r0->inhabitants_beyond[1].before, 0) &&
                near(r0->inhabitants_beyond[1].after, 100));
    assert_true(near(r1->inhabitants_beyond[1].before, 400) &&
                near(r1->inhabitants_beyond[1].after, 400));
    /* minutes in bins of 10: before 10 (A0) and 15 (A1), after 50 and 35 */
    assert_true(near(r0->hist_before[0], 6) && near(r0->hist_before[1], 6));
    assert_true(near(r0->hist_after[4], 6) && near(r0->hist_after[3], 6));
    assert_true(near(r1->hist_before[0], 7) && near(r1->hist_before[4], 3)); /* 10, 46 */
    double sum = 0;
    for (int k = 0; k < ZL_ASSESS_HIST_BINS; k++)
        sum += nl->hist_after[k];
    assert_true(near(sum, 22));
    /* patients beyond 30 (R0): before none, after all 12 (50 and 35 minutes) */
    assert_true(near(r0->patients_beyond[0].before, 0) && near(r0->patients_beyond[0].after, 12));
    /* the nation equals the impact analysis's own headline (one definition) */
    const char *base;
    zl_impact_patients h = zl_impact_headline(a->impact, &base);
    assert_true(near(h.displaced, nl->displaced) && near(h.total, nl->total));
    assert_true(near(h.extra_minutes.mean, nl->extra_minutes.mean));
    fx_free(&f);
}

static void professionals_and_providers(void **state)
{
    fx f;
    fx_run(&f, false);
    const zl_assess *a = f.a;
    const zl_assess_location *la = loc(a, "a"), *lc = loc(a, "c");
    assert_int_equal(la->status, ZL_LOC_STOPS);
    assert_true(near(la->per_surgeon_before, 3) && isnan(la->per_surgeon_after));
    assert_true(la->below_surgeon_norm_before && !la->below_surgeon_norm_after);
    assert_true(near(lc->per_surgeon_before, 2.2) && near(lc->per_surgeon_after, 4.4));
    assert_true(lc->below_surgeon_norm_before && lc->below_surgeon_norm_after);
    assert_false(loc(a, "b")->below_surgeon_norm_before); /* 5 per surgeon: meets 5 */
    assert_true(la->services_threatened && !loc(a, "b")->services_threatened);
    assert_true(near(la->group_share_lost, 0.2));
    assert_true(isnan(loc(a, "b")->group_share_lost)); /* no group volume */
    assert_true(near(la->revenue_change, -6000) && near(lc->revenue_change, 11000));
    const zl_assess_professionals *p0 = &a->regions[0].professionals;
    const zl_assess_professionals *p1 = &a->regions[1].professionals;
    assert_true(p0->known && p0->surgeons == 3 && p0->surgeons_stopping == 3);
    assert_true(near(p0->per_surgeon_before, 11.0 / 3) && isnan(p0->per_surgeon_after));
    assert_true(p0->below_norm_before == 1 && p0->below_norm_after == 0);
    assert_true(p1->surgeons == 5 && p1->surgeons_stopping == 0 && p1->below_norm_after == 1);
    const zl_assess_providers *v0 = &a->regions[0].providers, *v1 = &a->regions[1].providers;
    assert_true(near(v0->volume_lost, 11) && v0->stopping == 2 && v0->services_threatened == 1);
    assert_true(near(v0->revenue_lost, 11000) && near(v0->volume_gained, 0));
    assert_true(near(v1->volume_gained, 11) && v1->receiving == 1 &&
                near(v1->revenue_gained, 11000));
    assert_int_equal(a->national.providers.over_capacity, 0);
    fx_free(&f);
}

static void networks_and_verdicts(void **state)
{
    fx f;
    fx_run(&f, false);
    const zl_assess *a = f.a;
    const zl_assess_networks *n0 = &a->regions[0].networks, *n1 = &a->regions[1].networks;
    assert_true(n0->known && near(n0->patients_crossing, 12));
    assert_true(n0->networks == 1 && n0->networks_without == 1);
    assert_true(near(n1->patients_crossing, 0) && n1->networks == 1 && n1->networks_without == 0);
    assert_true(a->n_networks == 2 && a->networks[0].locations_before == 2 &&
                a->networks[0].locations_after == 0 && near(a->networks[0].patients_out, 12) &&
                near(a->networks[1].patients_in, 12));
    /* default thresholds: R0 breaks new inhabitants beyond 45, mean extra minutes and the
     * networks; R1 is acceptable */
    const zl_assess_region *r0 = &a->regions[0];
    assert_false(r0->acceptable);
    assert_int_equal(r0->n_breaches, 3);
    assert_int_equal(r0->breaches[0].key, ZL_TH_NEW_BEYOND_45);
    assert_true(near(r0->breaches[0].value, 100) && near(r0->breaches[0].max, 0));
    assert_int_equal(r0->breaches[1].key, ZL_TH_MEAN_EXTRA_MINUTES);
    assert_int_equal(r0->breaches[2].key, ZL_TH_NETWORKS_WITHOUT);
    assert_true(a->regions[1].acceptable);
    assert_false(r0->mitigation.searched);
    assert_true(a->synthetic);
    /* the JSON carries the same numbers and the label */
    json_t *doc = zl_assess_to_json(a);
    assert_string_equal(json_string_value(json_object_get(doc, "label")), "synthetic");
    json_t *jr0 = json_array_get(json_object_get(doc, "regions"), 0);
    assert_string_equal(json_string_value(json_object_get(jr0, "verdict")), "mitigation needed");
    json_t *jp = json_object_get(jr0, "patients");
    assert_int_equal(json_integer_value(json_object_get(jp, "new_inhabitants_beyond_45")), 100);
    assert_int_equal(json_integer_value(json_object_get(jp, "displaced")), 12);
    json_decref(doc);
    fx_free(&f);
}

/* Keeping a alone leaves A1 20 minutes further (mean 20 > 15); keeping b alone sends A0's
 * 6 patients 10 minutes further and nobody beyond 45: acceptable. The search finds {b}. */
static void mitigation_finds_the_one_location(void **state)
{
    fx f;
    fx_run(&f, true);
    const zl_assess_mitigation *m = &f.a->regions[0].mitigation;
    assert_true(m->searched && m->found);
    assert_int_equal(m->n_candidates, 2);
    assert_int_equal(m->n_keep, 1);
    assert_string_equal(f.c->locations[m->keep[0]].id, "b");
    assert_int_equal(m->evaluated, 3); /* all candidates, {a}, {b} */
    assert_false(f.a->regions[1].mitigation.searched);
    /* the suggestion holds: assessing with b kept makes R0 acceptable */
    const char *keep[] = {"b"};
    zl_assess_opts o = {.norm = 8, .rule = ZL_ALLOC_NEAREST, .keep = keep, .n_keep = 1};
    zl_assess *b = NULL;
    zl_err err = {0};
    assert_int_equal(zl_assess_run(f.c, f.in, &o, &b, &err), ZL_OK);
    assert_true(b->regions[0].acceptable);
    assert_true(loc(b, "b")->kept);
    zl_assess_free(b);
    fx_free(&f);
}

static json_t *loc_json(json_t *doc, const char *id)
{
    json_t *locs = json_object_get(doc, "locations");
    for (size_t i = 0; i < json_array_size(locs); i++)
        if (strcmp(json_string_value(json_object_get(json_array_get(locs, i), "id")), id) == 0)
            return json_array_get(locs, i);
    fail_msg("no location %s in the JSON", id);
    return NULL;
}

static bool tens(const json_t *v)
{
    return json_is_number(v) && fmod(json_number_value(v), 10) == 0;
}

/* Published counts: 1-9 null (a 6, b 5, R0's 3.0 displaced aged 75+), the rest multiples of
 * 10 (c 11 and 22, R0's 12 displaced), derived figures from the published volumes. */
static void published_counts(void **state)
{
    fx f;
    fx_run(&f, false);
    zl_disclosure d = {{7, 1, 2, 3}};
    assert_null(zl_assess_to_json_ex(f.a, ZL_REPORT_PUBLIC, NULL));
    json_t *exact = zl_assess_to_json_ex(f.a, 0, NULL);
    assert_true(json_is_false(json_object_get(exact, "small_counts_suppressed")));
    json_decref(exact);
    json_t *doc = zl_assess_to_json_ex(f.a, ZL_REPORT_PUBLIC, &d);
    assert_true(json_is_true(json_object_get(doc, "small_counts_suppressed")));
    json_t *a = loc_json(doc, "a"), *c = loc_json(doc, "c");
    assert_true(json_is_null(json_object_get(a, "volume_before")));
    assert_true(json_is_null(json_object_get(loc_json(doc, "b"), "volume_before")));
    assert_true(json_is_null(json_object_get(a, "revenue_change")));
    json_t *cb = json_object_get(c, "volume_before"), *ca = json_object_get(c, "volume_after");
    assert_true(tens(cb) && tens(ca));
    assert_true(json_number_value(json_object_get(c, "revenue_change")) ==
                (json_number_value(ca) - json_number_value(cb)) * 1000);
    assert_true(fabs(json_number_value(json_object_get(c, "per_surgeon_after")) -
                     round(json_number_value(ca) / 5 * 10) / 10) < 1e-9);
    json_t *r0 = json_object_get(json_array_get(json_object_get(doc, "regions"), 0), "patients");
    json_t *disp = json_object_get(r0, "displaced");
    assert_true(tens(disp) && json_number_value(disp) > 0);
    assert_true(json_equal(json_object_get(json_object_get(r0, "extra_minutes"), "n"), disp));
    assert_true(json_is_number(json_object_get(json_object_get(r0, "extra_minutes"), "mean")));
    assert_true(json_is_null(json_object_get(json_object_get(r0, "displaced_by_age"), "75+")));
    assert_int_equal(json_integer_value(json_object_get(r0, "new_inhabitants_beyond_45")), 100);
    json_t *v0 = json_object_get(json_array_get(json_object_get(doc, "regions"), 0), "providers");
    assert_true(tens(json_object_get(v0, "volume_lost")));
    assert_true(tens(
        json_object_get(json_object_get(json_object_get(doc, "national"), "patients"), "total")));
    json_decref(doc);
    /* a broken threshold on displaced patients aged 75+ shows the published count (3: null) */
    zl_assess_thresholds t;
    zl_assess_thresholds_default(&t);
    t.enabled[ZL_TH_DISPLACED_75PLUS] = true;
    zl_assess_opts o = {.norm = 8, .rule = ZL_ALLOC_NEAREST, .thresholds = &t};
    zl_assess *b = NULL;
    zl_err err = {0};
    assert_int_equal(zl_assess_run(f.c, f.in, &o, &b, &err), ZL_OK);
    doc = zl_assess_to_json_ex(b, ZL_REPORT_PUBLIC, &d);
    json_t *br = json_object_get(json_array_get(json_object_get(doc, "regions"), 0), "breaches");
    json_t *last = json_array_get(br, json_array_size(br) - 1);
    assert_string_equal(json_string_value(json_object_get(last, "threshold")), "displaced_75plus");
    assert_true(json_is_null(json_object_get(last, "value")));
    json_decref(doc);
    zl_assess_free(b);
    fx_free(&f);
}

static void thresholds_file(void **state)
{
    zl_assess_thresholds def, file;
    zl_err err = {0};
    zl_assess_thresholds_default(&def);
    assert_int_equal(
        zl_assess_thresholds_load(ZL_SOURCE_DIR "/data/assess/thresholds.conf", &file, &err),
        ZL_OK);
    assert_memory_equal(def.enabled, file.enabled, sizeof def.enabled);
    assert_memory_equal(def.max, file.max, sizeof def.max);
    assert_int_equal(zl_assess_thresholds_parse("t.conf",
                                                "# c\n\nmean_extra_minutes = 7.5 # x\n"
                                                "services_threatened=0\nover_capacity = off\n",
                                                &file, &err),
                     ZL_OK);
    assert_true(file.enabled[ZL_TH_MEAN_EXTRA_MINUTES] &&
                file.max[ZL_TH_MEAN_EXTRA_MINUTES] == 7.5);
    assert_true(file.enabled[ZL_TH_SERVICES_THREATENED] && !file.enabled[ZL_TH_OVER_CAPACITY]);
    assert_true(file.enabled[ZL_TH_NEW_BEYOND_45]); /* default kept */
    assert_int_equal(zl_assess_thresholds_parse(
                         "t.conf", "mean_extra_minutes = 5\nmax_travel = 3\n", &file, &err),
                     ZL_EINPUT);
    assert_contains(err.msg, "t.conf:2: unknown key 'max_travel'");
    assert_int_equal(zl_assess_thresholds_parse("t.conf", "over_capacity = -1\n", &file, &err),
                     ZL_EINPUT);
    assert_contains(err.msg, "t.conf:1: key 'over_capacity': expected a number >= 0 or off");
    assert_int_equal(
        zl_assess_thresholds_parse("t.conf", "over_capacity = 1\nover_capacity = 2\n", &file, &err),
        ZL_EINPUT);
    assert_contains(err.msg, "t.conf:2: key 'over_capacity' given twice");
    assert_int_equal(zl_assess_thresholds_parse("t.conf", "just text\n", &file, &err), ZL_EINPUT);
    assert_contains(err.msg, "t.conf:1: expected `key = value`");
    /* a stricter threshold turns R1 (2.2 -> 4.4 per surgeon at c) into mitigation needed */
    fx f = {0};
    f.c = fixture_case(true);
    f.in = fixture_inputs(f.c);
    assert_int_equal(zl_assess_thresholds_parse("t.conf", "below_surgeon_norm = 0\n", &file, &err),
                     ZL_OK);
    zl_assess_opts o = {.norm = 8, .rule = ZL_ALLOC_NEAREST, .thresholds = &file};
    assert_int_equal(zl_assess_run(f.c, f.in, &o, &f.a, &err), ZL_OK);
    assert_false(f.a->regions[1].acceptable);
    assert_int_equal(f.a->regions[1].breaches[0].key, ZL_TH_BELOW_SURGEON_NORM);
    fx_free(&f);
}

/* --- importers ------------------------------------------------------------------------ */

#define FIX ZL_FIXTURES "/landscape/"

static zl_store *landscape(char **path)
{
    static const char *const order[][2] = {{"areas", FIX "areas.csv"},
                                           {"area-ages", FIX "area_ages.csv"},
                                           {"locations", FIX "locations.csv"},
                                           {"regions", FIX "regions.csv"},
                                           {"interventions", FIX "interventions.csv"}};
    zl_store *s = tu_store_new(path);
    zl_err err = {0};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        if (zl_import_file(s, order[i][0], order[i][1], NULL, &err) != ZL_OK)
            fail_msg("%s: %s", order[i][0], err.msg);
    return s;
}

static const char *const tables[] = {"staff",          "surgeon_norm", "provider",
                                     "provider_group", "tariff",       "region"};
#define N_TABLES (sizeof tables / sizeof tables[0])

static void counts(zl_store *s, int64_t *out)
{
    zl_err err = {0};
    for (size_t i = 0; i < N_TABLES; i++)
        assert_int_equal(zl_store_count_rows(s, tables[i], &out[i], &err), ZL_OK);
}

static void import_ok(zl_store *s, const char *kind, const char *text, int64_t rows)
{
    char *file = tu_write_temp(".csv", text);
    zl_import_result r;
    zl_err err = {0};
    if (zl_import_file(s, kind, file, &r, &err) != ZL_OK)
        fail_msg("%s: %s", kind, err.msg);
    assert_int_equal(r.rows, rows);
    assert_true(r.synthetic);
    unlink(file);
    free(file);
}

static void expect_bad(zl_store *s, const char *kind, const char *text, const char *msg)
{
    int64_t before[N_TABLES], after[N_TABLES];
    counts(s, before);
    char *file = tu_write_temp(".csv", text);
    zl_err err = {0};
    assert_int_equal(zl_import_file(s, kind, file, NULL, &err), ZL_EINPUT);
    assert_contains(err.msg, msg);
    assert_contains(err.msg, file);
    counts(s, after);
    assert_memory_equal(before, after, sizeof before);
    unlink(file);
    free(file);
}

static void importers(void **state)
{
    char *path;
    zl_store *s = landscape(&path);
    import_ok(s, "staff",
              "location_id,intervention,surgeons,surgeon_norm,synthetic\n"
              "L_AMS,LUNG,4,20,1\nL_UTR,LUNG,2,20,1\nL_AMS,PANC,3,,1\n",
              3);
    import_ok(s, "providers",
              "location_id,group,group_volume,services,synthetic\n"
              "L_AMS,oncology,300,seh_24h;icu,1\nL_UTR,oncology,120,,1\n",
              2);
    import_ok(s, "tariffs", "intervention,tariff,source,synthetic\nLUNG,15000,illustrative,1\n", 1);
    import_ok(s, "regions", "layer,code,name,pc4,location_id,synthetic\nnet,N1,Net one,,L_AMS,1\n",
              1);
    int64_t n[N_TABLES];
    counts(s, n);
    const int64_t want[N_TABLES] = {3, 1, 2, 2, 1, 6};
    assert_memory_equal(n, want, sizeof want);
    /* staff for a location that does not exist: file, line, column; nothing written */
    expect_bad(s, "staff", "location_id,intervention,surgeons\nL_AMS,LUNG,5\nL_NOPE,LUNG,2\n",
               ":3: column 'location_id': unknown location 'L_NOPE'");
    expect_bad(s, "staff",
               "location_id,intervention,surgeons,surgeon_norm\n"
               "L_AMS,LUNG,5,20\nL_UTR,LUNG,2,30\n",
               ":3: column 'surgeon_norm': per-surgeon norm 30 of LUNG differs from 20 on line 2");
    expect_bad(s, "staff", "location_id,intervention,surgeons\nL_AMS,LUNG,-1\n",
               ":2: column 'surgeons'");
    expect_bad(s, "providers", "location_id,group,group_volume,services\nL_AMS,onc,3,icu;spa\n",
               ":2: column 'services': unknown service 'spa'");
    expect_bad(s, "tariffs", "intervention,tariff\nNOPE,3\n",
               ":2: column 'intervention': unknown intervention 'NOPE'");
    zl_store_close(s);
    tu_remove_db(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(patients_per_region),
        cmocka_unit_test(professionals_and_providers),
        cmocka_unit_test(networks_and_verdicts),
        cmocka_unit_test(mitigation_finds_the_one_location),
        cmocka_unit_test(published_counts),
        cmocka_unit_test(thresholds_file),
        cmocka_unit_test(importers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
