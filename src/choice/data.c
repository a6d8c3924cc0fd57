/* The estimation data of the choice model and its log-likelihood with gradient and
 * Hessian. Only areas with patients enter; the choice set is every location with patients
 * in the case year. Parameters: the travel pieces (and the age interaction), then one
 * alpha per choice location except the reference (the one with most patients). */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "choice_internal.h"

const double zl_choice_knots[ZL_CHOICE_N_KNOTS] = {15, 30, 45, 60};

void zl_choice_segments(double minutes, double seg[ZL_CHOICE_N_SEG])
{
    double lo = 0;
    for (int k = 0; k < ZL_CHOICE_N_SEG; k++) {
        double hi = k < ZL_CHOICE_N_KNOTS ? zl_choice_knots[k] : INFINITY;
        double part = minutes <= lo ? 0 : (minutes < hi ? minutes - lo : hi - lo);
        seg[k] = part / 10.0;
        lo = hi;
    }
}

void zl_choice_data_free(zl_choice_data *d)
{
    if (!d)
        return;
    free(d->loc);
    free(d->area);
    free(d->n);
    free(d->y);
    free(d->x);
    free(d->v);
    free(d);
}

size_t zl_choice_data_nparams(const zl_choice_data *d)
{
    return d->np;
}

long choice_alpha_index(const zl_choice_data *d, size_t j)
{
    if (j == d->ref)
        return -1;
    return (long)(d->kt + (j < d->ref ? j : j - 1));
}

/* The choice set (locations with patients) and the reference location. */
static zl_status choice_set(const zl_case *c, zl_choice_data *d, zl_err *err)
{
    int64_t *pat = calloc(c->n_locations + 1, sizeof *pat);
    d->loc = malloc((c->n_locations + 1) * sizeof *d->loc);
    if (!pat || !d->loc) {
        free(pat);
        return zl_fail(err, ZL_ENOMEM, "out of memory fitting the choice model");
    }
    zl_case_location_patients(c, pat);
    int64_t best = -1;
    for (size_t l = 0; l < c->n_locations; l++) {
        if (pat[l] <= 0)
            continue;
        if (pat[l] > best) {
            best = pat[l];
            d->ref = d->n_loc;
        }
        d->loc[d->n_loc++] = (uint32_t)l;
    }
    free(pat);
    if (d->n_loc < 2)
        return zl_fail(err, ZL_EINPUT,
                       "choice model for %s in %d: fewer than two locations have patients",
                       c->intervention.code, c->year);
    return ZL_OK;
}

static zl_status fill(const zl_case *c, const zl_choice_fit_opts *o, zl_choice_data *d, zl_err *err)
{
    int32_t *col = malloc((c->n_locations + 1) * sizeof *col);
    int32_t *row = malloc((c->n_areas + 1) * sizeof *row);
    if (!col || !row) {
        free(col);
        free(row);
        return zl_fail(err, ZL_ENOMEM, "out of memory fitting the choice model");
    }
    for (size_t l = 0; l < c->n_locations; l++)
        col[l] = -1;
    for (size_t j = 0; j < d->n_loc; j++)
        col[d->loc[j]] = (int32_t)j;
    for (size_t a = 0; a < c->n_areas; a++)
        row[a] = -1;
    for (size_t f = 0; f < c->n_flows; f++) {
        const zl_flow *fl = &c->flows[f];
        if (fl->patients > 0 && row[fl->area] < 0) {
            row[fl->area] = (int32_t)d->n_areas;
            d->area[d->n_areas++] = fl->area;
        }
    }
    size_t J = d->n_loc, kt = d->kt;
    d->y = calloc(d->n_areas * J + 1, sizeof *d->y);
    d->x = malloc((d->n_areas * J * kt + 1) * sizeof *d->x);
    zl_status st = ZL_OK;
    if (!d->y || !d->x) {
        st = zl_fail(err, ZL_ENOMEM, "out of memory fitting the choice model");
        goto done;
    }
    for (size_t f = 0; f < c->n_flows; f++) {
        const zl_flow *fl = &c->flows[f];
        if (fl->patients <= 0)
            continue;
        size_t i = (size_t)row[fl->area];
        d->y[i * J + (size_t)col[fl->location]] += (double)fl->patients;
        d->n[i] += (double)fl->patients;
        d->total += (double)fl->patients;
    }
    for (size_t i = 0; i < d->n_areas; i++) {
        uint32_t a = d->area[i];
        double old = o && o->old_share ? o->old_share[a] : 0;
        for (size_t j = 0; j < J; j++) {
            double t = zl_case_minutes(c, a, d->loc[j]);
            double *x = &d->x[(i * J + j) * kt];
            zl_choice_segments(t, x);
            if (d->age)
                x[ZL_CHOICE_N_SEG] = t / 10.0 * old;
        }
    }
done:
    free(col);
    free(row);
    return st;
}

