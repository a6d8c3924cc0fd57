/* Rare-disease importers on small fixtures in the published formats: ORDO OBO-graph JSON,
 * Orphadata product1 (English UTF-8 and Dutch ISO-8859-1), product3, product7, product9,
 * the ERN list and the ECZA register; bad input leaves the database unchanged. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store_internal.h"
#include "testutil.h"
#include "zorglandschap/demo_rare.h"
#include "zorglandschap/rare.h"
#include "zorglandschap/store_rare.h"
#include "zorglandschap/util.h"

#define FIX(name) ZL_FIXTURES "/rare/" name

typedef struct fx {
    zl_store *s;
    char *path;
} fx;

static void import_ok(zl_store *s, const char *kind, const char *file, zl_rare_import_stats *st)
{
    zl_err err = {0};
    if (zl_rare_import(s, kind, file, st, &err) != ZL_OK)
        fail_msg("import %s %s: %s", kind, file, err.msg);
}

static void load_locations(zl_store *s)
{
    char *sql = NULL;
    size_t n;
    zl_err err = {0};
    assert_int_equal(zl_read_file(FIX("locations.sql"), &sql, &n, &err), ZL_OK);
    assert_int_equal(zl_store_exec(s, sql, &err), ZL_OK);
    free(sql);
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->s = tu_store_new(&f->path);
    *state = f;
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

static void ordo_mini(void **state)
{
    fx *f = *state;
    zl_rare_import_stats st;
    import_ok(f->s, "ordo", FIX("ordo_mini.json"), &st);
    assert_int_equal(st.classes, 8);
    assert_int_equal(st.records, 6); /* the gene and the prevalence class are skipped */
    assert_int_equal(st.obsolete, 1);
    assert_int_equal(st.synonyms, 2);
    assert_int_equal(st.icd10, 2);
    assert_int_equal(st.parents, 1);
    assert_int_equal(st.prevalence, 1);
    zl_rows r = {0};
    zl_err err = {0};
    assert_int_equal(zl_rare_get_disorder(f->s, 1235, &r, &err), ZL_OK);
    assert_string_equal(zl_rows_get(&r, 0, 1),
                        "Ectodermal dysplasia-absent dermatoglyphs syndrome");
    assert_string_equal(zl_rows_get(&r, 0, 3), "deprecated");
    assert_int_equal(zl_rows_int(&r, 0, 4), 1658);
    zl_rows_free(&r);
    assert_int_equal(zl_rare_get_disorder(f->s, 101944, &r, &err), ZL_OK);
    assert_string_equal(zl_rows_get(&r, 0, 2), "group of disorders");
    zl_rows_free(&r);
    /* a second import changes nothing */
    int64_t before[7], after[7];
    assert_int_equal(zl_rare_counts(f->s, before, &err), ZL_OK);
    import_ok(f->s, "ordo", FIX("ordo_mini.json"), &st);
    assert_int_equal(zl_rare_counts(f->s, after, &err), ZL_OK);
    assert_memory_equal(before, after, sizeof before);
}

static void product1_languages_merge(void **state)
{
    fx *f = *state;
    zl_rare_import_stats st;
    import_ok(f->s, "ordo", FIX("ordo_mini.json"), &st);
    import_ok(f->s, "product1", FIX("en_product1.xml"), &st);
    assert_int_equal(st.records, 4);
    assert_int_equal(st.xrefs, 4);
    import_ok(f->s, "product1", FIX("nl_product1.xml"), &st);
    assert_int_equal(st.records, 3);
    zl_err err = {0};
    zl_rows r = {0};
    assert_int_equal(zl_rare_get_names(f->s, 123, &r, &err), ZL_OK);
    bool nl = false, en = false;
    for (size_t i = 0; i < r.n; i++) {
        nl = nl || strcmp(zl_rows_get(&r, i, 2), "Syndroom van Bj\xc3\xb6rnstad") == 0;
        en = en || strcmp(zl_rows_get(&r, i, 2), "Bj\xc3\xb6rnstad syndrome") == 0;
    }
    assert_true(nl); /* ISO-8859-1 input arrives as UTF-8 */
    assert_true(en); /* English names stay */
    zl_rows_free(&r);
    assert_int_equal(zl_rare_get_disorder(f->s, 586, &r, &err), ZL_OK);
    assert_string_equal(zl_rows_get(&r, 0, 1), "Cystic fibrosis"); /* not the Dutch name */
    zl_rows_free(&r);
    assert_int_equal(zl_rare_get_xrefs(f->s, 586, &r, &err), ZL_OK);
    bool icd = false;
    for (size_t i = 0; i < r.n; i++)
        if (strcmp(zl_rows_get(&r, i, 0), "ICD10") == 0 &&
            strcmp(zl_rows_get(&r, i, 1), "E84.0") == 0) {
            icd = true;
            assert_string_equal(zl_rows_get(&r, i, 2),
                                "NTBT (narrower term maps to a broader term)");
            assert_string_equal(zl_rows_get(&r, i, 3), "Validated");
        }
    assert_true(icd);
    zl_rows_free(&r);
}

