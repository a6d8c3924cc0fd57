/* The JSON document of an assessment (schema: docs/assess.md), built in the library so the
 * CLI, the HTTP API and the report print the same numbers. Exact counts (patients may be
 * fractional under rules that move expected patients: to 1e-6); minutes to 0.1; NAN (not
 * known) as null. Every synthetic input is listed in "synthetic_inputs" and the document
 * says "label": "synthetic" when there is any. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "assess_internal.h"

static json_t *num(double v)
{
    if (!isfinite(v))
        return json_null();
    if (fabs(v - round(v)) < 1e-9)
        return json_integer((json_int_t)llround(v));
    return json_real(round(v * 1e6) / 1e6);
}

static json_t *num1(double v)
{
    return isfinite(v) ? json_real(round(v * 10) / 10) : json_null();
}

static json_t *breaches_json(const zl_assess_breach *b, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr,
                              json_pack("{s:s,s:o,s:o}", "threshold", zl_threshold_name(b[i].key),
                                        "value", num(b[i].value), "max", num(b[i].max)));
    return arr;
}

static json_t *ids_json(const zl_case *c, const uint32_t *v, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_string(c->locations[v[i]].id));
    return arr;
}

static json_t *hist_json(const zl_assess_patients *p)
{
    json_t *b = json_array(), *a = json_array();
    for (int k = 0; k < ZL_ASSESS_HIST_BINS; k++) {
        json_array_append_new(b, num(p->hist_before[k]));
        json_array_append_new(a, num(p->hist_after[k]));
    }
    return json_pack("{s:i,s:o,s:o}", "bin_minutes", ZL_ASSESS_HIST_MINUTES, "before", b, "after",
                     a);
}

static json_t *patients_json(const zl_assess_patients *p)
{
    json_t *age = json_object(), *pc4 = json_array();
    for (int k = 0; k < ZL_ASSESS_N_AGE; k++)
        json_object_set_new(age, zl_assess_age_bands[k], num(p->displaced_age[k]));
    for (size_t i = 0; i < p->n_pc4_new_beyond_45; i++)
        json_array_append_new(pc4, json_integer(p->pc4_new_beyond_45[i]));
    return json_pack("{s:o,s:o,s:o,s:b,s:o,s:o,s:o,s:o,s:I,s:o,s:I,s:o,s:o}", "total",
                     num(p->total), "displaced", num(p->displaced), "displaced_by_age", age,
                     "age_estimated", 1, "minutes_before", zl_stat_json(&p->minutes_before),
                     "minutes_after", zl_stat_json(&p->minutes_after), "extra_minutes",
                     zl_stat_json(&p->extra_minutes), "patients_beyond",
                     zl_beyond_json(p->patients_beyond), "inhabitants", (json_int_t)p->inhabitants,
                     "inhabitants_beyond", zl_beyond_json(p->inhabitants_beyond),
                     "new_inhabitants_beyond_45", (json_int_t)p->new_beyond_45, "pc4_new_beyond_45",
                     pc4, "minutes_histogram", hist_json(p));
}

static json_t *professionals_json(const zl_assess_professionals *p)
{
    return json_pack("{s:b,s:I,s:I,s:o,s:o,s:I,s:I}", "known", p->known, "surgeons",
                     (json_int_t)p->surgeons, "surgeons_stopping", (json_int_t)p->surgeons_stopping,
                     "per_surgeon_before", num1(p->per_surgeon_before), "per_surgeon_after",
                     num1(p->per_surgeon_after), "below_surgeon_norm_before",
                     (json_int_t)p->below_norm_before, "below_surgeon_norm_after",
                     (json_int_t)p->below_norm_after);
}

static json_t *providers_json(const zl_assess_providers *p)
{
    return json_pack("{s:o,s:o,s:o,s:o,s:I,s:I,s:I,s:I}", "volume_lost", num(p->volume_lost),
                     "volume_gained", num(p->volume_gained), "revenue_lost", num(p->revenue_lost),
                     "revenue_gained", num(p->revenue_gained), "stopping", (json_int_t)p->stopping,
                     "receiving", (json_int_t)p->receiving, "services_threatened",
                     (json_int_t)p->services_threatened, "over_capacity",
                     (json_int_t)p->over_capacity);
}

static json_t *networks_json(const zl_assess_networks *n)
{
    return json_pack("{s:b,s:o,s:I,s:I}", "known", n->known, "patients_crossing",
                     num(n->patients_crossing), "networks", (json_int_t)n->networks,
                     "networks_without_location", (json_int_t)n->networks_without);
}

static json_t *mitigation_json(const zl_case *c, const zl_assess_mitigation *m)
{
    if (!m->searched && !m->optimiser_run && !m->optimiser_note[0])
        return json_null();
    json_t *opt =
        m->optimiser_run
            ? json_pack("{s:s,s:s,s:o,s:o}", "method", "heuristic", "verdict",
                        m->optimiser_acceptable ? "acceptable" : "mitigation needed",
                        "open_in_region", ids_json(c, m->optimiser_open, m->n_optimiser_open),
                        "breaches", breaches_json(m->optimiser_breaches, m->n_optimiser_breaches))
            : json_pack("{s:n,s:s}", "verdict", "note", m->optimiser_note);
    return json_pack("{s:b,s:b,s:o,s:I,s:I,s:I,s:s,s:s,s:o}", "searched", m->searched, "found",
                     m->found, "keep", ids_json(c, m->keep, m->n_keep), "candidates",
                     (json_int_t)m->n_candidates, "evaluated", (json_int_t)m->evaluated, "max_keep",
                     (json_int_t)m->max_keep, "method", "exhaustive", "note", m->note, "optimiser",
                     opt);
}

static json_t *region_json(const zl_case *c, const zl_assess_region *g)
{
    return json_pack("{s:s,s:o,s:b,s:s,s:o,s:o,s:o,s:o,s:o,s:o}", "code", g->code, "name",
                     g->name ? json_string(g->name) : json_null(), "acceptable", g->acceptable,
                     "verdict", g->acceptable ? "acceptable" : "mitigation needed", "breaches",
                     breaches_json(g->breaches, g->n_breaches), "patients",
                     patients_json(&g->patients), "professionals",
                     professionals_json(&g->professionals), "providers",
                     providers_json(&g->providers), "networks", networks_json(&g->networks),
                     "mitigation", mitigation_json(c, &g->mitigation));
}

static json_t *services_json(unsigned bits)
{
    json_t *arr = json_array();
    for (int i = 0; i < ZL_N_SERVICES; i++)
        if (bits & (1u << i))
            json_array_append_new(arr, json_string(zl_service_name(i)));
    return arr;
}

static json_t *opt_code(char *const *codes, int32_t i)
{
    return i >= 0 ? json_string(codes[i]) : json_null();
}

static json_t *location_json(const zl_assess *a, const zl_assess_location *x)
{
    const zl_location *l = &a->c->locations[x->location];
    json_t *o = json_pack("{s:s,s:s,s:o,s:o,s:s,s:b,s:o,s:o,s:o}", "id", l->id, "name", l->name,
                          "region", opt_code(a->c->region_codes, x->region), "network",
                          opt_code(a->in->network_codes, x->network), "status",
                          zl_loc_status_name(x->status), "kept", x->kept, "volume_before",
                          num(x->volume_before), "volume_after", num(x->volume_after),
                          "revenue_change", num(x->revenue_change));
    json_object_set_new(o, "surgeons", x->surgeons >= 0 ? json_integer(x->surgeons) : json_null());
    json_object_set_new(o, "per_surgeon_before", num1(x->per_surgeon_before));
    json_object_set_new(o, "per_surgeon_after", num1(x->per_surgeon_after));
    json_object_set_new(o, "below_surgeon_norm_before", json_boolean(x->below_surgeon_norm_before));
    json_object_set_new(o, "below_surgeon_norm_after", json_boolean(x->below_surgeon_norm_after));
    json_object_set_new(o, "group_volume",
                        x->group_volume >= 0 ? num(x->group_volume) : json_null());
    json_object_set_new(o, "group_share_lost", num(round(x->group_share_lost * 1e4) / 1e4));
    json_object_set_new(o, "services", services_json(x->services));
    json_object_set_new(o, "services_threatened", json_boolean(x->services_threatened));
    json_object_set_new(o, "capacity", num(x->capacity));
    json_object_set_new(o, "over_capacity", json_boolean(x->over_capacity));
    return o;
}

static json_t *thresholds_json(const zl_assess_thresholds *t)
{
    json_t *v = json_object();
    for (int k = 0; k < ZL_TH_N; k++)
        json_object_set_new(v, zl_threshold_name((zl_threshold_key)k),
                            t->enabled[k] ? num(t->max[k]) : json_string("off"));
    return json_pack("{s:s,s:o}", "source", t->source, "max", v);
}

static json_t *synthetic_inputs(const zl_assess *a)
{
    const zl_assess_inputs *in = a->in;
    json_t *arr = json_array();
    if (a->c->synthetic)
        json_array_append_new(arr, json_string("flows and volumes"));
    if (in->synthetic_staff)
        json_array_append_new(arr, json_string("staff"));
    if (in->synthetic_providers)
        json_array_append_new(arr, json_string("providers"));
    if (in->synthetic_tariff)
        json_array_append_new(arr, json_string("tariff"));
    if (in->network_layer && in->synthetic_networks)
        json_array_append_new(arr, json_string("networks"));
    return arr;
}

static json_t *head_json(const zl_assess *a)
{
    const zl_case *c = a->c;
    const zl_assess_inputs *in = a->in;
    return json_pack(
        "{s:s,s:s,s:i,s:I,s:s,s:s,s:s,s:o,s:o,s:s,s:b,s:o,s:o,s:o,s:o,s:o}", "intervention",
        c->intervention.code, "name", c->intervention.name, "year", c->year, "norm",
        (json_int_t)a->norm, "norm_basis", a->norm_basis, "rule", a->rule, "baseline", a->baseline,
        "region_layer", c->region_layer ? json_string(c->region_layer) : json_null(),
        "network_layer", in->network_layer ? json_string(in->network_layer) : json_null(),
        "network_layer_note", in->network_note, "synthetic", a->synthetic, "label",
        a->synthetic ? json_string("synthetic") : json_null(), "synthetic_inputs",
        synthetic_inputs(a), "tariff", in->tariff >= 0 ? num(in->tariff) : json_null(),
        "surgeon_norm", in->surgeon_norm >= 0 ? json_integer(in->surgeon_norm) : json_null(),
        "thresholds", thresholds_json(&a->thresholds));
}

/* How to reproduce the impact underneath: every patient figure of the nation is that
 * command's headline (its like-for-like block). */
