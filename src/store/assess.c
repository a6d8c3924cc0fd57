/* The SQL behind the regional impact assessment's inputs (store_assess.h): staff, the
 * per-surgeon norm, providers' services and group volumes, tariffs, synthetic regions. */
#include "store_internal.h"
#include "zorglandschap/store_assess.h"

zl_status zl_store_staff_put(zl_store *s, const char *intervention, const char *location,
                             int64_t surgeons, bool synthetic, bool *changed, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "INSERT INTO staff(intervention, location_id, surgeons, synthetic)"
                           " VALUES (?1,?2,?3,?4) ON CONFLICT(intervention, location_id) DO UPDATE"
                           " SET surgeons=excluded.surgeons, synthetic=excluded.synthetic"
                           " WHERE surgeons<>excluded.surgeons OR synthetic<>excluded.synthetic");
    zl_db_bind_textz(st, 1, intervention);
    zl_db_bind_textz(st, 2, location);
    zl_db_bind_int64(st, 3, surgeons);
    zl_db_bind_int(st, 4, synthetic);
    return zl_db_step_upsert(s, st, "writing staff", changed, err);
}

zl_status zl_store_surgeon_norm_put(zl_store *s, const char *intervention, int64_t norm,
                                    bool synthetic, bool *changed, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "INSERT INTO surgeon_norm(intervention, norm, synthetic)"
                           " VALUES (?1,?2,?3) ON CONFLICT(intervention) DO UPDATE"
                           " SET norm=excluded.norm, synthetic=excluded.synthetic"
                           " WHERE norm<>excluded.norm OR synthetic<>excluded.synthetic");
    zl_db_bind_textz(st, 1, intervention);
    zl_db_bind_int64(st, 2, norm);
    zl_db_bind_int(st, 3, synthetic);
    return zl_db_step_upsert(s, st, "writing a per-surgeon norm", changed, err);
}

zl_status zl_store_provider_put(zl_store *s, const char *location, const char *services,
                                bool synthetic, bool *changed, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "INSERT INTO provider(location_id, services, synthetic)"
                           " VALUES (?1,?2,?3) ON CONFLICT(location_id) DO UPDATE"
                           " SET services=excluded.services, synthetic=excluded.synthetic"
                           " WHERE services<>excluded.services OR synthetic<>excluded.synthetic");
    zl_db_bind_textz(st, 1, location);
    zl_db_bind_textz(st, 2, services);
    zl_db_bind_int(st, 3, synthetic);
    return zl_db_step_upsert(s, st, "writing a provider", changed, err);
}

zl_status zl_store_provider_group_put(zl_store *s, const char *location, const char *group,
                                      int64_t volume, bool synthetic, bool *changed, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "INSERT INTO provider_group(location_id, grp, volume, synthetic)"
                           " VALUES (?1,?2,?3,?4) ON CONFLICT(grp, location_id) DO UPDATE"
                           " SET volume=excluded.volume, synthetic=excluded.synthetic"
                           " WHERE volume<>excluded.volume OR synthetic<>excluded.synthetic");
    zl_db_bind_textz(st, 1, location);
    zl_db_bind_textz(st, 2, group);
    zl_db_bind_int64(st, 3, volume);
    zl_db_bind_int(st, 4, synthetic);
    return zl_db_step_upsert(s, st, "writing a provider's group volume", changed, err);
}

zl_status zl_store_tariff_put(zl_store *s, const char *intervention, double tariff,
                              const char *source, bool synthetic, bool *changed, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "INSERT INTO tariff(intervention, tariff, source, synthetic)"
                           " VALUES (?1,?2,?3,?4) ON CONFLICT(intervention) DO UPDATE"
                           " SET tariff=excluded.tariff, source=excluded.source,"
                           " synthetic=excluded.synthetic WHERE tariff<>excluded.tariff"
                           " OR source IS NOT excluded.source OR synthetic<>excluded.synthetic");
    zl_db_bind_textz(st, 1, intervention);
    zl_db_bind_double(st, 2, tariff);
    zl_db_bind_textz(st, 3, source);
    zl_db_bind_int(st, 4, synthetic);
    return zl_db_step_upsert(s, st, "writing a tariff", changed, err);
}

