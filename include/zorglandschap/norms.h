/* The volume-norm check: per location the volume averaged over the norm's window of years
 * and whether it meets the norm. The one definition of "meets the norm" (zl_norm_met) is
 * shared by the impact analysis. Method: docs/impact.md, "Norm check". */
#ifndef ZORGLANDSCHAP_NORMS_H
#define ZORGLANDSCHAP_NORMS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "zorglandschap/landscape.h"
#include "zorglandschap/privacy.h"

struct json_t;

/* A windowed mean volume meets a norm when it is at least the norm. */
static inline bool zl_norm_met(double mean_volume, int64_t norm)
{
    return mean_volume >= (double)norm;
}

typedef struct zl_norm_row {
    uint32_t location; /* index into the case */
    double mean;       /* mean yearly volume over the years with a record */
    int years;         /* years in the window with a record */
    bool meets;
} zl_norm_row;

typedef struct zl_norm_check {
    const zl_case *c; /* borrowed: free the check before the case */
    int64_t norm;
    int from_year, to_year;
    size_t n, n_meeting;
    zl_norm_row *rows; /* locations with a record in the window, by id */
} zl_norm_check;

/* norm < 0: the intervention's current norm. Caller frees with zl_norm_check_free. */
/* Resolves a user's norm argument against an intervention: NULL or "current" gives -1
 * (meaning the current norm), "proposed" its proposed norm, else a whole number 0..10^6.
 * The message names the bad value; callers prefix the option ("--norm: "). */
zl_status zl_norm_resolve(const zl_intervention *iv, const char *arg, int64_t *norm, zl_err *err);

zl_status zl_norm_check_run(const zl_case *c, int64_t norm, zl_norm_check **out, zl_err *err);
void zl_norm_check_free(zl_norm_check *nc);

/* One intervention's check as a JSON object; several as an array (docs/impact.md). */
struct json_t *zl_norm_check_to_json(const zl_norm_check *nc);
/* The same for a viewer without an exact view (d != NULL): each location's windowed mean
 * is published as zl_norm_public_mean gives it (null for 1-9 patients over the window). */
struct json_t *zl_norm_check_to_json_public(const zl_norm_check *nc, const zl_disclosure *d);

/* The published windowed mean volume of location l: the patients over the window's years
 * with a record (mean x years) rounded by the cell key, divided by those years. The same
 * number in the norm check and in every impact report of the case. *state is
 * ZL_CELL_PRIMARY when the window holds 1..9 patients. */
double zl_norm_public_mean(const zl_disclosure *d, const zl_case *c, size_t l,
                           zl_cell_state *state);
void zl_norm_check_print(const zl_norm_check *nc, FILE *f);

#endif
