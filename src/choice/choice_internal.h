/* Internals shared by the files of the choice module: the estimation data. */
#ifndef ZL_CHOICE_INTERNAL_H
#define ZL_CHOICE_INTERNAL_H

#include "zorglandschap/choice.h"

struct zl_choice_data {
    size_t n_loc;   /* J: the choice set */
    uint32_t *loc;  /* case location index per choice location, ascending */
    size_t ref;     /* the reference location (alpha 0) within the choice set */
    size_t n_areas; /* areas with patients */
    uint32_t *area; /* case area index per row */
    double *n;      /* patients per row */
    double *y;      /* n_areas x J observed patients */
    double *x;      /* n_areas x J x kt travel features */
    size_t kt;      /* travel features: the pieces, plus the age interaction */
    bool age;
    size_t np; /* parameters: kt + J - 1 */
    double total;
    double *v; /* scratch: 3 x J (utilities, probabilities, alphas) */
};

/* Index of location j's alpha in theta, -1 for the reference. */
long choice_alpha_index(const zl_choice_data *d, size_t j);
/* Utilities (v) and probabilities (p) of row i; returns the log of the sum of exp(v). */
double choice_area_probs(const zl_choice_data *d, size_t i, const double *theta, double *v,
                         double *p);
/* The Hessian of the log-likelihood at theta (np x np, row-major). */
void choice_hessian(const zl_choice_data *d, const double *theta, double *h);

#endif
