/* The figures of an assessment from one impact analysis: per location (volumes, revenue,
 * procedures per surgeon, group share, services, capacity), per network, and per region
 * and nationally the four dimensions. Patients are counted by residence from the rows of
 * the impact's headline comparison (zl_impact_detail_get), so the national patient figures
 * are the impact's own; locations count in the region they lie in. Definitions:
 * docs/assess.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "assess_internal.h"
#include "zorglandschap/norms.h"
#include "zorglandschap/util.h"

/* Scratch of one build: the weighted values of the distributions. */
typedef struct build_scratch {
    zl_wval *before, *after, *extra;
} build_scratch;

static bool loc_in(const zl_case *c, uint32_t l, int32_t r)
{
    return r < 0 || (c->location_region && c->location_region[l] == r);
}

/* The histogram bin of a travel time (docs/assess.md). */
static size_t hist_bin(float minutes)
{
    double k = ceil((double)minutes / ZL_ASSESS_HIST_MINUTES) - 1;
    return k < 0 ? 0 : k >= ZL_ASSESS_HIST_BINS - 1 ? ZL_ASSESS_HIST_BINS - 1 : (size_t)k;
}

static double per_surgeon(double volume, int32_t surgeons)
{
    return surgeons > 0 ? volume / surgeons : NAN;
}

static bool below_surgeon_norm(const zl_assess_inputs *in, double volume, int32_t surgeons)
{
    return in->surgeon_norm >= 0 && surgeons > 0 && volume / surgeons < (double)in->surgeon_norm;
}

/* One row per location offering before or after (the impact's rows). */
static zl_status location_rows(zl_assess *a, zl_err *err)
{
    const zl_case *c = a->c;
    const zl_assess_inputs *in = a->in;
    size_t n;
    const zl_impact_location *il = zl_impact_locations(a->impact, &n);
    const double *cap = a->alloc ? a->alloc->capacity : NULL;
    if (!(a->locations = calloc(n + 1, sizeof *a->locations)))
        return zl_fail(err, ZL_ENOMEM, "out of memory in the assessment");
    for (size_t i = 0; i < n; i++) {
        uint32_t l = il[i].location;
        zl_assess_location *x = &a->locations[a->n_locations++];
        bool before = il[i].status != ZL_LOC_OPENS, after = il[i].status != ZL_LOC_STOPS;
        x->location = l;
        x->region = c->location_region ? c->location_region[l] : -1;
        x->network = in->network[l];
        x->status = il[i].status;
        x->kept = il[i].kept;
        x->volume_before = (double)il[i].volume_before;
        x->volume_after = il[i].volume_after;
        x->revenue_change =
            in->tariff >= 0 ? (x->volume_after - x->volume_before) * in->tariff : NAN;
        x->surgeons = in->surgeons[l];
        x->per_surgeon_before = before ? per_surgeon(x->volume_before, x->surgeons) : NAN;
        x->per_surgeon_after = after ? per_surgeon(x->volume_after, x->surgeons) : NAN;
        x->below_surgeon_norm_before =
            before && below_surgeon_norm(in, x->volume_before, x->surgeons);
        x->below_surgeon_norm_after = after && below_surgeon_norm(in, x->volume_after, x->surgeons);
        x->group_volume = in->group_volume[l];
        bool stops = x->status == ZL_LOC_STOPS;
        x->group_share_lost =
            stops && x->group_volume > 0 ? x->volume_before / x->group_volume : NAN;
        x->services = in->services[l];
        x->services_threatened = stops && x->services != 0;
        x->capacity = cap ? cap[l] : INFINITY;
        x->over_capacity = after && x->volume_after > x->capacity + 1e-9;
    }
    return ZL_OK;
}

static void network_rows(zl_assess *a, const zl_impact_detail *d)
{
    const zl_assess_inputs *in = a->in;
    for (size_t k = 0; k < a->n_networks; k++)
        a->networks[k] = (zl_assess_network){
            .code = in->network_codes[k], .name = in->network_names ? in->network_names[k] : NULL};
    for (size_t i = 0; i < a->n_locations; i++) {
        const zl_assess_location *x = &a->locations[i];
        if (x->network < 0)
            continue;
        a->networks[x->network].locations_before += x->status != ZL_LOC_OPENS;
        a->networks[x->network].locations_after += x->status != ZL_LOC_STOPS;
    }
    for (size_t i = 0; i < d->n_moves; i++) {
        const zl_impact_move *m = &d->moves[i];
        int32_t from = in->network[m->from], to = in->network[m->to];
        if (m->from == m->to || from == to)
            continue;
        if (from >= 0)
            a->networks[from].patients_out += m->patients;
        if (to >= 0)
            a->networks[to].patients_in += m->patients;
    }
}

