/* Patient-weighted distributions: mean, nearest-rank percentiles, extremes. A flow of k
 * patients counts as k identical values, so the percentiles are those of the patients,
 * not of the flows (docs/impact.md, "Percentiles"). */
#include <stdlib.h>

#include "impact_internal.h"

static int cmp_wval(const void *a, const void *b)
{
    double x = ((const zl_wval *)a)->v, y = ((const zl_wval *)b)->v;
    return (x > y) - (x < y);
}

/* The smallest sorted value with at least the weight k at or below it. Weights may be
 * fractional (expected patients); with whole patients this is the nearest rank. The slack
 * absorbs rounding in the running sum. */
static double value_at_rank(const zl_wval *vals, size_t n, double k)
{
    double cum = 0;
    for (size_t i = 0; i < n; i++) {
        if (vals[i].w <= 0)
            continue;
        cum += vals[i].w;
        if (cum >= k - 1e-9)
            return vals[i].v;
    }
    return n ? vals[n - 1].v : 0;
}

void zl_stat_compute(zl_wval *vals, size_t n, zl_stat *out)
{
    *out = (zl_stat){0};
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        if (vals[i].w <= 0)
            continue;
        if (out->n == 0 || vals[i].v < out->min)
            out->min = vals[i].v;
        if (out->n == 0 || vals[i].v > out->max)
            out->max = vals[i].v;
        out->n += vals[i].w;
        sum += vals[i].v * vals[i].w;
    }
    if (out->n == 0)
        return;
    qsort(vals, n, sizeof *vals, cmp_wval);
    out->mean = sum / out->n;
    /* Nearest rank: the smallest value with at least p/100 * N patients at or below (for
     * whole patients the same as ceil(p/100 * N)). */
    out->p50 = value_at_rank(vals, n, out->n * 0.5);
    out->p90 = value_at_rank(vals, n, out->n * 0.9);
}

double zl_weight_above(const zl_wval *vals, size_t n, double threshold)
{
    double w = 0;
    for (size_t i = 0; i < n; i++)
        if (vals[i].w > 0 && vals[i].v > threshold)
            w += vals[i].w;
    return w;
}
