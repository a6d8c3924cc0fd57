/* The analyses of a volume norm: the norm check and the impact analysis, by GET with
 * query parameters or by POST with a JSON body that mirrors `zl impact`'s options. Cases
 * are loaded once per worker thread and reused (api_case). */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "zorglandschap/impact.h"
#include "zorglandschap/impact_areas.h"
#include "zorglandschap/norms.h"
#include "zorglandschap/privacy.h"
#include "zorglandschap/quality.h"
#include "zorglandschap/store_disclosure.h"

typedef struct impact_params {
    const char *intervention;
    const char *norm; /* a number, "current", "proposed" or NULL */
    int64_t year;     /* 0: latest */
    char **stop, **keep;
    size_t n_stop, n_keep;
    const char *rule, *rules, *layer;
    bool map;
    char norm_buf[24];
} impact_params;

static void params_free(impact_params *p)
{
    zl_strv_free(p->stop);
    zl_strv_free(p->keep);
}

/* Resolves the norm against the case: "current" or absent -> -1 (the current norm). */
static zl_status resolve_norm(const impact_params *p, const zl_case *c, int64_t *norm, zl_err *err)
{
    if (zl_norm_resolve(&c->intervention, p->norm, norm, err) != ZL_OK)
        return zl_err_prefix(err, "'norm': ");
    return ZL_OK;
}

static zl_status year_check(int64_t y, zl_err *err)
{
    if (y != 0 && (y < 1900 || y > 2200))
        return zl_fail(err, ZL_EINPUT, "'year': expected a year 1900..2200");
    return ZL_OK;
}

static zl_status params_from_query(const api_req *r, impact_params *p, zl_err *err)
{
    memset(p, 0, sizeof *p);
    p->intervention = api_query(r, "intervention");
    p->norm = api_query(r, "norm");
    p->rule = api_query(r, "rule");
    p->rules = api_query(r, "rules");
    p->layer = api_query(r, "region_layer");
    const char *map = api_query(r, "map");
    if (map && strcmp(map, "true") != 0 && strcmp(map, "false") != 0)
        return zl_fail(err, ZL_EINPUT, "query parameter 'map': true or false");
    p->map = map && strcmp(map, "true") == 0;
    zl_status st = api_query_int(r, "year", 0, 9999, 0, &p->year, err);
    if (st == ZL_OK)
        st = year_check(p->year, err);
    const char *stop = api_query(r, "stop"), *keep = api_query(r, "keep");
    if (st == ZL_OK)
        st = zl_split_list(stop ? stop : "", &p->stop, &p->n_stop, err);
    if (st == ZL_OK)
        st = zl_split_list(keep ? keep : "", &p->keep, &p->n_keep, err);
    return st;
}

/* A JSON array of strings as a NULL-terminated vector (caller frees, zl_strv_free). */
static zl_status strv_from_json(const json_t *a, const char *name, char ***out, size_t *n,
                                zl_err *err)
{
    *n = a ? json_array_size(a) : 0;
    if (a && !json_is_array(a))
        return zl_fail(err, ZL_EINPUT, "'%s' must be an array of location ids", name);
    if (!(*out = calloc(*n + 1, sizeof **out)))
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t i = 0; i < *n; i++) {
        const json_t *v = json_array_get(a, i);
        if (!json_is_string(v))
            return zl_fail(err, ZL_EINPUT, "'%s' must be an array of location ids", name);
        if (!((*out)[i] = strdup(json_string_value(v))))
            return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    return ZL_OK;
}

static zl_status opt_string(const json_t *body, const char *name, const char **out, zl_err *err)
{
    const json_t *v = json_object_get(body, name);
    *out = NULL;
    if (!v || json_is_null(v))
        return ZL_OK;
    if (!json_is_string(v))
        return zl_fail(err, ZL_EINPUT, "'%s' must be a string", name);
    *out = json_string_value(v);
    return ZL_OK;
}

