/* Infeasibility explained: checks, before any search, the named reasons why the
 * constraints of an optimisation cannot all hold, and says which constraint fails and by
 * how much. Each check is a necessary condition, so a message is always a proof. */
#include <stdio.h>
#include <stdlib.h>

#include "opt_internal.h"

static const char *loc_id(const opt_inst *in, size_t j)
{
    return in->c->locations[in->loc_idx[j]].id;
}

static void minutes_phrase(const opt_inst *in, char *buf, size_t n)
{
    if (isfinite(in->max_minutes))
        snprintf(buf, n, "within %g minutes", in->max_minutes);
    else
        snprintf(buf, n, "in total");
}

/* Patients living within the travel limit of candidate j. */
static int64_t reachable(const opt_inst *in, size_t j)
{
    int64_t r = 0;
    for (size_t i = 0; i < in->n_areas; i++)
        if (in->t[i * in->n_cand + j] <= in->max_minutes)
            r += in->d[i];
    return r;
}

static zl_status check_kept(const opt_inst *in, size_t *n_keep, zl_err *err)
{
    char within[64];
    minutes_phrase(in, within, sizeof within);
    *n_keep = 0;
    for (size_t j = 0; j < in->n_cand; j++) {
        if (!in->keep[j])
            continue;
        (*n_keep)++;
        if (!in->usable[j])
            return zl_fail(err, ZL_EINFEASIBLE,
                           "location %s (kept) cannot reach the norm %lld: its capacity "
                           "(capacity factor x current volume %lld) is %lld",
                           loc_id(in, j), (long long)in->norm, (long long)in->cur[j],
                           (long long)in->cap[j]);
        int64_t r = reachable(in, j);
        if (r < in->norm)
            return zl_fail(err, ZL_EINFEASIBLE,
                           "location %s (kept) cannot reach the norm %lld: only %lld patients "
                           "live %s of it",
                           loc_id(in, j), (long long)in->norm, (long long)r, within);
    }
    if (in->max_open && *n_keep > (size_t)in->max_open)
        return zl_fail(err, ZL_EINFEASIBLE,
                       "--keep forces %zu locations open, more than --max-locations %d", *n_keep,
                       in->max_open);
    if (in->norm > 0 && (int64_t)*n_keep * in->norm > in->total)
        return zl_fail(err, ZL_EINFEASIBLE,
                       "--keep forces %zu locations open, but %lld patients can fill at most "
                       "%lld locations at the norm %lld",
                       *n_keep, (long long)in->total, (long long)(in->total / in->norm),
                       (long long)in->norm);
    return ZL_OK;
}

static zl_status check_areas(const opt_inst *in, zl_err *err)
{
    for (size_t i = 0; i < in->n_areas; i++) {
        if (in->n_order[i] > 0)
            continue;
        const zl_area *a = &in->c->areas[in->area_idx[i]];
        size_t best = 0;
        for (size_t j = 1; j < in->n_cand; j++)
            if (in->t[i * in->n_cand + j] < in->t[i * in->n_cand + best])
                best = j;
        if (in->t[i * in->n_cand + best] > in->max_minutes)
            return zl_fail(err, ZL_EINFEASIBLE,
                           "PC4 %04d (%lld patients): the nearest candidate location %s is "
                           "%.1f minutes away, more than --max-minutes %g",
                           a->pc4, (long long)in->d[i], loc_id(in, best),
                           in->t[i * in->n_cand + best], in->max_minutes);
        return zl_fail(err, ZL_EINFEASIBLE,
                       "PC4 %04d (%lld patients): every candidate location within %g minutes "
                       "has a capacity (capacity factor x current volume) below the norm %lld",
                       a->pc4, (long long)in->d[i], in->max_minutes, (long long)in->norm);
    }
    return ZL_OK;
}

/* Per required region: some usable candidate in it must reach the norm. */
static zl_status check_region(const opt_inst *in, size_t r, bool *covered, zl_err *err)
{
    const char *name = in->c->region_codes[r];
    size_t n = 0, best = SIZE_MAX;
    int64_t best_r = -1;
    for (size_t j = 0; j < in->n_cand; j++) {
        if (in->region[j] != (int32_t)r)
            continue;
        n++;
        covered[r] = covered[r] || in->keep[j];
        int64_t rr = in->usable[j] ? reachable(in, j) : -1;
        if (rr > best_r) {
            best_r = rr;
            best = j;
        }
    }
    char within[64];
    minutes_phrase(in, within, sizeof within);
    if (n == 0)
        return zl_fail(err, ZL_EINFEASIBLE,
                       "region %s: every current provider is excluded, so one location per "
                       "region is impossible there",
                       name);
    if (best_r < 0)
        return zl_fail(err, ZL_EINFEASIBLE,
                       "region %s: none of its %zu candidate locations has a capacity "
                       "(capacity factor x current volume) of at least the norm %lld",
                       name, n, (long long)in->norm);
    if (best_r < in->norm)
        return zl_fail(err, ZL_EINFEASIBLE,
                       "region %s: none of its %zu candidate locations can reach the norm "
                       "%lld (best: %s with %lld patients %s), so one location per region is "
                       "impossible there",
                       name, n, (long long)in->norm, loc_id(in, best), (long long)best_r, within);
    return ZL_OK;
}

