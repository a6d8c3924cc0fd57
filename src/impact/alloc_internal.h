/* Internals of the allocation rules shared by allocate.c and capacity.c. */
#ifndef ZL_ALLOC_INTERNAL_H
#define ZL_ALLOC_INTERNAL_H

#include "impact_internal.h"

/* Scratch of one allocation. */
typedef struct alloc_ctx {
    const zl_case *c;
    const bool *open;
    const zl_alloc_inputs *in;
    zl_alloc_result *out;
    zl_reach *reach;
    int32_t *in_region;
    uint32_t *idx;
    double *p;      /* n_locations probabilities */
    int64_t p_area; /* the area whose probabilities over `open` p holds, -1: none */
    size_t cap_parts;
} alloc_ctx;

/* mass to the nearest open location of area a (its existence is checked up front). */
void alloc_to_nearest(alloc_ctx *x, uint32_t a, double mass, double *row);
/* mass by the model over `open` for area a; false when no location there has a
 * probability. */
bool alloc_to_choice(alloc_ctx *x, uint32_t a, const bool *open, double mass, double *row);
/* Appends a displaced flow's row (patients per location) as parts, after dropping
 * shares below 1e-4 of the flow and rescaling the rest (the row is changed). */
zl_status alloc_emit(alloc_ctx *x, uint32_t f, double *row, zl_err *err);
/* The capacity rule over every displaced flow. */
zl_status alloc_capacity(alloc_ctx *x, zl_err *err);

#endif
