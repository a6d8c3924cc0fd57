/* SQL of the quality indicators (indicator, indicator_value; migration 12): upserts for the
 * importers, the values of one indicator with volumes for the funnel plot and the
 * volume-outcome fit, the publication status of every provider, travel minutes from a PC4. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "store_internal.h"
#include "zorglandschap/store_quality.h"

static void bind_real_opt(zl_dbst *st, int i, double v)
{
    if (isnan(v))
        zl_db_bind_null(st, i);
    else
        zl_db_bind_double(st, i, v);
}

static double column_real_opt(zl_dbst *st, int i)
{
    return zl_db_col_type(st, i) == ZL_DB_NULL ? NAN : zl_db_col_double(st, i);
}

static const char *column_text(zl_dbst *st, int i)
{
    return (const char *)zl_db_col_text(st, i);
}

zl_status zl_store_indicator_put(zl_store *s, const zl_indicator_def *d, bool *changed, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(
        st, "INSERT INTO indicator(code, name_nl, name_en, intervention, direction, type,"
            " registry, year, base_rate, base_source, illustrative, synthetic)"
            " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)"
            " ON CONFLICT(code) DO UPDATE SET name_nl = excluded.name_nl,"
            " name_en = excluded.name_en, intervention = excluded.intervention,"
            " direction = excluded.direction, type = excluded.type,"
            " registry = excluded.registry, year = excluded.year,"
            " base_rate = excluded.base_rate, base_source = excluded.base_source,"
            " illustrative = excluded.illustrative, synthetic = excluded.synthetic"
            " WHERE (name_nl, name_en, intervention, direction, type, registry, year,"
            " illustrative, synthetic) IS NOT (excluded.name_nl, excluded.name_en,"
            " excluded.intervention, excluded.direction, excluded.type,"
            " excluded.registry, excluded.year, excluded.illustrative,"
            " excluded.synthetic) OR base_rate IS NOT excluded.base_rate"
            " OR base_source IS NOT excluded.base_source");
    zl_db_bind_textz(st, 1, d->code);
    zl_db_bind_textz(st, 2, d->name_nl);
    zl_db_bind_textz(st, 3, d->name_en);
    zl_db_bind_textz(st, 4, d->intervention);
    zl_db_bind_textz(st, 5, d->direction);
    zl_db_bind_textz(st, 6, d->type);
    zl_db_bind_textz(st, 7, d->registry);
    zl_db_bind_int(st, 8, d->year);
    bind_real_opt(st, 9, d->base_rate);
    zl_db_bind_textz(st, 10, d->base_source);
    zl_db_bind_int(st, 11, d->illustrative);
    zl_db_bind_int(st, 12, d->synthetic);
    return zl_db_step_upsert(s, st, "writing an indicator", changed, err);
}

zl_status zl_store_indicator_value_put(zl_store *s, const zl_indicator_value_row *r, bool *changed,
                                       zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(
        st, "INSERT INTO indicator_value(indicator, year, location_id, numerator,"
            " denominator, expected, published, synthetic) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)"
            " ON CONFLICT(indicator, year, location_id) DO UPDATE SET"
            " numerator = excluded.numerator, denominator = excluded.denominator,"
            " expected = excluded.expected, published = excluded.published,"
            " synthetic = excluded.synthetic"
            " WHERE (numerator, denominator, published, synthetic) IS NOT"
            " (excluded.numerator, excluded.denominator, excluded.published,"
            " excluded.synthetic) OR expected IS NOT excluded.expected");
    zl_db_bind_textz(st, 1, r->indicator);
    zl_db_bind_int(st, 2, r->year);
    zl_db_bind_textz(st, 3, r->location_id);
    zl_db_bind_int64(st, 4, r->numerator);
    zl_db_bind_int64(st, 5, r->denominator);
    bind_real_opt(st, 6, r->expected);
    zl_db_bind_int(st, 7, r->published);
    zl_db_bind_int(st, 8, r->synthetic);
    return zl_db_step_upsert(s, st, "writing an indicator value", changed, err);
}

zl_status zl_store_indicator_type(zl_store *s, const char *code, char type[16], bool *found,
                                  zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT type FROM indicator WHERE code = ?1");
    zl_db_bind_textz(st, 1, code);
    int rc = zl_db_step(st);
    *found = rc == ZL_DB_ROW;
    if (*found)
        snprintf(type, 16, "%s", column_text(st, 0));
    zl_db_reset(st);
    if (rc != ZL_DB_ROW && rc != ZL_DB_DONE)
        return zl_store_dberr(s, err, "looking up an indicator");
    return ZL_OK;
}

zl_status zl_store_indicators_each(zl_store *s, const char *intervention, const char *code,
                                   zl_indicator_fn fn, void *ctx, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT code, name_nl, name_en, intervention, direction, type, registry,"
                           " year, base_rate, base_source, illustrative, synthetic FROM indicator"
                           " WHERE (CAST(?1 AS TEXT) IS NULL OR lower(intervention) = lower(?1))"
                           " AND (CAST(?2 AS TEXT) IS NULL OR lower(code) = lower(?2))"
                           " ORDER BY intervention, code");
    zl_db_bind_textz(st, 1, intervention);
    zl_db_bind_textz(st, 2, code);
    int rc = ZL_DB_DONE;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW) {
        zl_indicator_def d = {
            .code = column_text(st, 0),
            .name_nl = column_text(st, 1),
            .name_en = column_text(st, 2),
            .intervention = column_text(st, 3),
            .direction = column_text(st, 4),
            .type = column_text(st, 5),
            .registry = column_text(st, 6),
            .year = zl_db_col_int(st, 7),
            .base_rate = column_real_opt(st, 8),
            .base_source = column_text(st, 9),
            .illustrative = zl_db_col_int(st, 10) != 0,
            .synthetic = zl_db_col_int(st, 11) != 0,
        };
        status = fn(ctx, &d, err);
    }
    return zl_db_rows_end(s, st, status == ZL_OK ? rc : ZL_DB_DONE, status, "reading indicators",
                          err);
}

zl_status zl_store_indicator_values_each(zl_store *s, const char *indicator, int from, int to,
                                         zl_quality_row_fn fn, void *ctx, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT v.location_id, l.name, l.lat, l.lon, v.year, v.numerator,"
                           " v.denominator, v.expected, v.published, v.synthetic, vol.count"
                           " FROM indicator_value v JOIN indicator i ON i.code = v.indicator"
                           " JOIN location l ON l.id = v.location_id"
                           " LEFT JOIN volume vol ON vol.intervention = i.intervention"
                           "  AND vol.location_id = v.location_id AND vol.year = v.year"
                           " WHERE v.indicator = ?1 AND v.year BETWEEN ?2 AND ?3"
                           " ORDER BY v.year, v.location_id");
    zl_db_bind_textz(st, 1, indicator);
    zl_db_bind_int(st, 2, from);
    zl_db_bind_int(st, 3, to);
    int rc = ZL_DB_DONE;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW) {
        zl_quality_row r = {
            .location_id = column_text(st, 0),
            .name = column_text(st, 1),
            .lat = zl_db_col_double(st, 2),
            .lon = zl_db_col_double(st, 3),
            .year = zl_db_col_int(st, 4),
            .numerator = zl_db_col_int64(st, 5),
            .denominator = zl_db_col_int64(st, 6),
            .expected = column_real_opt(st, 7),
            .published = zl_db_col_int(st, 8) != 0,
            .synthetic = zl_db_col_int(st, 9) != 0,
            .volume = zl_db_col_type(st, 10) == ZL_DB_NULL ? -1 : zl_db_col_int64(st, 10),
        };
        status = fn(ctx, &r, err);
    }
    return zl_db_rows_end(s, st, status == ZL_OK ? rc : ZL_DB_DONE, status,
                          "reading indicator values", err);
}

zl_status zl_store_indicator_years(zl_store *s, const char *indicator, int *first, int *last,
                                   zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st,
                       "SELECT coalesce(min(year), 0), coalesce(max(year), 0) FROM indicator_value"
                       " WHERE indicator = ?1");
    zl_db_bind_textz(st, 1, indicator);
    int rc = zl_db_step(st);
    if (rc == ZL_DB_ROW) {
        *first = zl_db_col_int(st, 0);
        *last = zl_db_col_int(st, 1);
    }
    zl_db_reset(st);
    return rc == ZL_DB_ROW ? ZL_OK : zl_store_dberr(s, err, "reading indicator years");
}

zl_status zl_store_quality_latest_year(zl_store *s, const char *intervention, int *year,
                                       zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT coalesce(max(v.year), 0) FROM indicator_value v"
                           " JOIN indicator i ON i.code = v.indicator"
                           " WHERE CAST(?1 AS TEXT) IS NULL OR lower(i.intervention) = lower(?1)");
    zl_db_bind_textz(st, 1, intervention);
    int rc = zl_db_step(st);
    if (rc == ZL_DB_ROW)
        *year = zl_db_col_int(st, 0);
    zl_db_reset(st);
    return rc == ZL_DB_ROW ? ZL_OK : zl_store_dberr(s, err, "reading indicator years");
}

zl_status zl_store_publish_status_each(zl_store *s, const char *intervention, int year,
                                       zl_publish_row_fn fn, void *ctx, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(
        st, "SELECT i.intervention, i.code, l.id, l.name, l.lat, l.lon, vol.count,"
            " coalesce(v.published, -1), vol.synthetic OR coalesce(v.synthetic, vol.synthetic)"
            " FROM indicator i JOIN volume vol ON vol.intervention = i.intervention"
            "  AND vol.year = ?2 AND vol.count > 0"
            " JOIN location l ON l.id = vol.location_id"
            " LEFT JOIN indicator_value v ON v.indicator = i.code AND v.year = ?2"
            "  AND v.location_id = l.id"
            " WHERE CAST(?1 AS TEXT) IS NULL OR lower(i.intervention) = lower(?1)"
            " ORDER BY i.intervention, i.code, l.id");
    zl_db_bind_textz(st, 1, intervention);
    zl_db_bind_int(st, 2, year);
    int rc = ZL_DB_DONE;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW) {
        zl_publish_row r = {
            .intervention = column_text(st, 0),
            .indicator = column_text(st, 1),
            .location_id = column_text(st, 2),
            .name = column_text(st, 3),
            .lat = zl_db_col_double(st, 4),
            .lon = zl_db_col_double(st, 5),
            .volume = zl_db_col_int64(st, 6),
            .state = zl_db_col_int(st, 7),
            .synthetic = zl_db_col_int(st, 8) != 0,
        };
        status = fn(ctx, &r, err);
    }
    return zl_db_rows_end(s, st, status == ZL_OK ? rc : ZL_DB_DONE, status,
                          "reading publication status", err);
}

zl_status zl_store_intervention_code(zl_store *s, const char *code, char out[64], bool *found,
                                     zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT code FROM intervention WHERE lower(code) = lower(?1)");
    zl_db_bind_textz(st, 1, code);
    int rc = zl_db_step(st);
    *found = rc == ZL_DB_ROW;
    if (*found)
        snprintf(out, 64, "%s", column_text(st, 0));
    zl_db_reset(st);
    if (rc != ZL_DB_ROW && rc != ZL_DB_DONE)
        return zl_store_dberr(s, err, "looking up an intervention");
    return ZL_OK;
}

zl_status zl_store_minutes_from(zl_store *s, int32_t pc4, zl_minutes_fn fn, void *ctx, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(
        st, "SELECT location_id, minutes FROM travel WHERE pc4 = ?1 ORDER BY location_id");
    zl_db_bind_int(st, 1, pc4);
    int rc = ZL_DB_DONE;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW)
        status = fn(ctx, column_text(st, 0), zl_db_col_double(st, 1), err);
    return zl_db_rows_end(s, st, status == ZL_OK ? rc : ZL_DB_DONE, status, "reading travel times",
                          err);
}
