/* Times the regional assessment in process on an existing database: for each intervention,
 * the case (province layer), the allocation inputs and the assessment's inputs (network
 * layer argv[2]) are loaded once, then zl_assess_run under the proposed norm with the
 * nearest rule runs RUNS times with mitigation and the optimiser's alternative, RUNS times
 * with the mitigation search but without the optimiser, and RUNS times verdicts only. Prints the
 * per-region figures the Python reference must match (stdout) and the median times (stderr). Built
 * and run by bench/assess/run.sh. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../bench_util.h"
#include "zorglandschap/assess.h"
#include "zorglandschap/store_case.h"
#include "zorglandschap/store_landscape.h"
#include "zorglandschap/util.h"

static void print_region(const char *code, const zl_assess_region *g)
{
    const zl_assess_patients *p = &g->patients;
    char breaches[256] = "";
    for (size_t i = 0; i < g->n_breaches; i++) {
        size_t n = strlen(breaches);
        snprintf(breaches + n, sizeof breaches - n, "%s%s", n ? "+" : "",
                 zl_threshold_name(g->breaches[i].key));
    }
    printf("%s|%s|%.0f|%.0f|%.1f|%lld|%.0f|%.0f|%lld|%.0f|%zu|%s\n", code, g->code, p->total,
           p->displaced, p->extra_minutes.mean, (long long)p->new_beyond_45,
           p->inhabitants_beyond[1].after, g->providers.volume_lost,
           (long long)g->professionals.surgeons_stopping, g->networks.patients_crossing,
           g->networks.networks_without, breaches[0] ? breaches : "-");
}

static int run_times(const zl_case *c, const zl_assess_inputs *in, zl_assess_opts *o, int runs,
                     double *wall, double *cpu, zl_assess **keep)
{
    double tw[64], tc[64];
    zl_err err = {0};
    for (int i = 0; i < runs; i++) {
        zl_assess *a = NULL;
        double w0 = bench_wall_ms(), c0 = bench_cpu_ms();
        if (zl_assess_run(c, in, o, &a, &err) != ZL_OK) {
            fprintf(stderr, "assess_bench: %s\n", err.msg);
            return 1;
        }
        json_decref(zl_assess_to_json(a));
        tw[i] = bench_wall_ms() - w0;
        tc[i] = bench_cpu_ms() - c0;
        if (keep && i == runs - 1)
            *keep = a;
        else
            zl_assess_free(a);
    }
    *wall = bench_median(tw, runs);
    *cpu = bench_median(tc, runs);
    return 0;
}

static int bench_one(zl_store *s, const char *code, const char *network, int runs)
{
    zl_err err = {0};
    zl_case *c = NULL;
    zl_alloc_inputs *alloc = NULL;
    zl_assess_inputs *in = NULL;
    zl_assess *a = NULL;
    zl_intervention iv = {0};
    int year = 0;
    if (zl_store_intervention_get(s, code, &iv, &err) != ZL_OK ||
        zl_store_flow_latest_year(s, code, &year, &err) != ZL_OK) {
        fprintf(stderr, "assess_bench: %s\n", err.msg);
        return 1;
    }
    int64_t proposed = iv.proposed_norm;
    zl_intervention_clear(&iv);
    if (year <= 0 || proposed < 0) {
        fprintf(stderr, "%s skipped: no flows or no proposed norm\n", code);
        return 0;
    }
    double t0 = bench_wall_ms();
    int rc = 1;
    if (zl_case_load(s, code, 0, "province", &c, &err) != ZL_OK ||
        zl_alloc_inputs_load(s, c, &alloc, &err) != ZL_OK ||
        zl_assess_inputs_load(s, c, network, &in, &err) != ZL_OK) {
        fprintf(stderr, "assess_bench: %s\n", err.msg);
        goto done;
    }
    double load = bench_wall_ms() - t0, wall, cpu, wall_v, cpu_v;
    zl_assess_opts o = {.norm = c->intervention.proposed_norm,
                        .rule = ZL_ALLOC_NEAREST,
                        .alloc = alloc,
                        .mitigate = true,
                        .optimiser = true};
    if (run_times(c, in, &o, runs, &wall, &cpu, &a) != 0)
        goto done;
    o.optimiser = false;
    double wall_m, cpu_m;
    if (run_times(c, in, &o, runs, &wall_m, &cpu_m, NULL) != 0)
        goto done;
    o.mitigate = false;
    if (run_times(c, in, &o, runs, &wall_v, &cpu_v, NULL) != 0)
        goto done;
    fprintf(stderr,
            "%s load_ms=%.1f full_ms=%.2f full_cpu_ms=%.2f search_ms=%.2f search_cpu_ms=%.2f "
            "verdict_ms=%.2f verdict_cpu_ms=%.2f\n",
            code, load, wall, cpu, wall_m, cpu_m, wall_v, cpu_v);
    for (size_t r = 0; r < a->n_regions; r++)
        print_region(code, &a->regions[r]);
    print_region(code, &a->national);
    rc = 0;
done:
    zl_assess_free(a);
    zl_assess_inputs_free(in);
    zl_alloc_inputs_free(alloc);
    zl_case_free(c);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: assess_bench DB NETWORK_LAYER [RUNS]\n");
        return 2;
    }
    int runs = argc > 3 ? atoi(argv[3]) : 7;
    if (runs < 1 || runs > 64)
        runs = 7;
    zl_store *s = NULL;
    zl_err err = {0};
    char **codes = NULL;
    size_t n = 0;
    if (zl_store_open(argv[1], ZL_STORE_READONLY, &s, &err) != ZL_OK ||
        zl_store_list_intervention_codes(s, &codes, &n, &err) != ZL_OK) {
        fprintf(stderr, "assess_bench: %s\n", err.msg);
        zl_store_close(s);
        return 1;
    }
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = bench_one(s, codes[i], argv[2], runs);
    zl_strv_free(codes);
    zl_store_close(s);
    return rc;
}
