/* JSON forms of the expertise-centre register on a date and of one Orphanet record,
 * built here so that the CLI and the HTTP server print the same thing. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "rare_internal.h"
#include "zorglandschap/rare.h"
#include "zorglandschap/store_rare.h"

static json_t *text_or_null(const char *v)
{
    return v ? json_string(v) : json_null();
}

static json_t *int_or_null(const zl_rows *r, size_t i, size_t j)
{
    return zl_rows_get(r, i, j) ? json_integer(zl_rows_int(r, i, j)) : json_null();
}

/* Turns rows into an array of objects with the given keys ('#' prefix: integer, '?':
 * boolean, '%': real). */
static json_t *rows_json(const zl_rows *r, const char *const *keys)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < r->n; i++) {
        json_t *o = json_object();
        for (size_t j = 0; o && j < r->ncol && keys[j]; j++) {
            const char *k = keys[j], *cell = zl_rows_get(r, i, j);
            json_t *v;
            if (k[0] == '#')
                v = int_or_null(r, i, j), k++;
            else if (k[0] == '?')
                v = json_boolean(zl_rows_int(r, i, j) != 0), k++;
            else if (k[0] == '%')
                v = cell ? json_real(atof(cell)) : json_null(), k++;
            else
                v = text_or_null(cell);
            json_object_set_new(o, k, v);
        }
        json_array_append_new(a, o);
    }
    return a;
}

static bool any_synthetic(const zl_rows *r, size_t col)
{
    for (size_t i = 0; i < r->n; i++)
        if (zl_rows_int(r, i, col))
            return true;
    return false;
}

zl_status zl_rare_register_json(zl_store *s, const char *date, json_t **out, zl_err *err)
{
    static const char *const keys[] = {"#orpha",        "disorder",    "centre_id",
                                       "centre",        "location_id", "location",
                                       "city",          "ern",         "recognised_from",
                                       "recognised_to", "status",      "patient_organisation",
                                       "?synthetic",    NULL};
    zl_rows r = {0};
    if (zl_rare_get_register(s, date, &r, err) != ZL_OK)
        return err->code;
    json_t *o = json_object();
    json_object_set_new(o, "date", json_string(date));
    json_object_set_new(o, "synthetic", json_boolean(any_synthetic(&r, 12)));
    json_object_set_new(o, "count", json_integer((json_int_t)r.n));
    json_object_set_new(o, "recognitions", rows_json(&r, keys));
    zl_rows_free(&r);
    *out = o;
    return o ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
}

const char *const zl_rare_centre_keys[] = {"centre_id",
                                           "centre",
                                           "location_id",
                                           "location",
                                           "city",
                                           "ern",
                                           "recognised_from",
                                           "recognised_to",
                                           "status",
                                           "patient_organisation",
                                           "?synthetic",
                                           NULL};

json_t *zl_rare_centres_json(const zl_rows *r)
{
    return rows_json(r, zl_rare_centre_keys);
}

static zl_status add_rows(json_t *o, const char *key, zl_status got, zl_rows *r,
                          const char *const *keys)
{
    if (got != ZL_OK)
        return got;
    json_object_set_new(o, key, rows_json(r, keys));
    zl_rows_free(r);
    return ZL_OK;
}

static json_t *names_json(const zl_rows *r)
{
    json_t *o = json_object();
    for (size_t i = 0; i < r->n; i++) {
        const char *lang = zl_rows_get(r, i, 0), *kind = zl_rows_get(r, i, 1);
        json_t *l = json_object_get(o, lang);
        if (!l) {
            l = json_object();
            json_object_set_new(l, "synonyms", json_array());
            json_object_set_new(o, lang, l);
        }
        if (strcmp(kind, "preferred") == 0)
            json_object_set_new(l, "preferred", json_string(zl_rows_get(r, i, 2)));
        else
            json_array_append_new(json_object_get(l, "synonyms"),
                                  json_string(zl_rows_get(r, i, 2)));
    }
    return o;
}

zl_status zl_rare_record_json(zl_store *s, int64_t orpha, const char *date, json_t **out,
                              zl_err *err)
{
    static const char *const rel[] = {"#orpha", "name", "type", NULL};
    static const char *const xref[] = {"db", "code", "relation", "validation", NULL};
    static const char *const prev[] = {"type",      "qualification", "class",  "%value",
                                       "geography", "validation",    "source", NULL};
    zl_rows d = {0}, r = {0};
    if (zl_rare_get_disorder(s, orpha, &d, err) != ZL_OK)
        return err->code;
    if (d.n == 0) {
        zl_rows_free(&d);
        return zl_fail(err, ZL_ENOTFOUND, "ORPHA:%lld is not in the nomenclature",
                       (long long)orpha);
    }
    json_t *o = json_object();
    json_object_set_new(o, "orpha", json_integer(orpha));
    json_object_set_new(o, "code", json_sprintf("ORPHA:%lld", (long long)orpha));
    json_object_set_new(o, "name", json_string(zl_rows_get(&d, 0, 1)));
    json_object_set_new(o, "type", text_or_null(zl_rows_get(&d, 0, 2)));
    json_object_set_new(o, "status", json_string(zl_rows_get(&d, 0, 3)));
    json_object_set_new(o, "moved_to", int_or_null(&d, 0, 4));
    json_object_set_new(o, "definition", text_or_null(zl_rows_get(&d, 0, 5)));
    json_object_set_new(o, "linearisation", int_or_null(&d, 0, 6));
    zl_rows_free(&d);
    zl_status rc = zl_rare_get_names(s, orpha, &r, err);
    if (rc == ZL_OK) {
        json_object_set_new(o, "names", names_json(&r));
        zl_rows_free(&r);
    }
    if (rc == ZL_OK)
        rc = add_rows(o, "parents", zl_rare_get_parents(s, orpha, &r, err), &r, rel);
    if (rc == ZL_OK)
        rc = add_rows(o, "children", zl_rare_get_children(s, orpha, &r, err), &r, rel);
    if (rc == ZL_OK)
        rc = add_rows(o, "xrefs", zl_rare_get_xrefs(s, orpha, &r, err), &r, xref);
    if (rc == ZL_OK)
        rc = add_rows(o, "prevalence", zl_rare_get_prevalence(s, orpha, &r, err), &r, prev);
    if (rc == ZL_OK && (rc = zl_rare_get_centres(s, orpha, date, &r, err)) == ZL_OK) {
        json_object_set_new(o, "date", json_string(date));
        json_object_set_new(o, "centres", zl_rare_centres_json(&r));
        zl_rows_free(&r);
    }
    if (rc != ZL_OK) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return ZL_OK;
}
