/* Import of the European Reference Networks (ern.csv: acronym, name, scope) and of the
 * expertise-centre register (ECZA, one row per centre and covered ORPHAcode; format in
 * docs/formats-rare.md). Every row is checked against the nomenclature, the care
 * landscape's locations and the ERN list; periods of one centre and code may not overlap. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rare_internal.h"
#include "zorglandschap/csv.h"
#include "zorglandschap/rare.h"
#include "zorglandschap/store_rare.h"
#include "zorglandschap/util.h"

zl_status zl_rare_import_tx(zl_store *s, const char *kind, const char *path, bool synthetic,
                            zl_rare_rows_fn rows, zl_rare_import_stats *st, zl_err *err)
{
    zl_csv *c = NULL;
    if (zl_csv_open(path, &c, err) != ZL_OK)
        return err->code;
    zl_status rc = zl_store_begin(s, err);
    if (rc == ZL_OK) {
        rc = rows(s, c, st, &synthetic, err);
        if (rc == ZL_OK)
            rc = zl_store_log_import(s, kind, path, st->records, synthetic, err);
        if (rc == ZL_OK)
            rc = zl_store_commit(s, err);
        else
            zl_store_rollback(s);
    }
    zl_csv_close(c);
    return rc;
}

static zl_status ern_rows(zl_store *s, zl_csv *c, zl_rare_import_stats *st, bool *synthetic,
                          zl_err *err)
{
    static const char *const cols[] = {"acronym", "name", "scope"};
    int ix[3];
    if (zl_csv_require(c, cols, ix, 2, err) != ZL_OK)
        return err->code;
    ix[2] = zl_csv_col(c, "scope");
    zl_strset *seen = NULL;
    if (zl_strset_new(&seen, err) != ZL_OK)
        return err->code;
    bool row;
    zl_status rc;
    while ((rc = zl_csv_next(c, &row, err)) == ZL_OK && row) {
        const char *acr, *name;
        bool added;
        if ((rc = zl_csv_text(c, ix[0], &acr, err)) != ZL_OK ||
            (rc = zl_csv_text(c, ix[1], &name, err)) != ZL_OK ||
            (rc = zl_strset_add(seen, acr, &added, err)) != ZL_OK)
            break;
        if (!added) {
            rc = zl_csv_fail(c, ix[0], err, "duplicate network '%s'", acr);
            break;
        }
        const char *scope = ix[2] >= 0 ? zl_csv_field(c, (size_t)ix[2]) : NULL;
        if ((rc = zl_rare_put_ern(s, acr, name, scope && *scope ? scope : NULL, err)) != ZL_OK)
            break;
        st->records++;
    }
    zl_strset_free(seen);
    return rc;
}

zl_status zl_rare_import_ern(zl_store *s, const char *path, zl_rare_import_stats *stats,
                             zl_err *err)
{
    zl_rare_import_stats local = {0};
    zl_rare_import_stats *st = stats ? stats : &local;
    *st = (zl_rare_import_stats){0};
    return zl_rare_import_tx(s, "ern", path, false, ern_rows, st, err);
}

enum { C_CENTRE, C_LOCATION, C_NAME, C_ORPHA, C_ERN, C_FROM, C_TO, C_STATUS, C_NCOLS };

static bool status_known(const char *v)
{
    return strcmp(v, "recognised") == 0 || strcmp(v, "objection pending") == 0 ||
           strcmp(v, "expired") == 0 || strcmp(v, "withdrawn") == 0;
}

static bool truthy(const char *v)
{
    return strcmp(v, "true") == 0 || strcmp(v, "1") == 0 || strcmp(v, "yes") == 0;
}

/* Checks the references of one row: disorder (active), location, ERN. */
static zl_status check_refs(zl_store *s, zl_csv *c, const int *ix, const zl_coverage_put *v,
                            const char *location, zl_err *err)
{
    zl_rows d = {0};
    if (zl_rare_get_disorder(s, v->orpha, &d, err) != ZL_OK)
        return err->code;
    zl_status rc = ZL_OK;
    if (d.n == 0)
        rc = zl_csv_fail(c, ix[C_ORPHA], err,
                         "ORPHA:%lld does not exist in the nomenclature (import ordo or "
                         "product1 first)",
                         (long long)v->orpha);
    else if (strcmp(zl_rows_get(&d, 0, 3), "active") != 0)
        rc = zl_csv_fail(c, ix[C_ORPHA], err, "ORPHA:%lld is %s%s%s", (long long)v->orpha,
                         zl_rows_get(&d, 0, 3), zl_rows_get(&d, 0, 4) ? "; use ORPHA:" : "",
                         zl_rows_get(&d, 0, 4) ? zl_rows_get(&d, 0, 4) : "");
    zl_rows_free(&d);
    if (rc != ZL_OK)
        return rc;
    bool ok;
    if (zl_rare_location_exists(s, location, &ok, err) != ZL_OK)
        return err->code;
    if (!ok)
        return zl_csv_fail(c, ix[C_LOCATION], err,
                           "location '%s' does not exist (import the care landscape first)",
                           location);
    if (v->ern) {
        if (zl_rare_ern_exists(s, v->ern, &ok, err) != ZL_OK)
            return err->code;
        if (!ok)
            return zl_csv_fail(c, ix[C_ERN], err, "unknown ERN '%s' (import ern first)", v->ern);
    }
    return ZL_OK;
}

