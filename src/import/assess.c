/* Importers of the regional assessment's inputs (docs/assess.md, "Inputs"): staff
 * (surgeons per location and intervention, with an optional per-surgeon norm), providers
 * (dependent services and the volume in an intervention group per location) and tariffs
 * (per intervention). Networks are region layers (zl import regions). */
#include <stdio.h>
#include <string.h>

#include "import_internal.h"
#include "zorglandschap/assess.h"
#include "zorglandschap/store_assess.h"

#define MAX_SURGEONS     1000     /* surgeons (or teams) of one location and intervention */
#define MAX_GROUP_VOLUME 10000000 /* procedures of one location in an intervention group */
#define MAX_TARIFF       10000000 /* euros per procedure */

/* The per-surgeon norm given on staff rows: one value per intervention in a file. */
typedef struct norm_seen {
    char keys[64][128];
    int64_t values[64];
    long lines[64];
    size_t n;
} norm_seen;

static zl_status surgeon_norm(zl_import_ctx *x, int col, const char *iv, bool synthetic,
                              norm_seen *seen, zl_err *err)
{
    int64_t norm;
    zl_status st = zl_csv_int_range_opt(x->c, col, 0, ZL_MAX_NORM, -1, &norm, err);
    if (st != ZL_OK || norm < 0)
        return st;
    for (size_t i = 0; i < seen->n; i++)
        if (strcmp(seen->keys[i], iv) == 0) {
            if (seen->values[i] != norm)
                return zl_csv_fail(x->c, col, err,
                                   "per-surgeon norm %lld of %s differs from %lld on line %ld",
                                   (long long)norm, iv, (long long)seen->values[i], seen->lines[i]);
            return ZL_OK;
        }
    if (seen->n == sizeof seen->values / sizeof seen->values[0])
        return zl_csv_fail(x->c, col, err, "more than 64 interventions with a per-surgeon norm");
    snprintf(seen->keys[seen->n], sizeof seen->keys[0], "%s", iv);
    seen->values[seen->n] = norm;
    seen->lines[seen->n++] = zl_csv_line(x->c);
    return zl_store_surgeon_norm_put(x->s, iv, norm, synthetic, NULL, err);
}

static zl_status staff_row(zl_import_ctx *x, const int *col, norm_seen *seen, zl_err *err)
{
    const char *loc, *iv;
    int64_t surgeons;
    bool synthetic, changed;
    char key[256];
    zl_status st;
    if ((st = zl_csv_text(x->c, col[0], &loc, err)) != ZL_OK ||
        (st = zl_csv_text(x->c, col[1], &iv, err)) != ZL_OK ||
        (st = zl_csv_int_range(x->c, col[2], 0, MAX_SURGEONS, &surgeons, err)) != ZL_OK ||
        (st = imp_flag(x->c, col[4], false, &synthetic, err)) != ZL_OK)
        return st;
    snprintf(key, sizeof key, "(%.100s, %.100s)", loc, iv);
    if ((st = imp_key(x, col[0], key, "location_id, intervention", err)) != ZL_OK ||
        (st = imp_ref_location(x, col[0], loc, err)) != ZL_OK ||
        (st = imp_ref_intervention(x, col[1], iv, err)) != ZL_OK ||
        (st = surgeon_norm(x, col[3], iv, synthetic, seen, err)) != ZL_OK ||
        (st = zl_store_staff_put(x->s, iv, loc, surgeons, synthetic, &changed, err)) != ZL_OK)
        return st;
    x->res->synthetic |= synthetic;
    imp_count(x, changed);
    return ZL_OK;
}

zl_status zl_import_staff(zl_import_ctx *x, zl_err *err)
{
    static const char *const req[] = {"location_id", "intervention", "surgeons"};
    int col[5];
    norm_seen seen = {0};
    zl_status st = zl_csv_require(x->c, req, col, 3, err);
    col[3] = zl_csv_col(x->c, "surgeon_norm");
    col[4] = zl_csv_col(x->c, "synthetic");
    bool has = true;
    while (st == ZL_OK && (st = zl_csv_next(x->c, &has, err)) == ZL_OK && has)
        st = staff_row(x, col, &seen, err);
    return st;
}

