/* Checking a travel profile against road-network reach (OpenRouteService isochrones in
 * data/nl/acute_2019/ors_reach.csv): the 3 x 3 confusion matrix of the bands up to 25,
 * 25-30 and over 30 minutes, the share of pairs classified alike among those either side
 * puts within 30 minutes, and the one speed factor that fits the two best. */
#include <stdlib.h>
#include <string.h>

#include "zorglandschap/csv.h"
#include "zorglandschap/route.h"
#include "zorglandschap/util.h"

struct zl_reach_data {
    size_t np, nh;
    int32_t *pc4;       /* [np] */
    unsigned char *ref; /* [np * nh] reference band */
    float *min;         /* [np * nh] model minutes */
    size_t cap_pc4, cap_ref;
};

void zl_reach_data_free(zl_reach_data *d)
{
    if (!d)
        return;
    free(d->pc4);
    free(d->ref);
    free(d->min);
    free(d);
}

static int hospital_index(const zl_route_point *h, size_t nh, const char *id)
{
    for (size_t j = 0; j < nh; j++)
        if (strcmp(h[j].id, id) == 0)
            return (int)j;
    return -1;
}

/* One row of the reach file: adds the point if new, records the band. */
static zl_status reach_row(zl_csv *c, const int *col, zl_reach_data *d, zl_geo_point **pts,
                           size_t *cap, const zl_route_point *h, zl_err *err)
{
    int64_t pc4;
    double lat, lon;
    const char *hid = zl_csv_field(c, (size_t)col[3]), *band = zl_csv_field(c, (size_t)col[4]);
    zl_status st;
    if ((st = zl_csv_int(c, col[0], &pc4, err)) != ZL_OK ||
        (st = zl_csv_num(c, col[1], &lat, err)) != ZL_OK ||
        (st = zl_csv_num(c, col[2], &lon, err)) != ZL_OK)
        return st;
    int j = hospital_index(h, d->nh, hid);
    if (j < 0)
        return zl_csv_fail(c, col[3], err, "unknown hospital id '%.40s'", hid);
    if (strcmp(band, "0-25") != 0 && strcmp(band, "25-30") != 0)
        return zl_csv_fail(c, col[4], err, "expected band 0-25 or 25-30, found '%.20s'", band);
    if (d->np == 0 || d->pc4[d->np - 1] != (int32_t)pc4) { /* the file is grouped by PC4 */
        if ((st = zl_grow((void **)pts, cap, d->np + 1, sizeof **pts, err)) != ZL_OK ||
            (st = zl_grow((void **)&d->pc4, &d->cap_pc4, d->np + 1, sizeof *d->pc4, err)) !=
                ZL_OK ||
            (st = zl_grow((void **)&d->ref, &d->cap_ref, (d->np + 1) * d->nh, 1, err)) != ZL_OK)
            return st;
        memset(d->ref + d->np * d->nh, 2, d->nh);
        (*pts)[d->np] = (zl_geo_point){lat, lon};
        d->pc4[d->np++] = (int32_t)pc4;
    }
    d->ref[(d->np - 1) * d->nh + (size_t)j] = band[0] == '0' ? 0 : 1;
    return ZL_OK;
}

static zl_status model_minutes(zl_reach_data *d, const zl_geo_point *pts, const zl_route_point *h,
                               const zl_travel_provider *p, zl_err *err)
{
    zl_geo_point *to = malloc((d->nh + 1) * sizeof *to);
    double *min = malloc((d->nh + 1) * sizeof *min), *km = malloc((d->nh + 1) * sizeof *km);
    d->min = malloc((d->np * d->nh + 1) * sizeof *d->min);
    zl_status st = to && min && km && d->min ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t j = 0; st == ZL_OK && j < d->nh; j++)
        to[j] = h[j].pt;
    for (size_t i = 0; st == ZL_OK && i < d->np; i++) {
        st = p->route(p->ctx, pts[i], to, d->nh, min, km, err);
        for (size_t j = 0; st == ZL_OK && j < d->nh; j++)
            d->min[i * d->nh + j] = (float)min[j];
    }
    free(to);
    free(min);
    free(km);
    return st;
}

