/* The optimiser's instance: demand areas (PC4 with patients), candidate locations (the
 * current providers minus exclusions), arc costs under the chosen objective and the
 * per-area preference lists every search step scans. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "opt_internal.h"
#include "zorglandschap/util.h"

static zl_status nomem(zl_err *err)
{
    return zl_fail(err, ZL_ENOMEM, "optimise: out of memory");
}

/* Resolves an id list to location indices, flagging them in mark. */
static zl_status mark_ids(const zl_case *c, const char *const *ids, size_t n, const char *what,
                          bool *mark, zl_err *err)
{
    for (size_t k = 0; k < n; k++) {
        int j = zl_case_location_index(c, ids[k]);
        if (j < 0)
            return zl_fail(err, ZL_ENOTFOUND, "--%s: unknown location '%s'", what, ids[k]);
        mark[j] = true;
    }
    return ZL_OK;
}

static zl_status count_demand(const zl_case *c, int64_t *area_d, int64_t *loc_cur, zl_err *err)
{
    for (size_t f = 0; f < c->n_flows; f++) {
        const zl_flow *fl = &c->flows[f];
        if (fl->area >= c->n_areas || fl->location >= c->n_locations || fl->patients < 0)
            return zl_fail(err, ZL_EINTERNAL, "optimise: flow %zu out of range", f);
        area_d[fl->area] += fl->patients;
        loc_cur[fl->location] += fl->patients;
    }
    return ZL_OK;
}

static zl_status pick_candidates(const zl_case *c, const zl_optimise_opts *o, const int64_t *cur,
                                 opt_inst *in, zl_err *err)
{
    bool *keep = calloc(c->n_locations + 1, 1), *excl = calloc(c->n_locations + 1, 1);
    zl_status st = (!keep || !excl) ? nomem(err) : ZL_OK;
    if (st == ZL_OK)
        st = mark_ids(c, o->keep, o->n_keep, "keep", keep, err);
    if (st == ZL_OK)
        st = mark_ids(c, o->exclude, o->n_exclude, "exclude", excl, err);
    for (size_t l = 0; st == ZL_OK && l < c->n_locations; l++) {
        if (keep[l] && excl[l])
            st = zl_fail(err, ZL_EINPUT, "location %s is both kept and excluded",
                         c->locations[l].id);
        else if (keep[l] && cur[l] <= 0)
            st = zl_fail(err, ZL_EINPUT,
                         "location %s (kept) does not offer %s in %d: only current providers "
                         "can keep it",
                         c->locations[l].id, c->intervention.code, c->year);
    }
    in->region_has_provider = calloc(in->n_regions + 1, 1);
    in->loc_idx = malloc((c->n_locations + 1) * sizeof *in->loc_idx);
    in->keep = calloc(c->n_locations + 1, sizeof *in->keep);
    if (st == ZL_OK && (!in->loc_idx || !in->keep || !in->region_has_provider))
        st = nomem(err);
    for (size_t l = 0; st == ZL_OK && l < c->n_locations; l++) {
        int32_t r = in->regions ? c->location_region[l] : -1;
        if (cur[l] > 0 && r >= 0 && (size_t)r < in->n_regions)
            in->region_has_provider[r] = true;
        if (cur[l] > 0 && !excl[l]) {
            in->keep[in->n_cand] = keep[l];
            in->loc_idx[in->n_cand++] = (uint32_t)l;
        }
    }
    free(keep);
    free(excl);
    return st;
}

static zl_status per_candidate(const zl_case *c, const zl_optimise_opts *o, const int64_t *cur,
                               opt_inst *in, zl_err *err)
{
    size_t n = in->n_cand + 1;
    in->cur = malloc(n * sizeof *in->cur);
    in->cap = malloc(n * sizeof *in->cap);
    in->usable = malloc(n * sizeof *in->usable);
    in->region = malloc(n * sizeof *in->region);
    if (!in->cur || !in->cap || !in->usable || !in->region)
        return nomem(err);
    in->has_cap = o->capacity_factor > 0;
    for (size_t j = 0; j < in->n_cand; j++) {
        uint32_t l = in->loc_idx[j];
        in->cur[j] = cur[l];
        in->cap[j] = o->capacity_factor > 0 ? (int64_t)(o->capacity_factor * (double)cur[l] + 1e-9)
                                            : INT64_MAX;
        in->usable[j] = in->cap[j] >= in->norm;
        in->region[j] = in->regions ? c->location_region[l] : -1;
    }
    return ZL_OK;
}