static void product1_flags_and_moved_to(void **state)
{
    fx *f = *state;
    zl_rare_import_stats st;
    import_ok(f->s, "product1", FIX("en_product1.xml"), &st);
    zl_err err = {0};
    zl_rows r = {0};
    assert_int_equal(zl_rare_get_disorder(f->s, 1235, &r, &err), ZL_OK);
    assert_string_equal(zl_rows_get(&r, 0, 3), "deprecated");
    assert_int_equal(zl_rows_int(&r, 0, 4), 1658);
    assert_string_equal(zl_rows_get(&r, 0, 2), "malformation syndrome");
    zl_rows_free(&r);
}

/* A prevalence value outside its plausible bounds is refused (issue 12). */
static void prevalence_bounds(void **state)
{
    fx *f = *state;
    char *xml;
    size_t len;
    zl_err err = {0};
    assert_int_equal(zl_read_file(FIX("en_product9_prev.xml"), &xml, &len, &err), ZL_OK);
    const char *bad[] = {"1e300", "-1", "nan"};
    for (size_t i = 0; i < 3; i++) {
        char *copy = strdup(xml), *at = strstr(copy, "<ValMoy>1.2</ValMoy>");
        assert_non_null(at);
        char text[8192];
        snprintf(text, sizeof text, "%.*s<ValMoy>%s</ValMoy>%s", (int)(at - copy), copy, bad[i],
                 at + strlen("<ValMoy>1.2</ValMoy>"));
        char *file = tu_write_temp(".xml", text);
        zl_rare_import_stats st;
        zl_status status = zl_rare_import(f->s, "product9", file, &st, &err);
        assert_int_not_equal(status, ZL_OK);
        assert_contains(err.msg, "ValMoy");
        unlink(file);
        free(file);
        free(copy);
    }
    free(xml);
}

static void products_3_7_9(void **state)
{
    fx *f = *state;
    zl_rare_import_stats st;
    import_ok(f->s, "product3", FIX("en_product3.xml"), &st);
    assert_int_equal(st.parents, 3);
    import_ok(f->s, "product7", FIX("en_product7.xml"), &st);
    import_ok(f->s, "product9", FIX("en_product9_prev.xml"), &st);
    assert_int_equal(st.prevalence, 2);
    import_ok(f->s, "product9", FIX("en_product9_prev.xml"), &st); /* replaces, no duplicates */
    zl_err err = {0};
    zl_rows r = {0};
    assert_int_equal(zl_rare_get_parents(f->s, 586, &r, &err), ZL_OK);
    assert_int_equal(r.n, 2);
    assert_int_equal(zl_rows_int(&r, 0, 0), 101944);
    assert_int_equal(zl_rows_int(&r, 1, 0), 156610);
    zl_rows_free(&r);
    assert_int_equal(zl_rare_get_prevalence(f->s, 586, &r, &err), ZL_OK);
    assert_int_equal(r.n, 2);
    assert_string_equal(zl_rows_get(&r, 0, 0), "Point prevalence");
    assert_string_equal(zl_rows_get(&r, 0, 2), "1-5 / 10 000");
    assert_string_equal(zl_rows_get(&r, 0, 4), "Europe");
    zl_rows_free(&r);
    assert_int_equal(zl_rare_get_disorder(f->s, 586, &r, &err), ZL_OK);
    assert_int_equal(zl_rows_int(&r, 0, 6), 101944);
    zl_rows_free(&r);
}

