/* The set-wise writer of a submission's registrations (src/store/registry_write.c; COPY
 * and a staging table on PostgreSQL, unit.pg.test_registry_write): it classifies rows
 * as the row-by-row path does, and a row the database refuses in the middle of a large
 * submission fails the whole write, leaving the database as it was after the rollback.
 * PostgreSQL: the first load into an empty table rebuilds the key after the COPY, and
 * only when it may (not while another session holds the table, not into rows). */
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"
#include "testutil.h"
#include "zorglandschap/registry.h"
#include "zorglandschap/store_registry.h"

#define FIX ZL_FIXTURES "/registry/"
#define N   1000

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

static void reg(zl_registration *r, int i, int pc4, const char *contact)
{
    memset(r, 0, sizeof *r);
    r->location_id = i % 2 ? "L_A" : "L_B";
    r->orpha = 200;
    memcpy(r->pseudonym, &i, sizeof i);
    strcpy(r->diagnosis_date, "2019-03-01");
    r->birth_year = 1970 + i % 40;
    strcpy(r->sex, "F");
    r->pc4 = pc4;
    strcpy(r->contact_date, contact);
}

typedef struct rows_spec {
    int first; /* the first row's number */
    int bad;   /* this row with an impossible PC4, or -1 */
    const char *contact;
} rows_spec;

static void row_at(void *ctx, size_t i, zl_registration *r, long *line)
{
    const rows_spec *spec = ctx;
    int k = spec->first + (int)i;
    reg(r, k, k == spec->bad ? 99999 : 1011, spec->contact);
    *line = (long)i + 2;
}

/* Writes rows first..first+n-1 in one submission; row `bad` (if >= 0) with an impossible
 * PC4. */
static zl_status write_rows_from(zl_store *s, int first, int n, int bad, const char *contact,
                                 zl_reg_written *out, zl_err *err)
{
    int64_t sub;
    rows_spec spec = {first, bad, contact};
    assert_int_equal(zl_store_begin(s, err), ZL_OK);
    zl_status st = zl_store_registry_submission_open(s, "w.csv", "0", false, NULL, &sub, err);
    if (st == ZL_OK)
        st = zl_store_registry_write(s, sub, (size_t)n, row_at, &spec, out, err);
    if (st == ZL_OK)
        return zl_store_commit(s, err);
    zl_store_rollback(s);
    return st;
}

static zl_status write_rows(zl_store *s, int n, int bad, const char *contact, zl_reg_written *out,
                            zl_err *err)
{
    return write_rows_from(s, 0, n, bad, contact, out, err);
}

static int64_t stored(zl_store *s)
{
    zl_count_query q = {.code = 200,
                        .viewer = {ZL_VIEWER_ADMIN, NULL},
                        .by = ZL_BY_LOCATION,
                        .ref_year = zl_registry_public_ref_year()};
    zl_count_table t;
    zl_err err = {0};
    assert_int_equal(zl_registry_counts(s, &q, &t, &err), ZL_OK);
    int64_t n = t.total;
    zl_count_table_free(&t);
    return n;
}

static void classifies_like_the_row_path(void **state)
{
    fixture *f = *state;
    zl_err err = {0};
    zl_reg_written w;
    assert_int_equal(write_rows(f->s, N, -1, "2024-01-01", &w, &err), ZL_OK);
    assert_int_equal(w.inserted, N);
    assert_int_equal(w.updated + w.unchanged, 0);
    assert_int_equal(write_rows(f->s, N, -1, "2024-01-01", &w, &err), ZL_OK);
    assert_int_equal(w.unchanged, N);
    /* A later contact date is another value: every row updated; an earlier one: none. */
    assert_int_equal(write_rows(f->s, N + 10, -1, "2024-06-01", &w, &err), ZL_OK);
    assert_int_equal(w.inserted, 10);
    assert_int_equal(w.updated, N);
    assert_int_equal(write_rows(f->s, N, -1, "2023-01-01", &w, &err), ZL_OK);
    assert_int_equal(w.unchanged, N);
    assert_int_equal(stored(f->s), N + 10);
}

