/* Reading a registration file in two halves on two threads (src/registry/import.c,
 * zl_csv_split): every figure, every kept reject and every reported row, in order, equal
 * one reader's, for files with bad rows in either half, repeats across the halves, a
 * synthetic flag in the second half only and quoted line breaks near the cut. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "zorglandschap/csv.h"
#include "zorglandschap/registry.h"
#include "zorglandschap/store_registry.h"
#include "zorglandschap/util.h"

#define FIX ZL_FIXTURES "/registry/"

/* Every reported row as text, in the order reported. */
static void collect(void *ctx, const zl_registry_rejected_row *row)
{
    zl_buf *b = ctx;
    zl_buf_printf(b, NULL, "%ld|", row->line);
    for (size_t i = 0; i < row->nfields; i++)
        zl_buf_printf(b, NULL, "%s,", row->fields[i]);
    zl_buf_printf(b, NULL, "|%s\n", row->reasons);
}

/* The whole outcome of importing file with `threads` readers into a fresh store, as text. */
static char *outcome(const char *file, int threads)
{
    tu_store_fixture *f = tu_store_fixture_new(FIX "reference.sql");
    zl_buf out = {0}, reports = {0};
    zl_registry_import_opts o = {
        .allow_partial = true, .on_reject = collect, .ctx = &reports, .threads = threads};
    zl_registry_import_result r;
    zl_err err = {0};
    if (zl_registry_import_ex(f->s, file, &o, &r, &err) != ZL_OK)
        fail_msg("%s: %s", file, err.msg);
    zl_buf_printf(&out, NULL, "rows %lld accepted %lld rejected %lld errors %lld new %lld\n",
                  (long long)r.rows, (long long)r.accepted, (long long)r.rejected,
                  (long long)r.errors, (long long)r.inserted);
    for (size_t i = 0; i < r.nrejects; i++)
        zl_buf_printf(&out, NULL, "%ld %s %s\n", r.rejects[i].line,
                      r.rejects[i].column ? r.rejects[i].column : "-", r.rejects[i].reason);
    bool synthetic = false;
    assert_int_equal(zl_store_registry_synthetic(f->s, &synthetic, &err), ZL_OK);
    zl_buf_printf(&out, NULL, "synthetic %d\n%s", synthetic, reports.data ? reports.data : "");
    zl_registry_import_result_free(&r);
    zl_buf_free(&reports);
    tu_store_fixture_free(f);
    return out.data;
}

static void same_as_one_reader(const char *file)
{
    char *one = outcome(file, 1), *two = outcome(file, 2);
    assert_non_null(one);
    assert_string_equal(two, one);
    free(one);
    free(two);
}

static void fixtures_read_the_same(void **state)
{
    (void)state;
    const char *files[] = {"bad.csv", "good.csv", "interleaved.csv", "prefix.csv", "newer.csv"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, FIX "%s", files[i]);
        same_as_one_reader(path);
    }
}

/* A larger file: a repeat whose first line is in the first half and a bad row in each. */
static void repeat_across_the_cut(void **state)
{
    (void)state;
    zl_buf csv = {0};
    zl_buf_printf(&csv, NULL,
                  "location_id,pseudonym,orpha,diagnosis_date,birth_year,sex,pc4,"
                  "contact_date,synthetic\n");
    for (int i = 0; i < 400; i++) {
        int k = i == 300 ? 7 : i; /* line 302 repeats line 9's key */
        zl_buf_printf(&csv, NULL, "%s,%064x,ORPHA:200,2019-03-01,1980,%s,1011,2023-01-01,%d\n",
                      k % 2 ? "L_A" : "L_B", k, i == 50 || i == 350 ? "Q" : "F", i == 399);
    }
    char *path = tu_write_temp(".csv", csv.data);
    char *one = outcome(path, 1);
    assert_non_null(strstr(one, "302 - ")); /* the repeat, found across the halves */
    assert_non_null(strstr(one, "52 sex"));
    assert_non_null(strstr(one, "352 sex"));
    assert_non_null(strstr(one, "synthetic 1")); /* said by the last row only */
    free(one);
    same_as_one_reader(path);
    tu_remove_db(path);
    zl_buf_free(&csv);
}

/* The cut never falls inside a quoted field, and both parts count the file's lines. */
static void split_outside_quotes(void **state)
{
    (void)state;
    const char *text = "a,b\n1,x\n2,\"y\ny\ny\ny\ny\ny\ny\ny\ny\ny\"\n3,z\n4,w\n";
    zl_csv *c = NULL, *rest = NULL;
    zl_err err = {0};
    assert_int_equal(zl_csv_open_mem("t.csv", text, strlen(text), &c, &err), ZL_OK);
    assert_int_equal(zl_csv_split(c, &rest, &err), ZL_OK);
    assert_non_null(rest);
    bool has;
    zl_buf got = {0};
    zl_csv *parts[2] = {c, rest};
    for (int p = 0; p < 2; p++)
        while (zl_csv_next(parts[p], &has, &err) == ZL_OK && has)
            zl_buf_printf(&got, NULL, "%d:%ld:%s;", p, zl_csv_line(parts[p]),
                          zl_csv_field(parts[p], 0));
    assert_string_equal(got.data, "0:2:1;0:3:2;1:13:3;1:14:4;");
    zl_buf_free(&got);
    zl_csv_close(rest);
    zl_csv_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fixtures_read_the_same),
        cmocka_unit_test(repeat_across_the_cut),
        cmocka_unit_test(split_outside_quotes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