zl_status zl_choice_data_make(const zl_case *c, const zl_choice_fit_opts *o, zl_choice_data **out,
                              zl_err *err)
{
    zl_choice_data *d = calloc(1, sizeof *d);
    if (!d)
        return zl_fail(err, ZL_ENOMEM, "out of memory fitting the choice model");
    d->age = o && o->age_interaction;
    if (d->age && !o->old_share) {
        free(d);
        return zl_fail(err, ZL_EINTERNAL, "choice model: age interaction without age shares");
    }
    d->kt = ZL_CHOICE_N_SEG + (d->age ? 1 : 0);
    zl_status st = choice_set(c, d, err);
    if (st == ZL_OK) {
        d->np = d->kt + d->n_loc - 1;
        d->area = malloc((c->n_areas + 1) * sizeof *d->area);
        d->n = calloc(c->n_areas + 1, sizeof *d->n);
        d->v = malloc((3 * d->n_loc + 1) * sizeof *d->v);
        if (!d->area || !d->n || !d->v)
            st = zl_fail(err, ZL_ENOMEM, "out of memory fitting the choice model");
    }
    if (st == ZL_OK)
        st = fill(c, o, d, err);
    if (st != ZL_OK) {
        zl_choice_data_free(d);
        return st;
    }
    *out = d;
    return ZL_OK;
}

/* Every location's alpha under theta (0 for the reference) into a (J entries): looked up
 * once per evaluation instead of once per area and location. */
static void alphas(const zl_choice_data *d, const double *theta, double *a)
{
    for (size_t j = 0; j < d->n_loc; j++) {
        long ai = choice_alpha_index(d, j);
        a[j] = ai < 0 ? 0 : theta[ai];
    }
}

/* Utilities of area i into v; returns their maximum. The travel features of one area lie
 * contiguous (J x kt), the inner product is the hot loop of the fit. */
static double utilities(const zl_choice_data *d, size_t i, const double *theta, const double *a,
                        double *v)
{
    size_t J = d->n_loc, kt = d->kt;
    const double *x = &d->x[i * J * kt];
    double m = -INFINITY;
    for (size_t j = 0; j < J; j++, x += kt) {
        double u = a[j];
        for (size_t k = 0; k < kt; k++)
            u += theta[k] * x[k];
        v[j] = u;
        m = u > m ? u : m;
    }
    return m;
}

/* Probabilities of area i from its utilities v (maximum m) into p; returns log sum exp. */
static double probs(size_t J, const double *v, double m, double *p)
{
    double s = 0;
    for (size_t j = 0; j < J; j++)
        s += (p[j] = exp(v[j] - m));
    double inv = 1.0 / s;
    for (size_t j = 0; j < J; j++)
        p[j] *= inv;
    return m + log(s);
}

/* Log sum exp of the utilities v (maximum m) alone: the objective without its gradient. */
static double log_sum_exp(size_t J, const double *v, double m)
{
    double s = 0;
    for (size_t j = 0; j < J; j++)
        s += exp(v[j] - m);
    return m + log(s);
}

