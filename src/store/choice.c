/* SQL of the choice model (choice_model, choice_coef, choice_location) and of the
 * allocation inputs (partner, capacity). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "zorglandschap/store_choice.h"

static zl_status delete_model(zl_store *s, const char *code, int year, zl_err *err)
{
    static const char *const sql[] = {
        "DELETE FROM choice_coef WHERE intervention = ?1 AND year = ?2",
        "DELETE FROM choice_location WHERE intervention = ?1 AND year = ?2",
        "DELETE FROM choice_model WHERE intervention = ?1 AND year = ?2"};
    for (size_t i = 0; i < 3; i++) {
        ZL_DB_STMT_OR_FAIL(st, sql[i]);
        zl_db_bind_textz(st, 1, code);
        zl_db_bind_int(st, 2, year);
        zl_status rc = zl_db_step_done(s, st, "replacing a choice model", err);
        if (rc != ZL_OK)
            return rc;
    }
    return ZL_OK;
}

static zl_status put_header(zl_store *s, const zl_choice_model *m, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st,
                       "INSERT INTO choice_model(intervention, year, age_interaction, knots,"
                       " log_likelihood, log_likelihood_null, rho2, patients, areas, iterations,"
                       " synthetic, fitted_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,"
                       " strftime('%Y-%m-%dT%H:%M:%SZ','now'))");
    char knots[64];
    snprintf(knots, sizeof knots, "%g,%g,%g,%g", zl_choice_knots[0], zl_choice_knots[1],
             zl_choice_knots[2], zl_choice_knots[3]);
    zl_db_bind_textz(st, 1, m->intervention);
    zl_db_bind_int(st, 2, m->year);
    zl_db_bind_int(st, 3, m->age_interaction);
    zl_db_bind_textz(st, 4, knots);
    zl_db_bind_double(st, 5, m->log_likelihood);
    zl_db_bind_double(st, 6, m->log_likelihood_null);
    zl_db_bind_double(st, 7, m->rho2);
    zl_db_bind_int64(st, 8, m->patients);
    zl_db_bind_int64(st, 9, (int64_t)m->areas);
    zl_db_bind_int(st, 10, m->iterations);
    zl_db_bind_int(st, 11, m->synthetic);
    return zl_db_step_done(s, st, "storing a choice model", err);
}

static zl_status put_rows(zl_store *s, const zl_choice_model *m, zl_err *err)
{
    zl_status rc = ZL_OK;
    for (size_t k = 0; rc == ZL_OK && k < m->n_coef; k++) {
        ZL_DB_STMT_OR_FAIL(st, "INSERT INTO choice_coef(intervention, year, pos, name, value, se)"
                               " VALUES (?1,?2,?3,?4,?5,?6)");
        zl_db_bind_textz(st, 1, m->intervention);
        zl_db_bind_int(st, 2, m->year);
        zl_db_bind_int64(st, 3, (int64_t)k);
        zl_db_bind_textz(st, 4, m->coef[k].name);
        zl_db_bind_double(st, 5, m->coef[k].value);
        if (isfinite(m->coef[k].se))
            zl_db_bind_double(st, 6, m->coef[k].se);
        rc = zl_db_step_done(s, st, "storing a choice coefficient", err);
    }
    for (size_t j = 0; rc == ZL_OK && j < m->n_locs; j++) {
        ZL_DB_STMT_OR_FAIL(st, "INSERT INTO choice_location(intervention, year, location_id, alpha,"
                               " observed, predicted) VALUES (?1,?2,?3,?4,?5,?6)");
        zl_db_bind_textz(st, 1, m->intervention);
        zl_db_bind_int(st, 2, m->year);
        zl_db_bind_textz(st, 3, m->locs[j].id);
        zl_db_bind_double(st, 4, m->locs[j].alpha);
        zl_db_bind_double(st, 5, m->locs[j].observed);
        zl_db_bind_double(st, 6, m->locs[j].predicted);
        rc = zl_db_step_done(s, st, "storing a choice location", err);
    }
    return rc;
}

zl_status zl_store_choice_save(zl_store *s, const zl_choice_model *m, zl_err *err)
{
    zl_status rc = zl_store_begin(s, err);
    if (rc != ZL_OK)
        return rc;
    rc = delete_model(s, m->intervention, m->year, err);
    if (rc == ZL_OK)
        rc = put_header(s, m, err);
    if (rc == ZL_OK)
        rc = put_rows(s, m, err);
    if (rc == ZL_OK)
        return zl_store_commit(s, err);
    zl_store_rollback(s);
    return rc;
}

/* The year to load: `year` when stored, else the latest; 0 when none. */
static zl_status pick_year(zl_store *s, const char *code, int year, int *out, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT year FROM choice_model WHERE intervention = ?1"
                           " ORDER BY (year = ?2) DESC, year DESC LIMIT 1");
    zl_db_bind_textz(st, 1, code);
    zl_db_bind_int(st, 2, year);
    int rc = zl_db_step(st);
    *out = rc == ZL_DB_ROW ? zl_db_col_int(st, 0) : 0;
    zl_db_reset(st);
    if (rc != ZL_DB_ROW && rc != ZL_DB_DONE)
        return zl_store_dberr(s, err, "reading choice models");
    return ZL_OK;
}

