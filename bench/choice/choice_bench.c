/* Times the choice model and the choice allocation in process on a demo database: per
 * intervention the case load once, the fit (zl_choice_fit, with the 75+ interaction),
 * zl_impact_run under the rule `choice` at the proposed norm (else twice the current one)
 * and zl_impact_run_rules (every rule). Prints one line per intervention with the figures
 * the SQL reference (choice.sql) must match. Times are CPU milliseconds. Built and run by
 * bench/choice/run.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../bench_util.h"
#include "zorglandschap/alloc.h"
#include "zorglandschap/choice.h"
#include "zorglandschap/impact.h"
#include "zorglandschap/store_landscape.h"
#include "zorglandschap/util.h"

/* CPU time of the process: on a shared machine wall-clock time would measure the
 * neighbours too (the engine is single-threaded). */
static int fail(const char *what, const zl_err *err)
{
    fprintf(stderr, "choice_bench: %s: %s\n", what, err->msg);
    return 1;
}

static double time_fit(const zl_case *c, const double *old, int runs, double *t, zl_err *err)
{
    for (int i = 0; i < runs; i++) {
        zl_choice_fit_opts o = {.age_interaction = true, .old_share = old};
        zl_choice_model *m = NULL;
        double a = bench_cpu_ms();
        if (zl_choice_fit(c, &o, &m, err) != ZL_OK)
            return -1;
        t[i] = bench_cpu_ms() - a;
        zl_choice_model_free(m);
    }
    return bench_median(t, runs);
}

static double time_rules(const zl_case *c, const zl_impact_opts *o, int runs, double *t,
                         zl_err *err)
{
    for (int i = 0; i < runs; i++) {
        zl_impact *rs[ZL_ALLOC_N_RULES];
        size_t n = 0;
        double a = bench_cpu_ms();
        if (zl_impact_run_rules(c, o, rs, &n, err) != ZL_OK)
            return -1;
        t[i] = bench_cpu_ms() - a;
        for (size_t k = 0; k < n; k++)
            zl_impact_free(rs[k]);
    }
    return bench_median(t, runs);
}

/* The figures: displaced, sum of extra minutes, expected patients after per open location. */
static void print_figures(const char *code, const zl_impact *r)
{
    const zl_impact_metrics *m = zl_impact_metrics_get(r);
    const zl_case *c = zl_impact_case(r);
    printf("%s|%.3f|%.3f|", code, m->patients_displaced,
           m->extra_minutes.mean * m->extra_minutes.n);
    size_t n;
    const zl_impact_location *x = zl_impact_locations(r, &n);
    const char *sep = "";
    for (size_t i = 0; i < n; i++)
        if (x[i].status != ZL_LOC_STOPS) {
            printf("%s%s:%.3f", sep, c->locations[x[i].location].id, x[i].volume_after);
            sep = ",";
        }
    putchar('\n');
}

static int bench_one(zl_store *s, const char *code, int runs)
{
    zl_err err = {0};
    zl_case *c = NULL;
    zl_alloc_inputs *in = NULL;
    double *old = NULL, t_fit[64], t_run[64], t_rules[64];
    double t0 = bench_cpu_ms();
    if (zl_case_load(s, code, 0, NULL, &c, &err) != ZL_OK ||
        zl_alloc_inputs_load(s, c, &in, &err) != ZL_OK ||
        zl_choice_old_share(s, c, &old, &err) != ZL_OK)
        return fail(code, &err);
    double load = bench_cpu_ms() - t0;
    int64_t norm = c->intervention.proposed_norm >= 0 ? c->intervention.proposed_norm
                                                      : 2 * c->intervention.norm;
    zl_impact_opts o = {.norm = norm, .rule = ZL_ALLOC_CHOICE, .inputs = in};
    zl_impact *r = NULL;
    int rc = 0;
    double fit = time_fit(c, old, runs, t_fit, &err);
    for (int i = 0; rc == 0 && fit >= 0 && i < runs; i++) {
        zl_impact_free(r);
        r = NULL;
        double a = bench_cpu_ms();
        rc = zl_impact_run(c, &o, &r, &err) != ZL_OK;
        t_run[i] = bench_cpu_ms() - a;
    }
    double rules = rc == 0 && fit >= 0 ? time_rules(c, &o, runs, t_rules, &err) : -1;
    if (fit < 0 || rc || rules < 0)
        rc = fail(code, &err);
    else {
        fprintf(stderr, "%s load_ms=%.3f fit_ms=%.3f run_ms=%.3f rules_ms=%.3f\n", code, load, fit,
                bench_median(t_run, runs), rules);
        print_figures(code, r);
    }
    zl_impact_free(r);
    free(old);
    zl_alloc_inputs_free(in);
    zl_case_free(c);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: choice_bench DB [RUNS [CODE...]]\n");
        return 2;
    }
    int runs = argc > 2 ? atoi(argv[2]) : 5;
    if (runs < 1 || runs > 64)
        runs = 5;
    zl_store *s = NULL;
    zl_err err = {0};
    char **codes = NULL;
    size_t n = 0;
    if (zl_store_open(argv[1], ZL_STORE_READONLY, &s, &err) != ZL_OK ||
        (argc <= 3 && zl_store_list_intervention_codes(s, &codes, &n, &err) != ZL_OK)) {
        zl_store_close(s);
        return fail("open", &err);
    }
    int rc = 0;
    /* The interventions named after RUNS (those with flows, from run.sh), else all. */
    for (int i = 3; i < argc && rc == 0; i++)
        rc = bench_one(s, argv[i], runs);
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = bench_one(s, codes[i], runs);
    zl_strv_free(codes);
    zl_store_close(s);
    return rc;
}
