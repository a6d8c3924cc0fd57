/* Importers on the small fixtures in tests/fixtures/landscape: every kind, region layers,
 * idempotence, and one test per kind of bad input with its message and an unchanged
 * database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "zorglandschap/import.h"
#include "zorglandschap/store_landscape.h"

#define FIX ZL_FIXTURES "/landscape/"

static const char *const order[][2] = {
    {"areas", FIX "areas.csv"},
    {"area-ages", FIX "area_ages.csv"},
    {"locations", FIX "locations.csv"},
    {"regions", FIX "regions.csv"},
    {"interventions", FIX "interventions.csv"},
    {"volumes", FIX "volumes.csv"},
    {"flows", FIX "flows.csv"},
};

static const char *const tables[] = {"area",         "area_age",    "location",
                                     "region",       "region_area", "region_location",
                                     "intervention", "volume",      "flow"};
#define N_TABLES (sizeof tables / sizeof tables[0])

static void counts(zl_store *s, int64_t *out)
{
    zl_err err = {0};
    for (size_t i = 0; i < N_TABLES; i++)
        assert_int_equal(zl_store_count_rows(s, tables[i], &out[i], &err), ZL_OK);
}

static zl_store *loaded(char **path)
{
    zl_store *s = tu_store_new(path);
    zl_err err = {0};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        zl_import_result r;
        if (zl_import_file(s, order[i][0], order[i][1], &r, &err) != ZL_OK)
            fail_msg("%s: %s", order[i][0], err.msg);
    }
    return s;
}

static void imports_every_kind(void **state)
{
    char *path;
    zl_store *s = loaded(&path);
    int64_t n[N_TABLES];
    counts(s, n);
    /* 5 areas; 6 age rows (two all-empty rows skipped); 4 regions (NH, UT, ZH, GR) + roaz
     * WEST; 6 region areas; 4 region locations; 2 interventions; 4 volumes; 5 flows. */
    const int64_t want[N_TABLES] = {5, 6, 4, 5, 6, 4, 2, 4, 5};
    for (size_t i = 0; i < N_TABLES; i++)
        if (n[i] != want[i])
            fail_msg("table %s: %lld rows, expected %lld", tables[i], (long long)n[i],
                     (long long)want[i]);
    zl_store_close(s);
    tu_remove_db(path);
}

static void empty_age_rows_skipped_and_listings(void **state)
{
    char *path;
    zl_store *s = loaded(&path);
    zl_err err = {0};
    zl_point_area *a;
    size_t na;
    assert_int_equal(zl_store_list_areas(s, &a, &na, &err), ZL_OK);
    assert_int_equal(na, 5);
    assert_int_equal(a[0].pc4, 1011);
    assert_int_equal(a[4].pc4, 9999);
    int64_t *m;
    assert_int_equal(zl_store_area_age_matrix(s, a, na, &m, &err), ZL_OK);
    assert_int_equal(m[0 * ZL_AGE_BANDS + 0], 275);  /* 1011, 0-4 */
    assert_int_equal(m[0 * ZL_AGE_BANDS + 12], 400); /* 1011, 60-64 */
    assert_int_equal(m[0 * ZL_AGE_BANDS + 19], 10);  /* 1011, 95+ */
    assert_int_equal(m[4 * ZL_AGE_BANDS + 0], 0);    /* 9999: skipped row */
    free(m);
    free(a);
    zl_point_location *l;
    size_t nl;
    assert_int_equal(zl_store_list_locations(s, &l, &nl, &err), ZL_OK);
    assert_int_equal(nl, 4);
    assert_string_equal(l[0].id, "L_AMS");
    assert_string_equal(l[1].kind, "umc");
    zl_point_locations_free(l, nl);
    zl_store_close(s);
    tu_remove_db(path);
}

static void second_import_changes_nothing(void **state)
{
    char *path;
    zl_store *s = loaded(&path);
    zl_err err = {0};
    int64_t before = zl_store_total_changes(s);
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        zl_import_result r;
        assert_int_equal(zl_import_file(s, order[i][0], order[i][1], &r, &err), ZL_OK);
        assert_true(r.rows > 0);
        assert_int_equal(r.changed, 0);
    }
    assert_int_equal(zl_store_total_changes(s), before);
    zl_store_close(s);
    tu_remove_db(path);
}

