/* Quality transparency (docs/quality.md): funnel plots of outcome indicators with exact
 * binomial / Poisson control limits and an optional multiplicative overdispersion
 * correction (Spiegelhalter 2005), the volume-outcome regression (binomial-logit or
 * Poisson-log GLM fitted by IRLS on GSL's weighted least squares) and the expected change
 * of outcomes under a norm scenario of the impact analysis, which hospitals publish what,
 * and the comparison page for patients and GPs. Statistics come from GSL (quantiles of
 * the binomial, Poisson, normal, beta, chi-square and gamma distributions, multifit).
 * Every result that leaves the analyst's machine goes through the disclosure rules of
 * docs/privacy.md (zl_quality_publish_count). */
#ifndef ZORGLANDSCHAP_QUALITY_H
#define ZORGLANDSCHAP_QUALITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "zorglandschap/err.h"
#include "zorglandschap/privacy.h"
#include "zorglandschap/store.h"
#include "zorglandschap/store_quality.h"

struct json_t;
struct zl_impact;

typedef enum zl_indicator_type {
    ZL_IND_PROPORTION = 0, /* numerator / denominator */
    ZL_IND_OE_RATIO        /* observed / case-mix expected */
} zl_indicator_type;

/* An indicator definition, owned (zl_indicator_clear frees the strings). */
typedef struct zl_indicator {
    char *code, *name_nl, *name_en, *intervention, *registry, *base_source;
    zl_indicator_type type;
    bool lower_is_better;
    int year;
    double base_rate; /* NAN when none */
    bool illustrative, synthetic;
} zl_indicator;

zl_status zl_indicator_copy(const zl_indicator_def *d, zl_indicator *out, zl_err *err);
/* A deep copy of ind into *out (zl_indicator_clear frees it). */
zl_status zl_indicator_dup(const zl_indicator *ind, zl_indicator *out, zl_err *err);
void zl_indicator_clear(zl_indicator *ind);
/* One indicator by code (ZL_ENOTFOUND naming the known codes when unknown). */
zl_status zl_quality_indicator_get(zl_store *s, const char *code, zl_indicator *out, zl_err *err);
/* The indicators of an intervention (NULL: all); *out freed with zl_quality_indicators_free. */
zl_status zl_quality_indicators(zl_store *s, const char *intervention, zl_indicator **out,
                                size_t *n, zl_err *err);
void zl_quality_indicators_free(zl_indicator *v, size_t n);
/* The definition as JSON (code, names, type, direction, registry, base rate and source). */
struct json_t *zl_indicator_to_json(const zl_indicator *ind);

/* ---- control limits ---- */

/* R's qbinom / qpois: the smallest r with P(X <= r) >= prob, from GSL's CDFs. */
unsigned zl_binom_quantile(double prob, double p, unsigned n);
unsigned zl_poisson_quantile(double prob, double mu);

/* The exact control limit at probability prob (e.g. 0.975, 0.999, 0.025, 0.001) for a
 * unit of precision `precision` (the denominator of a proportion, the expected count of an
 * O/E ratio) around the target: X ~ Binomial(n, target) or Poisson(target * E); with
 * r = the prob-quantile of X and alpha = (F(r) - prob) / (F(r) - F(r - 1)), the limit is
 * (r - alpha) / precision (Spiegelhalter 2005, appendix A.1.1). */
double zl_funnel_limit(zl_indicator_type t, double target, double precision, double prob);
/* The overdispersed limit: target + z(prob) * sqrt(phi * V / precision), V = target (1 -
 * target) for proportions and target for O/E ratios (Spiegelhalter 2005, section 3). */
double zl_funnel_limit_od(zl_indicator_type t, double target, double precision, double prob,
                          double phi);

/* ---- funnel plot ---- */

/* Flags: beyond the 99.8 % limits (+-2), beyond the 95 % ones only (+-1), within (0);
 * positive above, negative below. Outside means strictly beyond the limit. */
typedef struct zl_funnel_point {
    char *location_id, *name;
    double lat, lon;
    int64_t numerator, denominator;
    double expected; /* O/E: case-mix expected count; NAN for proportions */
    int64_t volume;  /* the location's volume of the intervention in the year (-1: none) */
    bool published;
    double value;     /* proportion or O/E ratio */
    double precision; /* x axis: denominator (proportion) or expected (O/E) */
    double lo95, hi95, lo998, hi998;
    int flag;
    int verdict; /* +1 better than expected (beyond 95 %), -1 worse, 0 as expected */
} zl_funnel_point;

typedef struct zl_funnel_curve {
    double precision, lo95, hi95, lo998, hi998;
} zl_funnel_curve;

typedef struct zl_funnel {
    zl_indicator ind;
    int year;
    double target; /* national value: sum numerators / sum denominators (or / sum expected) */
    int64_t total_numerator, total_denominator;
    double total_expected;
    bool overdispersion_requested, overdispersion_applied;
    double phi;   /* multiplicative overdispersion, from 10 % winsorised z-scores */
    double phi_p; /* P(chi2 with k-1 degrees of freedom >= k phi) */
    size_t n;
    zl_funnel_point *points; /* ordered by location id */
    size_t n_curve;
    zl_funnel_curve *curve; /* the limits at evenly spaced precisions, for drawing */
    bool synthetic;
} zl_funnel;

