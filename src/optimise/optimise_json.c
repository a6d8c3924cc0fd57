/* The JSON report and readable table of an optimisation (schema: docs/optimise.md). Built
 * in the library so the CLI and the HTTP server print the same document. The impact
 * metrics are the impact module's own JSON, embedded; the comparison with the plain norm
 * rule reads that scenario back through the impact module's accessors. */
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "zorglandschap/optimise.h"

/* Rounded to 1/scale; null when not finite (jansson has no NaN or infinity). */
static json_t *real(double v, double scale)
{
    double r = round(v * scale) / scale;
    return isfinite(r) ? json_real(r) : json_null();
}

/* The optimiser's objectives for any scenario of the case (minutes per flow). */
typedef struct objectives {
    double total, max;
    int64_t beyond45, patients;
    size_t open, below_norm;
} objectives;

static objectives scenario_objectives(const zl_case *c, const zl_scenario *s, int64_t norm)
{
    objectives o = {0};
    for (size_t f = 0; f < c->n_flows; f++) {
        const zl_flow *fl = &c->flows[f];
        if (fl->patients <= 0)
            continue;
        float t = zl_case_minutes(c, fl->area, s->dest[f]);
        o.total += (double)fl->patients * t;
        o.max = t > o.max ? t : o.max;
        o.beyond45 += t > 45.0 ? fl->patients : 0;
        o.patients += fl->patients;
    }
    for (size_t l = 0; l < c->n_locations; l++) {
        if (!s->open_after[l])
            continue;
        int64_t v = 0;
        for (size_t f = 0; f < c->n_flows; f++)
            v += s->dest[f] == l ? c->flows[f].patients : 0;
        o.open++;
        o.below_norm += v < norm;
    }
    return o;
}

static json_t *objectives_json(const objectives *o)
{
    return json_pack("{s:o,s:o,s:I,s:I,s:I,s:I}", "total_minutes", real(o->total, 10),
                     "max_minutes", real(o->max, 10), "beyond45", (json_int_t)o->beyond45,
                     "patients", (json_int_t)o->patients, "open", (json_int_t)o->open, "below_norm",
                     (json_int_t)o->below_norm);
}

static json_t *locations_json(const zl_case *c, const zl_optimise_result *r)
{
    json_t *a = json_array();
    for (size_t l = 0; a && l < c->n_locations; l++) {
        if (!r->candidate[l] && !r->excluded[l])
            continue;
        const zl_location *loc = &c->locations[l];
        const char *region = c->location_region && c->location_region[l] >= 0
                                 ? c->region_codes[c->location_region[l]]
                                 : NULL;
        json_array_append_new(
            a, json_pack("{s:s,s:s,s:o,s:b,s:b,s:b,s:b,s:I,s:I}", "id", loc->id, "name", loc->name,
                         "region", region ? json_string(region) : json_null(), "candidate",
                         r->candidate[l], "excluded", r->excluded[l], "kept", r->kept[l], "open",
                         r->open[l], "volume_before", (json_int_t)r->volume_before[l],
                         "volume_after", (json_int_t)r->volume_after[l]));
    }
    return a;
}

static json_t *constraints_json(const zl_case *c, const zl_optimise_result *r)
{
    return json_pack(
        "{s:I,s:f,s:I,s:o,s:o,s:o,s:o}", "norm", (json_int_t)r->norm, "norm_margin", r->norm_margin,
        "norm_required", (json_int_t)r->norm_required, "max_locations",
        r->max_locations ? json_integer(r->max_locations) : json_null(), "min_per_region",
        r->min_per_region && c->region_layer ? json_string(c->region_layer) : json_null(),
        "max_minutes", r->minutes_limit > 0 ? json_real(r->minutes_limit) : json_null(),
        "capacity_factor", r->capacity_factor > 0 ? json_real(r->capacity_factor) : json_null());
}