/* New inhabitants beyond 45 minutes and the inhabitants beyond each threshold. */
static zl_status region_reach(const zl_assess *a, const zl_impact_detail *d, int32_t r,
                              zl_assess_patients *p, zl_err *err)
{
    const zl_case *c = a->c;
    size_t n_new = 0;
    for (int k = 0; k < ZL_IMPACT_N_THRESHOLDS; k++)
        p->inhabitants_beyond[k].minutes = zl_impact_thresholds[k];
    for (size_t i = 0; i < c->n_areas; i++) {
        if (!assess_area_in(c, (uint32_t)i, r))
            continue;
        int64_t pop = c->areas[i].population;
        p->inhabitants = zl_add_count(p->inhabitants, pop);
        for (int k = 0; k < ZL_IMPACT_N_THRESHOLDS; k++) {
            float t = (float)zl_impact_thresholds[k];
            p->inhabitants_beyond[k].before += d->nearest_before[i] > t ? (double)pop : 0;
            p->inhabitants_beyond[k].after += d->nearest_after[i] > t ? (double)pop : 0;
        }
        n_new += d->nearest_before[i] <= 45.0f && d->nearest_after[i] > 45.0f;
    }
    if (!(p->pc4_new_beyond_45 = malloc((n_new + 1) * sizeof *p->pc4_new_beyond_45)))
        return zl_fail(err, ZL_ENOMEM, "out of memory in the assessment");
    for (size_t i = 0; i < c->n_areas; i++)
        if (assess_area_in(c, (uint32_t)i, r) && d->nearest_before[i] <= 45.0f &&
            d->nearest_after[i] > 45.0f) {
            p->pc4_new_beyond_45[p->n_pc4_new_beyond_45++] = c->areas[i].pc4;
            p->new_beyond_45 = zl_add_count(p->new_beyond_45, c->areas[i].population);
        }
    return ZL_OK;
}

static zl_status region_patients(const zl_assess *a, const zl_impact_detail *d, int32_t r,
                                 build_scratch *w, zl_assess_patients *p, zl_err *err)
{
    const zl_case *c = a->c;
    size_t n = 0, n_disp = 0;
    for (size_t i = 0; i < d->n_moves; i++) {
        const zl_impact_move *m = &d->moves[i];
        if (!assess_area_in(c, m->area, r))
            continue;
        w->before[n] = (zl_wval){m->minutes_before, m->patients};
        w->after[n++] = (zl_wval){m->minutes_after, m->patients};
        p->hist_before[hist_bin(m->minutes_before)] += m->patients;
        p->hist_after[hist_bin(m->minutes_after)] += m->patients;
        p->total += m->patients;
        if (m->from == m->to)
            continue;
        w->extra[n_disp++] = (zl_wval){(double)m->minutes_after - m->minutes_before, m->patients};
        p->displaced += m->patients;
        for (int k = 0; k < ZL_ASSESS_N_AGE; k++)
            p->displaced_age[k] += m->patients * a->in->age_share[m->area * ZL_ASSESS_N_AGE + k];
    }
    for (int k = 0; k < ZL_IMPACT_N_THRESHOLDS; k++) {
        double t = zl_impact_thresholds[k];
        p->patients_beyond[k] =
            (zl_beyond){zl_impact_thresholds[k], zl_weight_above(w->before, n, t),
                        zl_weight_above(w->after, n, t)};
    }
    zl_stat_compute(w->before, n, &p->minutes_before);
    zl_stat_compute(w->after, n, &p->minutes_after);
    zl_stat_compute(w->extra, n_disp, &p->extra_minutes);
    return region_reach(a, d, r, p, err);
}

