/* Generalised linear models by iteratively reweighted least squares: binomial counts with
 * the logit link and Poisson counts with an exposure and the log link. Every step is one
 * weighted least-squares solve by GSL (gsl_multifit_wlinear), whose (X'WX)^-1 at
 * convergence is the coefficients' covariance. Convergence as R's glm: relative change of
 * the deviance below 1e-8. */
#include <gsl/gsl_multifit.h>
#include <math.h>
#include <stdlib.h>

#include "zorglandschap/quality.h"

#define MAX_ITER 50

static double xlogy(double x, double y)
{
    return x > 0 ? x * log(x / y) : 0;
}

/* Mean, working weight and working response of one observation at eta. */
static void working(zl_glm_family fam, double y, double t, double eta, double *mu, double *w,
                    double *z)
{
    if (fam == ZL_GLM_BINOMIAL) {
        double pi = 1 / (1 + exp(-eta));
        *mu = t * pi;
        *w = t * pi * (1 - pi);
    } else {
        *mu = t * exp(eta);
        *w = *mu;
    }
    *z = eta + (y - *mu) / *w;
}

static double deviance(zl_glm_family fam, const double *y, const double *t, const double *mu,
                       size_t n)
{
    double d = 0;
    for (size_t i = 0; i < n; i++)
        d += fam == ZL_GLM_BINOMIAL ? xlogy(y[i], mu[i]) + xlogy(t[i] - y[i], t[i] - mu[i])
                                    : xlogy(y[i], mu[i]) - (y[i] - mu[i]);
    return 2 * d;
}

static double start_eta(zl_glm_family fam, double y, double t)
{
    if (fam == ZL_GLM_BINOMIAL) {
        double p = (y + 0.5) / (t + 1);
        return log(p / (1 - p));
    }
    return log((y + 0.1) / t);
}

typedef struct irls {
    gsl_matrix *X, *cov;
    gsl_vector *w, *z, *c;
    gsl_multifit_linear_workspace *ws;
    double *eta, *mu;
} irls;

static void irls_free(irls *a)
{
    gsl_matrix_free(a->X), gsl_matrix_free(a->cov);
    gsl_vector_free(a->w), gsl_vector_free(a->z), gsl_vector_free(a->c);
    if (a->ws)
        gsl_multifit_linear_free(a->ws);
    free(a->eta), free(a->mu);
}

static zl_status irls_alloc(irls *a, const double *X, size_t n, size_t p, zl_err *err)
{
    a->X = gsl_matrix_alloc(n, p), a->cov = gsl_matrix_alloc(p, p);
    a->w = gsl_vector_alloc(n), a->z = gsl_vector_alloc(n), a->c = gsl_vector_alloc(p);
    a->ws = gsl_multifit_linear_alloc(n, p);
    a->eta = malloc(n * sizeof *a->eta), a->mu = malloc(n * sizeof *a->mu);
    if (!a->X || !a->cov || !a->w || !a->z || !a->c || !a->ws || !a->eta || !a->mu)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < p; j++)
            gsl_matrix_set(a->X, i, j, X[i * p + j]);
    return ZL_OK;
}

/* One more solve with the weights at the converged estimate, so that the covariance
 * (X'WX)^-1 is the inverse Fisher information at the estimate it is reported with. */
static zl_status final_step(irls *a, zl_glm_family fam, size_t n, const double *y, const double *t,
                            zl_err *err)
{
    for (size_t i = 0; i < n; i++) {
        double mu, w, z;
        working(fam, y[i], t[i], a->eta[i], &mu, &w, &z);
        gsl_vector_set(a->w, i, w);
        gsl_vector_set(a->z, i, z);
    }
    double chisq;
    if (gsl_multifit_wlinear(a->X, a->w, a->z, a->c, a->cov, &chisq, a->ws) != GSL_SUCCESS)
        return zl_fail(err, ZL_EINPUT, "regression: the weighted least-squares step failed");
    return ZL_OK;
}

static zl_status iterate(irls *a, zl_glm_family fam, size_t n, size_t p, const double *y,
                         const double *t, zl_glm *out, zl_err *err)
{
    double dev_old = INFINITY;
    for (int it = 1; it <= MAX_ITER; it++) {
        for (size_t i = 0; i < n; i++) {
            double w, z;
            working(fam, y[i], t[i], a->eta[i], &a->mu[i], &w, &z);
            gsl_vector_set(a->w, i, w);
            gsl_vector_set(a->z, i, z);
        }
        double chisq;
        if (gsl_multifit_wlinear(a->X, a->w, a->z, a->c, a->cov, &chisq, a->ws) != GSL_SUCCESS)
            return zl_fail(err, ZL_EINPUT, "regression: the weighted least-squares step failed");
        for (size_t i = 0; i < n; i++) {
            double eta = 0;
            for (size_t j = 0; j < p; j++)
                eta += gsl_matrix_get(a->X, i, j) * gsl_vector_get(a->c, j);
            a->eta[i] = eta;
            a->mu[i] = fam == ZL_GLM_BINOMIAL ? t[i] / (1 + exp(-eta)) : t[i] * exp(eta);
        }
        double dev = deviance(fam, y, t, a->mu, n);
        if (!isfinite(dev))
            return zl_fail(err, ZL_EINPUT, "regression: the fit diverged (separation?)");
        out->iterations = it;
        out->deviance = dev;
        if (fabs(dev - dev_old) / (fabs(dev) + 0.1) < 1e-8)
            return final_step(a, fam, n, y, t, err);
        dev_old = dev;
    }
    return zl_fail(err, ZL_EINPUT, "regression: no convergence in %d iterations", MAX_ITER);
}

zl_status zl_glm_fit(zl_glm_family fam, const double *X, size_t n, size_t p, const double *y,
                     const double *t, zl_glm *out, zl_err *err)
{
    if (p == 0 || p > ZL_GLM_MAXP || n <= p)
        return zl_fail(err, ZL_EINPUT, "regression: %zu observations for %zu coefficients", n, p);
    for (size_t i = 0; i < n; i++)
        if (!(t[i] > 0) || y[i] < 0 || (fam == ZL_GLM_BINOMIAL && y[i] > t[i]))
            return zl_fail(err, ZL_EINPUT, "regression: observation %zu is invalid", i + 1);
    irls a = {0};
    *out = (zl_glm){.p = p};
    zl_status st = irls_alloc(&a, X, n, p, err);
    for (size_t i = 0; st == ZL_OK && i < n; i++)
        a.eta[i] = start_eta(fam, y[i], t[i]);
    if (st == ZL_OK)
        st = iterate(&a, fam, n, p, y, t, out, err);
    for (size_t j = 0; st == ZL_OK && j < p; j++) {
        out->beta[j] = gsl_vector_get(a.c, j);
        for (size_t k = 0; k < p; k++)
            out->cov[j * p + k] = gsl_matrix_get(a.cov, j, k);
        out->se[j] = sqrt(out->cov[j * p + j]);
        if (!isfinite(out->beta[j]) || !isfinite(out->se[j]))
            st = zl_fail(err, ZL_EINPUT, "regression: coefficient %zu is not finite", j + 1);
    }
    irls_free(&a);
    return st;
}
