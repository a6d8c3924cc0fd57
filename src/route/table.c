/* The batch travel table of `zl route table`: reading the id,lat,lon point files and
 * writing every from x to pair with a provider, as CSV or as an aligned text table. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "zorglandschap/csv.h"
#include "zorglandschap/route.h"
#include "zorglandschap/util.h"

void zl_route_points_free(zl_route_point *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i].id);
    free(v);
}

static zl_status read_point(zl_csv *c, const int *col, zl_strset *seen, zl_route_point *p,
                            zl_err *err)
{
    const char *id;
    bool added;
    zl_status st = zl_csv_text(c, col[0], &id, err);
    if (st == ZL_OK && (st = zl_strset_add(seen, id, &added, err)) == ZL_OK && !added)
        st = zl_csv_fail(c, col[0], err, "duplicate id '%.60s'", id);
    if (st == ZL_OK && (st = zl_csv_num(c, col[1], &p->pt.lat, err)) == ZL_OK &&
        !(p->pt.lat >= -90 && p->pt.lat <= 90))
        st = zl_csv_fail(c, col[1], err, "latitude out of range -90..90");
    if (st == ZL_OK && (st = zl_csv_num(c, col[2], &p->pt.lon, err)) == ZL_OK &&
        !(p->pt.lon >= -180 && p->pt.lon <= 180))
        st = zl_csv_fail(c, col[2], err, "longitude out of range -180..180");
    if (st == ZL_OK && !(p->id = strdup(id)))
        st = zl_fail(err, ZL_ENOMEM, "out of memory");
    return st;
}

zl_status zl_route_points_read(const char *path, zl_route_point **out, size_t *n, zl_err *err)
{
    static const char *const req[] = {"id", "lat", "lon"};
    int col[3];
    zl_csv *c = NULL;
    zl_strset *seen = NULL;
    size_t cap = 0;
    bool has = true;
    *out = NULL;
    *n = 0;
    zl_status st = zl_csv_open(path, &c, err);
    if (st == ZL_OK)
        st = zl_csv_require(c, req, col, 3, err);
    if (st == ZL_OK)
        st = zl_strset_new(&seen, err);
    while (st == ZL_OK && (st = zl_csv_next(c, &has, err)) == ZL_OK && has) {
        if ((st = zl_grow((void **)out, &cap, *n + 1, sizeof **out, err)) != ZL_OK)
            break;
        (*out)[*n] = (zl_route_point){0};
        if ((st = read_point(c, col, seen, &(*out)[*n], err)) == ZL_OK)
            (*n)++;
    }
    if (st == ZL_OK && *n == 0)
        st = zl_fail(err, ZL_EINPUT, "%s: no points", path);
    zl_strset_free(seen);
    zl_csv_close(c);
    if (st != ZL_OK) {
        zl_route_points_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return st;
}

/* Writes a CSV field, quoted (RFC 4180) when it holds a comma, quote or line break. */
static zl_status put_field(zl_buf *b, const char *v, zl_err *err)
{
    if (!strpbrk(v, ",\"\r\n"))
        return zl_buf_append(b, v, strlen(v), err);
    zl_status st = zl_buf_append(b, "\"", 1, err);
    for (; st == ZL_OK && *v; v++)
        st = *v == '"' ? zl_buf_append(b, "\"\"", 2, err) : zl_buf_append(b, v, 1, err);
    return st == ZL_OK ? zl_buf_append(b, "\"", 1, err) : st;
}

/* v >= 0 with `digits` decimals, without printf (which is most of the table's time):
 * rounded half away from zero on v x 10^digits, so a value exactly between two
 * representations can end one digit from printf's rounding. Returns the length. */
static size_t fixed(char *out, double v, int digits)
{
    static const double pow10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10};
    char tmp[32];
    if (!(v >= 0 && v < 1e9))
        return (size_t)snprintf(out, 32, "%.*f", digits, v);
    unsigned long long n = (unsigned long long)llround(v * pow10[digits]);
    size_t k = 0, len = 0;
    do {
        tmp[k++] = (char)('0' + n % 10);
        n /= 10;
    } while (n || k <= (size_t)digits);
    while (k > 0) {
        out[len++] = tmp[--k];
        if (k == (size_t)digits && digits > 0)
            out[len++] = '.';
    }
    return len;
}

static zl_status put_row(zl_buf *b, bool csv, int digits, const char *from, const char *to,
                         double min, double km, zl_err *err)
{
    zl_status st;
    if (!csv) {
        if (isfinite(min))
            return zl_buf_printf(b, err, "%-16s %-16s %8.*f %9.*f\n", from, to, digits, min,
                                 digits + 1, km);
        return zl_buf_printf(b, err, "%-16s %-16s %8s %9s\n", from, to, "-", "-");
    }
    if ((st = put_field(b, from, err)) != ZL_OK || (st = zl_buf_append(b, ",", 1, err)) != ZL_OK ||
        (st = put_field(b, to, err)) != ZL_OK)
        return st;
    if (!isfinite(min))
        return zl_buf_append(b, ",,\n", 3, err);
    char num[80];
    size_t n = 0;
    num[n++] = ',';
    n += fixed(num + n, min, digits);
    num[n++] = ',';
    n += fixed(num + n, km, digits + 1);
    num[n++] = '\n';
    return zl_buf_append(b, num, n, err);
}

