/* zl_impact_evaluate: every metric of a scenario on a case. This is the one place where
 * the impact metrics are computed; zl_impact_run and the optimiser both report through
 * it. A scenario sends each flow to one location (dest) or splits displaced flows into
 * fractional parts; internally both become pieces (flow, location, patients). The
 * nearest-baseline comparison of the nearest and region rules is computed here too.
 * Definitions: docs/impact.md. */
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

/* One destination of (part of) a flow. */
typedef struct piece {
    uint32_t flow, dest;
    double patients;
} piece;

/* Scratch memory of one evaluation, freed together. */
typedef struct eval_scratch {
    int64_t *before;
    double *after, *received;
    piece *pieces;
    size_t n_pieces;
    zl_wval *min_before, *min_after;
    zl_reach *reach_before, *reach_after;
    int32_t *region_before, *region_after;
    uint32_t *idx;
    int64_t *loss;
} eval_scratch;

static void scratch_free(eval_scratch *w)
{
    free(w->before);
    free(w->after);
    free(w->received);
    free(w->pieces);
    free(w->min_before);
    free(w->min_after);
    free(w->reach_before);
    free(w->reach_after);
    free(w->region_before);
    free(w->region_after);
    free(w->idx);
    free(w->loss);
}

static zl_status scratch_alloc(const zl_case *c, const zl_scenario *s, eval_scratch *w, zl_err *err)
{
    size_t nl = c->n_locations + 1, na = c->n_areas + 1;
    size_t np = c->n_flows + (s->parts ? s->n_parts : 0) + 1;
    size_t nv = np > na ? np : na;
    w->before = calloc(nl, sizeof *w->before);
    w->after = calloc(nl, sizeof *w->after);
    w->received = calloc(nl, sizeof *w->received);
    w->loss = calloc(nl, sizeof *w->loss);
    w->idx = malloc(nl * sizeof *w->idx);
    w->pieces = malloc(np * sizeof *w->pieces);
    w->min_before = malloc(nv * sizeof *w->min_before);
    w->min_after = malloc(nv * sizeof *w->min_after);
    w->reach_before = malloc(na * sizeof *w->reach_before);
    w->reach_after = malloc(na * sizeof *w->reach_after);
    w->region_before = malloc(na * sizeof *w->region_before);
    w->region_after = malloc(na * sizeof *w->region_after);
    if (!w->before || !w->after || !w->received || !w->loss || !w->idx || !w->pieces ||
        !w->min_before || !w->min_after || !w->reach_before || !w->reach_after ||
        !w->region_before || !w->region_after)
        return zl_fail(err, ZL_ENOMEM, "out of memory evaluating a scenario");
    return ZL_OK;
}

static zl_status check_dest(const zl_case *c, const zl_scenario *s, size_t f, uint32_t d,
                            zl_err *err)
{
    if (d >= c->n_locations)
        return zl_fail(err, ZL_EINPUT, "scenario: flow %zu goes to location index %u of %zu", f, d,
                       c->n_locations);
    if (!s->open_after[d])
        return zl_fail(err, ZL_EINPUT,
                       "scenario: flow %zu goes to location %s, which does not offer %s "
                       "after the change",
                       f, c->locations[d].id, c->intervention.code);
    return ZL_OK;
}

/* Builds the pieces and checks them: every destination open after; without dest (parts),
 * flows at remaining locations stay, and each displaced flow's parts add up to its
 * patients. */
