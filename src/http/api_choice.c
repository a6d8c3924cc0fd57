/* The hospital-choice model over HTTP: the list of stored fits and one fit
 * (docs/choice.md). Per-location patient counts follow the impact report's small-count
 * rule for callers who may not see them. */
#include <stdlib.h>

#include "api.h"
#include "zorglandschap/choice.h"
#include "zorglandschap/privacy.h"
#include "zorglandschap/store_choice.h"
#include "zorglandschap/store_disclosure.h"

static zl_status add_key(void *ctx, const char *code, int year, zl_err *err)
{
    json_t *a = ctx;
    if (json_array_append_new(a, json_pack("{s:s,s:i}", "intervention", code, "year", year)))
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    return ZL_OK;
}

zl_status api_choice_list(api_req *r, json_t **out, zl_err *err)
{
    json_t *a = json_array();
    if (!a)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    zl_status st = zl_store_choice_each(r->w->store, add_key, a, err);
    if (st != ZL_OK) {
        json_decref(a);
        return st;
    }
    *out = json_pack("{s:o,s:s}", "models", a, "definitions", "docs/choice.md");
    return *out ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
}

zl_status api_choice_get(api_req *r, json_t **out, zl_err *err)
{
    const char *code = r->params[0];
    int64_t year;
    zl_status st = api_query_int(r, "year", 1900, 2200, 0, &year, err);
    zl_choice_model *m = NULL;
    if (st == ZL_OK)
        st = zl_store_choice_load(r->w->store, code, (int)year, &m, err);
    if (st != ZL_OK)
        return st;
    if (!m)
        return zl_fail(err, ZL_ENOTFOUND, "no choice model is stored for '%s' (zl choice fit)",
                       code);
    /* Patient counts published as in every public report (docs/privacy.md) unless the
     * caller may see them exactly. */
    zl_viewer v = api_viewer(r);
    bool exact = zl_may_see_unsuppressed(&v, NULL);
    zl_disclosure d;
    if (!exact && (st = zl_store_disclosure_key(r->w->store, &d, err)) != ZL_OK) {
        zl_choice_model_free(m);
        return st;
    }
    *out = zl_choice_to_json_ex(m, exact ? NULL : &d);
    zl_choice_model_free(m);
    return *out ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
}
