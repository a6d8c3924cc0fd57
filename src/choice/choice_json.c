/* The JSON report of a fitted choice model (docs/choice.md) and its readable table. */
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "choice_internal.h"

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

/* A patient count of the fit; null in public output below 9.5 (rounds to 1-9). */
static json_t *count_json(double v, bool pub)
{
    return pub && v > 0 && v < 9.5 ? json_null() : json_real(round(v * 1000) / 1000);
}

static json_t *locs_json(const zl_choice_model *m, bool pub)
{
    json_t *a = json_array();
    for (size_t j = 0; a && j < m->n_locs; j++)
        json_array_append_new(a, json_pack("{s:s,s:f,s:o,s:o}", "id", m->locs[j].id, "alpha",
                                           m->locs[j].alpha, "observed",
                                           count_json(m->locs[j].observed, pub), "predicted",
                                           count_json(m->locs[j].predicted, pub)));
    return a;
}

json_t *zl_choice_to_json(const zl_choice_model *m)
{
    return zl_choice_to_json_ex(m, false);
}

json_t *zl_choice_to_json_ex(const zl_choice_model *m, bool pub)
{
    json_t *knots = json_array();
    for (int k = 0; knots && k < ZL_CHOICE_N_KNOTS; k++)
        json_array_append_new(knots, json_real(zl_choice_knots[k]));
    return json_pack("{s:s,s:i,s:s,s:o,s:s,s:b,s:f,s:f,s:f,s:I,s:I,s:i,s:b,s:b,s:o,s:o,s:s}",
                     "intervention", m->intervention, "year", m->year, "model", "conditional logit",
                     "knots_minutes", knots, "travel_unit", "10 minutes", "age_interaction",
                     m->age_interaction, "log_likelihood", m->log_likelihood, "log_likelihood_null",
                     m->log_likelihood_null, "rho2", m->rho2, "patients", (json_int_t)m->patients,
                     "areas", (json_int_t)m->areas, "iterations", m->iterations, "synthetic",
                     m->synthetic, "small_counts_suppressed", pub, "coefficients", coefs_json(m),
                     "locations", locs_json(m, pub), "definitions", "docs/choice.md");
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