/* Reads and checks the fields of one register row into v. */
static zl_status read_row(zl_csv *c, const int *ix, int syn_col, zl_coverage_put *v,
                          const char **location, const char **name, zl_err *err)
{
    const char *orpha, *status;
    if (zl_csv_text(c, ix[C_CENTRE], &v->centre_id, err) != ZL_OK ||
        zl_csv_text(c, ix[C_LOCATION], location, err) != ZL_OK ||
        zl_csv_text(c, ix[C_NAME], name, err) != ZL_OK ||
        zl_csv_text(c, ix[C_ORPHA], &orpha, err) != ZL_OK ||
        zl_csv_text(c, ix[C_FROM], &v->from, err) != ZL_OK ||
        zl_csv_text(c, ix[C_TO], &v->to, err) != ZL_OK ||
        zl_csv_text(c, ix[C_STATUS], &status, err) != ZL_OK)
        return err->code;
    if (!zl_orpha_parse(orpha, &v->orpha))
        return zl_csv_fail(c, ix[C_ORPHA], err, "'%s' is not an ORPHAcode", orpha);
    if (!zl_date_valid(v->from))
        return zl_csv_fail(c, ix[C_FROM], err, "'%s' is not a date YYYY-MM-DD", v->from);
    if (!zl_date_valid(v->to))
        return zl_csv_fail(c, ix[C_TO], err, "'%s' is not a date YYYY-MM-DD", v->to);
    if (strcmp(v->to, v->from) < 0)
        return zl_csv_fail(c, ix[C_TO], err, "ends (%s) before it starts (%s)", v->to, v->from);
    if (!status_known(status))
        return zl_csv_fail(c, ix[C_STATUS], err,
                           "'%s' is not a status (recognised, objection pending, expired, "
                           "withdrawn)",
                           status);
    v->status = status;
    const char *ern = zl_csv_field(c, (size_t)ix[C_ERN]);
    v->ern = *ern ? ern : NULL;
    int po = zl_csv_col(c, "patient_organisation");
    v->patient_org = po >= 0 && *zl_csv_field(c, (size_t)po) ? zl_csv_field(c, (size_t)po) : NULL;
    v->synthetic = syn_col >= 0 && truthy(zl_csv_field(c, (size_t)syn_col));
    return ZL_OK;
}

