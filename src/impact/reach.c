/* Nearest open locations per area. These scans over the travel matrix are the inner loop
 * of every evaluation (n_areas x n_locations), so they read the matrix row by row and
 * skip closed locations through a compact list of open indices. */
#include <math.h>

#include "impact_internal.h"

/* The open location indices, ascending; returns how many. */
static size_t open_list(const zl_case *c, const bool *open, uint32_t *idx)
{
    size_t k = 0;
    for (size_t l = 0; l < c->n_locations; l++)
        if (open[l])
            idx[k++] = (uint32_t)l;
    return k;
}

void zl_reach_compute(const zl_case *c, const bool *open, uint32_t *idx, zl_reach *out)
{
    size_t k = open_list(c, open, idx);
    for (size_t a = 0; a < c->n_areas; a++) {
        const float *row = c->minutes + a * c->n_locations;
        float best = INFINITY, second = INFINITY;
        int32_t best_loc = -1;
        for (size_t j = 0; j < k; j++) {
            float m = row[idx[j]];
            if (m < best) {
                second = best;
                best = m;
                best_loc = (int32_t)idx[j];
            } else if (m < second) {
                second = m;
            }
        }
        out[a] = (zl_reach){best, second, best_loc};
    }
}

void zl_reach_in_region(const zl_case *c, const bool *open, int32_t *out)
{
    for (size_t a = 0; a < c->n_areas; a++) {
        int32_t r = c->area_region ? c->area_region[a] : -1, best_loc = -1;
        float best = INFINITY;
        for (size_t l = 0; r >= 0 && l < c->n_locations; l++) {
            if (!open[l] || c->location_region[l] != r)
                continue;
            float m = zl_case_minutes(c, a, l);
            if (m < best) {
                best = m;
                best_loc = (int32_t)l;
            }
        }
        out[a] = best_loc;
    }
}
