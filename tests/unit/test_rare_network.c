/* ECZA networks and shared care (issue 16) on a fixture: a network with a coordinating
 * centre, two member centres and three shared-care partners; bad input (a partner that is
 * not a location, an unknown centre, overlapping agreements) fails with file, line and
 * column and leaves the database unchanged. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store_internal.h"
#include "testutil.h"
#include "zorglandschap/rare.h"
#include "zorglandschap/rare_atlas.h"
#include "zorglandschap/rare_finder.h"
#include "zorglandschap/rare_network.h"
#include "zorglandschap/store_rare.h"
#include "zorglandschap/store_rare_network.h"
#include "zorglandschap/util.h"

#define FIX(name) ZL_FIXTURES "/rare/" name

typedef struct fx {
    zl_store *s;
    char *path;
} fx;

static void import_ok(zl_store *s, const char *kind, const char *file)
{
    zl_err err = {0};
    if (zl_rare_import(s, kind, file, NULL, &err) != ZL_OK)
        fail_msg("import %s %s: %s", kind, file, err.msg);
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->s = tu_store_new(&f->path);
    zl_err err = {0};
    char *sql = NULL;
    size_t n;
    assert_int_equal(zl_read_file(FIX("network.sql"), &sql, &n, &err), ZL_OK);
    assert_int_equal(zl_store_exec(f->s, sql, &err), ZL_OK);
    free(sql);
    import_ok(f->s, "ordo", FIX("ordo_mini.json"));
    import_ok(f->s, "ern", FIX("ern_mini.csv"));
    import_ok(f->s, "ecza", FIX("ecza_network.csv"));
    *state = f;
    return 0;
}

static int setup_network(void **state)
{
    setup(state);
    fx *f = *state;
    import_ok(f->s, "networks", FIX("networks_ok.csv"));
    import_ok(f->s, "shared-care", FIX("shared_care_ok.csv"));
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    zl_store_close(f->s);
    tu_remove_db(f->path);
    free(f);
    return 0;
}

static const char *str(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

static void network_with_partners(void **state)
{
    fx *f = *state;
    zl_err err = {0};
    int64_t c[7];
    assert_int_equal(zl_rare_network_counts(f->s, c, &err), ZL_OK);
    assert_int_equal(c[0], 1); /* networks */
    assert_int_equal(c[1], 1); /* codes */
    assert_int_equal(c[2], 3); /* coordinating + two members */
    assert_int_equal(c[3], 4); /* three partners, one with two codes */
    json_t *doc;
    assert_int_equal(zl_rare_networks_json(f->s, NULL, "2024-06-01", &doc, &err), ZL_OK);
    assert_int_equal(json_integer_value(json_object_get(doc, "count")), 1);
    assert_true(json_is_true(json_object_get(doc, "synthetic")));
    json_t *n = json_array_get(json_object_get(doc, "networks"), 0);
    assert_string_equal(str(n, "coordinator"), "N-UTR");
    assert_string_equal(str(n, "ern"), "ERN-LUNG");
    assert_int_equal(json_array_size(json_object_get(n, "patient_organisations")), 2);
    json_t *centres = json_object_get(n, "centres");
    assert_int_equal(json_array_size(centres), 3);
    assert_string_equal(str(json_array_get(centres, 0), "role"), "coordinating");
    assert_string_equal(str(json_array_get(centres, 0), "centre_id"), "N-UTR");
    assert_string_equal(str(json_array_get(centres, 1), "role"), "member");
    /* the partners' agreements for the network's code (ORPHA:101944): only Heerlen's
     * names the group itself; agreements for CF (a disease in the group) count too */
    json_t *partners = json_object_get(n, "partners");
    assert_int_equal(json_array_size(partners), 3);
    json_decref(doc);
    /* on a date after Heerlen's agreement ended, two partners remain */
    assert_int_equal(zl_rare_networks_json(f->s, "NET-CF", "2026-07-01", &doc, &err), ZL_OK);
    n = json_array_get(json_object_get(doc, "networks"), 0);
    assert_int_equal(json_array_size(json_object_get(n, "partners")), 2);
    json_decref(doc);
    assert_int_equal(zl_rare_networks_json(f->s, "NET-XX", "2026-07-01", &doc, &err), ZL_ENOTFOUND);
    /* importing the same files again changes nothing */
    import_ok(f->s, "networks", FIX("networks_ok.csv"));
    import_ok(f->s, "shared-care", FIX("shared_care_ok.csv"));
    int64_t again[7];
    assert_int_equal(zl_rare_network_counts(f->s, again, &err), ZL_OK);
    assert_memory_equal(c, again, sizeof c);
}

