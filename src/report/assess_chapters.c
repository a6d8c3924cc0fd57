/* The report's chapters from the regional assessment (zl_assess_to_json, docs/assess.md):
 * the verdicts, the professionals, providers and networks per region and per location or
 * network, each region's figures on its page, the mitigation suggestions and the
 * thresholds. */
#include <stdio.h>
#include <string.h>

#include "rep_build.h"

#define ID(buf, prefix, name) snprintf(buf, sizeof buf, "%s%s%s", prefix, *prefix ? "-" : "", name)

static bool synth(const rep_run *r)
{
    return json_is_true(json_object_get(r->aj, "synthetic"));
}

/* Every report runs the assessment; a document without one (a future caller) says so. */
static bool missing(zl_doc *d, const rep_run *r)
{
    if (r->aj)
        return false;
    zl_doc_note(d, ZL_NOTE_INFO, "No regional assessment was run for this report.");
    return true;
}

/* The nation first, then every region. */
static const json_t *region_at(const rep_run *r, size_t i)
{
    return i == 0 ? json_object_get(r->aj, "national")
                  : json_array_get(json_object_get(r->aj, "regions"), i - 1);
}

static size_t n_regions(const rep_run *r)
{
    return 1 + json_array_size(json_object_get(r->aj, "regions"));
}

/* The strings of a JSON array joined with ", " into buf. */
static const char *joined(const json_t *arr, char *buf, size_t size)
{
    size_t n = 0, i;
    const json_t *v;
    buf[0] = '\0';
    json_array_foreach(arr, i, v) n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s",
                                                       i ? ", " : "", json_string_value(v));
    return buf;
}

/* "threshold value > max; ..." of a breaches array. */
static void breaches_cell(zl_doc_table *t, const json_t *breaches)
{
    char buf[1024] = "";
    size_t n = 0, i;
    const json_t *b;
    json_array_foreach(breaches, i, b)
    {
        double v = json_number_value(json_object_get(b, "value"));
        n += (size_t)snprintf(buf + n, n < sizeof buf ? sizeof buf - n : 0, "%s%s %.*f > %g",
                              i ? "; " : "",
                              json_string_value(json_object_get(b, "threshold")),
                              v == (double)(long long)v ? 0 : 1, v,
                              json_number_value(json_object_get(b, "max")));
    }
    zl_doc_cell_text(t, "%s", buf);
}

void rep_verdicts(zl_doc *d, const rep_run *r, const char *p)
{
    if (missing(d, r))
        return;
    char id[96];
    ID(id, p, "verdicts");
    const char *h[] = {"region", "name", "verdict", "thresholds broken", "exceptions that restore it"};
    zl_doc_table *t = zl_doc_table_add(d, id, "Verdicts per region", synth(r), 5, h);
    for (size_t i = 0; i < n_regions(r); i++) {
        const json_t *g = region_at(r, i), *m = json_object_get(g, "mitigation");
        rep_cell_at(t, g, "code", 0);
        rep_cell_at(t, g, "name", 0);
        rep_cell_at(t, g, "verdict", 0);
        breaches_cell(t, json_object_get(g, "breaches"));
        char buf[512];
        if (json_is_true(json_object_get(m, "found"))) {
            zl_doc_cell_text(t, "keep %s", joined(json_object_get(m, "keep"), buf, sizeof buf));
        } else {
            zl_doc_cell_text(t, "%s", json_is_object(m) ? "none found (see Mitigation)" : "");
        }
    }
}

/* A table with a row per region (the nation first) of the figures at paths. */
static void region_table(zl_doc *d, const rep_run *r, const char *id, const char *title,
                         const char *const *heads, const char *const *paths, size_t n)
{
    const char *h[12] = {"region"};
    for (size_t c = 0; c < n && c < 11; c++)
        h[c + 1] = heads[c];
    zl_doc_table *t = zl_doc_table_add(d, id, title, synth(r), n + 1, h);
    for (size_t i = 0; i < n_regions(r); i++) {
        rep_cell_at(t, region_at(r, i), "code", 0);
        for (size_t c = 0; c < n; c++)
            rep_cell_at(t, region_at(r, i), paths[c], 1);
    }
}

