/* The hospital-choice model: a conditional logit over the locations that offer an
 * intervention. The utility of location l for a patient from area a is
 *   V(a,l) = alpha_l + sum_k beta_k * seg_k(t_al) [+ gamma * t_al/10 * old_a]
 * with t_al the travel minutes, seg_k the piecewise-linear pieces of t/10 between the knots
 * ZL_CHOICE_KNOTS (so distance decay may change with distance), alpha_l a fixed effect per
 * location (the location with most patients is the reference, alpha = 0) and old_a the
 * share of the area's population aged 75 or over (the optional age interaction: flows carry
 * no age, so the age band enters through the area). Fitted by maximum likelihood on one
 * year's flows with GSL's BFGS2 minimiser; standard errors from the analytic Hessian.
 * Method, assumptions and limits: docs/choice.md. */
#ifndef ZORGLANDSCHAP_CHOICE_H
#define ZORGLANDSCHAP_CHOICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "zorglandschap/err.h"
#include "zorglandschap/landscape.h"
#include "zorglandschap/store.h"

struct json_t;

/* Knots of the travel-time function (minutes): pieces 0-15, 15-30, 30-45, 45-60, 60+. */
#define ZL_CHOICE_N_KNOTS 4
#define ZL_CHOICE_N_SEG   (ZL_CHOICE_N_KNOTS + 1)
extern const double zl_choice_knots[ZL_CHOICE_N_KNOTS];
/* The age band of the interaction: 75 years and over. */
#define ZL_CHOICE_OLD_AGE 75

/* One estimated parameter. name: "travel_0_15" ... "travel_60_plus", "travel_x_age75",
 * "alpha:<location id>" (the reference location has value 0 and se 0). */
typedef struct zl_choice_coef {
    char *name;
    double value, se; /* se NAN when the Hessian is singular */
} zl_choice_coef;

/* A location of the choice set with its observed and predicted patients in the fit year. */
typedef struct zl_choice_loc {
    char *id;
    double alpha;
    double observed, predicted;
} zl_choice_loc;

/* A fitted model. Everything is owned by the model (zl_choice_model_free). */
typedef struct zl_choice_model {
    char *intervention;
    int year;
    bool age_interaction;
    double beta[ZL_CHOICE_N_SEG]; /* per 10 minutes in each piece */
    double gamma;                 /* per 10 minutes x share aged 75+; 0 without interaction */
    size_t n_locs;
    zl_choice_loc *locs; /* the choice set: locations with patients in the fit year, by id */
    size_t n_coef;
    zl_choice_coef *coef; /* the betas, gamma (when fitted), then every alpha */
    double log_likelihood, log_likelihood_null, rho2;
    int64_t patients;
    size_t areas; /* areas with patients */
    int iterations;
    bool synthetic; /* fitted on synthetic flows */
} zl_choice_model;

typedef struct zl_choice_fit_opts {
    bool age_interaction;
    /* Per case area: the share of the population aged ZL_CHOICE_OLD_AGE+ (needed with the
     * interaction; zl_choice_old_share reads it). */
    const double *old_share;
    int max_iterations; /* <= 0: 500 */
} zl_choice_fit_opts;

/* Fits the model on the case's flows. ZL_EINPUT when the case has fewer than two locations
 * with patients or the optimiser does not converge within max_iterations ("did not
 * converge after N iterations"). Caller frees *out. */
zl_status zl_choice_fit(const zl_case *c, const zl_choice_fit_opts *o, zl_choice_model **out,
                        zl_err *err);
void zl_choice_model_free(zl_choice_model *m);

/* The travel pieces of t minutes (in units of 10 minutes), as used in the utility. */
void zl_choice_segments(double minutes, double seg[ZL_CHOICE_N_SEG]);

/* The model bound to a case: per area and case location the weight exp(V - max) of the
 * location (0 where the model has no alpha for it). Choice probabilities among any set S
 * of open locations are w(a,l) / sum over S of w(a,.). Owned by the caller
 * (zl_choice_weights_free); borrows nothing. old_share may be NULL (then 0 everywhere). */
typedef struct zl_choice_weights {
    size_t n_areas, n_locations;
    double *w; /* n_areas x n_locations, row-major by area */
} zl_choice_weights;

zl_status zl_choice_weights_make(const zl_choice_model *m, const zl_case *c,
                                 const double *old_share, zl_choice_weights **out, zl_err *err);
void zl_choice_weights_free(zl_choice_weights *w);

/* Probabilities of area a over the open locations (out has n_locations entries, 0 for
 * closed ones). Returns false when no open location has a positive weight. */
bool zl_choice_probs(const zl_choice_weights *w, size_t a, const bool *open, double *out);

/* Log-likelihood of the case's flows under parameters theta (betas, gamma if age, then the
 * alphas of the non-reference locations in the order of the model's choice set) and its
 * gradient: exposed for the tests (finite differences). */
typedef struct zl_choice_data zl_choice_data;
zl_status zl_choice_data_make(const zl_case *c, const zl_choice_fit_opts *o, zl_choice_data **out,
                              zl_err *err);
size_t zl_choice_data_nparams(const zl_choice_data *d);
double zl_choice_data_loglik(const zl_choice_data *d, const double *theta, double *grad);
void zl_choice_data_free(zl_choice_data *d);

/* The documented JSON of a fit (docs/choice.md) and the readable table. */
struct json_t *zl_choice_to_json(const zl_choice_model *m);
/* For a viewer without an exact view (d: the database's disclosure key; NULL gives the
 * exact JSON): the per-location observed and predicted patients are published as every
 * public report of the case publishes the location's volume (zl_cellkey_publish_case:
 * 1-9 null, others multiples of 10, the same numbers as in the impact reports), `patients`
 * is the sum of the published observed volumes, "small_counts_suppressed" is true. */
struct zl_disclosure;
struct json_t *zl_choice_to_json_ex(const zl_choice_model *m, const struct zl_disclosure *d);
void zl_choice_print(const zl_choice_model *m, FILE *f);

/* Per case area: the share of the population aged ZL_CHOICE_OLD_AGE or over (0 without
 * age data). Caller frees *out. */
zl_status zl_choice_old_share(zl_store *s, const zl_case *c, double **out, zl_err *err);

/* Loads the case of the intervention (year <= 0: its latest year with flows), fits the
 * model (with the age shares when o->age_interaction) and stores it (zl_store_choice_save).
 * Nothing is stored when anything fails. *out (may be NULL) receives the model; the caller
 * frees it. */
zl_status zl_choice_fit_store(zl_store *s, const char *intervention, int year,
                              const zl_choice_fit_opts *o, zl_choice_model **out, zl_err *err);

#endif
