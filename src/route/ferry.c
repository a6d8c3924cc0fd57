/* Ferry links to the areas without a road link (the Wadden islands): validating and
 * holding the links, reading the ferries CSV, and telling which island a point is on.
 * Each island is a small polygon from the data file; a point is on the island when the
 * polygon contains it (even-odd ray casting). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zorglandschap/csv.h"
#include "zorglandschap/route.h"
#include "zorglandschap/util.h"

static bool in_poly(const zl_geo_point *v, size_t n, zl_geo_point p)
{
    bool inside = false;
    for (size_t i = 0, j = n - 1; i < n; j = i++) {
        bool crosses = (v[i].lat > p.lat) != (v[j].lat > p.lat);
        if (crosses &&
            p.lon < (v[j].lon - v[i].lon) * (p.lat - v[i].lat) / (v[j].lat - v[i].lat) + v[i].lon)
            inside = !inside;
    }
    return inside;
}

int zl_ferry_island_of(const zl_ferry_set *f, zl_geo_point p)
{
    for (size_t i = 0; f && i < f->n; i++) {
        const zl_ferry_link *l = &f->links[i];
        /* The box first: almost every point is on the mainland, far from any island. */
        if (p.lat >= l->lat_min && p.lat <= l->lat_max && p.lon >= l->lon_min &&
            p.lon <= l->lon_max && in_poly(l->poly, l->n_poly, p))
            return (int)i;
    }
    return -1;
}

/* Parses "LAT LON;LAT LON;..." into a new array. */
static zl_status parse_poly(const char *s, zl_geo_point **out, size_t *n, zl_err *err)
{
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    const char *p = s;
    while (*p) {
        char *end;
        double lat = strtod(p, &end), lon;
        if (end == p)
            break;
        p = end;
        lon = strtod(p, &end);
        if (end == p || !isfinite(lat) || !isfinite(lon) || fabs(lat) > 90 || fabs(lon) > 180)
            break;
        p = end;
        while (*p == ' ')
            p++;
        if (*p == ';')
            p++;
        if (zl_grow((void **)out, &cap, *n + 1, sizeof **out, err) != ZL_OK)
            return ZL_ENOMEM;
        (*out)[(*n)++] = (zl_geo_point){lat, lon};
    }
    if (*p || *n < 3) {
        free(*out);
        *out = NULL;
        return zl_fail(err, ZL_EINPUT,
                       "polygon must be at least three 'LAT LON' vertices separated by ';'");
    }
    return ZL_OK;
}

static bool valid_point(double lat, double lon)
{
    return isfinite(lat) && isfinite(lon) && fabs(lat) <= 90 && fabs(lon) <= 180;
}

zl_status zl_ferry_set_add(zl_ferry_set *f, const zl_ferry_fields *in, zl_err *err)
{
    if (!in->island || !*in->island || strlen(in->island) >= sizeof f->links->island)
        return zl_fail(err, ZL_EINPUT, "island name empty or longer than 63 bytes");
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->links[i].island, in->island) == 0)
            return zl_fail(err, ZL_EINPUT, "island '%s' has a ferry link already", in->island);
    if (!valid_point(in->island_lat, in->island_lon) ||
        !valid_point(in->mainland_lat, in->mainland_lon))
        return zl_fail(err, ZL_EINPUT, "harbour coordinates out of range");
    if (!(in->crossing_min >= 0 && in->crossing_min <= 600 && in->wait_min >= 0 &&
          in->wait_min <= 600))
        return zl_fail(err, ZL_EINPUT, "crossing and waiting minutes must be 0-600");
    zl_ferry_link l = {.island_pt = {in->island_lat, in->island_lon},
                       .mainland_pt = {in->mainland_lat, in->mainland_lon},
                       .crossing_min = in->crossing_min,
                       .wait_min = in->wait_min,
                       .night = in->night};
    snprintf(l.island, sizeof l.island, "%s", in->island);
    snprintf(l.island_harbour, sizeof l.island_harbour, "%s",
             in->island_harbour ? in->island_harbour : "");
    snprintf(l.mainland_harbour, sizeof l.mainland_harbour, "%s",
             in->mainland_harbour ? in->mainland_harbour : "");
    zl_status st = parse_poly(in->polygon ? in->polygon : "", &l.poly, &l.n_poly, err);
    if (st != ZL_OK)
        return st;
    l.lat_min = l.lat_max = l.poly[0].lat;
    l.lon_min = l.lon_max = l.poly[0].lon;
    for (size_t k = 1; k < l.n_poly; k++) {
        l.lat_min = fmin(l.lat_min, l.poly[k].lat);
        l.lat_max = fmax(l.lat_max, l.poly[k].lat);
        l.lon_min = fmin(l.lon_min, l.poly[k].lon);
        l.lon_max = fmax(l.lon_max, l.poly[k].lon);
    }
    if (!in_poly(l.poly, l.n_poly, l.island_pt) || in_poly(l.poly, l.n_poly, l.mainland_pt)) {
        free(l.poly);
        return zl_fail(err, ZL_EINPUT,
                       "the island harbour must lie inside the polygon and the mainland"
                       " harbour outside it");
    }
    size_t cap = f->n; /* the array is always exactly full: grow by one */
    if ((st = zl_grow((void **)&f->links, &cap, f->n + 1, sizeof *f->links, err)) != ZL_OK) {
        free(l.poly);
        return st;
    }
    f->links[f->n++] = l;
    return ZL_OK;
}