static void bad_row_in_the_middle_changes_nothing(void **state)
{
    fixture *f = *state;
    zl_err err = {0};
    zl_reg_written w;
    /* All keys new (PostgreSQL: COPY straight into the table), then with known keys
     * (PostgreSQL: through the staging table): the bad row fails either. */
    assert_int_not_equal(write_rows(f->s, N, N / 2, "2024-06-01", &w, &err), ZL_OK);
    assert_contains(err.msg, "pc4");
    assert_int_equal(stored(f->s), 0);
    assert_int_equal(write_rows(f->s, 100, -1, "2024-01-01", &w, &err), ZL_OK);
    assert_int_not_equal(write_rows(f->s, N, N / 2, "2024-06-01", &w, &err), ZL_OK);
    assert_contains(err.msg, "pc4");
    assert_int_equal(stored(f->s), 100);
    /* The connection is usable again and the staging table empty: the same rows without
     * the bad one go in. */
    assert_int_equal(write_rows(f->s, N, -1, "2024-06-01", &w, &err), ZL_OK);
    assert_int_equal(w.inserted, N - 100);
    assert_int_equal(w.updated, 100);
}

/* PostgreSQL: remembers the primary key's identity in a temporary table of the session. */
static void key_remember(zl_store *s)
{
    zl_err err = {0};
    assert_int_equal(zl_store_exec(s,
                                   "DROP TABLE IF EXISTS pg_temp.key_was;"
                                   "CREATE TEMP TABLE key_was AS SELECT oid FROM pg_constraint"
                                   " WHERE conname = 'registration_pkey'",
                                   &err),
                     ZL_OK);
}

/* Whether the primary key is there and was rebuilt (rebuilt) or kept since key_remember. */
static void key_assert(zl_store *s, bool rebuilt)
{
    char sql[400];
    snprintf(sql, sizeof sql,
             "DO $$BEGIN IF (SELECT count(*) FROM pg_constraint WHERE conname = "
             "'registration_pkey' AND contype = 'p') <> 1 OR %s EXISTS (SELECT 1 FROM "
             "pg_constraint c JOIN key_was k ON c.oid = k.oid) THEN RAISE EXCEPTION "
             "'key'; END IF; END$$",
             rebuilt ? "" : "NOT");
    zl_err err = {0};
    zl_status st = zl_store_exec(s, sql, &err);
    if (st != ZL_OK)
        fail_msg("%s", err.msg);
}

static void empty_table_gets_its_key_after_the_copy(void **state)
{
    fixture *f = *state;
    if (!zl_store_is_pg(f->s))
        skip();
    zl_err err = {0};
    zl_reg_written w;
    key_remember(f->s);
    assert_int_equal(write_rows(f->s, N, -1, "2024-01-01", &w, &err), ZL_OK);
    assert_int_equal(w.inserted, N);
    key_assert(f->s, true);
    /* The key holds: the same rows again are known keys (staging path), key untouched. */
    key_remember(f->s);
    assert_int_equal(write_rows(f->s, N + 5, -1, "2024-01-01", &w, &err), ZL_OK);
    assert_int_equal(w.inserted, 5);
    assert_int_equal(w.unchanged, N);
    key_assert(f->s, false);
    /* New keys into rows already there: straight in, the key kept. */
    assert_int_equal(write_rows_from(f->s, 2 * N, N, -1, "2024-01-01", &w, &err), ZL_OK);
    assert_int_equal(w.inserted, N);
    key_assert(f->s, false);
    assert_int_equal(stored(f->s), 2 * N + 5);
}

static void busy_empty_table_keeps_its_key(void **state)
{
    fixture *f = *state;
    if (!zl_store_is_pg(f->s))
        skip();
    zl_store *reader = NULL;
    zl_err err = {0};
    assert_int_equal(zl_store_open(f->path, 0, &reader, &err), ZL_OK);
    assert_int_equal(zl_store_begin(reader, &err), ZL_OK);
    assert_int_equal(zl_store_exec(reader, "LOCK TABLE registration IN ACCESS SHARE MODE", &err),
                     ZL_OK);
    key_remember(f->s);
    zl_reg_written w;
    assert_int_equal(write_rows(f->s, N, -1, "2024-01-01", &w, &err), ZL_OK);
    assert_int_equal(w.inserted, N); /* without waiting for the reader */
    key_assert(f->s, false);
    zl_store_rollback(reader);
    zl_store_close(reader);
    assert_int_equal(stored(f->s), N);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(classifies_like_the_row_path, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_row_in_the_middle_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(empty_table_gets_its_key_after_the_copy, setup, teardown),
        cmocka_unit_test_setup_teardown(busy_empty_table_keeps_its_key, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