void rep_patients_assess(zl_doc *d, const rep_run *r, const char *p)
{
    if (!r->aj)
        return;
    char id[96];
    ID(id, p, "patients_regions");
    static const char *const h[] = {"displaced", "aged 0-64", "aged 65-74", "aged 75+",
                                    "mean extra min", "inhabitants beyond 45 min before",
                                    "after", "newly beyond 45 min"};
    static const char *const k[] = {"patients.displaced",
                                    "patients.displaced_by_age.0-64",
                                    "patients.displaced_by_age.65-74",
                                    "patients.displaced_by_age.75+",
                                    "patients.extra_minutes.mean",
                                    "patients.inhabitants_beyond.1.before",
                                    "patients.inhabitants_beyond.1.after",
                                    "patients.new_inhabitants_beyond_45"};
    region_table(d, r, id, "Patients per region (age bands estimated from the areas' population)",
                 h, k, 8);
}

void rep_professionals(zl_doc *d, const rep_run *r, const char *p)
{
    char id[96];
    ID(id, p, "professionals");
    zl_doc_heading(d, 1, id, "Professionals");
    if (missing(d, r))
        return;
    const json_t *sn = json_object_get(r->aj, "surgeon_norm");
    zl_doc_para(d, "Surgeons (or teams) performing the intervention and procedures per surgeon "
                   "before and after (docs/assess.md); per-surgeon norm: %s.",
                json_is_number(sn) ? "set" : "none");
    if (json_is_number(sn))
        zl_doc_para(d, "The per-surgeon norm is %g procedures per surgeon per year.",
                    json_number_value(sn));
    ID(id, p, "professionals_regions");
    static const char *const h[] = {"surgeons", "at stopping locations", "per surgeon before",
                                    "per surgeon after", "below norm before", "below norm after"};
    static const char *const k[] = {"professionals.surgeons",
                                    "professionals.surgeons_stopping",
                                    "professionals.per_surgeon_before",
                                    "professionals.per_surgeon_after",
                                    "professionals.below_surgeon_norm_before",
                                    "professionals.below_surgeon_norm_after"};
    region_table(d, r, id, "Professionals per region", h, k, 6);
    ID(id, p, "professionals_locations");
    const char *hl[] = {"location", "name", "status", "surgeons", "per surgeon before",
                        "per surgeon after", "below norm after"};
    zl_doc_table *t = zl_doc_table_add(d, id, "Surgeons per location", synth(r), 7, hl);
    size_t i;
    const json_t *l;
    json_array_foreach(json_object_get(r->aj, "locations"), i, l)
    {
        static const char *const c[] = {"id", "name", "status", "surgeons", "per_surgeon_before",
                                        "per_surgeon_after", "below_surgeon_norm_after"};
        for (int j = 0; j < 7; j++)
            rep_cell_at(t, l, c[j], 1);
    }
}

void rep_providers_assess(zl_doc *d, const rep_run *r, const char *p)
{
    if (missing(d, r))
        return;
    char id[96];
    ID(id, p, "providers_regions");
    static const char *const h[] = {"volume lost",     "volume gained", "revenue lost",
                                    "revenue gained",  "stopping",      "receiving",
                                    "stopping with dependent services", "over capacity"};
    static const char *const k[] = {"providers.volume_lost",   "providers.volume_gained",
                                    "providers.revenue_lost",  "providers.revenue_gained",
                                    "providers.stopping",      "providers.receiving",
                                    "providers.services_threatened", "providers.over_capacity"};
    region_table(d, r, id, "Providers per region (revenue = volume x tariff)", h, k, 8);
    ID(id, p, "providers_locations");
    const char *hl[] = {"location", "name", "status", "revenue change", "group volume",
                        "share of group lost", "dependent services", "threatened", "over capacity"};
    zl_doc_table *t = zl_doc_table_add(d, id, "Revenue, group volume and dependent services",
                                       synth(r), 9, hl);
    size_t i;
    const json_t *l;
    json_array_foreach(json_object_get(r->aj, "locations"), i, l)
    {
        rep_cell_at(t, l, "id", 0);
        rep_cell_at(t, l, "name", 0);
        rep_cell_at(t, l, "status", 0);
        rep_cell_at(t, l, "revenue_change", 0);
        rep_cell_at(t, l, "group_volume", 1);
        rep_cell_at(t, l, "group_share_lost", 3);
        char buf[256];
        zl_doc_cell_text(t, "%s", joined(json_object_get(l, "services"), buf, sizeof buf));
        rep_cell_at(t, l, "services_threatened", 0);
        rep_cell_at(t, l, "over_capacity", 0);
    }
}

