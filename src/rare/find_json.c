/* The finder's answer for people: each hit with its names, type, prevalence and the
 * centres recognised for it on a date; when it has none, the nearest ancestors in the
 * classification that do ("adjacent expertise"), with the path and their ERNs; when
 * nothing matches, the advice to code ORPHA:616874 and to go through an ERN. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "zorglandschap/rare.h"
#include "zorglandschap/rare_finder.h"
#include "zorglandschap/store_rare.h"

#define MAX_ANCESTORS 512

typedef struct walk_node {
    int64_t code;
    int pred; /* index of the child it was reached from, -1 for the hit */
} walk_node;

static json_t *path_json(zl_store *s, const walk_node *n, int at, zl_err *err)
{
    json_t *path = json_array();
    for (int i = at; i >= 0; i = n[i].pred) {
        zl_rows d = {0};
        if (zl_rare_get_disorder(s, n[i].code, &d, err) != ZL_OK) {
            json_decref(path);
            return NULL;
        }
        json_t *o = json_object();
        json_object_set_new(o, "orpha", json_integer(n[i].code));
        json_object_set_new(o, "name", json_string(d.n ? zl_rows_get(&d, 0, 1) : ""));
        json_array_insert_new(path, 0, o);
        zl_rows_free(&d);
    }
    return path;
}

static void add_erns(json_t *erns, const zl_rows *centres)
{
    for (size_t i = 0; i < centres->n; i++) {
        const char *e = zl_rows_get(centres, i, 5);
        bool seen = false;
        size_t k;
        json_t *v;
        json_array_foreach(erns, k, v) seen = seen || (e && strcmp(json_string_value(v), e) == 0);
        if (e && !seen)
            json_array_append_new(erns, json_string(e));
    }
}

/* Breadth-first up the is-a graph; the first level with recognised centres wins. */
static zl_status adjacent(zl_store *s, int64_t orpha, const char *date, json_t *out, zl_err *err)
{
    walk_node n[MAX_ANCESTORS];
    int nn = 1, level_start = 0;
    n[0] = (walk_node){orpha, -1};
    while (level_start < nn) {
        int level_end = nn;
        bool found = false;
        for (int i = level_start; i < level_end; i++) {
            zl_rows p = {0};
            if (zl_rare_get_parents(s, n[i].code, &p, err) != ZL_OK)
                return err->code;
            for (size_t k = 0; k < p.n && nn < MAX_ANCESTORS; k++) {
                int64_t c = zl_rows_int(&p, k, 0);
                bool dup = false;
                for (int j = 0; j < nn && !dup; j++)
                    dup = n[j].code == c;
                if (!dup)
                    n[nn++] = (walk_node){c, i};
            }
            zl_rows_free(&p);
        }
        for (int i = level_end; i < nn; i++) {
            zl_rows c = {0};
            if (zl_rare_get_centres(s, n[i].code, date, &c, err) != ZL_OK)
                return err->code;
            if (c.n) {
                json_t *a = json_object(), *erns = json_array();
                json_t *path = path_json(s, n, i, err);
                if (!path) {
                    zl_rows_free(&c);
                    json_decref(a);
                    json_decref(erns);
                    return err->code;
                }
                json_object_set_new(a, "orpha", json_integer(n[i].code));
                json_object_set_new(a, "code", json_sprintf("ORPHA:%lld", (long long)n[i].code));
                json_object_set_new(a, "name",
                                    json_incref(json_object_get(
                                        json_array_get(path, json_array_size(path) - 1), "name")));
                json_object_set_new(a, "path", path);
                json_object_set_new(a, "centres", zl_rare_centres_json(&c));
                add_erns(erns, &c);
                json_object_set_new(a, "erns", erns);
                json_array_append_new(out, a);
                found = true;
            }
            zl_rows_free(&c);
        }
        if (found)
            break;
        level_start = level_end;
    }
    return ZL_OK;
}

static json_t *preferred_names(const zl_rows *names)
{
    json_t *o = json_object();
    for (size_t i = 0; i < names->n; i++)
        if (strcmp(zl_rows_get(names, i, 1), "preferred") == 0)
            json_object_set_new(o, zl_rows_get(names, i, 0), json_string(zl_rows_get(names, i, 2)));
    return o;
}

static json_t *prevalence_json(const zl_rows *p)
{
    json_t *a = json_array();
    for (size_t i = 0; i < p->n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "type", json_string(zl_rows_get(p, i, 0)));
        json_object_set_new(o, "class",
                            zl_rows_get(p, i, 2) ? json_string(zl_rows_get(p, i, 2)) : json_null());
        json_object_set_new(o, "geography",
                            zl_rows_get(p, i, 4) ? json_string(zl_rows_get(p, i, 4)) : json_null());
        json_object_set_new(o, "source", json_string(zl_rows_get(p, i, 6)));
        json_array_append_new(a, o);
    }
    return a;
}

