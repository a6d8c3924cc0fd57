/* The JSON report of an impact analysis (schema: docs/impact.md). Built here, in the
 * library, so the CLI and the HTTP server print the same document. Minutes are rounded to
 * 0.1, windowed volumes to 0.01; counts are exact, except that a public report
 * (ZL_REPORT_PUBLIC) shows patient counts of 1-9 as null. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "impact_internal.h"

static json_t *real1(double v)
{
    return json_real(round(v * 10) / 10);
}

/* Patient counts 1-9 are suppressed in public reports (population counts are not: they
 * are published CBS figures). */
static bool small(int64_t v, bool pub)
{
    return pub && v >= 1 && v <= 9;
}

static json_t *count_json(int64_t v, bool pub)
{
    return small(v, pub) ? json_null() : json_integer(v);
}

static json_t *volume_json(double v, bool pub)
{
    return pub && v > 0 && v < 9.5 ? json_null() : json_real(round(v * 100) / 100);
}

static json_t *stat_json(const zl_stat *s, bool pub)
{
    if (small(s->n, pub))
        return json_pack("{s:n,s:n,s:n,s:n,s:n,s:n}", "n", "mean", "p50", "p90", "min", "max");
    if (s->n == 0)
        return json_pack("{s:I,s:n,s:n,s:n,s:n,s:n}", "n", (json_int_t)0, "mean", "p50", "p90",
                         "min", "max");
    return json_pack("{s:I,s:o,s:o,s:o,s:o,s:o}", "n", (json_int_t)s->n, "mean", real1(s->mean),
                     "p50", real1(s->p50), "p90", real1(s->p90), "min", real1(s->min), "max",
                     real1(s->max));
}

static json_t *beyond_json(const zl_beyond *b, bool pub)
{
    json_t *a = json_array();
    for (int k = 0; a && k < ZL_IMPACT_N_THRESHOLDS; k++)
        json_array_append_new(a, json_pack("{s:i,s:o,s:o}", "minutes", b[k].minutes, "before",
                                           count_json(b[k].before, pub), "after",
                                           count_json(b[k].after, pub)));
    return a;
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

static json_t *location_json(const zl_case *c, const zl_impact_location *x, bool pub)
{
    const zl_location *loc = &c->locations[x->location];
    return json_pack(
        "{s:s,s:s,s:o,s:s,s:s,s:o,s:o,s:o,s:i,s:o,s:b,s:b,s:b}", "id", loc->id, "name", loc->name,
        "organisation", opt_str(loc->organisation), "kind", zl_location_kind_name(loc->kind),
        "status", zl_loc_status_name(x->status), "volume_before", count_json(x->volume_before, pub),
        "volume_after", count_json(x->volume_after, pub), "norm_volume_before",
        volume_json(x->norm_volume_before, pub), "norm_years", c->volume_years[x->location],
        "norm_volume_after", volume_json(x->norm_volume_after, pub), "meets_norm_before",
        x->meets_norm_before, "meets_norm_after", x->meets_norm_after, "kept", x->kept);
}

static json_t *locations_json(const zl_impact *r, bool pub)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < r->n_locs; i++)
        json_array_append_new(a, location_json(r->c, &r->locs[i], pub));
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

static json_t *patients_json(const zl_impact_metrics *m, bool pub)
{
    return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "total", count_json(m->patients_total, pub),
                     "displaced", count_json(m->patients_displaced, pub), "displaced_shorter",
                     count_json(m->patients_displaced_shorter, pub), "minutes_before",
                     stat_json(&m->minutes_before, pub), "minutes_after",
                     stat_json(&m->minutes_after, pub), "extra_minutes",
                     stat_json(&m->extra_minutes, pub), "beyond",
                     beyond_json(m->patients_beyond, pub));
}

static bool uses_region(const zl_impact *r)
{
    return r->rule && strcmp(r->rule, "region") == 0;
}

json_t *zl_impact_to_json_ex(const zl_impact *r, unsigned flags)
{
    const zl_case *c = r->c;
    const zl_impact_metrics *m = &r->m;
    bool pub = (flags & ZL_REPORT_PUBLIC) != 0;
    json_t *summary = json_pack(
        "{s:I,s:I,s:I}", "offering_before", (json_int_t)m->n_offering_before, "offering_after",
        (json_int_t)m->n_offering_after, "stopping", (json_int_t)m->n_stopping);
    return json_pack("{s:o,s:i,s:I,s:s,s:i,s:s,s:o,s:o,s:o,s:s,s:b,s:b,s:o,s:o,s:o,s:I,s:o,s:o}",
                     "intervention", intervention_json(&c->intervention), "year", c->year, "norm",
                     (json_int_t)m->norm, "norm_basis", m->norm_basis, "window_years",
                     c->intervention.window_years, "method", r->method, "rule", opt_str(r->rule),
                     "region_layer", opt_str(uses_region(r) ? c->region_layer : NULL),
                     "travel_method", opt_str(c->travel_method), "definitions", "docs/impact.md",
                     "synthetic", c->synthetic, "small_counts_suppressed", pub, "summary", summary,
                     "locations", locations_json(r, pub), "patients", patients_json(m, pub),
                     "population_total", (json_int_t)m->population_total, "population_beyond",
                     beyond_json(m->population_beyond, false), "sensitivity", sensitivity_json(r));
}

json_t *zl_impact_to_json(const zl_impact *r)
{
    return zl_impact_to_json_ex(r, 0);
}
