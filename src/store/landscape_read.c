/* Listings of the care-landscape tables that the travel-time builder and the synthetic
 * data generator need, settings (key/value) and row counts. */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "store_internal.h"
#include "zorglandschap/store_landscape.h"
#include "zorglandschap/util.h"

static char *dup_col(zl_dbst *st, int i)
{
    const unsigned char *t = zl_db_col_text(st, i);
    return strdup(t ? (const char *)t : "");
}

zl_status zl_store_list_areas(zl_store *s, zl_point_area **out, size_t *n, zl_err *err)
{
    zl_dbst *st = zl_db_stmt(s, "SELECT pc4, lat, lon FROM area ORDER BY pc4", err);
    if (!st)
        return err ? err->code : ZL_EDB;
    zl_point_area *v = NULL;
    size_t len = 0, cap = 0;
    int rc;
    while ((rc = zl_db_step(st)) == ZL_DB_ROW) {
        void *p = v;
        if (zl_grow(&p, &cap, len + 1, sizeof *v, err) != ZL_OK) {
            free(v);
            zl_db_reset(st);
            return ZL_ENOMEM;
        }
        v = p;
        v[len++] =
            (zl_point_area){zl_db_col_int(st, 0), zl_db_col_double(st, 1), zl_db_col_double(st, 2)};
    }
    zl_db_reset(st);
    if (rc != ZL_DB_DONE) {
        free(v);
        return zl_store_dberr(s, err, "listing areas");
    }
    *out = v;
    *n = len;
    return ZL_OK;
}

void zl_point_locations_free(zl_point_location *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) {
        free(v[i].id);
        free(v[i].kind);
    }
    free(v);
}

zl_status zl_store_list_locations(zl_store *s, zl_point_location **out, size_t *n, zl_err *err)
{
    zl_dbst *st = zl_db_stmt(s, "SELECT id, kind, lat, lon FROM location ORDER BY id", err);
    if (!st)
        return err ? err->code : ZL_EDB;
    zl_point_location *v = NULL;
    size_t len = 0, cap = 0;
    int rc;
    zl_status status = ZL_OK;
    while ((rc = zl_db_step(st)) == ZL_DB_ROW) {
        void *p = v;
        if (zl_grow(&p, &cap, len + 1, sizeof *v, err) != ZL_OK) {
            status = ZL_ENOMEM;
            break;
        }
        v = p;
        zl_point_location *l = &v[len++];
        l->id = dup_col(st, 0);
        l->kind = dup_col(st, 1);
        l->lat = zl_db_col_double(st, 2);
        l->lon = zl_db_col_double(st, 3);
        if (!l->id || !l->kind) {
            status = zl_fail(err, ZL_ENOMEM, "out of memory");
            break;
        }
    }
    zl_db_reset(st);
    if (status == ZL_OK && rc != ZL_DB_DONE)
        status = zl_store_dberr(s, err, "listing locations");
    if (status != ZL_OK) {
        zl_point_locations_free(v, len);
        return status;
    }
    *out = v;
    *n = len;
    return ZL_OK;
}

static long find_area(const zl_point_area *a, size_t n, int32_t pc4)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (a[mid].pc4 < pc4)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && a[lo].pc4 == pc4 ? (long)lo : -1;
}

zl_status zl_store_area_age_matrix(zl_store *s, const zl_point_area *areas, size_t n_areas,
                                   int64_t **out, zl_err *err)
{
    zl_dbst *st = zl_db_stmt(s, "SELECT pc4, band_lo, population FROM area_age ORDER BY pc4", err);
    if (!st)
        return err ? err->code : ZL_EDB;
    int64_t *m = calloc(n_areas ? n_areas * ZL_AGE_BANDS : 1, sizeof *m);
    if (!m)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    int rc;
    while ((rc = zl_db_step(st)) == ZL_DB_ROW) {
        long i = find_area(areas, n_areas, zl_db_col_int(st, 0));
        int band = zl_db_col_int(st, 1) / 5;
        if (i >= 0 && band >= 0 && band < ZL_AGE_BANDS)
            m[(size_t)i * ZL_AGE_BANDS + (size_t)band] = zl_db_col_int64(st, 2);
    }
    zl_db_reset(st);
    if (rc != ZL_DB_DONE) {
        free(m);
        return zl_store_dberr(s, err, "reading age bands");
    }
    *out = m;
    return ZL_OK;
}

