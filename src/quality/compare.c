/* The comparison page for patients and GPs: the providers of an intervention with their
 * volume, each indicator's value with its exact 95 % interval and funnel verdict (intervals,
 * not rankings), whether they publish, the car minutes from a postcode, and plain
 * explanations in Dutch and English. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "quality_internal.h"
#include "zorglandschap/store_landscape.h"

static const char *const explain_en[] = {
    "Each result is shown with its 95 % interval: the range in which the hospital's true "
    "result probably lies. Small hospitals have wide intervals.",
    "'As expected' means the result does not differ from the national value more than chance "
    "would explain; 'better' or 'worse' means it does (outside the 95 % funnel limits).",
    "Hospitals are listed by travel time, not ranked: overlapping intervals mean the results "
    "cannot be told apart.",
    "'Not published' means the hospital has not made this result public.",
    "Results with fewer than 10 patients are not shown, to protect privacy."};
static const char *const explain_nl[] = {
    "Elk resultaat staat er met een 95%-interval bij: het gebied waarin het echte resultaat van "
    "het ziekenhuis waarschijnlijk ligt. Kleine ziekenhuizen hebben brede intervallen.",
    "'Zoals verwacht' betekent dat het resultaat niet meer van het landelijke cijfer afwijkt "
    "dan toeval kan verklaren; 'beter' of 'slechter' betekent dat dat wel zo is (buiten de "
    "95%-grenzen van de trechter).",
    "Ziekenhuizen staan op reistijd, niet in een ranglijst: overlappende intervallen betekenen "
    "dat de resultaten niet van elkaar te onderscheiden zijn.",
    "'Niet openbaar' betekent dat het ziekenhuis dit resultaat niet openbaar heeft gemaakt.",
    "Resultaten van minder dan 10 patienten worden niet getoond, om de privacy te beschermen."};

typedef struct provider {
    char id[32];
    json_t *obj;
    double minutes;
} provider;

typedef struct providers {
    provider v[512];
    size_t n;
    const char *intervention;
    int year;
    const zl_disclosure *d;
} providers;

static provider *find(providers *p, const char *id)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->v[i].id, id) == 0)
            return &p->v[i];
    return NULL;
}

static zl_status add_provider(void *ctx, const zl_publish_row *r, zl_err *err)
{
    providers *p = ctx;
    if (find(p, r->location_id))
        return ZL_OK;
    if (p->n == sizeof p->v / sizeof p->v[0])
        return zl_fail(err, ZL_EINPUT, "more than %zu providers", p->n);
    provider *x = &p->v[p->n++];
    snprintf(x->id, sizeof x->id, "%s", r->location_id);
    x->minutes = NAN;
    int64_t vol = r->volume;
    zl_cell_state st = ZL_CELL_SHOWN;
    if (p->d) {
        char cell[200];
        snprintf(cell, sizeof cell, "impact/volume/%s/%s/%d", r->location_id, p->intervention,
                 p->year);
        st = zl_cellkey_publish(p->d, cell, r->volume, &vol); /* = zl_quality_publish_count's */
    }
    x->obj =
        json_pack("{s:s,s:s,s:f,s:f,s:o,s:o,s:o}", "location_id", r->location_id, "name", r->name,
                  "lat", r->lat, "lon", r->lon, "volume",
                  st == ZL_CELL_SHOWN ? json_integer(vol) : json_null(), "volume_display",
                  st == ZL_CELL_SHOWN ? json_null() : json_string("<10"), "results", json_array());
    return ZL_OK;
}

static zl_status set_minutes(void *ctx, const char *id, double minutes, zl_err *err)
{
    provider *x = find(ctx, id);
    if (x)
        x->minutes = minutes;
    return ZL_OK;
}

static json_t *interval_json(const zl_funnel *f, const zl_funnel_point *pt, bool pub)
{
    double lo, hi;
    if (f->ind.type == ZL_IND_PROPORTION)
        zl_ci_binomial(pt->numerator, pt->denominator, 0.95, &lo, &hi);
    else {
        zl_ci_poisson(pt->numerator, 0.95, &lo, &hi);
        lo /= pt->expected, hi /= pt->expected;
    }
    double s = pub ? (f->ind.type == ZL_IND_PROPORTION ? 100 : 20) : 1e6;
    return json_pack("{s:f,s:f,s:f}", "value", round(pt->value * s) / s, "lo95", round(lo * s) / s,
                     "hi95", round(hi * s) / s);
}

static const char *verdict_nl(int v)
{
    return v > 0 ? "beter" : v < 0 ? "slechter" : "zoals verwacht";
}

