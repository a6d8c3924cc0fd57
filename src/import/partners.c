/* Importers of the allocation inputs (docs/formats.md): network partners (from_location,
 * to_location, share; the shares of one location sum to 1; the file replaces every
 * partner) and capacities (location_id, intervention, capacity in patients per year). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"
#include "zorglandschap/store_choice.h"

/* The running share sum of one `from` location and the line of its first row. */
typedef struct share_sum {
    char *from;
    double sum;
    long line;
} share_sum;

typedef struct share_sums {
    share_sum *v;
    size_t n, cap;
} share_sums;

static void sums_free(share_sums *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i].from);
    free(s->v);
}

/* Rows of one location are usually together: look at the last entry first. */
static zl_status sums_add(share_sums *s, const char *from, double share, long line, zl_err *err)
{
    for (size_t i = s->n; i-- > 0;)
        if (strcmp(s->v[i].from, from) == 0) {
            s->v[i].sum += share;
            return ZL_OK;
        }
    void *p = s->v;
    if (zl_grow(&p, &s->cap, s->n + 1, sizeof *s->v, err) != ZL_OK)
        return ZL_ENOMEM;
    s->v = p;
    if (!(s->v[s->n].from = strdup(from)))
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    s->v[s->n].sum = share;
    s->v[s->n++].line = line;
    return ZL_OK;
}

static zl_status check_sums(const zl_import_ctx *x, const share_sums *s, zl_err *err)
{
    for (size_t i = 0; i < s->n; i++)
        if (fabs(s->v[i].sum - 1) > 1e-6)
            return zl_fail(err, ZL_EINPUT,
                           "%s:%ld: column 'share': the shares of location %s sum to %.6g, "
                           "not 1",
                           zl_csv_name(x->c), s->v[i].line, s->v[i].from, s->v[i].sum);
    return ZL_OK;
}

static zl_status partner_row(zl_import_ctx *x, const int *col, share_sums *sums, zl_err *err)
{
    const char *from, *to;
    double share;
    char key[256];
    zl_status st;
    if ((st = zl_csv_text(x->c, col[0], &from, err)) != ZL_OK ||
        (st = zl_csv_text(x->c, col[1], &to, err)) != ZL_OK ||
        (st = zl_csv_num(x->c, col[2], &share, err)) != ZL_OK)
        return st;
    if (!(share > 0 && share <= 1))
        return zl_csv_fail(x->c, col[2], err, "share %g is not in (0, 1]", share);
    if (strcmp(from, to) == 0)
        return zl_csv_fail(x->c, col[1], err, "location %.60s cannot be its own partner", from);
    snprintf(key, sizeof key, "(%.100s, %.100s)", from, to);
    if ((st = imp_key(x, col[0], key, "from_location, to_location", err)) != ZL_OK ||
        (st = imp_ref_location(x, col[0], from, err)) != ZL_OK ||
        (st = imp_ref_location(x, col[1], to, err)) != ZL_OK ||
        (st = sums_add(sums, from, share, zl_csv_line(x->c), err)) != ZL_OK)
        return st;
    return zl_store_partner_put(x->s, from, to, share, false, err);
}

zl_status zl_import_partners(zl_import_ctx *x, zl_err *err)
{
    static const char *const req[] = {"from_location", "to_location", "share"};
    int col[3];
    share_sums sums = {0};
    zl_status st = zl_csv_require(x->c, req, col, 3, err);
    if (st == ZL_OK)
        st = zl_store_partners_clear(x->s, err);
    bool has = true;
    while (st == ZL_OK && (st = zl_csv_next(x->c, &has, err)) == ZL_OK && has) {
        if ((st = partner_row(x, col, &sums, err)) == ZL_OK)
            imp_count(x, true);
    }
    if (st == ZL_OK)
        st = check_sums(x, &sums, err);
    sums_free(&sums);
    return st;
}

zl_status zl_import_capacity(zl_import_ctx *x, zl_err *err)
{
    static const char *const req[] = {"location_id", "intervention", "capacity"};
    int col[3];
    zl_status st = zl_csv_require(x->c, req, col, 3, err);
    bool has = true;
    char key[256];
    while (st == ZL_OK && (st = zl_csv_next(x->c, &has, err)) == ZL_OK && has) {
        const char *loc, *iv;
        double cap;
        bool changed;
        if ((st = zl_csv_text(x->c, col[0], &loc, err)) != ZL_OK ||
            (st = zl_csv_text(x->c, col[1], &iv, err)) != ZL_OK ||
            (st = zl_csv_num(x->c, col[2], &cap, err)) != ZL_OK)
            break;
        if (!(cap >= 0) || !isfinite(cap)) {
            st = zl_csv_fail(x->c, col[2], err, "capacity %g is not a number >= 0", cap);
            break;
        }
        snprintf(key, sizeof key, "(%.100s, %.100s)", loc, iv);
        if ((st = imp_key(x, col[0], key, "location_id, intervention", err)) != ZL_OK ||
            (st = imp_ref_location(x, col[0], loc, err)) != ZL_OK ||
            (st = imp_ref_intervention(x, col[1], iv, err)) != ZL_OK ||
            (st = zl_store_capacity_put(x->s, iv, loc, cap, &changed, err)) != ZL_OK)
            break;
        imp_count(x, changed);
    }
    return st;
}