/* The funnel of rows (one year, one indicator; strings are copied). With overdispersion,
 * phi is estimated and applied when above 1. A target of 0 or 1 (every unit at the limit)
 * is an input error. */
zl_status zl_funnel_compute(const zl_indicator *ind, int year, const zl_quality_row *rows, size_t n,
                            bool overdispersion, zl_funnel **out, zl_err *err);
/* The funnel of an indicator in a year (<= 0: the latest with values). */
zl_status zl_quality_funnel(zl_store *s, const char *indicator, int year, bool overdispersion,
                            zl_funnel **out, zl_err *err);
void zl_funnel_free(zl_funnel *f);

/* Public output (docs/quality.md, "What is published"): with d, a location whose
 * denominator is 1-9 is suppressed as a whole (no value, interval or flag; "<10"), other
 * denominators are published as rounded counts (zl_cellkey_publish), numerators are not
 * shown, values and limits to whole percents (O/E ratios to 0.05). d NULL: the exact view. */
struct json_t *zl_funnel_to_json(const zl_funnel *f, const zl_disclosure *d);
/* Writes the funnel plot as "svg" or "png" (cairo) to path. Public (d) as for the JSON. */
zl_status zl_funnel_plot(const zl_funnel *f, const zl_disclosure *d, const char *format,
                         const char *path, zl_err *err);

/* ---- generalised linear model (IRLS) ---- */

#define ZL_GLM_MAXP 8

typedef enum zl_glm_family {
    ZL_GLM_BINOMIAL = 0, /* y successes of t trials, logit link */
    ZL_GLM_POISSON       /* y counts with exposure t (mean t * exp(eta)), log link */
} zl_glm_family;

typedef struct zl_glm {
    size_t p;
    double beta[ZL_GLM_MAXP], se[ZL_GLM_MAXP];
    double cov[ZL_GLM_MAXP * ZL_GLM_MAXP]; /* row-major p x p: the inverse Fisher information */
    double deviance;
    int iterations;
} zl_glm;

/* Fits y ~ X (n x p, row-major, p <= ZL_GLM_MAXP) by iteratively reweighted least squares,
 * each step a gsl_multifit_wlinear solve. Not converging in 50 steps, a singular design or
 * a non-finite estimate (e.g. complete separation) is ZL_EINPUT. */
zl_status zl_glm_fit(zl_glm_family fam, const double *X, size_t n, size_t p, const double *y,
                     const double *t, zl_glm *out, zl_err *err);

/* ---- volume-outcome ---- */

#define ZL_VO_MAX_BANDS 4

typedef struct zl_vo_band {
    int lo, hi; /* volume band [lo, hi]; hi < 0: no upper bound */
    size_t n_obs;
    int64_t events, patients;
    double rate;              /* events / patients (O/E: events / expected) */
    double ratio, lo95, hi95; /* odds (rate) ratio against the reference band */
    bool reference;
} zl_vo_band;

typedef struct zl_vo_fit {
    zl_indicator ind;
    int year_from, year_to;
    size_t n_obs; /* location-years used (with a volume and a value) */
    int64_t events, patients;
    double expected_per_patient; /* O/E: national expected count per patient (else 1) */
    zl_glm loglin;               /* intercept, log(volume) */
    double ratio_per_doubling, ratio_lo, ratio_hi;
    bool bands_fitted; /* false when fewer than two bands have patients */
    size_t n_bands;
    zl_vo_band bands[ZL_VO_MAX_BANDS];
    bool synthetic;
} zl_vo_fit;

/* The regressions on rows of any years (rows without volume use the denominator). */
zl_status zl_vo_compute(const zl_indicator *ind, const zl_quality_row *rows, size_t n,
                        zl_vo_fit **out, zl_err *err);
/* Over years from..to (0, 0: every year with values). */
zl_status zl_quality_volume_outcome(zl_store *s, const char *indicator, int from, int to,
                                    zl_vo_fit **out, zl_err *err);
void zl_vo_free(zl_vo_fit *f);
/* Expected rate at a volume under the log-volume model. */
double zl_vo_rate(const zl_vo_fit *f, double volume);

/* The expected change of events under a scenario: every location's volume before and after
 * (zl_impact_locations), events = sum of volume x rate(volume) under the log-volume model;
 * the 95 % interval by the delta method from the coefficients' covariance. With d (public)
 * the volumes are the impact report's published ones (cells impact/volume/... and
 * impact/volume-after/..., docs/privacy.md rule 3), so that differencing scenarios gives
 * nothing the impact report does not already publish. */
typedef struct zl_vo_change {
    double patients_before, patients_after;
    double events_before, events_after, change, lo95, hi95;
} zl_vo_change;
zl_status zl_vo_scenario(const zl_vo_fit *f, const struct zl_impact *r, const zl_disclosure *d,
                         zl_vo_change *out, zl_err *err);