/* Within one file a key may appear once, and a centre id keeps one location and name. */
static zl_status check_unique(zl_csv *c, const int *ix, zl_strset *keys, zl_strset *centres,
                              const zl_coverage_put *v, const char *location, const char *name,
                              zl_err *err)
{
    char key[512];
    bool added;
    snprintf(key, sizeof key, "%s\x1f%lld\x1f%s", v->centre_id, (long long)v->orpha, v->from);
    if (zl_strset_add(keys, key, &added, err) != ZL_OK)
        return err->code;
    if (!added)
        return zl_csv_fail(c, -1, err, "duplicate row for centre '%s', ORPHA:%lld from %s",
                           v->centre_id, (long long)v->orpha, v->from);
    snprintf(key, sizeof key, "%s\x1f%s\x1f%s", v->centre_id, location, name);
    if (zl_strset_add(centres, key, &added, err) != ZL_OK)
        return err->code;
    snprintf(key, sizeof key, "%s", v->centre_id);
    if (added && zl_strset_has(centres, key))
        return zl_csv_fail(c, ix[C_CENTRE], err,
                           "centre '%s' appears with another location or name", v->centre_id);
    return zl_strset_add(centres, key, &added, err);
}

static zl_status ecza_row(zl_store *s, zl_csv *c, const int *ix, int syn_col, zl_strset *keys,
                          zl_strset *centres, zl_rare_import_stats *st, bool *synthetic,
                          zl_err *err)
{
    zl_coverage_put v = {0};
    const char *location, *name;
    if (read_row(c, ix, syn_col, &v, &location, &name, err) != ZL_OK ||
        check_unique(c, ix, keys, centres, &v, location, name, err) != ZL_OK ||
        check_refs(s, c, ix, &v, location, err) != ZL_OK)
        return err->code;
    char *other = NULL;
    if (zl_rare_put_centre(s, v.centre_id, location, name, NULL, v.synthetic, err) != ZL_OK ||
        zl_rare_coverage_overlap(s, &v, &other, err) != ZL_OK)
        return zl_err_prefix(err, "%s:%ld: ", zl_csv_name(c), zl_csv_line(c));
    if (other) {
        zl_csv_fail(c, ix[C_FROM], err,
                    "period %s..%s of centre '%s' for ORPHA:%lld overlaps the period starting %s",
                    v.from, v.to, v.centre_id, (long long)v.orpha, other);
        free(other);
        return ZL_EINPUT;
    }
    if (zl_rare_put_coverage(s, &v, err) != ZL_OK)
        return zl_err_prefix(err, "%s:%ld: ", zl_csv_name(c), zl_csv_line(c));
    *synthetic = *synthetic || v.synthetic;
    st->records++;
    return ZL_OK;
}

static zl_status ecza_rows(zl_store *s, zl_csv *c, zl_rare_import_stats *st, bool *synthetic,
                           zl_err *err)
{
    static const char *const cols[C_NCOLS] = {"centre_id",     "location_id", "centre",
                                              "orpha",         "ern",         "recognised_from",
                                              "recognised_to", "status"};
    int ix[C_NCOLS];
    if (zl_csv_require(c, cols, ix, C_NCOLS, err) != ZL_OK)
        return err->code;
    int syn_col = zl_csv_col(c, "synthetic");
    zl_strset *keys = NULL, *centres = NULL;
    if (zl_strset_new(&keys, err) != ZL_OK || zl_strset_new(&centres, err) != ZL_OK) {
        zl_strset_free(keys);
        return err->code;
    }
    bool row;
    zl_status rc;
    while ((rc = zl_csv_next(c, &row, err)) == ZL_OK && row)
        if ((rc = ecza_row(s, c, ix, syn_col, keys, centres, st, synthetic, err)) != ZL_OK)
            break;
    zl_strset_free(keys);
    zl_strset_free(centres);
    return rc;
}

zl_status zl_rare_import_ecza(zl_store *s, const char *path, zl_rare_import_stats *stats,
                              zl_err *err)
{
    zl_rare_import_stats local = {0};
    zl_rare_import_stats *st = stats ? stats : &local;
    *st = (zl_rare_import_stats){0};
    return zl_rare_import_tx(s, "ecza", path, false, ecza_rows, st, err);
}
