/* The funnel plot of one indicator in one year: each location's value against its
 * precision, the national target, the exact 95 % and 99.8 % limits (or the overdispersed
 * ones), flags, and the limit curves for drawing (docs/quality.md). */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "zorglandschap/quality.h"
#include "zorglandschap/util.h"

#define N_CURVE 60

static double precision_of(const zl_indicator *ind, const zl_quality_row *r)
{
    return ind->type == ZL_IND_PROPORTION ? (double)r->denominator : r->expected;
}

static double variance_unit(const zl_funnel *f)
{
    return f->ind.type == ZL_IND_PROPORTION ? f->target * (1 - f->target) : f->target;
}

/* Spiegelhalter (2005): phi = mean of squared z-scores winsorised at 10 % and 90 %. */
static zl_status estimate_phi(zl_funnel *f, zl_err *err)
{
    size_t k = f->n;
    double *z = malloc((k ? k : 1) * sizeof *z), *sorted = malloc((k ? k : 1) * sizeof *z);
    if (!z || !sorted) {
        free(z), free(sorted);
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    double v = variance_unit(f);
    for (size_t i = 0; i < k; i++)
        z[i] = sorted[i] = (f->points[i].value - f->target) / sqrt(v / f->points[i].precision);
    gsl_sort(sorted, 1, k);
    double lo = k ? gsl_stats_quantile_from_sorted_data(sorted, 1, k, 0.10) : 0;
    double hi = k ? gsl_stats_quantile_from_sorted_data(sorted, 1, k, 0.90) : 0;
    double sum = 0;
    for (size_t i = 0; i < k; i++) {
        double w = z[i] < lo ? lo : z[i] > hi ? hi : z[i];
        sum += w * w;
    }
    f->phi = k ? sum / (double)k : 1;
    f->phi_p = k > 1 ? gsl_cdf_chisq_Q(sum, (double)(k - 1)) : 1;
    free(z), free(sorted);
    return ZL_OK;
}

static void limits_at(const zl_funnel *f, double precision, double lim[4])
{
    static const double prob[4] = {0.025, 0.975, 0.001, 0.999};
    for (int i = 0; i < 4; i++)
        lim[i] = f->overdispersion_applied
                     ? zl_funnel_limit_od(f->ind.type, f->target, precision, prob[i], f->phi)
                     : zl_funnel_limit(f->ind.type, f->target, precision, prob[i]);
}

static void flag_point(const zl_funnel *f, zl_funnel_point *p)
{
    double lim[4];
    limits_at(f, p->precision, lim);
    p->lo95 = lim[0], p->hi95 = lim[1], p->lo998 = lim[2], p->hi998 = lim[3];
    p->flag = p->value > p->hi998   ? 2
              : p->value > p->hi95  ? 1
              : p->value < p->lo998 ? -2
              : p->value < p->lo95  ? -1
                                    : 0;
    int sign = p->flag > 0 ? 1 : p->flag < 0 ? -1 : 0;
    p->verdict = f->ind.lower_is_better ? -sign : sign;
}

static zl_status make_curve(zl_funnel *f, zl_err *err)
{
    double hi = 0;
    for (size_t i = 0; i < f->n; i++)
        hi = fmax(hi, f->points[i].precision);
    hi = fmax(hi * 1.1, 10);
    if (!(f->curve = calloc(N_CURVE, sizeof *f->curve)))
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    bool whole = f->ind.type == ZL_IND_PROPORTION;
    /* From a few patients on: below that the limits span everything. */
    double lo = fmax(whole ? 3 : 1, hi / 50), last = -1;
    for (size_t i = 0; i < N_CURVE; i++) {
        /* Denser where the funnel bends: evenly spaced in the square root of precision. */
        double s = sqrt(lo) + (sqrt(hi) - sqrt(lo)) * (double)i / (N_CURVE - 1);
        double x = whole ? round(s * s) : s * s;
        if (x <= last)
            continue;
        double lim[4];
        limits_at(f, x, lim);
        f->curve[f->n_curve++] = (zl_funnel_curve){x, lim[0], lim[1], lim[2], lim[3]};
        last = x;
    }
    return ZL_OK;
}

static zl_status add_points(zl_funnel *f, const zl_quality_row *rows, size_t n, zl_err *err)
{
    if (!(f->points = calloc(n ? n : 1, sizeof *f->points)))
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const zl_quality_row *r = &rows[i];
        double prec = precision_of(&f->ind, r);
        if (!(prec > 0))
            return zl_fail(err, ZL_EINPUT, "indicator %s, %d, location %s: no %s", f->ind.code,
                           f->year, r->location_id,
                           f->ind.type == ZL_IND_PROPORTION ? "patients" : "expected count");
        zl_funnel_point *p = &f->points[f->n++];
        p->location_id = strdup(r->location_id);
        p->name = strdup(r->name ? r->name : r->location_id);
        if (!p->location_id || !p->name)
            return zl_fail(err, ZL_ENOMEM, "out of memory");
        p->lat = r->lat, p->lon = r->lon;
        p->numerator = r->numerator, p->denominator = r->denominator;
        p->expected = f->ind.type == ZL_IND_OE_RATIO ? r->expected : NAN;
        p->published = r->published;
        p->volume = r->volume;
        p->precision = prec;
        p->value = (double)r->numerator / prec;
        f->total_numerator += r->numerator;
        f->total_denominator += r->denominator;
        f->total_expected += f->ind.type == ZL_IND_OE_RATIO ? r->expected : 0;
        f->synthetic |= r->synthetic;
    }
    return ZL_OK;
}

static zl_status compute(zl_funnel *f, const zl_quality_row *rows, size_t n, zl_err *err)
{
    zl_status st = add_points(f, rows, n, err);
    if (st != ZL_OK)
        return st;
    if (f->n == 0)
        return zl_fail(err, ZL_ENOTFOUND, "indicator %s has no values in %d", f->ind.code, f->year);
    double base =
        f->ind.type == ZL_IND_PROPORTION ? (double)f->total_denominator : f->total_expected;
    f->target = (double)f->total_numerator / base;
    if (f->target <= 0 || (f->ind.type == ZL_IND_PROPORTION && f->target >= 1))
        return zl_fail(err, ZL_EINPUT,
                       "indicator %s in %d: the national value is %g, so there is no variation "
                       "to draw limits for",
                       f->ind.code, f->year, f->target);
    if ((st = estimate_phi(f, err)) != ZL_OK)
        return st;
    f->overdispersion_applied = f->overdispersion_requested && f->phi > 1;
    for (size_t i = 0; i < f->n; i++)
        flag_point(f, &f->points[i]);
    return make_curve(f, err);
}

zl_status zl_funnel_compute(const zl_indicator *ind, int year, const zl_quality_row *rows, size_t n,
                            bool overdispersion, zl_funnel **out, zl_err *err)
{
    zl_funnel *f = calloc(1, sizeof *f);
    if (!f)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    f->year = year;
    f->overdispersion_requested = overdispersion;
    zl_status st = zl_indicator_dup(ind, &f->ind, err);
    if (st == ZL_OK)
        st = compute(f, rows, n, err);
    if (st != ZL_OK) {
        zl_funnel_free(f);
        return st;
    }
    *out = f;
    return ZL_OK;
}

void zl_funnel_free(zl_funnel *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        free(f->points[i].location_id);
        free(f->points[i].name);
    }
    free(f->points);
    free(f->curve);
    zl_indicator_clear(&f->ind);
    free(f);
}
