/* The acute-care tables: location functions, ambulance posts, ferries and location
 * aliases (upserts, overlap checks), and the reads of the acute-care analysis. */
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "zorglandschap/store_acute.h"
#include "zorglandschap/util.h"

zl_status zl_store_put_function(zl_store *s, const zl_function_row *r, bool *changed, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "INSERT INTO location_function(location_id, function, valid_from,"
                           " valid_to) VALUES (?1,?2,?3,?4) ON CONFLICT(location_id, function,"
                           " valid_from) DO UPDATE SET valid_to=excluded.valid_to"
                           " WHERE valid_to<>excluded.valid_to");
    zl_db_bind_textz(st, 1, r->location_id);
    zl_db_bind_textz(st, 2, r->function);
    zl_db_bind_textz(st, 3, r->valid_from);
    zl_db_bind_textz(st, 4, r->valid_to);
    return zl_db_step_upsert(s, st, "writing a location function", changed, err);
}

zl_status zl_store_put_post(zl_store *s, const zl_post_row *r, bool *changed, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st,
                       "INSERT INTO ambulance_post(name, availability, around_clock, lat, lon,"
                       " valid_from, valid_to) VALUES (?1,?2,?3,?4,?5,?6,?7)"
                       " ON CONFLICT(name, valid_from) DO UPDATE SET"
                       " availability=excluded.availability, around_clock=excluded.around_clock,"
                       " lat=excluded.lat, lon=excluded.lon, valid_to=excluded.valid_to"
                       " WHERE availability<>excluded.availability OR lat<>excluded.lat"
                       " OR lon<>excluded.lon OR valid_to<>excluded.valid_to");
    zl_db_bind_textz(st, 1, r->name);
    zl_db_bind_textz(st, 2, r->availability);
    zl_db_bind_int(st, 3, r->around_clock);
    zl_db_bind_double(st, 4, r->lat);
    zl_db_bind_double(st, 5, r->lon);
    zl_db_bind_textz(st, 6, r->valid_from);
    zl_db_bind_textz(st, 7, r->valid_to);
    return zl_db_step_upsert(s, st, "writing an ambulance post", changed, err);
}

zl_status zl_store_put_ferry(zl_store *s, const zl_ferry_fields *f, const char *source,
                             bool *changed, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st,
                       "INSERT INTO ferry(island, island_harbour, island_lat, island_lon,"
                       " mainland_harbour, mainland_lat, mainland_lon, crossing_min, wait_min,"
                       " night, polygon, source) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)"
                       " ON CONFLICT(island) DO UPDATE SET island_harbour=excluded.island_harbour,"
                       " island_lat=excluded.island_lat, island_lon=excluded.island_lon,"
                       " mainland_harbour=excluded.mainland_harbour,"
                       " mainland_lat=excluded.mainland_lat, mainland_lon=excluded.mainland_lon,"
                       " crossing_min=excluded.crossing_min, wait_min=excluded.wait_min,"
                       " night=excluded.night, polygon=excluded.polygon, source=excluded.source"
                       " WHERE island_harbour<>excluded.island_harbour"
                       " OR island_lat<>excluded.island_lat OR island_lon<>excluded.island_lon"
                       " OR mainland_harbour<>excluded.mainland_harbour"
                       " OR mainland_lat<>excluded.mainland_lat"
                       " OR mainland_lon<>excluded.mainland_lon"
                       " OR crossing_min<>excluded.crossing_min OR wait_min<>excluded.wait_min"
                       " OR night<>excluded.night OR polygon<>excluded.polygon"
                       " OR source IS NOT excluded.source");
    zl_db_bind_textz(st, 1, f->island);
    zl_db_bind_textz(st, 2, f->island_harbour ? f->island_harbour : "");
    zl_db_bind_double(st, 3, f->island_lat);
    zl_db_bind_double(st, 4, f->island_lon);
    zl_db_bind_textz(st, 5, f->mainland_harbour ? f->mainland_harbour : "");
    zl_db_bind_double(st, 6, f->mainland_lat);
    zl_db_bind_double(st, 7, f->mainland_lon);
    zl_db_bind_double(st, 8, f->crossing_min);
    zl_db_bind_double(st, 9, f->wait_min);
    zl_db_bind_int(st, 10, f->night);
    zl_db_bind_textz(st, 11, f->polygon);
    zl_db_bind_textz(st, 12, source);
    return zl_db_step_upsert(s, st, "writing a ferry link", changed, err);
}

