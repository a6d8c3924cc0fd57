/* Importers of observed (or synthetic) volumes per location, intervention and year, and
 * of patient flows from a residence PC4 to a location. Both refer to locations and
 * interventions (flows also to areas) that must already be in the store. */
#include <stdio.h>

#include "import_internal.h"
#include "zorglandschap/store_landscape.h"

zl_status zl_import_volumes(zl_import_ctx *x, zl_err *err)
{
    static const char *const req[] = {"location_id", "intervention", "year", "count"};
    int col[4];
    zl_status st = zl_csv_require(x->c, req, col, 4, err);
    int c_syn = zl_csv_col(x->c, "synthetic");
    bool has = true;
    char key[256];
    while (st == ZL_OK && (st = zl_csv_next(x->c, &has, err)) == ZL_OK && has) {
        zl_volume_row r = {0};
        bool changed;
        if ((st = zl_csv_text(x->c, col[0], &r.location_id, err)) != ZL_OK ||
            (st = zl_csv_text(x->c, col[1], &r.intervention, err)) != ZL_OK ||
            (st = imp_year(x->c, col[2], &r.year, err)) != ZL_OK ||
            (st = zl_csv_int_range(x->c, col[3], 0, ZL_MAX_VOLUME, &r.count, err)) != ZL_OK ||
            (st = imp_flag(x->c, c_syn, false, &r.synthetic, err)) != ZL_OK)
            break;
        snprintf(key, sizeof key, "(%.100s, %.100s, %lld)", r.location_id, r.intervention,
                 (long long)r.year);
        if ((st = imp_key(x, col[0], key, "location_id, intervention, year", err)) != ZL_OK ||
            (st = imp_ref_location(x, col[0], r.location_id, err)) != ZL_OK ||
            (st = imp_ref_intervention(x, col[1], r.intervention, err)) != ZL_OK ||
            (st = zl_store_put_volume(x->s, &r, &changed, err)) != ZL_OK)
            break;
        x->res->synthetic |= r.synthetic;
        imp_count(x, changed);
    }
    return st;
}

zl_status zl_import_flows(zl_import_ctx *x, zl_err *err)
{
    static const char *const req[] = {"pc4", "location_id", "intervention", "year", "patients"};
    int col[5];
    zl_status st = zl_csv_require(x->c, req, col, 5, err);
    int c_syn = zl_csv_col(x->c, "synthetic");
    bool has = true;
    char key[256];
    zl_store_batch *b = zl_store_batch_new(x->s, ZL_BATCH_FLOW, err);
    if (!b)
        return ZL_ENOMEM;
    while (st == ZL_OK && (st = zl_csv_next(x->c, &has, err)) == ZL_OK && has) {
        zl_flow_row r = {0};
        bool changed;
        if ((st = imp_pc4(x->c, col[0], &r.pc4, err)) != ZL_OK ||
            (st = zl_csv_text(x->c, col[1], &r.location_id, err)) != ZL_OK ||
            (st = zl_csv_text(x->c, col[2], &r.intervention, err)) != ZL_OK ||
            (st = imp_year(x->c, col[3], &r.year, err)) != ZL_OK ||
            (st = zl_csv_int_range(x->c, col[4], 0, ZL_MAX_FLOW_PATIENTS, &r.patients, err)) !=
                ZL_OK ||
            (st = imp_flag(x->c, c_syn, false, &r.synthetic, err)) != ZL_OK)
            break;
        snprintf(key, sizeof key, "(%d, %.100s, %.100s, %lld)", (int)r.pc4, r.location_id,
                 r.intervention, (long long)r.year);
        if ((st = imp_key(x, col[0], key, "pc4, location_id, intervention, year", err)) != ZL_OK ||
            (st = imp_ref_area(x, col[0], r.pc4, err)) != ZL_OK ||
            (st = imp_ref_location(x, col[1], r.location_id, err)) != ZL_OK ||
            (st = imp_ref_intervention(x, col[2], r.intervention, err)) != ZL_OK ||
            (st = zl_store_batch_flow(b, &r, &changed, err)) != ZL_OK)
            break;
        x->res->synthetic |= r.synthetic;
        imp_count(x, changed);
    }
    return imp_batch_end(x, b, st, err);
}