/* An import that must fail with a message containing each of want[], leaving every
 * table as it was. */
static void import_fails(zl_store *s, const char *kind, const char *file, const char *const *want)
{
    zl_err err = {0};
    int64_t before[7], after[7], rb[7], ra[7];
    assert_int_equal(zl_rare_network_counts(s, before, &err), ZL_OK);
    assert_int_equal(zl_rare_counts(s, rb, &err), ZL_OK);
    assert_int_equal(zl_rare_import(s, kind, file, NULL, &err), ZL_EINPUT);
    for (size_t i = 0; want[i]; i++)
        assert_contains(err.msg, want[i]);
    assert_int_equal(zl_rare_network_counts(s, after, &err), ZL_OK);
    assert_int_equal(zl_rare_counts(s, ra, &err), ZL_OK);
    assert_memory_equal(before, after, sizeof before);
    assert_memory_equal(rb, ra, sizeof rb);
}

static void bad_input(void **state)
{
    fx *f = *state;
    import_fails(f->s, "shared-care", FIX("shared_care_not_location.csv"),
                 (const char *const[]){"shared_care_not_location.csv:3", "partner_location_id",
                                       "'999999' is not a location", NULL});
    import_fails(
        f->s, "networks", FIX("networks_unknown_centre.csv"),
        (const char *const[]){"networks_unknown_centre.csv:2", "member_centres", "'N-XXX'", NULL});
    import_fails(
        f->s, "shared-care", FIX("shared_care_overlap.csv"),
        (const char *const[]){"shared_care_overlap.csv:3", "valid_from", "overlaps", NULL});
    char *bad = tu_write_temp(".csv", "network_id,name,orpha,coordinating_centre,member_centres,"
                                      "ern\nN1,x,ORPHA:999999,N-UTR,,ERN-LUNG\n");
    import_fails(f->s, "networks", bad,
                 (const char *const[]){":2", "orpha", "does not exist", NULL});
    unlink(bad);
    free(bad);
}

static int setup_cycle(void **state)
{
    setup_network(state);
    fx *f = *state;
    import_ok(f->s, "recognitions", FIX("recognitions_ok.csv"));
    import_ok(f->s, "assessments", FIX("assessments_ok.csv"));
    return 0;
}

static json_t *due(zl_store *s, const char *date, int months)
{
    zl_err err = {0};
    json_t *doc = NULL;
    assert_int_equal(zl_rare_recognitions_due_json(s, date, months, &doc, &err), ZL_OK);
    return doc;
}

static void due_around_term_ends(void **state)
{
    fx *f = *state;
    /* N-UTR's term ends 2026-12-31 but its renewal is recognised from 2027-01-01: never
     * due. N-LEI's ends 2027-12-31: due from 2026-12-31 (12 months ahead), not a day
     * earlier. N-MAA has an objection pending: not a recognised term. */
    json_t *d = due(f->s, "2026-12-30", 12);
    assert_int_equal(json_integer_value(json_object_get(d, "count")), 0);
    assert_string_equal(str(d, "until"), "2027-12-30");
    json_decref(d);
    d = due(f->s, "2026-12-31", 12);
    assert_int_equal(json_integer_value(json_object_get(d, "count")), 1);
    json_t *r = json_array_get(json_object_get(d, "due"), 0);
    assert_string_equal(str(r, "centre_id"), "N-LEI");
    assert_int_equal(json_integer_value(json_object_get(r, "days_left")), 365);
    assert_true(json_is_null(json_object_get(r, "renewal")));
    json_decref(d);
    d = due(f->s, "2027-12-31", 1); /* the last day of the term is still due */
    assert_int_equal(json_integer_value(json_object_get(d, "count")), 1);
    json_decref(d);
    d = due(f->s, "2028-01-01", 12); /* the day after: expired, no longer due */
    assert_int_equal(json_integer_value(json_object_get(d, "count")), 0);
    json_decref(d);
    /* a renewal application made during the term is reported */
    d = due(f->s, "2026-03-01", 12);
    assert_int_equal(json_integer_value(json_object_get(d, "count")), 0); /* renewed */
    json_decref(d);
}