static void expect_unchanged(zl_store *s, const char *kind, const char *file, const char *frag)
{
    zl_err err = {0};
    int64_t before[7], after[7];
    assert_int_equal(zl_rare_counts(s, before, &err), ZL_OK);
    assert_int_not_equal(zl_rare_import(s, kind, file, NULL, &err), ZL_OK);
    assert_contains(err.msg, frag);
    assert_int_equal(zl_rare_counts(s, after, &err), ZL_OK);
    assert_memory_equal(before, after, sizeof before);
}

static void bad_input(void **state)
{
    fx *f = *state;
    zl_rare_import_stats st;
    import_ok(f->s, "ordo", FIX("ordo_mini.json"), &st);
    import_ok(f->s, "ern", FIX("ern_mini.csv"), &st);
    load_locations(f->s);
    expect_unchanged(f->s, "product1", FIX("truncated_product1.xml"),
                     "truncated_product1.xml:58: truncated or malformed XML");
    expect_unchanged(f->s, "product9", FIX("wrong_root.xml"),
                     "wrong_root.xml:2: wrong root element <HPODisorderSetStatusList>");
    expect_unchanged(f->s, "ordo", FIX("corrupt.json.gz"), "corrupt.json.gz: corrupt gzip data");
    expect_unchanged(f->s, "ecza", FIX("ecza_unknown_code.csv"),
                     "ecza_unknown_code.csv:3: column 'orpha': ORPHA:999999999 does not exist");
    expect_unchanged(f->s, "ecza", FIX("ecza_overlap.csv"),
                     "ecza_overlap.csv:3: column 'recognised_from': period 2024-06-01..2028-12-31 "
                     "of centre 'T-1' for ORPHA:101944 overlaps the period starting 2020-01-01");
}

static void register_on_a_date(void **state)
{
    fx *f = *state;
    zl_rare_import_stats st;
    import_ok(f->s, "ordo", FIX("ordo_mini.json"), &st);
    import_ok(f->s, "ern", FIX("ern_mini.csv"), &st);
    load_locations(f->s);
    import_ok(f->s, "ecza", FIX("ecza_ok.csv"), &st);
    assert_int_equal(st.records, 3);
    zl_err err = {0};
    json_t *reg;
    /* 2022: T-1 recognised; T-2 objection pending is left out */
    assert_int_equal(zl_rare_register_json(f->s, "2022-06-01", &reg, &err), ZL_OK);
    assert_int_equal(json_integer_value(json_object_get(reg, "count")), 1);
    assert_true(json_is_true(json_object_get(reg, "synthetic")));
    json_t *r0 = json_array_get(json_object_get(reg, "recognitions"), 0);
    assert_string_equal(json_string_value(json_object_get(r0, "recognised_from")), "2020-01-01");
    json_decref(reg);
    /* 2017: the expired period was in force */
    assert_int_equal(zl_rare_register_json(f->s, "2017-03-01", &reg, &err), ZL_OK);
    assert_int_equal(json_integer_value(json_object_get(reg, "count")), 1);
    json_decref(reg);
    /* 2026: nothing */
    assert_int_equal(zl_rare_register_json(f->s, "2026-03-01", &reg, &err), ZL_OK);
    assert_int_equal(json_integer_value(json_object_get(reg, "count")), 0);
    json_decref(reg);
    /* the record of CF shows no centre of its own on 2022-06-01 */
    json_t *rec;
    assert_int_equal(zl_rare_record_json(f->s, 586, "2022-06-01", &rec, &err), ZL_OK);
    assert_int_equal(json_array_size(json_object_get(rec, "centres")), 0);
    assert_int_equal(json_array_size(json_object_get(rec, "parents")), 1);
    json_decref(rec);
    assert_int_equal(zl_rare_record_json(f->s, 101944, "2022-06-01", &rec, &err), ZL_OK);
    assert_int_equal(json_array_size(json_object_get(rec, "centres")), 1);
    json_decref(rec);
    assert_int_equal(zl_rare_record_json(f->s, 424242, "2022-06-01", &rec, &err), ZL_ENOTFOUND);
}

