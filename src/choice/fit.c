/* zl_choice_fit: maximum likelihood with GSL's BFGS2 minimiser on minus the mean
 * log-likelihood per patient (so the gradient tolerance does not depend on the volume),
 * standard errors from the inverse of minus the analytic Hessian (GSL Cholesky). */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multimin.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "choice_internal.h"

/* Converged when the gradient of the mean log-likelihood has a norm below this. */
#define GRAD_TOL 1e-6

/* The minimiser works in preconditioned variables phi: theta = theta0 + L^-T phi, with
 * L L^T = -H(theta0) / N (Cholesky of minus the Hessian of the mean log-likelihood at
 * theta0). The objective then starts with an identity Hessian, which BFGS would otherwise
 * have to learn over hundreds of iterations (alphas and travel slopes differ in scale by
 * orders of magnitude). Without a usable L (not positive definite) phi = theta - theta0.
 * The Hessian at the start (no distance effect) is far from the one at the optimum, where
 * probabilities concentrate on near locations; so the fit runs in stages: after
 * STAGE_ITERATIONS iterations BFGS restarts from where it is, preconditioned by the exact
 * Hessian there (a Newton-like step every few iterations; LUNG: 94 -> 11 iterations and
 * 361 -> 52 evaluations). The last stage runs until convergence or max_iterations. */
#define STAGE_ITERATIONS 4
#define STAGES           6
typedef struct fit_ctx {
    const zl_choice_data *d;
    gsl_vector *theta0, *theta, *g; /* start, scratch theta and gradient in theta */
    gsl_matrix *L;                  /* NULL: no preconditioning */
} fit_ctx;

static void to_theta(const fit_ctx *x, const gsl_vector *phi)
{
    gsl_vector_memcpy(x->theta, phi);
    if (x->L)
        gsl_blas_dtrsv(CblasLower, CblasTrans, CblasNonUnit, x->L, x->theta);
    gsl_vector_add(x->theta, x->theta0);
}

/* Minus the mean log-likelihood at phi; its gradient in phi into g when not NULL. */
static double eval(const fit_ctx *x, const gsl_vector *phi, gsl_vector *g)
{
    to_theta(x, phi);
    double ll = zl_choice_data_loglik(x->d, x->theta->data, g ? x->g->data : NULL);
    if (g) {
        gsl_vector_memcpy(g, x->g);
        gsl_vector_scale(g, -1.0 / x->d->total);
        if (x->L)
            gsl_blas_dtrsv(CblasLower, CblasNoTrans, CblasNonUnit, x->L, g);
    }
    return -ll / x->d->total;
}

static double f_min(const gsl_vector *phi, void *ctx)
{
    return eval(ctx, phi, NULL);
}

static void df_min(const gsl_vector *phi, void *ctx, gsl_vector *g)
{
    eval(ctx, phi, g);
}

static void fdf_min(const gsl_vector *phi, void *ctx, double *f, gsl_vector *g)
{
    *f = eval(ctx, phi, g);
}

/* Starting point: no distance effect, alphas at the log of the observed shares. */
static void start(const zl_choice_data *d, gsl_vector *x)
{
    gsl_vector_set_zero(x);
    double *obs = calloc(d->n_loc + 1, sizeof *obs);
    if (!obs)
        return;
    for (size_t i = 0; i < d->n_areas; i++)
        for (size_t j = 0; j < d->n_loc; j++)
            obs[j] += d->y[i * d->n_loc + j];
    for (size_t j = 0; j < d->n_loc; j++) {
        long ai = choice_alpha_index(d, j);
        if (ai >= 0)
            gsl_vector_set(x, (size_t)ai, log(obs[j] / obs[d->ref]));
    }
    free(obs);
}

/* The preconditioner at theta0 (NULL when -H is not positive definite there). */
static gsl_matrix *preconditioner(const zl_choice_data *d, const gsl_vector *theta0)
{
    gsl_matrix *L = gsl_matrix_alloc(d->np, d->np);
    if (!L)
        return NULL;
    choice_hessian(d, theta0->data, L->data);
    gsl_matrix_scale(L, -1.0 / d->total);
    if (gsl_linalg_cholesky_decomp1(L) != GSL_SUCCESS) {
        gsl_matrix_free(L);
        return NULL;
    }
    return L;
}

static void ctx_free(fit_ctx *x)
{
    gsl_vector_free(x->theta0);
    gsl_vector_free(x->theta);
    gsl_vector_free(x->g);
    gsl_matrix_free(x->L);
}

/* The norm of the gradient of the mean log-likelihood in theta (what convergence means,
 * whatever the preconditioning): g_theta = L g_phi. */
