/* Control limits of the funnel plot and exact intervals, from GSL's distribution functions:
 * integer quantiles as R's qbinom/qpois define them, Spiegelhalter's (2005) interpolation
 * between them, the overdispersed normal limits, Clopper-Pearson and Poisson intervals. */
#include <assert.h>
#include <float.h>
#include <gsl/gsl_cdf.h>
#include <limits.h>
#include <math.h>

#include "zorglandschap/quality.h"

/* R shrinks the probability by 64 ulps before searching, so that a CDF value computed a
 * hair below an exactly reachable probability still counts as reaching it. */
static double fuzz(double prob)
{
    return prob * (1 - 64 * DBL_EPSILON);
}

static double cdf(zl_indicator_type t, long k, double target, double precision)
{
    if (k < 0)
        return 0;
    if (t == ZL_IND_PROPORTION)
        return gsl_cdf_binomial_P((unsigned)k, target, (unsigned)llround(precision));
    return gsl_cdf_poisson_P((unsigned)k, target * precision);
}

/* The smallest r with F(r) >= prob (fuzzed), with F(r) and F(r - 1). The walk starts at
 * the normal approximation, so it needs a few CDF evaluations instead of a bisection's
 * twenty: the funnel evaluates four limits per point. */
static long quantile(zl_indicator_type t, double prob, double target, double precision, double *fr,
                     double *fr1)
{
    double want = fuzz(prob);
    double mean = target * precision;
    double var = t == ZL_IND_PROPORTION ? mean * (1 - target) : mean;
    long n = t == ZL_IND_PROPORTION ? llround(precision) : LONG_MAX;
    double guess = floor(mean + gsl_cdf_ugaussian_Pinv(prob) * sqrt(var));
    long r = guess < 0 ? 0 : guess > (double)n ? n : (long)guess;
    double f = cdf(t, r, target, precision);
    while (f < want && r < n)
        f = cdf(t, ++r, target, precision);
    double f1 = cdf(t, r - 1, target, precision);
    while (r > 0 && f1 >= want) {
        f = f1;
        f1 = cdf(t, --r - 1, target, precision);
    }
    *fr = f;
    *fr1 = f1;
    return r;
}

unsigned zl_binom_quantile(double prob, double p, unsigned n)
{
    assert(prob >= 0 && prob <= 1 && p >= 0 && p <= 1);
    double f, f1;
    return n == 0 ? 0 : (unsigned)quantile(ZL_IND_PROPORTION, prob, p, n, &f, &f1);
}

unsigned zl_poisson_quantile(double prob, double mu)
{
    assert(prob >= 0 && prob < 1 && mu >= 0);
    double f, f1;
    return mu == 0 ? 0 : (unsigned)quantile(ZL_IND_OE_RATIO, prob, mu, 1, &f, &f1);
}

double zl_funnel_limit(zl_indicator_type t, double target, double precision, double prob)
{
    assert(precision > 0 && target > 0);
    double fr, fr1;
    long r = quantile(t, prob, target, precision, &fr, &fr1);
    double alpha = fr > fr1 ? (fr - prob) / (fr - fr1) : 0;
    if (alpha < 0) /* prob reached within the fuzz: r is exact */
        alpha = 0;
    double limit = ((double)r - alpha) / precision;
    if (limit < 0)
        limit = 0;
    if (t == ZL_IND_PROPORTION && limit > 1)
        limit = 1;
    return limit;
}

double zl_funnel_limit_od(zl_indicator_type t, double target, double precision, double prob,
                          double phi)
{
    assert(precision > 0 && phi > 0);
    double v = t == ZL_IND_PROPORTION ? target * (1 - target) : target;
    double limit = target + gsl_cdf_ugaussian_Pinv(prob) * sqrt(phi * v / precision);
    if (limit < 0)
        limit = 0;
    if (t == ZL_IND_PROPORTION && limit > 1)
        limit = 1;
    return limit;
}

void zl_ci_binomial(int64_t x, int64_t n, double level, double *lo, double *hi)
{
    assert(n > 0 && x >= 0 && x <= n);
    double a = (1 - level) / 2;
    *lo = x == 0 ? 0 : gsl_cdf_beta_Pinv(a, (double)x, (double)(n - x + 1));
    *hi = x == n ? 1 : gsl_cdf_beta_Pinv(1 - a, (double)(x + 1), (double)(n - x));
}

void zl_ci_poisson(int64_t x, double level, double *lo, double *hi)
{
    assert(x >= 0);
    double a = (1 - level) / 2;
    *lo = x == 0 ? 0 : gsl_cdf_gamma_Pinv(a, (double)x, 1);
    *hi = gsl_cdf_gamma_Pinv(1 - a, (double)(x + 1), 1);
}