void zl_ferry_set_free(zl_ferry_set *f)
{
    for (size_t i = 0; f && i < f->n; i++)
        free(f->links[i].poly);
    if (f) {
        free(f->links);
        *f = (zl_ferry_set){0};
    }
}

static zl_status read_row(zl_csv *c, const int *col, zl_ferry_fields *r, zl_err *err)
{
    int64_t night;
    zl_status st;
    if ((st = zl_csv_text(c, col[0], &r->island, err)) != ZL_OK ||
        (st = zl_csv_num(c, col[2], &r->island_lat, err)) != ZL_OK ||
        (st = zl_csv_num(c, col[3], &r->island_lon, err)) != ZL_OK ||
        (st = zl_csv_num(c, col[5], &r->mainland_lat, err)) != ZL_OK ||
        (st = zl_csv_num(c, col[6], &r->mainland_lon, err)) != ZL_OK ||
        (st = zl_csv_num(c, col[7], &r->crossing_min, err)) != ZL_OK ||
        (st = zl_csv_num(c, col[8], &r->wait_min, err)) != ZL_OK ||
        (st = zl_csv_int(c, col[9], &night, err)) != ZL_OK ||
        (st = zl_csv_text(c, col[10], &r->polygon, err)) != ZL_OK)
        return st;
    if (night != 0 && night != 1)
        return zl_csv_fail(c, col[9], err, "expected 0 or 1");
    r->night = night == 1;
    r->island_harbour = zl_csv_field(c, col[1]);
    r->mainland_harbour = zl_csv_field(c, col[4]);
    return ZL_OK;
}

zl_status zl_ferry_set_read_csv(zl_ferry_set *f, const char *path, zl_err *err)
{
    static const char *const req[] = {"island",       "island_harbour",   "island_lat",
                                      "island_lon",   "mainland_harbour", "mainland_lat",
                                      "mainland_lon", "crossing_min",     "wait_min",
                                      "night",        "polygon"};
    int col[11];
    zl_csv *c = NULL;
    bool has = true;
    zl_status st = zl_csv_open(path, &c, err);
    if (st == ZL_OK)
        st = zl_csv_require(c, req, col, 11, err);
    while (st == ZL_OK && (st = zl_csv_next(c, &has, err)) == ZL_OK && has) {
        zl_ferry_fields r = {0};
        if ((st = read_row(c, col, &r, err)) == ZL_OK &&
            (st = zl_ferry_set_add(f, &r, err)) != ZL_OK) {
            char why[ZL_ERR_MSG_MAX]; /* add the file and line to the reason */
            snprintf(why, sizeof why, "%s", err ? err->msg : "invalid ferry link");
            st = zl_csv_fail(c, -1, err, "%s", why);
        }
    }
    zl_csv_close(c);
    if (st != ZL_OK)
        zl_ferry_set_free(f);
    return st;
}