double choice_area_probs(const zl_choice_data *d, size_t i, const double *theta, double *v,
                         double *p)
{
    double *a = d->v + 2 * d->n_loc;
    alphas(d, theta, a);
    return probs(d->n_loc, v, utilities(d, i, theta, a, v), p);
}

double zl_choice_data_loglik(const zl_choice_data *d, const double *theta, double *grad)
{
    size_t J = d->n_loc, kt = d->kt;
    double *v = d->v, *p = d->v + J, *a = d->v + 2 * J, ll = 0;
    alphas(d, theta, a);
    if (grad)
        memset(grad, 0, d->np * sizeof *grad);
    for (size_t i = 0; i < d->n_areas; i++) {
        double m = utilities(d, i, theta, a, v);
        const double *y = &d->y[i * J];
        for (size_t j = 0; j < J; j++)
            ll += y[j] * v[j];
        if (!grad) {
            ll -= d->n[i] * log_sum_exp(J, v, m);
            continue;
        }
        ll -= d->n[i] * probs(J, v, m, p);
        const double *x = &d->x[i * J * kt];
        for (size_t j = 0; j < J; j++, x += kt) {
            double r = y[j] - d->n[i] * p[j];
            for (size_t k = 0; k < kt; k++)
                grad[k] += r * x[k];
            long ai = choice_alpha_index(d, j);
            if (ai >= 0)
                grad[ai] += r;
        }
    }
    return ll;
}

/* Adds area i's term of the Hessian to the lower triangle of h: minus N_i times the
 * covariance of the parameter features z (travel features, then alpha indicators) under
 * the probabilities p, block by block: travel x travel, alpha x travel, alpha x alpha (the
 * last is diag(p) - p p', so it needs no feature vectors). */
static void hessian_area(const zl_choice_data *d, size_t i, const double *p, double *xbar,
                         double *h)
{
    size_t J = d->n_loc, kt = d->kt, np = d->np;
    double w = d->n[i];
    const double *x0 = &d->x[i * J * kt], *x = x0;
    memset(xbar, 0, kt * sizeof *xbar);
    for (size_t j = 0; j < J; j++, x += kt)
        for (size_t k = 0; k < kt; k++) {
            double pxk = p[j] * x[k];
            xbar[k] += pxk;
            for (size_t q = 0; q <= k; q++)
                h[k * np + q] -= w * pxk * x[q];
        }
    for (size_t k = 0; k < kt; k++)
        for (size_t q = 0; q <= k; q++)
            h[k * np + q] += w * xbar[k] * xbar[q];
    x = x0;
    for (size_t j = 0; j < J; j++, x += kt) {
        long ai = choice_alpha_index(d, j);
        if (ai < 0)
            continue;
        double *row = &h[(size_t)ai * np];
        double wp = w * p[j];
        for (size_t k = 0; k < kt; k++)
            row[k] -= wp * (x[k] - xbar[k]);
        row[ai] -= wp;
        for (size_t j2 = 0; j2 <= j; j2++) {
            long a2 = choice_alpha_index(d, j2);
            if (a2 >= 0)
                row[a2] += wp * p[j2];
        }
    }
}

/* The Hessian of the log-likelihood (np x np, row-major): minus the sum over areas of
 * N_a times the covariance of the parameter features under the probabilities. Built on
 * the lower triangle, then mirrored. */
void choice_hessian(const zl_choice_data *d, const double *theta, double *h)
{
    size_t J = d->n_loc, np = d->np;
    double *v = d->v, *p = d->v + J, *a = d->v + 2 * J;
    double xbar[ZL_CHOICE_N_SEG + 1];
    assert(d->kt <= ZL_CHOICE_N_SEG + 1);
    memset(h, 0, np * np * sizeof *h);
    alphas(d, theta, a);
    for (size_t i = 0; i < d->n_areas; i++) {
        probs(J, v, utilities(d, i, theta, a, v), p);
        hessian_area(d, i, p, xbar, h);
    }
    for (size_t r = 0; r < np; r++)
        for (size_t q = 0; q < r; q++)
            h[q * np + r] = h[r * np + q];
}
