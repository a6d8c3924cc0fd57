/* SQL of the read-only listings the HTTP API publishes (zorglandschap/store_http.h). */
#include "store_internal.h"

#include "zorglandschap/store_http.h"

static const char *txt(zl_dbst *st, int i)
{
    return (const char *)zl_db_col_text(st, i);
}

/* Steps st to the end, calling row() for each row; reset on every path. */
typedef zl_status (*row_fn)(zl_dbst *st, void *fn, void *ctx, zl_err *err);

static zl_status scan(zl_store *s, zl_dbst *st, row_fn row, void *fn, void *ctx, bool want_one,
                      const char *what, zl_err *err)
{
    int rc, rows = 0;
    zl_status res = ZL_OK;
    while ((rc = zl_db_step(st)) == ZL_DB_ROW) {
        rows++;
        if ((res = row(st, fn, ctx, err)) != ZL_OK)
            break;
    }
    if (res == ZL_OK && rc != ZL_DB_DONE)
        res = zl_store_dberr(s, err, what);
    zl_db_reset(st);
    if (res == ZL_OK && want_one && rows == 0)
        res = zl_fail(err, ZL_ENOTFOUND, "%s: not found", what);
    return res;
}

static zl_status area_row(zl_dbst *st, void *fn, void *ctx, zl_err *err)
{
    if (!fn) /* an existence check */
        return ZL_OK;
    zl_area_view a = {.pc4 = zl_db_col_int(st, 0),
                      .municipality = txt(st, 1),
                      .province = txt(st, 2),
                      .population = zl_db_col_int64(st, 3),
                      .male = zl_db_col_int64(st, 4),
                      .female = zl_db_col_int64(st, 5),
                      .lat = zl_db_col_double(st, 6),
                      .lon = zl_db_col_double(st, 7)};
    return ((zl_area_view_fn)fn)(ctx, &a, err);
}

zl_status zl_store_view_areas(zl_store *s, int32_t pc4, zl_area_view_fn fn, void *ctx, zl_err *err)
{
    zl_dbst *st = zl_db_stmt(s,
                             "SELECT pc4, municipality, province, population, male,"
                             " female, lat, lon FROM area"
                             " WHERE ?1 = 0 OR pc4 = ?1 ORDER BY pc4",
                             err);
    if (!st)
        return err ? err->code : ZL_EDB;
    zl_db_bind_int(st, 1, pc4);
    return scan(s, st, area_row, (void *)fn, ctx, pc4 != 0, "area", err);
}

static zl_status location_row(zl_dbst *st, void *fn, void *ctx, zl_err *err)
{
    if (!fn) /* an existence check */
        return ZL_OK;
    zl_location_view l = {.id = txt(st, 0),
                          .organisation_id = txt(st, 1),
                          .organisation = txt(st, 2),
                          .name = txt(st, 3),
                          .kind = txt(st, 4),
                          .address = txt(st, 5),
                          .postcode = txt(st, 6),
                          .city = txt(st, 7),
                          .lat = zl_db_col_double(st, 8),
                          .lon = zl_db_col_double(st, 9)};
    return ((zl_location_view_fn)fn)(ctx, &l, err);
}

zl_status zl_store_view_locations(zl_store *s, const char *id, zl_location_view_fn fn, void *ctx,
                                  zl_err *err)
{
    zl_dbst *st = zl_db_stmt(s,
                             "SELECT id, organisation_id, organisation, name, kind,"
                             " address, postcode, city, lat, lon FROM location"
                             " WHERE CAST(?1 AS TEXT) IS NULL OR id = ?1 ORDER BY id",
                             err);
    if (!st)
        return err ? err->code : ZL_EDB;
    zl_db_bind_textz(st, 1, id);
    return scan(s, st, location_row, (void *)fn, ctx, id != NULL, "location", err);
}

static zl_status intervention_row(zl_dbst *st, void *fn, void *ctx, zl_err *err)
{
    zl_intervention_view v = {.code = txt(st, 0),
                              .name = txt(st, 1),
                              .group = txt(st, 2),
                              .norm = zl_db_col_int64(st, 3),
                              .window_years = zl_db_col_int64(st, 4),
                              .norm_source = txt(st, 5),
                              .norm_illustrative = zl_db_col_int(st, 6) != 0,
                              .proposed_norm =
                                  zl_db_col_type(st, 7) == ZL_DB_NULL ? -1 : zl_db_col_int64(st, 7),
                              .proposed_source = txt(st, 8),
                              .proposed_illustrative = zl_db_col_int(st, 9) != 0,
                              .first_year = zl_db_col_int64(st, 10),
                              .last_year = zl_db_col_int64(st, 11),
                              .synthetic = zl_db_col_int(st, 12) != 0};
    return ((zl_intervention_view_fn)fn)(ctx, &v, err);
}