static void states_on_dates(void **state)
{
    (void)state;
    const char *app = "2026-02-01", *dec = "2026-09-01", *from = "2027-01-01", *to = "2031-12-31";
    assert_string_equal(zl_rare_recognition_state("recognised", app, dec, from, to, "2026-01-31"),
                        "not applied yet");
    assert_string_equal(zl_rare_recognition_state("recognised", app, dec, from, to, "2026-08-31"),
                        "applied");
    assert_string_equal(zl_rare_recognition_state("recognised", app, dec, from, to, "2026-09-01"),
                        "awaiting its term");
    assert_string_equal(zl_rare_recognition_state("recognised", app, dec, from, to, "2027-01-01"),
                        "recognised");
    assert_string_equal(zl_rare_recognition_state("recognised", app, dec, from, to, "2031-12-31"),
                        "recognised");
    assert_string_equal(zl_rare_recognition_state("recognised", app, dec, from, to, "2032-01-01"),
                        "expired");
    assert_string_equal(zl_rare_recognition_state("objection pending", NULL, NULL, "2021-07-01",
                                                  "2026-06-30", "2026-06-30"),
                        "objection pending");
    assert_string_equal(zl_rare_recognition_state("objection pending", NULL, NULL, "2021-07-01",
                                                  "2026-06-30", "2026-07-01"),
                        "expired");
    assert_string_equal(zl_rare_recognition_state("withdrawn", "2022-05-01", "2022-08-01", NULL,
                                                  NULL, "2022-07-31"),
                        "applied");
    assert_string_equal(zl_rare_recognition_state("withdrawn", "2022-05-01", "2022-08-01", NULL,
                                                  NULL, "2022-08-01"),
                        "withdrawn");
    assert_string_equal(zl_rare_recognition_state("withdrawn", NULL, NULL, "2017-01-01",
                                                  "2019-06-30", "2019-07-01"),
                        "withdrawn");
    char out[11];
    zl_date_add_months("2024-01-31", 1, out);
    assert_string_equal(out, "2024-02-29");
    zl_date_add_months("2026-12-31", 12, out);
    assert_string_equal(out, "2027-12-31");
}

/* The register (zl rare list) comes from the records: the renewal recognised by the
 * recognitions import is listed from its first day; an objection pending is not. */
static void register_from_records(void **state)
{
    fx *f = *state;
    zl_err err = {0};
    const struct {
        const char *date;
        int count;
    } want[] = {{"2020-01-01", 2}, /* N-UTR (now expired) and N-MAA in their earlier terms */
                {"2024-01-01", 2}, /* N-UTR, N-LEI; N-MAA's objection pending is not listed */
                {"2026-12-31", 2},
                {"2027-01-01", 2}, /* N-UTR's renewal from the recognitions import */
                {"2028-01-01", 1}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        json_t *reg;
        assert_int_equal(zl_rare_register_json(f->s, want[i].date, &reg, &err), ZL_OK);
        if (json_integer_value(json_object_get(reg, "count")) != want[i].count)
            fail_msg("register on %s: %lld, expected %d", want[i].date,
                     (long long)json_integer_value(json_object_get(reg, "count")), want[i].count);
        json_decref(reg);
    }
    json_t *h;
    assert_int_equal(zl_rare_centre_history_json(f->s, "N-UTR", "2026-10-01", &h, &err), ZL_OK);
    json_t *recs = json_object_get(h, "records");
    assert_int_equal(json_array_size(recs), 3);
    json_t *last = json_array_get(recs, 2);
    assert_string_equal(str(last, "id"), "APP-UTR-2027");
    assert_string_equal(str(last, "state"), "awaiting its term");
    assert_int_equal(json_array_size(json_object_get(last, "assessments")), 2);
    assert_string_equal(str(json_array_get(recs, 1), "state"), "recognised");
    json_decref(h);
    assert_int_equal(zl_rare_centre_history_json(f->s, "N-XX", "2026-10-01", &h, &err),
                     ZL_ENOTFOUND);
}

