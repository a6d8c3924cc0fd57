/* Roll-up along the classification: the in-memory roll-up of all groups (zl registry
 * counts --rollup) must give every group the same count as the one-group SQL form
 * (--rollup --code C) and as hand-computed numbers, with several parents per child,
 * several paths to one ancestor and patients with several codes in one group; and the
 * same on a seeded random classification checked against a brute-force closure. */
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

static void import_ok(zl_store *s, const char *file)
{
    zl_registry_import_result r;
    zl_err err = {0};
    if (zl_registry_import(s, file, false, &r, &err) != ZL_OK)
        fail_msg("%s", err.msg);
    if (r.rejected)
        fail_msg("%s", r.rejects[0].reason);
    zl_registry_import_result_free(&r);
}

/* The roll-up table for code (-1: all groups), as an admin sees it. */
static void rollup(zl_store *s, int64_t code, zl_count_table *t)
{
    zl_count_query q = {.code = code, .rollup = true, .viewer = {ZL_VIEWER_ADMIN, NULL}};
    zl_err err = {0};
    if (zl_registry_counts(s, &q, t, &err) != ZL_OK)
        fail_msg("%s", err.msg);
}

/* The one-group form's count for code, or -1 when it lists no row. */
static int64_t one_group(zl_store *s, int64_t code)
{
    zl_count_table t;
    rollup(s, code, &t);
    assert_true(t.n <= 1);
    int64_t n = t.n ? t.rows[0].patients : -1;
    if (t.n)
        assert_int_equal(t.rows[0].orpha, code);
    zl_count_table_free(&t);
    return n;
}

static void by_hand(void **state)
{
    fixture *f = *state;
    tu_exec_sql_file(f->path, FIX "rollup.sql");
    import_ok(f->s, FIX "rollup.csv");
    /* Patients a..f: a has 40 (two hospitals) and 41, b 40 and 42, c 41, d the group 30
     * itself, e the parentless 60, f 42 and 41. Group 21 holds 30, 40 and 42 (d, a, b, f),
     * 20 also holds 41 (adding c), 10 likewise; 22 and 43 have no patients. */
    const int64_t code[] = {10, 20, 21, 30, 40, 41, 42, 60};
    const int64_t patients[] = {5, 5, 4, 4, 2, 3, 2, 1};
    const size_t n = sizeof code / sizeof *code;
    zl_count_table all;
    rollup(f->s, -1, &all);
    assert_int_equal(all.n, n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(all.rows[i].orpha, code[i]);
        assert_int_equal(all.rows[i].patients, patients[i]);
        assert_int_equal(one_group(f->s, code[i]), patients[i]);
    }
    assert_string_equal(all.rows[2].label, "Group twenty-one");
    zl_count_table_free(&all);
    assert_int_equal(one_group(f->s, 22), -1);
    assert_int_equal(one_group(f->s, 43), -1);
}

/* The patients of one breakdown of code, summed over its rows, as an admin sees it. */
static int64_t breakdown_sum(zl_store *s, int64_t code, bool rollup_on, zl_count_by by,
                             int64_t *total)
{
    zl_count_query q = {.code = code,
                        .rollup = rollup_on,
                        .by = by,
                        .layer = "province",
                        .ref_year = 2026,
                        .viewer = {ZL_VIEWER_ADMIN, NULL}};
    zl_count_table t;
    zl_err err = {0};
    if (zl_registry_counts(s, &q, &t, &err) != ZL_OK)
        fail_msg("by %d of %lld: %s", (int)by, (long long)code, err.msg);
    int64_t sum = 0;
    for (size_t i = 0; i < t.n; i++)
        sum += t.rows[i].patients;
    *total = t.has_total ? t.total : sum;
    zl_count_table_free(&t);
    return sum;
}

/* Issue 13: every breakdown of the same query (by code, location, age band, region)
 * counts the same patients: each sums to the national (deduplicated) count, rolled up
 * or not, also for patients seen at two hospitals. */
static void every_breakdown_sums_to_the_total(void **state)
{
    fixture *f = *state;
    tu_exec_sql_file(f->path, FIX "rollup.sql");
    import_ok(f->s, FIX "rollup.csv");
    const int64_t codes[] = {10, 20, 21, 30, 40, 41, 42, 60};
    const zl_count_by bys[] = {ZL_BY_LOCATION, ZL_BY_AGE, ZL_BY_REGION};
    int checked = 0;
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
        for (int r = 0; r < 2; r++) {
            int64_t national = 0, total;
            breakdown_sum(f->s, codes[i], r, ZL_BY_CODE, &national);
            for (size_t b = 0; b < sizeof bys / sizeof *bys; b++) {
                int64_t sum = breakdown_sum(f->s, codes[i], r, bys[b], &total);
                if (sum != national || total != national)
                    fail_msg("ORPHA:%lld rollup %d by %d: rows sum to %lld, total %lld, "
                             "national %lld",
                             (long long)codes[i], r, (int)bys[b], (long long)sum, (long long)total,
                             (long long)national);
                checked++;
            }
        }
    assert_int_equal(checked, 48);
    /* group 21 without roll-up has no registrations of its own; rolled up it has 4, and
     * patient a (at two hospitals) counts once by location too */
    int64_t total;
    assert_int_equal(breakdown_sum(f->s, 21, true, ZL_BY_LOCATION, &total), 4);
    /* an unknown code is an error, not an empty table */
    zl_count_query q = {.code = 999999, .by = ZL_BY_LOCATION, .viewer = {ZL_VIEWER_ADMIN, NULL}};
    zl_count_table t;
    zl_err err = {0};
    assert_int_equal(zl_registry_counts(f->s, &q, &t, &err), ZL_ENOTFOUND);
    assert_non_null(strstr(err.msg, "ORPHA:999999 is not in the nomenclature"));
}

