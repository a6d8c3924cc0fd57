/* Importers of PC4 areas (pc4.csv) and their population per five-year age band
 * (pc4_age.csv). CBS publishes no count for a few non-residential areas: an empty count
 * is stored as 0 for areas, and an age-band row whose three counts are all empty is
 * skipped (it carries nothing, and nine such rows name PC4s that have no area). */
#include <stdio.h>
#include <string.h>

#include "import_internal.h"
#include "zorglandschap/store_landscape.h"

zl_status zl_import_areas(zl_import_ctx *x, zl_err *err)
{
    static const char *const req[] = {"pc4", "lat", "lon", "population"};
    int col[4];
    zl_status st = zl_csv_require(x->c, req, col, 4, err);
    int c_mun = zl_csv_col(x->c, "municipality"), c_prov = zl_csv_col(x->c, "province");
    int c_male = zl_csv_col(x->c, "male"), c_female = zl_csv_col(x->c, "female");
    bool has = true;
    zl_store_batch *b = zl_store_batch_new(x->s, ZL_BATCH_AREA, err);
    if (!b)
        return ZL_ENOMEM;
    while (st == ZL_OK && (st = zl_csv_next(x->c, &has, err)) == ZL_OK && has) {
        zl_area_row r = {0};
        bool changed;
        if ((st = imp_pc4(x->c, col[0], &r.pc4, err)) != ZL_OK ||
            (st = imp_key(x, col[0], zl_csv_field(x->c, (size_t)col[0]), "pc4", err)) != ZL_OK ||
            (st = imp_coord(x->c, col[1], -90, 90, &r.lat, err)) != ZL_OK ||
            (st = imp_coord(x->c, col[2], -180, 180, &r.lon, err)) != ZL_OK ||
            (st = zl_csv_int_range_opt(x->c, col[3], 0, ZL_MAX_AREA_POPULATION, 0, &r.population,
                                       err)) != ZL_OK ||
            (st = zl_csv_int_range_opt(x->c, c_male, 0, ZL_MAX_AREA_POPULATION, 0, &r.male, err)) !=
                ZL_OK ||
            (st = zl_csv_int_range_opt(x->c, c_female, 0, ZL_MAX_AREA_POPULATION, 0, &r.female,
                                       err)) != ZL_OK)
            break;
        r.municipality = imp_text_opt(x->c, c_mun);
        r.province = imp_text_opt(x->c, c_prov);
        if ((st = zl_store_batch_area(b, &r, &changed, err)) != ZL_OK)
            break;
        imp_count(x, changed);
    }
    return imp_batch_end(x, b, st, err);
}

/* "0-4" ... "90-94" and "95+": five-year bands starting at a multiple of five. */
static bool parse_band(const char *s, int *lo)
{
    int a, b, n = 0;
    if (sscanf(s, "%d-%d%n", &a, &b, &n) == 2 && s[n] == '\0' && a >= 0 && a <= 90 && a % 5 == 0 &&
        b == a + 4) {
        *lo = a;
        return true;
    }
    if (strcmp(s, "95+") == 0) {
        *lo = 95;
        return true;
    }
    return false;
}

static bool all_counts_empty(const zl_csv *c, const int *col)
{
    for (int i = 2; i < 5; i++)
        if (col[i] >= 0 && *zl_csv_field(c, (size_t)col[i]))
            return false;
    return true;
}

zl_status zl_import_area_ages(zl_import_ctx *x, zl_err *err)
{
    static const char *const req[] = {"pc4", "age_band", "population"};
    int col[5];
    zl_status st = zl_csv_require(x->c, req, col, 3, err);
    col[3] = zl_csv_col(x->c, "male");
    col[4] = zl_csv_col(x->c, "female");
    bool has = true;
    char key[32];
    zl_store_batch *b = zl_store_batch_new(x->s, ZL_BATCH_AREA_AGE, err);
    if (!b)
        return ZL_ENOMEM;
    while (st == ZL_OK && (st = zl_csv_next(x->c, &has, err)) == ZL_OK && has) {
        zl_area_age_row r = {0};
        bool changed;
        int lo;
        if ((st = imp_pc4(x->c, col[0], &r.pc4, err)) != ZL_OK)
            break;
        r.band = zl_csv_field(x->c, (size_t)col[1]);
        if (!parse_band(r.band, &lo)) {
            st = zl_csv_fail(x->c, col[1], err,
                             "expected a five-year band like '0-4' or '95+',"
                             " found '%.20s'",
                             r.band);
            break;
        }
        r.band_lo = lo;
        snprintf(key, sizeof key, "%d %s", (int)r.pc4, r.band);
        if ((st = imp_key(x, col[0], key, "pc4 and age_band", err)) != ZL_OK)
            break;
        if (all_counts_empty(x->c, col)) {
            x->res->skipped++;
            continue;
        }
        if ((st = imp_ref_area(x, col[0], r.pc4, err)) != ZL_OK ||
            (st = zl_csv_int_range_opt(x->c, col[2], 0, ZL_MAX_AREA_POPULATION, 0, &r.population,
                                       err)) != ZL_OK ||
            (st = zl_csv_int_range_opt(x->c, col[3], 0, ZL_MAX_AREA_POPULATION, 0, &r.male, err)) !=
                ZL_OK ||
            (st = zl_csv_int_range_opt(x->c, col[4], 0, ZL_MAX_AREA_POPULATION, 0, &r.female,
                                       err)) != ZL_OK ||
            (st = zl_store_batch_area_age(b, &r, &changed, err)) != ZL_OK)
            break;
        imp_count(x, changed);
    }
    return imp_batch_end(x, b, st, err);
}