static zl_status hit_json(zl_store *s, const zl_finder_hit *h, const char *date, json_t **out,
                          zl_err *err)
{
    zl_rows d = {0}, names = {0}, prev = {0}, centres = {0};
    zl_status rc = zl_rare_get_disorder(s, h->orpha, &d, err);
    if (rc == ZL_OK)
        rc = zl_rare_get_names(s, h->orpha, &names, err);
    if (rc == ZL_OK)
        rc = zl_rare_get_prevalence(s, h->orpha, &prev, err);
    if (rc == ZL_OK)
        rc = zl_rare_get_centres(s, h->orpha, date, &centres, err);
    json_t *o = json_object();
    if (rc == ZL_OK) {
        json_object_set_new(o, "orpha", json_integer(h->orpha));
        json_object_set_new(o, "code", json_sprintf("ORPHA:%lld", (long long)h->orpha));
        json_object_set_new(o, "name", json_string(d.n ? zl_rows_get(&d, 0, 1) : ""));
        json_object_set_new(o, "names", preferred_names(&names));
        json_object_set_new(o, "type",
                            d.n && zl_rows_get(&d, 0, 2) ? json_string(zl_rows_get(&d, 0, 2))
                                                         : json_null());
        json_object_set_new(o, "score", json_real((double)(int)(h->score * 1000) / 1000));
        json_object_set_new(o, "match", json_string(h->match));
        json_object_set_new(o, "matched_name", h->name ? json_string(h->name) : json_null());
        if (h->via)
            json_object_set_new(o, "resolved_from", json_sprintf("ORPHA:%lld", (long long)h->via));
        json_object_set_new(o, "prevalence", prevalence_json(&prev));
        json_object_set_new(o, "centres", zl_rare_centres_json(&centres));
        json_t *adj = json_array();
        json_object_set_new(o, "adjacent_expertise", adj);
        if (centres.n == 0)
            rc = adjacent(s, h->orpha, date, adj, err);
    }
    zl_rows_free(&d);
    zl_rows_free(&names);
    zl_rows_free(&prev);
    zl_rows_free(&centres);
    if (rc != ZL_OK) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return ZL_OK;
}

static json_t *advice_json(zl_store *s, zl_err *err)
{
    json_t *a = json_object();
    json_object_set_new(a, "code", json_string("ORPHA:616874"));
    json_object_set_new(a, "name",
                        json_string("Rare disorder without a determined diagnosis "
                                    "after full investigation"));
    json_object_set_new(
        a, "route",
        json_string("No disorder matched. Register the patient with ORPHA:616874 and ask an "
                    "expertise centre in the European Reference Network (ERN) of the affected "
                    "organ system for advice; the ERNs are listed below."));
    zl_rows e = {0};
    json_t *erns = json_array();
    if (zl_rare_get_erns(s, &e, err) == ZL_OK)
        for (size_t i = 0; i < e.n; i++) {
            json_t *o = json_object();
            json_object_set_new(o, "acronym", json_string(zl_rows_get(&e, i, 0)));
            json_object_set_new(o, "scope",
                                zl_rows_get(&e, i, 2) ? json_string(zl_rows_get(&e, i, 2))
                                                      : json_null());
            json_array_append_new(erns, o);
        }
    zl_rows_free(&e);
    json_object_set_new(a, "erns", erns);
    return a;
}

zl_status zl_rare_find_json(zl_store *s, zl_finder *f, const char *query, const char *lang,
                            int limit, const char *date, json_t **out, zl_err *err)
{
    zl_finder_hit *hits = calloc((size_t)(limit > 0 ? limit : 1), sizeof *hits);
    if (!hits)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    int n = 0;
    zl_status rc = zl_finder_search(f, s, query, lang, hits, limit, &n, err);
    json_t *o = json_object(), *arr = json_array();
    json_object_set_new(o, "query", json_string(query));
    json_object_set_new(o, "lang", lang ? json_string(lang) : json_null());
    json_object_set_new(o, "date", json_string(date));
    json_object_set_new(o, "hits", arr);
    for (int i = 0; rc == ZL_OK && i < n; i++) {
        json_t *h;
        if ((rc = hit_json(s, &hits[i], date, &h, err)) == ZL_OK)
            json_array_append_new(arr, h);
    }
    bool synthetic = false;
    size_t i;
    json_t *h;
    json_array_foreach(arr, i, h)
    {
        json_t *c;
        size_t k;
        json_array_foreach(json_object_get(h, "centres"), k, c) synthetic =
            synthetic || json_is_true(json_object_get(c, "synthetic"));
        json_array_foreach(json_object_get(h, "adjacent_expertise"), k, c)
        {
            json_t *cc;
            size_t m;
            json_array_foreach(json_object_get(c, "centres"), m, cc) synthetic =
                synthetic || json_is_true(json_object_get(cc, "synthetic"));
        }
    }
    json_object_set_new(o, "synthetic_centres", json_boolean(synthetic));
    if (rc == ZL_OK && n == 0)
        json_object_set_new(o, "advice", advice_json(s, err));
    free(hits);
    if (rc != ZL_OK) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return ZL_OK;
}
