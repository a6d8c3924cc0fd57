/* Map and histogram layers of an impact result (zorglandschap/impact_areas.h). The
 * nearest-location scan is the impact module's own (zl_reach_compute), so the minutes on
 * the map are those behind population_beyond in the report. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "impact_internal.h"
#include "zorglandschap/impact_areas.h"
#include "zorglandschap/privacy.h"

static json_t *minutes_json(float m)
{
    return isfinite(m) ? json_real(round((double)m * 10) / 10) : json_null();
}

/* Nearest-location minutes per area with the given locations open; NULL on OOM. */
static zl_reach *reach_for(const zl_case *c, const bool *open)
{
    zl_reach *reach = malloc((c->n_areas ? c->n_areas : 1) * sizeof *reach);
    uint32_t *idx = malloc((c->n_locations ? c->n_locations : 1) * sizeof *idx);
    if (reach && idx)
        zl_reach_compute(c, open, idx, reach);
    free(idx);
    if (!idx) {
        free(reach);
        return NULL;
    }
    return reach;
}

json_t *zl_impact_areas_to_json(const zl_impact *r)
{
    const zl_case *c = zl_impact_case(r);
    const zl_scenario *sc = zl_impact_scenario(r);
    size_t nl;
    const zl_impact_location *locs = zl_impact_locations(r, &nl);
    bool *open_before = calloc(c->n_locations ? c->n_locations : 1, sizeof *open_before);
    if (!open_before)
        return NULL;
    for (size_t i = 0; i < nl; i++)
        open_before[locs[i].location] = locs[i].status != ZL_LOC_OPENS;
    zl_reach *before = reach_for(c, open_before), *after = reach_for(c, sc->open_after);
    free(open_before);
    json_t *pc4 = json_array(), *pop = json_array(), *mb = json_array(), *ma = json_array();
    json_t *out = json_pack("{s:o,s:o,s:o,s:o}", "pc4", pc4, "population", pop, "minutes_before",
                            mb, "minutes_after", ma);
    for (size_t a = 0; out && before && after && a < c->n_areas; a++) {
        if (json_array_append_new(pc4, json_integer(c->areas[a].pc4)) ||
            json_array_append_new(pop, json_integer(c->areas[a].population)) ||
            json_array_append_new(mb, minutes_json(before[a].best)) ||
            json_array_append_new(ma, minutes_json(after[a].best))) {
            json_decref(out);
            out = NULL;
        }
    }
    if (!before || !after) {
        json_decref(out);
        out = NULL;
    }
    free(before);
    free(after);
    return out;
}

json_t *zl_impact_histogram_to_json(const zl_impact *r, unsigned flags, const zl_disclosure *d)
{
    const int w = ZL_IMPACT_HIST_BIN_MINUTES;
    int lo = 0, hi = -1;
    /* The headline comparison's displaced patients (docs/impact.md): bins of [from, to). */
    for (size_t i = 0; i < r->n_extra; i++) {
        int bin = (int)floor(r->extra[i].v / w);
        lo = i == 0 || bin < lo ? bin : lo;
        hi = i == 0 || bin > hi ? bin : hi;
    }
    size_t nbins = r->n_extra ? (size_t)(hi - lo + 1) : 0;
    double *count = calloc(nbins + 1, sizeof *count);
    int64_t *whole = calloc(nbins + 1, sizeof *whole);
    zl_cell_state *state = calloc(nbins + 1, sizeof *state);
    if (!count || !whole || !state) {
        free(count);
        free(whole);
        free(state);
        return NULL;
    }
    for (size_t i = 0; i < r->n_extra; i++)
        count[(int)floor(r->extra[i].v / w) - lo] += r->extra[i].w;
    /* Public output: bins of 1-9 patients (expected counts rounded to whole patients) are
     * null, with secondary suppression against the published number of displaced patients,
     * and the rest rounded by the cell key (the privacy module's rules). */
    bool pub = (flags & ZL_REPORT_PUBLIC) != 0 && d;
    for (size_t b = 0; b < nbins; b++)
        whole[b] = llround(count[b]);
    if (pub && nbins)
        zl_suppress_table(whole, nbins, state);
    for (size_t b = 0; pub && b < nbins; b++) {
        char cell[160];
        snprintf(cell, sizeof cell, "impact/extra-minutes-%d/%s/%d", (lo + (int)b) * w,
                 r->c->intervention.code, r->c->year);
        if (state[b] == ZL_CELL_SHOWN)
            count[b] = (double)zl_cellkey_round(d, cell, whole[b]);
    }
    json_t *bins = json_array();
    json_t *out =
        json_pack("{s:i,s:o,s:b}", "bin_minutes", w, "bins", bins, "small_counts_suppressed", pub);
    for (size_t b = 0; out && b < nbins; b++) {
        int from = (lo + (int)b) * w;
        json_t *n =
            state[b] == ZL_CELL_SHOWN ? impact_count_json(NULL, NULL, count[b]) : json_null();
        if (json_array_append_new(
                bins, json_pack("{s:i,s:i,s:o}", "from", from, "to", from + w, "patients", n))) {
            json_decref(out);
            out = NULL;
        }
    }
    free(state);
    free(whole);
    free(count);
    return out;
}
