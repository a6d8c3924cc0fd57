/* The optimiser over HTTP: POST /api/v1/optimise with a JSON body mirroring
 * `zl optimise`. It can run for seconds, so it needs an analyst or admin token, its
 * GLPK time limit is capped (OPTIMISE_MAX_SECONDS) to bound a request's time, and one
 * optimisation runs at a time (GLPK's environment; freed after each run so worker
 * threads do not keep one). */
#include <glpk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "zorglandschap/norms.h"
#include "zorglandschap/optimise.h"

#define OPTIMISE_MAX_SECONDS 20.0

typedef struct opt_body {
    const char *intervention, *layer, *objective, *method;
    json_t *norm;
    int64_t year;
    char **keep, **exclude;
    size_t n_keep, n_exclude;
} opt_body;

static zl_status get_str(const json_t *b, const char *k, const char **out, zl_err *err)
{
    const json_t *v = json_object_get(b, k);
    *out = NULL;
    if (!v || json_is_null(v))
        return ZL_OK;
    if (!json_is_string(v))
        return zl_fail(err, ZL_EINPUT, "'%s' must be a string", k);
    *out = json_string_value(v);
    return ZL_OK;
}

static zl_status get_num(const json_t *b, const char *k, double lo, double hi, double *out,
                         zl_err *err)
{
    const json_t *v = json_object_get(b, k);
    if (!v || json_is_null(v))
        return ZL_OK;
    if (!json_is_number(v) || json_number_value(v) < lo || json_number_value(v) > hi)
        return zl_fail(err, ZL_EINPUT, "'%s' must be a number %g..%g", k, lo, hi);
    *out = json_number_value(v);
    return ZL_OK;
}

static zl_status get_ids(const json_t *b, const char *k, char ***out, size_t *n, zl_err *err)
{
    const json_t *a = json_object_get(b, k);
    *n = 0;
    if (a && !json_is_array(a))
        return zl_fail(err, ZL_EINPUT, "'%s' must be an array of location ids", k);
    size_t len = a ? json_array_size(a) : 0;
    if (!(*out = calloc(len + 1, sizeof **out)))
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    for (; *n < len; (*n)++) {
        const json_t *v = json_array_get(a, *n);
        if (!json_is_string(v))
            return zl_fail(err, ZL_EINPUT, "'%s' must be an array of location ids", k);
        if (!((*out)[*n] = strdup(json_string_value(v))))
            return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    return ZL_OK;
}

/* Reads the body into o and b (strings borrowed from the body). */
static zl_status read_body(const json_t *body, zl_optimise_opts *o, opt_body *b, zl_err *err)
{
    zl_status st = api_body_check(body,
                                  "intervention,norm,year,keep,exclude,max_locations,"
                                  "min_per_region,max_minutes,capacity_factor,objective,method,"
                                  "time_limit,mip_neighbours,norm_margin",
                                  err);
    double year = 0, maxloc = 0, mipn = 0, limit = OPTIMISE_MAX_SECONDS;
    if (st == ZL_OK)
        st = get_str(body, "intervention", &b->intervention, err);
    if (st == ZL_OK)
        st = get_str(body, "min_per_region", &b->layer, err);
    if (st == ZL_OK)
        st = get_str(body, "objective", &b->objective, err);
    if (st == ZL_OK)
        st = get_str(body, "method", &b->method, err);
    if (st == ZL_OK)
        st = get_num(body, "year", 1900, 2200, &year, err);
    if (st == ZL_OK)
        st = get_num(body, "max_locations", 1, 10000, &maxloc, err);
    if (st == ZL_OK)
        st = get_num(body, "max_minutes", 1, 1440, &o->max_minutes, err);
    if (st == ZL_OK)
        st = get_num(body, "capacity_factor", 1, 100, &o->capacity_factor, err);
    if (st == ZL_OK)
        st = get_num(body, "time_limit", 0.1, OPTIMISE_MAX_SECONDS, &limit, err);
    if (st == ZL_OK)
        st = get_num(body, "norm_margin", 0, 1000, &o->norm_margin, err);
    if (st == ZL_OK)
        st = get_num(body, "mip_neighbours", 1, 1000, &mipn, err);
    if (st == ZL_OK)
        st = get_ids(body, "keep", &b->keep, &b->n_keep, err);
    if (st == ZL_OK)
        st = get_ids(body, "exclude", &b->exclude, &b->n_exclude, err);
    if (st != ZL_OK)
        return st;
    if (year != floor(year) || maxloc != floor(maxloc) || mipn != floor(mipn))
        return zl_fail(err, ZL_EINPUT, "'year', 'max_locations' and 'mip_neighbours' are integers");
    if (!b->intervention)
        return zl_fail(err, ZL_EINPUT, "'intervention' is required");
    if (b->objective && !zl_opt_objective_parse(b->objective, &o->objective))
        return zl_fail(err, ZL_EINPUT, "'objective': total, max or beyond45");
    if (b->method && !zl_opt_method_parse(b->method, &o->method))
        return zl_fail(err, ZL_EINPUT, "'method': auto, exact or heuristic");
    b->norm = json_object_get(body, "norm");
    b->year = (int64_t)year;
    o->max_locations = (int)maxloc;
    o->mip_neighbours = (int)mipn;
    o->time_limit = limit;
    o->min_per_region = b->layer != NULL;
    o->keep = (const char *const *)b->keep;
    o->n_keep = b->n_keep;
    o->exclude = (const char *const *)b->exclude;
    o->n_exclude = b->n_exclude;
    return ZL_OK;
}

static zl_status resolve_norm(const json_t *norm, const zl_case *c, int64_t *out, zl_err *err)
{
    char num[32];
    const char *arg = NULL;
    if (json_is_string(norm)) {
        arg = json_string_value(norm);
    } else if (json_is_integer(norm)) {
        snprintf(num, sizeof num, "%lld", (long long)json_integer_value(norm));
        arg = num;
    } else if (norm && !json_is_null(norm)) {
        return zl_fail(err, ZL_EINPUT, "'norm': a number, \"current\" or \"proposed\"");
    }
    if (zl_norm_resolve(&c->intervention, arg, out, err) != ZL_OK)
        return zl_err_prefix(err, "'norm': ");
    return ZL_OK;
}

zl_status api_optimise(api_req *r, json_t **out, zl_err *err)
{
    zl_optimise_opts o = {.norm = -1, .objective = ZL_OBJ_TOTAL, .method = ZL_OPT_AUTO};
    opt_body b = {0};
    zl_status st = read_body(r->body, &o, &b, err);
    const zl_case *c = NULL;
    if (st == ZL_OK)
        st = api_case(r, b.intervention, (int)b.year, b.layer, &c, err);
    if (st == ZL_OK)
        st = api_case_inputs(r, c, &o.inputs, err);
    if (st == ZL_OK)
        st = resolve_norm(b.norm, c, &o.norm, err);
    zl_optimise_result *res = NULL;
    if (st == ZL_OK) {
        pthread_mutex_lock(&r->srv->optimise_lock);
        st = zl_optimise_run(c, &o, &res, err);
        glp_free_env();
        pthread_mutex_unlock(&r->srv->optimise_lock);
    }
    if (st == ZL_OK) {
        *out = zl_optimise_to_json(c, res);
        if (!*out)
            st = zl_fail(err, ZL_ENOMEM, "out of memory building the report");
    }
    zl_optimise_free(res);
    zl_strv_free(b.keep);
    zl_strv_free(b.exclude);
    return st;
}
