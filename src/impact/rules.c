/* Rule sensitivity: the same case under every available allocation rule, the plain-language
 * reading of a result and the band of headline figures across rules (JSON and table). */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "impact_internal.h"

zl_status zl_impact_run_rules(const zl_case *c, const zl_impact_opts *o, zl_impact **out, size_t *n,
                              zl_err *err)
{
    *n = 0;
    const char *why;
    if (!zl_alloc_rule_available(c, o->inputs, o->rule, &why))
        return zl_fail(err, ZL_EINPUT, "rule %s: %s", zl_alloc_rule_name(o->rule), why);
    for (int k = 0; k < ZL_ALLOC_N_RULES; k++) {
        if (!zl_alloc_rule_available(c, o->inputs, (zl_alloc_rule)k, NULL))
            continue;
        zl_impact_opts ro = *o;
        ro.rule = (zl_alloc_rule)k;
        zl_status st = zl_impact_run(c, &ro, &out[*n], err);
        if (st != ZL_OK) {
            for (size_t i = 0; i < *n; i++)
                zl_impact_free(out[i]);
            *n = 0;
            return zl_err_prefix(err, "rule %s: ", zl_alloc_rule_name((zl_alloc_rule)k));
        }
        (*n)++;
    }
    return ZL_OK;
}

static const char *rule_phrase(const char *rule)
{
    static const char *const phrases[ZL_ALLOC_N_RULES] = {
        "the nearest-location rule (against everyone at the nearest location before)",
        "the nearest-in-region rule (against the same rule before)",
        "the choice model",
        "their area's current shares",
        "the network partners",
        "the choice model with capacities"};
    zl_alloc_rule r;
    return rule && zl_alloc_rule_parse(rule, &r) ? phrases[r] : "the scenario's assignment";
}

/* The lowest and highest headline mean extra minutes over rules with displaced patients. */
static bool extra_band(zl_impact *const *rules, size_t n, double *lo, double *hi)
{
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        zl_impact_patients p = zl_impact_headline(rules[i], NULL);
        if (!(p.displaced > 0))
            continue;
        double v = round(p.extra_minutes.mean * 10) / 10;
        *lo = any ? fmin(*lo, v) : v;
        *hi = any ? fmax(*hi, v) : v;
        any = true;
    }
    return any;
}

void zl_impact_reading(const zl_impact *r, zl_impact *const *rules, size_t n, char *buf,
                       size_t size)
{
    zl_impact_patients p = zl_impact_headline(r, NULL);
    int len;
    if (!(p.displaced > 0)) {
        len = snprintf(buf, size, "no patients are displaced under %s", rule_phrase(r->rule));
    } else {
        double mean = round(p.extra_minutes.mean * 10) / 10;
        len = snprintf(buf, size, "displaced patients travel %.1f minutes %s on average under %s",
                       fabs(mean), mean < 0 ? "less" : "more", rule_phrase(r->rule));
    }
    double lo, hi;
    if (n > 1 && len > 0 && (size_t)len < size && extra_band(rules, n, &lo, &hi))
        snprintf(buf + len, size - (size_t)len, "; %.1f to %.1f across %zu rules", lo, hi, n);
}

/* The headline figures of one rule that the band compares. */
enum { F_DISPLACED, F_MEAN, F_P90, F_B30, F_B45, F_B60, F_GAIN, N_FIGS };
static const char *const fig_names[N_FIGS] = {
    "displaced",       "extra_minutes_mean", "extra_minutes_p90", "beyond_30_after",
    "beyond_45_after", "beyond_60_after",    "largest_gain"};

static void figures(const zl_impact *r, double *v)
{
    zl_impact_patients p = zl_impact_headline(r, NULL);
    int32_t loc;
    v[F_DISPLACED] = p.displaced;
    v[F_MEAN] = p.displaced > 0 ? p.extra_minutes.mean : NAN;
    v[F_P90] = p.displaced > 0 ? p.extra_minutes.p90 : NAN;
    for (int k = 0; k < ZL_IMPACT_N_THRESHOLDS; k++)
        v[F_B30 + k] = p.beyond[k].after;
    zl_impact_largest_gain(r, &loc, &v[F_GAIN]);
}

static json_t *rule_json(const impact_pub *p, const zl_impact *r)
{
    const char *baseline;
    zl_impact_patients q = zl_impact_headline(r, &baseline);
    int32_t loc;
    double gain;
    zl_impact_largest_gain(r, &loc, &gain);
    json_t *g = json_null();
    if (loc >= 0) {
        char what[160];
        snprintf(what, sizeof what, "gain/%s", r->c->locations[loc].id);
        g = json_pack("{s:s,s:s,s:o}", "id", r->c->locations[loc].id, "name",
                      r->c->locations[loc].name, "patients", impact_count_json(p, what, gain));
    }
    char reading[512];
    zl_impact_reading(r, NULL, 0, reading, sizeof reading);
    return json_pack("{s:s,s:s,s:o,s:o,s:o,s:o,s:I,s:s}", "rule", r->rule, "baseline", baseline,
                     "patients", impact_block_json(p, r, &q, baseline), "largest_gain", g,
                     "fallback_patients", impact_count_json(p, "fallback", r->m.fallback_patients),
                     "over_capacity", impact_count_json(p, "over-capacity", r->m.over_capacity),
                     "saturated", (json_int_t)r->m.n_saturated, "reading", reading);
}

