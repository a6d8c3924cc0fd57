/* Registry: import validation (every kind of bad row), atomic and idempotent submissions,
 * deduplication across hospitals, roll-up through several parents, suppression of count
 * tables per viewer, expected patients and the VSOP/contact report on a small fixture. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "zorglandschap/registry.h"

#define FIX ZL_FIXTURES "/registry/"

typedef tu_store_fixture fixture;

static int setup(void **state)
{
    *state = tu_store_fixture_new(FIX "reference.sql");
    return 0;
}

static int teardown(void **state)
{
    tu_store_fixture_free(*state);
    return 0;
}

static void import_ok(zl_store *s, const char *file, zl_registry_import_result *r)
{
    zl_err err = {0};
    if (zl_registry_import(s, file, false, r, &err) != ZL_OK)
        fail_msg("%s", err.msg);
}

/* Imports file and checks how many rows were accepted and rejected (one reject each). */
static void import_expect(zl_store *s, const char *file, zl_registry_import_result *r,
                          int64_t accepted, int64_t rejected)
{
    import_ok(s, file, r);
    assert_int_equal(r->accepted, accepted);
    assert_int_equal(r->rejected, rejected);
    assert_int_equal(r->nrejects, rejected);
}

static int64_t national(zl_store *s, int64_t code, bool rollup)
{
    zl_count_query q = {.code = code, .rollup = rollup, .viewer = {ZL_VIEWER_ADMIN, NULL}};
    zl_count_table t;
    zl_err err = {0};
    assert_int_equal(zl_registry_counts(s, &q, &t, &err), ZL_OK);
    int64_t n = t.n ? t.rows[0].patients : 0;
    zl_count_table_free(&t);
    return n;
}

static void every_bad_row(void **state)
{
    fixture *f = *state;
    zl_registry_import_result r;
    import_expect(f->s, FIX "bad.csv", &r, 2, 13);
    assert_int_equal(r.rows, 15);
    const char *expect[] = {
        "bad.csv:3: column 'orpha': unknown ORPHAcode ORPHA:12345",
        "bad.csv:4: column 'diagnosis_date': bad date '2019-02-30'",
        "bad.csv:5: column 'pc4': invalid PC4 '123'",
        "bad.csv:6: column 'pc4': unknown PC4 5555",
        "bad.csv:7: column 'location_id': unknown location 'L_X'",
        "bad.csv:8: column 'pseudonym': malformed pseudonym",
        "bad.csv:9: duplicate: the same location, pseudonym and ORPHAcode as line 2",
        "bad.csv:10: column 'contact_date': date 2999-01-01 is in the future",
        "bad.csv:11: column 'sex': bad sex 'Q'",
        "bad.csv:12: column 'birth_year': bad year of birth '1850'",
        "bad.csv:13: column 'orpha': ORPHAcode ORPHA:999 is obsolete",
        "bad.csv:14: column 'diagnosis_date': date 1975-02-01 is before the year of birth",
        "bad.csv:15: expected 8 fields as in the header, found 3",
    };
    for (size_t i = 0; i < 13; i++) {
        assert_int_equal(r.rejects[i].line, (long)i + 3);
        assert_contains(r.rejects[i].reason, expect[i]);
    }
    zl_registry_import_result_free(&r);
    assert_int_equal(national(f->s, 200, false), 2);
}

/* file (3 rows) repeats line 2's key at line 4, with another row between: the two meet
 * in key order, line 4 is rejected and the national count is `patients`. */
static void expect_repeat_of_line_2(zl_store *s, const char *file, const char *name,
                                    int64_t patients)
{
    zl_registry_import_result r;
    char reason[200];
    import_expect(s, file, &r, 2, 1);
    assert_int_equal(r.rejects[0].line, 4);
    snprintf(reason, sizeof reason,
             "%s:4: duplicate: the same location, pseudonym and ORPHAcode as line 2", name);
    assert_contains(r.rejects[0].reason, reason);
    zl_registry_import_result_free(&r);
    assert_int_equal(national(s, 200, false), patients);
}

/* Between them another patient whose pseudonym differs only in the last bits of the sort
 * prefix (the radix sort's lowest digit). */
static void repeat_after_nearly_equal_prefix(void **state)
{
    fixture *f = *state;
    expect_repeat_of_line_2(f->s, FIX "prefix.csv", "prefix.csv", 2);
}

/* Between them the same patient and code at another location: the rows are sorted by the
 * whole key (code, pseudonym, location). */
static void repeat_after_other_location(void **state)
{
    fixture *f = *state;
    expect_repeat_of_line_2(f->s, FIX "interleaved.csv", "interleaved.csv", 1);
}

