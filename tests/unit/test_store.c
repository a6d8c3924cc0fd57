/* Store: creation, migrations to the latest schema, transactions, read-only opening. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "zorglandschap/store.h"

static void creates_and_migrates(void **state)
{
    char *path;
    zl_store *s = tu_store_new(&path);
    assert_int_equal(zl_store_schema_version(s), zl_store_schema_latest());
    assert_true(zl_store_schema_latest() >= 1);
    zl_store_close(s);
    /* Reopening is a no-op migration; read-only works on a migrated file. */
    zl_err err = {0};
    assert_int_equal(zl_store_open(path, ZL_STORE_READONLY, &s, &err), ZL_OK);
    assert_int_equal(zl_store_schema_version(s), zl_store_schema_latest());
    zl_store_close(s);
    tu_remove_db(path);
}

static void transactions_roll_back(void **state)
{
    char *path;
    zl_store *s = tu_store_new(&path);
    zl_err err = {0};
    assert_int_equal(zl_store_begin(s, &err), ZL_OK);
    assert_int_equal(zl_store_begin(s, &err), ZL_EINTERNAL);
    assert_int_equal(zl_store_log_import(s, "areas", "x.csv", 3, false, &err), ZL_OK);
    int64_t changed = zl_store_total_changes(s);
    assert_true(changed >= 1);
    zl_store_rollback(s);
    assert_int_equal(zl_store_commit(s, &err), ZL_EINTERNAL);
    zl_store_close(s);
    tu_remove_db(path);
}

static void bad_path(void **state)
{
    zl_store *s = NULL;
    zl_err err = {0};
    assert_int_equal(zl_store_open("/nonexistent/dir/x.db", 0, &s, &err), ZL_EDB);
    assert_contains(err.msg, "/nonexistent/dir/x.db: cannot open database");
    assert_null(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(creates_and_migrates),
        cmocka_unit_test(transactions_roll_back),
        cmocka_unit_test(bad_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