static zl_status per_area(const zl_case *c, const int64_t *area_d, opt_inst *in, zl_err *err)
{
    in->area_idx = malloc((c->n_areas + 1) * sizeof *in->area_idx);
    in->d = malloc((c->n_areas + 1) * sizeof *in->d);
    if (!in->area_idx || !in->d)
        return nomem(err);
    for (size_t a = 0; a < c->n_areas; a++) {
        if (area_d[a] > 0) {
            in->area_idx[in->n_areas] = (uint32_t)a;
            in->d[in->n_areas++] = area_d[a];
            in->total += area_d[a];
        }
    }
    return ZL_OK;
}

/* Costs: the search compares solutions by one scalar that orders them by the primary
 * objective first and total minutes second (beyond45), so W exceeds any total. */
static zl_status fill_costs(const zl_case *c, opt_inst *in, zl_err *err)
{
    size_t m = in->n_areas * in->n_cand + 1;
    in->t = malloc(m * sizeof *in->t);
    in->cost = malloc(m * sizeof *in->cost);
    in->primary = malloc(m * sizeof *in->primary);
    if (!in->t || !in->cost || !in->primary)
        return nomem(err);
    double w = 1;
    for (size_t i = 0; i < in->n_areas; i++) {
        float worst = 0;
        for (size_t j = 0; j < in->n_cand; j++) {
            float t = c->minutes[(size_t)in->area_idx[i] * c->n_locations + in->loc_idx[j]];
            if (!(t >= 0))
                return zl_fail(err, ZL_EINPUT, "optimise: no travel time from PC4 %d to %s",
                               c->areas[in->area_idx[i]].pc4, c->locations[in->loc_idx[j]].id);
            in->t[i * in->n_cand + j] = t;
            worst = t > worst ? t : worst;
        }
        w += (double)in->d[i] * worst;
    }
    for (size_t i = 0; i < in->n_areas; i++) {
        for (size_t j = 0; j < in->n_cand; j++) {
            size_t k = i * in->n_cand + j;
            double dt = (double)in->d[i] * in->t[k], far = in->t[k] > 45.0 ? (double)in->d[i] : 0;
            in->primary[k] = in->objective == ZL_OBJ_BEYOND45 ? far
                             : in->objective == ZL_OBJ_MAX    ? in->t[k]
                                                              : dt;
            in->cost[k] = in->objective == ZL_OBJ_BEYOND45 ? w * far + dt : dt;
            if (in->t[k] > in->max_minutes || !in->usable[j])
                in->cost[k] = INFINITY;
        }
    }
    return ZL_OK;
}

/* The by-candidate copies of t and cost (opt_inst.t_col, cost_col). */
static zl_status fill_columns(opt_inst *in, zl_err *err)
{
    size_t m = in->n_areas * in->n_cand + 1;
    in->t_col = malloc(m * sizeof *in->t_col);
    in->cost_col = malloc(m * sizeof *in->cost_col);
    if (!in->t_col || !in->cost_col)
        return nomem(err);
    for (size_t i = 0; i < in->n_areas; i++)
        for (size_t j = 0; j < in->n_cand; j++) {
            in->t_col[j * in->n_areas + i] = in->t[i * in->n_cand + j];
            in->cost_col[j * in->n_areas + i] = in->cost[i * in->n_cand + j];
        }
    return ZL_OK;
}

typedef struct arc_key {
    double cost;
    float t;
    uint32_t j;
} arc_key;

static int cmp_arc(const void *pa, const void *pb)
{
    const arc_key *a = pa, *b = pb;
    if (a->cost != b->cost)
        return a->cost < b->cost ? -1 : 1;
    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    return a->j < b->j ? -1 : a->j > b->j;
}

/* Per area the allowed candidates by (cost, minutes, index): ties broken by index keep
 * every search deterministic. */
static zl_status fill_orders(opt_inst *in, zl_err *err)
{
    in->order = malloc((in->n_areas * in->n_cand + 1) * sizeof *in->order);
    in->n_order = calloc(in->n_areas + 1, sizeof *in->n_order);
    arc_key *keys = malloc((in->n_cand + 1) * sizeof *keys);
    if (!in->order || !in->n_order || !keys) {
        free(keys);
        return nomem(err);
    }
    for (size_t i = 0; i < in->n_areas; i++) {
        uint32_t n = 0;
        for (size_t j = 0; j < in->n_cand; j++) {
            size_t k = i * in->n_cand + j;
            if (isfinite(in->cost[k]))
                keys[n++] = (arc_key){in->cost[k], in->t[k], (uint32_t)j};
        }
        qsort(keys, n, sizeof *keys, cmp_arc);
        for (uint32_t k = 0; k < n; k++)
            in->order[i * in->n_cand + k] = keys[k].j;
        in->n_order[i] = n;
    }
    free(keys);
    return ZL_OK;
}

