/* The labelled synthetic sample of indicator values (docs/quality.md, "Sample"): for every
 * indicator with a base rate and every location-year with a volume of its intervention, a
 * rate built from the national base rate, a volume-outcome slope on log volume and a
 * random location effect, with binomial (O/E: Poisson) variation; hospitals with more
 * volume publish more often. GSL's Mersenne Twister and samplers, one seed. */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "quality_internal.h"
#include "zorglandschap/store_case.h"
#include "zorglandschap/util.h"

#define LOCATION_SD 0.15 /* spread of the locations' log odds (log rate) around the line */
#define CASEMIX_SD  0.10 /* spread of the case-mix expected count around volume x base rate */

double zl_quality_synth_slope(const zl_indicator *ind)
{
    return ind->lower_is_better ? -0.35 : 0.30;
}

typedef struct vol_row {
    char id[32];
    int year;
    int64_t count;
} vol_row;

typedef struct vol_rows {
    vol_row *v;
    size_t n, cap;
} vol_rows;

static zl_status keep_volume(void *ctx, const char *location_id, int year, int64_t count,
                             bool synthetic, zl_err *err)
{
    vol_rows *r = ctx;
    if (count < 1)
        return ZL_OK;
    void *p = r->v;
    if (zl_grow(&p, &r->cap, r->n + 1, sizeof *r->v, err) != ZL_OK)
        return ZL_ENOMEM;
    r->v = p;
    vol_row *v = &r->v[r->n++];
    snprintf(v->id, sizeof v->id, "%s", location_id);
    v->year = year, v->count = count;
    return ZL_OK;
}

static int cmp_vol(const void *a, const void *b)
{
    const vol_row *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->year > y->year) - (x->year < y->year);
}

/* Publishing rises with volume: a logistic curve through 50 % at 25 patients a year. */
static bool draws_published(gsl_rng *rng, double volume)
{
    double p = 1 / (1 + exp(-1.2 * (log(volume) - log(25))));
    return gsl_rng_uniform(rng) < p;
}

static void write_indicator(const zl_indicator *ind, const vol_rows *r, gsl_rng *rng, FILE *out,
                            size_t *rows)
{
    double centre = 0;
    for (size_t i = 0; i < r->n; i++)
        centre += log((double)r->v[i].count) / (double)r->n;
    double slope = zl_quality_synth_slope(ind), u = 0;
    bool published = false;
    for (size_t i = 0; i < r->n; i++) {
        const vol_row *v = &r->v[i];
        if (i == 0 || strcmp(v->id, r->v[i - 1].id) != 0) {
            u = gsl_ran_gaussian(rng, LOCATION_SD);
            published = draws_published(rng, (double)v->count);
        }
        double shift = slope * (log((double)v->count) - centre) + u;
        if (ind->type == ZL_IND_PROPORTION) {
            double lo = log(ind->base_rate / (1 - ind->base_rate)) + shift;
            unsigned k = gsl_ran_binomial(rng, 1 / (1 + exp(-lo)), (unsigned)v->count);
            fprintf(out, "%s,%s,%d,%u,%lld,,%s,1\n", v->id, ind->code, v->year, k,
                    (long long)v->count, published ? "yes" : "no");
        } else {
            double e = (double)v->count * ind->base_rate * exp(gsl_ran_gaussian(rng, CASEMIX_SD));
            e = fmin(fmax(e, 0.001), (double)v->count);
            unsigned k = gsl_ran_poisson(rng, e * exp(shift));
            if (k > v->count)
                k = (unsigned)v->count;
            fprintf(out, "%s,%s,%d,%u,%lld,%.3f,%s,1\n", v->id, ind->code, v->year, k,
                    (long long)v->count, e, published ? "yes" : "no");
        }
        ++*rows;
    }
}

zl_status zl_quality_synth(zl_store *s, uint64_t seed, FILE *out, size_t *rows, zl_err *err)
{
    zl_indicator *ind = NULL;
    size_t n = 0;
    *rows = 0;
    zl_status st = zl_quality_indicators(s, NULL, &ind, &n, err);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (st == ZL_OK && !rng)
        st = zl_fail(err, ZL_ENOMEM, "out of memory");
    if (st == ZL_OK) {
        gsl_rng_set(rng, (unsigned long)seed);
        fputs("location_id,indicator,year,numerator,denominator,expected,published,synthetic\n",
              out);
    }
    for (size_t i = 0; st == ZL_OK && i < n; i++) {
        if (isnan(ind[i].base_rate))
            continue;
        vol_rows r = {0};
        st = zl_store_volumes_each(s, ind[i].intervention, 1900, 2100, keep_volume, &r, err);
        if (st == ZL_OK && r.n) {
            qsort(r.v, r.n, sizeof *r.v, cmp_vol);
            write_indicator(&ind[i], &r, rng, out, rows);
        }
        free(r.v);
    }
    if (st == ZL_OK && ferror(out))
        st = zl_fail(err, ZL_EIO, "writing the synthetic indicator values failed");
    if (rng)
        gsl_rng_free(rng);
    zl_quality_indicators_free(ind, n);
    return st;
}
