/* zl_impact_evaluate: every metric of a scenario on a case. This is the one place where
 * the impact metrics are computed; zl_impact_run and the optimiser both report through
 * it. Definitions: docs/impact.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "impact_internal.h"
#include "zorglandschap/norms.h"
#include "zorglandschap/util.h"

const int zl_impact_thresholds[ZL_IMPACT_N_THRESHOLDS] = {30, 45, 60};

const char *zl_loc_status_name(zl_loc_status s)
{
    switch (s) {
    case ZL_LOC_KEEPS:
        return "keeps";
    case ZL_LOC_STOPS:
        return "stops";
    case ZL_LOC_RECEIVES:
        return "receives";
    case ZL_LOC_OPENS:
        return "opens";
    }
    return "?";
}

/* Scratch memory of one evaluation, freed together. */
typedef struct eval_scratch {
    int64_t *before, *after, *received;
    zl_wval *min_before, *min_after, *extra;
    zl_reach *reach;
    uint32_t *idx;
    int64_t *loss;
} eval_scratch;

static void scratch_free(eval_scratch *w)
{
    free(w->before);
    free(w->after);
    free(w->received);
    free(w->min_before);
    free(w->min_after);
    free(w->extra);
    free(w->reach);
    free(w->idx);
    free(w->loss);
}

static zl_status scratch_alloc(const zl_case *c, eval_scratch *w, zl_err *err)
{
    size_t nl = c->n_locations + 1, nf = c->n_flows + 1, na = c->n_areas + 1;
    w->before = calloc(nl, sizeof *w->before);
    w->after = calloc(nl, sizeof *w->after);
    w->received = calloc(nl, sizeof *w->received);
    w->loss = calloc(nl, sizeof *w->loss);
    w->idx = malloc(nl * sizeof *w->idx);
    w->min_before = malloc(nf * sizeof *w->min_before);
    w->min_after = malloc(nf * sizeof *w->min_after);
    w->extra = malloc(nf * sizeof *w->extra);
    w->reach = malloc(na * sizeof *w->reach);
    if (!w->before || !w->after || !w->received || !w->loss || !w->idx || !w->min_before ||
        !w->min_after || !w->extra || !w->reach)
        return zl_fail(err, ZL_ENOMEM, "out of memory evaluating a scenario");
    return ZL_OK;
}

static zl_status validate(const zl_case *c, const zl_scenario *s, zl_err *err)
{
    if (!s->open_after || (c->n_flows && !s->dest))
        return zl_fail(err, ZL_EINTERNAL, "scenario without open_after or dest");
    for (size_t f = 0; f < c->n_flows; f++) {
        uint32_t d = s->dest[f];
        if (d >= c->n_locations)
            return zl_fail(err, ZL_EINPUT, "scenario: flow %zu goes to location index %u of %zu", f,
                           d, c->n_locations);
        if (!s->open_after[d])
            return zl_fail(err, ZL_EINPUT,
                           "scenario: flow %zu goes to location %s, which does not offer %s "
                           "after the change",
                           f, c->locations[d].id, c->intervention.code);
    }
    return ZL_OK;
}

/* Copies the scenario into the result, which owns the copies. */
static zl_status copy_scenario(zl_impact *r, const zl_case *c, const zl_scenario *s, zl_err *err)
{
    size_t nl = c->n_locations + 1, nf = c->n_flows + 1;
    r->sc.open_after = malloc(nl * sizeof *r->sc.open_after);
    r->sc.kept = calloc(nl, sizeof *r->sc.kept);
    r->sc.dest = malloc(nf * sizeof *r->sc.dest);
    r->open_before = calloc(nl, sizeof *r->open_before);
    r->method = strdup(s->method ? s->method : "scenario");
    r->rule = s->rule ? strdup(s->rule) : NULL;
    if (!r->sc.open_after || !r->sc.kept || !r->sc.dest || !r->open_before || !r->method ||
        (s->rule && !r->rule))
        return zl_fail(err, ZL_ENOMEM, "out of memory evaluating a scenario");
    memcpy(r->sc.open_after, s->open_after, c->n_locations * sizeof *s->open_after);
    if (s->kept)
        memcpy(r->sc.kept, s->kept, c->n_locations * sizeof *s->kept);
    if (c->n_flows)
        memcpy(r->sc.dest, s->dest, c->n_flows * sizeof *s->dest);
    r->sc.norm = s->norm < 0 ? c->intervention.norm : s->norm;
    r->sc.method = r->method;
    r->sc.rule = r->rule;
    return ZL_OK;
}