/* The first column of every row of a query, as a NULL-terminated string array. */
static zl_status list_strings(zl_store *s, const char *sql, const char *what, char ***out,
                              size_t *n, zl_err *err)
{
    zl_dbst *st = zl_db_stmt(s, sql, err);
    if (!st)
        return err ? err->code : ZL_EDB;
    size_t len = 0, cap = 0;
    char **v = NULL;
    int rc;
    zl_status status = ZL_OK;
    while ((rc = zl_db_step(st)) == ZL_DB_ROW) {
        void *p = v;
        if (zl_grow(&p, &cap, len + 2, sizeof *v, err) != ZL_OK) {
            status = ZL_ENOMEM;
            break;
        }
        v = p;
        v[len] = dup_col(st, 0);
        v[len + 1] = NULL;
        if (!v[len++]) {
            status = zl_fail(err, ZL_ENOMEM, "out of memory");
            break;
        }
    }
    zl_db_reset(st);
    if (status == ZL_OK && rc != ZL_DB_DONE)
        status = zl_store_dberr(s, err, what);
    if (status == ZL_OK && !v && !(v = calloc(1, sizeof *v)))
        status = zl_fail(err, ZL_ENOMEM, "out of memory");
    if (status != ZL_OK) {
        zl_strv_free(v);
        return status;
    }
    *out = v;
    *n = len;
    return ZL_OK;
}

zl_status zl_store_list_intervention_codes(zl_store *s, char ***out, size_t *n, zl_err *err)
{
    return list_strings(s, "SELECT code FROM intervention ORDER BY code", "listing interventions",
                        out, n, err);
}

zl_status zl_store_list_region_layers(zl_store *s, char ***out, size_t *n, zl_err *err)
{
    return list_strings(s, "SELECT DISTINCT layer FROM region ORDER BY layer",
                        "listing region layers", out, n, err);
}

zl_status zl_store_list_network_layers(zl_store *s, char ***out, size_t *n, zl_err *err)
{
    return list_strings(s,
                        "SELECT DISTINCT layer FROM region_location WHERE layer NOT IN "
                        "(SELECT layer FROM region_area) ORDER BY layer",
                        "listing care network layers", out, n, err);
}

zl_status zl_store_setting_get(zl_store *s, const char *key, char **value, zl_err *err)
{
    zl_dbst *st = zl_db_stmt(s, "SELECT value FROM setting WHERE key = ?1", err);
    if (!st)
        return err ? err->code : ZL_EDB;
    zl_db_bind_textz(st, 1, key);
    int rc = zl_db_step(st);
    *value = NULL;
    if (rc == ZL_DB_ROW && !(*value = dup_col(st, 0))) {
        zl_db_reset(st);
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    zl_db_reset(st);
    if (rc != ZL_DB_ROW && rc != ZL_DB_DONE)
        return zl_store_dberr(s, err, "reading a setting");
    return ZL_OK;
}

zl_status zl_store_setting_put(zl_store *s, const char *key, const char *value, zl_err *err)
{
    zl_dbst *st = zl_db_stmt(s,
                             "INSERT INTO setting(key, value) VALUES (?1, ?2)"
                             " ON CONFLICT(key) DO UPDATE SET value = excluded.value"
                             " WHERE value <> excluded.value",
                             err);
    if (!st)
        return err ? err->code : ZL_EDB;
    zl_db_bind_textz(st, 1, key);
    zl_db_bind_textz(st, 2, value);
    return zl_db_step_done(s, st, "writing a setting", err);
}

zl_status zl_store_count_rows(zl_store *s, const char *table, int64_t *n, zl_err *err)
{
    static const char *const queries[][2] = {
        {"area", "SELECT count(*) FROM area"},
        {"area_age", "SELECT count(*) FROM area_age"},
        {"location", "SELECT count(*) FROM location"},
        {"region", "SELECT count(*) FROM region"},
        {"region_area", "SELECT count(*) FROM region_area"},
        {"region_location", "SELECT count(*) FROM region_location"},
        {"intervention", "SELECT count(*) FROM intervention"},
        {"volume", "SELECT count(*) FROM volume"},
        {"flow", "SELECT count(*) FROM flow"},
        {"travel", "SELECT count(*) FROM travel"},
        {"indicator", "SELECT count(*) FROM indicator"},
        {"indicator_value", "SELECT count(*) FROM indicator_value"},
        {"staff", "SELECT count(*) FROM staff"},
        {"surgeon_norm", "SELECT count(*) FROM surgeon_norm"},
        {"provider", "SELECT count(*) FROM provider"},
        {"provider_group", "SELECT count(*) FROM provider_group"},
        {"tariff", "SELECT count(*) FROM tariff"},
    };
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        if (strcmp(queries[i][0], table) != 0)
            continue;
        zl_dbst *st = zl_db_stmt(s, queries[i][1], err);
        if (!st)
            return err ? err->code : ZL_EDB;
        int rc = zl_db_step(st);
        *n = rc == ZL_DB_ROW ? zl_db_col_int64(st, 0) : 0;
        zl_db_reset(st);
        if (rc != ZL_DB_ROW)
            return zl_store_dberr(s, err, "counting rows");
        return ZL_OK;
    }
    return zl_fail(err, ZL_EINTERNAL, "no such landscape table '%s'", table);
}
