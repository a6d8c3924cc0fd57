/* zl_impact_run: the norm rule. Decides which locations stop (windowed volume below the
 * norm, unless kept; or listed to stop) and sends each displaced flow to the nearest
 * remaining location under the allocation rule, then evaluates that scenario. */
#include <stdlib.h>
#include <string.h>

#include "impact_internal.h"
#include "zorglandschap/norms.h"

const char *zl_alloc_rule_name(zl_alloc_rule r)
{
    return r == ZL_ALLOC_REGION ? "region" : "nearest";
}

bool zl_alloc_rule_parse(const char *s, zl_alloc_rule *out)
{
    if (strcmp(s, "nearest") == 0)
        *out = ZL_ALLOC_NEAREST;
    else if (strcmp(s, "region") == 0)
        *out = ZL_ALLOC_REGION;
    else
        return false;
    return true;
}

typedef struct run_state {
    int64_t *patients;
    bool *offers, *stop, *keep, *open_after, *kept;
    uint32_t *dest;
    zl_reach *reach;
    int32_t *in_region;
    uint32_t *idx;
} run_state;

static void state_free(run_state *w)
{
    free(w->patients);
    free(w->offers);
    free(w->stop);
    free(w->keep);
    free(w->open_after);
    free(w->kept);
    free(w->dest);
    free(w->reach);
    free(w->in_region);
    free(w->idx);
}

static zl_status state_alloc(const zl_case *c, run_state *w, zl_err *err)
{
    size_t nl = c->n_locations + 1, na = c->n_areas + 1;
    w->patients = calloc(nl, sizeof *w->patients);
    w->offers = calloc(nl, sizeof *w->offers);
    w->stop = calloc(nl, sizeof *w->stop);
    w->keep = calloc(nl, sizeof *w->keep);
    w->open_after = calloc(nl, sizeof *w->open_after);
    w->kept = calloc(nl, sizeof *w->kept);
    w->idx = malloc(nl * sizeof *w->idx);
    w->dest = malloc((c->n_flows + 1) * sizeof *w->dest);
    w->reach = malloc(na * sizeof *w->reach);
    w->in_region = malloc(na * sizeof *w->in_region);
    if (!w->patients || !w->offers || !w->stop || !w->keep || !w->open_after || !w->kept ||
        !w->idx || !w->dest || !w->reach || !w->in_region)
        return zl_fail(err, ZL_ENOMEM, "out of memory in the impact analysis");
    return ZL_OK;
}

/* Marks the listed ids in mark[]; each must be a location offering the intervention. */
static zl_status mark_ids(const zl_case *c, const char *const *ids, size_t n, const char *what,
                          const bool *offers, bool *mark, zl_err *err)
{
    for (size_t i = 0; i < n; i++) {
        int l = zl_case_location_index(c, ids[i]);
        if (l < 0)
            return zl_fail(err, ZL_ENOTFOUND, "--%s: unknown location '%s'", what, ids[i]);
        if (!offers[l])
            return zl_fail(err, ZL_EINPUT, "--%s: location '%s' does not offer %s in %d", what,
                           ids[i], c->intervention.code, c->year);
        mark[l] = true;
    }
    return ZL_OK;
}

static zl_status decide_open(const zl_case *c, const zl_impact_opts *o, int64_t norm, run_state *w,
                             zl_err *err)
{
    zl_case_location_patients(c, w->patients);
    for (size_t l = 0; l < c->n_locations; l++)
        w->offers[l] = zl_case_offers(c, l, w->patients);
    if (mark_ids(c, o->stop, o->n_stop, "stop", w->offers, w->stop, err) != ZL_OK ||
        mark_ids(c, o->keep, o->n_keep, "keep", w->offers, w->keep, err) != ZL_OK)
        return err->code;
    for (size_t l = 0; l < c->n_locations; l++) {
        if (w->stop[l] && w->keep[l])
            return zl_fail(err, ZL_EINPUT, "location '%s' is both in --stop and in --keep",
                           c->locations[l].id);
        bool meets = zl_norm_met(c->volume_mean[l], norm);
        w->kept[l] = w->offers[l] && w->keep[l] && !meets;
        w->open_after[l] = w->offers[l] && !w->stop[l] && (meets || w->keep[l]);
    }
    return ZL_OK;
}

/* Sends every flow of a stopping location to the nearest remaining one (by the rule). */
static zl_status allocate(const zl_case *c, const zl_impact_opts *o, run_state *w, zl_err *err)
{
    zl_reach_compute(c, w->open_after, w->idx, w->reach);
    if (o->rule == ZL_ALLOC_REGION)
        zl_reach_in_region(c, w->open_after, w->in_region);
    int64_t stranded = 0;
    size_t nowhere = 0;
    for (size_t f = 0; f < c->n_flows; f++) {
        const zl_flow *fl = &c->flows[f];
        if (w->open_after[fl->location]) {
            w->dest[f] = fl->location;
            continue;
        }
        int32_t d = w->reach[fl->area].best_loc;
        if (o->rule == ZL_ALLOC_REGION && w->in_region[fl->area] >= 0)
            d = w->in_region[fl->area];
        if (d < 0) {
            stranded += fl->patients;
            nowhere++;
            d = 0;
        }
        w->dest[f] = (uint32_t)d;
    }
    if (nowhere > 0)
        return zl_fail(err, ZL_EINFEASIBLE,
                       "no location would remain offering %s: %lld displaced patients have "
                       "nowhere to go (lower the norm or --keep a location)",
                       c->intervention.code, (long long)stranded);
    return ZL_OK;
}

zl_status zl_impact_run(const zl_case *c, const zl_impact_opts *o, zl_impact **out, zl_err *err)
{
    zl_err local;
    if (!err)
        err = &local;
    if (o->rule == ZL_ALLOC_REGION && !c->region_layer)
        return zl_fail(err, ZL_EINPUT, "--rule region needs a region layer (--region-layer L)");
    int64_t norm = o->norm < 0 ? c->intervention.norm : o->norm;
    run_state w = {0};
    zl_status st = state_alloc(c, &w, err);
    if (st == ZL_OK)
        st = decide_open(c, o, norm, &w, err);
    if (st == ZL_OK)
        st = allocate(c, o, &w, err);
    if (st == ZL_OK) {
        zl_scenario sc = {.open_after = w.open_after,
                          .kept = w.kept,
                          .dest = w.dest,
                          .norm = o->norm,
                          .method = "norm",
                          .rule = zl_alloc_rule_name(o->rule)};
        st = zl_impact_evaluate(c, &sc, out, err);
    }
    state_free(&w);
    return st;
}