zl_status zl_store_put_location_alias(zl_store *s, const char *source, const char *source_id,
                                      const char *location_id, const char *matched_by,
                                      double distance_m, zl_err *err)
{
    zl_dbst *st = zl_db_stmt2(
        s,
        "INSERT OR REPLACE INTO location_alias(source, source_id, location_id,"
        " matched_by, distance_m) VALUES (?1,?2,?3,?4,?5)",
        "INSERT INTO location_alias(source, source_id, location_id, matched_by, distance_m)"
        " VALUES (?1,?2,?3,?4,?5) ON CONFLICT (source, source_id) DO UPDATE SET"
        " location_id = excluded.location_id, matched_by = excluded.matched_by,"
        " distance_m = excluded.distance_m",
        err);
    if (!st)
        return err ? err->code : ZL_EDB;
    zl_db_bind_textz(st, 1, source);
    zl_db_bind_textz(st, 2, source_id);
    zl_db_bind_textz(st, 3, location_id);
    zl_db_bind_textz(st, 4, matched_by);
    zl_db_bind_double(st, 5, distance_m);
    return zl_db_step_done(s, st, "writing a location alias", err);
}

static zl_status exists(zl_store *s, zl_dbst *st, bool *found, const char *what, zl_err *err)
{
    int rc = zl_db_step(st);
    *found = rc == ZL_DB_ROW;
    zl_db_reset(st);
    return rc == ZL_DB_ROW || rc == ZL_DB_DONE ? ZL_OK : zl_store_dberr(s, err, what);
}

zl_status zl_store_function_overlaps(zl_store *s, const zl_function_row *r, bool *overlaps,
                                     zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT 1 FROM location_function WHERE location_id=?1 AND function=?2"
                           " AND valid_from<>?3 AND valid_from<=?4 AND valid_to>=?3 LIMIT 1");
    zl_db_bind_textz(st, 1, r->location_id);
    zl_db_bind_textz(st, 2, r->function);
    zl_db_bind_textz(st, 3, r->valid_from);
    zl_db_bind_textz(st, 4, r->valid_to);
    return exists(s, st, overlaps, "checking function periods", err);
}

zl_status zl_store_post_overlaps(zl_store *s, const zl_post_row *r, bool *overlaps, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT 1 FROM ambulance_post WHERE name=?1 AND valid_from<>?2"
                           " AND valid_from<=?3 AND valid_to>=?2 LIMIT 1");
    zl_db_bind_textz(st, 1, r->name);
    zl_db_bind_textz(st, 2, r->valid_from);
    zl_db_bind_textz(st, 3, r->valid_to);
    return exists(s, st, overlaps, "checking post periods", err);
}

static const char *col_text(zl_dbst *st, int i)
{
    const char *v = (const char *)zl_db_col_text(st, i);
    return v ? v : "";
}

zl_status zl_store_ferries(zl_store *s, zl_ferry_set *out, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st,
                       "SELECT island, island_harbour, island_lat, island_lon, mainland_harbour,"
                       " mainland_lat, mainland_lon, crossing_min, wait_min, night, polygon"
                       " FROM ferry ORDER BY island");
    int rc;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW) {
        zl_ferry_fields f = {.island = col_text(st, 0),
                             .island_harbour = col_text(st, 1),
                             .island_lat = zl_db_col_double(st, 2),
                             .island_lon = zl_db_col_double(st, 3),
                             .mainland_harbour = col_text(st, 4),
                             .mainland_lat = zl_db_col_double(st, 5),
                             .mainland_lon = zl_db_col_double(st, 6),
                             .crossing_min = zl_db_col_double(st, 7),
                             .wait_min = zl_db_col_double(st, 8),
                             .night = zl_db_col_int(st, 9) != 0,
                             .polygon = col_text(st, 10)};
        status = zl_ferry_set_add(out, &f, err);
    }
    status = zl_db_rows_end(s, st, rc, status, "reading ferry links", err);
    if (status != ZL_OK)
        zl_ferry_set_free(out);
    return status;
}

void zl_named_points_free(zl_named_point *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) {
        free(v[i].id);
        free(v[i].name);
    }
    free(v);
}