static void idempotent_resubmission(void **state)
{
    fixture *f = *state;
    zl_registry_import_result r;
    import_ok(f->s, FIX "good.csv", &r);
    assert_int_equal(r.inserted, 5);
    zl_registry_import_result_free(&r);
    int64_t before = zl_store_total_changes(f->s);
    import_ok(f->s, FIX "good.csv", &r);
    assert_int_equal(r.accepted, 5);
    assert_int_equal(r.inserted, 0);
    assert_int_equal(r.unchanged, 5);
    zl_registry_import_result_free(&r);
    /* Only the submission log changed (one insert, one update, the import log ignored). */
    assert_int_equal(zl_store_total_changes(f->s) - before, 2);
    /* A newer contact replaces the stored row; an older one changes nothing. */
    import_ok(f->s, FIX "newer.csv", &r);
    assert_int_equal(r.updated, 1);
    assert_int_equal(r.unchanged, 1);
    zl_registry_import_result_free(&r);
    /* A repeated row is a duplicate even when its first occurrence was unchanged. */
    import_ok(f->s, FIX "bad.csv", &r);
    assert_int_equal(r.unchanged, 1);
    assert_int_equal(r.rejected, 13);
    assert_contains(r.rejects[6].reason, "bad.csv:9: duplicate: the same location, pseudonym "
                                         "and ORPHAcode as line 2");
    zl_registry_import_result_free(&r);
    zl_err err = {0};
    json_t *subs = zl_registry_submissions_json(f->s, &err);
    assert_int_equal(json_array_size(subs), 4);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(subs, 1), "unchanged")), 5);
    json_decref(subs);
}

static void dedup_and_rollup(void **state)
{
    fixture *f = *state;
    zl_registry_import_result r;
    import_ok(f->s, FIX "good.csv", &r);
    zl_registry_import_result_free(&r);
    /* P1 is registered for 200 at two hospitals: one patient. */
    assert_int_equal(national(f->s, 200, false), 1);
    assert_int_equal(national(f->s, 300, false), 3);
    /* Group 100 holds 200 and 300: P1 (both codes), P2, P3 once each. */
    assert_int_equal(national(f->s, 100, true), 3);
    assert_int_equal(national(f->s, 101, true), 3);
    /* 300 reaches 50 through 100 and through 101; 200 through 100: still 3 patients. */
    assert_int_equal(national(f->s, 50, true), 3);
    assert_int_equal(national(f->s, 200, true), 1);
}

static void suppression_per_viewer(void **state)
{
    fixture *f = *state;
    zl_registry_import_result r;
    import_ok(f->s, FIX "good.csv", &r);
    zl_registry_import_result_free(&r);
    zl_err err = {0};
    zl_count_table t;
    /* Public: all counts are 1..9. */
    zl_count_query q = {.code = -1};
    assert_int_equal(zl_registry_counts(f->s, &q, &t, &err), ZL_OK);
    assert_int_equal(t.n, 2);
    assert_int_equal(t.rows[0].state, ZL_CELL_PRIMARY);
    json_t *j = zl_count_table_to_json(&t);
    json_t *row = json_array_get(json_object_get(j, "rows"), 0);
    assert_true(json_is_null(json_object_get(row, "patients")));
    assert_string_equal(json_string_value(json_object_get(row, "patients_display")), "<10");
    /* Expected for 200: midpoint 5/100 000 of 4 000 000 inhabitants = 200. */
    assert_true(fabs(json_real_value(json_object_get(row, "expected")) - 200.0) < 1e-6);
    assert_true(json_is_null(json_object_get(row, "completeness")));
    /* 300: the Dutch ValMoy 2.5 / 100 000 beats the worldwide birth prevalence. */
    assert_true(fabs(t.rows[1].expected - 100.0) < 1e-6);
    assert_string_equal(t.rows[1].prevalence_basis, "point prevalence");
    json_decref(j);
    zl_count_table_free(&t);
    /* A location sees its own counts exactly, the national ones suppressed. */
    q.location = "L_A";
    q.viewer = (zl_viewer){ZL_VIEWER_LOCATION, "L_A"};
    assert_int_equal(zl_registry_counts(f->s, &q, &t, &err), ZL_OK);
    assert_int_equal(t.n, 2);
    assert_int_equal(t.rows[1].patients, 2);
    assert_int_equal(t.rows[1].state, ZL_CELL_SHOWN);
    assert_int_equal(t.rows[1].national_state, ZL_CELL_PRIMARY);
    zl_count_table_free(&t);
    /* By location for 300: L_A's own cell visible to L_A; L_C's single hidden small cell
     * would follow from the others, so nothing else is exposed: all hidden are <10. */
    zl_count_query byloc = {
        .code = 300, .by = ZL_BY_LOCATION, .viewer = {ZL_VIEWER_LOCATION, "L_A"}};
    assert_int_equal(zl_registry_counts(f->s, &byloc, &t, &err), ZL_OK);
    assert_int_equal(t.n, 2);
    assert_true(t.has_total);
    assert_int_equal(t.total, 3);
    assert_int_equal(t.rows[0].state, ZL_CELL_SHOWN);
    assert_int_equal(t.rows[1].state, ZL_CELL_PRIMARY);
    zl_count_table_free(&t);
    /* By region and by age (admin: exact). */
    zl_count_query reg = {
        .code = 300, .by = ZL_BY_REGION, .layer = "province", .viewer = {ZL_VIEWER_ADMIN, NULL}};
    assert_int_equal(zl_registry_counts(f->s, &reg, &t, &err), ZL_OK);
    assert_int_equal(t.n, 3); /* NH, UT, unknown */
    assert_int_equal(t.rows[0].patients + t.rows[1].patients + t.rows[2].patients, 3);
    assert_string_equal(t.rows[2].key, "unknown");
    assert_int_equal(t.rows[2].patients, 1); /* 9711 is in no region of the layer */
    zl_count_table_free(&t);
    zl_count_query age = {
        .code = 300, .by = ZL_BY_AGE, .ref_year = 2025, .viewer = {ZL_VIEWER_ADMIN, NULL}};
    assert_int_equal(zl_registry_counts(f->s, &age, &t, &err), ZL_OK);
    assert_int_equal(t.rows[1].patients, 1); /* P2 born 2001: 18-39 */
    assert_int_equal(t.rows[2].patients, 1); /* P1 born 1980: 40-64 */
    assert_int_equal(t.rows[3].patients, 1); /* P3 born 1950: 65+ */
    zl_count_table_free(&t);
    zl_count_query bad = {.code = -1, .by = ZL_BY_AGE};
    assert_int_equal(zl_registry_counts(f->s, &bad, &t, &err), ZL_EINPUT);
}

