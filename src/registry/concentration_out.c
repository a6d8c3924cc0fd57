/* Output of the VSOP check: JSON for programs and the HTTP server, text for terminals.
 * Counts of 1-9 and shares computed from them are withheld unless the viewer may see them. */
#include <jansson.h>

#include "zorglandschap/registry.h"

static json_t *count_or_null(int64_t v, zl_cell_state st)
{
    return st == ZL_CELL_SHOWN ? json_integer(v) : json_null();
}

static json_t *centre_json(const zl_conc_disease *d, const zl_conc_centre *k)
{
    bool shown = k->state == ZL_CELL_SHOWN && d->state == ZL_CELL_SHOWN;
    char buf[32];
    /* Whether a suppressed count meets the rule would narrow it down: withheld too. */
    return json_pack("{s:s,s:s,s:s,s:I,s:o,s:s,s:o,s:o,s:b}", "centre_id", k->centre_id, "name",
                     k->name, "location_id", k->location_id, "recognised_for",
                     (json_int_t)k->covered_orpha, "patients", count_or_null(k->patients, k->state),
                     "patients_display", zl_count_text(k->patients, k->state, buf, sizeof buf),
                     "share", shown ? json_real(k->share) : json_null(), "meets_rule_of_thumb",
                     shown ? json_boolean(k->meets_rule) : json_null(), "in_network",
                     k->in_network);
}