static double theta_gradient_norm(const fit_ctx *x, const gsl_vector *g_phi)
{
    gsl_vector_memcpy(x->g, g_phi);
    if (x->L)
        gsl_blas_dtrmv(CblasLower, CblasNoTrans, CblasNonUnit, x->L, x->g);
    return gsl_blas_dnrm2(x->g);
}

/* One stage: BFGS2 from theta0 preconditioned at theta0, for at most `limit` iterations
 * (the total stays within max_iter). Leaves the stage's end point in x->theta; returns
 * the GSL status of the last iteration. */
static int stage(fit_ctx *x, gsl_multimin_fdfminimizer *m, gsl_multimin_function_fdf *fn,
                 gsl_vector *phi, int limit, int max_iter, int *it, double *gnorm)
{
    gsl_matrix_free(x->L);
    x->L = preconditioner(x->d, x->theta0);
    gsl_vector_set_zero(phi);
    gsl_multimin_fdfminimizer_set(m, fn, phi, 0.1, 0.1);
    *gnorm = theta_gradient_norm(x, m->gradient);
    int st = GSL_SUCCESS;
    for (int n = 0; n < limit && *it < max_iter && *gnorm >= GRAD_TOL; n++) {
        ++*it;
        st = gsl_multimin_fdfminimizer_iterate(m);
        *gnorm = theta_gradient_norm(x, m->gradient);
        if (st != GSL_SUCCESS)
            break; /* no progress: judged by the gradient, or by a fresh stage */
    }
    to_theta(x, m->x);
    return st;
}

static zl_status minimise(const zl_choice_data *d, int max_iter, double *theta, int *iters,
                          zl_err *err)
{
    fit_ctx x = {.d = d,
                 .theta0 = gsl_vector_alloc(d->np),
                 .theta = gsl_vector_alloc(d->np),
                 .g = gsl_vector_alloc(d->np)};
    gsl_vector *phi = gsl_vector_calloc(d->np);
    gsl_multimin_fdfminimizer *m =
        gsl_multimin_fdfminimizer_alloc(gsl_multimin_fdfminimizer_vector_bfgs2, d->np);
    if (!x.theta0 || !x.theta || !x.g || !phi || !m) {
        ctx_free(&x);
        gsl_vector_free(phi);
        gsl_multimin_fdfminimizer_free(m);
        return zl_fail(err, ZL_ENOMEM, "out of memory fitting the choice model");
    }
    start(d, x.theta0);
    gsl_multimin_function_fdf fn = {f_min, df_min, fdf_min, d->np, &x};
    int it = 0;
    double gnorm = INFINITY;
    for (int s = 0; s < STAGES; s++) {
        int before = it;
        bool last = s + 1 == STAGES;
        int st = stage(&x, m, &fn, phi, last ? max_iter : STAGE_ITERATIONS, max_iter, &it, &gnorm);
        if (gnorm < GRAD_TOL || it >= max_iter || (st != GSL_SUCCESS && it - before <= 1))
            break; /* converged, out of iterations, or a fresh start made no progress */
        gsl_vector_memcpy(x.theta0, x.theta);
    }
    memcpy(theta, x.theta->data, d->np * sizeof *theta);
    ctx_free(&x);
    gsl_vector_free(phi);
    gsl_multimin_fdfminimizer_free(m);
    *iters = it;
    if (!(gnorm < GRAD_TOL * 100))
        return zl_fail(err, ZL_EINPUT,
                       "choice model did not converge after %d iterations (gradient norm %.3g "
                       "per patient); nothing stored",
                       it, gnorm);
    return ZL_OK;
}

/* Standard errors: sqrt of the diagonal of (-H)^-1; NAN when -H is not positive definite. */
static void standard_errors(const zl_choice_data *d, const double *theta, double *se)
{
    size_t np = d->np;
    gsl_matrix *h = gsl_matrix_alloc(np, np);
    for (size_t k = 0; k < np; k++)
        se[k] = NAN;
    if (!h)
        return;
    choice_hessian(d, theta, h->data);
    gsl_matrix_scale(h, -1.0);
    if (gsl_linalg_cholesky_decomp1(h) == GSL_SUCCESS &&
        gsl_linalg_cholesky_invert(h) == GSL_SUCCESS)
        for (size_t k = 0; k < np; k++)
            se[k] = sqrt(gsl_matrix_get(h, k, k));
    gsl_matrix_free(h);
}

static const char *const travel_names[ZL_CHOICE_N_SEG] = {
    "travel_0_15", "travel_15_30", "travel_30_45", "travel_45_60", "travel_60_plus"};

static zl_status set_coef(zl_choice_coef *c, const char *name, const char *id, double v, double se,
                          zl_err *err)
{
    size_t n = strlen(name) + (id ? strlen(id) + 1 : 0) + 1;
    if (!(c->name = malloc(n)))
        return zl_fail(err, ZL_ENOMEM, "out of memory fitting the choice model");
    snprintf(c->name, n, id ? "%s:%s" : "%s", name, id);
    c->value = v;
    c->se = se;
    return ZL_OK;
}