static const char *norm_basis(const zl_case *c, int64_t requested)
{
    if (requested < 0 || requested == c->intervention.norm)
        return "current";
    if (c->intervention.proposed_norm >= 0 && requested == c->intervention.proposed_norm)
        return "proposed";
    return "override";
}

/* Patients: travel before/after, displacement and the beyond counts. */
static void patient_metrics(zl_impact *r, eval_scratch *w)
{
    const zl_case *c = r->c;
    zl_impact_metrics *m = &r->m;
    size_t n_disp = 0;
    for (size_t f = 0; f < c->n_flows; f++) {
        const zl_flow *fl = &c->flows[f];
        uint32_t d = r->sc.dest[f];
        double t0 = zl_case_minutes(c, fl->area, fl->location);
        double t1 = zl_case_minutes(c, fl->area, d);
        w->min_before[f] = (zl_wval){t0, fl->patients};
        w->min_after[f] = (zl_wval){t1, fl->patients};
        w->before[fl->location] += fl->patients;
        w->after[d] += fl->patients;
        m->patients_total += fl->patients;
        if (d == fl->location)
            continue;
        w->received[d] += fl->patients;
        w->extra[n_disp++] = (zl_wval){t1 - t0, fl->patients};
        m->patients_displaced += fl->patients;
        if (t1 < t0)
            m->patients_displaced_shorter += fl->patients;
    }
    for (int k = 0; k < ZL_IMPACT_N_THRESHOLDS; k++) {
        double t = zl_impact_thresholds[k];
        m->patients_beyond[k] =
            (zl_beyond){zl_impact_thresholds[k], zl_weight_above(w->min_before, c->n_flows, t),
                        zl_weight_above(w->min_after, c->n_flows, t)};
    }
    zl_stat_compute(w->min_before, c->n_flows, &m->minutes_before);
    zl_stat_compute(w->min_after, c->n_flows, &m->minutes_after);
    zl_stat_compute(w->extra, n_disp, &m->extra_minutes);
}

/* Population beyond each threshold from its nearest open location; fills the before or
 * after side. Areas without any open location count as beyond every threshold. */
static void population_beyond(const zl_case *c, const zl_reach *reach, zl_impact_metrics *m,
                              bool after)
{
    for (int k = 0; k < ZL_IMPACT_N_THRESHOLDS; k++) {
        int64_t pop = 0;
        for (size_t a = 0; a < c->n_areas; a++)
            if (reach[a].best > (float)zl_impact_thresholds[k])
                pop = zl_add_count(pop, c->areas[a].population);
        m->population_beyond[k].minutes = zl_impact_thresholds[k];
        if (after)
            m->population_beyond[k].after = pop;
        else
            m->population_beyond[k].before = pop;
    }
}

/* With the nearest and second-nearest open location per area, the extra population beyond
 * the threshold if location l also stopped is the population of the areas whose nearest
 * is l, within the threshold, and whose second-nearest is beyond it: one pass for all l. */
static zl_status sensitivity(zl_impact *r, eval_scratch *w, zl_err *err)
{
    const zl_case *c = r->c;
    const float t = ZL_IMPACT_SENSITIVITY_MINUTES;
    int64_t base = 0;
    for (size_t a = 0; a < c->n_areas; a++) {
        const zl_reach *h = &w->reach[a];
        if (h->best > t)
            base = zl_add_count(base, c->areas[a].population);
        else if (h->second > t)
            w->loss[h->best_loc] = zl_add_count(w->loss[h->best_loc], c->areas[a].population);
    }
    size_t n = 0;
    for (size_t l = 0; l < c->n_locations; l++)
        n += r->sc.open_after[l];
    r->sens = calloc(n + 1, sizeof *r->sens);
    if (!r->sens)
        return zl_fail(err, ZL_ENOMEM, "out of memory evaluating a scenario");
    for (size_t l = 0; l < c->n_locations; l++)
        if (r->sc.open_after[l])
            r->sens[r->n_sens++] =
                (zl_impact_sensitivity){(uint32_t)l, base + w->loss[l], w->loss[l]};
    return ZL_OK;
}

