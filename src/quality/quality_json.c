/* The JSON documents of the funnel plot and the volume-outcome fit (docs/quality.md), in
 * the exact view and as published: small denominators suppressed, counts rounded with the
 * cell key, values to whole percents (docs/privacy.md, docs/quality.md). */
#include <jansson.h>
#include <math.h>

#include "quality_internal.h"

static const char *const caveat_en =
    "Association is not causation: hospitals with more patients may differ in other ways "
    "(case mix, selection, registration) than volume alone.";
static const char *const caveat_nl =
    "Samenhang is geen oorzaak: ziekenhuizen met meer patienten kunnen ook op andere punten "
    "verschillen (patientenmix, selectie, registratie) dan volume alleen.";

static json_t *opt_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *num(double v, double scale)
{
    return isfinite(v) ? json_real(round(v * scale) / scale) : json_null();
}

double quality_public_value(zl_indicator_type t, double v)
{
    return t == ZL_IND_PROPORTION ? round(v * 100) / 100 : round(v * 20) / 20;
}

zl_cell_state zl_quality_publish_count(const zl_disclosure *d, const zl_indicator *ind, int year,
                                       const char *location_id, int64_t count, int64_t volume,
                                       int64_t *shown)
{
    char cell[200];
    if (count == volume)
        snprintf(cell, sizeof cell, "impact/volume/%s/%s/%d", location_id, ind->intervention, year);
    else
        snprintf(cell, sizeof cell, "quality/%s/%d/%s/denominator", ind->code, year, location_id);
    return zl_cellkey_publish(d, cell, count, shown);
}

json_t *zl_indicator_to_json(const zl_indicator *ind)
{
    return json_pack(
        "{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:i,s:o,s:o,s:b,s:b}", "code", ind->code, "name_nl",
        ind->name_nl, "name_en", ind->name_en, "intervention", ind->intervention, "type",
        ind->type == ZL_IND_OE_RATIO ? "oe_ratio" : "proportion", "direction",
        ind->lower_is_better ? "lower" : "higher", "registry", ind->registry, "year", ind->year,
        "base_rate", num(ind->base_rate, 1e4), "base_source", opt_str(ind->base_source),
        "illustrative", ind->illustrative, "synthetic", ind->synthetic);
}

static const char *verdict_name(int v)
{
    return v > 0 ? "better" : v < 0 ? "worse" : "as expected";
}

/* The value and limits of a point, rounded when public. */
static json_t *point_values(const zl_funnel *f, const zl_funnel_point *p, bool pub)
{
    double s = pub ? (f->ind.type == ZL_IND_PROPORTION ? 100 : 20) : 1e6;
    return json_pack("{s:o,s:o,s:o,s:o,s:o,s:i,s:s}", "value", num(p->value, s), "lo95",
                     num(p->lo95, s), "hi95", num(p->hi95, s), "lo998", num(p->lo998, s), "hi998",
                     num(p->hi998, s), "flag", p->flag, "verdict", verdict_name(p->verdict));
}

static json_t *point_json(const zl_funnel *f, const zl_funnel_point *p, const zl_disclosure *d,
                          int64_t *den_sum, size_t *suppressed)
{
    json_t *o = json_pack("{s:s,s:s,s:f,s:f,s:b}", "location_id", p->location_id, "name", p->name,
                          "lat", p->lat, "lon", p->lon, "published", p->published);
    int64_t shown = p->denominator;
    zl_cell_state st = d ? zl_quality_publish_count(d, &f->ind, f->year, p->location_id,
                                                    p->denominator, p->volume, &shown)
                         : ZL_CELL_SHOWN;
    *den_sum += shown;
    /* Public: a result the hospital does not publish is not shown either. */
    if (st != ZL_CELL_SHOWN || (d && !p->published)) {
        ++*suppressed;
        json_object_set_new(o, "denominator",
                            st == ZL_CELL_SHOWN ? json_integer(shown) : json_null());
        json_object_set_new(o, "suppressed",
                            json_string(st != ZL_CELL_SHOWN ? "<10" : "not published"));
        json_object_set_new(o, "value", json_null());
        return o;
    }
    json_object_set_new(o, "denominator", json_integer(shown));
    json_object_set_new(o, "suppressed", json_null());
    if (!d)
        json_object_set_new(o, "numerator", json_integer(p->numerator));
    json_object_set_new(o, "expected", num(p->expected, d ? 10 : 1e3));
    json_object_set_new(o, "precision",
                        d && f->ind.type == ZL_IND_PROPORTION ? json_integer(shown)
                                                              : num(p->precision, d ? 10 : 1e3));
    json_t *v = point_values(f, p, d != NULL);
    json_object_update(o, v);
    json_decref(v);
    return o;
}

