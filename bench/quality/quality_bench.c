/* Times the quality module against a straightforward reference on a generated store
 * (bench/quality/run.sh, docs/performance.md "Quality transparency (issue 17)"):
 *   funnel  zl_quality_funnel for one indicator over all 121 sample locations, 5 years
 *           (store read + exact limits + flags + the limit curves for drawing), against a
 *           plain SQL query per year and the same limits and curves by a linear quantile
 *           search on GSL's binomial CDF;
 *   fit     zl_quality_volume_outcome on 10 years x 60 locations (store read, log-volume and
 *           volume-band GLMs by IRLS), against a plain SQL query and direct maximisation of
 *           the binomial log-likelihood with GSL's BFGS (gsl_multimin, log volume only).
 * Both sides must agree (limits to 1e-9 and the same flags; coefficients to 1e-4), else exit
 * 1. Times are CPU milliseconds, medians of RUNS. usage: quality_bench ROOT RUNS */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../bench_util.h"
#include "zorglandschap/import.h"
#include "zorglandschap/quality.h"

static void die(const char *what, const char *msg)
{
    fprintf(stderr, "quality_bench: %s: %s\n", what, msg);
    exit(2);
}

/* Volumes: LUNG for every sample location 2019-2023, PANC for the first 60, 2014-2023. */
static void write_volumes(const char *root, const char *path)
{
    char loc[4096];
    snprintf(loc, sizeof loc, "%s/data/sample/locations.csv", root);
    FILE *in = fopen(loc, "r"), *out = fopen(path, "w");
    if (!in || !out)
        die("volumes", "cannot open files");
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 11);
    fputs("location_id,intervention,year,count,synthetic\n", out);
    char line[2048];
    int n = 0;
    fgets(line, sizeof line, in);
    while (fgets(line, sizeof line, in)) {
        char *id = strtok(line, ",");
        double base = 5 + gsl_rng_uniform(rng) * 145;
        for (int y = 2019; y <= 2023; y++)
            fprintf(out, "%s,LUNG,%d,%d,1\n", id, y,
                    (int)fmax(1, round(base * (0.9 + 0.2 * gsl_rng_uniform(rng)))));
        for (int y = 2014; n < 60 && y <= 2023; y++)
            fprintf(out, "%s,PANC,%d,%d,1\n", id, y,
                    (int)fmax(1, round(base * (0.9 + 0.2 * gsl_rng_uniform(rng)))));
        n++;
    }
    gsl_rng_free(rng);
    fclose(in), fclose(out);
}

static void import(zl_store *s, const char *kind, const char *path)
{
    zl_err err = {0};
    zl_import_result r;
    if (zl_import_file(s, kind, path, &r, &err) != ZL_OK)
        die(kind, err.msg);
}

static zl_store *build(const char *root, const char *dir)
{
    char db[4096], vol[4096], val[4096], p[4096];
    snprintf(db, sizeof db, "%s/quality-bench.db", dir);
    snprintf(vol, sizeof vol, "%s/quality-volumes.csv", dir);
    snprintf(val, sizeof val, "%s/quality-values.csv", dir);
    unlink(db);
    zl_store *s;
    zl_err err = {0};
    if (zl_store_open(db, 0, &s, &err) != ZL_OK)
        die("open", err.msg);
    snprintf(p, sizeof p, "%s/data/sample/locations.csv", root);
    import(s, "locations", p);
    snprintf(p, sizeof p, "%s/data/sample/interventions.csv", root);
    import(s, "interventions", p);
    write_volumes(root, vol);
    import(s, "volumes", vol);
    snprintf(p, sizeof p, "%s/data/sample/indicators.csv", root);
    import(s, "indicators", p);
    FILE *f = fopen(val, "w");
    size_t rows;
    if (!f || zl_quality_synth(s, 20261203u, f, &rows, &err) != ZL_OK)
        die("synth", err.msg);
    fclose(f);
    import(s, "indicator-values", val);
    return s;
}

/* ---- the reference funnel: SQL, then a linear quantile search on GSL's CDF ---- */

static double ref_limit(double p0, unsigned n, double prob)
{
    unsigned r = 0;
    double f = gsl_cdf_binomial_P(0, p0, n), f1 = 0;
    while (f < prob * (1 - 64 * 2.220446049250313e-16) && r < n) {
        f1 = f;
        f = gsl_cdf_binomial_P(++r, p0, n);
    }
    double a = f > f1 ? (f - prob) / (f - f1) : 0;
    double l = ((double)r - (a < 0 ? 0 : a)) / n;
    return l < 0 ? 0 : l > 1 ? 1 : l;
}

typedef struct ref_point {
    char id[32];
    int num, den;
    double lim[4];
    int flag;
} ref_point;

