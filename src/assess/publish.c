/* The assessment's JSON as published to a viewer without an exact view (docs/privacy.md,
 * docs/assess.md "Published counts"): the exact document (json.c) with every patient count
 * replaced by its published value — 1-9 null, others rounded to a multiple of 10 by the
 * case's cell key (zl_cellkey_publish_case), a location's volume on the same cell as in the
 * impact reports ("volume/<id>", "volume-after/<id>") — distributions over fewer than 10
 * patients null, and every figure derived from volumes (sums, revenue, procedures per
 * surgeon, group share) recomputed from the published volumes. Inhabitants (CBS), staff,
 * location counts and verdicts are not patient counts and stay as they are. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess_internal.h"

typedef struct pub {
    const zl_disclosure *d;
    const zl_case *c;
    double tariff; /* < 0: none */
    bool nearest;  /* the nearest baseline (else the observed flows) */
} pub;

/* The published value of count v in cell `what` (also when suppressed, for sums). */
static int64_t shown_of(const pub *p, const char *what, double v, bool *shown)
{
    int64_t out;
    zl_cell_state st =
        zl_cellkey_publish_case(p->d, what, p->c->intervention.code, p->c->year, v, &out);
    *shown = st == ZL_CELL_SHOWN;
    return out;
}

/* Replaces obj[key] (a count; null stays null) by its published value. */
static void set_count(const pub *p, json_t *obj, const char *key, const char *what)
{
    json_t *v = json_object_get(obj, key);
    if (!v || !json_is_number(v))
        return;
    bool shown;
    int64_t n = shown_of(p, what, json_number_value(v), &shown);
    json_object_set_new(obj, key, shown ? json_integer(n) : json_null());
}

/* A distribution: over fewer than 10 patients all null; its n the published count n. */
static void set_stat(json_t *st, const json_t *n)
{
    static const char *const keys[] = {"mean", "p50", "p90", "min", "max"};
    if (zl_suppress_primary(llround(json_number_value(json_object_get(st, "n")))))
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
            json_object_set_new(st, keys[i], json_null());
    json_object_set(st, "n", (json_t *)n);
}

/* prefix: "assess/<region>/", or "" for the nation, whose cells are the impact report's. */
static void set_beyond(const pub *p, json_t *arr, const char *prefix)
{
    char what[160];
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *b = json_array_get(arr, i);
        int m = (int)json_integer_value(json_object_get(b, "minutes"));
        snprintf(what, sizeof what, "%sbeyond-%d-before", prefix, m);
        set_count(p, b, "before", what);
        snprintf(what, sizeof what, "%sbeyond-%d-after", prefix, m);
        set_count(p, b, "after", what);
    }
}

/* The national total and displaced as the public impact report publishes them: under the
 * observed baseline sums of the published location volumes (given), under the nearest
 * baseline its cells "nearest-total" and "nearest-displaced". */
typedef struct nation_totals {
    bool nation, observed;
    double total, displaced; /* published sums (observed) */
} nation_totals;

static void publish_patients(const pub *p, json_t *pt, const char *region, const nation_totals *nt)
{
    char what[160], prefix[96];
    snprintf(prefix, sizeof prefix, nt->nation ? "" : "assess/%s/", region);
    if (nt->nation && nt->observed) {
        double t = json_number_value(json_object_get(pt, "total"));
        double x = json_number_value(json_object_get(pt, "displaced"));
        json_object_set_new(pt, "total",
                            zl_suppress_primary(llround(t)) ? json_null()
                                                            : json_integer(llround(nt->total)));
        json_object_set_new(pt, "displaced",
                            zl_suppress_primary(llround(x)) ? json_null()
                                                            : json_integer(llround(nt->displaced)));
    } else {
        snprintf(what, sizeof what, "%s%s", nt->nation ? "nearest-" : prefix, "total");
        set_count(p, pt, "total", what);
        snprintf(what, sizeof what, "%s%s", nt->nation ? "nearest-" : prefix, "displaced");
        set_count(p, pt, "displaced", what);
    }
    json_t *age = json_object_get(pt, "displaced_by_age");
    for (int k = 0; k < ZL_ASSESS_N_AGE; k++) {
        snprintf(what, sizeof what, "assess/%s/displaced-%s", region, zl_assess_age_bands[k]);
        set_count(p, age, zl_assess_age_bands[k], what);
    }
    set_stat(json_object_get(pt, "minutes_before"), json_object_get(pt, "total"));
    set_stat(json_object_get(pt, "minutes_after"), json_object_get(pt, "total"));
    set_stat(json_object_get(pt, "extra_minutes"), json_object_get(pt, "displaced"));
    set_beyond(p, json_object_get(pt, "patients_beyond"), prefix);
    json_t *hist = json_object_get(pt, "minutes_histogram");
    const char *const sides[] = {"before", "after"};
    for (int k = 0; k < 2; k++) {
        json_t *bins = json_object_get(hist, sides[k]);
        for (size_t i = 0; i < json_array_size(bins); i++) {
            json_t *b = json_array_get(bins, i);
            bool shown;
            snprintf(what, sizeof what, "assess/%s/minutes-%s-%zu", region, sides[k], i);
            int64_t v = shown_of(p, what, json_number_value(b), &shown);
            json_array_set_new(bins, i, shown ? json_integer(v) : json_null());
        }
    }
}