static zl_status make_pieces(const zl_case *c, const zl_scenario *s, eval_scratch *w, zl_err *err)
{
    if (!s->open_after)
        return zl_fail(err, ZL_EINTERNAL, "scenario without open_after");
    bool split = !s->dest; /* parts (possibly none) for the displaced flows */
    size_t k = 0;
    for (size_t f = 0; f < c->n_flows; f++) {
        const zl_flow *fl = &c->flows[f];
        if (!split || s->open_after[fl->location]) {
            uint32_t d = split ? fl->location : s->dest[f];
            if (check_dest(c, s, f, d, err) != ZL_OK)
                return err->code;
            w->pieces[w->n_pieces++] = (piece){(uint32_t)f, d, (double)fl->patients};
            continue;
        }
        double sum = 0;
        for (; k < s->n_parts && s->parts[k].flow < f; k++)
            ;
        for (; k < s->n_parts && s->parts[k].flow == f; k++) {
            if (check_dest(c, s, f, s->parts[k].dest, err) != ZL_OK)
                return err->code;
            w->pieces[w->n_pieces++] = (piece){(uint32_t)f, s->parts[k].dest, s->parts[k].patients};
            sum += s->parts[k].patients;
        }
        if (fabs(sum - (double)fl->patients) > 1e-6 * fmax(1, (double)fl->patients))
            return zl_fail(err, ZL_EINTERNAL,
                           "scenario: the parts of flow %zu add up to %.9g, not %lld patients", f,
                           sum, (long long)fl->patients);
    }
    return ZL_OK;
}