static void concentration_and_contact(void **state)
{
    fixture *f = *state;
    zl_registry_import_result r;
    import_ok(f->s, FIX "good.csv", &r);
    zl_registry_import_result_free(&r);
    zl_conc_report c;
    zl_err err = {0};
    zl_viewer admin = {ZL_VIEWER_ADMIN, NULL};
    assert_int_equal(zl_registry_concentration(f->s, 300, "2025-06-01", &admin, &c, &err), ZL_OK);
    assert_int_equal(c.n, 1);
    zl_conc_disease *d = &c.items[0];
    assert_int_equal(d->patients, 3);
    /* C1 is recognised for group 100 (covers 300); C2's recognition expired. */
    assert_int_equal(d->ncentres, 1);
    assert_string_equal(d->centres[0].centre_id, "C1");
    assert_int_equal(d->centres[0].covered_orpha, 100);
    assert_int_equal(d->centres[0].patients, 2);
    assert_true(d->centres[0].meets_rule); /* 2 >= 35% of 3 */
    assert_int_equal(d->verdict, ZL_VSOP_WITHIN_RULE);
    /* Contact at C1 since 2020-06-01: P1 (2024) yes, P2 (2018) no, P3 never: 1 of 3. */
    assert_string_equal(c.since, "2020-06-01");
    assert_int_equal(d->seen_at_centre, 1);
    assert_true(fabs(d->contact_share - 1.0 / 3.0) < 1e-9);
    zl_conc_report_free(&c);
    /* On a date before C1's recognition, C2 was recognised: still one centre. */
    assert_int_equal(zl_registry_concentration(f->s, -1, "2019-06-01", &admin, &c, &err), ZL_OK);
    assert_int_equal(c.n, 2);
    assert_int_equal(c.items[0].ncentres, 0);
    assert_int_equal(c.items[0].verdict, ZL_VSOP_NO_CENTRE);
    assert_int_equal(c.items[1].ncentres, 1);
    assert_string_equal(c.items[1].centres[0].centre_id, "C2");
    assert_int_equal(c.items[1].centres[0].patients, 0);
    assert_int_equal(c.items[1].verdict, ZL_VSOP_TOO_FRAGMENTED);
    zl_conc_report_free(&c);
    /* Networks next to the verdict (issue 16): without one, C1's patients are seen
     * outside any network: flagged. A network over the top group with C1 as its
     * coordinator and a partner (L_C) for group 100 lifts the flag. */
    assert_int_equal(zl_registry_concentration(f->s, 300, "2025-06-01", &admin, &c, &err), ZL_OK);
    assert_true(c.items[0].outside_network);
    assert_int_equal(c.items[0].networks.n, 0);
    assert_false(c.items[0].centres[0].in_network);
    zl_conc_report_free(&c);
    tu_exec_sql(f->path,
                "INSERT INTO rare_network(id, name, coordinator) VALUES ('N1', 'Net', 'C1');"
                "INSERT INTO rare_network_code VALUES ('N1', 50);"
                "INSERT INTO rare_network_member VALUES ('N1', 'C1', 'coordinating');"
                "INSERT INTO rare_shared_care(centre_id, location_id, orpha, valid_from,"
                " valid_to) VALUES ('C1', 'L_C', 100, '2020-01-01', '2030-12-31');");
    assert_int_equal(zl_registry_concentration(f->s, 300, "2025-06-01", &admin, &c, &err), ZL_OK);
    assert_false(c.items[0].outside_network);
    assert_int_equal(c.items[0].networks.n, 1);
    assert_string_equal(zl_rows_get(&c.items[0].networks, 0, 0), "N1");
    assert_int_equal(c.items[0].partners.n, 1);
    assert_string_equal(zl_rows_get(&c.items[0].partners, 0, 0), "L_C");
    assert_true(c.items[0].centres[0].in_network);
    json_t *j = zl_conc_report_to_json(&c);
    json_t *d0 = json_array_get(json_object_get(j, "diseases"), 0);
    assert_false(json_is_true(json_object_get(d0, "outside_network")));
    assert_int_equal(json_array_size(json_object_get(d0, "shared_care_partners")), 1);
    json_decref(j);
    zl_conc_report_free(&c);
}