/* Imports a bad file and checks the message and that no table changed. */
static void expect_bad(const char *kind, const char *file, const char *msg)
{
    char *path;
    zl_store *s = loaded(&path);
    int64_t before[N_TABLES], after[N_TABLES];
    counts(s, before);
    zl_err err = {0};
    zl_import_result r;
    char full[512];
    snprintf(full, sizeof full, FIX "%s", file);
    assert_int_equal(zl_import_file(s, kind, full, &r, &err), ZL_EINPUT);
    assert_contains(err.msg, file);
    assert_contains(err.msg, msg);
    counts(s, after);
    assert_memory_equal(before, after, sizeof before);
    zl_store_close(s);
    tu_remove_db(path);
}

static void bad_inputs(void **state)
{
    expect_bad("flows", "bad_missing_column.csv", ":1: missing column 'patients' in the header");
    expect_bad("flows", "bad_non_numeric.csv",
               ":3: column 'patients': expected an integer, found 'twelve'");
    expect_bad("flows", "bad_negative.csv", ":3: column 'patients': negative count -3");
    expect_bad("flows", "bad_unknown_pc4.csv", ":3: column 'pc4': unknown PC4 1234");
    expect_bad("flows", "bad_unknown_location.csv",
               ":3: column 'location_id': unknown location 'L_NOPE'");
    expect_bad("flows", "bad_duplicate.csv", ":4: column 'pc4': duplicate key");
    expect_bad("flows", "bad_truncated.csv", ":3: expected 5 fields as in the header, found 3");
    expect_bad("locations", "bad_utf8.csv", ":2: invalid UTF-8");
    expect_bad("regions", "bad_region_both.csv", ":2: column 'pc4': give exactly one of");
}

/* Imports text as a temporary file of the kind into the fixture landscape; checks that it
 * fails with msg and changes nothing. */
static void expect_bad_text(const char *kind, const char *text, const char *msg)
{
    char *path;
    zl_store *s = loaded(&path);
    int64_t before[N_TABLES], after[N_TABLES];
    counts(s, before);
    char *file = tu_write_temp(".csv", text);
    zl_err err = {0};
    assert_int_equal(zl_import_file(s, kind, file, NULL, &err), ZL_EINPUT);
    assert_contains(err.msg, msg);
    counts(s, after);
    assert_memory_equal(before, after, sizeof before);
    unlink(file);
    free(file);
    zl_store_close(s);
    tu_remove_db(path);
}

static void region_layer_rules(void **state)
{
    const char *h = "layer,code,name,pc4,location_id\n";
    char text[512];
    snprintf(text, sizeof text, "%sp,A,Alpha,1011,\np,A,Beta,3511,\n", h);
    expect_bad_text("regions", text, ":3: column 'name': region A of layer p is named 'Alpha'");
    snprintf(text, sizeof text, "%sp,A,Alpha,1011,\np,B,Beta,1011,\n", h);
    expect_bad_text("regions", text, ":3: column 'pc4': duplicate key");
    snprintf(text, sizeof text, "%sp,A,Alpha,,L_AMS\np,B,Beta,,L_AMS\n", h);
    expect_bad_text("regions", text, ":3: column 'location_id': duplicate key");
    snprintf(text, sizeof text, "%sp,A,Alpha,,\n", h);
    expect_bad_text("regions", text, ":2: column 'pc4': give exactly one of pc4 and location_id");
    snprintf(text, sizeof text, "%sp,A,Alpha,,L_NONE\n", h);
    expect_bad_text("regions", text, ":2: column 'location_id': unknown location 'L_NONE'");
    /* The same area may be in one region of each of several layers. */
    char *path;
    zl_store *s = loaded(&path);
    zl_err err = {0};
    snprintf(text, sizeof text, "%sq,X,Xray,1011,\nr,Y,Yankee,1011,\n", h);
    char *file = tu_write_temp(".csv", text);
    zl_import_result r;
    assert_int_equal(zl_import_file(s, "regions", file, &r, &err), ZL_OK);
    assert_int_equal(r.rows, 2);
    /* Moving an area to another region of a layer is an update, not a new row. */
    int64_t n0, n1;
    assert_int_equal(zl_store_count_rows(s, "region_area", &n0, &err), ZL_OK);
    snprintf(text, sizeof text, "%sq,Z,Zulu,1011,\n", h);
    char *move = tu_write_temp(".csv", text);
    assert_int_equal(zl_import_file(s, "regions", move, &r, &err), ZL_OK);
    assert_int_equal(r.changed, 1);
    assert_int_equal(zl_store_count_rows(s, "region_area", &n1, &err), ZL_OK);
    assert_int_equal(n1, n0);
    unlink(file);
    unlink(move);
    free(file);
    free(move);
    zl_store_close(s);
    tu_remove_db(path);
}

