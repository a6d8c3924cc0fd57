/* Per area its nearest locations, sorted: the nearest-open-location scans of every impact
 * evaluation (zl_reach_compute) read this short list instead of the whole travel-matrix
 * row, which made them the assessment's largest cost (areas x locations per scenario). */
#include <math.h>
#include <stdlib.h>

#include "zorglandschap/landscape.h"

#define NEAR_K_DEFAULT 16

/* Whether (m, l) comes before (bm, bl): fewer minutes, then the lower index. */
static bool before(float m, uint32_t l, float bm, uint32_t bl)
{
    return m < bm || (m == bm && l < bl);
}

void zl_case_build_near(zl_case *c, size_t k)
{
    free(c->near);
    c->near = NULL;
    c->near_k = 0;
    if (k == 0)
        k = NEAR_K_DEFAULT;
    if (k > c->n_locations)
        k = c->n_locations;
    if (k == 0 || !c->minutes || !(c->near = malloc(c->n_areas * k * sizeof *c->near + 1)))
        return;
    c->near_k = k;
    for (size_t a = 0; a < c->n_areas; a++) {
        const float *row = c->minutes + a * c->n_locations;
        uint32_t *list = c->near + a * k;
        size_t n = 0;
        for (size_t l = 0; l < c->n_locations; l++) {
            float m = row[l];
            /* Only a time below infinity can be a nearest one (NaN never is). */
            if (!(m < INFINITY) ||
                (n == k && !before(m, (uint32_t)l, row[list[k - 1]], list[k - 1])))
                continue;
            size_t p = n < k ? n++ : k - 1;
            for (; p > 0 && before(m, (uint32_t)l, row[list[p - 1]], list[p - 1]); p--)
                list[p] = list[p - 1];
            list[p] = (uint32_t)l;
        }
        for (; n < k; n++)
            list[n] = UINT32_MAX;
    }
}
