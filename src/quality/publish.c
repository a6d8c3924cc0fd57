/* Transparency of (in)transparency: for every provider of an intervention and each of its
 * indicators, whether the hospital publishes the result, reported it without publishing,
 * or has no value at all; summaries per indicator and per location and a national share. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "quality_internal.h"
#include "zorglandschap/util.h"

typedef struct cell_list {
    zl_publish_status *p;
    size_t cap;
} cell_list;

static zl_status keep_cell(void *ctx, const zl_publish_row *r, zl_err *err)
{
    cell_list *c = ctx;
    void *v = c->p->cells;
    if (zl_grow(&v, &c->cap, c->p->n + 1, sizeof *c->p->cells, err) != ZL_OK)
        return ZL_ENOMEM;
    c->p->cells = v;
    zl_publish_cell *x = &c->p->cells[c->p->n];
    *x = (zl_publish_cell){.intervention = strdup(r->intervention),
                           .indicator = strdup(r->indicator),
                           .location_id = strdup(r->location_id),
                           .name = strdup(r->name),
                           .lat = r->lat,
                           .lon = r->lon,
                           .state = r->state};
    c->p->n++;
    if (!x->intervention || !x->indicator || !x->location_id || !x->name)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    c->p->published += r->state == 1;
    c->p->reported += r->state >= 0;
    c->p->synthetic |= r->synthetic;
    return ZL_OK;
}

zl_status zl_quality_publish_status(zl_store *s, const char *intervention, int year,
                                    zl_publish_status **out, zl_err *err)
{
    zl_status st = ZL_OK;
    if (year <= 0 && (st = zl_store_quality_latest_year(s, intervention, &year, err)) == ZL_OK &&
        year == 0)
        return zl_fail(err, ZL_ENOTFOUND, "no indicator values%s%s (import indicator-values)",
                       intervention ? " for " : "", intervention ? intervention : "");
    if (st != ZL_OK)
        return st;
    zl_publish_status *p = calloc(1, sizeof *p);
    if (!p)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    p->year = year;
    cell_list c = {.p = p};
    if ((st = zl_store_publish_status_each(s, intervention, year, keep_cell, &c, err)) != ZL_OK) {
        zl_publish_status_free(p);
        return st;
    }
    *out = p;
    return ZL_OK;
}

void zl_publish_status_free(zl_publish_status *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->cells[i].intervention), free(p->cells[i].indicator);
        free(p->cells[i].location_id), free(p->cells[i].name);
    }
    free(p->cells);
    free(p);
}

static const char *state_name(int state)
{
    return state > 0 ? "published" : state == 0 ? "not published" : "no data";
}

static json_t *share(size_t part, size_t whole)
{
    return whole ? json_real((double)part / (double)whole) : json_null();
}

/* Per indicator: cells are ordered by intervention and indicator, so groups are runs. */
static json_t *by_indicator(const zl_publish_status *p)
{
    json_t *a = json_array();
    for (size_t i = 0; i < p->n;) {
        size_t j = i, pub = 0, rep = 0;
        for (; j < p->n && strcmp(p->cells[j].indicator, p->cells[i].indicator) == 0; j++)
            pub += p->cells[j].state == 1, rep += p->cells[j].state >= 0;
        json_array_append_new(
            a, json_pack("{s:s,s:s,s:I,s:I,s:I,s:o}", "indicator", p->cells[i].indicator,
                         "intervention", p->cells[i].intervention, "providers", (json_int_t)(j - i),
                         "published", (json_int_t)pub, "reported", (json_int_t)rep,
                         "share_published", share(pub, j - i)));
        i = j;
    }
    return a;
}

/* Per location and intervention (the map): how many of its indicators it publishes. */
static json_t *by_location(const zl_publish_status *p)
{
    json_t *o = json_object();
    for (size_t i = 0; i < p->n; i++) {
        const zl_publish_cell *c = &p->cells[i];
        char key[160];
        snprintf(key, sizeof key, "%s/%s", c->location_id, c->intervention);
        json_t *l = json_object_get(o, key);
        if (!l) {
            l = json_pack("{s:s,s:s,s:s,s:f,s:f,s:i,s:i,s:o}", "location_id", c->location_id,
                          "name", c->name, "intervention", c->intervention, "lat", c->lat, "lon",
                          c->lon, "indicators", 0, "published", 0, "status", json_object());
            json_object_set_new(o, key, l);
        }
        json_object_set_new(l, "indicators",
                            json_integer(json_integer_value(json_object_get(l, "indicators")) + 1));
        json_object_set_new(
            l, "published",
            json_integer(json_integer_value(json_object_get(l, "published")) + (c->state == 1)));
        json_object_set_new(json_object_get(l, "status"), c->indicator,
                            json_string(state_name(c->state)));
    }
    json_t *a = json_array();
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v) json_array_append(a, v);
    json_decref(o);
    return a;
}

json_t *zl_publish_status_to_json(const zl_publish_status *p)
{
    json_t *cells = json_array();
    for (size_t i = 0; i < p->n; i++) {
        const zl_publish_cell *c = &p->cells[i];
        json_array_append_new(cells,
                              json_pack("{s:s,s:s,s:s,s:s,s:s}", "intervention", c->intervention,
                                        "indicator", c->indicator, "location_id", c->location_id,
                                        "name", c->name, "status", state_name(c->state)));
    }
    return json_pack("{s:i,s:{s:I,s:I,s:I,s:o},s:o,s:o,s:o,s:b}", "year", p->year, "national",
                     "cells", (json_int_t)p->n, "published", (json_int_t)p->published, "reported",
                     (json_int_t)p->reported, "share_published", share(p->published, p->n),
                     "indicators", by_indicator(p), "locations", by_location(p), "cells", cells,
                     "synthetic", p->synthetic);
}