zl_status opt_inst_build(const zl_case *c, const zl_optimise_opts *o, opt_inst *in, zl_err *err)
{
    memset(in, 0, sizeof *in);
    in->c = c;
    in->objective = o->objective;
    in->norm_base = o->norm >= 0 ? o->norm : c->intervention.norm;
    if (in->norm_base < 0)
        in->norm_base = 0;
    if (!(o->norm_margin >= 0 && o->norm_margin <= 1000))
        return zl_fail(err, ZL_EINPUT, "--norm-margin: %g is not a percentage 0..1000",
                       o->norm_margin);
    /* The margin rounds up: a location must reach at least norm x (1 + margin). */
    in->norm = (int64_t)ceil((double)in->norm_base * (1 + o->norm_margin / 100) - 1e-9);
    in->max_open = o->max_locations > 0 ? o->max_locations : 0;
    in->max_minutes = o->max_minutes > 0 ? o->max_minutes : INFINITY;
    if (o->min_per_region && !c->region_layer)
        return zl_fail(err, ZL_EINPUT, "--min-per-region: the case has no region layer loaded");
    in->regions = o->min_per_region;
    in->n_regions = in->regions ? c->n_regions : 0;
    int64_t *area_d = calloc(c->n_areas + 1, sizeof *area_d);
    int64_t *cur = calloc(c->n_locations + 1, sizeof *cur);
    zl_status st = (!area_d || !cur) ? nomem(err) : count_demand(c, area_d, cur, err);
    if (st == ZL_OK)
        st = pick_candidates(c, o, cur, in, err);
    if (st == ZL_OK)
        st = per_candidate(c, o, cur, in, err);
    if (st == ZL_OK)
        st = per_area(c, area_d, in, err);
    if (st == ZL_OK)
        st = fill_costs(c, in, err);
    if (st == ZL_OK)
        st = fill_columns(in, err);
    if (st == ZL_OK)
        st = fill_orders(in, err);
    free(area_d);
    free(cur);
    return st;
}

void opt_inst_free(opt_inst *in)
{
    free(in->area_idx);
    free(in->d);
    free(in->loc_idx);
    free(in->cur);
    free(in->cap);
    free(in->keep);
    free(in->usable);
    free(in->region);
    free(in->region_has_provider);
    free(in->t);
    free(in->cost);
    free(in->primary);
    free(in->t_col);
    free(in->cost_col);
    free(in->order);
    free(in->n_order);
    memset(in, 0, sizeof *in);
}

zl_status opt_sol_init(opt_sol *s, const opt_inst *in, zl_err *err)
{
    s->dest = calloc(in->n_areas + 1, sizeof *s->dest);
    s->open = calloc(in->n_cand + 1, sizeof *s->open);
    s->vol = calloc(in->n_cand + 1, sizeof *s->vol);
    s->dcost = calloc(in->n_areas + 1, sizeof *s->dcost);
    s->scratch = malloc((in->n_areas + 1) * 2 * sizeof(double));
    s->cost = INFINITY;
    if (!s->dest || !s->open || !s->vol || !s->dcost || !s->scratch) {
        opt_sol_free(s);
        return nomem(err);
    }
    return ZL_OK;
}

void opt_sol_free(opt_sol *s)
{
    free(s->dest);
    free(s->open);
    free(s->vol);
    free(s->dcost);
    free(s->scratch);
    s->scratch = NULL;
    s->dest = NULL;
    s->open = NULL;
    s->vol = NULL;
    s->dcost = NULL;
}

void opt_sol_copy(opt_sol *dst, const opt_sol *src, const opt_inst *in)
{
    memcpy(dst->dest, src->dest, in->n_areas * sizeof *dst->dest);
    memcpy(dst->open, src->open, in->n_cand * sizeof *dst->open);
    memcpy(dst->vol, src->vol, in->n_cand * sizeof *dst->vol);
    memcpy(dst->dcost, src->dcost, in->n_areas * sizeof *dst->dcost);
    dst->cost = src->cost;
}

double opt_primary_value(const opt_inst *in, const opt_sol *s)
{
    double v = 0;
    for (size_t i = 0; i < in->n_areas; i++) {
        double p = in->primary[i * in->n_cand + s->dest[i]];
        v = in->objective == ZL_OBJ_MAX ? (p > v ? p : v) : v + p;
    }
    return v;
}