static json_t *curve_json(const zl_funnel *f)
{
    json_t *a = json_array();
    for (size_t i = 0; i < f->n_curve; i++) {
        const zl_funnel_curve *c = &f->curve[i];
        json_array_append_new(a,
                              json_pack("{s:f,s:o,s:o,s:o,s:o}", "precision", c->precision, "lo95",
                                        num(c->lo95, 1e6), "hi95", num(c->hi95, 1e6), "lo998",
                                        num(c->lo998, 1e6), "hi998", num(c->hi998, 1e6)));
    }
    return a;
}

json_t *zl_funnel_to_json(const zl_funnel *f, const zl_disclosure *d)
{
    json_t *pts = json_array();
    int64_t den = 0;
    size_t suppressed = 0, flags[5] = {0};
    for (size_t i = 0; i < f->n; i++) {
        json_t *p = point_json(f, &f->points[i], d, &den, &suppressed);
        if (json_is_null(json_object_get(p, "suppressed")))
            flags[f->points[i].flag + 2]++;
        json_array_append_new(pts, p);
    }
    json_t *o = json_pack(
        "{s:o,s:i,s:o,s:b,s:b,s:b,s:{s:b,s:b,s:o,s:o},s:{s:I,s:o},s:o,s:o,"
        "s:{s:i,s:i,s:i,s:i,s:i,s:i},s:s,s:s}",
        "indicator", zl_indicator_to_json(&f->ind), "year", f->year, "target",
        num(f->target, d ? 1e3 : 1e6), "synthetic", f->synthetic, "public", d != NULL,
        "small_counts_suppressed", d != NULL, "overdispersion", "requested",
        f->overdispersion_requested, "applied", f->overdispersion_applied, "phi", num(f->phi, 1e4),
        "p_value", num(f->phi_p, 1e6), "totals", "denominator", (json_int_t)den, "numerator",
        d ? json_null() : json_integer(f->total_numerator), "points", pts, "curve", curve_json(f),
        "counts", "above_998", (int)flags[4], "above_95", (int)flags[3], "within", (int)flags[2],
        "below_95", (int)flags[1], "below_998", (int)flags[0], "suppressed", (int)suppressed,
        "method",
        f->overdispersion_applied
            ? "normal limits inflated by the multiplicative overdispersion phi "
              "(Spiegelhalter 2005)"
            : "exact binomial/Poisson limits, interpolated (Spiegelhalter 2005)",
        "reading_en",
        "A point outside the 99.8 % limits is unlikely to be chance alone; inside the limits "
        "differences are compatible with chance. Funnel plots compare with the national "
        "value, they do not rank hospitals.");
    return o;
}

/* A national or band count: exact, or published by the cell key (null when 1-9). */
static json_t *count_json(const zl_vo_fit *f, const char *what, int64_t v, const zl_disclosure *d)
{
    if (!d)
        return json_integer(v);
    char cell[200];
    snprintf(cell, sizeof cell, "quality/vo/%s/%d-%d/%s", f->ind.code, f->year_from, f->year_to,
             what);
    int64_t shown;
    return zl_cellkey_publish(d, cell, v, &shown) == ZL_CELL_SHOWN ? json_integer(shown)
                                                                   : json_null();
}

