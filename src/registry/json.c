/* JSON forms of registry results, shared by the CLI and the HTTP server. */
#include <jansson.h>

#include "zorglandschap/registry.h"
#include "zorglandschap/store_registry.h"

json_t *zl_registry_import_to_json(const zl_registry_import_result *res)
{
    json_t *rej = json_array();
    for (size_t i = 0; rej && i < res->nrejects; i++)
        json_array_append_new(
            rej, json_pack("{s:I,s:s?,s:s}", "line", (json_int_t)res->rejects[i].line, "column",
                           res->rejects[i].column, "reason", res->rejects[i].reason));
    const char delim[2] = {res->delimiter ? res->delimiter : ',', 0};
    return json_pack("{s:I,s:b,s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:o,s:b}", "submission",
                     (json_int_t)res->submission_id, "stored", res->stored, "delimiter", delim,
                     "rows", (json_int_t)res->rows, "accepted", (json_int_t)res->accepted,
                     "rejected", (json_int_t)res->rejected, "errors", (json_int_t)res->errors,
                     "inserted", (json_int_t)res->inserted, "updated", (json_int_t)res->updated,
                     "unchanged", (json_int_t)res->unchanged, "rejections", rej,
                     "rejections_truncated", res->errors > (int64_t)res->nrejects);
}

static zl_status add_submission(const zl_submission_row *r, void *ctx, zl_err *err)
{
    json_t *o =
        json_pack("{s:I,s:s,s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:b,s:s?}", "id", (json_int_t)r->id,
                  "source", r->source, "digest_blake2b", r->digest, "submitted_at", r->submitted_at,
                  "rows", (json_int_t)r->counts.rows, "accepted", (json_int_t)r->counts.accepted,
                  "rejected", (json_int_t)r->counts.rejected, "inserted",
                  (json_int_t)r->counts.inserted, "updated", (json_int_t)r->counts.updated,
                  "unchanged", (json_int_t)r->counts.unchanged, "synthetic", r->synthetic,
                  "location_id", r->location_id);
    if (!o || json_array_append_new(ctx, o) != 0)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    return ZL_OK;
}

json_t *zl_registry_submissions_json_of(zl_store *s, const char *location, zl_err *err)
{
    json_t *a = json_array();
    if (!a) {
        zl_fail(err, ZL_ENOMEM, "out of memory");
        return NULL;
    }
    if (zl_store_registry_submissions_of(s, location, add_submission, a, err) != ZL_OK) {
        json_decref(a);
        return NULL;
    }
    return a;
}

json_t *zl_registry_submissions_json(zl_store *s, zl_err *err)
{
    json_t *a = json_array();
    if (!a) {
        zl_fail(err, ZL_ENOMEM, "out of memory");
        return NULL;
    }
    if (zl_store_registry_submissions(s, add_submission, a, err) != ZL_OK) {
        json_decref(a);
        return NULL;
    }
    return a;
}