static json_t *methods_json(const zl_optimise_result *r)
{
    json_t *h =
        json_pack("{s:o,s:o,s:o}", "value", real(r->heuristic_value, 100), "lower_bound",
                  real(r->heuristic_bound, 100), "seconds", real(r->heuristic_seconds, 1e6));
    double to_gap = r->glpk_seconds_to_heuristic_gap;
    json_t *g = json_pack(
        "{s:s,s:o,s:o,s:o,s:o,s:o,s:I,s:I,s:o,s:b,s:b}", "status", r->glpk_status, "value",
        real(r->glpk_value, 100), "lower_bound", real(r->glpk_bound, 100), "seconds",
        r->glpk_seconds >= 0 ? real(r->glpk_seconds, 1e6) : json_null(), "seconds_to_heuristic_gap",
        to_gap >= 0 ? real(to_gap, 1e6) : json_null(), "time_limit", real(r->time_limit, 1000),
        "arcs", (json_int_t)r->glpk_arcs, "all_arcs", (json_int_t)r->all_arcs,
        "restricted_to_nearest", r->mip_neighbours ? json_integer(r->mip_neighbours) : json_null(),
        "warm_start", r->glpk_warm_start, "cuts", r->glpk_cuts);
    return json_pack("{s:o,s:o}", "heuristic", h, "glpk", g);
}

static json_t *difference_json(const objectives *a, const objectives *b)
{
    return json_pack("{s:o,s:o,s:I,s:I}", "total_minutes", real(a->total - b->total, 10),
                     "max_minutes", real(a->max - b->max, 10), "beyond45",
                     (json_int_t)(a->beyond45 - b->beyond45), "open",
                     (json_int_t)a->open - (json_int_t)b->open);
}

static const char under_rule_note[] =
    "the optimiser assigns every patient freely (the system optimum: least total travel); "
    "patients choose for themselves, so under_rule keeps the optimised open locations and "
    "re-allocates only the patients of stopping locations by the allocation rule, as an "
    "impact analysis would";

static json_t *under_rule_json(const zl_optimise_result *r)
{
    return json_pack("{s:s,s:s,s:I,s:o}", "rule", zl_impact_scenario(r->under_rule)->rule, "note",
                     under_rule_note, "below_norm", (json_int_t)r->under_rule_below_norm, "impact",
                     zl_impact_to_json(r->under_rule));
}

json_t *zl_optimise_to_json(const zl_case *c, const zl_optimise_result *r)
{
    objectives mine = scenario_objectives(c, &r->scenario, r->norm), plain = {0};
    json_t *plain_json =
        r->plain_note[0] ? json_pack("{s:s}", "infeasible", r->plain_note) : json_null();
    if (r->plain) {
        plain = scenario_objectives(c, zl_impact_scenario(r->plain), r->norm);
        plain_json =
            json_pack("{s:s,s:o,s:o,s:o}", "description",
                      "locations below the norm stop (kept ones excepted); their "
                      "patients go to the nearest remaining location",
                      "objectives", objectives_json(&plain), "difference",
                      difference_json(&mine, &plain), "impact", zl_impact_to_json(r->plain));
    }
    json_t *o = json_pack(
        "{s:s,s:i,s:s,s:s,s:s,s:b,s:o,s:o,s:o,s:o,s:o,s:I,s:I,s:o,s:o,s:o,s:s,s:b}", "intervention",
        c->intervention.code, "year", c->year, "objective", zl_opt_objective_name(r->objective),
        "method_asked", zl_opt_method_name(r->method_asked), "method", r->method, "proven_optimal",
        r->proven_optimal, "value", real(r->value, 100), "lower_bound", real(r->lower_bound, 100),
        "gap", real(r->gap, 1e6), "constraints", constraints_json(c, r), "objectives",
        objectives_json(&mine), "candidates", (json_int_t)r->n_candidates, "open",
        (json_int_t)r->n_open, "methods", methods_json(r), "locations", locations_json(c, r),
        "plain", plain_json, "definitions", "docs/optimise.md", "synthetic", c->synthetic);
    if (o && r->impact)
        json_object_set_new(o, "impact", zl_impact_to_json(r->impact));
    if (o && r->under_rule)
        json_object_set_new(o, "under_rule", under_rule_json(r));
    return o;
}

