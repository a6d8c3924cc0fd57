/* Importers of the quality indicators (tests/fixtures/quality on the landscape fixtures):
 * definitions and values stored, idempotence, and every kind of bad input with a message
 * naming file, line, column and reason, leaving the database unchanged. Also the
 * publication status read back from the store. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "zorglandschap/import.h"
#include "zorglandschap/quality.h"
#include "zorglandschap/store_landscape.h"

#define LAND ZL_FIXTURES "/landscape/"
#define QFIX ZL_FIXTURES "/quality/"

static zl_store *loaded(char **path)
{
    static const char *const order[][2] = {
        {"areas", LAND "areas.csv"},
        {"locations", LAND "locations.csv"},
        {"interventions", LAND "interventions.csv"},
        {"volumes", LAND "volumes.csv"},
        {"indicators", QFIX "indicators.csv"},
        {"indicator-values", QFIX "values.csv"},
    };
    zl_store *s = tu_store_new(path);
    zl_err err = {0};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        zl_import_result r;
        if (zl_import_file(s, order[i][0], order[i][1], &r, &err) != ZL_OK)
            fail_msg("%s: %s", order[i][0], err.msg);
    }
    return s;
}

static void rows(zl_store *s, int64_t *ind, int64_t *val)
{
    zl_err err = {0};
    assert_int_equal(zl_store_count_rows(s, "indicator", ind, &err), ZL_OK);
    assert_int_equal(zl_store_count_rows(s, "indicator_value", val, &err), ZL_OK);
}

static void imports_and_reads_back(void **state)
{
    char *path;
    zl_store *s = loaded(&path);
    int64_t ni, nv;
    rows(s, &ni, &nv);
    assert_int_equal(ni, 2);
    assert_int_equal(nv, 5);
    zl_indicator ind;
    zl_err err = {0};
    assert_int_equal(zl_quality_indicator_get(s, "LUNG_OE", &ind, &err), ZL_OK);
    assert_int_equal(ind.type, ZL_IND_OE_RATIO);
    assert_true(ind.lower_is_better);
    assert_true(isnan(ind.base_rate));
    assert_string_equal(ind.name_nl, "Complicaties na longresectie (O/E)");
    zl_indicator_clear(&ind);
    assert_int_equal(zl_quality_indicator_get(s, "LUNG_MORTT", &ind, &err), ZL_ENOTFOUND);
    assert_contains(err.msg, "LUNG_MORT");
    /* A second import of the same files changes nothing. */
    zl_import_result r;
    assert_int_equal(zl_import_file(s, "indicator-values", QFIX "values.csv", &r, &err), ZL_OK);
    assert_int_equal(r.rows, 5);
    assert_int_equal(r.changed, 0);
    assert_true(r.synthetic);
    zl_store_close(s);
    tu_remove_db(path);
}

/* Each bad file: the import fails with the message parts, and nothing changes. */
static void expect_bad(zl_store *s, const char *kind, const char *text, const char *const *parts)
{
    int64_t ni0, nv0, ni1, nv1;
    rows(s, &ni0, &nv0);
    char *file = tu_write_temp(".csv", text);
    zl_err err = {0};
    zl_import_result r;
    assert_int_equal(zl_import_file(s, kind, file, &r, &err), ZL_EINPUT);
    for (size_t i = 0; parts[i]; i++)
        assert_contains(err.msg, parts[i]);
    assert_contains(err.msg, file);
    rows(s, &ni1, &nv1);
    assert_int_equal(ni0, ni1);
    assert_int_equal(nv0, nv1);
    unlink(file);
    free(file);
}

#define VHEAD "location_id,indicator,year,numerator,denominator,expected,published\n"
#define GOOD  "L_AMS,LUNG_MORT,2021,1,70,,yes\n"

