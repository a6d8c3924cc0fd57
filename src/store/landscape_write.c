/* Upserts and reference checks for the care-landscape tables. Each upsert only rewrites a
 * row when a value differs (the WHERE of DO UPDATE), so importing the same file twice
 * changes nothing and the importers can report how many rows really changed. */
#include <sqlite3.h>

#include "landscape_sql.h"
#include "store_internal.h"
#include "zorglandschap/store_landscape.h"

zl_status zl_store_put_area(zl_store *s, const zl_area_row *r, bool *changed, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "INSERT INTO area(" AREA_COLS
                           ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8)" AREA_UPSERT);
    zl_db_bind_int(st, 1, r->pc4);
    zl_db_bind_textz(st, 2, r->municipality);
    zl_db_bind_textz(st, 3, r->province);
    zl_db_bind_int64(st, 4, r->population);
    zl_db_bind_int64(st, 5, r->male);
    zl_db_bind_int64(st, 6, r->female);
    zl_db_bind_double(st, 7, r->lat);
    zl_db_bind_double(st, 8, r->lon);
    return zl_db_step_upsert(s, st, "writing an area", changed, err);
}

zl_status zl_store_put_area_age(zl_store *s, const zl_area_age_row *r, bool *changed, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "INSERT INTO area_age(" AREA_AGE_COLS
                           ") VALUES (?1,?2,?3,?4,?5,?6)" AREA_AGE_UPSERT);
    zl_db_bind_int(st, 1, r->pc4);
    zl_db_bind_int(st, 2, r->band_lo);
    zl_db_bind_textz(st, 3, r->band);
    zl_db_bind_int64(st, 4, r->population);
    zl_db_bind_int64(st, 5, r->male);
    zl_db_bind_int64(st, 6, r->female);
    return zl_db_step_upsert(s, st, "writing an age band", changed, err);
}

zl_status zl_store_put_location(zl_store *s, const zl_location_row *r, bool *changed, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st,
                       "INSERT INTO location(id, organisation_id, organisation, name, kind,"
                       " address, postcode, city, lat, lon) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)"
                       " ON CONFLICT(id) DO UPDATE SET organisation_id=excluded.organisation_id,"
                       " organisation=excluded.organisation, name=excluded.name,"
                       " kind=excluded.kind, address=excluded.address,"
                       " postcode=excluded.postcode, city=excluded.city, lat=excluded.lat,"
                       " lon=excluded.lon WHERE organisation_id IS NOT excluded.organisation_id"
                       " OR organisation IS NOT excluded.organisation OR name<>excluded.name"
                       " OR kind<>excluded.kind OR address IS NOT excluded.address"
                       " OR postcode IS NOT excluded.postcode OR city IS NOT excluded.city"
                       " OR lat<>excluded.lat OR lon<>excluded.lon");
    zl_db_bind_textz(st, 1, r->id);
    zl_db_bind_textz(st, 2, r->organisation_id);
    zl_db_bind_textz(st, 3, r->organisation);
    zl_db_bind_textz(st, 4, r->name);
    zl_db_bind_textz(st, 5, r->kind);
    zl_db_bind_textz(st, 6, r->address);
    zl_db_bind_textz(st, 7, r->postcode);
    zl_db_bind_textz(st, 8, r->city);
    zl_db_bind_double(st, 9, r->lat);
    zl_db_bind_double(st, 10, r->lon);
    return zl_db_step_upsert(s, st, "writing a location", changed, err);
}

zl_status zl_store_put_region(zl_store *s, const char *layer, const char *code, const char *name,
                              bool *changed, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "INSERT INTO region(layer, code, name) VALUES (?1,?2,?3)"
                           " ON CONFLICT(layer, code) DO UPDATE SET name=excluded.name"
                           " WHERE name<>excluded.name");
    zl_db_bind_textz(st, 1, layer);
    zl_db_bind_textz(st, 2, code);
    zl_db_bind_textz(st, 3, name);
    return zl_db_step_upsert(s, st, "writing a region", changed, err);
}

zl_status zl_store_put_region_area(zl_store *s, const char *layer, const char *code, int32_t pc4,
                                   bool *changed, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "INSERT INTO region_area(layer, pc4, code) VALUES (?1,?2,?3)"
                           " ON CONFLICT(layer, pc4) DO UPDATE SET code=excluded.code"
                           " WHERE code<>excluded.code");
    zl_db_bind_textz(st, 1, layer);
    zl_db_bind_int(st, 2, pc4);
    zl_db_bind_textz(st, 3, code);
    return zl_db_step_upsert(s, st, "writing a region area", changed, err);
}

zl_status zl_store_put_region_location(zl_store *s, const char *layer, const char *code,
                                       const char *location_id, bool *changed, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "INSERT INTO region_location(layer, location_id, code) VALUES (?1,?2,?3)"
                           " ON CONFLICT(layer, location_id) DO UPDATE SET code=excluded.code"
                           " WHERE code<>excluded.code");
    zl_db_bind_textz(st, 1, layer);
    zl_db_bind_textz(st, 2, location_id);
    zl_db_bind_textz(st, 3, code);
    return zl_db_step_upsert(s, st, "writing a region location", changed, err);
}