static void intervention_and_value_rules(void **state)
{
    const char *h = "code,name,group,norm,norm_source,proposed_norm,proposed_source,window_years\n";
    char text[512];
    snprintf(text, sizeof text, "%sX,x,g,20,src,40,,1\n", h);
    expect_bad_text("interventions", text, ":2: column 'proposed_source': a proposed norm needs");
    snprintf(text, sizeof text, "%sX,x,g,20,src,,,0\n", h);
    expect_bad_text("interventions", text, ":2: column 'window_years': window of 0 years");
    snprintf(text, sizeof text, "%sX,x,g,-1,src,,,1\n", h);
    expect_bad_text("interventions", text, ":2: column 'norm': negative count -1");
    expect_bad_text("volumes", "location_id,intervention,year,count\nL_AMS,NOPE,2022,3\n",
                    ":2: column 'intervention': unknown intervention 'NOPE'");
    expect_bad_text("volumes", "location_id,intervention,year,count\nL_AMS,LUNG,22,3\n",
                    ":2: column 'year': year 22 out of range");
    expect_bad_text("flows",
                    "pc4,location_id,intervention,year,patients,synthetic\n"
                    "1011,L_AMS,LUNG,2022,3,yes\n",
                    ":2: column 'synthetic': expected 0 or 1, found 'yes'");
    expect_bad_text("areas", "pc4,population,lat,lon\n101,5,52,4\n",
                    ":2: column 'pc4': expected a PC4 postcode (1000-9999), found '101'");
    expect_bad_text("areas", "pc4,population,lat,lon\n1011,5,95,4\n",
                    ":2: column 'lat': coordinate 95 out of range");
    expect_bad_text("area-ages", "pc4,age_band,population\n1011,0-5,5\n",
                    ":2: column 'age_band': expected a five-year band");
    expect_bad_text("area-ages", "pc4,age_band,population\n1234,0-4,5\n",
                    ":2: column 'pc4': unknown PC4 1234");
    expect_bad_text("locations", "location_id,name,kind,lat,lon\nX,x,clinic,52,4\n",
                    ":2: column 'kind': unknown kind 'clinic'");
}

/* The reproducers of issue 12: a population of INT64_MAX was stored and overflowed the
 * impact sums; flows and volumes of that size overflowed the case sums; a NUL byte cut a
 * name short; a CR-only file was one long header line. Every numeric field has bounds. */