/* rows of text cells as an array of objects with these keys */
static json_t *rows_json(const zl_rows *r, const char *const *keys)
{
    json_t *a = json_array();
    for (size_t i = 0; i < r->n; i++) {
        json_t *o = json_object();
        for (size_t j = 0; keys[j] && j < r->ncol; j++) {
            const char *v = zl_rows_get(r, i, j);
            json_object_set_new(o, keys[j], v ? json_string(v) : json_null());
        }
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *disease_json(const zl_conc_disease *d)
{
    json_t *centres = json_array();
    for (int k = 0; k < d->ncentres; k++)
        json_array_append_new(centres, centre_json(d, &d->centres[k]));
    char buf[32], seen[32];
    bool share_shown = d->state == ZL_CELL_SHOWN && d->seen_state == ZL_CELL_SHOWN;
    static const char *const net_keys[] = {"id", "name", "ern", NULL};
    static const char *const partner_keys[] = {"location_id", "location", "city", "centre_id",
                                               NULL};
    return json_pack(
        "{s:I,s:s,s:o,s:s,s:{s:s,s:s,s:i,s:i,s:o},s:o,s:s,s:{s:o,s:s,s:o},s:o,s:o,s:b}", "orpha",
        (json_int_t)d->orpha, "name", d->name, "patients", count_or_null(d->patients, d->state),
        "patients_display", zl_count_text(d->patients, d->state, buf, sizeof buf), "advice", "band",
        d->advice.band, "rule", d->advice.text, "preferred_centres", d->advice.preferred,
        "max_centres", d->advice.max_centres, "patients_needed_per_centre",
        d->state == ZL_CELL_SHOWN ? json_integer(zl_vsop_verdict_threshold(d->patients))
                                  : json_null(),
        "centres", centres, "verdict", zl_vsop_verdict_name(d->verdict), "centre_contact",
        "patients_seen", count_or_null(d->seen_at_centre, d->seen_state), "patients_seen_display",
        zl_count_text(d->seen_at_centre, d->seen_state, seen, sizeof seen), "share",
        share_shown ? json_real(d->contact_share) : json_null(), "networks",
        rows_json(&d->networks, net_keys), "shared_care_partners",
        rows_json(&d->partners, partner_keys), "outside_network", d->outside_network);
}

json_t *zl_conc_report_to_json(const zl_conc_report *r)
{
    json_t *items = json_array();
    for (size_t i = 0; i < r->n; i++)
        json_array_append_new(items, disease_json(&r->items[i]));
    bool exact = zl_may_see_unsuppressed(&r->viewer, NULL);
    return json_pack(
        "{s:s,s:s,s:s,s:i,s:f,s:i,s:s,s:b,s:o,s:o}", "date", r->date, "contact_window_from",
        r->since, "viewer", zl_viewer_role_name(r->viewer.role), "contact_window_years",
        ZL_CONTACT_YEARS, "rule_of_thumb_share", ZL_VSOP_SHARE_MIN, "rule_of_thumb_min_patients",
        ZL_VSOP_PATIENTS_MIN, "method", "docs/registry.md#concentration", "synthetic", r->synthetic,
        "diseases", items, "disclosure_control",
        exact ? json_null()
              : json_pack("{s:i,s:s,s:s}", "rounding_base", ZL_ROUND_BASE, "reference_date",
                          "1 January of the requested year", "method", "docs/privacy.md"));
}

/* The networks and shared-care partners next to the verdict, and the flag. */
static void print_care(const zl_conc_disease *d, FILE *out)
{
    fprintf(out, "  network:");
    for (size_t i = 0; i < d->networks.n; i++)
        fprintf(out, "%s %s %s", i ? ";" : "", zl_rows_get(&d->networks, i, 0),
                zl_rows_get(&d->networks, i, 1));
    fprintf(out, "%s\n", d->networks.n ? "" : " none");
    fprintf(out, "  shared-care partners:");
    for (size_t i = 0; i < d->partners.n; i++)
        fprintf(out, "%s %s (%s)", i ? "," : "", zl_rows_get(&d->partners, i, 1),
                zl_rows_get(&d->partners, i, 2) ? zl_rows_get(&d->partners, i, 2) : "");
    fprintf(out, "%s\n", d->partners.n ? "" : " none");
    if (d->outside_network)
        fprintf(out, "  FLAG: patients are seen at a centre outside any network for this "
                     "disease\n");
}

void zl_conc_report_print(const zl_conc_report *r, FILE *out)
{
    char a[32], b[32];
    if (r->synthetic)
        fprintf(out, "# synthetic registrations (illustration only)\n");
    fprintf(out, "# VSOP concentration on %s; centre contact since %s\n", r->date, r->since);
    for (size_t i = 0; i < r->n; i++) {
        const zl_conc_disease *d = &r->items[i];
        fprintf(out, "ORPHA:%lld %s\n  patients %s; advice (%s): %s; verdict: %s\n",
                (long long)d->orpha, d->name, zl_count_text(d->patients, d->state, a, sizeof a),
                d->advice.band, d->advice.text, zl_vsop_verdict_name(d->verdict));
        print_care(d, out);
        for (int k = 0; k < d->ncentres; k++) {
            const zl_conc_centre *c = &d->centres[k];
            if (c->state == ZL_CELL_SHOWN && d->state == ZL_CELL_SHOWN)
                snprintf(b, sizeof b, "%.0f%%", 100 * c->share);
            else
                snprintf(b, sizeof b, "-");
            fprintf(out,
                    "  centre %s (%s, location %s%s): %s patients, share %s, rule of thumb %s\n",
                    c->centre_id, c->name, c->location_id, c->in_network ? "" : ", no network",
                    zl_count_text(c->patients, c->state, a, sizeof a), b,
                    c->state != ZL_CELL_SHOWN || d->state != ZL_CELL_SHOWN ? "-"
                    : c->meets_rule                                        ? "met"
                                                                           : "not met");
        }
        if (d->state == ZL_CELL_SHOWN && d->seen_state == ZL_CELL_SHOWN)
            fprintf(out, "  centre contact in %d years: %.0f%% (%lld patients)\n", ZL_CONTACT_YEARS,
                    100 * d->contact_share, (long long)d->seen_at_centre);
        else
            fprintf(out, "  centre contact in %d years: %s patients\n", ZL_CONTACT_YEARS,
                    zl_count_text(d->seen_at_centre, d->seen_state, a, sizeof a));
    }
}