void zl_optimise_print(const zl_case *c, const zl_optimise_result *r, FILE *f)
{
    fprintf(f, "Optimised profile for %s (%s), %d, norm %lld%s\n", c->intervention.code,
            c->intervention.name, c->year, (long long)r->norm,
            c->synthetic ? " [synthetic data]" : "");
    if (r->norm_margin > 0)
        fprintf(f, "norm margin %.1f%%: every open location must reach %lld\n", r->norm_margin,
                (long long)r->norm_required);
    fprintf(f, "objective %s = %.2f by %s; lower bound %.2f, gap %.3f%%%s\n",
            zl_opt_objective_name(r->objective), r->value, r->method, r->lower_bound, 100 * r->gap,
            r->proven_optimal ? " (proven optimal)" : "");
    fprintf(f,
            "open %zu of %zu candidates; total %.0f patient-minutes, max %.1f min, "
            "%lld of %lld patients beyond 45 min\n",
            r->n_open, r->n_candidates, r->total_minutes, r->max_minutes, (long long)r->beyond45,
            (long long)r->patients);
    fprintf(f, "heuristic %.2f (bound %.2f, %.3f s); GLPK %s", r->heuristic_value,
            r->heuristic_bound, r->heuristic_seconds, r->glpk_status);
    if (r->glpk_seconds >= 0)
        fprintf(f, " %.2f (bound %.2f, %.3f s, %zu of %zu arcs%s%s%s)", r->glpk_value,
                r->glpk_bound, r->glpk_seconds, r->glpk_arcs, r->all_arcs,
                r->glpk_warm_start ? "" : ", cold start",
                r->glpk_cuts ? ", MIR and cover cuts" : "",
                r->mip_neighbours ? ", restricted model: no proof for the full problem" : "");
    fprintf(f, "\n\n%-12s %-40s %6s %6s  %s\n", "location", "name", "before", "after", "");
    for (size_t l = 0; l < c->n_locations; l++)
        if (r->candidate[l] || r->excluded[l])
            fprintf(f, "%-12s %-40.40s %6lld %6lld  %s%s\n", c->locations[l].id,
                    c->locations[l].name, (long long)r->volume_before[l],
                    (long long)r->volume_after[l],
                    r->excluded[l] ? "excluded"
                    : r->open[l]   ? "open"
                                   : "closes",
                    r->kept[l] ? " (kept)" : "");
    if (r->plain) {
        objectives mine = scenario_objectives(c, &r->scenario, r->norm),
                   plain = scenario_objectives(c, zl_impact_scenario(r->plain), r->norm);
        fprintf(f,
                "\nversus the plain norm rule: %zu open (%zu below the norm), %.0f "
                "patient-minutes, max %.1f, %lld beyond 45\n",
                plain.open, plain.below_norm, plain.total, plain.max, (long long)plain.beyond45);
        fprintf(f,
                "optimised:                  %zu open (%zu below the norm), %.0f "
                "patient-minutes, max %.1f, %lld beyond 45\n",
                mine.open, mine.below_norm, mine.total, mine.max, (long long)mine.beyond45);
    }
    if (r->impact) {
        fprintf(f, "\nImpact of the optimised profile (the optimiser's own assignment):\n");
        zl_impact_print(r->impact, f);
    }
    if (r->under_rule) {
        fprintf(f,
                "\nThe same open locations under the rule %s (%zu open location(s) then "
                "below the norm).\nNote: %s.\n",
                zl_impact_scenario(r->under_rule)->rule, r->under_rule_below_norm, under_rule_note);
        zl_impact_print(r->under_rule, f);
    }
}
