/* zl_impact_detail_get: the rows behind a result's headline comparison and the nearest
 * minutes per area before and after, so that other analyses (the regional assessment)
 * can break the figures down without a second definition of "before" and "after". The
 * rows follow exactly what zl_impact_evaluate sums: the scenario's pieces for the observed
 * baseline, the rule's location per area for the nearest baseline. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "impact_internal.h"

void zl_impact_detail_clear(zl_impact_detail *d)
{
    free(d->moves);
    free(d->nearest_before);
    free(d->nearest_after);
    memset(d, 0, sizeof *d);
}

static void add_move(zl_impact_detail *d, const zl_case *c, uint32_t a, uint32_t from, uint32_t to,
                     double patients)
{
    d->moves[d->n_moves++] = (zl_impact_move){
        a, from, to, zl_case_minutes(c, a, from), zl_case_minutes(c, a, to), patients};
}

/* Observed baseline: every flow at its observed location before; after, its dest, or its
 * parts when it was displaced under a splitting rule. */
static void observed_moves(const zl_impact *r, zl_impact_detail *d)
{
    const zl_case *c = r->c;
    const zl_scenario *s = &r->sc;
    size_t k = 0;
    for (size_t f = 0; f < c->n_flows; f++) {
        const zl_flow *fl = &c->flows[f];
        if (s->dest || s->open_after[fl->location]) {
            uint32_t to = s->dest ? s->dest[f] : fl->location;
            add_move(d, c, fl->area, fl->location, to, (double)fl->patients);
            continue;
        }
        for (; k < s->n_parts && s->parts[k].flow < f; k++)
            ;
        for (; k < s->n_parts && s->parts[k].flow == f; k++)
            add_move(d, c, fl->area, fl->location, s->parts[k].dest, s->parts[k].patients);
    }
}

/* Nearest baseline: every patient of an area at the rule's location before and after
 * (areas without patients or without a location on either side are left out, as in the
 * headline). */
static zl_status nearest_moves(const zl_impact *r, const zl_reach *rb, const zl_reach *ra,
                               zl_impact_detail *d, zl_err *err)
{
    const zl_case *c = r->c;
    size_t na = c->n_areas + 1;
    int32_t *gb = malloc(na * sizeof *gb), *ga = malloc(na * sizeof *ga);
    if (!gb || !ga) {
        free(gb);
        free(ga);
        return zl_fail(err, ZL_ENOMEM, "out of memory reading an impact's detail");
    }
    if (impact_by_region(r)) { /* only the region rule reads them */
        zl_reach_in_region(c, r->open_before, gb);
        zl_reach_in_region(c, r->sc.open_after, ga);
    }
    for (size_t f = 0; f < c->n_flows;) {
        uint32_t a = c->flows[f].area;
        double np = 0;
        for (; f < c->n_flows && c->flows[f].area == a; f++)
            np += (double)c->flows[f].patients;
        int32_t l0 = impact_rule_location(r, rb, gb, a);
        int32_t l1 = impact_rule_location(r, ra, ga, a);
        if (np > 0 && l0 >= 0 && l1 >= 0)
            add_move(d, c, a, (uint32_t)l0, (uint32_t)l1, np);
    }
    free(gb);
    free(ga);
    return ZL_OK;
}

zl_status zl_impact_detail_get(const zl_impact *r, zl_impact_detail *out, zl_err *err)
{
    const zl_case *c = r->c;
    memset(out, 0, sizeof *out);
    out->baseline = r->m.has_nearest_baseline ? "nearest" : "observed";
    size_t na = c->n_areas + 1, nl = c->n_locations + 1;
    out->moves = malloc((c->n_flows + r->sc.n_parts + 1) * sizeof *out->moves);
    out->nearest_before = malloc(na * sizeof *out->nearest_before);
    out->nearest_after = malloc(na * sizeof *out->nearest_after);
    zl_reach *rb = malloc(na * sizeof *rb), *ra = malloc(na * sizeof *ra);
    uint32_t *idx = malloc(nl * sizeof *idx);
    zl_status st = ZL_OK;
    if (!out->moves || !out->nearest_before || !out->nearest_after || !rb || !ra || !idx) {
        st = zl_fail(err, ZL_ENOMEM, "out of memory reading an impact's detail");
        goto done;
    }
    zl_reach_compute(c, r->open_before, idx, rb);
    zl_reach_compute(c, r->sc.open_after, idx, ra);
    for (size_t a = 0; a < c->n_areas; a++) {
        out->nearest_before[a] = rb[a].best;
        out->nearest_after[a] = ra[a].best;
    }
    if (r->m.has_nearest_baseline)
        st = nearest_moves(r, rb, ra, out, err);
    else
        observed_moves(r, out);
done:
    free(rb);
    free(ra);
    free(idx);
    return st;
}