/* The limit curves for drawing, as the plot needs them: 60 precisions evenly spaced in
 * the square root from max(3, largest / 50) to 1.1 x the largest denominator. */
static double ref_curve(double p0, int maxden)
{
    static const double prob[4] = {0.025, 0.975, 0.001, 0.999};
    double hi = fmax(maxden * 1.1, 10), lo = fmax(3, hi / 50), last = -1, sum = 0;
    for (int i = 0; i < 60; i++) {
        double x = round(pow(sqrt(lo) + (sqrt(hi) - sqrt(lo)) * i / 59.0, 2));
        if (x <= last)
            continue;
        for (int k = 0; k < 4; k++)
            sum += ref_limit(p0, (unsigned)x, prob[k]);
        last = x;
    }
    return sum;
}

static int ref_funnel(sqlite3 *db, int year, ref_point *pts)
{
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db,
                       "SELECT location_id, numerator, denominator FROM indicator_value"
                       " WHERE indicator = 'LUNG_MORT' AND year = ?1 ORDER BY location_id",
                       -1, &st, NULL);
    sqlite3_bind_int(st, 1, year);
    int n = 0;
    long sy = 0, sn = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        snprintf(pts[n].id, sizeof pts[n].id, "%s", sqlite3_column_text(st, 0));
        pts[n].num = sqlite3_column_int(st, 1), pts[n].den = sqlite3_column_int(st, 2);
        sy += pts[n].num, sn += pts[n].den;
        n++;
    }
    sqlite3_finalize(st);
    double p0 = (double)sy / sn;
    int maxden = 0;
    for (int i = 0; i < n; i++)
        maxden = pts[i].den > maxden ? pts[i].den : maxden;
    volatile double curve = ref_curve(p0, maxden);
    (void)curve;
    static const double prob[4] = {0.025, 0.975, 0.001, 0.999};
    for (int i = 0; i < n; i++) {
        for (int k = 0; k < 4; k++)
            pts[i].lim[k] = ref_limit(p0, (unsigned)pts[i].den, prob[k]);
        double v = (double)pts[i].num / pts[i].den;
        pts[i].flag = v > pts[i].lim[3]   ? 2
                      : v > pts[i].lim[1] ? 1
                      : v < pts[i].lim[2] ? -2
                      : v < pts[i].lim[0] ? -1
                                          : 0;
    }
    return n;
}

/* ---- the reference fit: SQL, then BFGS on the binomial log-likelihood ---- */

typedef struct obs {
    int n;
    double x[700], y[700], t[700];
} obs;

static double nll(const gsl_vector *b, void *p)
{
    const obs *o = p;
    double s = 0, b0 = gsl_vector_get(b, 0), b1 = gsl_vector_get(b, 1);
    for (int i = 0; i < o->n; i++) {
        double eta = b0 + b1 * o->x[i];
        s -= o->y[i] * eta - o->t[i] * log1p(exp(eta));
    }
    return s;
}

static void nll_df(const gsl_vector *b, void *p, gsl_vector *g)
{
    const obs *o = p;
    double g0 = 0, g1 = 0, b0 = gsl_vector_get(b, 0), b1 = gsl_vector_get(b, 1);
    for (int i = 0; i < o->n; i++) {
        double pi = 1 / (1 + exp(-(b0 + b1 * o->x[i])));
        g0 -= o->y[i] - o->t[i] * pi, g1 -= (o->y[i] - o->t[i] * pi) * o->x[i];
    }
    gsl_vector_set(g, 0, g0), gsl_vector_set(g, 1, g1);
}

static void nll_fdf(const gsl_vector *b, void *p, double *f, gsl_vector *g)
{
    *f = nll(b, p);
    nll_df(b, p, g);
}

static void ref_fit(sqlite3 *db, obs *o, double beta[2])
{
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db,
                       "SELECT v.numerator, v.denominator, vol.count FROM indicator_value v"
                       " JOIN volume vol ON vol.intervention = 'PANC'"
                       " AND vol.location_id = v.location_id AND vol.year = v.year"
                       " WHERE v.indicator = 'PANC_MORT'",
                       -1, &st, NULL);
    o->n = 0;
    double sy = 0, st_ = 0;
    while (sqlite3_step(st) == SQLITE_ROW && o->n < 700) {
        o->y[o->n] = sqlite3_column_int(st, 0), o->t[o->n] = sqlite3_column_int(st, 1);
        o->x[o->n] = log(sqlite3_column_int(st, 2));
        sy += o->y[o->n], st_ += o->t[o->n], o->n++;
    }
    sqlite3_finalize(st);
    gsl_multimin_function_fdf fn = {nll, nll_df, nll_fdf, 2, o};
    gsl_vector *x = gsl_vector_alloc(2);
    gsl_vector_set(x, 0, log(sy / (st_ - sy))), gsl_vector_set(x, 1, 0);
    gsl_multimin_fdfminimizer *m =
        gsl_multimin_fdfminimizer_alloc(gsl_multimin_fdfminimizer_vector_bfgs2, 2);
    gsl_multimin_fdfminimizer_set(m, &fn, x, 0.01, 0.1);
    for (int it = 0; it < 500; it++)
        if (gsl_multimin_fdfminimizer_iterate(m) ||
            gsl_multimin_test_gradient(m->gradient, 1e-8) == GSL_SUCCESS)
            break;
    beta[0] = gsl_vector_get(m->x, 0), beta[1] = gsl_vector_get(m->x, 1);
    gsl_multimin_fdfminimizer_free(m);
    gsl_vector_free(x);
}