/* Parses "icu;seh_24h" into canonical text ("" for none), rejecting unknown names. */
static zl_status services_field(const zl_csv *c, int col, char *out, size_t size, zl_err *err)
{
    const char *f = col < 0 ? "" : zl_csv_field(c, (size_t)col);
    unsigned bits = 0;
    char name[64];
    while (*f) {
        size_t n = strcspn(f, ";");
        if (n == 0 || n >= sizeof name)
            return zl_csv_fail(c, col, err, "expected service names separated by ';'");
        memcpy(name, f, n);
        name[n] = '\0';
        unsigned bit;
        if (!zl_service_parse(name, &bit))
            return zl_csv_fail(c, col, err,
                               "unknown service '%.40s' (icu, seh_24h, acute_obstetrics, nicu,"
                               " pci, trauma)",
                               name);
        bits |= bit;
        f += n + (f[n] == ';');
    }
    out[0] = '\0';
    for (int i = 0; i < ZL_N_SERVICES; i++)
        if (bits & (1u << i)) {
            size_t len = strlen(out);
            snprintf(out + len, size - len, "%s%s", len ? ";" : "", zl_service_name(i));
        }
    return ZL_OK;
}

static zl_status provider_row(zl_import_ctx *x, const int *col, zl_err *err)
{
    const char *loc, *grp;
    int64_t volume;
    bool synthetic, c1, c2;
    char key[256], services[128];
    zl_status st;
    if ((st = zl_csv_text(x->c, col[0], &loc, err)) != ZL_OK ||
        (st = zl_csv_text(x->c, col[1], &grp, err)) != ZL_OK ||
        (st = zl_csv_int_range(x->c, col[2], 0, MAX_GROUP_VOLUME, &volume, err)) != ZL_OK ||
        (st = services_field(x->c, col[3], services, sizeof services, err)) != ZL_OK ||
        (st = imp_flag(x->c, col[4], false, &synthetic, err)) != ZL_OK)
        return st;
    snprintf(key, sizeof key, "(%.100s, %.100s)", loc, grp);
    if ((st = imp_key(x, col[0], key, "location_id, group", err)) != ZL_OK ||
        (st = imp_ref_location(x, col[0], loc, err)) != ZL_OK ||
        (st = zl_store_provider_put(x->s, loc, services, synthetic, &c1, err)) != ZL_OK ||
        (st = zl_store_provider_group_put(x->s, loc, grp, volume, synthetic, &c2, err)) != ZL_OK)
        return st;
    x->res->synthetic |= synthetic;
    imp_count(x, c1 || c2);
    return ZL_OK;
}

zl_status zl_import_providers(zl_import_ctx *x, zl_err *err)
{
    static const char *const req[] = {"location_id", "group", "group_volume", "services"};
    int col[5];
    zl_status st = zl_csv_require(x->c, req, col, 4, err);
    col[4] = zl_csv_col(x->c, "synthetic");
    bool has = true;
    while (st == ZL_OK && (st = zl_csv_next(x->c, &has, err)) == ZL_OK && has)
        st = provider_row(x, col, err);
    return st;
}

static zl_status tariff_row(zl_import_ctx *x, const int *col, zl_err *err)
{
    const char *iv;
    double tariff;
    bool synthetic, changed;
    zl_status st;
    if ((st = zl_csv_text(x->c, col[0], &iv, err)) != ZL_OK ||
        (st = zl_csv_num_range(x->c, col[1], 0, MAX_TARIFF, &tariff, err)) != ZL_OK ||
        (st = imp_flag(x->c, col[3], false, &synthetic, err)) != ZL_OK)
        return st;
    if ((st = imp_key(x, col[0], iv, "intervention", err)) != ZL_OK ||
        (st = imp_ref_intervention(x, col[0], iv, err)) != ZL_OK ||
        (st = zl_store_tariff_put(x->s, iv, tariff, imp_text_opt(x->c, col[2]), synthetic, &changed,
                                  err)) != ZL_OK)
        return st;
    x->res->synthetic |= synthetic;
    imp_count(x, changed);
    return ZL_OK;
}

zl_status zl_import_tariffs(zl_import_ctx *x, zl_err *err)
{
    static const char *const req[] = {"intervention", "tariff"};
    int col[4];
    zl_status st = zl_csv_require(x->c, req, col, 2, err);
    col[2] = zl_csv_col(x->c, "source");
    col[3] = zl_csv_col(x->c, "synthetic");
    bool has = true;
    while (st == ZL_OK && (st = zl_csv_next(x->c, &has, err)) == ZL_OK && has)
        st = tariff_row(x, col, err);
    return st;
}
