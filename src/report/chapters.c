/* The chapters of one intervention's report that show the impact analysis: the summary
 * with the key figures, the patients (maps, histogram, travel, reach, sensitivity), the
 * providers' volumes, the rule sensitivity band and the quality chapter. Every number is
 * read from the library's JSON (rep_build.h). */
#include <stdio.h>
#include <string.h>

#include "rep_build.h"

#define ID(buf, prefix, name) snprintf(buf, sizeof buf, "%s%s%s", prefix, *prefix ? "-" : "", name)

static const char *str(const json_t *j, const char *path)
{
    const char *s = json_string_value(rep_get(j, path));
    return s ? s : "";
}

static void synthetic_note(zl_doc *d, const rep_run *r)
{
    if (rep_synthetic(r))
        zl_doc_note(d, ZL_NOTE_SYNTHETIC,
                    "Patient flows and volumes per location in this analysis are synthetic "
                    "(docs/sample-data.md): the figures show the method, not the real impact.");
    if (r->pub)
        zl_doc_note(d, ZL_NOTE_INFO,
                    "Patient counts are published as for the public (docs/privacy.md): 1-9 "
                    "suppressed (empty), other counts rounded to multiples of 10.");
}

/* The scenario's overrides, when it has any: which locations keep or stop by choice. */
static void overrides(zl_doc *d, const rep_run *r)
{
    if (r->n_keep + r->n_stop == 0)
        return;
    char kept[1024] = "", stopped[1024] = "";
    for (size_t i = 0, n = 0; i < r->n_keep && n < sizeof kept; i++)
        n += (size_t)snprintf(kept + n, sizeof kept - n, "%s%s", i ? ", " : "", r->keep[i]);
    for (size_t i = 0, n = 0; i < r->n_stop && n < sizeof stopped; i++)
        n += (size_t)snprintf(stopped + n, sizeof stopped - n, "%s%s", i ? ", " : "", r->stop[i]);
    zl_doc_para(d, "Scenario: locations kept whatever their volume: %s; locations stopped whatever "
                   "their volume: %s.",
                kept[0] ? kept : "none", stopped[0] ? stopped : "none");
}

void rep_summary(zl_doc *d, const rep_run *r, const char *p)
{
    char id[96];
    const json_t *j = r->impact;
    ID(id, p, "summary");
    zl_doc_heading(d, 1, id, "Summary: %s at a norm of %lld", str(j, "intervention.name"),
                   (long long)json_integer_value(rep_get(j, "norm")));
    zl_doc_para(d,
                "%s (%s), %s norm of %lld procedures per location per year (%s%s), flows of %lld, "
                "patients of stopping locations allocated by the %s rule.",
                str(j, "intervention.name"), str(j, "intervention.code"), str(j, "norm_basis"),
                (long long)json_integer_value(rep_get(j, "norm")),
                strcmp(str(j, "norm_basis"), "proposed") == 0 ? str(j, "intervention.proposed_source")
                                                              : str(j, "intervention.norm_source"),
                json_is_true(rep_get(j, strcmp(str(j, "norm_basis"), "proposed") == 0
                                            ? "intervention.proposed_illustrative"
                                            : "intervention.norm_illustrative"))
                    ? "; illustrative"
                    : "",
                (long long)json_integer_value(rep_get(j, "year")), str(j, "rule"));
    zl_doc_para(d, "In one line: %s.", str(j, "reading"));
    overrides(d, r);
    synthetic_note(d, r);
    ID(id, p, "key_figures");
    const char *h[] = {"figure", "value"};
    zl_doc_table *t = zl_doc_table_add(d, id, "Key figures", rep_synthetic(r), 2, h);
    rep_row(t, "locations offering before", j, "summary.offering_before", 0);
    rep_row(t, "locations offering after", j, "summary.offering_after", 0);
    rep_row(t, "locations that stop", j, "summary.stopping", 0);
    rep_row(t, "patients", j, "patients.total", 1);
    rep_row(t, "displaced patients", j, "patients.displaced", 1);
    rep_row(t, "mean extra minutes of displaced patients", j, "patients.extra_minutes.mean", 1);
    rep_row(t, "90th percentile of extra minutes", j, "patients.extra_minutes.p90", 1);
    rep_row(t, "patients beyond 45 minutes before", j, "patients.beyond.1.before", 1);
    rep_row(t, "patients beyond 45 minutes after", j, "patients.beyond.1.after", 1);
    rep_row(t, "inhabitants beyond 45 minutes before", j, "population_beyond.1.before", 0);
    rep_row(t, "inhabitants beyond 45 minutes after", j, "population_beyond.1.after", 0);
    rep_verdicts(d, r, p);
}