static void add_results(providers *p, const zl_funnel *f)
{
    for (size_t i = 0; i < f->n; i++) {
        const zl_funnel_point *pt = &f->points[i];
        provider *x = find(p, pt->location_id);
        if (!x)
            continue;
        int64_t shown = pt->denominator;
        zl_cell_state st = p->d ? zl_quality_publish_count(p->d, &f->ind, f->year, pt->location_id,
                                                           pt->denominator, pt->volume, &shown)
                                : ZL_CELL_SHOWN;
        json_t *r = json_pack("{s:s,s:b}", "indicator", f->ind.code, "published", pt->published);
        if (st != ZL_CELL_SHOWN)
            json_object_set_new(r, "shown", json_string("<10"));
        else if (p->d && !pt->published)
            json_object_set_new(r, "shown", json_string("not published"));
        else {
            json_object_set_new(r, "patients", json_integer(shown));
            json_t *ci = interval_json(f, pt, p->d != NULL);
            json_object_update(r, ci);
            json_decref(ci);
            int v = pt->flag == 0 ? 0 : pt->verdict; /* beyond 95 % */
            json_object_set_new(r, "verdict_en",
                                json_string(v > 0   ? "better"
                                            : v < 0 ? "worse"
                                                    : "as expected"));
            json_object_set_new(r, "verdict_nl", json_string(verdict_nl(v)));
        }
        json_array_append_new(json_object_get(x->obj, "results"), r);
    }
}

static int cmp_provider(const void *a, const void *b)
{
    const provider *x = a, *y = b;
    if (!isnan(x->minutes) && !isnan(y->minutes) && x->minutes != y->minutes)
        return x->minutes < y->minutes ? -1 : 1;
    return strcmp(json_string_value(json_object_get(x->obj, "name")),
                  json_string_value(json_object_get(y->obj, "name")));
}

static json_t *strings(const char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

static zl_status add_indicators(zl_store *s, providers *p, json_t *defs, bool *synthetic,
                                zl_err *err)
{
    zl_indicator *ind = NULL;
    size_t n = 0;
    zl_status st = zl_quality_indicators(s, p->intervention, &ind, &n, err);
    for (size_t i = 0; st == ZL_OK && i < n; i++) {
        zl_funnel *f = NULL;
        zl_err e2 = {0};
        if (zl_quality_funnel(s, ind[i].code, p->year, false, &f, &e2) != ZL_OK)
            continue; /* no values this year: the indicator is listed without results */
        json_t *def = zl_indicator_to_json(&ind[i]);
        json_object_set_new(def, "national", json_real(round(f->target * 1e4) / 1e4));
        json_array_append_new(defs, def);
        add_results(p, f);
        *synthetic |= f->synthetic;
        zl_funnel_free(f);
    }
    zl_quality_indicators_free(ind, n);
    return st;
}

/* One row per location and indicator, for CSV. */
static json_t *flat_rows(const json_t *locs)
{
    json_t *rows = json_array();
    size_t i, k;
    json_t *l, *r;
    json_array_foreach(locs, i, l)
    {
        json_array_foreach(json_object_get(l, "results"), k, r)
        {
            json_t *row =
                json_pack("{s:O,s:O,s:O,s:O}", "location_id", json_object_get(l, "location_id"),
                          "name", json_object_get(l, "name"), "minutes",
                          json_object_get(l, "minutes"), "volume", json_object_get(l, "volume"));
            json_object_update(row, r);
            json_array_append_new(rows, row);
        }
    }
    return rows;
}

zl_status zl_quality_compare(zl_store *s, const char *intervention, int year, int32_t pc4,
                             const zl_disclosure *d, json_t **out, zl_err *err)
{
    bool known;
    char code[64];
    zl_status st = zl_store_intervention_code(s, intervention, code, &known, err);
    if (st == ZL_OK && !known)
        return zl_fail(err, ZL_ENOTFOUND, "unknown intervention '%s'", intervention);
    intervention = code; /* the stored spelling: cell names must not depend on case */
    if (st == ZL_OK && year <= 0 &&
        (st = zl_store_quality_latest_year(s, intervention, &year, err)) == ZL_OK && year == 0)
        return zl_fail(err, ZL_ENOTFOUND, "no indicator values for %s", intervention);
    providers *p = calloc(1, sizeof *p);
    if (st != ZL_OK || !p) {
        free(p);
        return st != ZL_OK ? st : zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    *p = (providers){.intervention = intervention, .year = year, .d = d};
    json_t *defs = json_array();
    bool synthetic = false;
    st = zl_store_publish_status_each(s, intervention, year, add_provider, p, err);
    if (st == ZL_OK && pc4 > 0)
        st = zl_store_minutes_from(s, pc4, set_minutes, p, err);
    if (st == ZL_OK)
        st = add_indicators(s, p, defs, &synthetic, err);
    qsort(p->v, p->n, sizeof p->v[0], cmp_provider);
    json_t *locs = json_array();
    for (size_t i = 0; i < p->n; i++) {
        json_object_set_new(p->v[i].obj, "minutes",
                            isnan(p->v[i].minutes) ? json_null()
                                                   : json_real(round(p->v[i].minutes * 10) / 10));
        json_array_append_new(locs, p->v[i].obj);
    }
    free(p);
    if (st != ZL_OK) {
        json_decref(defs), json_decref(locs);
        return st;
    }
    *out = json_pack("{s:s,s:i,s:o,s:b,s:b,s:o,s:o,s:o,s:{s:o,s:o}}", "intervention", intervention,
                     "year", year, "postcode", pc4 > 0 ? json_integer(pc4) : json_null(),
                     "synthetic", synthetic, "public", d != NULL, "indicators", defs, "rows",
                     flat_rows(locs), "locations", locs, "explanation", "en",
                     strings(explain_en, 5), "nl", strings(explain_nl, 5));
    return ZL_OK;
}