zl_status zl_reach_data_load(const char *reach_csv, const char *hospitals_csv,
                             const zl_travel_provider *p, zl_reach_data **out, zl_err *err)
{
    static const char *const req[] = {"pc4", "lat", "lon", "hospital_id", "band"};
    int col[5];
    zl_route_point *h = NULL;
    zl_geo_point *pts = NULL;
    size_t cap = 0;
    zl_csv *c = NULL;
    bool has = true;
    zl_reach_data *d = calloc(1, sizeof *d);
    zl_status st = d ? zl_route_points_read(hospitals_csv, &h, &d->nh, err)
                     : zl_fail(err, ZL_ENOMEM, "out of memory");
    if (st == ZL_OK)
        st = zl_csv_open(reach_csv, &c, err);
    if (st == ZL_OK)
        st = zl_csv_require(c, req, col, 5, err);
    while (st == ZL_OK && (st = zl_csv_next(c, &has, err)) == ZL_OK && has)
        st = reach_row(c, col, d, &pts, &cap, h, err);
    if (st == ZL_OK)
        st = model_minutes(d, pts, h, p, err);
    zl_csv_close(c);
    zl_route_points_free(h, d ? d->nh : 0);
    free(pts);
    if (st != ZL_OK) {
        zl_reach_data_free(d);
        d = NULL;
    }
    *out = d;
    return st;
}

void zl_reach_compare_at(const zl_reach_data *d, double factor, zl_reach_compare *out)
{
    *out = (zl_reach_compare){.factor = factor, .n_points = d->np, .n_hospitals = d->nh};
    int64_t alike = 0;
    for (size_t k = 0; k < d->np * d->nh; k++) {
        double t = d->min[k] * factor;
        int mb = t <= 25 ? 0 : t <= 30 ? 1 : 2, rb = d->ref[k];
        out->m[rb][mb]++;
        if (rb < 2 || mb < 2) {
            out->pairs_within++;
            alike += rb == mb;
        }
    }
    out->alike = out->pairs_within ? (double)alike / (double)out->pairs_within : 0;
}

void zl_reach_fit(const zl_reach_data *d, double lo, double hi, zl_reach_compare *best)
{
    zl_reach_compare_at(d, lo, best);
    for (int k = 1; lo + 0.005 * k <= hi + 1e-9; k++) {
        zl_reach_compare r;
        zl_reach_compare_at(d, lo + 0.005 * k, &r);
        if (r.alike > best->alike)
            *best = r;
    }
}

zl_status zl_reach_compare_print(const zl_reach_compare *r, const char *title, FILE *out,
                                 zl_err *err)
{
    static const char *const band[] = {"<= 25", "25-30", "> 30"};
    int bad = fprintf(out, "%s (minutes x %.3f): %zu PC4 points x %zu hospitals\n\n", title,
                      r->factor, r->n_points, r->n_hospitals) < 0;
    bad |= fprintf(out,
                   "| road network \\ model | <= 25 | 25-30 | > 30 |\n|---|---:|---:|---:|\n") < 0;
    for (int i = 0; i < 3; i++)
        bad |= fprintf(out, "| %s | %lld | %lld | %lld |\n", band[i], (long long)r->m[i][0],
                       (long long)r->m[i][1], (long long)r->m[i][2]) < 0;
    bad |= fprintf(out,
                   "\nclassified alike: %.1f %% of the %lld pairs that either side puts within"
                   " 30 minutes\n\n",
                   100 * r->alike, (long long)r->pairs_within) < 0;
    return bad ? zl_fail(err, ZL_EIO, "writing the comparison failed") : ZL_OK;
}
