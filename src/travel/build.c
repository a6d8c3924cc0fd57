/* Building and exporting the cached travel matrix. A fingerprint of the method string and
 * of every area and location point decides whether the cached matrix is still valid, so
 * `zl travel build` is cheap to repeat. */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "zorglandschap/store_landscape.h"
#include "zorglandschap/travel.h"
#include "zorglandschap/util.h"

#define FINGERPRINT_KEY "travel.fingerprint"

static uint64_t mix(uint64_t h, const char *s)
{
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return (h ^ 0x1f) * 1099511628211ULL; /* a separator, so "ab","c" != "a","bc" */
}

static void fingerprint(const char *method, const zl_point_area *a, size_t na,
                        const zl_point_location *l, size_t nl, char out[17])
{
    uint64_t h = mix(14695981039346656037ULL, method);
    char buf[128];
    for (size_t i = 0; i < na; i++) {
        snprintf(buf, sizeof buf, "%d %.7f %.7f", (int)a[i].pc4, a[i].lat, a[i].lon);
        h = mix(h, buf);
    }
    for (size_t i = 0; i < nl; i++) {
        snprintf(buf, sizeof buf, "%.7f %.7f", l[i].lat, l[i].lon);
        h = mix(mix(h, l[i].id), buf);
    }
    snprintf(out, 17, "%016" PRIx64, h);
}

/* Is the cached matrix complete and made from the same inputs? The compact copy is
 * deleted by any change to the rows, so its fingerprint alone vouches for both (a database
 * made before the compact copy existed is rebuilt once to get it). */
static zl_status up_to_date(zl_store *s, const char *fp, bool *fresh, zl_err *err)
{
    char *have = NULL, *compact = NULL;
    zl_status st = zl_store_setting_get(s, FINGERPRINT_KEY, &have, err);
    if (st == ZL_OK)
        st = zl_store_travel_matrix_fingerprint(s, &compact, err);
    *fresh = st == ZL_OK && have && compact && strcmp(have, fp) == 0 && strcmp(compact, fp) == 0;
    free(have);
    free(compact);
    return st;
}

/* Minutes and km for every area (rows) and location (columns), origin-major. */
static zl_status compute(const zl_travel_provider *p, const zl_progress *progress,
                         const zl_geo_point *from, size_t na, const zl_geo_point *to, size_t nl,
                         double *min, double *km, zl_err *err)
{
    if (p->matrix)
        return p->matrix(p->ctx, from, na, to, nl, min, km, err);
    zl_status st = ZL_OK;
    zl_progress_phase ph;
    zl_progress_begin(&ph, progress, "computing travel times", "areas", na);
    for (size_t i = 0; st == ZL_OK && i < na; i++) {
        st = p->route(p->ctx, from[i], to, nl, min + i * nl, km + i * nl, err);
        zl_progress_step(&ph, i + 1);
    }
    if (st == ZL_OK)
        zl_progress_end(&ph, na);
    return st;
}

/* The compact copy of the matrix for the case loader; written after the rows, since every
 * row written deletes it. */
static zl_status put_compact(zl_store *s, const char *method, const char *fp,
                             const zl_point_area *a, size_t na, const zl_point_location *l,
                             size_t nl, const double *min, const double *km, zl_err *err)
{
    size_t cells = na * nl;
    zl_travel_matrix m = {
        .method = (char *)method, .fingerprint = (char *)fp, .n_areas = na, .n_locations = nl};
    m.pc4 = malloc((na + 1) * sizeof *m.pc4);
    m.location_ids = malloc((nl + 1) * sizeof *m.location_ids);
    m.minutes = malloc((cells + 1) * sizeof *m.minutes);
    m.km = malloc((cells + 1) * sizeof *m.km);
    zl_status st = m.pc4 && m.location_ids && m.minutes && m.km
                       ? ZL_OK
                       : zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t i = 0; st == ZL_OK && i < na; i++)
        m.pc4[i] = a[i].pc4;
    for (size_t j = 0; st == ZL_OK && j < nl; j++)
        m.location_ids[j] = l[j].id;
    for (size_t k = 0; st == ZL_OK && k < cells; k++) {
        m.minutes[k] = (float)min[k];
        m.km[k] = (float)km[k];
    }
    if (st == ZL_OK)
        st = zl_store_travel_matrix_put(s, &m, err);
    free(m.pc4);
    free(m.location_ids);
    free(m.minutes);
    free(m.km);
    return st;
}

