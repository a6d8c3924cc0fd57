/* POST /api/v1/registry/submissions: a location (or the registry holder) uploads a
 * registration file from the browser and gets the import's validation report; the
 * submission history of GET /registry/submissions is the caller's own for a location.
 * The body is JSON {"name": "file.csv", "csv": "<the file's text>"}; the text is written
 * to a private temporary directory, imported by the library (the same validation as
 * `zl registry import`) and removed; the directory never appears in the report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api.h"
#include "zorglandschap/registry.h"

/* The uploaded name reduced to [A-Za-z0-9._-] (at most 80) without leading dots,
 * "upload.csv" when nothing is left. */
static void safe_name(const char *in, char out[81])
{
    size_t n = 0;
    const char *p = in ? in : "";
    while (*p == '.')
        p++;
    for (; *p && n < 80; p++) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '-' || c == '_';
        out[n++] = ok ? c : '_';
    }
    out[n] = '\0';
    if (n == 0)
        snprintf(out, 81, "upload.csv");
}

/* Removes every "DIR/" from s (in place). */
static void strip_dir(char *s, const char *dir)
{
    size_t dl = strlen(dir);
    char *p;
    while ((p = strstr(s, dir)) && p[dl] == '/')
        memmove(p, p + dl + 1, strlen(p + dl + 1) + 1);
}

static zl_status write_file(const char *path, const char *text, size_t len, zl_err *err)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return zl_fail(err, ZL_EIO, "cannot store the upload");
    bool ok = fwrite(text, 1, len, f) == len;
    ok = fclose(f) == 0 && ok;
    return ok ? ZL_OK : zl_fail(err, ZL_EIO, "cannot store the upload");
}

static zl_status import_upload(api_req *r, const char *dir, const char *path, const char *name,
                               json_t **out, zl_err *err)
{
    const json_t *csv = json_object_get(r->body, "csv");
    zl_status st = write_file(path, json_string_value(csv), json_string_length(csv), err);
    if (st != ZL_OK)
        return st;
    zl_registry_upload u = {.name = name,
                            .location = api_is(r, ZL_ROLE_LOCATION) ? r->who.location_id : NULL};
    zl_registry_import_result res;
    if ((st = api_act_for_location(r, err)) != ZL_OK)
        return st;
    zl_status imported = zl_registry_import_upload(r->w->store, path, &u, &res, err);
    if ((st = api_act_end(r, imported, err)) != ZL_OK && imported == ZL_OK)
        zl_registry_import_result_free(&res);
    if (st != ZL_OK) {
        strip_dir(err->msg, dir);
        return st;
    }
    for (size_t i = 0; i < res.nrejects; i++)
        strip_dir(res.rejects[i].reason, dir);
    json_t *rep = zl_registry_import_to_json(&res);
    zl_registry_import_result_free(&res);
    if (!rep || json_object_set_new(rep, "name", json_string(name)) != 0) {
        json_decref(rep);
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    *out = rep;
    r->status = 201;
    return ZL_OK;
}

zl_status api_registry_upload(api_req *r, json_t **out, zl_err *err)
{
    zl_status st = api_body_check(r->body, "name,csv", err);
    if (st != ZL_OK)
        return st;
    const json_t *csv = json_object_get(r->body, "csv"), *nm = json_object_get(r->body, "name");
    if (!json_is_string(csv) || json_string_length(csv) == 0)
        return zl_fail(err, ZL_EINPUT, "'csv' must be the text of the registration file");
    if (nm && !json_is_string(nm))
        return zl_fail(err, ZL_EINPUT, "'name' must be a string");
    char name[81];
    safe_name(nm ? json_string_value(nm) : NULL, name);
    const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char dir[512], path[700];
    if ((size_t)snprintf(dir, sizeof dir, "%s/zl-upload-XXXXXX", tmp) >= sizeof dir ||
        !mkdtemp(dir))
        return zl_fail(err, ZL_EIO, "cannot store the upload");
    snprintf(path, sizeof path, "%s/%s", dir, name);
    st = import_upload(r, dir, path, name, out, err);
    unlink(path);
    rmdir(dir);
    return st;
}

zl_status api_registry_submissions(api_req *r, json_t **out, zl_err *err)
{
    zl_status st = api_act_for_location(r, err);
    if (st != ZL_OK)
        return st;
    *out = api_is(r, ZL_ROLE_LOCATION)
               ? zl_registry_submissions_json_of(r->w->store, r->who.location_id, err)
               : zl_registry_submissions_json(r->w->store, err);
    st = *out ? ZL_OK : (err->code ? err->code : zl_fail(err, ZL_ENOMEM, "out of memory"));
    zl_status done = api_act_end(r, st, err);
    if (done != ZL_OK && st == ZL_OK) {
        json_decref(*out);
        *out = NULL;
    }
    return done;
}