zl_status zl_store_view_interventions(zl_store *s, const char *code, zl_intervention_view_fn fn,
                                      void *ctx, zl_err *err)
{
    zl_dbst *st = zl_db_stmt(
        s,
        "SELECT i.code, i.name, i.grp, i.norm, i.window_years, i.norm_source,"
        " i.norm_illustrative, i.proposed_norm, i.proposed_source, i.proposed_illustrative,"
        " COALESCE((SELECT MIN(year) FROM flow f WHERE f.intervention = i.code), 0),"
        " COALESCE((SELECT MAX(year) FROM flow f WHERE f.intervention = i.code), 0),"
        " EXISTS (SELECT 1 FROM flow f WHERE f.intervention = i.code AND f.synthetic)"
        "  OR EXISTS (SELECT 1 FROM volume v WHERE v.intervention = i.code AND v.synthetic)"
        " FROM intervention i WHERE CAST(?1 AS TEXT) IS NULL OR i.code = ?1 ORDER BY i.code",
        err);
    if (!st)
        return err ? err->code : ZL_EDB;
    zl_db_bind_textz(st, 1, code);
    return scan(s, st, intervention_row, (void *)fn, ctx, code != NULL, "intervention", err);
}

static zl_status region_row(zl_dbst *st, void *fn, void *ctx, zl_err *err)
{
    zl_region_view r = {.layer = txt(st, 0),
                        .code = txt(st, 1),
                        .name = txt(st, 2),
                        .areas = zl_db_col_int64(st, 3),
                        .locations = zl_db_col_int64(st, 4)};
    return ((zl_region_view_fn)fn)(ctx, &r, err);
}

zl_status zl_store_view_regions(zl_store *s, zl_region_view_fn fn, void *ctx, zl_err *err)
{
    zl_dbst *st = zl_db_stmt(
        s,
        "SELECT r.layer, r.code, r.name,"
        " (SELECT COUNT(*) FROM region_area a WHERE a.layer = r.layer AND a.code = r.code),"
        " (SELECT COUNT(*) FROM region_location l WHERE l.layer = r.layer AND l.code = r.code)"
        " FROM region r ORDER BY r.layer, r.code",
        err);
    if (!st)
        return err ? err->code : ZL_EDB;
    return scan(s, st, region_row, (void *)fn, ctx, false, "regions", err);
}

static zl_status travel_row(zl_dbst *st, void *fn, void *ctx, zl_err *err)
{
    zl_travel_view t = {.pc4 = zl_db_col_int(st, 0),
                        .location_id = txt(st, 1),
                        .minutes = zl_db_col_double(st, 2),
                        .km = zl_db_col_double(st, 3),
                        .method = txt(st, 4)};
    return ((zl_travel_view_fn)fn)(ctx, &t, err);
}

zl_status zl_store_view_travel_from_area(zl_store *s, int32_t pc4, zl_travel_view_fn fn, void *ctx,
                                         zl_err *err)
{
    zl_status res = zl_store_view_areas(s, pc4 ? pc4 : -1, NULL, NULL, err);
    if (res != ZL_OK)
        return res;
    zl_dbst *st = zl_db_stmt(s,
                             "SELECT pc4, location_id, minutes, km, method FROM travel"
                             " WHERE pc4 = ?1 ORDER BY minutes, location_id",
                             err);
    if (!st)
        return err ? err->code : ZL_EDB;
    zl_db_bind_int(st, 1, pc4);
    return scan(s, st, travel_row, (void *)fn, ctx, false, "travel times", err);
}

zl_status zl_store_view_travel_to_location(zl_store *s, const char *id, zl_travel_view_fn fn,
                                           void *ctx, zl_err *err)
{
    zl_status res = zl_store_view_locations(s, id, NULL, NULL, err);
    if (res != ZL_OK)
        return res;
    zl_dbst *st = zl_db_stmt(s,
                             "SELECT pc4, location_id, minutes, km, method FROM travel"
                             " WHERE location_id = ?1 ORDER BY pc4",
                             err);
    if (!st)
        return err ? err->code : ZL_EDB;
    zl_db_bind_textz(st, 1, id);
    return scan(s, st, travel_row, (void *)fn, ctx, false, "travel times", err);
}
