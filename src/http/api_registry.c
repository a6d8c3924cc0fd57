/* Registry endpoints: patient counts per ORPHAcode (suppressed for the public; a location
 * token sees its own patients unsuppressed, an admin everything, as the one access rule
 * zl_may_see_unsuppressed decides), the VSOP concentration verdicts and, for admins, the
 * list of submissions. The token's role becomes the viewer; nothing else is trusted. */
#include <string.h>
#include <time.h>

#include "api.h"
#include "zorglandschap/privacy.h"
#include "zorglandschap/rare.h"
#include "zorglandschap/registry.h"
#include "zorglandschap/store_registry.h"

zl_status api_act_for_location(api_req *r, zl_err *err)
{
    return api_is(r, ZL_ROLE_LOCATION)
               ? zl_store_registry_act_for(r->w->store, r->who.location_id, err)
               : ZL_OK;
}

zl_status api_act_end(api_req *r, zl_status st, zl_err *err)
{
    zl_err e = {0};
    if (zl_store_registry_act_as_holder(r->w->store, &e) == ZL_OK || st != ZL_OK)
        return st;
    *err = e;
    return e.code;
}

static zl_status code_param(const api_req *r, int64_t *code, zl_err *err)
{
    const char *c = api_query(r, "code");
    *code = -1;
    if (c && !zl_orpha_parse(c, code))
        return zl_fail(err, ZL_EINPUT, "query parameter 'code': an ORPHAcode such as ORPHA:558");
    return ZL_OK;
}

static zl_status by_param(const char *by, zl_count_by *out, zl_err *err)
{
    static const char *const names[] = {"code", "location", "age", "region"};
    for (int i = 0; i < 4; i++) {
        if (!by || strcmp(by, names[i]) == 0) {
            *out = (zl_count_by)(by ? i : 0);
            return ZL_OK;
        }
    }
    return zl_fail(err, ZL_EINPUT, "query parameter 'by': code, location, age or region");
}

static zl_status bool_param(const api_req *r, const char *name, bool *out, zl_err *err)
{
    const char *v = api_query(r, name);
    *out = v && strcmp(v, "true") == 0;
    if (v && !*out && strcmp(v, "false") != 0)
        return zl_fail(err, ZL_EINPUT, "query parameter '%s': true or false", name);
    return ZL_OK;
}

zl_status api_registry_counts(api_req *r, json_t **out, zl_err *err)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    zl_count_query q = {.viewer = api_viewer(r), .layer = api_query(r, "layer")};
    int64_t year;
    zl_status st = code_param(r, &q.code, err);
    if (st == ZL_OK)
        st = by_param(api_query(r, "by"), &q.by, err);
    if (st == ZL_OK)
        st = bool_param(r, "rollup", &q.rollup, err);
    if (st == ZL_OK)
        st = api_query_int(r, "year", 1900, 3000, tm.tm_year + 1900, &year, err);
    if (st != ZL_OK)
        return st;
    q.ref_year = (int)year;
    /* A location's own view by default; any location may be asked for, and the access
     * rule then suppresses what the caller may not see unsuppressed. */
    q.location = api_query(r, "location");
    if (!q.location && r->who.role == ZL_ROLE_LOCATION && q.by == ZL_BY_CODE)
        q.location = r->who.location_id;
    /* The location's own view (its unsuppressed counts) is computed acting for it; other
     * tables a location asks for are public ones, suppressed for every caller alike. */
    bool own = api_is(r, ZL_ROLE_LOCATION) && q.location && q.by == ZL_BY_CODE &&
               strcmp(q.location, r->who.location_id) == 0;
    zl_count_table t;
    if (own && (st = api_act_for_location(r, err)) != ZL_OK)
        return st;
    st = zl_registry_counts(r->w->store, &q, &t, err);
    zl_status done = own ? api_act_end(r, st, err) : st;
    if (done != ZL_OK && st == ZL_OK)
        zl_count_table_free(&t);
    if (done != ZL_OK)
        return done;
    *out = zl_count_table_to_json(&t);
    zl_count_table_free(&t);
    return *out ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
}

zl_status api_registry_concentration(api_req *r, json_t **out, zl_err *err)
{
    int64_t code;
    const char *date = api_query(r, "date");
    zl_status st = code_param(r, &code, err);
    if (st != ZL_OK)
        return st;
    if (date && !zl_date_valid(date))
        return zl_fail(err, ZL_EINPUT, "query parameter 'date': expected YYYY-MM-DD");
    zl_viewer v = api_viewer(r);
    zl_conc_report rep;
    if ((st = zl_registry_concentration(r->w->store, code, date, &v, &rep, err)) != ZL_OK)
        return st;
    *out = zl_conc_report_to_json(&rep);
    zl_conc_report_free(&rep);
    return *out ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
}
