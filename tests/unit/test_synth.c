/* Synthetic data: the PRNG against an independent implementation, the samplers' moments,
 * the model table, and the flow generator on a tiny landscape (reproducibility, gravity
 * shares computed by hand, volumes equal to summed flows, output that imports). Also the
 * demo landscape builder on a fixture data directory. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "zorglandschap/demo.h"
#include "zorglandschap/import.h"
#include "zorglandschap/store_landscape.h"
#include "zorglandschap/synth.h"
#include "zorglandschap/travel.h"

#define FIX ZL_FIXTURES "/landscape/"

static void rng_matches_reference(void **state)
{
    /* First outputs of xoshiro256** seeded by splitmix64(42), from an independent Python
     * implementation of the published algorithms. */
    zl_rng r;
    zl_rng_seed(&r, 42);
    assert_true(zl_rng_next(&r) == 0x15780b2e0c2ec716ULL);
    assert_true(zl_rng_next(&r) == 0x6104d9866d113a7eULL);
    assert_true(zl_rng_next(&r) == 0xae17533239e499a1ULL);
}

static void sampler_moments(void **state)
{
    zl_rng r;
    zl_rng_seed(&r, 7);
    const int n = 200000;
    double su = 0, sn = 0, sn2 = 0, sp = 0, sp2 = 0, sbig = 0;
    for (int i = 0; i < n; i++) {
        double u = zl_rng_uniform(&r), z = zl_rng_normal(&r);
        assert_true(u >= 0 && u < 1);
        su += u;
        sn += z;
        sn2 += z * z;
        double p = (double)zl_rng_poisson(&r, 2.5);
        sp += p;
        sp2 += p * p;
    }
    for (int i = 0; i < 20000; i++)
        sbig += (double)zl_rng_poisson(&r, 75); /* the chunked path (> 30) */
    assert_float_equal(su / n, 0.5, 0.005);
    assert_float_equal(sn / n, 0.0, 0.01);
    assert_float_equal(sn2 / n, 1.0, 0.02);
    /* Poisson(2.5): mean and variance 2.5. */
    assert_float_equal(sp / n, 2.5, 0.02);
    assert_float_equal(sp2 / n - (sp / n) * (sp / n), 2.5, 0.05);
    assert_float_equal(sbig / 20000, 75, 0.3);
    assert_int_equal(zl_rng_poisson(&r, 0), 0);
}

static void model_table(void **state)
{
    size_t n;
    const zl_synth_model *m = zl_synth_models(&n);
    assert_int_equal(n, 7);
    for (size_t i = 0; i < n; i++) {
        assert_true(m[i].providers >= 8); /* at least the UMCs */
        for (int b = 0; b < 20; b++)
            assert_true(m[i].rate[b] >= 0);
        /* Incidence rises from young to old adults in every model. */
        assert_true(m[i].rate[13] > m[i].rate[8]);
    }
    assert_string_equal(m[2].code, "LUNG");
    assert_float_equal(m[2].rate[12], 40, 1e-12); /* 60-64 */
}

/* Fixture landscape with 1,000,000 inhabitants aged 60-64 in PC4 1011 only. */
static zl_store *big_store(char **path)
{
    zl_store *s = tu_store_new(path);
    zl_err err = {0};
    char *ages = tu_write_temp(".csv", "pc4,age_band,population\n1011,60-64,1000000\n");
    zl_crowfly cf;
    zl_travel_provider prov;
    zl_crowfly_params p = zl_crowfly_defaults();
    zl_travel_build_result r;
    if (zl_import_file(s, "areas", FIX "areas.csv", NULL, &err) != ZL_OK ||
        zl_import_file(s, "area-ages", ages, NULL, &err) != ZL_OK ||
        zl_import_file(s, "locations", FIX "locations.csv", NULL, &err) != ZL_OK ||
        zl_import_file(s, "interventions", FIX "interventions.csv", NULL, &err) != ZL_OK ||
        zl_crowfly_provider(&cf, &p, &prov, &err) != ZL_OK ||
        zl_travel_build(s, &prov, false, &r, &err) != ZL_OK)
        fail_msg("%s", err.msg);
    unlink(ages);
    free(ages);
    return s;
}

/* Runs the generator into memory. Caller frees *flows and *vols. */
static void generate(zl_store *s, const zl_synth_opts *o, char **flows, char **vols,
                     zl_synth_summary *sum)
{
    size_t nf, nv;
    FILE *f = open_memstream(flows, &nf), *v = open_memstream(vols, &nv);
    zl_err err = {0};
    if (zl_synth_flows(s, o, f, v, sum, &err) != ZL_OK)
        fail_msg("%s", err.msg);
    fclose(f);
    fclose(v);
}