static void plausible_bounds_nul_and_cr(void **state)
{
    expect_bad_text("areas", "pc4,population,lat,lon\n1011,9223372036854775807,52.37,4.90\n",
                    ":2: column 'population': 9223372036854775807 is outside the plausible "
                    "range 0..1000000");
    expect_bad_text("areas", "pc4,population,male,lat,lon\n1011,10,2000000,52.37,4.90\n",
                    ":2: column 'male': 2000000 is outside the plausible range");
    expect_bad_text("area-ages", "pc4,age_band,population\n1011,0-4,1000001\n",
                    ":2: column 'population': 1000001 is outside the plausible range");
    expect_bad_text("flows",
                    "pc4,location_id,intervention,year,patients\n"
                    "1011,L_AMS,LUNG,2022,9223372036854775807\n",
                    ":2: column 'patients': 9223372036854775807 is outside the plausible range "
                    "0..100000");
    expect_bad_text("volumes", "location_id,intervention,year,count\nL_AMS,LUNG,2022,100001\n",
                    ":2: column 'count': 100001 is outside the plausible range 0..100000");
    const char *iv =
        "code,name,group,norm,norm_source,window_years,proposed_norm,proposed_source\n";
    char text[512];
    snprintf(text, sizeof text, "%sX,x,g,100001,s,1,,\n", iv);
    expect_bad_text("interventions", text, ":2: column 'norm': 100001 is outside the plausible");
    snprintf(text, sizeof text, "%sX,x,g,10,s,11,,\n", iv);
    expect_bad_text("interventions", text, ":2: column 'window_years': 11 is outside");
    snprintf(text, sizeof text, "%sX,x,g,10,s,1,200000,src\n", iv);
    expect_bad_text("interventions", text, ":2: column 'proposed_norm': 200000 is outside");
    expect_bad_text("areas", "pc4,population,lat,lon\r1011,9630,52.37,4.90\r3511,x,52.09,5.11\r",
                    ":3: column 'population': expected an integer, found 'x'");
    expect_bad_text("areas", "pc4,population,lat,lon\r1011,9630,52.37,4.90\n",
                    ":1: header column 4 contains a carriage return (CR) not followed by a "
                    "line feed");
}

/* A NUL byte cannot be written through a C string; the file is made byte by byte. */
static void nul_byte_rejected(void **state)
{
    char *path;
    zl_store *s = loaded(&path);
    int64_t before[N_TABLES], after[N_TABLES];
    counts(s, before);
    static const char text[] = "id,name,lat,lon\nL_NUL,Cut\0Off,52.1,4.5\n";
    char *file = tu_temp_path(".csv");
    FILE *f = fopen(file, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, sizeof text - 1, f), sizeof text - 1);
    fclose(f);
    zl_err err = {0};
    assert_int_equal(zl_import_file(s, "locations", file, NULL, &err), ZL_EINPUT);
    assert_contains(err.msg,
                    ":2: NUL byte at byte 10 of the line: text fields may not contain NUL");
    counts(s, after);
    assert_memory_equal(before, after, sizeof before);
    unlink(file);
    free(file);
    zl_store_close(s);
    tu_remove_db(path);
}

/* A CR-only file (classic Mac) imports as the same file with LF endings would. */
static void cr_only_file_reads(void **state)
{
    char *path;
    zl_store *s = tu_store_new(&path);
    char *file = tu_write_temp(".csv", "pc4,population,lat,lon\r1011,9630,52.37,4.90\r"
                                       "3511,6090,52.09,5.11\r");
    zl_import_result r;
    zl_err err = {0};
    if (zl_import_file(s, "areas", file, &r, &err) != ZL_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(r.rows, 2);
    unlink(file);
    free(file);
    zl_store_close(s);
    tu_remove_db(path);
}

static void unknown_kind(void **state)
{
    char *path;
    zl_store *s = tu_store_new(&path);
    zl_err err = {0};
    assert_int_equal(zl_import_file(s, "nope", FIX "areas.csv", NULL, &err), ZL_EINPUT);
    assert_contains(err.msg, "unknown import kind 'nope'");
    zl_store_close(s);
    tu_remove_db(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(imports_every_kind),
        cmocka_unit_test(empty_age_rows_skipped_and_listings),
        cmocka_unit_test(second_import_changes_nothing),
        cmocka_unit_test(bad_inputs),
        cmocka_unit_test(region_layer_rules),
        cmocka_unit_test(intervention_and_value_rules),
        cmocka_unit_test(unknown_kind),
        cmocka_unit_test(plausible_bounds_nul_and_cr),
        cmocka_unit_test(nul_byte_rejected),
        cmocka_unit_test(cr_only_file_reads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