static zl_status flush(zl_buf *b, FILE *out, zl_err *err)
{
    if (b->len && fwrite(b->data, 1, b->len, out) != b->len)
        return zl_fail(err, ZL_EIO, "writing the travel table failed");
    zl_buf_reset(b);
    return ZL_OK;
}

zl_status zl_route_table(const zl_travel_provider *p, const zl_route_point *from, size_t nf,
                         const zl_route_point *to, size_t nt, bool csv, FILE *out, zl_err *err)
{
    return zl_route_table_digits(p, from, nf, to, nt, csv, 2, out, err);
}

zl_status zl_route_table_digits(const zl_travel_provider *p, const zl_route_point *from, size_t nf,
                                const zl_route_point *to, size_t nt, bool csv, int digits,
                                FILE *out, zl_err *err)
{
    if (digits < 0 || digits > 9)
        return zl_fail(err, ZL_EINPUT, "decimals must be 0-9, not %d", digits);
    zl_geo_point *pts = malloc((nt ? nt : 1) * sizeof *pts);
    double *min = malloc((nt ? nt : 1) * sizeof *min), *km = malloc((nt ? nt : 1) * sizeof *km);
    zl_buf b = {0};
    zl_status st = pts && min && km ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t j = 0; st == ZL_OK && j < nt; j++)
        pts[j] = to[j].pt;
    if (st == ZL_OK)
        st = csv ? zl_buf_printf(&b, err, "from_id,to_id,minutes,km\n")
                 : zl_buf_printf(&b, err, "%-16s %-16s %8s %9s\n", "from_id", "to_id", "minutes",
                                 "km");
    /* A provider with a many-to-many method (the road router) answers the whole table in
     * one call: one search per destination instead of one matrix per origin. */
    double *all_min = NULL, *all_km = NULL;
    if (st == ZL_OK && p->matrix) {
        zl_geo_point *src = malloc((nf ? nf : 1) * sizeof *src);
        all_min = malloc((nf * nt + 1) * sizeof *all_min);
        all_km = malloc((nf * nt + 1) * sizeof *all_km);
        st = src && all_min && all_km ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
        for (size_t i = 0; st == ZL_OK && i < nf; i++)
            src[i] = from[i].pt;
        if (st == ZL_OK)
            st = p->matrix(p->ctx, src, nf, pts, nt, all_min, all_km, err);
        free(src);
    }
    for (size_t i = 0; st == ZL_OK && i < nf; i++) {
        if (all_min) {
            memcpy(min, all_min + i * nt, nt * sizeof *min);
            memcpy(km, all_km + i * nt, nt * sizeof *km);
        } else {
            st = p->route(p->ctx, from[i].pt, pts, nt, min, km, err);
        }
        for (size_t j = 0; st == ZL_OK && j < nt; j++)
            st = put_row(&b, csv, digits, from[i].id, to[j].id, min[j], km[j], err);
        if (st == ZL_OK && b.len > (1u << 16))
            st = flush(&b, out, err);
    }
    if (st == ZL_OK)
        st = flush(&b, out, err);
    zl_buf_free(&b);
    free(all_min);
    free(all_km);
    free(pts);
    free(min);
    free(km);
    return st;
}

static json_t *num_or_null(double v, double scale)
{
    return isfinite(v) ? json_real(round(v * scale) / scale) : json_null();
}

zl_status zl_route_table_json(const zl_travel_provider *p, const zl_route_point *from, size_t nf,
                              const zl_route_point *to, size_t nt, json_t **out, zl_err *err)
{
    zl_geo_point *pts = malloc((nt ? nt : 1) * sizeof *pts);
    double *min = malloc((nt ? nt : 1) * sizeof *min), *km = malloc((nt ? nt : 1) * sizeof *km);
    json_t *rows = json_array();
    zl_status st = pts && min && km && rows ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t j = 0; st == ZL_OK && j < nt; j++)
        pts[j] = to[j].pt;
    for (size_t i = 0; st == ZL_OK && i < nf; i++) {
        st = p->route(p->ctx, from[i].pt, pts, nt, min, km, err);
        for (size_t j = 0; st == ZL_OK && j < nt; j++)
            if (json_array_append_new(rows, json_pack("{s:s, s:s, s:o, s:o}", "from_id", from[i].id,
                                                      "to_id", to[j].id, "minutes",
                                                      num_or_null(min[j], 100), "km",
                                                      num_or_null(km[j], 1000))) != 0)
                st = zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    free(pts);
    free(min);
    free(km);
    *out = NULL;
    if (st == ZL_OK &&
        !(*out = json_pack("{s:I, s:o}", "count", (json_int_t)json_array_size(rows), "rows", rows)))
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    if (st != ZL_OK)
        json_decref(rows);
    return st;
}