static void gravity_shares_and_reproducibility(void **state)
{
    char *path;
    zl_store *s = big_store(&path);
    zl_synth_opts o = zl_synth_defaults();
    /* beta 0 and sigma 0: attraction 2 for each of the 3 UMCs and 1 for the general
     * hospital, so L_RTM gets 1/7 of the patients whatever the distance. LUNG at 40 per
     * 100,000 aged 60-64: 400 expected a year, 4000 over ten years; PANC (12) 1200. */
    o.beta = 0;
    o.sigma = 0;
    o.year_from = 2000;
    o.year_to = 2009;
    char *flows, *vols;
    zl_synth_summary sum;
    generate(s, &o, &flows, &vols, &sum);
    assert_int_equal(sum.interventions, 2);
    assert_true(fabs((double)sum.patients - 5200) < 4 * sqrt(5200));
    long rtm = 0, all = 0;
    char *save = NULL;
    char *copy = strdup(vols);
    for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char loc[32], iv[32];
        int year, count, syn;
        if (sscanf(line, "%31[^,],%31[^,],%d,%d,%d", loc, iv, &year, &count, &syn) != 5)
            continue; /* header */
        assert_int_equal(syn, 1);
        if (strcmp(iv, "LUNG") != 0)
            continue;
        all += count;
        rtm += strcmp(loc, "L_RTM") == 0 ? count : 0;
    }
    free(copy);
    assert_true(all > 3700 && all < 4300);
    assert_float_equal((double)rtm / (double)all, 1.0 / 7.0, 0.03);
    /* Same seed, same bytes; another seed, other numbers. */
    char *flows2, *vols2;
    generate(s, &o, &flows2, &vols2, &sum);
    assert_string_equal(flows, flows2);
    assert_string_equal(vols, vols2);
    free(flows2);
    free(vols2);
    o.seed = 1;
    generate(s, &o, &flows2, &vols2, &sum);
    assert_true(strcmp(flows, flows2) != 0);
    free(flows2);
    free(vols2);
    free(flows);
    free(vols);
    zl_store_close(s);
    tu_remove_db(path);
}

static void strong_decay_goes_to_nearest_and_imports(void **state)
{
    char *path;
    zl_store *s = big_store(&path);
    zl_synth_opts o = zl_synth_defaults();
    o.beta = 1.0; /* the AMC is 20+ minutes nearer than any other: e^-20 */
    o.year_from = o.year_to = 2022;
    char *flows, *vols;
    zl_synth_summary sum;
    generate(s, &o, &flows, &vols, &sum);
    assert_non_null(strstr(flows, "pc4,location_id,intervention,year,patients,synthetic\n"));
    assert_null(strstr(flows, "L_UTR"));
    assert_null(strstr(flows, "L_RTM"));
    char *ff = tu_write_temp(".csv", flows), *vf = tu_write_temp(".csv", vols);
    zl_err err = {0};
    zl_import_result r;
    assert_int_equal(zl_import_file(s, "flows", ff, &r, &err), ZL_OK);
    assert_true(r.synthetic);
    assert_int_equal(r.rows, sum.flow_rows);
    assert_int_equal(zl_import_file(s, "volumes", vf, &r, &err), ZL_OK);
    assert_int_equal(r.rows, 2 * 4); /* 2 interventions x 4 providers */
    unlink(ff);
    unlink(vf);
    free(ff);
    free(vf);
    free(flows);
    free(vols);
    zl_store_close(s);
    tu_remove_db(path);
}

static void needs_travel_times(void **state)
{
    char *path;
    zl_store *s = tu_store_new(&path);
    zl_err err = {0};
    assert_int_equal(zl_import_file(s, "areas", FIX "areas.csv", NULL, &err), ZL_OK);
    assert_int_equal(zl_import_file(s, "locations", FIX "locations.csv", NULL, &err), ZL_OK);
    zl_synth_opts o = zl_synth_defaults();
    zl_synth_summary sum;
    FILE *devnull = fopen("/dev/null", "w");
    assert_int_equal(zl_synth_flows(s, &o, devnull, NULL, &sum, &err), ZL_EINPUT);
    assert_contains(err.msg, "run 'zl travel build' first");
    o.year_from = 2025;
    o.year_to = 2021;
    assert_int_equal(zl_synth_flows(s, &o, devnull, NULL, &sum, &err), ZL_EINPUT);
    assert_contains(err.msg, "years 2025-2021");
    fclose(devnull);
    zl_store_close(s);
    tu_remove_db(path);
}

static void demo_landscape(void **state)
{
    char *path;
    zl_store *s = tu_store_new(&path);
    zl_err err = {0};
    char *log;
    size_t nlog;
    FILE *f = open_memstream(&log, &nlog);
    assert_int_equal(zl_demo_build_landscape(s, FIX "demo", f, &err), ZL_OK);
    fclose(f);
    int lines = 0;
    for (char *p = log; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 8);
    assert_contains(log, "imported flows");
    assert_contains(log, "(synthetic)");
    assert_contains(log, "5 areas x 4 locations");
    free(log);
    int64_t n;
    assert_int_equal(zl_store_count_rows(s, "travel", &n, &err), ZL_OK);
    assert_int_equal(n, 20);
    assert_int_equal(zl_store_count_rows(s, "region_location", &n, &err), ZL_OK);
    assert_int_equal(n, 4);
    /* Building it again changes nothing. */
    int64_t changes = zl_store_total_changes(s);
    assert_int_equal(zl_demo_build_landscape(s, FIX "demo", NULL, &err), ZL_OK);
    assert_int_equal(zl_store_total_changes(s), changes);
    /* A missing data directory fails with the file named. */
    assert_int_equal(zl_demo_build_landscape(s, "/nonexistent", NULL, &err), ZL_EIO);
    assert_contains(err.msg, "/nonexistent/nl/pc4.csv");
    zl_store_close(s);
    tu_remove_db(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rng_matches_reference),
        cmocka_unit_test(sampler_moments),
        cmocka_unit_test(model_table),
        cmocka_unit_test(gravity_shares_and_reproducibility),
        cmocka_unit_test(strong_decay_goes_to_nearest_and_imports),
        cmocka_unit_test(needs_travel_times),
        cmocka_unit_test(demo_landscape),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