/* ---- a seeded random classification ---- */

#define NODES      40
#define PATIENTS   60
#define FIRST_CODE 1000

static uint32_t next_random(uint64_t *x)
{
    *x = *x * 6364136223846793005u + 1442695040888963407u;
    return (uint32_t)(*x >> 33);
}

typedef struct random_world {
    bool parent[NODES][NODES]; /* parent[c][p]: p is a parent of c (p < c) */
    bool has[PATIENTS][NODES]; /* the patient is registered for the code somewhere */
} random_world;

/* Writes the classification as SQL and the registrations as CSV into buffers. */
static void make_world(random_world *w, char *sql, size_t sql_cap, char *csv, size_t csv_cap)
{
    uint64_t x = 20261123;
    static const char *const loc[] = {"L_A", "L_B", "L_C"};
    size_t k = (size_t)snprintf(sql, sql_cap,
                                "INSERT INTO orpha_disorder(orpha, name, type,"
                                " status, moved_to, source) VALUES");
    for (int i = 0; i < NODES; i++)
        k += (size_t)snprintf(sql + k, sql_cap - k, "%s(%d, 'N%d', 'disease', 'active', NULL, 't')",
                              i ? "," : "", FIRST_CODE + i, i);
    k += (size_t)snprintf(sql + k, sql_cap - k,
                          ";INSERT INTO orpha_parent(child, parent, source) VALUES");
    bool first = true;
    for (int c = 1; c < NODES; c++)
        for (int e = (int)(next_random(&x) % 4); e > 0; e--) {
            int p = (int)(next_random(&x) % (uint32_t)c);
            if (w->parent[c][p])
                continue;
            w->parent[c][p] = true;
            k += (size_t)snprintf(sql + k, sql_cap - k, "%s(%d, %d, 't')", first ? "" : ",",
                                  FIRST_CODE + c, FIRST_CODE + p);
            first = false;
        }
    snprintf(sql + k, sql_cap - k, ";");
    bool seen[PATIENTS][NODES][3] = {{{false}}};
    k = (size_t)snprintf(csv, csv_cap,
                         "location_id,pseudonym,orpha,diagnosis_date,birth_year,"
                         "sex,pc4,contact_date\n");
    for (int r = 0; r < 4 * PATIENTS; r++) {
        int p = (int)(next_random(&x) % PATIENTS);
        int c = (int)(next_random(&x) % NODES);
        int l = (int)(next_random(&x) % 3);
        if (seen[p][c][l])
            continue;
        seen[p][c][l] = w->has[p][c] = true;
        k += (size_t)snprintf(csv + k, csv_cap - k,
                              "%s,%062x%02x,%d,2019-03-01,1980,F,1011,2024-05-01\n", loc[l], 0, p,
                              FIRST_CODE + c);
    }
}

/* Brute force: a patient belongs to group g when one of its codes is g or below g. */
static int64_t brute_force(const random_world *w, int g)
{
    bool below[NODES] = {false}; /* below[c]: c is g or a descendant of g */
    below[g] = true;
    for (int c = g + 1; c < NODES; c++) /* parents have smaller numbers than children */
        for (int p = g; p < c && !below[c]; p++)
            below[c] = w->parent[c][p] && below[p];
    int64_t n = 0;
    for (int p = 0; p < PATIENTS; p++) {
        bool in = false;
        for (int c = 0; c < NODES && !in; c++)
            in = w->has[p][c] && below[c];
        n += in;
    }
    return n;
}

static void random_classification(void **state)
{
    fixture *f = *state;
    random_world *w = calloc(1, sizeof *w);
    char *sql = malloc(1 << 16), *csv = malloc(1 << 16);
    make_world(w, sql, 1 << 16, csv, 1 << 16);
    tu_exec_sql(f->path, sql);
    char *file = tu_write_temp(".csv", csv);
    import_ok(f->s, file);
    zl_count_table all;
    rollup(f->s, -1, &all);
    size_t row = 0, listed = 0;
    for (int g = 0; g < NODES; g++) {
        int64_t expect = brute_force(w, g);
        assert_int_equal(one_group(f->s, FIRST_CODE + g), expect ? expect : -1);
        if (!expect)
            continue;
        listed++;
        assert_true(row < all.n);
        assert_int_equal(all.rows[row].orpha, FIRST_CODE + g);
        assert_int_equal(all.rows[row].patients, expect);
        row++;
    }
    assert_int_equal(all.n, listed);
    assert_true(listed > NODES / 2);
    zl_count_table_free(&all);
    unlink(file);
    free(file);
    free(sql);
    free(csv);
    free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(by_hand, setup, teardown),
        cmocka_unit_test_setup_teardown(every_breakdown_sums_to_the_total, setup, teardown),
        cmocka_unit_test_setup_teardown(random_classification, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
