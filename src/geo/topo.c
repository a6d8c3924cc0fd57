/* Decoding the browser UI's TopoJSON topology (quantised, delta-encoded arcs shared by
 * neighbouring shapes) into projected rings per shape. No C TopoJSON reader is packaged
 * in Debian; the format is small (arcs, a transform, polygons as lists of arc indices,
 * ~i for a reversed arc) and jansson reads the JSON. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "zorglandschap/geo.h"
#include "zorglandschap/util.h"

#define LAT0 52.2
#define KM_PER_DEG 111.32

void zl_geo_project(double lat, double lon, double *x, double *y)
{
    *x = (lon - 3.0) * KM_PER_DEG * cos(LAT0 * M_PI / 180.0);
    *y = (54.0 - lat) * KM_PER_DEG;
}

/* Every arc decoded to projected points. */
typedef struct arcs {
    size_t n;
    size_t *start; /* n + 1 */
    double *xy;
} arcs;

static void arcs_free(arcs *a)
{
    free(a->start);
    free(a->xy);
}

static zl_status decode_arcs(const json_t *topo, const char *path, arcs *out, zl_err *err)
{
    const json_t *ja = json_object_get(topo, "arcs"), *tr = json_object_get(topo, "transform");
    const json_t *sc = json_object_get(tr, "scale"), *tl = json_object_get(tr, "translate");
    if (!json_is_array(ja) || json_array_size(sc) != 2 || json_array_size(tl) != 2)
        return zl_fail(err, ZL_EINPUT, "%s: not a quantised TopoJSON topology (arcs, transform)",
                       path);
    double s[2] = {json_number_value(json_array_get(sc, 0)), json_number_value(json_array_get(sc, 1))};
    double t[2] = {json_number_value(json_array_get(tl, 0)), json_number_value(json_array_get(tl, 1))};
    out->n = json_array_size(ja);
    size_t total = 0;
    for (size_t i = 0; i < out->n; i++)
        total += json_array_size(json_array_get(ja, i));
    out->start = malloc((out->n + 1) * sizeof *out->start);
    out->xy = malloc((total ? total : 1) * 2 * sizeof *out->xy);
    if (!out->start || !out->xy)
        return zl_fail(err, ZL_ENOMEM, "out of memory decoding %s", path);
    size_t k = 0;
    for (size_t i = 0; i < out->n; i++) {
        const json_t *arc = json_array_get(ja, i);
        out->start[i] = k;
        double qx = 0, qy = 0;
        for (size_t j = 0; j < json_array_size(arc); j++, k++) {
            const json_t *p = json_array_get(arc, j);
            if (json_array_size(p) < 2)
                return zl_fail(err, ZL_EINPUT, "%s: arc %zu, point %zu: expected [dx, dy]", path,
                               i, j);
            qx += json_number_value(json_array_get(p, 0));
            qy += json_number_value(json_array_get(p, 1));
            zl_geo_project(qy * s[1] + t[1], qx * s[0] + t[0], &out->xy[2 * k],
                           &out->xy[2 * k + 1]);
        }
    }
    out->start[out->n] = k;
    return ZL_OK;
}

/* Ring builder: appends arcs (reversed for ~i), dropping the point two arcs share. */
typedef struct ring_buf {
    size_t n_rings, cap_rings, n_pts, cap_pts;
    size_t *start;
    double *xy;
} ring_buf;

static zl_status push_point(ring_buf *b, const double *p, zl_err *err)
{
    if (zl_grow((void **)&b->xy, &b->cap_pts, 2 * (b->n_pts + 1), sizeof *b->xy, err) != ZL_OK)
        return err->code;
    b->xy[2 * b->n_pts] = p[0];
    b->xy[2 * b->n_pts + 1] = p[1];
    b->n_pts++;
    return ZL_OK;
}

static zl_status add_ring(ring_buf *b, const arcs *a, const json_t *ring, const char *path,
                          zl_err *err)
{
    if (zl_grow((void **)&b->start, &b->cap_rings, b->n_rings + 2, sizeof *b->start, err) != ZL_OK)
        return err->code;
    b->start[b->n_rings++] = b->n_pts;
    for (size_t i = 0; i < json_array_size(ring); i++) {
        json_int_t ix = json_integer_value(json_array_get(ring, i));
        bool rev = ix < 0;
        size_t arc = (size_t)(rev ? ~ix : ix);
        if (!json_is_integer(json_array_get(ring, i)) || arc >= a->n)
            return zl_fail(err, ZL_EINPUT, "%s: arc index %lld out of range", path, (long long)ix);
        size_t from = a->start[arc], to = a->start[arc + 1], len = to - from;
        for (size_t j = i ? 1 : 0; j < len; j++) {
            size_t p = rev ? to - 1 - j : from + j;
            if (push_point(b, &a->xy[2 * p], err) != ZL_OK)
                return err->code;
        }
    }
    b->start[b->n_rings] = b->n_pts;
    return ZL_OK;
}

static zl_status add_polygon(ring_buf *b, const arcs *a, const json_t *poly, const char *path,
                             zl_err *err)
{
    for (size_t r = 0; r < json_array_size(poly); r++)
        if (add_ring(b, a, json_array_get(poly, r), path, err) != ZL_OK)
            return err->code;
    return ZL_OK;
}

static void shape_bbox(zl_geo_shape *s)
{
    s->bbox[0] = s->bbox[1] = INFINITY;
    s->bbox[2] = s->bbox[3] = -INFINITY;
    for (size_t k = 0; k < s->start[s->n_rings]; k++) {
        s->bbox[0] = fmin(s->bbox[0], s->xy[2 * k]);
        s->bbox[1] = fmin(s->bbox[1], s->xy[2 * k + 1]);
        s->bbox[2] = fmax(s->bbox[2], s->xy[2 * k]);
        s->bbox[3] = fmax(s->bbox[3], s->xy[2 * k + 1]);
    }
}