static void region_locations(const zl_assess *a, int32_t r, zl_assess_region *g)
{
    zl_assess_professionals *pr = &g->professionals;
    zl_assess_providers *pv = &g->providers;
    double vol_before = 0, vol_after = 0;
    int64_t s_before = 0, s_after = 0;
    for (size_t i = 0; i < a->n_locations; i++) {
        const zl_assess_location *x = &a->locations[i];
        if (!loc_in(a->c, x->location, r))
            continue;
        bool before = x->status != ZL_LOC_OPENS, after = x->status != ZL_LOC_STOPS;
        if (x->surgeons >= 0) {
            pr->known = true;
            pr->surgeons += before ? x->surgeons : 0;
            pr->surgeons_stopping += before && !after ? x->surgeons : 0;
            vol_before += before ? x->volume_before : 0;
            s_before += before ? x->surgeons : 0;
            vol_after += after ? x->volume_after : 0;
            s_after += after ? x->surgeons : 0;
        }
        pr->below_norm_before += x->below_surgeon_norm_before;
        pr->below_norm_after += x->below_surgeon_norm_after;
        if (!after) {
            pv->stopping++;
            pv->volume_lost += x->volume_before;
        } else if (x->status == ZL_LOC_RECEIVES || x->status == ZL_LOC_OPENS) {
            pv->receiving++;
            pv->volume_gained += x->volume_after - x->volume_before;
        }
        pv->services_threatened += x->services_threatened;
        pv->over_capacity += x->over_capacity;
    }
    pr->per_surgeon_before = s_before > 0 ? vol_before / (double)s_before : NAN;
    pr->per_surgeon_after = s_after > 0 ? vol_after / (double)s_after : NAN;
    double tariff = a->in->tariff;
    pv->revenue_lost = tariff >= 0 ? pv->volume_lost * tariff : NAN;
    pv->revenue_gained = tariff >= 0 ? pv->volume_gained * tariff : NAN;
}

static void region_networks(const zl_assess *a, const zl_impact_detail *d, int32_t r,
                            zl_assess_networks *nw)
{
    const zl_assess_inputs *in = a->in;
    nw->known = in->network_layer != NULL;
    if (!nw->known)
        return;
    for (size_t i = 0; i < d->n_moves; i++) {
        const zl_impact_move *m = &d->moves[i];
        int32_t from = in->network[m->from], to = in->network[m->to];
        if (m->from != m->to && (from != to || from < 0) && assess_area_in(a->c, m->area, r))
            nw->patients_crossing += m->patients;
    }
    for (size_t k = 0; k < a->n_networks; k++) {
        bool here = false;
        for (size_t i = 0; i < a->n_locations && !here; i++) {
            const zl_assess_location *x = &a->locations[i];
            here = x->network == (int32_t)k && x->status != ZL_LOC_OPENS &&
                   loc_in(a->c, x->location, r);
        }
        nw->networks += here;
        nw->networks_without += here && a->networks[k].locations_after == 0;
    }
}

static zl_status region_build(zl_assess *a, const zl_impact_detail *d, build_scratch *w,
                              zl_assess_region *g, zl_err *err)
{
    zl_status st = region_patients(a, d, g->index, w, &g->patients, err);
    if (st != ZL_OK)
        return st;
    region_locations(a, g->index, g);
    region_networks(a, d, g->index, &g->networks);
    assess_verdict(&a->thresholds, g);
    return ZL_OK;
}

static zl_status build_regions(zl_assess *a, const zl_impact_detail *d, int32_t only, zl_err *err)
{
    size_t n = d->n_moves + 1;
    build_scratch w = {malloc(n * sizeof *w.before), malloc(n * sizeof *w.after),
                       malloc(n * sizeof *w.extra)};
    zl_status st = ZL_OK;
    if (!w.before || !w.after || !w.extra)
        st = zl_fail(err, ZL_ENOMEM, "out of memory in the assessment");
    if (st == ZL_OK && only < 0)
        st = region_build(a, d, &w, &a->national, err);
    for (size_t r = 0; st == ZL_OK && r < a->n_regions; r++)
        if (only < 0 || (int32_t)r == only)
            st = region_build(a, d, &w, &a->regions[r], err);
    free(w.before);
    free(w.after);
    free(w.extra);
    return st;
}

zl_status assess_build(zl_assess *a, zl_impact *imp, int32_t only, zl_err *err)
{
    a->impact = imp;
    const zl_impact_metrics *m = zl_impact_metrics_get(imp);
    a->norm = m->norm;
    a->norm_basis = m->norm_basis;
    zl_impact_detail d;
    zl_status st = zl_impact_detail_get(imp, &d, err);
    if (st == ZL_OK) {
        a->baseline = d.baseline;
        st = location_rows(a, err);
    }
    if (st == ZL_OK)
        network_rows(a, &d);
    if (st == ZL_OK)
        st = build_regions(a, &d, only, err);
    zl_impact_detail_clear(&d);
    return st;
}