static void rejects_bad_values(void **state)
{
    char *path;
    zl_store *s = loaded(&path);
    expect_bad(s, "indicator-values", VHEAD GOOD "L_UTR,LUNG_MORT,2021,41,40,,yes\n",
               (const char *[]){":3:", "'numerator'", "larger than the denominator", NULL});
    expect_bad(s, "indicator-values", VHEAD GOOD "L_UTR,LUNG_MORT,2021,-1,40,,yes\n",
               (const char *[]){":3:", "'numerator'", "negative", NULL});
    expect_bad(s, "indicator-values", VHEAD "L_UTR,LUNG_MORT,2021,1,-40,,yes\n",
               (const char *[]){":2:", "'denominator'", NULL});
    expect_bad(s, "indicator-values", VHEAD GOOD "L_UTR,LUNG_XX,2021,1,40,,yes\n",
               (const char *[]){":3:", "'indicator'", "unknown indicator 'LUNG_XX'", NULL});
    expect_bad(s, "indicator-values", VHEAD GOOD "L_NOPE,LUNG_MORT,2021,1,40,,yes\n",
               (const char *[]){":3:", "'location_id'", "unknown location 'L_NOPE'", NULL});
    expect_bad(s, "indicator-values", VHEAD GOOD "L_UTR,LUNG_OE,2021,1,40,,yes\n",
               (const char *[]){":3:", "'expected'", "O/E ratio: expected is required", NULL});
    expect_bad(s, "indicator-values", VHEAD GOOD "L_UTR,LUNG_MORT,2021,1,40,3.5,yes\n",
               (const char *[]){":3:", "'expected'", "proportion", NULL});
    expect_bad(s, "indicator-values", VHEAD GOOD "L_UTR,LUNG_MORT,2021,1,40,,maybe\n",
               (const char *[]){":3:", "'published'", "yes or no", NULL});
    expect_bad(s, "indicator-values", VHEAD GOOD GOOD,
               (const char *[]){":3:", "duplicate key", NULL});
    expect_bad(s, "indicator-values", VHEAD "L_UTR,LUNG_MORT,2021,0,0,,yes\n",
               (const char *[]){":2:", "'denominator'", "at least 1", NULL});
    expect_bad(s, "indicator-values",
               "location_id,indicator,year,numerator,denominator,published\n" GOOD,
               (const char *[]){"expected", NULL});
    zl_store_close(s);
    tu_remove_db(path);
}

#define IHEAD                                                                                      \
    "code,name_nl,name_en,intervention,direction,type,registry,year,base_rate,base_source\n"

static void rejects_bad_definitions(void **state)
{
    char *path;
    zl_store *s = loaded(&path);
    expect_bad(s, "indicators", IHEAD "X,a,b,LUNG,down,proportion,R,2022,,\n",
               (const char *[]){":2:", "'direction'", "'lower' or 'higher'", NULL});
    expect_bad(s, "indicators", IHEAD "X,a,b,LUNG,lower,rate,R,2022,,\n",
               (const char *[]){":2:", "'type'", "'proportion' or 'oe_ratio'", NULL});
    expect_bad(s, "indicators", IHEAD "X,a,b,HEART,lower,proportion,R,2022,,\n",
               (const char *[]){":2:", "'intervention'", "unknown intervention 'HEART'", NULL});
    expect_bad(s, "indicators", IHEAD "X,a,b,LUNG,lower,proportion,R,2022,1.5,src\n",
               (const char *[]){":2:", "'base_rate'", "between 0 and 1", NULL});
    expect_bad(s, "indicators", IHEAD "X,a,b,LUNG,lower,proportion,R,2022,0.1,\n",
               (const char *[]){":2:", "'base_source'", "needs its source", NULL});
    zl_store_close(s);
    tu_remove_db(path);
}

/* Volumes of 2022: L_AMS 70, L_UTR 40, L_RTM 15 offer LUNG; both LUNG indicators have
 * values for L_AMS; L_UTR publishes LUNG_OE only; L_RTM has no LUNG_OE value. */
static void publication_status(void **state)
{
    char *path;
    zl_store *s = loaded(&path);
    zl_publish_status *p;
    zl_err err = {0};
    assert_int_equal(zl_quality_publish_status(s, "LUNG", 0, &p, &err), ZL_OK);
    assert_int_equal(p->year, 2022);
    assert_int_equal(p->n, 6);
    assert_int_equal(p->published, 4);
    assert_int_equal(p->reported, 5);
    /* Ordered by indicator and location: LUNG_MORT AMS, RTM, UTR; LUNG_OE AMS, RTM, UTR. */
    const int want[6] = {1, 1, 0, 1, -1, 1};
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(p->cells[i].state, want[i]);
    assert_string_equal(p->cells[4].location_id, "L_RTM");
    assert_true(p->synthetic);
    zl_publish_status_free(p);
    zl_store_close(s);
    tu_remove_db(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(imports_and_reads_back),
        cmocka_unit_test(rejects_bad_values),
        cmocka_unit_test(rejects_bad_definitions),
        cmocka_unit_test(publication_status),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