zl_status zl_store_region_mark_synthetic(zl_store *s, const char *layer, const char *code,
                                         zl_err *err)
{
    /* PostgreSQL's flag is a boolean */
    zl_dbst *st = zl_db_stmt2(s,
                              "UPDATE region SET synthetic = 1 WHERE layer = ?1 AND code = ?2"
                              " AND synthetic = 0",
                              "UPDATE region SET synthetic = true WHERE layer = ?1 AND code = ?2"
                              " AND NOT synthetic",
                              err);
    if (!st)
        return err ? err->code : ZL_EDB;
    zl_db_bind_textz(st, 1, layer);
    zl_db_bind_textz(st, 2, code);
    return zl_db_step_done(s, st, "marking a region synthetic", err);
}

zl_status zl_store_staff_each(zl_store *s, const char *intervention, zl_staff_fn fn, void *ctx,
                              zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT location_id, surgeons, synthetic FROM staff"
                           " WHERE intervention = ?1 ORDER BY location_id");
    zl_db_bind_textz(st, 1, intervention);
    int rc = ZL_DB_DONE;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW)
        status = fn(ctx, (const char *)zl_db_col_text(st, 0), zl_db_col_int64(st, 1),
                    zl_db_col_int(st, 2) != 0, err);
    return zl_db_rows_end(s, st, status == ZL_OK ? rc : ZL_DB_DONE, status, "reading staff", err);
}

/* One row of (number, synthetic) or the defaults when there is none. */
static zl_status one_number(zl_store *s, zl_dbst *st, double *v, bool *synthetic, const char *what,
                            zl_err *err)
{
    *v = -1;
    *synthetic = false;
    int rc = zl_db_step(st);
    if (rc == ZL_DB_ROW) {
        *v = zl_db_col_double(st, 0);
        *synthetic = zl_db_col_int(st, 1) != 0;
        rc = zl_db_step(st);
    }
    return zl_db_rows_end(s, st, rc, ZL_OK, what, err);
}

zl_status zl_store_surgeon_norm_get(zl_store *s, const char *intervention, int64_t *norm,
                                    bool *synthetic, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT norm, synthetic FROM surgeon_norm WHERE intervention = ?1");
    zl_db_bind_textz(st, 1, intervention);
    double v;
    zl_status rc = one_number(s, st, &v, synthetic, "reading a per-surgeon norm", err);
    *norm = (int64_t)v;
    return rc;
}

zl_status zl_store_tariff_get(zl_store *s, const char *intervention, double *tariff,
                              bool *synthetic, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT tariff, synthetic FROM tariff WHERE intervention = ?1");
    zl_db_bind_textz(st, 1, intervention);
    return one_number(s, st, tariff, synthetic, "reading a tariff", err);
}

zl_status zl_store_providers_each(zl_store *s, const char *group, zl_provider_fn fn, void *ctx,
                                  zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT p.location_id, p.services, coalesce(g.volume, -1),"
                           " p.synthetic OR coalesce(g.synthetic, p.synthetic)"
                           " FROM provider p LEFT JOIN provider_group g"
                           " ON g.location_id = p.location_id AND g.grp = ?1"
                           " ORDER BY p.location_id");
    zl_db_bind_textz(st, 1, group);
    int rc = ZL_DB_DONE;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW)
        status = fn(ctx, (const char *)zl_db_col_text(st, 0), (const char *)zl_db_col_text(st, 1),
                    zl_db_col_int64(st, 2), zl_db_col_int(st, 3) != 0, err);
    return zl_db_rows_end(s, st, status == ZL_OK ? rc : ZL_DB_DONE, status, "reading providers",
                          err);
}

zl_status zl_store_region_layer_synthetic(zl_store *s, const char *layer, bool *synthetic,
                                          zl_err *err)
{
    zl_dbst *st =
        zl_db_stmt2(s, "SELECT coalesce(max(synthetic), 0), 0 FROM region WHERE layer = ?1",
                    "SELECT CAST(coalesce(bool_or(synthetic), false) AS INTEGER), 0 FROM region"
                    " WHERE layer = ?1",
                    err);
    if (!st)
        return err ? err->code : ZL_EDB;
    zl_db_bind_textz(st, 1, layer);
    double v;
    bool unused;
    zl_status rc = one_number(s, st, &v, &unused, "reading a region layer", err);
    *synthetic = v > 0;
    return rc;
}