/* Copies the scenario into the result, which owns the copies. */
static zl_status copy_scenario(zl_impact *r, const zl_case *c, const zl_scenario *s, zl_err *err)
{
    size_t nl = c->n_locations + 1, nf = c->n_flows + 1;
    r->sc.open_after = malloc(nl * sizeof *r->sc.open_after);
    r->sc.kept = calloc(nl, sizeof *r->sc.kept);
    r->sc.dest = s->dest ? malloc(nf * sizeof *r->sc.dest) : NULL;
    zl_alloc_part *parts = s->parts ? malloc((s->n_parts + 1) * sizeof *parts) : NULL;
    r->open_before = calloc(nl, sizeof *r->open_before);
    r->saturated = calloc(nl, sizeof *r->saturated);
    r->method = strdup(s->method ? s->method : "scenario");
    r->rule = s->rule ? strdup(s->rule) : NULL;
    r->sc.parts = parts;
    if (!r->sc.open_after || !r->sc.kept || (s->dest && !r->sc.dest) || (s->parts && !parts) ||
        !r->open_before || !r->saturated || !r->method || (s->rule && !r->rule))
        return zl_fail(err, ZL_ENOMEM, "out of memory evaluating a scenario");
    memcpy(r->sc.open_after, s->open_after, c->n_locations * sizeof *s->open_after);
    if (s->kept)
        memcpy(r->sc.kept, s->kept, c->n_locations * sizeof *s->kept);
    if (s->dest && c->n_flows)
        memcpy(r->sc.dest, s->dest, c->n_flows * sizeof *s->dest);
    if (parts && s->n_parts)
        memcpy(parts, s->parts, s->n_parts * sizeof *parts);
    r->sc.n_parts = s->parts ? s->n_parts : 0;
    r->sc.alloc = NULL;
    if (s->alloc && s->alloc->saturated)
        memcpy(r->saturated, s->alloc->saturated, c->n_locations * sizeof *r->saturated);
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

/* nearest and region compare like with like against the same rule before. */
static bool nearest_baseline(const zl_impact *r)
{
    return r->sc.rule && (strcmp(r->sc.rule, "nearest") == 0 || strcmp(r->sc.rule, "region") == 0);
}

/* Keeps a copy of the headline's displaced extra minutes for the histogram. */
static zl_status keep_extra(zl_impact *r, const zl_wval *extra, size_t n, zl_err *err)
{
    free(r->extra);
    r->extra = malloc((n + 1) * sizeof *r->extra);
    if (!r->extra)
        return zl_fail(err, ZL_ENOMEM, "out of memory evaluating a scenario");
    memcpy(r->extra, extra, n * sizeof *extra);
    r->n_extra = n;
    return ZL_OK;
}

/* The distributions of one comparison: nb minutes before, na after, n_disp extra minutes
 * (all weighted by patients; the arrays are reordered). */
static void distributions(zl_impact_patients *p, zl_wval *mb, size_t nb, zl_wval *ma, size_t na,
                          zl_wval *extra, size_t n_disp)
{
    for (int k = 0; k < ZL_IMPACT_N_THRESHOLDS; k++) {
        double t = zl_impact_thresholds[k];
        p->beyond[k] = (zl_beyond){zl_impact_thresholds[k], zl_weight_above(mb, nb, t),
                                   zl_weight_above(ma, na, t)};
    }
    zl_stat_compute(mb, nb, &p->minutes_before);
    zl_stat_compute(ma, na, &p->minutes_after);
    zl_stat_compute(extra, n_disp, &p->extra_minutes);
}

/* The observed baseline: travel before of every flow, after of every piece, displacement,
 * volumes. The parts of a flow add up to its patients and share its minutes before, so
 * the distribution before is taken over the flows (a tenth of the pieces under choice). */
static zl_status observed_metrics(zl_impact *r, eval_scratch *w, zl_wval *extra, zl_err *err)
{
    const zl_case *c = r->c;
    zl_impact_patients p = {0};
    size_t n_disp = 0;
    for (size_t f = 0; f < c->n_flows; f++) {
        const zl_flow *fl = &c->flows[f];
        w->before[fl->location] = zl_add_count(w->before[fl->location], fl->patients);
        w->min_before[f] =
            (zl_wval){zl_case_minutes(c, fl->area, fl->location), (double)fl->patients};
    }
    for (size_t i = 0; i < w->n_pieces; i++) {
        const piece *q = &w->pieces[i];
        const zl_flow *fl = &c->flows[q->flow];
        double t0 = zl_case_minutes(c, fl->area, fl->location);
        double t1 = zl_case_minutes(c, fl->area, q->dest);
        w->min_after[i] = (zl_wval){t1, q->patients};
        w->after[q->dest] += q->patients;
        p.total += q->patients;
        if (q->dest == fl->location)
            continue;
        w->received[q->dest] += q->patients;
        extra[n_disp++] = (zl_wval){t1 - t0, q->patients};
        p.displaced += q->patients;
        if (t1 < t0)
            p.displaced_shorter += q->patients;
    }
    distributions(&p, w->min_before, c->n_flows, w->min_after, w->n_pieces, extra, n_disp);
    zl_impact_metrics *m = &r->m;
    m->patients_total = p.total;
    m->patients_displaced = p.displaced;
    m->patients_displaced_shorter = p.displaced_shorter;
    m->minutes_before = p.minutes_before;
    m->minutes_after = p.minutes_after;
    m->extra_minutes = p.extra_minutes;
    memcpy(m->patients_beyond, p.beyond, sizeof p.beyond);
    return nearest_baseline(r) ? ZL_OK : keep_extra(r, extra, n_disp, err);
}

/* The location of area a by the rule (nearest, or nearest in its region) for a reach. */
bool impact_by_region(const zl_impact *r)
{
    return r->sc.rule && strcmp(r->sc.rule, "region") == 0;
}

int32_t impact_rule_location(const zl_impact *r, const zl_reach *reach, const int32_t *region,
                             size_t a)
{
    return impact_by_region(r) && region[a] >= 0 ? region[a] : reach[a].best_loc;
}

/* The nearest baseline: every patient of an area at the rule's location before and after. */
static zl_status nearest_metrics(zl_impact *r, eval_scratch *w, zl_wval *extra, zl_err *err)
{
    const zl_case *c = r->c;
    zl_impact_patients *p = &r->m.nearest_baseline;
    size_t n = 0, n_disp = 0;
    for (size_t f = 0; f < c->n_flows;) {
        uint32_t a = c->flows[f].area;
        double np = 0;
        for (; f < c->n_flows && c->flows[f].area == a; f++)
            np += (double)c->flows[f].patients;
        int32_t l0 = impact_rule_location(r, w->reach_before, w->region_before, a);
        int32_t l1 = impact_rule_location(r, w->reach_after, w->region_after, a);
        if (np <= 0 || l0 < 0 || l1 < 0)
            continue;
        double t0 = zl_case_minutes(c, a, (size_t)l0), t1 = zl_case_minutes(c, a, (size_t)l1);
        w->min_before[n] = (zl_wval){t0, np};
        w->min_after[n++] = (zl_wval){t1, np};
        p->total += np;
        if (l0 == l1)
            continue;
        extra[n_disp++] = (zl_wval){t1 - t0, np};
        p->displaced += np;
        p->displaced_shorter += t1 < t0 ? np : 0;
    }
    distributions(p, w->min_before, n, w->min_after, n, extra, n_disp);
    r->m.has_nearest_baseline = true;
    return keep_extra(r, extra, n_disp, err);
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
            m->population_beyond[k].after = (double)pop;
        else
            m->population_beyond[k].before = (double)pop;
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
        const zl_reach *h = &w->reach_after[a];
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

static zl_loc_status location_status(bool before, bool after, double received)
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
        x->norm_volume_after = after ? c->volume_mean[l] + (w->after[l] - (double)w->before[l]) : 0;
        x->meets_norm_before = before && zl_norm_met(x->norm_volume_before, norm);
        x->meets_norm_after = after && zl_norm_met(x->norm_volume_after, norm);
        x->kept = r->sc.kept[l];
        x->saturated = r->saturated[l];
        x->status = location_status(before, after, w->received[l]);
        r->m.n_offering_before += before;
        r->m.n_offering_after += after;
        r->m.n_stopping += before && !after;
        r->m.n_saturated += x->saturated;
    }
    return ZL_OK;
}

