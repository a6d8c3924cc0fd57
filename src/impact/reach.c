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

/* From the area's list of nearest locations (landscape.h, zl_case.near): the first two
 * open ones in (minutes, index) order are what the row scan below finds. false when the
 * list is full and holds fewer than two open locations: then only the row can tell. */
static bool reach_near(const zl_case *c, const bool *open, size_t a, zl_reach *out)
{
    const uint32_t *list = c->near + a * c->near_k;
    const float *row = c->minutes + a * c->n_locations;
    zl_reach r = {INFINITY, INFINITY, -1};
    for (size_t k = 0; k < c->near_k; k++) {
        uint32_t l = list[k];
        if (l == UINT32_MAX)
            break; /* no other location has a time below infinity */
        if (!open[l])
            continue;
        if (r.best_loc >= 0) {
            r.second = row[l];
            *out = r;
            return true;
        }
        r.best = row[l];
        r.best_loc = (int32_t)l;
        if (k + 1 == c->near_k)
            return false;
    }
    if (c->near_k > 0 && list[c->near_k - 1] != UINT32_MAX)
        return false;
    *out = r;
    return true;
}

void zl_reach_compute(const zl_case *c, const bool *open, uint32_t *idx, zl_reach *out)
{
    size_t k = open_list(c, open, idx);
    for (size_t a = 0; a < c->n_areas; a++) {
        if (c->near && c->near_k && reach_near(c, open, a, &out[a]))
            continue;
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
