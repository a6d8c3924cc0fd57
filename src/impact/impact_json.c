/* The JSON report of an impact analysis (schema: docs/impact.md). Built here, in the
 * library, so the CLI and the HTTP server print the same document. Minutes are rounded to
 * 0.1, windowed volumes to 0.01; counts are exact, except in a public report
 * (ZL_REPORT_PUBLIC), which publishes them as docs/privacy.md describes: 1-9 as null,
 * the rest rounded by the cell key, totals summed from published location volumes. */
#include <assert.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "impact_internal.h"
#include "zorglandschap/norms.h"
#include "zorglandschap/privacy.h"
#include "zorglandschap/util.h"

static json_t *real1(double v)
{
    return json_real(round(v * 10) / 10);
}

/* The published value of count v (zl_cellkey_publish_case: the case's cell `what`);
 * *state says whether it is shown. v rounded to whole patients when there is no key. */
static int64_t pub_count(const impact_pub *p, const char *what, double v, zl_cell_state *state)
{
    *state = ZL_CELL_SHOWN;
    if (!p)
        return llround(v);
    int64_t shown;
    *state = zl_cellkey_publish_case(p->d, what, p->c->intervention.code, p->c->year, v, &shown);
    return shown;
}

/* An exact count: whole numbers as integers, expected (fractional) ones to 1e-6. */
static json_t *exact_json(double v)
{
    if (fabs(v - round(v)) < 1e-9)
        return json_integer((json_int_t)llround(v));
    return json_real(round(v * 1e6) / 1e6);
}

/* A patient count; in a public report expected (fractional) counts are first rounded to
 * whole patients, then published like any count. The one place where a count of an
 * impact report becomes its published number. */
json_t *impact_count_json(const impact_pub *p, const char *what, double v)
{
    if (!p)
        return exact_json(v);
    zl_cell_state st;
    int64_t shown = pub_count(p, what, v, &st);
    return st == ZL_CELL_SHOWN ? json_integer(shown) : json_null();
}

/* A count that is already a sum of published values: only 1..9 of the truth hide it. */
static json_t *sum_json(const impact_pub *p, double exact, int64_t published)
{
    if (!p)
        return exact_json(exact);
    return zl_suppress_primary(llround(exact)) ? json_null() : json_integer(published);
}

static json_t *stat_json(const zl_stat *s, bool pub, json_t *n)
{
    if (pub && zl_suppress_primary(llround(s->n))) {
        json_decref(n);
        return json_pack("{s:n,s:n,s:n,s:n,s:n,s:n}", "n", "mean", "p50", "p90", "min", "max");
    }
    if (s->n == 0) {
        json_decref(n);
        return json_pack("{s:I,s:n,s:n,s:n,s:n,s:n}", "n", (json_int_t)0, "mean", "p50", "p90",
                         "min", "max");
    }
    return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o}", "n", n, "mean", real1(s->mean), "p50",
                     real1(s->p50), "p90", real1(s->p90), "min", real1(s->min), "max",
                     real1(s->max));
}

static json_t *beyond_json(const impact_pub *p, const zl_beyond *b)
{
    json_t *a = json_array();
    char before[48], after[48];
    for (int k = 0; a && k < ZL_IMPACT_N_THRESHOLDS; k++) {
        snprintf(before, sizeof before, "beyond-%d-before", b[k].minutes);
        snprintf(after, sizeof after, "beyond-%d-after", b[k].minutes);
        json_array_append_new(a, json_pack("{s:i,s:o,s:o}", "minutes", b[k].minutes, "before",
                                           impact_count_json(p, before, b[k].before), "after",
                                           impact_count_json(p, after, b[k].after)));
    }
    return a;
}

/* Population counts are published CBS figures: exact in every report. */
static json_t *population_beyond_json(const zl_beyond *b)
{
    json_t *a = json_array();
    for (int k = 0; a && k < ZL_IMPACT_N_THRESHOLDS; k++)
        json_array_append_new(a,
                              json_pack("{s:i,s:I,s:I}", "minutes", b[k].minutes, "before",
                                        (json_int_t)b[k].before, "after", (json_int_t)b[k].after));
    return a;
}

json_t *zl_stat_json(const zl_stat *s)
{
    return stat_json(s, false, exact_json(s->n));
}

json_t *zl_beyond_json(const zl_beyond *b)
{
    return beyond_json(NULL, b);
}

static json_t *opt_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *opt_int(int64_t v)
{
    return v >= 0 ? json_integer(v) : json_null();
}

static json_t *intervention_json(const zl_intervention *iv)
{
    return json_pack("{s:s,s:s,s:s,s:I,s:i,s:o,s:b,s:o,s:o,s:b}", "code", iv->code, "name",
                     iv->name, "group", iv->group, "norm", (json_int_t)iv->norm, "window_years",
                     iv->window_years, "norm_source", opt_str(iv->norm_source), "norm_illustrative",
                     iv->norm_illustrative, "proposed_norm", opt_int(iv->proposed_norm),
                     "proposed_source", opt_str(iv->proposed_source), "proposed_illustrative",
                     iv->proposed_illustrative);
}