void rep_networks(zl_doc *d, const rep_run *r, const char *p)
{
    char id[96];
    ID(id, p, "networks");
    zl_doc_heading(d, 1, id, "Care networks");
    if (missing(d, r))
        return;
    const char *layer = json_string_value(json_object_get(r->aj, "network_layer"));
    const char *note = json_string_value(json_object_get(r->aj, "network_layer_note"));
    if (!layer) {
        zl_doc_note(d, ZL_NOTE_WARNING, "Care networks %s.",
                    note && note[0] ? note : "not assessed: no network layer");
        return;
    }
    if (note && note[0])
        zl_doc_para(d, "Networks: %s.", note);
    zl_doc_para(d, "The care networks of the layer %s: displaced patients who cross a network "
                   "border, each network's locations before and after, networks left without "
                   "a location.",
                layer);
    ID(id, p, "networks_regions");
    static const char *const h[] = {"patients crossing a network border", "networks",
                                    "networks left without a location"};
    static const char *const k[] = {"networks.patients_crossing", "networks.networks",
                                    "networks.networks_without_location"};
    region_table(d, r, id, "Networks per region", h, k, 3);
    ID(id, p, "networks_list");
    const char *hn[] = {"network", "name", "locations before", "locations after", "patients in",
                        "patients out"};
    zl_doc_table *t = zl_doc_table_add(d, id, "Networks", synth(r), 6, hn);
    size_t i;
    const json_t *n;
    json_array_foreach(json_object_get(r->aj, "networks"), i, n)
    {
        static const char *const c[] = {"code", "name", "locations_before", "locations_after",
                                        "patients_in", "patients_out"};
        for (int j = 0; j < 6; j++)
            rep_cell_at(t, n, c[j], 1);
    }
}

/* The region's patients by travel minutes before and after (the assessment's histogram):
 * the after side as a chart, both in a table. */
static void region_histogram(zl_doc *d, const rep_run *r, const json_t *g, const char *id)
{
    const json_t *h = rep_get(g, "patients.minutes_histogram");
    const json_t *before = json_object_get(h, "before"), *after = json_object_get(h, "after");
    int w = (int)json_integer_value(json_object_get(h, "bin_minutes"));
    if (!json_array_size(after) || w <= 0)
        return;
    char cid[128], label[32];
    snprintf(cid, sizeof cid, "%s_hist", id);
    zl_doc_chart *c = zl_doc_chart_add(d, cid, "The region's patients by travel minutes after",
                                       "minutes (bins)", "patients", synth(r));
    snprintf(cid, sizeof cid, "%s_minutes", id);
    const char *hd[] = {"travel minutes", "patients before", "patients after"};
    zl_doc_table *t = zl_doc_table_add(d, cid, "The region's patients by travel minutes",
                                       synth(r), 3, hd);
    size_t n = json_array_size(after);
    for (size_t k = 0; k < n; k++) {
        if (k + 1 < n)
            snprintf(label, sizeof label, "%d-%d", (int)k * w, (int)(k + 1) * w);
        else
            snprintf(label, sizeof label, "over %d", (int)k * w);
        const json_t *a = json_array_get(after, k);
        zl_doc_chart_bar(c, label, json_number_value(a), !json_is_number(a));
        zl_doc_cell_text(t, "%s", label);
        rep_cell(t, json_array_get(before, k), 1);
        rep_cell(t, a, 1);
    }
}