/* Observed and predicted patients per choice location, and the null log-likelihood. */
static void predictions(const zl_choice_data *d, const double *theta, zl_choice_model *m)
{
    double *v = d->v, *p = d->v + d->n_loc;
    m->log_likelihood_null = 0;
    for (size_t i = 0; i < d->n_areas; i++) {
        choice_area_probs(d, i, theta, v, p);
        for (size_t j = 0; j < d->n_loc; j++) {
            m->locs[j].observed += d->y[i * d->n_loc + j];
            m->locs[j].predicted += d->n[i] * p[j];
        }
        m->log_likelihood_null -= d->n[i] * log((double)d->n_loc);
    }
}

static zl_status build(const zl_case *c, const zl_choice_data *d, const double *theta,
                       const double *se, zl_choice_model *m, zl_err *err)
{
    m->intervention = strdup(c->intervention.code);
    m->year = c->year;
    m->age_interaction = d->age;
    m->synthetic = c->synthetic;
    m->n_locs = d->n_loc;
    m->locs = calloc(d->n_loc, sizeof *m->locs);
    m->coef = calloc(d->np + 1, sizeof *m->coef);
    if (!m->intervention || !m->locs || !m->coef)
        return zl_fail(err, ZL_ENOMEM, "out of memory fitting the choice model");
    zl_status st = ZL_OK;
    for (size_t k = 0; st == ZL_OK && k < ZL_CHOICE_N_SEG; k++) {
        m->beta[k] = theta[k];
        st = set_coef(&m->coef[m->n_coef++], travel_names[k], NULL, theta[k], se[k], err);
    }
    if (st == ZL_OK && d->age) {
        m->gamma = theta[ZL_CHOICE_N_SEG];
        st = set_coef(&m->coef[m->n_coef++], "travel_x_age75", NULL, m->gamma, se[ZL_CHOICE_N_SEG],
                      err);
    }
    for (size_t j = 0; st == ZL_OK && j < d->n_loc; j++) {
        long ai = choice_alpha_index(d, j);
        const char *id = c->locations[d->loc[j]].id;
        m->locs[j].alpha = ai < 0 ? 0 : theta[ai];
        if (!(m->locs[j].id = strdup(id)))
            return zl_fail(err, ZL_ENOMEM, "out of memory fitting the choice model");
        st = set_coef(&m->coef[m->n_coef++], "alpha", id, m->locs[j].alpha, ai < 0 ? 0 : se[ai],
                      err);
    }
    if (st != ZL_OK)
        return st;
    predictions(d, theta, m);
    m->log_likelihood = zl_choice_data_loglik(d, theta, NULL);
    m->rho2 = 1.0 - m->log_likelihood / m->log_likelihood_null;
    m->patients = (int64_t)llround(d->total);
    m->areas = d->n_areas;
    return ZL_OK;
}

zl_status zl_choice_fit(const zl_case *c, const zl_choice_fit_opts *o, zl_choice_model **out,
                        zl_err *err)
{
    /* GSL's default handler aborts the process; the library reports errors instead. */
    gsl_set_error_handler_off();
    zl_choice_data *d = NULL;
    zl_status st = zl_choice_data_make(c, o, &d, err);
    if (st != ZL_OK)
        return st;
    double *theta = calloc(d->np + 1, sizeof *theta), *se = calloc(d->np + 1, sizeof *se);
    zl_choice_model *m = calloc(1, sizeof *m);
    if (!theta || !se || !m)
        st = zl_fail(err, ZL_ENOMEM, "out of memory fitting the choice model");
    int max_iter = o && o->max_iterations > 0 ? o->max_iterations : 500;
    if (st == ZL_OK)
        st = minimise(d, max_iter, theta, &m->iterations, err);
    if (st == ZL_OK) {
        standard_errors(d, theta, se);
        st = build(c, d, theta, se, m, err);
    }
    free(theta);
    free(se);
    zl_choice_data_free(d);
    if (st != ZL_OK) {
        zl_choice_model_free(m);
        return zl_err_prefix(err, "choice fit %s %d: ", c->intervention.code, c->year);
    }
    *out = m;
    return ZL_OK;
}

void zl_choice_model_free(zl_choice_model *m)
{
    if (!m)
        return;
    for (size_t j = 0; m->locs && j < m->n_locs; j++)
        free(m->locs[j].id);
    for (size_t k = 0; m->coef && k < m->n_coef; k++)
        free(m->coef[k].name);
    free(m->locs);
    free(m->coef);
    free(m->intervention);
    free(m);
}