static void stat_rows(zl_doc_table *t, const json_t *j)
{
    static const char *const k[] = {"mean", "p50", "p90", "min", "max"};
    static const char *const label[] = {"mean", "median", "90th percentile", "minimum",
                                        "maximum"};
    char a[96], b[96];
    for (int i = 0; i < 5; i++) {
        zl_doc_cell_text(t, "%s", label[i]);
        snprintf(a, sizeof a, "patients.minutes_before.%s", k[i]);
        snprintf(b, sizeof b, "patients.minutes_after.%s", k[i]);
        rep_cell_at(t, j, a, 1);
        rep_cell_at(t, j, b, 1);
    }
}

static void reach_table(zl_doc *d, const rep_run *r, const char *p)
{
    char id[96];
    ID(id, p, "beyond");
    const char *h[] = {"travel time", "patients before", "patients after", "inhabitants before",
                       "inhabitants after"};
    zl_doc_table *t = zl_doc_table_add(d, id, "Patients and inhabitants beyond a travel time",
                                       rep_synthetic(r), 5, h);
    for (int i = 0; i < 3; i++) {
        char path[64];
        snprintf(path, sizeof path, "patients.beyond.%d.minutes", i);
        zl_doc_cell_text(t, "over %lld min", (long long)json_integer_value(rep_get(r->impact, path)));
        static const char *const col[] = {"patients.beyond.%d.before", "patients.beyond.%d.after",
                                          "population_beyond.%d.before",
                                          "population_beyond.%d.after"};
        for (int c = 0; c < 4; c++) {
            snprintf(path, sizeof path, col[c], i);
            rep_cell_at(t, r->impact, path, 1);
        }
    }
}

static void sensitivity_table(zl_doc *d, const rep_run *r, const char *p)
{
    char id[96];
    ID(id, p, "sensitivity");
    const char *h[] = {"location", "name", "inhabitants beyond 45 min if it also stopped",
                       "increase"};
    zl_doc_table *t = zl_doc_table_add(
        d, id, "Sensitivity: remaining locations whose stopping would leave most people far away",
        false, 4, h);
    size_t i;
    const json_t *s;
    json_array_foreach(json_object_get(r->impact, "sensitivity"), i, s)
    {
        rep_cell_at(t, s, "id", 0);
        rep_cell_at(t, s, "name", 0);
        rep_cell_at(t, s, "population_beyond", 0);
        rep_cell_at(t, s, "increase", 0);
    }
}

void rep_patients(zl_doc *d, const zl_geo *g, const rep_run *r, const char *p)
{
    char id[96];
    ID(id, p, "patients");
    zl_doc_heading(d, 1, id, "Patients");
    zl_doc_para(d, "Travel of all patients before and after the change (%s baseline), the "
                   "displaced patients' extra minutes, and who lives beyond 30, 45 and 60 minutes "
                   "of the nearest location offering the intervention.",
                str(r->impact, "baseline"));
    if (g) {
        ID(id, p, "map_minutes_after");
        rep_map_minutes_after(d, g, r, id,
                              "Travel time to the nearest location offering it, after the change", -1);
        ID(id, p, "map_change");
        rep_map_change(d, g, r, id);
        ID(id, p, "map_new_beyond_45");
        rep_map_new_beyond(d, g, r, id);
    }
    ID(id, p, "extra_minutes");
    rep_histogram(d, r, id);
    ID(id, p, "travel");
    const char *h[] = {"minutes of travel", "before", "after"};
    zl_doc_table *t = zl_doc_table_add(d, id, "Travel times of all patients", rep_synthetic(r), 3, h);
    stat_rows(t, r->impact);
    reach_table(d, r, p);
    rep_patients_assess(d, r, p);
    sensitivity_table(d, r, p);
}

/* "kept" or "stopped" when the scenario overrides the norm for the location, else empty. */
static void override_cell(zl_doc_table *t, const rep_run *r, const json_t *loc)
{
    const char *id = json_string_value(json_object_get(loc, "id"));
    bool stopped = false;
    for (size_t i = 0; id && i < r->n_stop; i++)
        stopped = stopped || strcmp(r->stop[i], id) == 0;
    if (json_is_true(json_object_get(loc, "kept")))
        zl_doc_cell_text(t, "kept");
    else if (stopped)
        zl_doc_cell_text(t, "stopped");
    else
        zl_doc_cell_empty(t);
}