/* One region's figures on its page (the region's object of the assessment). */
void rep_region_assess(zl_doc *d, const rep_run *r, const char *code, const char *id)
{
    for (size_t i = 1; r->aj && i < n_regions(r); i++) {
        const json_t *g = region_at(r, i);
        if (strcmp(json_string_value(json_object_get(g, "code")), code) != 0)
            continue;
        zl_doc_para(d, "%s: %s.", json_string_value(json_object_get(g, "name")),
                    json_string_value(json_object_get(g, "verdict")));
        const char *h[] = {"figure", "value"};
        zl_doc_table *t = zl_doc_table_add(d, id, "The region's figures", synth(r), 2, h);
        rep_row(t, "displaced patients (residents)", g, "patients.displaced", 1);
        rep_row(t, "of them aged 75+ (estimate)", g, "patients.displaced_by_age.75+", 1);
        rep_row(t, "mean extra minutes", g, "patients.extra_minutes.mean", 1);
        rep_row(t, "inhabitants newly beyond 45 minutes", g, "patients.new_inhabitants_beyond_45", 0);
        rep_row(t, "surgeons at stopping locations", g, "professionals.surgeons_stopping", 0);
        rep_row(t, "volume lost", g, "providers.volume_lost", 1);
        rep_row(t, "stopping locations with dependent services", g, "providers.services_threatened", 0);
        rep_row(t, "patients crossing a network border", g, "networks.patients_crossing", 1);
        rep_row(t, "networks left without a location", g, "networks.networks_without_location", 0);
        region_histogram(d, r, g, id);
    }
}

static void mitigation_rows(zl_doc_table *t, const json_t *g)
{
    const json_t *m = json_object_get(g, "mitigation"), *o = json_object_get(m, "optimiser");
    rep_cell_at(t, g, "code", 0);
    rep_cell_at(t, m, "found", 0);
    char buf[512];
    zl_doc_cell_text(t, "%s", joined(json_object_get(m, "keep"), buf, sizeof buf));
    rep_cell_at(t, m, "candidates", 0);
    rep_cell_at(t, m, "evaluated", 0);
    rep_cell_at(t, m, "note", 0);
    rep_cell_at(t, o, "verdict", 0);
    zl_doc_cell_num(t, (double)json_array_size(json_object_get(o, "open_in_region")), 0);
    if (json_object_get(o, "breaches"))
        breaches_cell(t, json_object_get(o, "breaches"));
    else
        rep_cell_at(t, o, "note", 0);
}

void rep_mitigation(zl_doc *d, const rep_run *r, const char *p)
{
    char id[96];
    ID(id, p, "mitigation");
    zl_doc_heading(d, 1, id, "Mitigation");
    if (missing(d, r))
        return;
    zl_doc_para(d, "For each region that needs mitigation: the smallest set of stopping "
                   "locations that, kept as exceptions below the norm, removes every breach "
                   "(exhaustive search), and the optimiser's alternative choice of locations "
                   "judged by the same thresholds (docs/assess.md).");
    ID(id, p, "mitigation_regions");
    const char *h[] = {"region", "found", "keep", "candidates", "evaluated", "note",
                       "optimiser's verdict", "optimiser's locations in the region",
                       "optimiser's breaches"};
    zl_doc_table *t = zl_doc_table_add(d, id, "Mitigation suggestions", synth(r), 9, h);
    for (size_t i = 0; i < n_regions(r); i++)
        if (json_is_object(json_object_get(region_at(r, i), "mitigation")))
            mitigation_rows(t, region_at(r, i));
}

void rep_thresholds(zl_doc *d, const rep_run *r)
{
    if (!r || !r->aj)
        return;
    const json_t *th = json_object_get(r->aj, "thresholds");
    const char *h[] = {"threshold (a maximum per region)", "value"};
    char title[320];
    snprintf(title, sizeof title, "Acceptability thresholds (%s)",
             json_string_value(json_object_get(th, "source")));
    zl_doc_table *t = zl_doc_table_add(d, "thresholds", title, false, 2, h);
    const char *key;
    json_t *v;
    json_object_foreach(json_object_get(th, "max"), key, v)
    {
        zl_doc_cell_text(t, "%s", key);
        rep_cell(t, v, 1);
    }
}

const char *rep_region_name(const rep_run *r, const char *code)
{
    for (size_t i = 1; r->aj && i < n_regions(r); i++) {
        const json_t *g = region_at(r, i);
        const char *name = json_string_value(json_object_get(g, "name"));
        if (name && strcmp(json_string_value(json_object_get(g, "code")), code) == 0)
            return name;
    }
    return code;
}