/* The published volume of a location in the case year: one cell per location, so the
 * same number in every scenario, and the number every public total is summed from. */
static int64_t pub_volume(const impact_pub *p, const zl_impact_location *x, zl_cell_state *st)
{
    char what[160];
    snprintf(what, sizeof what, "volume/%s", p ? p->c->locations[x->location].id : "");
    return pub_count(p, what, (double)x->volume_before, st);
}

static json_t *real2(double v)
{
    return json_real(round(v * 100) / 100);
}

static json_t *location_json(const impact_pub *p, const zl_case *c, const zl_impact_location *x)
{
    const zl_location *loc = &c->locations[x->location];
    json_t *vb, *va, *nb, *na;
    if (!p) {
        vb = json_integer(x->volume_before), va = exact_json(x->volume_after);
        nb = real2(x->norm_volume_before), na = real2(x->norm_volume_after);
    } else {
        zl_cell_state sb, sa, sw;
        char what[160];
        int64_t before = pub_volume(p, x, &sb);
        snprintf(what, sizeof what, "volume-after/%s", loc->id);
        int64_t after = pub_count(p, what, x->volume_after, &sa);
        double mean = zl_norm_public_mean(p->d, c, x->location, &sw);
        vb = sb == ZL_CELL_SHOWN ? json_integer(before) : json_null();
        va = sa == ZL_CELL_SHOWN ? json_integer(after) : json_null();
        nb = sw == ZL_CELL_SHOWN && x->status != ZL_LOC_OPENS ? real2(mean) : json_null();
        /* The windowed mean plus the published net gain; 0 once stopped. */
        double gained = mean + (double)(after - before);
        na = x->status == ZL_LOC_STOPS                    ? real2(0)
             : sw == ZL_CELL_SHOWN && sa == ZL_CELL_SHOWN ? real2(gained > 0 ? gained : 0)
                                                          : json_null();
    }
    return json_pack("{s:s,s:s,s:o,s:s,s:s,s:o,s:o,s:o,s:i,s:o,s:b,s:b,s:b,s:b}", "id", loc->id,
                     "name", loc->name, "organisation", opt_str(loc->organisation), "kind",
                     zl_location_kind_name(loc->kind), "status", zl_loc_status_name(x->status),
                     "volume_before", vb, "volume_after", va, "norm_volume_before", nb,
                     "norm_years", c->volume_years[x->location], "norm_volume_after", na,
                     "meets_norm_before", x->meets_norm_before, "meets_norm_after",
                     x->meets_norm_after, "kept", x->kept, "saturated", x->saturated);
}

static json_t *locations_json(const impact_pub *p, const zl_impact *r)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < r->n_locs; i++)
        json_array_append_new(a, location_json(p, r->c, &r->locs[i]));
    return a;
}

static int cmp_sensitivity(const void *pa, const void *pb)
{
    const zl_impact_sensitivity *a = pa, *b = pb;
    if (a->increase != b->increase)
        return a->increase > b->increase ? -1 : 1;
    return (a->location > b->location) - (a->location < b->location);
}

/* Most sensitive first: the order a reader wants. */
static json_t *sensitivity_json(const zl_impact *r)
{
    zl_impact_sensitivity *s = malloc((r->n_sens + 1) * sizeof *s);
    json_t *a = json_array();
    if (!s || !a) {
        free(s);
        json_decref(a);
        return NULL;
    }
    for (size_t i = 0; i < r->n_sens; i++)
        s[i] = r->sens[i];
    qsort(s, r->n_sens, sizeof *s, cmp_sensitivity);
    for (size_t i = 0; i < r->n_sens; i++) {
        const zl_location *loc = &r->c->locations[s[i].location];
        json_array_append_new(a, json_pack("{s:s,s:s,s:i,s:I,s:I}", "id", loc->id, "name",
                                           loc->name, "minutes", ZL_IMPACT_SENSITIVITY_MINUTES,
                                           "population_beyond", (json_int_t)s[i].population_beyond,
                                           "increase", (json_int_t)s[i].increase));
    }
    free(s);
    return a;
}

/* Patients of all locations and of the stopping ones, as sums of the published
 * location volumes: keeping or stopping one more location then changes a public total
 * by that location's published volume, never by its exact count (docs/privacy.md). */
static void public_totals(const impact_pub *p, const zl_impact *r, int64_t *total,
                          int64_t *displaced)
{
    *total = *displaced = 0;
    for (size_t i = 0; i < r->n_locs; i++) {
        zl_cell_state st;
        int64_t v = pub_volume(p, &r->locs[i], &st);
        *total = zl_add_count(*total, v);
        if (r->locs[i].status == ZL_LOC_STOPS)
            *displaced = zl_add_count(*displaced, v);
    }
}

