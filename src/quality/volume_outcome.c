/* The volume-outcome regression of one indicator over location-years: the outcome on log
 * volume (binomial-logit for proportions, Poisson-log with the case-mix expected count as
 * exposure for O/E ratios) and on volume bands, and from the log-volume model the expected
 * change of events when volumes move (a norm scenario of the impact analysis). An
 * association, not a causal effect: docs/quality.md says what it does not show. */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quality_internal.h"
#include "zorglandschap/impact.h"

static const int band_lo[ZL_VO_MAX_BANDS] = {1, 20, 40, 60};

static int band_of(double volume)
{
    int b = 0;
    while (b + 1 < ZL_VO_MAX_BANDS && volume >= band_lo[b + 1])
        b++;
    return b;
}

static double volume_of(const zl_quality_row *r)
{
    return r->volume >= 1 ? (double)r->volume : (double)r->denominator;
}

typedef struct vo_data {
    size_t n;
    double *vol, *y, *t;
} vo_data;

static void data_free(vo_data *d)
{
    free(d->vol), free(d->y), free(d->t);
}

static zl_status data_make(zl_vo_fit *f, const zl_quality_row *rows, size_t n, vo_data *d,
                           zl_err *err)
{
    d->vol = malloc((n ? n : 1) * sizeof(double));
    d->y = malloc((n ? n : 1) * sizeof(double));
    d->t = malloc((n ? n : 1) * sizeof(double));
    if (!d->vol || !d->y || !d->t)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    double expected = 0;
    for (size_t i = 0; i < n; i++) {
        const zl_quality_row *r = &rows[i];
        bool oe = f->ind.type == ZL_IND_OE_RATIO;
        if (r->denominator < 1 || (oe && !(r->expected > 0)))
            continue;
        d->vol[d->n] = volume_of(r);
        d->y[d->n] = (double)r->numerator;
        d->t[d->n] = oe ? r->expected : (double)r->denominator;
        d->n++;
        f->events += r->numerator;
        f->patients += r->denominator;
        expected += oe ? r->expected : 0;
        f->synthetic |= r->synthetic;
    }
    f->n_obs = d->n;
    f->expected_per_patient =
        f->ind.type == ZL_IND_OE_RATIO && f->patients ? expected / (double)f->patients : 1;
    return ZL_OK;
}

static zl_glm_family family(const zl_vo_fit *f)
{
    return f->ind.type == ZL_IND_OE_RATIO ? ZL_GLM_POISSON : ZL_GLM_BINOMIAL;
}

static zl_status fit_loglin(zl_vo_fit *f, const vo_data *d, zl_err *err)
{
    double *X = malloc(2 * (d->n ? d->n : 1) * sizeof *X);
    if (!X)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t i = 0; i < d->n; i++)
        X[2 * i] = 1, X[2 * i + 1] = log(d->vol[i]);
    zl_status st = zl_glm_fit(family(f), X, d->n, 2, d->y, d->t, &f->loglin, err);
    free(X);
    if (st != ZL_OK)
        return zl_err_prefix(err, "indicator %s, log volume: ", f->ind.code);
    double z = gsl_cdf_ugaussian_Pinv(0.975), b = f->loglin.beta[1], se = f->loglin.se[1];
    f->ratio_per_doubling = exp(b * M_LN2);
    f->ratio_lo = exp((b - z * se) * M_LN2);
    f->ratio_hi = exp((b + z * se) * M_LN2);
    return ZL_OK;
}

static void describe_bands(zl_vo_fit *f, const vo_data *d, int *used)
{
    double base[ZL_VO_MAX_BANDS] = {0};
    for (int b = 0; b < ZL_VO_MAX_BANDS; b++)
        f->bands[b] = (zl_vo_band){.lo = band_lo[b],
                                   .hi = b + 1 < ZL_VO_MAX_BANDS ? band_lo[b + 1] - 1 : -1,
                                   .ratio = NAN,
                                   .lo95 = NAN,
                                   .hi95 = NAN};
    for (size_t i = 0; i < d->n; i++) {
        zl_vo_band *bd = &f->bands[band_of(d->vol[i])];
        bd->n_obs++;
        bd->events += (int64_t)d->y[i];
        bd->patients += f->ind.type == ZL_IND_OE_RATIO ? 0 : (int64_t)d->t[i];
        base[band_of(d->vol[i])] += d->t[i];
    }
    f->n_bands = ZL_VO_MAX_BANDS;
    *used = 0;
    for (int b = 0; b < ZL_VO_MAX_BANDS; b++) {
        f->bands[b].rate = base[b] > 0 ? (double)f->bands[b].events / base[b] : NAN;
        *used += f->bands[b].n_obs > 0;
    }
}

/* Dummies for every used band but the reference (the highest used one). A band fit that
 * fails (a band without events separates) leaves bands_fitted false: the rates remain. */
