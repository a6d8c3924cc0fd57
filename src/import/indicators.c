/* Importers of the quality indicators (docs/formats.md, "indicators" and
 * "indicator-values"): definitions (code, names in Dutch and English, intervention,
 * direction, type, source registry, year, the national base rate with its source) and
 * values per location and year (numerator, denominator, case-mix expected count for O/E
 * indicators, published yes/no). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "import_internal.h"
#include "zorglandschap/store_quality.h"

static zl_status one_of(const zl_csv *c, int col, const char *a, const char *b, const char **out,
                        zl_err *err)
{
    zl_status st = zl_csv_text(c, col, out, err);
    if (st == ZL_OK && strcmp(*out, a) != 0 && strcmp(*out, b) != 0)
        return zl_csv_fail(c, col, err, "expected '%s' or '%s', found '%.40s'", a, b, *out);
    return st;
}

/* base_rate (optional, a proportion strictly between 0 and 1) and its source. */
static zl_status base_rate(const zl_csv *c, const int *col, zl_indicator_def *d, zl_err *err)
{
    d->base_rate = NAN;
    d->base_source = imp_text_opt(c, col[0]) ? imp_text_opt(c, col[1]) : NULL;
    if (!imp_text_opt(c, col[0]))
        return ZL_OK;
    zl_status st = zl_csv_num(c, col[0], &d->base_rate, err);
    if (st == ZL_OK && !(d->base_rate > 0 && d->base_rate < 1))
        return zl_csv_fail(c, col[0], err, "base rate %g is not a proportion between 0 and 1",
                           d->base_rate);
    if (st == ZL_OK && !d->base_source)
        return zl_csv_fail(c, col[1], err, "a base rate needs its source (or 'illustrative')");
    return st;
}

static zl_status indicator_row(zl_import_ctx *x, const int *col, zl_err *err)
{
    zl_indicator_def d = {0};
    int64_t year;
    zl_status st;
    if ((st = zl_csv_text(x->c, col[0], &d.code, err)) != ZL_OK ||
        (st = zl_csv_text(x->c, col[1], &d.name_nl, err)) != ZL_OK ||
        (st = zl_csv_text(x->c, col[2], &d.name_en, err)) != ZL_OK ||
        (st = zl_csv_text(x->c, col[3], &d.intervention, err)) != ZL_OK ||
        (st = one_of(x->c, col[4], "lower", "higher", &d.direction, err)) != ZL_OK ||
        (st = one_of(x->c, col[5], "proportion", "oe_ratio", &d.type, err)) != ZL_OK ||
        (st = zl_csv_text(x->c, col[6], &d.registry, err)) != ZL_OK ||
        (st = imp_year(x->c, col[7], &year, err)) != ZL_OK ||
        (st = base_rate(x->c, col + 8, &d, err)) != ZL_OK ||
        (st = imp_flag(x->c, col[10], false, &d.illustrative, err)) != ZL_OK ||
        (st = imp_flag(x->c, col[11], false, &d.synthetic, err)) != ZL_OK)
        return st;
    d.year = (int)year;
    if (strlen(d.code) > 40)
        return zl_csv_fail(x->c, col[0], err, "indicator code longer than 40 characters");
    if ((st = imp_key(x, col[0], d.code, "indicator", err)) != ZL_OK ||
        (st = imp_ref_intervention(x, col[3], d.intervention, err)) != ZL_OK)
        return st;
    bool changed;
    if ((st = zl_store_indicator_put(x->s, &d, &changed, err)) == ZL_OK) {
        imp_count(x, changed);
        x->res->synthetic |= d.synthetic;
    }
    return st;
}

zl_status zl_import_indicators(zl_import_ctx *x, zl_err *err)
{
    static const char *const req[] = {"code",      "name_nl", "name_en",  "intervention",
                                      "direction", "type",    "registry", "year"};
    int col[12];
    zl_status st = zl_csv_require(x->c, req, col, 8, err);
    col[8] = zl_csv_col(x->c, "base_rate");
    col[9] = zl_csv_col(x->c, "base_source");
    col[10] = zl_csv_col(x->c, "illustrative");
    col[11] = zl_csv_col(x->c, "synthetic");
    bool has = true;
    while (st == ZL_OK && (st = zl_csv_next(x->c, &has, err)) == ZL_OK && has)
        st = indicator_row(x, col, err);
    return st;
}

/* The indicator of the previous row and its type (files are grouped by indicator). */
typedef struct ind_cache {
    char code[64], type[16];
} ind_cache;