static zl_status params_from_body(const api_req *r, impact_params *p, zl_err *err)
{
    memset(p, 0, sizeof *p);
    const json_t *b = r->body;
    zl_status st =
        api_body_check(b, "intervention,norm,year,stop,keep,rule,rules,region_layer,map", err);
    if (st == ZL_OK)
        st = opt_string(b, "intervention", &p->intervention, err);
    if (st == ZL_OK)
        st = opt_string(b, "rule", &p->rule, err);
    if (st == ZL_OK)
        st = opt_string(b, "rules", &p->rules, err);
    if (st == ZL_OK)
        st = opt_string(b, "region_layer", &p->layer, err);
    const json_t *norm = json_object_get(b, "norm"), *year = json_object_get(b, "year");
    const json_t *map = json_object_get(b, "map");
    if (st == ZL_OK && norm && json_is_integer(norm)) {
        snprintf(p->norm_buf, sizeof p->norm_buf, "%lld", (long long)json_integer_value(norm));
        p->norm = p->norm_buf;
    } else if (st == ZL_OK && norm && json_is_string(norm)) {
        p->norm = json_string_value(norm);
    } else if (st == ZL_OK && norm && !json_is_null(norm)) {
        st = zl_fail(err, ZL_EINPUT, "'norm': a number, \"current\" or \"proposed\"");
    }
    if (st == ZL_OK && year && !json_is_null(year)) {
        if (!json_is_integer(year))
            st = zl_fail(err, ZL_EINPUT, "'year' must be an integer");
        else
            st = year_check(p->year = json_integer_value(year), err);
    }
    if (st == ZL_OK && map && !json_is_boolean(map))
        st = zl_fail(err, ZL_EINPUT, "'map' must be true or false");
    p->map = map && json_is_true(map);
    if (st == ZL_OK)
        st = strv_from_json(json_object_get(b, "stop"), "stop", &p->stop, &p->n_stop, err);
    if (st == ZL_OK)
        st = strv_from_json(json_object_get(b, "keep"), "keep", &p->keep, &p->n_keep, err);
    return st;
}

static zl_status check_rule(const impact_params *p, zl_impact_opts *o, zl_err *err)
{
    if (p->rule && !zl_alloc_rule_parse(p->rule, &o->rule))
        return zl_fail(err, ZL_EINPUT,
                       "'rule': choice, share, nearest, region, partner or capacity");
    if (p->rules && strcmp(p->rules, "all") != 0)
        return zl_fail(err, ZL_EINPUT, "'rules': only \"all\" is known");
    if (p->rule && o->rule == ZL_ALLOC_REGION && !p->layer)
        return zl_fail(err, ZL_EINPUT, "'rule' region needs 'region_layer' (e.g. province)");
    if (p->layer && !p->rules && !(p->rule && o->rule == ZL_ALLOC_REGION))
        return zl_fail(err, ZL_EINPUT,
                       "'region_layer' only applies to the rule 'region' or 'rules': \"all\"");
    return ZL_OK;
}

/* The default rule's report, or with rules=all every rule and the band. */
static zl_status run_report(const zl_case *c, const impact_params *p, zl_impact_opts *o,
                            unsigned flags, const zl_disclosure *d, json_t **out, zl_impact **res,
                            zl_err *err)
{
    zl_alloc_rule dflt = zl_alloc_default_rule(o->inputs);
    if (!p->rule)
        o->rule = dflt;
    if (!p->rules) {
        zl_status st = zl_impact_run(c, o, res, err);
        if (st == ZL_OK)
            *out = zl_impact_to_json_ex(*res, flags, d);
        return st;
    }
    zl_impact *rs[ZL_ALLOC_N_RULES];
    size_t n = 0;
    zl_status st = zl_impact_run_rules(c, o, rs, &n, err);
    if (st != ZL_OK)
        return st;
    *out = zl_impact_rules_to_json(rs, n, o->rule, flags, d);
    for (size_t i = 0; i < n; i++) {
        const char *rule = zl_impact_scenario(rs[i])->rule;
        if (!*res && rule && strcmp(rule, zl_alloc_rule_name(o->rule)) == 0)
            *res = rs[i];
        else
            zl_impact_free(rs[i]);
    }
    return ZL_OK;
}