static zl_status decode_shape(const json_t *g, const arcs *a, const char *path, zl_geo_shape *s,
                              zl_err *err)
{
    const char *type = json_string_value(json_object_get(g, "type"));
    const json_t *ga = json_object_get(g, "arcs");
    ring_buf b = {0};
    zl_status st = ZL_OK;
    if (type && strcmp(type, "Polygon") == 0) {
        st = add_polygon(&b, a, ga, path, err);
    } else if (type && strcmp(type, "MultiPolygon") == 0) {
        for (size_t i = 0; st == ZL_OK && i < json_array_size(ga); i++)
            st = add_polygon(&b, a, json_array_get(ga, i), path, err);
    } else if (type) { /* a null geometry (no type) is an empty shape */
        st = zl_fail(err, ZL_EINPUT, "%s: geometry type '%s' is not a polygon", path,
                     type ? type : "(none)");
    }
    if (st == ZL_OK && !b.start && !(b.start = calloc(1, sizeof *b.start)))
        st = zl_fail(err, ZL_ENOMEM, "out of memory");
    s->n_rings = b.n_rings;
    s->start = b.start;
    s->xy = b.xy;
    if (st == ZL_OK)
        shape_bbox(s);
    return st;
}

static zl_status decode_object(const json_t *topo, const arcs *a, const char *name,
                               const char *path, zl_geo_shape **out, size_t *n, zl_err *err)
{
    const json_t *geoms = json_object_get(json_object_get(json_object_get(topo, "objects"), name),
                                          "geometries");
    if (!json_is_array(geoms))
        return zl_fail(err, ZL_EINPUT, "%s: no object '%s' with geometries", path, name);
    *n = json_array_size(geoms);
    if (!(*out = calloc(*n ? *n : 1, sizeof **out)))
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t i = 0; i < *n; i++) {
        const json_t *g = json_array_get(geoms, i), *props = json_object_get(g, "properties");
        zl_geo_shape *s = &(*out)[i];
        s->pc4 = (int32_t)json_integer_value(json_object_get(props, "pc4"));
        const char *prov = json_string_value(json_object_get(props, "province"));
        if (prov && !(s->name = strdup(prov)))
            return zl_fail(err, ZL_ENOMEM, "out of memory");
        if (decode_shape(g, a, path, s, err) != ZL_OK)
            return zl_err_prefix(err, "object %s, geometry %zu: ", name, i);
    }
    return ZL_OK;
}

static int by_pc4(const void *a, const void *b)
{
    int32_t x = ((const zl_geo_shape *)a)->pc4, y = ((const zl_geo_shape *)b)->pc4;
    return (x > y) - (x < y);
}

static void geo_bbox(zl_geo *g)
{
    g->bbox[0] = g->bbox[1] = INFINITY;
    g->bbox[2] = g->bbox[3] = -INFINITY;
    for (size_t i = 0; i < g->n_areas; i++) {
        const double *b = g->areas[i].bbox;
        if (g->areas[i].n_rings == 0)
            continue;
        g->bbox[0] = fmin(g->bbox[0], b[0]);
        g->bbox[1] = fmin(g->bbox[1], b[1]);
        g->bbox[2] = fmax(g->bbox[2], b[2]);
        g->bbox[3] = fmax(g->bbox[3], b[3]);
    }
}

zl_status zl_geo_load(const char *path, zl_geo **out, zl_err *err)
{
    *out = NULL;
    json_error_t je;
    json_t *topo = json_load_file(path, 0, &je);
    if (!topo)
        return zl_fail(err, ZL_EIO, "%s:%d: cannot read the map topology: %s", path, je.line,
                       je.text);
    zl_geo *g = calloc(1, sizeof *g);
    arcs a = {0};
    zl_status st = g ? decode_arcs(topo, path, &a, err) : zl_fail(err, ZL_ENOMEM, "out of memory");
    if (st == ZL_OK)
        st = decode_object(topo, &a, "pc4", path, &g->areas, &g->n_areas, err);
    if (st == ZL_OK)
        st = decode_object(topo, &a, "provinces", path, &g->provinces, &g->n_provinces, err);
    const char *src = json_string_value(json_object_get(topo, "source"));
    if (st == ZL_OK && !(g->source = strdup(src ? src : "CBS (CC BY 4.0)")))
        st = zl_fail(err, ZL_ENOMEM, "out of memory");
    arcs_free(&a);
    json_decref(topo);
    if (st != ZL_OK) {
        zl_geo_free(g);
        return st;
    }
    qsort(g->areas, g->n_areas, sizeof *g->areas, by_pc4);
    geo_bbox(g);
    *out = g;
    return ZL_OK;
}

static void shapes_free(zl_geo_shape *s, size_t n)
{
    for (size_t i = 0; s && i < n; i++) {
        free(s[i].name);
        free(s[i].start);
        free(s[i].xy);
    }
    free(s);
}

void zl_geo_free(zl_geo *g)
{
    if (!g)
        return;
    shapes_free(g->areas, g->n_areas);
    shapes_free(g->provinces, g->n_provinces);
    free(g->source);
    free(g);
}

const zl_geo_shape *zl_geo_area(const zl_geo *g, int32_t pc4)
{
    zl_geo_shape key = {.pc4 = pc4};
    return bsearch(&key, g->areas, g->n_areas, sizeof *g->areas, by_pc4);
}