/* Writes rows from..to-1 of a generated file: row i is patient i at L_A or L_B. */
static char *generated(int from, int to, const char *contact)
{
    zl_buf b = {0};
    zl_err err = {0};
    zl_buf_printf(&b, &err,
                  "location_id,pseudonym,orpha,diagnosis_date,birth_year,sex,pc4,"
                  "contact_date\n");
    for (int i = from; i < to; i++)
        zl_buf_printf(&b, &err, "%s,%064x,ORPHA:%d,2019-03-01,1980,F,1011,%s\n",
                      i % 2 ? "L_A" : "L_B", i, i % 3 ? 200 : 300, contact);
    char *path = tu_write_temp(".csv", b.data);
    zl_buf_free(&b);
    return path;
}

static void batches_with_conflicts(void **state)
{
    fixture *f = *state;
    zl_registry_import_result r;
    char *a = generated(0, 200, "2024-01-01");
    import_ok(f->s, a, &r);
    assert_int_equal(r.inserted, 200);
    zl_registry_import_result_free(&r);
    import_ok(f->s, a, &r);
    assert_int_equal(r.unchanged, 200);
    assert_int_equal(r.inserted, 0);
    zl_registry_import_result_free(&r);
    /* Rows 130..199 again (unchanged), 200..329 new: batches that mix both. */
    char *b = generated(130, 330, "2024-01-01");
    import_ok(f->s, b, &r);
    assert_int_equal(r.inserted, 130);
    assert_int_equal(r.unchanged, 70);
    zl_registry_import_result_free(&r);
    /* Newer contacts for 0..99 update them. */
    char *c = generated(0, 100, "2025-01-01");
    import_ok(f->s, c, &r);
    assert_int_equal(r.updated, 100);
    zl_registry_import_result_free(&r);
    assert_int_equal(national(f->s, 200, false) + national(f->s, 300, false), 330);
    unlink(a);
    unlink(b);
    unlink(c);
    free(a);
    free(b);
    free(c);
}

static void whole_file_errors(void **state)
{
    fixture *f = *state;
    zl_registry_import_result r;
    zl_err err = {0};
    char *p = tu_write_temp(".csv", "location_id,pseudonym,orpha\nL_A,x,200\n");
    assert_int_equal(zl_registry_import(f->s, p, false, &r, &err), ZL_EINPUT);
    assert_contains(err.msg, "diagnosis_date");
    unlink(p);
    free(p);
    assert_int_equal(zl_registry_import(f->s, "/nonexistent.csv", false, &r, &err), ZL_EIO);
    json_t *subs = zl_registry_submissions_json(f->s, &err);
    assert_int_equal(json_array_size(subs), 0);
    json_decref(subs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(every_bad_row, setup, teardown),
        cmocka_unit_test_setup_teardown(repeat_after_other_location, setup, teardown),
        cmocka_unit_test_setup_teardown(repeat_after_nearly_equal_prefix, setup, teardown),
        cmocka_unit_test_setup_teardown(idempotent_resubmission, setup, teardown),
        cmocka_unit_test_setup_teardown(dedup_and_rollup, setup, teardown),
        cmocka_unit_test_setup_teardown(suppression_per_viewer, setup, teardown),
        cmocka_unit_test_setup_teardown(concentration_and_contact, setup, teardown),
        cmocka_unit_test_setup_teardown(batches_with_conflicts, setup, teardown),
        cmocka_unit_test_setup_teardown(whole_file_errors, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
