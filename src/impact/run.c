/* zl_impact_run: the norm rule. Decides which locations stop (windowed volume below the
 * norm, unless kept; or listed to stop), allocates the displaced patients by the rule
 * (zl_alloc_displaced) and evaluates that scenario. */
#include <stdlib.h>
#include <string.h>

#include "impact_internal.h"
#include "zorglandschap/norms.h"

typedef struct run_state {
    int64_t *patients;
    bool *offers, *stop, *keep, *open_after, *kept;
    uint32_t *dest;
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
}

static zl_status state_alloc(const zl_case *c, run_state *w, zl_err *err)
{
    size_t nl = c->n_locations + 1;
    w->patients = calloc(nl, sizeof *w->patients);
    w->offers = calloc(nl, sizeof *w->offers);
    w->stop = calloc(nl, sizeof *w->stop);
    w->keep = calloc(nl, sizeof *w->keep);
    w->open_after = calloc(nl, sizeof *w->open_after);
    w->kept = calloc(nl, sizeof *w->kept);
    w->dest = malloc((c->n_flows + 1) * sizeof *w->dest);
    if (!w->patients || !w->offers || !w->stop || !w->keep || !w->open_after || !w->kept ||
        !w->dest)
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

/* nearest and region send each flow to one location: the scenario keeps them as dest. */
static void dest_from_parts(const zl_case *c, const run_state *w, const zl_alloc_result *al)
{
    for (size_t f = 0; f < c->n_flows; f++)
        w->dest[f] = c->flows[f].location;
    for (size_t k = 0; k < al->n_parts; k++)
        w->dest[al->parts[k].flow] = al->parts[k].dest;
}

static zl_status evaluate_rule(const zl_case *c, const zl_impact_opts *o, run_state *w,
                               zl_impact **out, zl_err *err)
{
    zl_alloc_result al;
    zl_status st = zl_alloc_displaced(c, w->open_after, o->rule, o->inputs, &al, err);
    if (st != ZL_OK)
        return st;
    bool whole = o->rule == ZL_ALLOC_NEAREST || o->rule == ZL_ALLOC_REGION;
    if (whole)
        dest_from_parts(c, w, &al);
    zl_scenario sc = {.open_after = w->open_after,
                      .kept = w->kept,
                      .dest = whole ? w->dest : NULL,
                      .norm = o->norm,
                      .method = "norm",
                      .rule = zl_alloc_rule_name(o->rule),
                      .parts = whole ? NULL : al.parts,
                      .n_parts = whole ? 0 : al.n_parts,
                      .alloc = &al};
    st = zl_impact_evaluate(c, &sc, out, err);
    zl_alloc_result_clear(&al);
    return st;
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
        st = evaluate_rule(c, o, &w, out, err);
    state_free(&w);
    return st;
}
