/* Output of count tables: JSON for programs and the HTTP server, text for terminals.
 * Suppressed cells carry no number at all, only "<10" and the kind of suppression. */
#include <jansson.h>
#include <string.h>

#include "zorglandschap/registry.h"

static const char *by_name(zl_count_by by)
{
    switch (by) {
    case ZL_BY_CODE:
        return "code";
    case ZL_BY_LOCATION:
        return "location";
    case ZL_BY_AGE:
        return "age";
    case ZL_BY_REGION:
        return "region";
    }
    return "code";
}

static const char *state_name(zl_cell_state s)
{
    return s == ZL_CELL_PRIMARY ? "primary" : s == ZL_CELL_SECONDARY ? "secondary" : NULL;
}

/* Sets "<name>" to the number (or null) and "<name>_display" to its text; a rounded
 * number also gets "<name>_rounded": true. */
static void put_count(json_t *o, const char *name, int64_t v, zl_cell_state st, bool rounded)
{
    char key[64], buf[32];
    if (rounded && st == ZL_CELL_SHOWN) {
        snprintf(key, sizeof key, "%s_rounded", name);
        json_object_set_new(o, key, json_true());
    }
    json_object_set_new(o, name, st == ZL_CELL_SHOWN ? json_integer(v) : json_null());
    snprintf(key, sizeof key, "%s_display", name);
    json_object_set_new(o, key, json_string(zl_count_text(v, st, buf, sizeof buf)));
    if (st != ZL_CELL_SHOWN) {
        snprintf(key, sizeof key, "%s_suppressed", name);
        json_object_set_new(o, key, json_string(state_name(st)));
    }
}

static json_t *row_json(const zl_count_table *t, const zl_count_row *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "key", json_string(r->key));
    if (r->orpha > 0)
        json_object_set_new(o, "orpha", json_integer(r->orpha));
    if (*r->label)
        json_object_set_new(o, "name", json_string(r->label));
    if (r->location_id)
        json_object_set_new(o, "location_id", json_string(r->location_id));
    put_count(o, "patients", r->patients, r->state, r->rounded);
    if (r->national >= 0)
        put_count(o, "national", r->national, r->national_state, r->national_rounded);
    if (r->expected >= 0) {
        json_object_set_new(o, "expected", json_real(r->expected));
        json_object_set_new(o, "expected_low", json_real(r->expected_low));
        json_object_set_new(o, "expected_high",
                            r->expected_high >= 0 ? json_real(r->expected_high) : json_null());
        json_object_set_new(o, "prevalence_basis", json_string(r->prevalence_basis));
        json_object_set_new(o, "completeness",
                            r->state == ZL_CELL_SHOWN && r->expected > 0
                                ? json_real(r->patients / r->expected)
                                : json_null());
    }
    return o;
}

json_t *zl_count_table_to_json(const zl_count_table *t)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < t->n; i++)
        json_array_append_new(rows, row_json(t, &t->rows[i]));
    json_t *o = json_object();
    json_object_set_new(o, "by", json_string(by_name(t->q.by)));
    json_object_set_new(o, "code", t->q.code >= 0 ? json_integer(t->q.code) : json_null());
    json_object_set_new(o, "rollup", json_boolean(t->q.rollup));
    if (t->q.location)
        json_object_set_new(o, "location", json_string(t->q.location));
    if (t->q.by == ZL_BY_REGION)
        json_object_set_new(o, "layer", json_string(t->q.layer));
    if (t->q.by == ZL_BY_AGE)
        json_object_set_new(o, "reference_year", json_integer(t->q.ref_year));
    json_object_set_new(o, "viewer", json_string(zl_viewer_role_name(t->q.viewer.role)));
    json_object_set_new(o, "unit", json_string("patients, deduplicated by pseudonym"));
    json_object_set_new(o, "suppression",
                        json_pack("{s:i,s:i,s:s}", "below", ZL_SUPPRESS_MIN, "rounding_base",
                                  ZL_ROUND_BASE, "method",
                                  "primary 1-9 shown as <10; secondary: smallest other "
                                  "non-zero cell when one cell of a table with a total is "
                                  "suppressed; counts the viewer may not see exactly are "
                                  "rounded to a multiple of 10 by a cell key, the same for "
                                  "the same cell in every answer; age tables for one fixed "
                                  "reference date (docs/privacy.md)"));
    if (t->has_total)
        put_count(o, "total", t->total, t->total_state, t->total_rounded);
    if (t->population > 0)
        json_object_set_new(o, "population", json_integer(t->population));
    json_object_set_new(o, "synthetic", json_boolean(t->synthetic));
    json_object_set_new(o, "rows", rows);
    return o;
}

void zl_count_table_print(const zl_count_table *t, FILE *out)
{
    char a[32], b[32];
    if (t->synthetic)
        fprintf(out, "# synthetic registrations (illustration only)\n");
    bool expected = false, over = false;
    for (size_t i = 0; i < t->n; i++)
        expected |= t->rows[i].expected >= 0;
    fprintf(out, "%-10s %9s%s%s  %s\n", by_name(t->q.by), "patients",
            t->q.location ? "  national" : "", expected ? "  expected  complete" : "", "name");
    for (size_t i = 0; i < t->n; i++) {
        const zl_count_row *r = &t->rows[i];
        fprintf(out, "%-10s %9s", r->key, zl_count_text(r->patients, r->state, a, sizeof a));
        if (t->q.location)
            fprintf(out, "  %8s", zl_count_text(r->national, r->national_state, b, sizeof b));
        if (expected && r->expected >= 0) {
            if (r->state == ZL_CELL_SHOWN && r->expected > 0) {
                /* More patients than the prevalence class allows: say so, not just 2152%. */
                double pct = 100.0 * (double)r->patients / r->expected;
                fprintf(out, "  %8.0f  %7.0f%%%s", r->expected, pct, pct > 100 ? "!" : " ");
                over = over || pct > 100;
            } else
                fprintf(out, "  %8.0f  %8s ", r->expected, "-");
        } else if (expected) {
            fprintf(out, "  %8s  %8s ", "-", "-");
        }
        fprintf(out, "  %s\n", r->label);
    }
    if (t->has_total)
        fprintf(out, "%-10s %9s\n", "total", zl_count_text(t->total, t->total_state, a, sizeof a));
    if (over)
        fprintf(out,
                "! more patients registered than the prevalence class predicts: the class "
                "(a range) or the registrations%s need checking\n",
                t->synthetic ? " (here synthetic)" : "");
}