/* Lower-level: volumes before and after of n locations (0: not offering). */
void zl_vo_change_of(const zl_vo_fit *f, const double *before, const double *after, size_t n,
                     zl_vo_change *out);

/* The fit as JSON with the scenario's change (change may be NULL). With d (public), the
 * counts of events and patients are published rounded by the cell key. */
struct json_t *zl_vo_to_json(const zl_vo_fit *f, const zl_vo_change *change, int64_t norm,
                             const zl_disclosure *d);
/* Every indicator of an intervention fitted over years from..to (0: all) and, when
 * norm_arg is given (a number, "current" or "proposed"), the expected change under the
 * impact analysis's scenario for that norm (latest year, the default allocation rule):
 * {"intervention","norm","rule","fits":[zl_vo_to_json or {"indicator","error"}]}. */
zl_status zl_quality_vo_report(zl_store *s, const char *intervention, int from, int to,
                               const char *norm_arg, const zl_disclosure *d, struct json_t **out,
                               zl_err *err);

/* The quality chapter of an impact report: for every indicator of the report's
 * intervention its fit over all years and the expected change of outcomes under the
 * report's own scenario ({"intervention","norm","fits":[zl_vo_to_json],"caveat_en"}).
 * *out is NULL when the intervention has no indicators. */
zl_status zl_quality_impact_chapter(zl_store *s, const struct zl_impact *r, const zl_disclosure *d,
                                    struct json_t **out, zl_err *err);
/* Prints the chapter after an impact table. */
void zl_quality_impact_chapter_print(const struct json_t *chapter, FILE *f);

/* ---- publication status ---- */

typedef struct zl_publish_cell {
    char *intervention, *indicator, *location_id, *name;
    double lat, lon;
    int state; /* 1 published, 0 reported but not published, -1 no value */
} zl_publish_cell;

typedef struct zl_publish_status {
    int year;
    size_t n;
    zl_publish_cell *cells; /* ordered by intervention, indicator, location */
    size_t published, reported;
    bool synthetic;
} zl_publish_status;

/* Every provider of an intervention (NULL: all) in year (<= 0: latest with values). */
zl_status zl_quality_publish_status(zl_store *s, const char *intervention, int year,
                                    zl_publish_status **out, zl_err *err);
void zl_publish_status_free(zl_publish_status *p);
/* Per indicator and per location summaries and the national share. */
struct json_t *zl_publish_status_to_json(const zl_publish_status *p);

/* ---- for patients and GPs ---- */

/* The providers of an intervention in a year: volume, every indicator with its exact 95 %
 * interval (Clopper-Pearson; O/E: exact Poisson on the observed count), the funnel
 * verdict, whether the location publishes, the car minutes from pc4 (0: none) and plain
 * explanations in Dutch and English. Ordered by travel time, else by name: no ranking.
 * Public with d as zl_funnel_to_json. */
zl_status zl_quality_compare(zl_store *s, const char *intervention, int year, int32_t pc4,
                             const zl_disclosure *d, struct json_t **out, zl_err *err);

/* Readable tables of the documents above (zl_funnel_to_json, zl_quality_vo_report,
 * zl_publish_status_to_json, zl_quality_compare), printed from the JSON so that a table
 * shows exactly what its view publishes. */
void zl_funnel_print(const struct json_t *doc, FILE *f);
void zl_vo_report_print(const struct json_t *doc, FILE *f);
void zl_publish_status_print(const struct json_t *doc, FILE *f);
void zl_compare_print(const struct json_t *doc, FILE *f);

/* Exact 95 % intervals: Clopper-Pearson for x of n; Poisson for an observed count x. */
void zl_ci_binomial(int64_t x, int64_t n, double level, double *lo, double *hi);
void zl_ci_poisson(int64_t x, double level, double *lo, double *hi);

/* A location's denominator as published (docs/quality.md): the state and the shown count.
 * A denominator equal to the location's volume of the year is that volume's cell
 * ("impact/volume/<location>/<intervention>/<year>", as in the impact report), so the
 * same count is rounded the same way everywhere; another denominator has its own cell
 * "quality/<indicator>/<year>/<location>/denominator". */
zl_cell_state zl_quality_publish_count(const zl_disclosure *d, const zl_indicator *ind, int year,
                                       const char *location_id, int64_t count, int64_t volume,
                                       int64_t *shown);

/* ---- the labelled synthetic sample ---- */

/* Writes indicator values (the indicator-values CSV format, synthetic = 1) for every
 * indicator in the store with a base rate and every location-year with a volume of its
 * intervention: rate = base rate moved by a volume-outcome slope on log volume (see
 * docs/quality.md), a random location effect and binomial (Poisson for O/E) variation; the
 * probability of publishing rises with volume. Same store and seed: same bytes. */
zl_status zl_quality_synth(zl_store *s, uint64_t seed, FILE *out, size_t *rows, zl_err *err);
/* The true slopes the generator uses (log odds or log rate per unit of log volume). */
double zl_quality_synth_slope(const zl_indicator *ind);

#endif
