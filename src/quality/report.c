/* The volume-outcome report of an intervention for both front ends: every indicator's fit
 * and, for a norm, the expected change of outcomes under the scenario of the impact
 * analysis (the case of the latest year, the default allocation rule: the fitted choice
 * model when there is one). */
#include <jansson.h>
#include <string.h>

#include "quality_internal.h"
#include "zorglandschap/impact.h"
#include "zorglandschap/norms.h"
#include "zorglandschap/store_landscape.h"

/* The impact of a norm (NULL: none) on the case of the latest year; *r NULL when no norm. */
static zl_status run_impact(zl_store *s, const char *intervention, const char *norm_arg,
                            zl_case **c, zl_alloc_inputs **in, zl_impact **r, int64_t *norm,
                            zl_err *err)
{
    if (!norm_arg)
        return ZL_OK;
    zl_status st = zl_case_load(s, intervention, 0, NULL, c, err);
    if (st == ZL_OK)
        st = zl_alloc_inputs_load(s, *c, in, err);
    if (st == ZL_OK && (st = zl_norm_resolve(&(*c)->intervention, norm_arg, norm, err)) != ZL_OK)
        zl_err_prefix(err, "norm: ");
    if (st == ZL_OK && *norm < 0)
        *norm = (*c)->intervention.norm;
    zl_impact_opts o = {
        .norm = *norm, .rule = st == ZL_OK ? zl_alloc_default_rule(*in) : 0, .inputs = *in};
    if (st == ZL_OK)
        st = zl_impact_run(*c, &o, r, err);
    return st;
}

static zl_status add_fits(zl_store *s, const char *intervention, int from, int to,
                          const zl_impact *imp, int64_t norm, const zl_disclosure *d, json_t *fits,
                          zl_err *err)
{
    zl_indicator *ind = NULL;
    size_t n = 0;
    zl_status st = zl_quality_indicators(s, intervention, &ind, &n, err);
    for (size_t i = 0; st == ZL_OK && i < n; i++) {
        zl_vo_fit *f = NULL;
        zl_err e2 = {0};
        if (zl_quality_volume_outcome(s, ind[i].code, from, to, &f, &e2) != ZL_OK) {
            json_array_append_new(
                fits, json_pack("{s:s,s:s}", "indicator", ind[i].code, "error", e2.msg));
            continue;
        }
        zl_vo_change ch;
        if (imp)
            st = zl_vo_scenario(f, imp, d, &ch, err);
        if (st == ZL_OK)
            json_array_append_new(fits, zl_vo_to_json(f, imp ? &ch : NULL, norm, d));
        zl_vo_free(f);
    }
    zl_quality_indicators_free(ind, n);
    return st;
}

zl_status zl_quality_vo_report(zl_store *s, const char *intervention, int from, int to,
                               const char *norm_arg, const zl_disclosure *d, json_t **out,
                               zl_err *err)
{
    bool known;
    char code[64];
    zl_status st = zl_store_intervention_code(s, intervention, code, &known, err);
    if (st == ZL_OK && !known)
        return zl_fail(err, ZL_ENOTFOUND, "unknown intervention '%s'", intervention);
    intervention = code; /* the stored spelling: cell names must not depend on case */
    zl_case *c = NULL;
    zl_alloc_inputs *in = NULL;
    zl_impact *imp = NULL;
    int64_t norm = -1;
    json_t *fits = json_array();
    if (st == ZL_OK)
        st = run_impact(s, intervention, norm_arg, &c, &in, &imp, &norm, err);
    if (st == ZL_OK)
        st = add_fits(s, intervention, from, to, imp, norm, d, fits, err);
    if (st == ZL_OK && json_array_size(fits) == 0)
        st = zl_fail(err, ZL_ENOTFOUND, "intervention %s has no quality indicators", intervention);
    if (st == ZL_OK)
        *out = json_pack("{s:s,s:o,s:s,s:o,s:b}", "intervention", intervention, "norm",
                         imp ? json_integer(norm) : json_null(), "rule",
                         imp ? zl_alloc_rule_name(zl_alloc_default_rule(in)) : "none", "fits", fits,
                         "public", d != NULL);
    else
        json_decref(fits);
    zl_impact_free(imp);
    zl_alloc_inputs_free(in);
    zl_case_free(c);
    return st;
}

zl_status zl_quality_impact_chapter(zl_store *s, const zl_impact *r, const zl_disclosure *d,
                                    json_t **out, zl_err *err)
{
    const zl_case *c = zl_impact_case(r);
    *out = NULL;
    zl_indicator *ind = NULL;
    size_t n = 0;
    zl_status st = zl_quality_indicators(s, c->intervention.code, &ind, &n, err);
    zl_quality_indicators_free(ind, n);
    if (st != ZL_OK || n == 0)
        return st;
    json_t *fits = json_array();
    int64_t norm = zl_impact_metrics_get(r)->norm;
    if ((st = add_fits(s, c->intervention.code, 0, 0, r, norm, d, fits, err)) != ZL_OK) {
        json_decref(fits);
        return st;
    }
    *out = json_pack("{s:s,s:I,s:o,s:s}", "intervention", c->intervention.code, "norm",
                     (json_int_t)norm, "fits", fits, "caveat_en",
                     "Association is not causation: expected outcomes follow the "
                     "volume-outcome association, not a proven effect (docs/quality.md).");
    return ZL_OK;
}
