/* Importer of interventions with their current volume norm and an optional proposed one,
 * each with its source and whether the figure is illustrative (not verified). */
#include "import_internal.h"
#include "zorglandschap/store_landscape.h"

/* Optional proposed norm: empty means none; when given it needs its source. */
static zl_status proposed(zl_import_ctx *x, const int *col, zl_intervention_row *r, zl_err *err)
{
    zl_status st = zl_csv_int_range_opt(x->c, col[0], 0, ZL_MAX_NORM, -1, &r->proposed_norm, err);
    if (st != ZL_OK)
        return st;
    r->proposed_source = imp_text_opt(x->c, col[1]);
    if (r->proposed_norm >= 0 && !r->proposed_source)
        return zl_csv_fail(x->c, col[1], err, "a proposed norm needs its source");
    if (r->proposed_norm < 0 && r->proposed_source)
        return zl_csv_fail(x->c, col[0], err, "a proposed source is given without a norm");
    return imp_flag(x->c, col[2], false, &r->proposed_illustrative, err);
}

zl_status zl_import_interventions(zl_import_ctx *x, zl_err *err)
{
    static const char *const req[] = {"code", "name", "group", "norm", "norm_source"};
    int col[5];
    zl_status st = zl_csv_require(x->c, req, col, 5, err);
    int c_win = zl_csv_col(x->c, "window_years"), c_ill = zl_csv_col(x->c, "norm_illustrative");
    int c_prop[3] = {zl_csv_col(x->c, "proposed_norm"), zl_csv_col(x->c, "proposed_source"),
                     zl_csv_col(x->c, "proposed_illustrative")};
    bool has = true;
    while (st == ZL_OK && (st = zl_csv_next(x->c, &has, err)) == ZL_OK && has) {
        zl_intervention_row r = {0};
        bool changed;
        if ((st = zl_csv_text(x->c, col[0], &r.code, err)) != ZL_OK ||
            (st = imp_key(x, col[0], r.code, "code", err)) != ZL_OK ||
            (st = zl_csv_text(x->c, col[1], &r.name, err)) != ZL_OK ||
            (st = zl_csv_text(x->c, col[2], &r.group, err)) != ZL_OK ||
            (st = zl_csv_int_range(x->c, col[3], 0, ZL_MAX_NORM, &r.norm, err)) != ZL_OK ||
            (st = zl_csv_text(x->c, col[4], &r.norm_source, err)) != ZL_OK ||
            (st = zl_csv_int_range_opt(x->c, c_win, 0, ZL_MAX_WINDOW_YEARS, 1, &r.window_years,
                                       err)) != ZL_OK ||
            (st = imp_flag(x->c, c_ill, false, &r.norm_illustrative, err)) != ZL_OK ||
            (st = proposed(x, c_prop, &r, err)) != ZL_OK)
            break;
        if (r.window_years < 1 || r.window_years > 10) {
            st = zl_csv_fail(x->c, c_win, err, "window of %lld years, expected 1-10",
                             (long long)r.window_years);
            break;
        }
        if ((st = zl_store_put_intervention(x->s, &r, &changed, err)) != ZL_OK)
            break;
        imp_count(x, changed);
    }
    return st;
}