int main(int argc, char **argv)
{
    if (argc < 4)
        die("usage", "quality_bench ROOT OUTDIR RUNS");
    int runs = atoi(argv[3]);
    zl_store *s = build(argv[1], argv[2]);
    char dbp[4096];
    snprintf(dbp, sizeof dbp, "%s/quality-bench.db", argv[2]);
    sqlite3 *db;
    sqlite3_open_v2(dbp, &db, SQLITE_OPEN_READONLY, NULL);
    double *ta = calloc((size_t)runs, sizeof *ta), *tb = calloc((size_t)runs, sizeof *tb);
    double *tc = calloc((size_t)runs, sizeof *tc), *td = calloc((size_t)runs, sizeof *td);
    static ref_point ref[5][200];
    int nref[5], bad = 0, points = 0, flagged = 0;
    zl_err err = {0};
    for (int r = 0; r < runs; r++) {
        zl_funnel *f[5];
        double a = bench_cpu_ms();
        for (int y = 0; y < 5; y++)
            if (zl_quality_funnel(s, "LUNG_MORT", 2019 + y, false, &f[y], &err) != ZL_OK)
                die("funnel", err.msg);
        ta[r] = bench_cpu_ms() - a;
        a = bench_cpu_ms();
        for (int y = 0; y < 5; y++)
            nref[y] = ref_funnel(db, 2019 + y, ref[y]);
        tb[r] = bench_cpu_ms() - a;
        for (int y = 0; y < 5; y++) {
            bad += (size_t)nref[y] != f[y]->n;
            for (size_t i = 0; i < f[y]->n && (int)i < nref[y]; i++) {
                const zl_funnel_point *p = &f[y]->points[i];
                const double *l = ref[y][i].lim;
                bad += strcmp(p->location_id, ref[y][i].id) != 0 || p->flag != ref[y][i].flag ||
                       fabs(p->lo95 - l[0]) > 1e-9 || fabs(p->hi95 - l[1]) > 1e-9 ||
                       fabs(p->lo998 - l[2]) > 1e-9 || fabs(p->hi998 - l[3]) > 1e-9;
                if (r == 0)
                    points++, flagged += p->flag != 0;
            }
            zl_funnel_free(f[y]);
        }
    }
    zl_vo_fit *fit = NULL;
    obs o;
    double beta[2] = {0, 0};
    for (int r = 0; r < runs; r++) {
        double a = bench_cpu_ms();
        if (zl_quality_volume_outcome(s, "PANC_MORT", 0, 0, &fit, &err) != ZL_OK)
            die("fit", err.msg);
        tc[r] = bench_cpu_ms() - a;
        a = bench_cpu_ms();
        ref_fit(db, &o, beta);
        td[r] = bench_cpu_ms() - a;
        bad += fabs(fit->loglin.beta[0] - beta[0]) > 1e-4 ||
               fabs(fit->loglin.beta[1] - beta[1]) > 1e-4;
        if (r < runs - 1)
            zl_vo_free(fit);
    }
    double fa = bench_median(ta, runs), fb = bench_median(tb, runs), fc = bench_median(tc, runs),
           fd = bench_median(td, runs);
    printf("funnel: 1 indicator x %d points (121 locations x 5 years, %d flagged): zl %.2f ms, "
           "SQL+GSL linear search %.2f ms (%.1fx)\n",
           points, flagged, fa, fb, fb / fa);
    printf(
        "fit: %zu location-years (60 locations x 10 years): zl (log volume + bands, IRLS) %.2f ms, "
        "SQL+GSL BFGS (log volume only) %.2f ms (%.1fx); slope %.5f vs %.5f\n",
        fit->n_obs, fc, fd, fd / fc, fit->loglin.beta[1], beta[1]);
    printf("agreement: %s\n",
           bad ? "DIFFER" : "identical limits and flags, coefficients within 1e-4");
    zl_vo_free(fit);
    sqlite3_close(db);
    zl_store_close(s);
    return bad ? 1 : 0;
}
