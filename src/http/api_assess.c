/* The regional impact assessment over HTTP: GET /api/v1/assess with the options of
 * `zl assess` as query parameters (docs/http.md). It can take a second (the exception
 * search, the optimiser), so it needs an analyst or admin token; patient counts are
 * published (docs/privacy.md) unless the caller may see them exactly (the access rule of
 * privacy.h: administrators). The case and its allocation inputs
 * come from the worker's cache (api_case); the assessment's own inputs are read per
 * request (a few small queries). */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "zorglandschap/assess.h"
#include "zorglandschap/norms.h"
#include "zorglandschap/privacy.h"
#include "zorglandschap/store_disclosure.h"

typedef struct assess_params {
    const char *intervention, *norm, *rule, *layer, *network, *mitigation;
    int64_t year, max_keep;
    char **keep;
    size_t n_keep;
} assess_params;

static zl_status read_params(const api_req *r, assess_params *p, zl_assess_opts *o, zl_err *err)
{
    p->intervention = api_query(r, "intervention");
    p->norm = api_query(r, "norm");
    p->rule = api_query(r, "rule");
    p->layer = api_query(r, "layer");
    p->network = api_query(r, "network_layer");
    p->mitigation = api_query(r, "mitigation");
    const char *keep = api_query(r, "keep");
    zl_status st = api_query_int(r, "year", 0, 2200, 0, &p->year, err);
    if (st == ZL_OK)
        st = api_query_int(r, "max_keep", 1, 8, 3, &p->max_keep, err);
    if (st == ZL_OK)
        st = zl_split_list(keep ? keep : "", &p->keep, &p->n_keep, err);
    if (st != ZL_OK)
        return st;
    if (!p->intervention)
        return zl_fail(err, ZL_EINPUT, "query parameter 'intervention' is required");
    if (p->rule && !zl_alloc_rule_parse(p->rule, &o->rule))
        return zl_fail(err, ZL_EINPUT,
                       "'rule': choice, share, nearest, region, partner or capacity");
    if (p->mitigation && strcmp(p->mitigation, "true") != 0 && strcmp(p->mitigation, "false") != 0)
        return zl_fail(err, ZL_EINPUT, "query parameter 'mitigation': true or false");
    if (!p->layer)
        p->layer = "province";
    if (strcmp(p->layer, "none") == 0)
        p->layer = NULL;
    o->mitigate = o->optimiser = !p->mitigation || strcmp(p->mitigation, "true") == 0;
    o->max_keep = (size_t)p->max_keep;
    o->keep = (const char *const *)p->keep;
    o->n_keep = p->n_keep;
    return ZL_OK;
}

zl_status api_assess(api_req *r, json_t **out, zl_err *err)
{
    assess_params p = {0};
    zl_assess_thresholds th;
    zl_assess_thresholds_default(&th);
    zl_assess_opts o = {.norm = -1, .rule = ZL_ALLOC_NEAREST, .thresholds = &th};
    zl_status st = read_params(r, &p, &o, err);
    const zl_case *c = NULL;
    zl_assess_inputs *in = NULL;
    zl_assess *a = NULL;
    if (st == ZL_OK)
        st = api_case(r, p.intervention, (int)p.year, p.layer, &c, err);
    if (st == ZL_OK)
        st = api_case_inputs(r, c, &o.alloc, err);
    if (st == ZL_OK && zl_norm_resolve(&c->intervention, p.norm, &o.norm, err) != ZL_OK)
        st = zl_err_prefix(err, "'norm': ");
    if (st == ZL_OK && !p.rule)
        o.rule = zl_alloc_default_rule(o.alloc);
    if (st == ZL_OK)
        st = zl_assess_inputs_load(r->w->store, c, p.network, &in, err);
    if (st == ZL_OK)
        st = zl_assess_run(c, in, &o, &a, err);
    zl_viewer v = api_viewer(r);
    unsigned flags = zl_may_see_unsuppressed(&v, NULL) ? 0 : ZL_REPORT_PUBLIC;
    zl_disclosure d;
    if (st == ZL_OK && flags)
        st = zl_store_disclosure_key(r->w->store, &d, err);
    if (st == ZL_OK && !(*out = zl_assess_to_json_ex(a, flags, flags ? &d : NULL)))
        st = zl_fail(err, ZL_ENOMEM, "out of memory building the assessment");
    zl_assess_free(a);
    zl_assess_inputs_free(in);
    zl_strv_free(p.keep);
    return st;
}