/* A location's published volumes before and after (*_shown false when suppressed). */
typedef struct pub_loc {
    int64_t before, after;
    bool before_shown, after_shown;
} pub_loc;

static json_t *ratio(bool shown, double num, double den)
{
    return shown && den > 0 ? json_real(round(num / den * 10) / 10) : json_null();
}

static void publish_location(const pub *p, json_t *x, pub_loc *v)
{
    char what[160];
    const char *id = json_string_value(json_object_get(x, "id"));
    snprintf(what, sizeof what, "volume/%s", id);
    v->before =
        shown_of(p, what, json_number_value(json_object_get(x, "volume_before")), &v->before_shown);
    snprintf(what, sizeof what, "volume-after/%s", id);
    v->after =
        shown_of(p, what, json_number_value(json_object_get(x, "volume_after")), &v->after_shown);
    const char *status = json_string_value(json_object_get(x, "status"));
    bool before = strcmp(status, "opens") != 0, after = strcmp(status, "stops") != 0;
    double surgeons = json_number_value(json_object_get(x, "surgeons"));
    double group = json_number_value(json_object_get(x, "group_volume"));
    bool both = v->before_shown && v->after_shown;
    json_object_set_new(x, "volume_before",
                        v->before_shown ? json_integer(v->before) : json_null());
    json_object_set_new(x, "volume_after", v->after_shown ? json_integer(v->after) : json_null());
    json_object_set_new(x, "revenue_change",
                        both && p->tariff >= 0
                            ? json_real((double)(v->after - v->before) * p->tariff)
                            : json_null());
    json_object_set_new(x, "per_surgeon_before",
                        ratio(before && v->before_shown, (double)v->before, surgeons));
    json_object_set_new(x, "per_surgeon_after",
                        ratio(after && v->after_shown, (double)v->after, surgeons));
    if (!json_is_null(json_object_get(x, "group_share_lost")))
        json_object_set_new(x, "group_share_lost",
                            v->before_shown && group > 0
                                ? json_real(round((double)v->before / group * 1e4) / 1e4)
                                : json_null());
}

/* A sum of published values: null when the exact sum is 1..9 patients. */
static json_t *sum_json(double exact, double published)
{
    return zl_suppress_primary(llround(exact)) ? json_null() : json_real(published);
}

/* The providers' and professionals' sums of a region from the published volumes. */
static void publish_sums(const pub *p, json_t *g, bool nation, json_t *locs, const pub_loc *v,
                         const double *exact_before, const double *exact_after)
{
    const char *code = json_string_value(json_object_get(g, "code"));
    double lost = 0, lost_x = 0, gained = 0, gained_x = 0, sb = 0, sa = 0, nb = 0, na = 0;
    for (size_t i = 0; i < json_array_size(locs); i++) {
        json_t *x = json_array_get(locs, i);
        const char *r = json_string_value(json_object_get(x, "region"));
        if (!nation && !(r && strcmp(r, code) == 0))
            continue;
        const char *status = json_string_value(json_object_get(x, "status"));
        bool before = strcmp(status, "opens") != 0, after = strcmp(status, "stops") != 0;
        if (!after) {
            lost += (double)v[i].before, lost_x += exact_before[i];
        } else if (strcmp(status, "keeps") != 0) {
            gained += (double)(v[i].after - v[i].before);
            gained_x += exact_after[i] - exact_before[i];
        }
        json_t *s = json_object_get(x, "surgeons");
        if (json_is_integer(s)) {
            sb += before ? (double)v[i].before : 0,
                nb += before ? (double)json_integer_value(s) : 0;
            sa += after ? (double)v[i].after : 0, na += after ? (double)json_integer_value(s) : 0;
        }
    }
    json_t *pv = json_object_get(g, "providers"), *pr = json_object_get(g, "professionals");
    json_object_set_new(pv, "volume_lost", sum_json(lost_x, lost));
    json_object_set_new(pv, "volume_gained", sum_json(gained_x, gained));
    bool t = p->tariff >= 0;
    json_object_set_new(pv, "revenue_lost",
                        t && !zl_suppress_primary(llround(lost_x)) ? json_real(lost * p->tariff)
                                                                   : json_null());
    json_object_set_new(pv, "revenue_gained",
                        t && !zl_suppress_primary(llround(gained_x)) ? json_real(gained * p->tariff)
                                                                     : json_null());
    json_object_set_new(pr, "per_surgeon_before", ratio(true, sb, nb));
    json_object_set_new(pr, "per_surgeon_after", ratio(true, sa, na));
}