/* Regions that have a current provider must keep one; count how many more locations
 * than the kept ones that forces open. */
static zl_status check_regions(const opt_inst *in, size_t n_keep, zl_err *err)
{
    bool *covered = calloc(in->n_regions + 1, 1);
    if (!covered)
        return zl_fail(err, ZL_ENOMEM, "optimise: out of memory");
    zl_status st = ZL_OK;
    size_t needed = 0;
    for (size_t r = 0; st == ZL_OK && r < in->n_regions; r++) {
        if (!in->region_has_provider[r])
            continue;
        st = check_region(in, r, covered, err);
        needed += !covered[r];
    }
    free(covered);
    if (st != ZL_OK)
        return st;
    size_t forced = n_keep + needed;
    if (in->max_open && forced > (size_t)in->max_open)
        return zl_fail(err, ZL_EINFEASIBLE,
                       "--min-per-region needs %zu locations (%zu kept, %zu for regions "
                       "without a kept one) but --max-locations is %d",
                       forced, n_keep, needed, in->max_open);
    if ((int64_t)forced * in->norm > in->total)
        return zl_fail(err, ZL_EINFEASIBLE,
                       "%zu locations must stay open (kept ones and one per region) and each "
                       "needs the norm %lld: %zu x %lld = %lld > total demand %lld",
                       forced, (long long)in->norm, forced, (long long)in->norm,
                       (long long)((int64_t)forced * in->norm), (long long)in->total);
    return ZL_OK;
}

static int cmp_desc(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x > y ? -1 : x < y;
}

static zl_status check_capacity(const opt_inst *in, zl_err *err)
{
    if (!in->has_cap)
        return ZL_OK;
    int64_t *caps = malloc((in->n_cand + 1) * sizeof *caps);
    if (!caps)
        return zl_fail(err, ZL_ENOMEM, "optimise: out of memory");
    size_t n = 0;
    for (size_t j = 0; j < in->n_cand; j++)
        if (in->usable[j])
            caps[n++] = in->cap[j];
    qsort(caps, n, sizeof *caps, cmp_desc);
    size_t k = in->max_open && (size_t)in->max_open < n ? (size_t)in->max_open : n;
    int64_t sum = 0;
    for (size_t j = 0; j < k; j++)
        sum += caps[j];
    free(caps);
    if (sum < in->total)
        return zl_fail(err, ZL_EINFEASIBLE,
                       "capacity factor too small: %s%zu usable candidate locations can take "
                       "at most %lld patients together, but the demand is %lld",
                       k < n ? "the largest " : "the ", k, (long long)sum, (long long)in->total);
    return ZL_OK;
}

zl_status opt_precheck(const opt_inst *in, zl_err *err)
{
    const zl_case *c = in->c;
    if (in->n_areas == 0)
        return zl_fail(err, ZL_EINPUT, "no patients for %s in %d: nothing to optimise",
                       c->intervention.code, c->year);
    if (in->n_cand == 0)
        return zl_fail(err, ZL_EINFEASIBLE,
                       "no candidate locations: every current provider of %s is excluded",
                       c->intervention.code);
    if (in->total < in->norm)
        return zl_fail(err, ZL_EINFEASIBLE,
                       "total demand %lld patients < norm %lld: no location can reach the norm",
                       (long long)in->total, (long long)in->norm);
    size_t n_usable = 0, n_keep = 0;
    for (size_t j = 0; j < in->n_cand; j++)
        n_usable += in->usable[j];
    if (n_usable == 0)
        return zl_fail(err, ZL_EINFEASIBLE,
                       "capacity factor too small: no candidate location's capacity (capacity "
                       "factor x current volume) reaches the norm %lld",
                       (long long)in->norm);
    zl_status st = check_kept(in, &n_keep, err);
    if (st == ZL_OK)
        st = check_areas(in, err);
    if (st == ZL_OK && in->regions)
        st = check_regions(in, n_keep, err);
    if (st == ZL_OK)
        st = check_capacity(in, err);
    return st;
}