static void allocation_report(zl_impact *r, const zl_scenario *s)
{
    if (!s->alloc)
        return;
    r->m.fallback_patients = s->alloc->fallback_patients;
    r->m.fallback_rule = s->alloc->fallback_rule;
    r->m.over_capacity = s->alloc->over_capacity;
}

/* The nearest open locations after: the allocation's, when it allocated for the same open
 * set (one scan of the travel matrix less per run), else a fresh scan. */
static void after_reach(const zl_impact *r, const zl_scenario *s, eval_scratch *w)
{
    const zl_case *c = r->c;
    const zl_alloc_result *al = s->alloc;
    if (al && al->reach && al->reach_open &&
        memcmp(al->reach_open, r->sc.open_after, c->n_locations * sizeof *al->reach_open) == 0)
        memcpy(w->reach_after, al->reach, c->n_areas * sizeof *w->reach_after);
    else
        zl_reach_compute(c, r->sc.open_after, w->idx, w->reach_after);
}

static zl_status evaluate(zl_impact *r, const zl_scenario *s, eval_scratch *w, zl_err *err)
{
    const zl_case *c = r->c;
    if (make_pieces(c, s, w, err) != ZL_OK || copy_scenario(r, c, s, err) != ZL_OK)
        return err->code;
    r->m.norm = r->sc.norm;
    r->m.norm_basis = norm_basis(c, s->norm);
    allocation_report(r, s);
    zl_wval *extra = malloc((w->n_pieces + c->n_areas + 1) * sizeof *extra);
    if (!extra)
        return zl_fail(err, ZL_ENOMEM, "out of memory evaluating a scenario");
    zl_status st = observed_metrics(r, w, extra, err);
    for (size_t l = 0; l < c->n_locations; l++)
        r->open_before[l] = zl_case_offers(c, l, w->before);
    for (size_t a = 0; a < c->n_areas; a++)
        r->m.population_total = zl_add_count(r->m.population_total, c->areas[a].population);
    zl_reach_compute(c, r->open_before, w->idx, w->reach_before);
    population_beyond(c, w->reach_before, &r->m, false);
    after_reach(r, s, w);
    population_beyond(c, w->reach_after, &r->m, true);
    if (st == ZL_OK && nearest_baseline(r)) {
        if (impact_by_region(r)) { /* only the region rule reads them */
            zl_reach_in_region(c, r->open_before, w->region_before);
            zl_reach_in_region(c, r->sc.open_after, w->region_after);
        }
        st = nearest_metrics(r, w, extra, err);
    }
    free(extra);
    if (st == ZL_OK)
        st = sensitivity(r, w, err);
    return st == ZL_OK ? location_rows(r, w, err) : st;
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
    zl_status st = scratch_alloc(c, s, &w, err);
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
    free((void *)r->sc.parts);
    free(r->open_before);
    free(r->saturated);
    free(r->extra);
    free(r->method);
    free(r->rule);
    free(r->locs);
    free(r->sens);
    free(r);
}
