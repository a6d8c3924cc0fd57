/* Patient-weighted distributions: mean, nearest-rank percentiles, extremes. A flow of k
 * patients counts as k identical values, so the percentiles are those of the patients,
 * not of the flows (docs/impact.md, "Percentiles"). The percentiles are found by weighted
 * selection rather than a sort: the choice rules split flows into tens of thousands of
 * fractional parts, and sorting them dominated an evaluation. */
#include <stdlib.h>

#include "impact_internal.h"

static void swap(zl_wval *a, zl_wval *b)
{
    zl_wval t = *a;
    *a = *b;
    *b = t;
}

/* The smallest value with at least the weight k at or below it, by weighted quickselect
 * (expected linear time; vals is reordered). Weights may be fractional (expected
 * patients); with whole patients this is the nearest rank. The slack absorbs rounding in
 * the running sums. Every weight is > 0. */
static double value_at_rank(zl_wval *vals, size_t n, double k)
{
    size_t lo = 0, hi = n; /* the answer is among vals[lo..hi) */
    while (hi - lo > 1) {
        /* Median of three as the pivot, so sorted input is no worst case. */
        size_t mid = lo + (hi - lo) / 2;
        double a = vals[lo].v, b = vals[mid].v, c = vals[hi - 1].v;
        double pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
        /* Three-way partition: [lo, lt) < pivot, [lt, gt) == pivot, [gt, hi) > pivot. */
        size_t lt = lo, i = lo, gt = hi;
        double w_lt = 0, w_eq = 0;
        while (i < gt) {
            if (vals[i].v < pivot) {
                w_lt += vals[i].w;
                swap(&vals[lt++], &vals[i++]);
            } else if (vals[i].v > pivot) {
                swap(&vals[i], &vals[--gt]);
            } else {
                w_eq += vals[i++].w;
            }
        }
        if (w_lt >= k - 1e-9 && lt > lo) {
            hi = lt;
        } else if (w_lt + w_eq >= k - 1e-9) {
            return pivot;
        } else if (gt == hi) {
            return pivot; /* k beyond the total by rounding: the largest value */
        } else {
            k -= w_lt + w_eq;
            lo = gt;
        }
    }
    return lo < n ? vals[lo].v : (n ? vals[n - 1].v : 0);
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
    /* Entries without weight are moved out of the selection's way. */
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (vals[i].w > 0)
            swap(&vals[m++], &vals[i]);
    out->mean = sum / out->n;
    /* Nearest rank: the smallest value with at least p/100 * N patients at or below (for
     * whole patients the same as ceil(p/100 * N)). */
    out->p50 = value_at_rank(vals, m, out->n * 0.5);
    out->p90 = value_at_rank(vals, m, out->n * 0.9);
}

double zl_weight_above(const zl_wval *vals, size_t n, double threshold)
{
    double w = 0;
    for (size_t i = 0; i < n; i++)
        if (vals[i].w > 0 && vals[i].v > threshold)
            w += vals[i].w;
    return w;
}
