/* The norm check as JSON (for the CLI and the HTTP server) and as a readable table. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>

#include "zorglandschap/norms.h"
#include "zorglandschap/textcol.h"

static json_t *opt_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

double zl_norm_public_mean(const zl_disclosure *d, const zl_case *c, size_t l, zl_cell_state *state)
{
    int years = c->volume_years[l];
    double patients = years > 0 ? c->volume_mean[l] * years : 0;
    char what[160];
    snprintf(what, sizeof what, "volume-window/%s", c->locations[l].id);
    int64_t shown;
    *state = zl_cellkey_publish_case(d, what, c->intervention.code, c->year, patients, &shown);
    return years > 0 ? (double)shown / years : 0;
}

static json_t *row_json(const zl_norm_check *nc, const zl_norm_row *r, const zl_disclosure *d)
{
    const zl_location *loc = &nc->c->locations[r->location];
    zl_cell_state st = ZL_CELL_SHOWN;
    double mean = d ? zl_norm_public_mean(d, nc->c, r->location, &st) : r->mean;
    return json_pack("{s:s,s:s,s:o,s:s,s:o,s:i,s:b}", "id", loc->id, "name", loc->name,
                     "organisation", opt_str(loc->organisation), "kind",
                     zl_location_kind_name(loc->kind), "volume_mean",
                     st == ZL_CELL_SHOWN ? json_real(round(mean * 100) / 100) : json_null(),
                     "years_with_record", r->years, "meets_norm", r->meets);
}

json_t *zl_norm_check_to_json(const zl_norm_check *nc)
{
    return zl_norm_check_to_json_public(nc, NULL);
}

json_t *zl_norm_check_to_json_public(const zl_norm_check *nc, const zl_disclosure *d)
{
    const zl_intervention *iv = &nc->c->intervention;
    json_t *rows = json_array();
    for (size_t i = 0; rows && i < nc->n; i++)
        json_array_append_new(rows, row_json(nc, &nc->rows[i], d));
    return json_pack(
        "{s:s,s:s,s:s,s:i,s:I,s:o,s:o,s:i,s:{s:i,s:i},s:s,s:b,s:{s:I,s:I,s:I},s:o,s:b}",
        "intervention", iv->code, "name", iv->name, "group", iv->group, "year", nc->c->year, "norm",
        (json_int_t)nc->norm, "norm_source", opt_str(iv->norm_source), "proposed_norm",
        iv->proposed_norm >= 0 ? json_integer(iv->proposed_norm) : json_null(), "window_years",
        iv->window_years, "window", "from", nc->from_year, "to", nc->to_year, "definitions",
        "docs/impact.md", "synthetic", nc->c->synthetic, "summary", "locations", (json_int_t)nc->n,
        "meeting", (json_int_t)nc->n_meeting, "below", (json_int_t)(nc->n - nc->n_meeting),
        "locations", rows, "small_counts_suppressed", d != NULL);
}

void zl_norm_check_print(const zl_norm_check *nc, FILE *f)
{
    const zl_intervention *iv = &nc->c->intervention;
    fprintf(f, "%s (%s), %d: norm %lld per year%s", iv->name, iv->code, nc->c->year,
            (long long)nc->norm,
            nc->norm == iv->norm && iv->norm_illustrative ? " (ILLUSTRATIVE norm)" : "");
    if (nc->from_year < nc->to_year)
        fprintf(f, ", mean over %d-%d", nc->from_year, nc->to_year);
    fprintf(f, "%s\n", nc->c->synthetic ? "  [SYNTHETIC DATA]" : "");
    fprintf(f, "  %-10s %-40s %10s %6s %6s\n", "location", "name", "mean", "years", "meets");
    for (size_t i = 0; i < nc->n; i++) {
        const zl_norm_row *r = &nc->rows[i];
        const zl_location *loc = &nc->c->locations[r->location];
        fputs("  ", f);
        zl_fput_column(f, loc->id, 10);
        fputc(' ', f);
        zl_fput_column(f, loc->name, 40);
        fprintf(f, " %10.1f %6d %6s\n", r->mean, r->years, r->meets ? "yes" : "no");
    }
    fprintf(f, "  %zu of %zu locations meet the norm\n", nc->n_meeting, nc->n);
}
