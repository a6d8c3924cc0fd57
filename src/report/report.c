/* The two reports (zorglandschap/report.h): one intervention, and the national roll-up of
 * every intervention with a proposed norm. Each runs the analyses once (report_run.h) and
 * lays out the chapters (rep_build.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rep_build.h"
#include "zorglandschap/store_case.h"
#include "zorglandschap/store_landscape.h"
#include "zorglandschap/util.h"

static zl_doc *new_doc(const zl_report_opts *o, const char *title)
{
    zl_doc *d = zl_doc_new(title);
    if (!d)
        return NULL;
    char when[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
    zl_doc_meta(d, o->command ? o->command : "zl report impact", o->version ? o->version : "",
                when);
    return d;
}

static void chapters(zl_doc *d, const zl_geo *g, const rep_run *r, const char *p)
{
    rep_summary(d, r, p);
    rep_patients(d, g, r, p);
    rep_professionals(d, r, p);
    rep_providers(d, r, p);
    rep_networks(d, r, p);
    rep_regions(d, g, r, p);
    rep_mitigation(d, r, p);
    rep_rules(d, r, p);
    rep_quality(d, r, p);
}

zl_status zl_report_impact(zl_store *s, const zl_geo *geo, const zl_report_opts *o, zl_doc **out,
                           zl_err *err)
{
    *out = NULL;
    if (!o->intervention)
        return zl_fail(err, ZL_EINPUT, "an intervention is required");
    rep_run r;
    zl_status st = rep_run_load(s, o, o->intervention, o->norm, &r, err);
    if (st != ZL_OK) {
        rep_run_free(&r);
        return st;
    }
    char title[256];
    snprintf(title, sizeof title, "Impact of a volume norm of %lld for %s",
             (long long)json_integer_value(json_object_get(r.impact, "norm")),
             r.c->intervention.name);
    zl_doc *d = new_doc(o, title);
    if (d) {
        chapters(d, geo, &r, "");
        rep_method(d, s, geo, &r);
    }
    rep_run_free(&r);
    if ((st = zl_doc_status(d, err)) != ZL_OK) {
        zl_doc_free(d);
        return st;
    }
    *out = d;
    return ZL_OK;
}

/* The national summary: one row per intervention, the figures of its summary table. */
static void national_row(zl_doc_table *t, const rep_run *r)
{
    const json_t *j = r->impact;
    rep_cell_at(t, j, "intervention.code", 0);
    rep_cell_at(t, j, "intervention.name", 0);
    rep_cell_at(t, j, "norm", 0);
    rep_cell_at(t, j, "rule", 0);
    rep_cell_at(t, j, "summary.stopping", 0);
    rep_cell_at(t, j, "patients.displaced", 1);
    rep_cell_at(t, j, "patients.extra_minutes.mean", 1);
    rep_cell_at(t, j, "band.extra_minutes_mean.lowest", 1);
    rep_cell_at(t, j, "band.extra_minutes_mean.highest", 1);
    rep_cell_at(t, j, "population_beyond.1.after", 0);
}

/* The interventions with a proposed norm, ordered by code. */
static zl_status proposed_codes(zl_store *s, char ***codes, size_t *n, zl_err *err)
{
    zl_status st = zl_store_list_intervention_codes(s, codes, n, err);
    size_t k = 0;
    for (size_t i = 0; st == ZL_OK && i < *n; i++) {
        char *code = (*codes)[i];
        (*codes)[i] = NULL;
        zl_intervention iv = {0};
        st = zl_store_intervention_get(s, code, &iv, err);
        if (st == ZL_OK && iv.proposed_norm >= 0)
            (*codes)[k++] = code;
        else
            free(code);
        zl_intervention_clear(&iv);
    }
    *n = k;
    return st;
}

zl_status zl_report_national(zl_store *s, const zl_geo *geo, const zl_report_opts *o,
                             zl_doc **out, zl_err *err)
{
    *out = NULL;
    char **codes = NULL;
    size_t n = 0;
    zl_status st = proposed_codes(s, &codes, &n, err);
    zl_report_opts each = *o; /* a scenario's overrides belong to one intervention */
    each.keep = each.stop = NULL;
    each.n_keep = each.n_stop = 0;
    rep_run *runs = st == ZL_OK ? calloc(n ? n : 1, sizeof *runs) : NULL;
    if (st == ZL_OK && !runs)
        st = zl_fail(err, ZL_ENOMEM, "out of memory");
    size_t k = 0; /* runs made */
    for (; st == ZL_OK && k < n; k++)
        if ((st = rep_run_load(s, &each, codes[k], "proposed", &runs[k], err)) != ZL_OK)
            zl_err_prefix(err, "%s: ", codes[k]);
    if (st == ZL_OK && k == 0)
        st = zl_fail(err, ZL_ENOTFOUND, "no intervention has a proposed norm");
    zl_doc *d = st == ZL_OK ? new_doc(o, "National impact of the proposed volume norms") : NULL;
    if (d) {
        zl_doc_heading(d, 1, "national", "National summary");
        zl_doc_para(d, "Every intervention with a proposed norm, at that norm, under its default "
                       "allocation rule; a chapter per intervention follows.");
        const char *h[] = {"code", "intervention", "norm", "rule", "locations that stop",
                           "displaced patients", "mean extra min", "band low", "band high",
                           "inhabitants beyond 45 min after"};
        bool synth = false;
        for (size_t i = 0; i < k; i++)
            synth |= rep_synthetic(&runs[i]);
        zl_doc_table *t = zl_doc_table_add(d, "national", "Interventions", synth, 10, h);
        for (size_t i = 0; i < k; i++)
            national_row(t, &runs[i]);
        for (size_t i = 0; i < k; i++)
            chapters(d, geo, &runs[i], runs[i].c->intervention.code);
        rep_method(d, s, geo, k ? &runs[0] : NULL);
    }
    for (size_t i = 0; i < n && runs; i++)
        rep_run_free(&runs[i]);
    free(runs);
    zl_strv_free(codes);
    if (st == ZL_OK && (st = zl_doc_status(d, err)) == ZL_OK)
        *out = d;
    else
        zl_doc_free(d);
    return st;
}
