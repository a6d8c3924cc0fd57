/* Readable tables of the quality documents for the command line, printed from the same
 * JSON the HTTP API sends (so a table shows exactly the published numbers of its view):
 * the funnel plot's points, the volume-outcome fits with the scenario, the publication
 * status and the comparison page. */
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "zorglandschap/quality.h"
#include "zorglandschap/textcol.h"

static const char *str(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static double real(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* A value as a percentage (proportions) or a ratio; "-" when absent. */
static void fmt_value(char *buf, size_t n, double v, bool prop)
{
    if (isnan(v))
        snprintf(buf, n, "-");
    else if (prop)
        snprintf(buf, n, "%.1f%%", v * 100);
    else
        snprintf(buf, n, "%.2f", v);
}

static void banner(FILE *f, const json_t *doc)
{
    if (json_is_true(json_object_get(doc, "synthetic")))
        fputs("SYNTHETIC: the indicator values were generated, not observed.\n", f);
    if (json_is_true(json_object_get(doc, "public")))
        fputs("Public view: denominators 1-9 and unpublished results withheld, counts rounded "
              "(docs/quality.md).\n",
              f);
}

static void funnel_row(FILE *f, const json_t *p, bool prop)
{
    char v[32], l95[48], l998[48], n[32];
    fmt_value(v, sizeof v, real(p, "value"), prop);
    char a[16], b[16];
    fmt_value(a, sizeof a, real(p, "lo95"), prop), fmt_value(b, sizeof b, real(p, "hi95"), prop);
    snprintf(l95, sizeof l95, "%s-%s", a, b);
    fmt_value(a, sizeof a, real(p, "lo998"), prop), fmt_value(b, sizeof b, real(p, "hi998"), prop);
    snprintf(l998, sizeof l998, "%s-%s", a, b);
    json_t *den = json_object_get(p, "denominator");
    snprintf(n, sizeof n, "%s", json_is_integer(den) ? "" : "<10");
    if (json_is_integer(den))
        zl_fmt_int(n, sizeof n, json_integer_value(den));
    zl_fput_column(f, str(p, "location_id"), 8);
    zl_fput_column(f, str(p, "name"), 34);
    fprintf(f, "%7s  ", n);
    if (!json_is_null(json_object_get(p, "suppressed"))) {
        fprintf(f, "%s\n", str(p, "suppressed"));
        return;
    }
    fprintf(f, "%7s  %-15s %-15s %s\n", v, l95, l998, str(p, "verdict"));
}

void zl_funnel_print(const json_t *doc, FILE *f)
{
    const json_t *ind = json_object_get(doc, "indicator");
    bool prop = strcmp(str(ind, "type"), "proportion") == 0;
    char t[32];
    fmt_value(t, sizeof t, real(doc, "target"), prop);
    fprintf(f, "%s (%s), %d: national %s; %s\n", str(ind, "name_en"), str(ind, "code"),
            (int)json_integer_value(json_object_get(doc, "year")), t,
            strcmp(str(ind, "direction"), "lower") == 0 ? "lower is better" : "higher is better");
    const json_t *od = json_object_get(doc, "overdispersion");
    fprintf(f, "Limits: %s; phi %.2f%s\n", str(doc, "method"), real(od, "phi"),
            json_is_true(json_object_get(od, "applied")) ? " (applied)" : "");
    banner(f, doc);
    fprintf(f, "\n%-8s%-34s%7s  %7s  %-15s %-15s %s\n", "id", "location", prop ? "n" : "n",
            prop ? "value" : "O/E", "95% limits", "99.8% limits", "verdict");
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(doc, "points"), i, p) funnel_row(f, p, prop);
    fprintf(f, "\n%s\n", str(doc, "reading_en"));
}

void zl_vo_report_print(const json_t *doc, FILE *f)
{
    fprintf(f, "Volume-outcome, %s", str(doc, "intervention"));
    if (json_is_integer(json_object_get(doc, "norm")))
        fprintf(f, "; scenario: norm %lld (%s rule)",
                (long long)json_integer_value(json_object_get(doc, "norm")), str(doc, "rule"));
    fputs("\n", f);
    size_t i;
    json_t *fit;
    const char *caveat = NULL;
    json_array_foreach(json_object_get(doc, "fits"), i, fit)
    {
        const json_t *ind = json_object_get(fit, "indicator");
        if (!ind) {
            fprintf(f, "\n%s: %s\n", str(fit, "indicator"), str(fit, "error"));
            continue;
        }
        const json_t *d = json_object_get(fit, "per_doubling");
        fprintf(f, "\n%s (%s), %d-%d, %lld location-years%s\n", str(ind, "name_en"),
                str(ind, "code"), (int)json_integer_value(json_object_get(fit, "year_from")),
                (int)json_integer_value(json_object_get(fit, "year_to")),
                (long long)json_integer_value(json_object_get(fit, "location_years")),
                json_is_true(json_object_get(fit, "synthetic")) ? " (SYNTHETIC)" : "");
        fprintf(f, "  %s per doubling of volume: %.2f (95%% CI %.2f-%.2f)\n", str(d, "measure"),
                real(d, "ratio"), real(d, "lo95"), real(d, "hi95"));
        size_t b;
        json_t *band;
        json_array_foreach(json_object_get(fit, "bands"), b, band)
        {
            if (!json_integer_value(json_object_get(band, "location_years")))
                continue;
            char range[32];
            json_t *to = json_object_get(band, "to");
            if (json_is_integer(to))
                snprintf(range, sizeof range, "%lld-%lld",
                         (long long)json_integer_value(json_object_get(band, "from")),
                         (long long)json_integer_value(to));
            else
                snprintf(range, sizeof range, "%lld+",
                         (long long)json_integer_value(json_object_get(band, "from")));
            fprintf(f, "  volume %-7s rate %.4f  ratio %s\n", range, real(band, "rate"),
                    json_is_true(json_object_get(band, "reference")) ? "1 (reference)" : "");
            if (!json_is_true(json_object_get(band, "reference")) && !isnan(real(band, "ratio")))
                fprintf(f, "%*s%.2f (95%% CI %.2f-%.2f)\n", 36, "", real(band, "ratio"),
                        real(band, "lo95"), real(band, "hi95"));
        }
        const json_t *sc = json_object_get(fit, "scenario");
        if (json_is_object(sc))
            fprintf(f, "  %s\n", str(sc, "reading_en"));
        caveat = str(fit, "caveat_en");
    }
    if (caveat)
        fprintf(f, "\n%s\n", caveat);
}

void zl_publish_status_print(const json_t *doc, FILE *f)
{
    const json_t *nat = json_object_get(doc, "national");
    char pct[16];
    fprintf(f,
            "Publication of quality indicators, %d: %s of %lld provider-indicator results "
            "published\n",
            (int)json_integer_value(json_object_get(doc, "year")),
            zl_fmt_pct(pct, sizeof pct, real(nat, "published"), real(nat, "cells")),
            (long long)json_integer_value(json_object_get(nat, "cells")));
    banner(f, doc);
    fprintf(f, "\n%-18s%-12s%10s%10s%10s\n", "indicator", "interv.", "providers", "published",
            "share");
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(doc, "indicators"), i, r)
    {
        zl_fput_column(f, str(r, "indicator"), 18);
        zl_fput_column(f, str(r, "intervention"), 12);
        fprintf(f, "%10lld%10lld%10s\n",
                (long long)json_integer_value(json_object_get(r, "providers")),
                (long long)json_integer_value(json_object_get(r, "published")),
                zl_fmt_pct(pct, sizeof pct, real(r, "published"), real(r, "providers")));
    }
    fprintf(f, "\n%-8s%-34s%-12s%s\n", "id", "location", "interv.", "published");
    json_array_foreach(json_object_get(doc, "locations"), i, r)
    {
        zl_fput_column(f, str(r, "location_id"), 8);
        zl_fput_column(f, str(r, "name"), 34);
        zl_fput_column(f, str(r, "intervention"), 12);
        fprintf(f, "%lld of %lld\n", (long long)json_integer_value(json_object_get(r, "published")),
                (long long)json_integer_value(json_object_get(r, "indicators")));
    }
}