static zl_status fit_bands(zl_vo_fit *f, const vo_data *d, zl_err *err)
{
    int used, col[ZL_VO_MAX_BANDS], p = 1, ref = -1;
    describe_bands(f, d, &used);
    if (used < 2)
        return ZL_OK;
    for (int b = ZL_VO_MAX_BANDS - 1; b >= 0; b--)
        if (f->bands[b].n_obs && ref < 0)
            ref = b;
    for (int b = 0; b < ZL_VO_MAX_BANDS; b++)
        col[b] = f->bands[b].n_obs && b != ref ? p++ : -1;
    f->bands[ref].reference = true;
    f->bands[ref].ratio = f->bands[ref].lo95 = f->bands[ref].hi95 = 1;
    double *X = calloc((size_t)p * (d->n ? d->n : 1), sizeof *X);
    if (!X)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t i = 0; i < d->n; i++) {
        X[i * (size_t)p] = 1;
        int c = col[band_of(d->vol[i])];
        if (c > 0)
            X[i * (size_t)p + (size_t)c] = 1;
    }
    zl_glm g;
    zl_err ignored = {0};
    if (zl_glm_fit(family(f), X, d->n, (size_t)p, d->y, d->t, &g, &ignored) == ZL_OK) {
        double z = gsl_cdf_ugaussian_Pinv(0.975);
        for (int b = 0; b < ZL_VO_MAX_BANDS; b++)
            if (col[b] > 0) {
                double est = g.beta[col[b]], se = g.se[col[b]];
                f->bands[b].ratio = exp(est);
                f->bands[b].lo95 = exp(est - z * se);
                f->bands[b].hi95 = exp(est + z * se);
            }
        f->bands_fitted = true;
    }
    free(X);
    return ZL_OK;
}

zl_status zl_vo_compute(const zl_indicator *ind, const zl_quality_row *rows, size_t n,
                        zl_vo_fit **out, zl_err *err)
{
    zl_vo_fit *f = calloc(1, sizeof *f);
    if (!f)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    vo_data d = {0};
    zl_status st = zl_indicator_dup(ind, &f->ind, err);
    if (st == ZL_OK)
        st = data_make(f, rows, n, &d, err);
    if (st == ZL_OK && d.n < 3)
        st = zl_fail(err, ZL_EINPUT, "indicator %s: %zu location-years, too few to fit", ind->code,
                     d.n);
    if (st == ZL_OK)
        st = fit_loglin(f, &d, err);
    if (st == ZL_OK)
        st = fit_bands(f, &d, err);
    data_free(&d);
    if (st != ZL_OK) {
        zl_vo_free(f);
        return st;
    }
    *out = f;
    return ZL_OK;
}

void zl_vo_free(zl_vo_fit *f)
{
    if (!f)
        return;
    zl_indicator_clear(&f->ind);
    free(f);
}

/* The expected rate per patient at a volume and its gradient in the coefficients. */
static double rate_grad(const zl_vo_fit *f, double volume, double grad[2])
{
    double x = log(volume), eta = f->loglin.beta[0] + f->loglin.beta[1] * x, r, dr;
    if (f->ind.type == ZL_IND_OE_RATIO) {
        r = f->expected_per_patient * exp(eta);
        dr = r;
    } else {
        r = 1 / (1 + exp(-eta));
        dr = r * (1 - r);
    }
    grad[0] = dr, grad[1] = dr * x;
    return r;
}

double zl_vo_rate(const zl_vo_fit *f, double volume)
{
    double g[2];
    return volume > 0 ? rate_grad(f, volume, g) : 0;
}

void zl_vo_change_of(const zl_vo_fit *f, const double *before, const double *after, size_t n,
                     zl_vo_change *out)
{
    double g[2] = {0, 0}, gi[2];
    *out = (zl_vo_change){0};
    for (size_t i = 0; i < n; i++) {
        if (before[i] > 0) {
            double e = before[i] * rate_grad(f, before[i], gi);
            out->events_before += e, out->patients_before += before[i];
            g[0] -= before[i] * gi[0], g[1] -= before[i] * gi[1];
        }
        if (after[i] > 0) {
            double e = after[i] * rate_grad(f, after[i], gi);
            out->events_after += e, out->patients_after += after[i];
            g[0] += after[i] * gi[0], g[1] += after[i] * gi[1];
        }
    }
    const double *c = f->loglin.cov;
    double var = g[0] * g[0] * c[0] + 2 * g[0] * g[1] * c[1] + g[1] * g[1] * c[3];
    double z = gsl_cdf_ugaussian_Pinv(0.975);
    out->change = out->events_after - out->events_before;
    out->lo95 = out->change - z * sqrt(var);
    out->hi95 = out->change + z * sqrt(var);
}

/* A location's volume as the public impact report shows it: "impact/<what>/<location>/
 * <intervention>/<year>" published by the cell key (the shown number also for 1-9). */
static double published(const zl_disclosure *d, const zl_case *c, const char *what, uint32_t l,
                        double v)
{
    char cell[200];
    snprintf(cell, sizeof cell, "impact/%s/%s/%s/%d", what, c->locations[l].id,
             c->intervention.code, c->year);
    int64_t shown;
    zl_cellkey_publish(d, cell, llround(v), &shown);
    return (double)shown;
}

zl_status zl_vo_scenario(const zl_vo_fit *f, const zl_impact *r, const zl_disclosure *d,
                         zl_vo_change *out, zl_err *err)
{
    size_t n;
    const zl_impact_location *loc = zl_impact_locations(r, &n);
    double *before = malloc((n ? n : 1) * sizeof *before),
           *after = malloc((n ? n : 1) * sizeof *after);
    if (!before || !after) {
        free(before), free(after);
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    const zl_case *c = zl_impact_case(r);
    for (size_t i = 0; i < n; i++) {
        before[i] = (double)loc[i].volume_before;
        after[i] = loc[i].status == ZL_LOC_STOPS ? 0 : loc[i].volume_after;
        if (d) {
            before[i] = published(d, c, "volume", loc[i].location, before[i]);
            after[i] =
                after[i] > 0 ? published(d, c, "volume-after", loc[i].location, after[i]) : 0;
        }
    }
    zl_vo_change_of(f, before, after, n, out);
    free(before), free(after);
    return ZL_OK;
}