/* Reads (id, name, lat, lon) rows into a new array. */
static zl_status read_points(zl_store *s, zl_dbst *st, zl_named_point **out, size_t *n,
                             const char *what, zl_err *err)
{
    size_t cap = 0;
    int rc;
    zl_status status = ZL_OK;
    *out = NULL;
    *n = 0;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW) {
        status = zl_grow((void **)out, &cap, *n + 1, sizeof **out, err);
        if (status != ZL_OK)
            break;
        zl_named_point *p = &(*out)[*n];
        *p = (zl_named_point){strdup(col_text(st, 0)), strdup(col_text(st, 1)),
                              zl_db_col_double(st, 2), zl_db_col_double(st, 3)};
        (*n)++;
        if (!p->id || !p->name)
            status = zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    status = zl_db_rows_end(s, st, rc, status, what, err);
    if (status != ZL_OK) {
        zl_named_points_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return status;
}

zl_status zl_store_named_locations(zl_store *s, zl_named_point **out, size_t *n, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT id, name, lat, lon FROM location ORDER BY id");
    return read_points(s, st, out, n, "reading locations", err);
}

zl_status zl_store_function_locations(zl_store *s, const char *function, const char *date,
                                      zl_named_point **out, size_t *n, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT l.id, l.name, l.lat, l.lon FROM location_function f"
                           " JOIN location l ON l.id = f.location_id WHERE f.function=?1"
                           " AND f.valid_from<=?2 AND f.valid_to>=?2 ORDER BY l.id");
    zl_db_bind_textz(st, 1, function);
    zl_db_bind_textz(st, 2, date);
    return read_points(s, st, out, n, "reading locations with a function", err);
}

zl_status zl_store_posts_on(zl_store *s, const char *date, bool around_clock, zl_named_point **out,
                            size_t *n, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT name, availability, lat, lon FROM ambulance_post"
                           " WHERE valid_from<=?1 AND valid_to>=?1 AND (around_clock OR NOT ?2)"
                           " ORDER BY name");
    zl_db_bind_textz(st, 1, date);
    zl_db_bind_int(st, 2, around_clock);
    return read_points(s, st, out, n, "reading ambulance posts", err);
}

zl_status zl_store_function_latest(zl_store *s, const char *function, char **date, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT max(valid_from) FROM location_function WHERE function=?1");
    zl_db_bind_textz(st, 1, function);
    int rc = zl_db_step(st);
    *date = NULL;
    if (rc == ZL_DB_ROW && zl_db_col_type(st, 0) != ZL_DB_NULL &&
        !(*date = strdup(col_text(st, 0)))) {
        zl_db_reset(st);
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    zl_db_reset(st);
    return rc == ZL_DB_ROW ? ZL_OK : zl_store_dberr(s, err, "reading function dates");
}

void zl_pop_areas_free(zl_pop_area *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) {
        free(v[i].municipality);
        free(v[i].province);
    }
    free(v);
}

zl_status zl_store_pop_areas(zl_store *s, zl_pop_area **out, size_t *n, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT pc4, lat, lon, population, municipality, province FROM area"
                           " ORDER BY pc4");
    size_t cap = 0;
    int rc;
    zl_status status = ZL_OK;
    *out = NULL;
    *n = 0;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW) {
        if ((status = zl_grow((void **)out, &cap, *n + 1, sizeof **out, err)) != ZL_OK)
            break;
        zl_pop_area *a = &(*out)[(*n)++];
        *a =
            (zl_pop_area){zl_db_col_int(st, 0),   zl_db_col_double(st, 1), zl_db_col_double(st, 2),
                          zl_db_col_int64(st, 3), strdup(col_text(st, 4)), strdup(col_text(st, 5))};
        if (!a->municipality || !a->province)
            status = zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    status = zl_db_rows_end(s, st, rc, status, "reading areas", err);
    if (status != ZL_OK) {
        zl_pop_areas_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return status;
}

zl_status zl_store_latest_volumes(zl_store *s, const char *intervention, char ***ids,
                                  int64_t **counts, size_t *n, int64_t *year, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT location_id, count, year FROM volume WHERE intervention=?1"
                           " AND year=(SELECT max(year) FROM volume WHERE intervention=?1)"
                           " ORDER BY location_id");
    zl_db_bind_textz(st, 1, intervention);
    size_t cap = 0, ccap = 0;
    int rc;
    zl_status status = ZL_OK;
    *ids = NULL;
    *counts = NULL;
    *n = 0;
    *year = 0;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW) {
        if ((status = zl_grow((void **)ids, &cap, *n + 2, sizeof **ids, err)) != ZL_OK ||
            (status = zl_grow((void **)counts, &ccap, *n + 1, sizeof **counts, err)) != ZL_OK)
            break;
        (*ids)[*n] = strdup(col_text(st, 0));
        (*ids)[*n + 1] = NULL;
        (*counts)[*n] = zl_db_col_int64(st, 1);
        *year = zl_db_col_int64(st, 2);
        if (!(*ids)[(*n)++])
            status = zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    return zl_db_rows_end(s, st, rc, status, "reading volumes", err);
}