/* zl_demo_build_rare over a data folder laid out like the repository's data/, made of
 * links to the small fixtures. */
static void demo_build(void **state)
{
    fx *f = *state;
    char *dir = tu_temp_path(".d"), p[512], log_buf[2048] = {0};
    snprintf(p, sizeof p, "%s", dir);
    assert_int_equal(mkdir(p, 0700), 0);
    snprintf(p, sizeof p, "%s/orphanet", dir);
    assert_int_equal(mkdir(p, 0700), 0);
    snprintf(p, sizeof p, "%s/sample", dir);
    assert_int_equal(mkdir(p, 0700), 0);
    static const char *const links[][2] = {
        {FIX("ordo_mini.json"), "orphanet/ordo-2.6-2018-07-12.json.gz"},
        {FIX("ern_mini.csv"), "orphanet/ern.csv"},
        {FIX("ecza_ok.csv"), "sample/ecza.csv"},
        {FIX("networks_demo.csv"), "sample/rare_networks.csv"},
        {FIX("shared_care_demo.csv"), "sample/rare_shared_care.csv"},
        {FIX("recognitions_demo.csv"), "sample/rare_recognitions.csv"},
        {FIX("assessments_demo.csv"), "sample/rare_assessments.csv"},
        {FIX("pathways_demo.csv"), "sample/rare_pathways.csv"}};
    const int nlinks = (int)(sizeof links / sizeof links[0]);
    for (int i = 0; i < nlinks; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, links[i][1]);
        assert_int_equal(symlink(links[i][0], p), 0);
    }
    zl_err err = {0};
    FILE *log = fmemopen(log_buf, sizeof log_buf - 1, "w");
    /* without the care-landscape locations the register cannot be imported */
    assert_int_equal(zl_demo_build_rare(f->s, dir, log, &err), ZL_EINPUT);
    assert_contains(err.msg, "does not exist (import the care landscape first)");
    load_locations(f->s);
    assert_int_equal(zl_demo_build_rare(f->s, dir, log, &err), ZL_OK);
    fclose(log);
    assert_contains(log_buf, "expertise-centre register (SYNTHETIC sample): 3 records");
    assert_contains(log_buf, "ECZA networks (SYNTHETIC sample): 1 records");
    int64_t counts[7];
    assert_int_equal(zl_rare_counts(f->s, counts, &err), ZL_OK);
    assert_int_equal(counts[6], 3);
    for (int i = nlinks - 1; i >= 0; i--) {
        snprintf(p, sizeof p, "%s/%s", dir, links[i][1]);
        unlink(p);
    }
    snprintf(p, sizeof p, "%s/orphanet", dir);
    rmdir(p);
    snprintf(p, sizeof p, "%s/sample", dir);
    rmdir(p);
    rmdir(dir);
    free(dir);
}

static void parsers(void **state)
{
    int64_t v;
    assert_true(zl_orpha_parse("ORPHA:586", &v) && v == 586);
    assert_true(zl_orpha_parse(" orpha:586 ", &v) && v == 586);
    assert_true(zl_orpha_parse("Orphanet_558", &v) && v == 558);
    assert_true(zl_orpha_parse("98896", &v) && v == 98896);
    assert_false(zl_orpha_parse("ORPHA:", &v));
    assert_false(zl_orpha_parse("58a6", &v));
    assert_false(zl_orpha_parse("0", &v));
    assert_true(zl_date_valid("2024-02-29"));
    assert_false(zl_date_valid("2023-02-29"));
    assert_false(zl_date_valid("2023-13-01"));
    assert_false(zl_date_valid("2023-1-01"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(ordo_mini, setup, teardown),
        cmocka_unit_test_setup_teardown(product1_languages_merge, setup, teardown),
        cmocka_unit_test_setup_teardown(product1_flags_and_moved_to, setup, teardown),
        cmocka_unit_test_setup_teardown(prevalence_bounds, setup, teardown),
        cmocka_unit_test_setup_teardown(products_3_7_9, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_input, setup, teardown),
        cmocka_unit_test_setup_teardown(register_on_a_date, setup, teardown),
        cmocka_unit_test_setup_teardown(demo_build, setup, teardown),
        cmocka_unit_test(parsers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