static zl_status load_header(zl_store *s, zl_choice_model *m, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT age_interaction, log_likelihood, log_likelihood_null, rho2,"
                           " patients, areas, iterations, synthetic FROM choice_model"
                           " WHERE intervention = ?1 AND year = ?2");
    zl_db_bind_textz(st, 1, m->intervention);
    zl_db_bind_int(st, 2, m->year);
    int rc = zl_db_step(st);
    if (rc == ZL_DB_ROW) {
        m->age_interaction = zl_db_col_int(st, 0) != 0;
        m->log_likelihood = zl_db_col_double(st, 1);
        m->log_likelihood_null = zl_db_col_double(st, 2);
        m->rho2 = zl_db_col_double(st, 3);
        m->patients = zl_db_col_int64(st, 4);
        m->areas = (size_t)zl_db_col_int64(st, 5);
        m->iterations = zl_db_col_int(st, 6);
        m->synthetic = zl_db_col_int(st, 7) != 0;
    }
    zl_db_reset(st);
    return rc == ZL_DB_ROW ? ZL_OK : zl_store_dberr(s, err, "reading a choice model");
}

static zl_status count_rows(zl_store *s, const char *sql, const zl_choice_model *m, size_t *n,
                            zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, sql);
    zl_db_bind_textz(st, 1, m->intervention);
    zl_db_bind_int(st, 2, m->year);
    int rc = zl_db_step(st);
    *n = rc == ZL_DB_ROW ? (size_t)zl_db_col_int64(st, 0) : 0;
    zl_db_reset(st);
    return rc == ZL_DB_ROW ? ZL_OK : zl_store_dberr(s, err, "reading a choice model");
}

/* Sets the travel coefficients and gamma from the coefficient rows by name. */
static void named_coef(zl_choice_model *m, const zl_choice_coef *c)
{
    static const char *const names[ZL_CHOICE_N_SEG] = {
        "travel_0_15", "travel_15_30", "travel_30_45", "travel_45_60", "travel_60_plus"};
    for (int k = 0; k < ZL_CHOICE_N_SEG; k++)
        if (strcmp(c->name, names[k]) == 0)
            m->beta[k] = c->value;
    if (strcmp(c->name, "travel_x_age75") == 0)
        m->gamma = c->value;
}

static zl_status load_coefs(zl_store *s, zl_choice_model *m, zl_err *err)
{
    size_t n;
    zl_status rc = count_rows(
        s, "SELECT count(*) FROM choice_coef WHERE intervention = ?1 AND year = ?2", m, &n, err);
    if (rc != ZL_OK)
        return rc;
    if (!(m->coef = calloc(n + 1, sizeof *m->coef)))
        return zl_fail(err, ZL_ENOMEM, "out of memory reading a choice model");
    ZL_DB_STMT_OR_FAIL(st, "SELECT name, value, se FROM choice_coef WHERE intervention = ?1"
                           " AND year = ?2 ORDER BY pos");
    zl_db_bind_textz(st, 1, m->intervention);
    zl_db_bind_int(st, 2, m->year);
    int r;
    while (rc == ZL_OK && m->n_coef < n && (r = zl_db_step(st)) == ZL_DB_ROW) {
        zl_choice_coef *c = &m->coef[m->n_coef++];
        c->name = strdup((const char *)zl_db_col_text(st, 0));
        c->value = zl_db_col_double(st, 1);
        c->se = zl_db_col_type(st, 2) == ZL_DB_NULL ? NAN : zl_db_col_double(st, 2);
        if (!c->name)
            rc = zl_fail(err, ZL_ENOMEM, "out of memory reading a choice model");
        else
            named_coef(m, c);
    }
    zl_db_reset(st);
    return rc;
}

static zl_status load_locs(zl_store *s, zl_choice_model *m, zl_err *err)
{
    size_t n;
    zl_status rc =
        count_rows(s, "SELECT count(*) FROM choice_location WHERE intervention = ?1 AND year = ?2",
                   m, &n, err);
    if (rc != ZL_OK)
        return rc;
    if (!(m->locs = calloc(n + 1, sizeof *m->locs)))
        return zl_fail(err, ZL_ENOMEM, "out of memory reading a choice model");
    ZL_DB_STMT_OR_FAIL(st, "SELECT location_id, alpha, observed, predicted FROM choice_location"
                           " WHERE intervention = ?1 AND year = ?2 ORDER BY location_id");
    zl_db_bind_textz(st, 1, m->intervention);
    zl_db_bind_int(st, 2, m->year);
    while (rc == ZL_OK && m->n_locs < n && zl_db_step(st) == ZL_DB_ROW) {
        zl_choice_loc *l = &m->locs[m->n_locs++];
        l->id = strdup((const char *)zl_db_col_text(st, 0));
        l->alpha = zl_db_col_double(st, 1);
        l->observed = zl_db_col_double(st, 2);
        l->predicted = zl_db_col_double(st, 3);
        if (!l->id)
            rc = zl_fail(err, ZL_ENOMEM, "out of memory reading a choice model");
    }
    zl_db_reset(st);
    return rc;
}

