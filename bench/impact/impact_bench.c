/* Times the impact engine in process on an existing database: for each intervention, the
 * case load once, then zl_impact_run (+ the JSON report) several times; prints one line
 * per intervention with the median times and the figures the SQL reference must match.
 * Built and run by bench/impact/run.sh; not part of the library or the tests. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../bench_util.h"
#include "zorglandschap/impact.h"
#include "zorglandschap/store_landscape.h"
#include "zorglandschap/util.h"

/* One intervention: load, then `runs` analyses under the proposed norm. */
static int bench_one(zl_store *s, const char *code, int runs)
{
    zl_err err = {0};
    zl_case *c = NULL;
    double t0 = bench_wall_ms();
    if (zl_case_load(s, code, 0, NULL, &c, &err) != ZL_OK) {
        fprintf(stderr, "impact_bench: %s\n", err.msg);
        return 1;
    }
    double load = bench_wall_ms() - t0, t_run[64], t_json[64];
    zl_impact_opts o = {.norm = c->intervention.proposed_norm};
    const zl_impact_metrics *m = NULL;
    zl_impact *r = NULL;
    for (int i = 0; i < runs; i++) {
        zl_impact_free(r);
        double a = bench_wall_ms();
        if (zl_impact_run(c, &o, &r, &err) != ZL_OK) {
            fprintf(stderr, "impact_bench: %s\n", err.msg);
            zl_case_free(c);
            return 1;
        }
        double b = bench_wall_ms();
        json_decref(zl_impact_to_json(r));
        t_run[i] = b - a;
        t_json[i] = bench_wall_ms() - b;
    }
    m = zl_impact_metrics_get(r);
    size_t ns;
    const zl_impact_sensitivity *sens = zl_impact_sensitivity_get(r, &ns);
    int64_t max_increase = 0;
    for (size_t i = 0; i < ns; i++)
        if (sens[i].increase > max_increase)
            max_increase = sens[i].increase;
    /* Timings on stderr; the figures on stdout in the column order of impact.sql. */
    fprintf(stderr, "%s load_ms=%.3f run_ms=%.3f json_ms=%.3f\n", code, load,
            bench_median(t_run, runs), bench_median(t_json, runs));
    printf("%s|%zu|%lld|%lld|%.1f|%.1f|%.1f|%.1f|%.1f|%lld|%lld|%lld|%lld|%lld|%lld\n", code,
           m->n_stopping, (long long)m->patients_total, (long long)m->patients_displaced,
           m->extra_minutes.mean * (double)m->extra_minutes.n, m->extra_minutes.p50,
           m->extra_minutes.p90, m->extra_minutes.max, m->minutes_after.p90,
           (long long)m->patients_beyond[0].before, (long long)m->patients_beyond[0].after,
           (long long)m->patients_beyond[2].after, (long long)m->population_beyond[1].before,
           (long long)m->population_beyond[1].after, (long long)max_increase);
    zl_impact_free(r);
    zl_case_free(c);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: impact_bench DB [RUNS]\n");
        return 2;
    }
    int runs = argc > 2 ? atoi(argv[2]) : 7;
    if (runs < 1 || runs > 64)
        runs = 7;
    zl_store *s = NULL;
    zl_err err = {0};
    char **codes = NULL;
    size_t n = 0;
    if (zl_store_open(argv[1], ZL_STORE_READONLY, &s, &err) != ZL_OK ||
        zl_store_list_intervention_codes(s, &codes, &n, &err) != ZL_OK) {
        fprintf(stderr, "impact_bench: %s\n", err.msg);
        zl_store_close(s);
        return 1;
    }
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = bench_one(s, codes[i], runs);
    zl_strv_free(codes);
    zl_store_close(s);
    return rc;
}