static zl_status write_matrix(zl_store *s, const zl_travel_provider *p, const zl_point_area *a,
                              size_t na, const zl_point_location *l, size_t nl, const char *fp,
                              zl_err *err)
{
    size_t cells = na * nl;
    zl_geo_point *from = malloc((na + 1) * sizeof *from), *to = malloc((nl + 1) * sizeof *to);
    double *min = malloc((cells + 1) * sizeof *min), *km = malloc((cells + 1) * sizeof *km);
    zl_status st = from && to && min && km ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t i = 0; st == ZL_OK && i < na; i++)
        from[i] = (zl_geo_point){a[i].lat, a[i].lon};
    for (size_t j = 0; st == ZL_OK && j < nl; j++)
        to[j] = (zl_geo_point){l[j].lat, l[j].lon};
    const char *method = p->method(p->ctx);
    if (st == ZL_OK)
        st = compute(p, zl_store_progress(s), from, na, to, nl, min, km, err);
    if (st == ZL_OK)
        st = zl_store_travel_clear(s, err);
    zl_progress_phase ph;
    zl_progress_begin(&ph, zl_store_progress(s), "writing travel times", "rows", cells);
    /* In batches: one COPY each on PostgreSQL (zl_store_put_travel_rows). */
    enum { BATCH = 16384 };
    zl_travel_row *rows = malloc(BATCH * sizeof *rows);
    if (!rows && st == ZL_OK)
        st = zl_fail(err, ZL_ENOMEM, "out of memory");
    size_t n = 0;
    for (size_t k = 0; st == ZL_OK && k < cells; k++) {
        if (!isnan(min[k]))
            rows[n++] = (zl_travel_row){a[k / nl].pc4, l[k % nl].id, min[k], km[k], method};
        if (n == BATCH || (k + 1 == cells && n)) {
            st = zl_store_put_travel_rows(s, rows, n, err);
            n = 0;
            zl_progress_step(&ph, k + 1);
        }
    }
    free(rows);
    if (st == ZL_OK)
        zl_progress_end(&ph, cells);
    if (st == ZL_OK)
        st = put_compact(s, method, fp, a, na, l, nl, min, km, err);
    if (st == ZL_OK)
        st = zl_store_setting_put(s, FINGERPRINT_KEY, fp, err);
    free(from);
    free(to);
    free(min);
    free(km);
    return st;
}

zl_status zl_travel_build(zl_store *s, const zl_travel_provider *p, bool force,
                          zl_travel_build_result *res, zl_err *err)
{
    zl_point_area *a = NULL;
    zl_point_location *l = NULL;
    size_t na = 0, nl = 0;
    char fp[17];
    bool fresh = false;
    *res = (zl_travel_build_result){0};
    snprintf(res->method, sizeof res->method, "%s", p->method(p->ctx));
    /* Read and write in one transaction, so the matrix matches the areas and locations. */
    zl_status st = zl_store_travel_begin(s, err);
    if (st != ZL_OK)
        return zl_err_prefix(err, "building travel times: ");
    st = zl_store_list_areas(s, &a, &na, err);
    if (st == ZL_OK)
        st = zl_store_list_locations(s, &l, &nl, err);
    if (st == ZL_OK) {
        fingerprint(res->method, a, na, l, nl, fp);
        st = up_to_date(s, fp, &fresh, err);
    }
    if (st == ZL_OK && (force || !fresh)) {
        st = write_matrix(s, p, a, na, l, nl, fp, err);
        res->rebuilt = st == ZL_OK;
    }
    zl_status end = zl_store_travel_end(s, st == ZL_OK && res->rebuilt, st == ZL_OK ? err : NULL);
    if (st == ZL_OK)
        st = end;
    res->rebuilt = res->rebuilt && st == ZL_OK;
    res->n_areas = na;
    res->n_locations = nl;
    res->rows = (int64_t)(na * nl);
    free(a);
    zl_point_locations_free(l, nl);
    if (st != ZL_OK)
        zl_err_prefix(err, "building travel times: ");
    return st;
}

/* Writes a field, quoted (RFC 4180) when it holds a comma, quote or line break. */
static int put_field(FILE *f, const char *v)
{
    if (!strpbrk(v, ",\"\r\n"))
        return fputs(v, f);
    if (fputc('"', f) == EOF)
        return EOF;
    for (; *v; v++)
        if ((*v == '"' && fputc('"', f) == EOF) || fputc(*v, f) == EOF)
            return EOF;
    return fputc('"', f);
}

static zl_status export_row(void *ctx, const zl_travel_row *r, zl_err *err)
{
    FILE *f = ctx;
    if (fprintf(f, "%d,", (int)r->pc4) < 0 || put_field(f, r->location_id) == EOF ||
        fprintf(f, ",%.2f,%.3f\n", r->minutes, r->km) < 0)
        return zl_fail(err, ZL_EIO, "writing the travel matrix failed");
    return ZL_OK;
}

zl_status zl_travel_export_csv(zl_store *s, FILE *out, zl_err *err)
{
    int64_t rows;
    zl_status st = zl_store_count_rows(s, "travel", &rows, err);
    if (st != ZL_OK)
        return st;
    if (rows == 0)
        return zl_fail(err, ZL_ENOTFOUND,
                       "no travel times in the store: run 'zl travel build' first");
    if (fputs("pc4,location_id,minutes,km\n", out) < 0)
        return zl_fail(err, ZL_EIO, "writing the travel matrix failed");
    return zl_store_travel_scan(s, export_row, out, err);
}
