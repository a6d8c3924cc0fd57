/* Running the analyses a report shows (report_run.h): load the case with the region layer
 * of the per-region pages, resolve the norm and the rule, run every available rule (the
 * sensitivity band) and build the library's JSON documents once. */
#include <string.h>

#include "report_run.h"
#include "zorglandschap/impact_areas.h"
#include "zorglandschap/norms.h"
#include "zorglandschap/quality.h"
#include "zorglandschap/store_disclosure.h"
#include "zorglandschap/store_landscape.h"
#include "zorglandschap/util.h"

zl_status rep_region_layer(zl_store *s, const zl_report_opts *o, const char **layer, zl_err *err)
{
    *layer = o->region_layer;
    if (*layer)
        return ZL_OK;
    char **layers = NULL;
    size_t n = 0;
    zl_status st = zl_store_list_region_layers(s, &layers, &n, err);
    for (size_t i = 0; st == ZL_OK && i < n; i++)
        if (strcmp(layers[i], "province") == 0)
            *layer = "province";
    zl_strv_free(layers);
    return st;
}

static zl_status resolve(const zl_report_opts *o, const char *norm_arg, rep_run *r,
                         int64_t *norm, zl_err *err)
{
    const zl_intervention *iv = &r->c->intervention;
    if (!norm_arg)
        norm_arg = iv->proposed_norm >= 0 ? "proposed" : "current";
    if (zl_norm_resolve(iv, norm_arg, norm, err) != ZL_OK)
        return zl_err_prefix(err, "norm: ");
    if (*norm < 0)
        *norm = iv->norm;
    r->rule = zl_alloc_default_rule(r->in);
    if (o->rule && !zl_alloc_rule_parse(o->rule, &r->rule))
        return zl_fail(err, ZL_EINPUT,
                       "rule '%s': not choice, share, nearest, region, partner or capacity",
                       o->rule);
    if (r->rule == ZL_ALLOC_REGION && !r->c->region_layer)
        return zl_fail(err, ZL_EINPUT, "rule region needs a region layer");
    return ZL_OK;
}

static zl_status run_rules(const zl_report_opts *o, rep_run *r, int64_t norm, zl_err *err)
{
    zl_impact_opts io = {.norm = norm,
                         .rule = r->rule,
                         .inputs = r->in,
                         .keep = o->keep,
                         .n_keep = o->n_keep,
                         .stop = o->stop,
                         .n_stop = o->n_stop};
    zl_status st = zl_impact_run_rules(r->c, &io, r->rs, &r->n, err);
    if (st != ZL_OK)
        return st;
    const char *name = zl_alloc_rule_name(r->rule);
    for (size_t i = 0; i < r->n; i++) {
        const char *rule = zl_impact_scenario(r->rs[i])->rule;
        if (rule && strcmp(rule, name) == 0)
            r->main = r->rs[i];
    }
    if (!r->main)
        return zl_fail(err, ZL_EINTERNAL, "rule %s ran but has no result", name);
    return ZL_OK;
}

static zl_status documents(zl_store *s, rep_run *r, zl_err *err)
{
    unsigned flags = r->pub ? ZL_REPORT_PUBLIC : 0;
    const zl_disclosure *d = r->pub ? &r->d : NULL;
    r->impact = zl_impact_rules_to_json(r->rs, r->n, r->rule, flags, d);
    r->areas = zl_impact_areas_to_json(r->main);
    r->hist = zl_impact_histogram_to_json(r->main, flags, &r->d);
    if (!r->impact || !r->areas || !r->hist)
        return zl_fail(err, ZL_ENOMEM, "out of memory building the report's data");
    return zl_quality_impact_chapter(s, r->main, d, &r->quality, err);
}

/* The assessment of the same scenario, published like the impact for a public report. */
static zl_status assess(zl_store *s, const zl_report_opts *o, rep_run *r, int64_t norm, zl_err *err)
{
    zl_assess_thresholds th;
    zl_assess_thresholds_default(&th);
    zl_status st = o->thresholds ? zl_assess_thresholds_load(o->thresholds, &th, err) : ZL_OK;
    if (st == ZL_OK)
        st = zl_assess_inputs_load(s, r->c, o->network_layer, &r->ain, err);
    zl_assess_opts ao = {.norm = norm,
                         .rule = r->rule,
                         .alloc = r->in,
                         .keep = o->keep,
                         .n_keep = o->n_keep,
                         .stop = o->stop,
                         .n_stop = o->n_stop,
                         .thresholds = &th,
                         .mitigate = true,
                         .optimiser = true};
    if (st == ZL_OK)
        st = zl_assess_run(r->c, r->ain, &ao, &r->assess, err);
    if (st == ZL_OK &&
        !(r->aj = zl_assess_to_json_ex(r->assess, r->pub ? ZL_REPORT_PUBLIC : 0, &r->d)))
        st = zl_fail(err, ZL_ENOMEM, "out of memory building the assessment's JSON");
    return st;
}

zl_status rep_run_load(zl_store *s, const zl_report_opts *o, const char *intervention,
                       const char *norm_arg, rep_run *r, zl_err *err)
{
    memset(r, 0, sizeof *r);
    r->pub = o->public_counts;
    r->keep = o->keep;
    r->n_keep = o->n_keep;
    r->stop = o->stop;
    r->n_stop = o->n_stop;
    const char *layer = NULL;
    int64_t norm = -1;
    zl_status st = rep_region_layer(s, o, &layer, err);
    if (st == ZL_OK)
        st = zl_case_load(s, intervention, o->year, layer, &r->c, err);
    if (st == ZL_OK)
        st = zl_alloc_inputs_load(s, r->c, &r->in, err);
    if (st == ZL_OK)
        st = resolve(o, norm_arg, r, &norm, err);
    if (st == ZL_OK && r->pub)
        st = zl_store_disclosure_key(s, &r->d, err);
    if (st == ZL_OK)
        st = run_rules(o, r, norm, err);
    if (st == ZL_OK)
        st = documents(s, r, err);
    if (st == ZL_OK && (st = assess(s, o, r, norm, err)) != ZL_OK)
        zl_err_prefix(err, "assessment: ");
    return st;
}

void rep_run_free(rep_run *r)
{
    json_decref(r->impact);
    json_decref(r->areas);
    json_decref(r->hist);
    json_decref(r->quality);
    json_decref(r->aj);
    zl_assess_free(r->assess);
    zl_assess_inputs_free(r->ain);
    for (size_t i = 0; i < r->n; i++)
        zl_impact_free(r->rs[i]);
    zl_alloc_inputs_free(r->in);
    zl_case_free(r->c);
    memset(r, 0, sizeof *r);
}