/* Figure f of one rules[] entry as the report shows it (NULL when not shown). */
static json_t *fig_get(json_t *rule, int f)
{
    json_t *p = json_object_get(rule, "patients");
    switch (f) {
    case F_DISPLACED:
        return json_object_get(p, "displaced");
    case F_MEAN:
        return json_object_get(json_object_get(p, "extra_minutes"), "mean");
    case F_P90:
        return json_object_get(json_object_get(p, "extra_minutes"), "p90");
    case F_GAIN:
        return json_object_get(json_object_get(rule, "largest_gain"), "patients");
    default:
        return json_object_get(json_array_get(json_object_get(p, "beyond"), (size_t)(f - F_B30)),
                               "after");
    }
}

static json_t *shown(json_t *v)
{
    return json_is_number(v) ? json_deep_copy(v) : json_null();
}

/* The band from the rules[] entries themselves, so that lowest, highest and default are
 * numbers the report shows (in a public report: published counts, never exact ones). */
static json_t *band_json(json_t *rules, size_t main)
{
    json_t *o = json_object();
    for (int f = 0; o && f < N_FIGS; f++) {
        json_t *lo = NULL, *hi = NULL, *x;
        size_t i;
        json_array_foreach(rules, i, x)
        {
            json_t *v = fig_get(x, f);
            if (!json_is_number(v))
                continue;
            if (!lo || json_number_value(v) < json_number_value(lo))
                lo = v;
            if (!hi || json_number_value(v) > json_number_value(hi))
                hi = v;
        }
        json_object_set_new(o, fig_names[f],
                            json_pack("{s:o,s:o,s:o}", "default",
                                      shown(fig_get(json_array_get(rules, main), f)), "lowest",
                                      shown(lo), "highest", shown(hi)));
    }
    return o;
}

static const zl_impact *find_rule(zl_impact *const *rules, size_t n, zl_alloc_rule main_rule)
{
    for (size_t i = 0; i < n; i++)
        if (rules[i]->rule && strcmp(rules[i]->rule, zl_alloc_rule_name(main_rule)) == 0)
            return rules[i];
    return n ? rules[0] : NULL;
}

json_t *zl_impact_rules_to_json(zl_impact *const *rules, size_t n, zl_alloc_rule main_rule,
                                unsigned flags, const zl_disclosure *disc)
{
    const zl_impact *d = find_rule(rules, n, main_rule);
    if (!d)
        return NULL;
    bool pub = (flags & ZL_REPORT_PUBLIC) != 0;
    impact_pub ctx = {disc, d->c}, *p = pub && disc ? &ctx : NULL;
    json_t *out = zl_impact_to_json_ex(d, flags, disc), *arr = json_array();
    size_t main = 0;
    for (size_t i = 0; arr && i < n; i++) {
        json_array_append_new(arr, rule_json(p, rules[i]));
        main = rules[i] == d ? i : main;
    }
    char reading[512];
    zl_impact_reading(d, rules, n, reading, sizeof reading);
    if (out && arr) {
        json_object_set_new(out, "rules", arr);
        json_object_set_new(out, "band", band_json(arr, main));
        json_object_set_new(out, "reading", json_string(reading));
    } else {
        json_decref(arr);
    }
    return out;
}

static void print_fig(FILE *f, double v)
{
    if (isnan(v))
        fprintf(f, " %10s", "-");
    else
        fprintf(f, " %10.1f", v);
}

void zl_impact_rules_print(zl_impact *const *rules, size_t n, zl_alloc_rule main_rule, FILE *f)
{
    const zl_impact *d = find_rule(rules, n, main_rule);
    if (!d)
        return;
    zl_impact_print(d, f);
    fprintf(f, "\nRule sensitivity (like-for-like headline of each rule; * this report):\n");
    fprintf(f, "%-10s %-9s %10s %10s %10s %10s %10s %10s %10s\n", "rule", "baseline", "displaced",
            "extra mean", "extra p90", ">30 after", ">45 after", ">60 after", "max gain");
    double v[N_FIGS], lo[N_FIGS], hi[N_FIGS];
    for (int k = 0; k < N_FIGS; k++)
        lo[k] = hi[k] = NAN;
    for (size_t i = 0; i < n; i++) {
        const char *baseline;
        zl_impact_headline(rules[i], &baseline);
        figures(rules[i], v);
        fprintf(f, "%-8s %s %-9s", rules[i]->rule, rules[i] == d ? "*" : " ", baseline);
        for (int k = 0; k < N_FIGS; k++) {
            print_fig(f, v[k]);
            if (!isnan(v[k])) {
                lo[k] = isnan(lo[k]) ? v[k] : fmin(lo[k], v[k]);
                hi[k] = isnan(hi[k]) ? v[k] : fmax(hi[k], v[k]);
            }
        }
        fputc('\n', f);
    }
    fprintf(f, "%-10s %-9s", "band", "lowest");
    for (int k = 0; k < N_FIGS; k++)
        print_fig(f, lo[k]);
    fprintf(f, "\n%-10s %-9s", "", "highest");
    for (int k = 0; k < N_FIGS; k++)
        print_fig(f, hi[k]);
    char reading[512];
    zl_impact_reading(d, rules, n, reading, sizeof reading);
    fprintf(f, "\n\nReading: %s\n", reading);
}