static void cycle_bad_input(void **state)
{
    fx *f = *state;
    import_fails(f->s, "recognitions", FIX("recognitions_overlap.csv"),
                 (const char *const[]){"recognitions_overlap.csv:2", "recognised_from",
                                       "overlaps the term of N-UTR/586/2022-01-01", NULL});
    import_fails(f->s, "recognitions", FIX("recognitions_long.csv"),
                 (const char *const[]){"recognitions_long.csv:2", "recognised_to",
                                       "at most five years", NULL});
    import_fails(f->s, "assessments", FIX("assessments_unknown.csv"),
                 (const char *const[]){"assessments_unknown.csv:3", "criterion",
                                       "unknown criterion 'charisma'", NULL});
}

static void pathway_completeness(void **state)
{
    fx *f = *state;
    zl_err err = {0};
    /* the score: in place 1, partly 0.5, absent or missing 0, of ten items */
    const char *all[10] = {"in place", "in place", "in place", "in place", "in place",
                           "in place", "in place", "in place", "in place", "in place"};
    assert_true(zl_rare_pathway_score(all) == 100.0);
    const char *mixed[10] = {"in place", "partly", "absent", NULL, "partly"};
    assert_true(zl_rare_pathway_score(mixed) == 20.0);
    const char *none[10] = {0};
    assert_true(zl_rare_pathway_score(none) == 0.0);
    /* before the import the network's only code has no checklist: score 0, ten gaps */
    json_t *doc;
    assert_int_equal(zl_rare_pathway_json(f->s, "NET-CF", &doc, &err), ZL_OK);
    json_t *p = json_array_get(json_object_get(doc, "pathways"), 0);
    assert_true(json_number_value(json_object_get(p, "score")) == 0.0);
    assert_int_equal(json_array_size(json_object_get(p, "gaps")), 10);
    json_decref(doc);
    import_ok(f->s, "pathways", FIX("pathways_ok.csv"));
    /* asked for a disease in the group: the group's checklist */
    assert_int_equal(zl_rare_pathway_json(f->s, "ORPHA:586", &doc, &err), ZL_OK);
    p = json_array_get(json_object_get(doc, "pathways"), 0);
    assert_string_equal(str(p, "code"), "ORPHA:101944");
    assert_true(json_number_value(json_object_get(p, "score")) == 25.0);
    json_t *gaps = json_object_get(p, "gaps");
    assert_int_equal(json_array_size(gaps), 8);
    assert_string_equal(str(json_array_get(gaps, 0), "item"), "multidisciplinary_team");
    assert_string_equal(str(json_array_get(gaps, 0), "state"), "partly");
    assert_string_equal(str(json_array_get(gaps, 1), "state"), "absent");
    assert_string_equal(str(json_array_get(gaps, 2), "state"), "not recorded");
    json_decref(doc);
    assert_int_equal(zl_rare_networks_json(f->s, "NET-CF", "2025-01-01", &doc, &err), ZL_OK);
    p = json_object_get(json_array_get(json_object_get(doc, "networks"), 0), "pathway");
    assert_true(json_number_value(json_object_get(p, "score")) == 25.0);
    json_decref(doc);
    assert_int_equal(zl_rare_pathway_json(f->s, "ORPHA:558", &doc, &err), ZL_ENOTFOUND);
    import_fails(f->s, "pathways", FIX("pathways_bad_item.csv"),
                 (const char *const[]){"pathways_bad_item.csv:3", "item",
                                       "unknown checklist item 'aftercare'", NULL});
    char *bad = tu_write_temp(".csv", "network_id,orpha,item,state,assessed_on\n"
                                      "NET-CF,ORPHA:558,diagnosis,in place,2025-01-01\n");
    import_fails(f->s, "pathways", bad,
                 (const char *const[]){":2", "orpha", "does not cover ORPHA:558", NULL});
    unlink(bad);
    free(bad);
}

/* The finder's answer for CF from PC4 3511 on 2024-06-01: the centres, the network found
 * through the group the network covers, and the nearest partner by car minutes
 * (Nieuwegein, 17 min) rather than the nearest on the map (Zeist, 22 min). */