static json_t *trace_json(const zl_assess *a)
{
    const zl_case *c = a->c;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "zl impact --intervention %s --norm %lld --year %d --rule %s%s%s",
             c->intervention.code, (long long)a->norm, c->year, a->rule,
             strcmp(a->rule, "region") == 0 ? " --region-layer " : "",
             strcmp(a->rule, "region") == 0 ? c->region_layer : "");
    return json_pack("{s:s,s:s,s:s}", "definitions", "docs/assess.md", "impact_command", cmd,
                     "travel_method", c->travel_method ? c->travel_method : "");
}

json_t *zl_assess_to_json(const zl_assess *a)
{
    json_t *doc = head_json(a), *regions = json_array(), *locs = json_array();
    json_object_set_new(doc, "trace", trace_json(a));
    json_t *nets = json_array();
    json_object_set_new(doc, "national", region_json(a->c, &a->national));
    for (size_t r = 0; r < a->n_regions; r++)
        json_array_append_new(regions, region_json(a->c, &a->regions[r]));
    json_object_set_new(doc, "regions", regions);
    for (size_t i = 0; i < a->n_locations; i++)
        json_array_append_new(locs, location_json(a, &a->locations[i]));
    json_object_set_new(doc, "locations", locs);
    for (size_t k = 0; k < a->n_networks; k++) {
        const zl_assess_network *n = &a->networks[k];
        json_array_append_new(nets, json_pack("{s:s,s:o,s:I,s:I,s:o,s:o}", "code", n->code, "name",
                                              n->name ? json_string(n->name) : json_null(),
                                              "locations_before", (json_int_t)n->locations_before,
                                              "locations_after", (json_int_t)n->locations_after,
                                              "patients_in", num(n->patients_in), "patients_out",
                                              num(n->patients_out)));
    }
    json_object_set_new(doc, "networks", nets);
    json_object_set_new(doc, "small_counts_suppressed", json_false());
    return doc;
}

json_t *zl_assess_to_json_ex(const zl_assess *a, unsigned flags, const zl_disclosure *d)
{
    json_t *doc = zl_assess_to_json(a);
    zl_err err = {0};
    if (doc && (flags & ZL_REPORT_PUBLIC) && (!d || assess_publish(a, doc, d, &err) != ZL_OK)) {
        json_decref(doc);
        return NULL;
    }
    return doc;
}
