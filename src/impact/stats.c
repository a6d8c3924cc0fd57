/* Patient-weighted distributions: mean, nearest-rank percentiles, extremes. A flow of k
 * patients counts as k identical values, so the percentiles are those of the patients,
 * not of the flows (docs/impact.md, "Percentiles"). The percentiles are found by weighted
 * selection rather than a sort: the choice rules split flows into tens of thousands of
 * fractional parts, and sorting them dominated an evaluation. One pass spreads the
 * weights over equal-width buckets between the extremes; each percentile is then selected
 * among the entries of the one bucket that holds its rank. */
#include <math.h>
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

#define N_BUCKETS 256

/* The bucket of v: non-decreasing in v, so every entry of a lower bucket has a smaller
 * value than every entry of a higher one. */
static size_t bucket_of(double v, double lo, double scale)
{
    size_t b = (size_t)((v - lo) * scale);
    return b < N_BUCKETS ? b : N_BUCKETS - 1;
}

/* value_at_rank(vals, n, k) for several ranks k, with the weight per bucket wb (from
 * lo with scale buckets per unit): the bucket holding rank k is the first whose
 * cumulative weight reaches it (the same slack as value_at_rank); its entries are moved
 * to the front and the rank is selected among them. With k beyond the total by rounding
 * the last bucket, which holds the largest value, answers. */
static double rank_by_bucket(zl_wval *vals, size_t n, double lo, double scale, const double *wb,
                             double k)
{
    double below = 0;
    size_t b = 0;
    for (; b + 1 < N_BUCKETS && below + wb[b] < k - 1e-9; b++)
        below += wb[b];
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (bucket_of(vals[i].v, lo, scale) == b)
            swap(&vals[m++], &vals[i]);
    return value_at_rank(vals, m, k - below);
}

/* p50 and p90 of the n entries (all weights > 0; extremes lo, hi; total weight w). */
static void percentiles(zl_wval *vals, size_t n, double lo, double hi, double w, zl_stat *out)
{
    double span = hi - lo;
    if (!(span > 0) || !isfinite(span)) { /* one value, or an infinite extreme */
        out->p50 = value_at_rank(vals, n, w * 0.5);
        out->p90 = value_at_rank(vals, n, w * 0.9);
        return;
    }
    double wb[N_BUCKETS] = {0}, scale = N_BUCKETS / span;
    for (size_t i = 0; i < n; i++)
        wb[bucket_of(vals[i].v, lo, scale)] += vals[i].w;
    out->p50 = rank_by_bucket(vals, n, lo, scale, wb, w * 0.5);
    out->p90 = rank_by_bucket(vals, n, lo, scale, wb, w * 0.9);
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
    percentiles(vals, m, out->min, out->max, out->n, out);
}

double zl_weight_above(const zl_wval *vals, size_t n, double threshold)
{
    double w = 0;
    for (size_t i = 0; i < n; i++)
        if (vals[i].w > 0 && vals[i].v > threshold)
            w += vals[i].w;
    return w;
}