static void finder_nearest_partner(void **state)
{
    fx *f = *state;
    zl_err err = {0};
    zl_finder *fi = NULL;
    zl_rare_atlas *a = NULL;
    assert_int_equal(zl_finder_build(f->s, &fi, &err), ZL_OK);
    assert_int_equal(zl_rare_atlas_build(f->s, &a, &err), ZL_OK);
    zl_rare_find_opts o = {NULL, 5, "2024-06-01", 3511};
    json_t *res;
    assert_int_equal(zl_rare_find_json_opts(f->s, fi, a, "cystic fibrosis", &o, &res, &err), ZL_OK);
    json_t *h = json_array_get(json_object_get(res, "hits"), 0);
    assert_int_equal(json_integer_value(json_object_get(h, "orpha")), 586);
    json_t *nets = json_object_get(h, "networks");
    assert_int_equal(json_array_size(nets), 1);
    assert_string_equal(str(json_array_get(nets, 0), "id"), "NET-CF");
    assert_string_equal(str(json_array_get(nets, 0), "ern"), "ERN-LUNG");
    json_t *sc = json_object_get(h, "shared_care");
    assert_int_equal(json_array_size(sc), 3);
    assert_string_equal(str(json_array_get(sc, 0), "location_id"), "105801");
    json_t *np = json_object_get(h, "nearest_partner"), *nc = json_object_get(h, "nearest_centre");
    assert_string_equal(str(np, "location_id"), "105801");
    assert_true(json_number_value(json_object_get(np, "minutes")) == 17.0);
    assert_string_equal(str(nc, "centre_id"), "N-UTR");
    assert_true(json_number_value(json_object_get(nc, "minutes")) == 14.0);
    assert_true(json_is_true(json_object_get(res, "synthetic_centres")));
    json_decref(res);
    /* from Maastricht: the objection pending there leaves Utrecht the nearest centre,
     * and Heerlen (21 min) the nearest partner until its agreement ends */
    o.postcode = 6211;
    assert_int_equal(zl_rare_find_json_opts(f->s, fi, a, "ORPHA:586", &o, &res, &err), ZL_OK);
    h = json_array_get(json_object_get(res, "hits"), 0);
    assert_string_equal(str(json_object_get(h, "nearest_partner"), "location_id"), "100701");
    assert_string_equal(str(json_object_get(h, "nearest_centre"), "centre_id"), "N-UTR");
    json_decref(res);
    o.date = "2026-07-01";
    assert_int_equal(zl_rare_find_json_opts(f->s, fi, a, "ORPHA:586", &o, &res, &err), ZL_OK);
    h = json_array_get(json_object_get(res, "hits"), 0);
    assert_string_equal(str(json_object_get(h, "nearest_partner"), "location_id"), "105801");
    json_decref(res);
    /* without a postcode: partners, no minutes, no nearest */
    o.postcode = 0;
    assert_int_equal(zl_rare_find_json_opts(f->s, fi, a, "ORPHA:586", &o, &res, &err), ZL_OK);
    h = json_array_get(json_object_get(res, "hits"), 0);
    assert_null(json_object_get(h, "nearest_partner"));
    assert_null(json_object_get(json_array_get(json_object_get(h, "shared_care"), 0), "minutes"));
    json_decref(res);
    /* a postcode that is no area, and one without travel times */
    o.postcode = 9999;
    assert_int_equal(zl_rare_find_json_opts(f->s, fi, a, "ORPHA:586", &o, &res, &err), ZL_EINPUT);
    assert_contains(err.msg, "unknown postcode 9999");
    zl_finder_free(fi);
    zl_rare_atlas_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(network_with_partners, setup_network, teardown),
        cmocka_unit_test_setup_teardown(bad_input, setup_network, teardown),
        cmocka_unit_test_setup_teardown(due_around_term_ends, setup_cycle, teardown),
        cmocka_unit_test(states_on_dates),
        cmocka_unit_test_setup_teardown(register_from_records, setup_cycle, teardown),
        cmocka_unit_test_setup_teardown(cycle_bad_input, setup_cycle, teardown),
        cmocka_unit_test_setup_teardown(pathway_completeness, setup_network, teardown),
        cmocka_unit_test_setup_teardown(finder_nearest_partner, setup_network, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