/* The values of broken thresholds that are patient figures: the count of displaced
 * patients aged 75+ as published in the patients block; minutes over displaced patients
 * hidden with their distribution (fewer than 10). In the optimiser's alternative, whose
 * counts are not published elsewhere, both are hidden. */
static void publish_breach_values(json_t *arr, const json_t *pt, bool alternative)
{
    const json_t *disp = json_object_get(pt, "displaced");
    bool few = alternative || !json_is_number(disp) || json_number_value(disp) < ZL_ROUND_BASE;
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *b = json_array_get(arr, i);
        const char *k = json_string_value(json_object_get(b, "threshold"));
        if (strcmp(k, "displaced_75plus") == 0)
            json_object_set(b, "value",
                            alternative
                                ? json_null()
                                : json_object_get(json_object_get(pt, "displaced_by_age"), "75+"));
        else if (strstr(k, "extra_minutes") && few)
            json_object_set_new(b, "value", json_null());
    }
}

static void publish_breaches(json_t *g)
{
    const json_t *pt = json_object_get(g, "patients");
    publish_breach_values(json_object_get(g, "breaches"), pt, false);
    json_t *opt = json_object_get(json_object_get(g, "mitigation"), "optimiser");
    publish_breach_values(json_object_get(opt, "breaches"), pt, true);
}

static void publish_region(const pub *p, json_t *g, bool nation, json_t *locs, const pub_loc *v,
                           const double *xb, const double *xa)
{
    const char *code = json_string_value(json_object_get(g, "code"));
    char what[160];
    publish_sums(p, g, nation, locs, v, xb, xa);
    nation_totals nt = {nation, !p->nearest, 0, 0};
    for (size_t i = 0; nation && i < json_array_size(locs); i++) {
        const char *status = json_string_value(json_object_get(json_array_get(locs, i), "status"));
        nt.total += (double)v[i].before;
        nt.displaced += strcmp(status, "stops") == 0 ? (double)v[i].before : 0;
    }
    publish_patients(p, json_object_get(g, "patients"), code, &nt);
    snprintf(what, sizeof what, "assess/%s/crossing", code);
    set_count(p, json_object_get(g, "networks"), "patients_crossing", what);
    publish_breaches(g);
}

zl_status assess_publish(const zl_assess *a, json_t *doc, const zl_disclosure *d, zl_err *err)
{
    pub p = {d, a->c, a->in->tariff, strcmp(a->baseline, "nearest") == 0};
    json_t *locs = json_object_get(doc, "locations");
    size_t n = json_array_size(locs);
    pub_loc *v = calloc(n + 1, sizeof *v);
    double *xb = calloc(n + 1, sizeof *xb), *xa = calloc(n + 1, sizeof *xa);
    if (!v || !xb || !xa) {
        free(v), free(xb), free(xa);
        return zl_fail(err, ZL_ENOMEM, "out of memory publishing the assessment");
    }
    for (size_t i = 0; i < n; i++) {
        xb[i] = a->locations[i].volume_before;
        xa[i] = a->locations[i].volume_after;
        publish_location(&p, json_array_get(locs, i), &v[i]);
    }
    json_t *regions = json_object_get(doc, "regions");
    for (size_t r = 0; r < json_array_size(regions); r++)
        publish_region(&p, json_array_get(regions, r), false, locs, v, xb, xa);
    publish_region(&p, json_object_get(doc, "national"), true, locs, v, xb, xa);
    json_t *nets = json_object_get(doc, "networks");
    char what[160];
    for (size_t k = 0; k < json_array_size(nets); k++) {
        json_t *x = json_array_get(nets, k);
        const char *code = json_string_value(json_object_get(x, "code"));
        snprintf(what, sizeof what, "assess/network/%s/in", code);
        set_count(&p, x, "patients_in", what);
        snprintf(what, sizeof what, "assess/network/%s/out", code);
        set_count(&p, x, "patients_out", what);
    }
    json_object_set_new(doc, "small_counts_suppressed", json_true());
    free(v), free(xb), free(xa);
    return ZL_OK;
}