void rep_providers(zl_doc *d, const rep_run *r, const char *p)
{
    char id[96];
    ID(id, p, "providers");
    zl_doc_heading(d, 1, id, "Providers");
    zl_doc_para(d, "Every location offering the intervention before or after: its status, its "
                   "patients before and after, its volume against the norm, and whether the "
                   "scenario keeps or stops it whatever its volume (override).");
    ID(id, p, "locations");
    const char *h[] = {"location",           "name",          "kind",
                       "status",             "patients before", "patients after",
                       "norm volume before", "norm volume after", "meets norm after",
                       "override"};
    zl_doc_table *t = zl_doc_table_add(d, id, "Locations", rep_synthetic(r), 10, h);
    size_t i;
    const json_t *l;
    json_array_foreach(json_object_get(r->impact, "locations"), i, l)
    {
        static const char *const k[] = {"id", "name", "kind", "status", "volume_before",
                                        "volume_after", "norm_volume_before", "norm_volume_after",
                                        "meets_norm_after"};
        for (int c = 0; c < 9; c++)
            rep_cell_at(t, l, k[c], c >= 4 && c <= 7 ? 1 : 0);
        override_cell(t, r, l);
    }
    rep_providers_assess(d, r, p);
}

void rep_rules(zl_doc *d, const rep_run *r, const char *p)
{
    char id[96];
    ID(id, p, "rules");
    zl_doc_heading(d, 1, id, "Rule sensitivity");
    zl_doc_para(d, "Where the patients of a stopping location go is a model choice "
                   "(docs/choice.md). The same norm under every allocation rule available for "
                   "this database, and the band of the headline figures across them.");
    ID(id, p, "rules_side_by_side");
    const char *h[] = {"rule", "baseline", "displaced", "mean extra min", "p90 extra min",
                       "patients beyond 45 min after", "largest gain"};
    zl_doc_table *t = zl_doc_table_add(d, id, "Every rule side by side", rep_synthetic(r), 7, h);
    size_t i;
    const json_t *x;
    json_array_foreach(json_object_get(r->impact, "rules"), i, x)
    {
        rep_cell_at(t, x, "rule", 0);
        rep_cell_at(t, x, "baseline", 0);
        rep_cell_at(t, x, "patients.displaced", 1);
        rep_cell_at(t, x, "patients.extra_minutes.mean", 1);
        rep_cell_at(t, x, "patients.extra_minutes.p90", 1);
        rep_cell_at(t, x, "patients.beyond.1.after", 1);
        rep_cell_at(t, x, "largest_gain.patients", 1);
    }
    ID(id, p, "band");
    const char *hb[] = {"figure", "this report's rule", "lowest", "highest"};
    t = zl_doc_table_add(d, id, "The band across rules", rep_synthetic(r), 4, hb);
    const char *key;
    json_t *b;
    json_object_foreach(json_object_get(r->impact, "band"), key, b)
    {
        zl_doc_cell_text(t, "%s", key);
        rep_cell_at(t, b, "default", 1);
        rep_cell_at(t, b, "lowest", 1);
        rep_cell_at(t, b, "highest", 1);
    }
}

void rep_quality(zl_doc *d, const rep_run *r, const char *p)
{
    char id[96];
    ID(id, p, "quality");
    zl_doc_heading(d, 1, id, "Quality of care");
    if (!r->quality) {
        zl_doc_para(d, "No quality indicators are registered for this intervention "
                       "(zl import indicators, docs/quality.md).");
        return;
    }
    zl_doc_para(d, "Expected outcomes under this scenario: each indicator's volume-outcome fit "
                   "(per doubling of the volume) applied to the volumes after the change "
                   "(docs/quality.md).");
    ID(id, p, "quality_outcomes");
    const char *h[] = {"indicator", "registry", "ratio per doubling", "change a year", "95% CI low",
                       "95% CI high", "values"};
    bool synth = false;
    size_t i;
    const json_t *f;
    json_array_foreach(json_object_get(r->quality, "fits"), i, f) synth |=
        json_is_true(json_object_get(f, "synthetic"));
    zl_doc_table *t = zl_doc_table_add(d, id, "Expected change of outcomes", synth, 7, h);
    json_array_foreach(json_object_get(r->quality, "fits"), i, f)
    {
        if (json_object_get(f, "error")) {
            rep_cell_at(t, f, "indicator", 0);
            zl_doc_cell_text(t, "%s", str(f, "error"));
            for (int c = 0; c < 5; c++)
                zl_doc_cell_empty(t);
            continue;
        }
        rep_cell_at(t, f, "indicator.name_en", 0);
        rep_cell_at(t, f, "indicator.registry", 0);
        rep_cell_at(t, f, "per_doubling.ratio", 4);
        rep_cell_at(t, f, "scenario.change", 1);
        rep_cell_at(t, f, "scenario.lo95", 1);
        rep_cell_at(t, f, "scenario.hi95", 1);
        zl_doc_cell_text(t, "%s", json_is_true(json_object_get(f, "synthetic")) ? "synthetic"
                                                                                : "observed");
    }
    zl_doc_note(d, ZL_NOTE_WARNING, "%s", str(r->quality, "caveat_en"));
}
