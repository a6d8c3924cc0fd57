/* The fitted model bound to a case: choice weights per area and location, from which the
 * allocation rules take probabilities over whatever set of locations remains open. */
#include <math.h>
#include <stdlib.h>

#include "choice_internal.h"

static double utility(const zl_choice_model *m, double alpha, double minutes, double old)
{
    double seg[ZL_CHOICE_N_SEG], u = alpha;
    zl_choice_segments(minutes, seg);
    for (int k = 0; k < ZL_CHOICE_N_SEG; k++)
        u += m->beta[k] * seg[k];
    if (m->age_interaction)
        u += m->gamma * minutes / 10.0 * old;
    return u;
}

zl_status zl_choice_weights_make(const zl_choice_model *m, const zl_case *c,
                                 const double *old_share, zl_choice_weights **out, zl_err *err)
{
    zl_choice_weights *w = calloc(1, sizeof *w);
    double *alpha = malloc((c->n_locations + 1) * sizeof *alpha);
    if (w)
        w->w = malloc((c->n_areas * c->n_locations + 1) * sizeof *w->w);
    if (!w || !w->w || !alpha) {
        free(alpha);
        zl_choice_weights_free(w);
        return zl_fail(err, ZL_ENOMEM, "out of memory binding the choice model");
    }
    w->n_areas = c->n_areas;
    w->n_locations = c->n_locations;
    for (size_t l = 0; l < c->n_locations; l++)
        alpha[l] = NAN;
    for (size_t j = 0; j < m->n_locs; j++) {
        int l = zl_case_location_index(c, m->locs[j].id);
        if (l >= 0)
            alpha[l] = m->locs[j].alpha;
    }
    for (size_t a = 0; a < c->n_areas; a++) {
        double *row = &w->w[a * c->n_locations], mx = -INFINITY;
        double old = old_share ? old_share[a] : 0;
        for (size_t l = 0; l < c->n_locations; l++) {
            row[l] =
                isnan(alpha[l]) ? -INFINITY : utility(m, alpha[l], zl_case_minutes(c, a, l), old);
            mx = fmax(mx, row[l]);
        }
        for (size_t l = 0; l < c->n_locations; l++)
            row[l] = isfinite(row[l]) ? exp(row[l] - mx) : 0;
    }
    free(alpha);
    *out = w;
    return ZL_OK;
}

void zl_choice_weights_free(zl_choice_weights *w)
{
    if (!w)
        return;
    free(w->w);
    free(w);
}

bool zl_choice_probs(const zl_choice_weights *w, size_t a, const bool *open, double *out)
{
    const double *row = &w->w[a * w->n_locations];
    double s = 0;
    for (size_t l = 0; l < w->n_locations; l++)
        s += (out[l] = open[l] ? row[l] : 0);
    if (!(s > 0))
        return false;
    for (size_t l = 0; l < w->n_locations; l++)
        out[l] /= s;
    return true;
}
