/* The JSON report of a fitted choice model (docs/choice.md) and its readable table. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "choice_internal.h"
#include "zorglandschap/privacy.h"

static json_t *num_or_null(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *coefs_json(const zl_choice_model *m)
{
    json_t *a = json_array();
    for (size_t k = 0; a && k < m->n_coef; k++)
        json_array_append_new(a, json_pack("{s:s,s:o,s:o}", "name", m->coef[k].name, "value",
                                           num_or_null(m->coef[k].value), "se",
                                           num_or_null(m->coef[k].se)));
    return a;
}

/* A location's patients in the fit year: exact (to 0.001), or as every public report of
 * the case publishes that location's volume (the same cell, so the same number as in the
 * impact reports; null for 1-9). *shown accumulates the published value. */
static json_t *count_json(const zl_choice_model *m, const zl_choice_loc *l, double v,
                          const zl_disclosure *d, int64_t *shown)
{
    if (!d)
        return json_real(round(v * 1000) / 1000);
    char what[160];
    snprintf(what, sizeof what, "volume/%s", l->id);
    int64_t x;
    zl_cell_state st = zl_cellkey_publish_case(d, what, m->intervention, m->year, v, &x);
    *shown += x;
    return st == ZL_CELL_SHOWN ? json_integer(x) : json_null();
}

/* The locations; *published gets the sum of their published observed patients. */
static json_t *locs_json(const zl_choice_model *m, const zl_disclosure *d, int64_t *published)
{
    json_t *a = json_array();
    int64_t ignored = 0;
    for (size_t j = 0; a && j < m->n_locs; j++) {
        const zl_choice_loc *l = &m->locs[j];
        json_array_append_new(a,
                              json_pack("{s:s,s:f,s:o,s:o}", "id", l->id, "alpha", l->alpha,
                                        "observed", count_json(m, l, l->observed, d, published),
                                        "predicted", count_json(m, l, l->predicted, d, &ignored)));
    }
    return a;
}

json_t *zl_choice_to_json(const zl_choice_model *m)
{
    return zl_choice_to_json_ex(m, NULL);
}

json_t *zl_choice_to_json_ex(const zl_choice_model *m, const zl_disclosure *d)
{
    json_t *knots = json_array();
    for (int k = 0; knots && k < ZL_CHOICE_N_KNOTS; k++)
        json_array_append_new(knots, json_real(zl_choice_knots[k]));
    int64_t published = 0;
    json_t *locs = locs_json(m, d, &published);
    /* Public: the patients as the sum of the published location volumes, like the impact
     * report's total (docs/privacy.md). */
    json_t *patients = !d                                 ? json_integer((json_int_t)m->patients)
                       : zl_suppress_primary(m->patients) ? json_null()
                                                          : json_integer((json_int_t)published);
    return json_pack("{s:s,s:i,s:s,s:o,s:s,s:b,s:f,s:f,s:f,s:o,s:I,s:i,s:b,s:b,s:o,s:o,s:s}",
                     "intervention", m->intervention, "year", m->year, "model", "conditional logit",
                     "knots_minutes", knots, "travel_unit", "10 minutes", "age_interaction",
                     m->age_interaction, "log_likelihood", m->log_likelihood, "log_likelihood_null",
                     m->log_likelihood_null, "rho2", m->rho2, "patients", patients, "areas",
                     (json_int_t)m->areas, "iterations", m->iterations, "synthetic", m->synthetic,
                     "small_counts_suppressed", d != NULL, "coefficients", coefs_json(m),
                     "locations", locs, "definitions", "docs/choice.md");
}

void zl_choice_print(const zl_choice_model *m, FILE *f)
{
    fprintf(f, "Hospital-choice model (conditional logit): %s, %d%s\n", m->intervention, m->year,
            m->synthetic ? "  [SYNTHETIC DATA]" : "");
    fprintf(f, "Patients %lld from %zu areas, %zu locations; %d iterations\n",
            (long long)m->patients, m->areas, m->n_locs, m->iterations);
    fprintf(f, "Log-likelihood %.2f (null %.2f), McFadden rho2 %.4f\n\n", m->log_likelihood,
            m->log_likelihood_null, m->rho2);
    fprintf(f, "%-30s %10s %10s\n", "coefficient (per 10 min)", "value", "se");
    for (size_t k = 0; k < m->n_coef && k < ZL_CHOICE_N_SEG + 1u; k++)
        if (strncmp(m->coef[k].name, "alpha:", 6) != 0)
            fprintf(f, "%-30s %10.4f %10.4f\n", m->coef[k].name, m->coef[k].value, m->coef[k].se);
    fprintf(f, "\n%-12s %10s %10s %10s\n", "location", "alpha", "observed", "predicted");
    for (size_t j = 0; j < m->n_locs; j++)
        fprintf(f, "%-12s %10.3f %10.1f %10.1f\n", m->locs[j].id, m->locs[j].alpha,
                m->locs[j].observed, m->locs[j].predicted);
    fprintf(f, "\nMethod, knots and limits: docs/choice.md\n");
}
