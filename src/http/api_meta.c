/* Endpoints about the service itself: health, the OpenAPI document, and who a token is. */
#include "api.h"
#include "zorglandschap/privacy.h"

json_t *api_str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

zl_status api_set(json_t *obj, const char *key, json_t *v, zl_err *err)
{
    if (!v || json_object_set_new(obj, key, v) != 0)
        return zl_fail(err, ZL_ENOMEM, "out of memory building JSON");
    return ZL_OK;
}

zl_status api_health(api_req *r, json_t **out, zl_err *err)
{
    *out =
        json_pack("{s:s,s:i,s:i}", "status", "ok", "schema_version",
                  zl_store_schema_version(r->w->store), "schema_latest", zl_store_schema_latest());
    return *out ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
}

zl_status api_openapi(api_req *r, json_t **out, zl_err *err)
{
    if (!r->srv->cfg.openapi)
        return zl_fail(err, ZL_ENOTFOUND, "this server has no OpenAPI document");
    json_error_t je;
    *out = json_load_file(r->srv->cfg.openapi, 0, &je);
    if (!*out)
        return zl_fail(err, ZL_EIO, "%s:%d: %s", r->srv->cfg.openapi, je.line, je.text);
    return ZL_OK;
}

zl_status api_whoami(api_req *r, json_t **out, zl_err *err)
{
    *out = json_pack("{s:s,s:s,s:o}", "token_id", r->who.token_id, "role",
                     zl_role_name(r->who.role), "location_id", api_str_or_null(r->who.location_id));
    return *out ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
}

/* The token's role becomes the privacy viewer; nothing else the client says is trusted. */
zl_viewer api_viewer(const api_req *r)
{
    switch (r->who.role) {
    case ZL_ROLE_ADMIN:
        return (zl_viewer){ZL_VIEWER_ADMIN, NULL};
    case ZL_ROLE_ANALYST:
        return (zl_viewer){ZL_VIEWER_ANALYST, NULL};
    case ZL_ROLE_LOCATION:
        return (zl_viewer){ZL_VIEWER_LOCATION, r->who.location_id};
    default:
        return (zl_viewer){ZL_VIEWER_PUBLIC, NULL};
    }
}