zl_status zl_store_put_intervention(zl_store *s, const zl_intervention_row *r, bool *changed,
                                    zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st,
                       "INSERT INTO intervention(code, name, grp, norm, window_years, norm_source,"
                       " norm_illustrative, proposed_norm, proposed_source, proposed_illustrative)"
                       " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10) ON CONFLICT(code) DO UPDATE SET"
                       " name=excluded.name, grp=excluded.grp, norm=excluded.norm,"
                       " window_years=excluded.window_years, norm_source=excluded.norm_source,"
                       " norm_illustrative=excluded.norm_illustrative,"
                       " proposed_norm=excluded.proposed_norm,"
                       " proposed_source=excluded.proposed_source,"
                       " proposed_illustrative=excluded.proposed_illustrative"
                       " WHERE name<>excluded.name OR grp<>excluded.grp OR norm<>excluded.norm"
                       " OR window_years<>excluded.window_years"
                       " OR norm_source<>excluded.norm_source"
                       " OR norm_illustrative<>excluded.norm_illustrative"
                       " OR proposed_norm IS NOT excluded.proposed_norm"
                       " OR proposed_source IS NOT excluded.proposed_source"
                       " OR proposed_illustrative<>excluded.proposed_illustrative");
    zl_db_bind_textz(st, 1, r->code);
    zl_db_bind_textz(st, 2, r->name);
    zl_db_bind_textz(st, 3, r->group);
    zl_db_bind_int64(st, 4, r->norm);
    zl_db_bind_int64(st, 5, r->window_years);
    zl_db_bind_textz(st, 6, r->norm_source);
    zl_db_bind_int(st, 7, r->norm_illustrative);
    if (r->proposed_norm >= 0)
        zl_db_bind_int64(st, 8, r->proposed_norm);
    else
        zl_db_bind_null(st, 8);
    zl_db_bind_textz(st, 9, r->proposed_source);
    zl_db_bind_int(st, 10, r->proposed_illustrative);
    return zl_db_step_upsert(s, st, "writing an intervention", changed, err);
}

zl_status zl_store_put_volume(zl_store *s, const zl_volume_row *r, bool *changed, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "INSERT INTO volume(location_id, intervention, year, count, synthetic)"
                           " VALUES (?1,?2,?3,?4,?5) ON CONFLICT(intervention, location_id, year)"
                           " DO UPDATE SET count=excluded.count, synthetic=excluded.synthetic"
                           " WHERE count<>excluded.count OR synthetic<>excluded.synthetic");
    zl_db_bind_textz(st, 1, r->location_id);
    zl_db_bind_textz(st, 2, r->intervention);
    zl_db_bind_int64(st, 3, r->year);
    zl_db_bind_int64(st, 4, r->count);
    zl_db_bind_int(st, 5, r->synthetic);
    return zl_db_step_upsert(s, st, "writing a volume", changed, err);
}

zl_status zl_store_put_flow(zl_store *s, const zl_flow_row *r, bool *changed, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st,
                       "INSERT INTO flow(" FLOW_COLS ") VALUES (?1,?2,?3,?4,?5,?6)" FLOW_UPSERT);
    zl_db_bind_int(st, 1, r->pc4);
    zl_db_bind_textz(st, 2, r->location_id);
    zl_db_bind_textz(st, 3, r->intervention);
    zl_db_bind_int64(st, 4, r->year);
    zl_db_bind_int64(st, 5, r->patients);
    zl_db_bind_int(st, 6, r->synthetic);
    return zl_db_step_upsert(s, st, "writing a flow", changed, err);
}

/* Steps an existence query (SELECT 1 ... LIMIT 1). */
static zl_status step_exists(zl_store *s, zl_dbst *st, bool *found, zl_err *err)
{
    int rc = zl_db_step(st);
    if (rc != ZL_DB_ROW && rc != ZL_DB_DONE)
        return zl_store_dberr(s, err, "looking up a reference");
    *found = rc == ZL_DB_ROW;
    zl_db_reset(st);
    return ZL_OK;
}

zl_status zl_store_has_area(zl_store *s, int32_t pc4, bool *found, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT 1 FROM area WHERE pc4 = ?1");
    zl_db_bind_int(st, 1, pc4);
    return step_exists(s, st, found, err);
}

zl_status zl_store_has_location(zl_store *s, const char *id, bool *found, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT 1 FROM location WHERE id = ?1");
    zl_db_bind_textz(st, 1, id);
    return step_exists(s, st, found, err);
}

zl_status zl_store_has_intervention(zl_store *s, const char *code, bool *found, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT 1 FROM intervention WHERE code = ?1");
    zl_db_bind_textz(st, 1, code);
    return step_exists(s, st, found, err);
}