static json_t *band_json(const zl_vo_fit *f, const zl_vo_band *b, const zl_disclosure *d)
{
    char ev[40], pa[40];
    snprintf(ev, sizeof ev, "band-%d/events", b->lo);
    snprintf(pa, sizeof pa, "band-%d/patients", b->lo);
    return json_pack("{s:i,s:o,s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:b}", "from", b->lo, "to",
                     b->hi < 0 ? json_null() : json_integer(b->hi), "location_years",
                     (json_int_t)b->n_obs, "events", count_json(f, ev, b->events, d), "patients",
                     f->ind.type == ZL_IND_OE_RATIO ? json_null()
                                                    : count_json(f, pa, b->patients, d),
                     "rate", num(b->rate, 1e6), "ratio", num(b->ratio, 1e4), "lo95",
                     num(b->lo95, 1e4), "hi95", num(b->hi95, 1e4), "reference", b->reference);
}

static json_t *change_json(const zl_vo_fit *f, const zl_vo_change *c, int64_t norm)
{
    char en[400], nl[400];
    snprintf(en, sizeof en,
             "Raising the norm to %lld is expected to change the number of patients with "
             "\"%s\" by %.1f a year (95 %% CI %.1f to %.1f). %s",
             (long long)norm, f->ind.name_en, c->change, c->lo95, c->hi95, caveat_en);
    snprintf(nl, sizeof nl,
             "Een norm van %lld verandert het verwachte aantal patienten met \"%s\" met %.1f "
             "per jaar (95%%-BI %.1f tot %.1f). %s",
             (long long)norm, f->ind.name_nl, c->change, c->lo95, c->hi95, caveat_nl);
    return json_pack("{s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:s,s:s}", "norm", (json_int_t)norm,
                     "patients_before", num(c->patients_before, 10), "patients_after",
                     num(c->patients_after, 10), "events_before", num(c->events_before, 10),
                     "events_after", num(c->events_after, 10), "change", num(c->change, 10), "lo95",
                     num(c->lo95, 10), "hi95", num(c->hi95, 10), "reading_en", en, "reading_nl",
                     nl);
}

json_t *zl_vo_to_json(const zl_vo_fit *f, const zl_vo_change *change, int64_t norm,
                      const zl_disclosure *d)
{
    const zl_glm *g = &f->loglin;
    json_t *bands = json_array();
    for (size_t b = 0; b < f->n_bands; b++)
        json_array_append_new(bands, band_json(f, &f->bands[b], d));
    const char *ratio = f->ind.type == ZL_IND_OE_RATIO ? "rate ratio" : "odds ratio";
    return json_pack("{s:o,s:i,s:i,s:I,s:o,s:o,s:s,s:{s:[f,f],s:[f,f],s:[[f,f],[f,f]],s:f,s:i},"
                     "s:{s:s,s:o,s:o,s:o},s:b,s:o,s:o,s:b,s:s,s:s}",
                     "indicator", zl_indicator_to_json(&f->ind), "year_from", f->year_from,
                     "year_to", f->year_to, "location_years", (json_int_t)f->n_obs, "events",
                     count_json(f, "events", f->events, d), "patients",
                     count_json(f, "patients", f->patients, d), "family",
                     f->ind.type == ZL_IND_OE_RATIO ? "poisson-log, exposure = expected"
                                                    : "binomial-logit",
                     "log_volume", "coefficients", g->beta[0], g->beta[1], "se", g->se[0], g->se[1],
                     "cov", g->cov[0], g->cov[1], g->cov[2], g->cov[3], "deviance", g->deviance,
                     "iterations", g->iterations, "per_doubling", "measure", ratio, "ratio",
                     num(f->ratio_per_doubling, 1e4), "lo95", num(f->ratio_lo, 1e4), "hi95",
                     num(f->ratio_hi, 1e4), "bands_fitted", f->bands_fitted, "bands", bands,
                     "scenario", change ? change_json(f, change, norm) : json_null(), "synthetic",
                     f->synthetic, "caveat_en", caveat_en, "caveat_nl", caveat_nl);
}