static zl_status ref_indicator(zl_import_ctx *x, int col, const char *code, ind_cache *k,
                               zl_err *err)
{
    if (strcmp(k->code, code) == 0)
        return ZL_OK;
    bool found;
    zl_status st = zl_store_indicator_type(x->s, code, k->type, &found, err);
    if (st != ZL_OK)
        return st;
    if (!found)
        return zl_csv_fail(x->c, col, err,
                           "unknown indicator '%.60s' (not among the imported indicators)", code);
    snprintf(k->code, sizeof k->code, "%s", code);
    return ZL_OK;
}

static zl_status published_field(const zl_csv *c, int col, bool *out, zl_err *err)
{
    const char *f = zl_csv_field(c, (size_t)col);
    if (strcmp(f, "yes") == 0 || strcmp(f, "1") == 0)
        *out = true;
    else if (strcmp(f, "no") == 0 || strcmp(f, "0") == 0)
        *out = false;
    else
        return zl_csv_fail(c, col, err, "expected yes or no, found '%.40s'", f);
    return ZL_OK;
}

/* numerator <= denominator, denominator >= 1; expected exactly for O/E indicators. */
static zl_status check_value(const zl_csv *c, const int *col, const zl_indicator_value_row *r,
                             const char *type, zl_err *err)
{
    if (r->denominator < 1)
        return zl_csv_fail(c, col[4], err, "denominator must be at least 1");
    if (r->numerator > r->denominator)
        return zl_csv_fail(c, col[3], err, "numerator %lld is larger than the denominator %lld",
                           (long long)r->numerator, (long long)r->denominator);
    bool oe = strcmp(type, "oe_ratio") == 0;
    if (oe && isnan(r->expected))
        return zl_csv_fail(c, col[5], err, "indicator %s is an O/E ratio: expected is required",
                           r->indicator);
    if (!oe && !isnan(r->expected))
        return zl_csv_fail(c, col[5], err, "indicator %s is a proportion: expected must be empty",
                           r->indicator);
    if (oe && !(r->expected > 0 && r->expected <= (double)r->denominator))
        return zl_csv_fail(c, col[5], err,
                           "expected %g is not above 0 and at most the denominator %lld",
                           r->expected, (long long)r->denominator);
    return ZL_OK;
}

static zl_status value_row(zl_import_ctx *x, const int *col, ind_cache *k, zl_err *err)
{
    zl_indicator_value_row r = {.expected = NAN};
    int64_t year;
    char key[256];
    zl_status st;
    if ((st = zl_csv_text(x->c, col[0], &r.location_id, err)) != ZL_OK ||
        (st = zl_csv_text(x->c, col[1], &r.indicator, err)) != ZL_OK ||
        (st = imp_year(x->c, col[2], &year, err)) != ZL_OK ||
        (st = zl_csv_count(x->c, col[3], &r.numerator, err)) != ZL_OK ||
        (st = zl_csv_int_range(x->c, col[4], 0, ZL_MAX_VOLUME, &r.denominator, err)) != ZL_OK ||
        (st = zl_csv_num_opt(x->c, col[5], NAN, &r.expected, err)) != ZL_OK ||
        (st = published_field(x->c, col[6], &r.published, err)) != ZL_OK ||
        (st = imp_flag(x->c, col[7], false, &r.synthetic, err)) != ZL_OK)
        return st;
    r.year = (int)year;
    snprintf(key, sizeof key, "(%.60s, %.60s, %d)", r.location_id, r.indicator, r.year);
    if ((st = imp_key(x, col[0], key, "location_id, indicator, year", err)) != ZL_OK ||
        (st = imp_ref_location(x, col[0], r.location_id, err)) != ZL_OK ||
        (st = ref_indicator(x, col[1], r.indicator, k, err)) != ZL_OK ||
        (st = check_value(x->c, col, &r, k->type, err)) != ZL_OK)
        return st;
    bool changed;
    if ((st = zl_store_indicator_value_put(x->s, &r, &changed, err)) == ZL_OK) {
        imp_count(x, changed);
        x->res->synthetic |= r.synthetic;
    }
    return st;
}

zl_status zl_import_indicator_values(zl_import_ctx *x, zl_err *err)
{
    static const char *const req[] = {"location_id", "indicator", "year",     "numerator",
                                      "denominator", "expected",  "published"};
    int col[8];
    zl_status st = zl_csv_require(x->c, req, col, 7, err);
    col[7] = zl_csv_col(x->c, "synthetic");
    ind_cache k = {{0}, {0}};
    bool has = true;
    while (st == ZL_OK && (st = zl_csv_next(x->c, &has, err)) == ZL_OK && has)
        st = value_row(x, col, &k, err);
    return st;
}
