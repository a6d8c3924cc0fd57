/* Quality transparency over HTTP (docs/quality.md): indicator definitions, the funnel
 * plot of an indicator, the volume-outcome report with a norm's expected change, which
 * hospitals publish what, and the comparison page for patients and GPs. Callers without
 * an exact view get the published numbers (small denominators suppressed, counts rounded). */
#include <string.h>

#include "api.h"
#include "zorglandschap/quality.h"
#include "zorglandschap/store_disclosure.h"

/* NULL for viewers with the exact view, else the database's disclosure key in *d. */
static zl_status disclosure_for(api_req *r, zl_disclosure *d, const zl_disclosure **out,
                                zl_err *err)
{
    zl_viewer v = api_viewer(r);
    *out = NULL;
    if (zl_may_see_unsuppressed(&v, NULL))
        return ZL_OK;
    zl_status st = zl_store_disclosure_key(r->w->store, d, err);
    if (st == ZL_OK)
        *out = d;
    return st;
}

static zl_status required(const api_req *r, const char *name, const char **out, zl_err *err)
{
    if (!(*out = api_query(r, name)) || !**out)
        return zl_fail(err, ZL_EINPUT, "query parameter '%s' is required", name);
    return ZL_OK;
}

zl_status api_quality_indicators(api_req *r, json_t **out, zl_err *err)
{
    zl_indicator *ind = NULL;
    size_t n = 0;
    zl_status st = zl_quality_indicators(r->w->store, api_query(r, "intervention"), &ind, &n, err);
    if (st != ZL_OK)
        return st;
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        int first = 0, last = 0;
        zl_store_indicator_years(r->w->store, ind[i].code, &first, &last, err);
        json_t *o = zl_indicator_to_json(&ind[i]);
        json_object_set_new(o, "years", json_pack("[i,i]", first, last));
        json_array_append_new(a, o);
    }
    zl_quality_indicators_free(ind, n);
    *out = json_pack("{s:o}", "indicators", a);
    return *out ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
}

zl_status api_quality_funnel(api_req *r, json_t **out, zl_err *err)
{
    const char *code, *od = api_query(r, "overdispersion");
    int64_t year;
    zl_status st = required(r, "indicator", &code, err);
    if (st == ZL_OK)
        st = api_query_int(r, "year", 1900, 2200, 0, &year, err);
    if (st == ZL_OK && od && strcmp(od, "true") != 0 && strcmp(od, "false") != 0)
        st = zl_fail(err, ZL_EINPUT, "query parameter 'overdispersion': true or false");
    zl_funnel *f = NULL;
    zl_disclosure dk;
    const zl_disclosure *d = NULL;
    if (st == ZL_OK)
        st = disclosure_for(r, &dk, &d, err);
    if (st == ZL_OK)
        st =
            zl_quality_funnel(r->w->store, code, (int)year, od && strcmp(od, "true") == 0, &f, err);
    if (st != ZL_OK)
        return st;
    *out = zl_funnel_to_json(f, d);
    zl_funnel_free(f);
    return *out ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
}

zl_status api_quality_volume_outcome(api_req *r, json_t **out, zl_err *err)
{
    const char *code;
    int64_t from, to;
    zl_status st = required(r, "intervention", &code, err);
    if (st == ZL_OK)
        st = api_query_int(r, "from", 1900, 2200, 0, &from, err);
    if (st == ZL_OK)
        st = api_query_int(r, "to", 1900, 2200, 0, &to, err);
    zl_disclosure dk;
    const zl_disclosure *d = NULL;
    if (st == ZL_OK)
        st = disclosure_for(r, &dk, &d, err);
    if (st == ZL_OK)
        st = zl_quality_vo_report(r->w->store, code, (int)from, (int)to, api_query(r, "norm"), d,
                                  out, err);
    return st;
}

zl_status api_quality_publish_status(api_req *r, json_t **out, zl_err *err)
{
    int64_t year;
    zl_status st = api_query_int(r, "year", 1900, 2200, 0, &year, err);
    zl_publish_status *p = NULL;
    if (st == ZL_OK)
        st = zl_quality_publish_status(r->w->store, api_query(r, "intervention"), (int)year, &p,
                                       err);
    if (st != ZL_OK)
        return st;
    *out = zl_publish_status_to_json(p);
    zl_publish_status_free(p);
    return *out ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
}

zl_status api_quality_compare(api_req *r, json_t **out, zl_err *err)
{
    const char *code;
    int64_t year, pc4;
    zl_status st = required(r, "intervention", &code, err);
    if (st == ZL_OK)
        st = api_query_int(r, "year", 1900, 2200, 0, &year, err);
    if (st == ZL_OK)
        st = api_query_int(r, "postcode", 1000, 9999, 0, &pc4, err);
    zl_disclosure dk;
    const zl_disclosure *d = NULL;
    if (st == ZL_OK)
        st = disclosure_for(r, &dk, &d, err);
    if (st == ZL_OK)
        st = zl_quality_compare(r->w->store, code, (int)year, (int32_t)pc4, d, out, err);
    return st;
}