static zl_loc_status location_status(bool before, bool after, int64_t received)
{
    if (!before)
        return ZL_LOC_OPENS;
    if (!after)
        return ZL_LOC_STOPS;
    return received > 0 ? ZL_LOC_RECEIVES : ZL_LOC_KEEPS;
}

static zl_status location_rows(zl_impact *r, const eval_scratch *w, zl_err *err)
{
    const zl_case *c = r->c;
    int64_t norm = r->sc.norm;
    r->locs = calloc(c->n_locations + 1, sizeof *r->locs);
    if (!r->locs)
        return zl_fail(err, ZL_ENOMEM, "out of memory evaluating a scenario");
    for (size_t l = 0; l < c->n_locations; l++) {
        bool before = r->open_before[l], after = r->sc.open_after[l];
        if (!before && !after)
            continue;
        zl_impact_location *x = &r->locs[r->n_locs++];
        x->location = (uint32_t)l;
        x->volume_before = w->before[l];
        x->volume_after = w->after[l];
        x->norm_volume_before = before ? c->volume_mean[l] : 0;
        x->norm_volume_after = after ? c->volume_mean[l] + (double)(w->after[l] - w->before[l]) : 0;
        x->meets_norm_before = before && zl_norm_met(x->norm_volume_before, norm);
        x->meets_norm_after = after && zl_norm_met(x->norm_volume_after, norm);
        x->kept = r->sc.kept[l];
        x->status = location_status(before, after, w->received[l]);
        r->m.n_offering_before += before;
        r->m.n_offering_after += after;
        r->m.n_stopping += before && !after;
    }
    return ZL_OK;
}

static zl_status evaluate(zl_impact *r, const zl_scenario *s, eval_scratch *w, zl_err *err)
{
    const zl_case *c = r->c;
    if (validate(c, s, err) != ZL_OK || copy_scenario(r, c, s, err) != ZL_OK)
        return err->code;
    r->m.norm = r->sc.norm;
    r->m.norm_basis = norm_basis(c, s->norm);
    patient_metrics(r, w);
    for (size_t l = 0; l < c->n_locations; l++)
        r->open_before[l] = zl_case_offers(c, l, w->before);
    for (size_t a = 0; a < c->n_areas; a++)
        r->m.population_total = zl_add_count(r->m.population_total, c->areas[a].population);
    zl_reach_compute(c, r->open_before, w->idx, w->reach);
    population_beyond(c, w->reach, &r->m, false);
    zl_reach_compute(c, r->sc.open_after, w->idx, w->reach);
    population_beyond(c, w->reach, &r->m, true);
    if (sensitivity(r, w, err) != ZL_OK)
        return err->code;
    return location_rows(r, w, err);
}

zl_status zl_impact_evaluate(const zl_case *c, const zl_scenario *s, zl_impact **out, zl_err *err)
{
    zl_err local;
    if (!err)
        err = &local;
    zl_impact *r = calloc(1, sizeof *r);
    if (!r)
        return zl_fail(err, ZL_ENOMEM, "out of memory evaluating a scenario");
    r->c = c;
    eval_scratch w = {0};
    zl_status st = scratch_alloc(c, &w, err);
    if (st == ZL_OK)
        st = evaluate(r, s, &w, err);
    scratch_free(&w);
    if (st != ZL_OK) {
        zl_impact_free(r);
        return st;
    }
    *out = r;
    return ZL_OK;
}

void zl_impact_free(zl_impact *r)
{
    if (!r)
        return;
    free(r->sc.open_after);
    free(r->sc.kept);
    free(r->sc.dest);
    free(r->open_before);
    free(r->method);
    free(r->rule);
    free(r->locs);
    free(r->sens);
    free(r);
}

const zl_case *zl_impact_case(const zl_impact *r)
{
    return r->c;
}

const zl_impact_metrics *zl_impact_metrics_get(const zl_impact *r)
{
    return &r->m;
}

const zl_scenario *zl_impact_scenario(const zl_impact *r)
{
    return &r->sc;
}

const zl_impact_location *zl_impact_locations(const zl_impact *r, size_t *n)
{
    *n = r->n_locs;
    return r->locs;
}

const zl_impact_sensitivity *zl_impact_sensitivity_get(const zl_impact *r, size_t *n)
{
    *n = r->n_sens;
    return r->sens;
}