/* A patients block against one baseline. The observed block's public totals are sums of
 * published location volumes; the nearest block (other cells) is published count by count. */
json_t *impact_block_json(const impact_pub *p, const zl_impact *r, const zl_impact_patients *q,
                          const char *baseline)
{
    bool observed = strcmp(baseline, "observed") == 0, pub = p != NULL;
    int64_t total = llround(q->total), displaced = llround(q->displaced);
    if (p && observed)
        public_totals(p, r, &total, &displaced);
    const char *shorter = observed ? "displaced-shorter" : "nearest-displaced-shorter";
    json_t *tot =
        observed ? sum_json(p, q->total, total) : impact_count_json(p, "nearest-total", q->total);
    json_t *dis = observed ? sum_json(p, q->displaced, displaced)
                           : impact_count_json(p, "nearest-displaced", q->displaced);
    return json_pack("{s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "baseline", baseline, "total", tot,
                     "displaced", dis, "displaced_shorter",
                     impact_count_json(p, shorter, q->displaced_shorter), "minutes_before",
                     stat_json(&q->minutes_before, pub, json_deep_copy(tot)), "minutes_after",
                     stat_json(&q->minutes_after, pub, json_deep_copy(tot)), "extra_minutes",
                     stat_json(&q->extra_minutes, pub, json_deep_copy(dis)), "beyond",
                     beyond_json(p, q->beyond));
}

/* How the displaced patients were placed: the rule, its fallback and capacities. */
static json_t *allocation_json(const impact_pub *p, const zl_impact *r)
{
    const zl_impact_metrics *m = &r->m;
    json_t *sat = json_array();
    for (size_t i = 0; sat && i < r->n_locs; i++)
        if (r->locs[i].saturated)
            json_array_append_new(sat, json_string(r->c->locations[r->locs[i].location].id));
    const char *baseline;
    zl_impact_headline(r, &baseline);
    return json_pack("{s:o,s:s,s:o,s:o,s:o,s:o}", "rule", opt_str(r->rule), "headline_baseline",
                     baseline, "fallback_patients",
                     impact_count_json(p, "fallback", m->fallback_patients), "fallback_rule",
                     opt_str(m->fallback_patients > 0 ? m->fallback_rule : NULL), "over_capacity",
                     impact_count_json(p, "over-capacity", m->over_capacity), "saturated", sat);
}

static bool uses_region(const zl_impact *r)
{
    return r->rule && strcmp(r->rule, "region") == 0;
}

json_t *zl_impact_to_json_ex(const zl_impact *r, unsigned flags, const zl_disclosure *d)
{
    const zl_case *c = r->c;
    const zl_impact_metrics *m = &r->m;
    bool pub = (flags & ZL_REPORT_PUBLIC) != 0;
    assert(!pub || d);
    impact_pub ctx = {d, c}, *p = pub && d ? &ctx : NULL;
    json_t *summary = json_pack(
        "{s:I,s:I,s:I}", "offering_before", (json_int_t)m->n_offering_before, "offering_after",
        (json_int_t)m->n_offering_after, "stopping", (json_int_t)m->n_stopping);
    zl_impact_patients obs = impact_observed(m);
    char reading[512];
    zl_impact_reading(r, NULL, 0, reading, sizeof reading);
    const char *baseline;
    zl_impact_headline(r, &baseline);
    json_t *out =
        json_pack("{s:o,s:i,s:I,s:s,s:i,s:s,s:o,s:o,s:o,s:s,s:b,s:b,s:o,s:o,s:o,s:I,s:o,s:o}",
                  "intervention", intervention_json(&c->intervention), "year", c->year, "norm",
                  (json_int_t)m->norm, "norm_basis", m->norm_basis, "window_years",
                  c->intervention.window_years, "method", r->method, "rule", opt_str(r->rule),
                  "region_layer", opt_str(uses_region(r) ? c->region_layer : NULL), "travel_method",
                  opt_str(c->travel_method), "definitions", "docs/impact.md", "synthetic",
                  c->synthetic, "small_counts_suppressed", pub, "summary", summary, "locations",
                  locations_json(p, r), "patients", impact_block_json(p, r, &obs, "observed"),
                  "population_total", (json_int_t)m->population_total, "population_beyond",
                  population_beyond_json(m->population_beyond), "sensitivity", sensitivity_json(r));
    if (out && m->has_nearest_baseline)
        json_object_set_new(out, "patients_nearest_baseline",
                            impact_block_json(p, r, &m->nearest_baseline, "nearest"));
    if (out) {
        json_object_set_new(out, "baseline", json_string(baseline));
        json_object_set_new(out, "reading", json_string(reading));
        json_object_set_new(out, "allocation", allocation_json(p, r));
    }
    return out;
}

json_t *zl_impact_to_json(const zl_impact *r)
{
    return zl_impact_to_json_ex(r, 0, NULL);
}
