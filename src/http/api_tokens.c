/* Token management for admins: list, create (the token is shown once), revoke. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "zorglandschap/store_tokens.h"

zl_status api_tokens_list(api_req *r, json_t **out, zl_err *err)
{
    zl_token_row *rows;
    size_t n;
    zl_status st = zl_store_token_list(r->w->store, &rows, &n, err);
    if (st != ZL_OK)
        return st;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        if (arr)
            json_array_append_new(
                arr, json_pack("{s:s,s:s,s:o,s:s,s:s,s:o,s:o}", "id", rows[i].id, "role",
                               rows[i].role, "location_id", api_str_or_null(rows[i].location_id),
                               "label", rows[i].label, "created_at", rows[i].created_at,
                               "revoked_at", api_str_or_null(rows[i].revoked_at), "expires_at",
                               api_str_or_null(rows[i].expires_at)));
        zl_token_row_clear(&rows[i]);
    }
    free(rows);
    *out = arr ? json_pack("{s:I,s:o}", "count", (json_int_t)json_array_size(arr), "tokens", arr)
               : NULL;
    return *out ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
}

zl_status api_tokens_create(api_req *r, json_t **out, zl_err *err)
{
    zl_status st = api_body_check(r->body, "role,location_id,label,expires", err);
    if (st != ZL_OK)
        return st;
    json_t *jrole = json_object_get(r->body, "role");
    json_t *jloc = json_object_get(r->body, "location_id");
    json_t *jlabel = json_object_get(r->body, "label");
    zl_role role;
    if (!json_is_string(jrole) || !zl_role_parse(json_string_value(jrole), &role))
        return zl_fail(err, ZL_EINPUT, "'role' must be one of admin, analyst, location");
    if (jloc && !json_is_string(jloc) && !json_is_null(jloc))
        return zl_fail(err, ZL_EINPUT, "'location_id' must be a string");
    if (jlabel && !json_is_string(jlabel))
        return zl_fail(err, ZL_EINPUT, "'label' must be a string");
    json_t *jexp = json_object_get(r->body, "expires");
    int64_t lifetime = 0;
    if (jexp && !json_is_null(jexp) &&
        (!json_is_string(jexp) || !zl_token_lifetime_parse(json_string_value(jexp), &lifetime)))
        return zl_fail(err, ZL_EINPUT,
                       "'expires' must be a lifetime such as \"90d\", \"12h\" or"
                       " \"30m\" (at most 10 years)");
    const char *loc = json_is_string(jloc) ? json_string_value(jloc) : NULL;
    char *token, id[ZL_TOKEN_ID_LEN + 1];
    st = zl_token_create(r->w->store, role, loc, jlabel ? json_string_value(jlabel) : "", lifetime,
                         &token, id, err);
    if (st == ZL_ENOTFOUND)
        return zl_fail(err, ZL_EINPUT, "'location_id': no such location");
    if (st != ZL_OK)
        return st;
    *out = json_pack("{s:s,s:s,s:s,s:o}", "id", id, "token", token, "role", zl_role_name(role),
                     "location_id", api_str_or_null(loc));
    free(token);
    r->status = 201;
    return *out ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
}

zl_status api_tokens_revoke(api_req *r, json_t **out, zl_err *err)
{
    bool was;
    zl_status st = zl_store_token_revoke(r->w->store, r->params[0], &was, err);
    if (st == ZL_ENOTFOUND)
        return zl_fail(err, ZL_ENOTFOUND, "no token with this id");
    if (st != ZL_OK)
        return st;
    *out = json_pack("{s:s,s:b}", "id", r->params[0], "revoked", true);
    return *out ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
}