static zl_status impact_answer(api_req *r, impact_params *p, json_t **out, zl_err *err)
{
    if (!p->intervention)
        return zl_fail(err, ZL_EINPUT, "'intervention' is required");
    zl_impact_opts o = {.norm = -1,
                        .rule = ZL_ALLOC_NEAREST,
                        .stop = (const char *const *)p->stop,
                        .n_stop = p->n_stop,
                        .keep = (const char *const *)p->keep,
                        .n_keep = p->n_keep};
    zl_status st = check_rule(p, &o, err);
    const zl_case *c = NULL;
    if (st == ZL_OK)
        st = api_case(r, p->intervention, (int)p->year, p->layer, &c, err);
    if (st == ZL_OK)
        st = api_case_inputs(r, c, &o.inputs, err);
    if (st == ZL_OK)
        st = resolve_norm(p, c, &o.norm, err);
    /* Patient counts are published (docs/privacy.md) unless the caller may see them
     * exactly (privacy.h). */
    zl_viewer v = api_viewer(r);
    unsigned flags = zl_may_see_unsuppressed(&v, NULL) ? 0 : ZL_REPORT_PUBLIC;
    zl_disclosure d;
    if (st == ZL_OK && flags)
        st = zl_store_disclosure_key(r->w->store, &d, err);
    zl_impact *res = NULL;
    *out = NULL;
    if (st == ZL_OK)
        st = run_report(c, p, &o, flags, flags ? &d : NULL, out, &res, err);
    if (st != ZL_OK) {
        zl_impact_free(res);
        return st;
    }
    /* The quality chapter when the intervention has indicators (docs/quality.md). */
    json_t *quality = NULL;
    if (*out && res && !p->rules &&
        (zl_quality_impact_chapter(r->w->store, res, flags ? &d : NULL, &quality, err) != ZL_OK ||
         (quality && api_set(*out, "quality", quality, err) != ZL_OK))) {
        json_decref(*out);
        *out = NULL;
    }
    if (*out && res && p->map) {
        if (api_set(*out, "areas", zl_impact_areas_to_json(res), err) != ZL_OK ||
            api_set(*out, "histogram", zl_impact_histogram_to_json(res, flags, &d), err) != ZL_OK) {
            json_decref(*out);
            *out = NULL;
        }
    }
    zl_impact_free(res);
    if (*out)
        return ZL_OK;
    return err->code != ZL_OK ? err->code
                              : zl_fail(err, ZL_ENOMEM, "out of memory building the report");
}

zl_status api_impact_get(api_req *r, json_t **out, zl_err *err)
{
    impact_params p;
    zl_status st = params_from_query(r, &p, err);
    if (st == ZL_OK)
        st = impact_answer(r, &p, out, err);
    params_free(&p);
    return st;
}

zl_status api_impact_post(api_req *r, json_t **out, zl_err *err)
{
    impact_params p;
    zl_status st = params_from_body(r, &p, err);
    if (st == ZL_OK)
        st = impact_answer(r, &p, out, err);
    params_free(&p);
    return st;
}

zl_status api_norms(api_req *r, json_t **out, zl_err *err)
{
    impact_params p = {.intervention = api_query(r, "intervention"), .norm = api_query(r, "norm")};
    if (!p.intervention)
        return zl_fail(err, ZL_EINPUT, "query parameter 'intervention' is required");
    zl_status st = api_query_int(r, "year", 0, 9999, 0, &p.year, err);
    if (st == ZL_OK)
        st = year_check(p.year, err);
    const zl_case *c;
    if (st == ZL_OK)
        st = api_case(r, p.intervention, (int)p.year, NULL, &c, err);
    int64_t norm = -1;
    if (st == ZL_OK)
        st = resolve_norm(&p, c, &norm, err);
    zl_norm_check *nc = NULL;
    if (st == ZL_OK)
        st = zl_norm_check_run(c, norm, &nc, err);
    if (st != ZL_OK)
        return st;
    zl_viewer v = api_viewer(r);
    zl_disclosure d;
    bool exact = zl_may_see_unsuppressed(&v, NULL);
    if (!exact && zl_store_disclosure_key(r->w->store, &d, err) != ZL_OK) {
        zl_norm_check_free(nc);
        return err->code;
    }
    *out = zl_norm_check_to_json_public(nc, exact ? NULL : &d);
    zl_norm_check_free(nc);
    return *out ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
}