zl_status zl_store_choice_load(zl_store *s, const char *intervention, int year,
                               zl_choice_model **out, zl_err *err)
{
    *out = NULL;
    int y = 0;
    zl_status rc = pick_year(s, intervention, year, &y, err);
    if (rc != ZL_OK || y == 0)
        return rc;
    zl_choice_model *m = calloc(1, sizeof *m);
    if (!m || !(m->intervention = strdup(intervention))) {
        free(m);
        return zl_fail(err, ZL_ENOMEM, "out of memory reading a choice model");
    }
    m->year = y;
    rc = load_header(s, m, err);
    if (rc == ZL_OK)
        rc = load_coefs(s, m, err);
    if (rc == ZL_OK)
        rc = load_locs(s, m, err);
    if (rc != ZL_OK) {
        zl_choice_model_free(m);
        return rc;
    }
    *out = m;
    return ZL_OK;
}

zl_status zl_store_choice_each(zl_store *s, zl_choice_key_fn fn, void *ctx, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st,
                       "SELECT intervention, year FROM choice_model ORDER BY intervention, year");
    int rc = ZL_DB_DONE;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW)
        status = fn(ctx, (const char *)zl_db_col_text(st, 0), zl_db_col_int(st, 1), err);
    return zl_db_rows_end(s, st, status == ZL_OK ? rc : ZL_DB_DONE, status, "listing choice models",
                          err);
}

zl_status zl_store_partners_clear(zl_store *s, zl_err *err)
{
    return zl_store_exec(s, "DELETE FROM partner;", err);
}

zl_status zl_store_partner_put(zl_store *s, const char *from, const char *to, double share,
                               bool illustrative, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "INSERT INTO partner(from_location, to_location, share, illustrative)"
                           " VALUES (?1,?2,?3,?4)");
    zl_db_bind_textz(st, 1, from);
    zl_db_bind_textz(st, 2, to);
    zl_db_bind_double(st, 3, share);
    zl_db_bind_int(st, 4, illustrative);
    return zl_db_step_done(s, st, "writing a partner", err);
}

zl_status zl_store_partners_each(zl_store *s, zl_partner_fn fn, void *ctx, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT from_location, to_location, share FROM partner"
                           " ORDER BY from_location, to_location");
    int rc = ZL_DB_DONE;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW)
        status = fn(ctx, (const char *)zl_db_col_text(st, 0), (const char *)zl_db_col_text(st, 1),
                    zl_db_col_double(st, 2), err);
    return zl_db_rows_end(s, st, status == ZL_OK ? rc : ZL_DB_DONE, status, "reading partners",
                          err);
}

zl_status zl_store_capacity_put(zl_store *s, const char *intervention, const char *location,
                                double capacity, bool *changed, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st,
                       "INSERT INTO capacity(intervention, location_id, capacity) VALUES (?1,?2,?3)"
                       " ON CONFLICT(intervention, location_id) DO UPDATE SET"
                       " capacity = excluded.capacity WHERE capacity <> excluded.capacity");
    zl_db_bind_textz(st, 1, intervention);
    zl_db_bind_textz(st, 2, location);
    zl_db_bind_double(st, 3, capacity);
    zl_status rc = zl_db_step_done(s, st, "writing a capacity", err);
    if (rc == ZL_OK && changed)
        *changed = zl_db_changes(s) > 0;
    return rc;
}

zl_status zl_store_capacity_each(zl_store *s, const char *intervention, zl_capacity_fn fn,
                                 void *ctx, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT location_id, capacity FROM capacity WHERE intervention = ?1"
                           " ORDER BY location_id");
    zl_db_bind_textz(st, 1, intervention);
    int rc = ZL_DB_DONE;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW)
        status = fn(ctx, (const char *)zl_db_col_text(st, 0), zl_db_col_double(st, 1), err);
    return zl_db_rows_end(s, st, status == ZL_OK ? rc : ZL_DB_DONE, status, "reading capacities",
                          err);
}

zl_status zl_store_location_groups_each(zl_store *s, const char *layer, zl_location_group_fn fn,
                                        void *ctx, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT l.id, l.organisation_id, l.kind, r.code FROM location l"
                           " LEFT JOIN region_location r ON r.location_id = l.id AND r.layer = ?1"
                           " ORDER BY l.id");
    zl_db_bind_textz(st, 1, layer);
    int rc = ZL_DB_DONE;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW)
        status = fn(ctx, (const char *)zl_db_col_text(st, 0), (const char *)zl_db_col_text(st, 1),
                    (const char *)zl_db_col_text(st, 2), (const char *)zl_db_col_text(st, 3), err);
    return zl_db_rows_end(s, st, status == ZL_OK ? rc : ZL_DB_DONE, status, "reading locations",
                          err);
}