void zl_compare_print(const json_t *doc, FILE *f)
{
    fprintf(f, "Hospitals offering %s, %d", str(doc, "intervention"),
            (int)json_integer_value(json_object_get(doc, "year")));
    if (json_is_integer(json_object_get(doc, "postcode")))
        fprintf(f, ", by travel time from %lld",
                (long long)json_integer_value(json_object_get(doc, "postcode")));
    fputs(" (intervals, not a ranking)\n", f);
    banner(f, doc);
    size_t i, k;
    json_t *l, *r;
    json_array_foreach(json_object_get(doc, "locations"), i, l)
    {
        char vol[32] = "<10", mins[16] = "";
        if (json_is_integer(json_object_get(l, "volume")))
            zl_fmt_int(vol, sizeof vol, json_integer_value(json_object_get(l, "volume")));
        if (json_is_number(json_object_get(l, "minutes")))
            snprintf(mins, sizeof mins, "%.0f min", real(l, "minutes"));
        fprintf(f, "\n%s (%s) %s, volume %s\n", str(l, "name"), str(l, "location_id"), mins, vol);
        json_array_foreach(json_object_get(l, "results"), k, r)
        {
            fprintf(f, "  %-18s", str(r, "indicator"));
            if (json_object_get(r, "shown"))
                fprintf(f, "%s\n", str(r, "shown"));
            else
                fprintf(f, "%.3g (95%% interval %.3g-%.3g), %s\n", real(r, "value"),
                        real(r, "lo95"), real(r, "hi95"), str(r, "verdict_en"));
        }
    }
    fputs("\n", f);
    json_array_foreach(json_object_get(json_object_get(doc, "explanation"), "en"), i, r)
        fprintf(f, "- %s\n", json_string_value(r));
}

void zl_quality_impact_chapter_print(const json_t *chapter, FILE *f)
{
    fputs("\nQuality: expected outcomes under this scenario (docs/quality.md)\n", f);
    size_t i;
    json_t *fit;
    json_array_foreach(json_object_get(chapter, "fits"), i, fit)
    {
        const json_t *sc = json_object_get(fit, "scenario");
        if (json_is_object(sc))
            fprintf(f, "  %s: %+.1f a year (95%% CI %.1f to %.1f)%s\n",
                    str(json_object_get(fit, "indicator"), "name_en"), real(sc, "change"),
                    real(sc, "lo95"), real(sc, "hi95"),
                    json_is_true(json_object_get(fit, "synthetic")) ? " (SYNTHETIC values)" : "");
        else
            fprintf(f, "  %s: %s\n", str(fit, "indicator"), str(fit, "error"));
    }
    fprintf(f, "  %s\n", str(chapter, "caveat_en"));
}
