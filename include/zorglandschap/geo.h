/* Map geometry for drawn outputs (the report's maps): the PC4 areas and provinces of the
 * compact TopoJSON topology the build makes from data/nl for the browser UI
 * (build/www/data/nl.topo.json, web/build.mjs), decoded once and projected to kilometres
 * on a plane (equirectangular at 52.2 N, y pointing south), so the browser's map and the
 * report's maps draw the same shapes from one file. */
#ifndef ZORGLANDSCHAP_GEO_H
#define ZORGLANDSCHAP_GEO_H

#include <stddef.h>
#include <stdint.h>

#include "zorglandschap/err.h"

/* One area or province: rings of projected points (x, y pairs in km). Ring r holds the
 * points xy[2*start[r]] .. xy[2*start[r+1]-1]; outer rings and holes alike (even-odd fill). */
typedef struct zl_geo_shape {
    int32_t pc4;   /* the PC4 code; 0 for a province */
    char *name;    /* the province's name; NULL for an area */
    size_t n_rings;
    size_t *start; /* n_rings + 1 entries */
    double *xy;
    double bbox[4]; /* x0, y0, x1, y1 */
} zl_geo_shape;

typedef struct zl_geo {
    zl_geo_shape *areas; /* sorted by pc4 */
    size_t n_areas;
    zl_geo_shape *provinces;
    size_t n_provinces;
    double bbox[4]; /* of every area */
    char *source;   /* the topology's attribution */
} zl_geo;

/* Reads the topology at path (objects "pc4" with property pc4, "provinces" with property
 * province). Errors name the file and the object that is malformed. Free with zl_geo_free. */
zl_status zl_geo_load(const char *path, zl_geo **out, zl_err *err);
void zl_geo_free(zl_geo *g);

/* The area of a PC4 code, or NULL. */
const zl_geo_shape *zl_geo_area(const zl_geo *g, int32_t pc4);

/* A WGS84 point in the geometry's projected plane (km). */
void zl_geo_project(double lat, double lon, double *x, double *y);

#endif
