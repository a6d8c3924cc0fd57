/* Import of ECZA networks (networks.csv: one row per network with its codes, coordinating
 * centre, member centres, ERN and patient organisations) and of shared-care agreements
 * (shared_care.csv: centre, partner location, codes, valid dates). Formats in
 * docs/rare-networks.md. Every reference is checked (codes active in the nomenclature,
 * centres in the register, partners care-landscape locations, the ERN in the ERN list);
 * an error names file, line and column, and the import changes nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rare_internal.h"
#include "zorglandschap/csv.h"
#include "zorglandschap/rare.h"
#include "zorglandschap/rare_network.h"
#include "zorglandschap/store_rare_network.h"
#include "zorglandschap/util.h"

/* The next ';'-separated item of *p (trimmed) into buf; false at the end. */
static bool next_item(const char **p, char *buf, size_t cap)
{
    while (**p == ';' || **p == ' ')
        (*p)++;
    if (!**p)
        return false;
    size_t n = strcspn(*p, ";");
    size_t keep = n;
    while (keep && (*p)[keep - 1] == ' ')
        keep--;
    snprintf(buf, cap, "%.*s", (int)(keep < cap ? keep : cap - 1), *p);
    *p += n;
    return true;
}

bool zl_rare_truthy(const char *v)
{
    return v && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0 || strcmp(v, "yes") == 0);
}

static bool synthetic_of(zl_csv *c)
{
    int col = zl_csv_col(c, "synthetic");
    return col >= 0 && zl_rare_truthy(zl_csv_field(c, (size_t)col));
}

zl_status zl_rare_check_code(zl_store *s, zl_csv *c, int col, const char *text, int64_t *orpha,
                             zl_err *err)
{
    if (!zl_orpha_parse(text, orpha))
        return zl_csv_fail(c, col, err, "'%s' is not an ORPHAcode", text);
    zl_rows d = {0};
    if (zl_rare_get_disorder(s, *orpha, &d, err) != ZL_OK)
        return err->code;
    zl_status rc = ZL_OK;
    if (d.n == 0)
        rc = zl_csv_fail(c, col, err, "ORPHA:%lld does not exist in the nomenclature",
                         (long long)*orpha);
    else if (strcmp(zl_rows_get(&d, 0, 3), "active") != 0)
        rc = zl_csv_fail(c, col, err, "ORPHA:%lld is %s", (long long)*orpha, zl_rows_get(&d, 0, 3));
    zl_rows_free(&d);
    return rc;
}

zl_status zl_rare_check_centre(zl_store *s, zl_csv *c, int col, const char *id, zl_err *err)
{
    bool ok;
    if (zl_rare_centre_exists(s, id, &ok, err) != ZL_OK)
        return err->code;
    return ok ? ZL_OK
              : zl_csv_fail(c, col, err,
                            "centre '%s' is not in the expertise-centre register (import ecza "
                            "first)",
                            id);
}

zl_status zl_rare_check_dates(zl_csv *c, int from_col, int to_col, const char *from,
                              const char *to, zl_err *err)
{
    if (!zl_date_valid(from))
        return zl_csv_fail(c, from_col, err, "'%s' is not a date YYYY-MM-DD", from);
    if (!zl_date_valid(to))
        return zl_csv_fail(c, to_col, err, "'%s' is not a date YYYY-MM-DD", to);
    if (strcmp(to, from) < 0)
        return zl_csv_fail(c, to_col, err, "ends (%s) before it starts (%s)", to, from);
    return ZL_OK;
}

enum { N_ID, N_NAME, N_ORPHA, N_COORD, N_MEMBERS, N_ERN, N_NCOLS };

static zl_status network_members(zl_store *s, zl_csv *c, const int *ix, const char *id,
                                 const char *coord, zl_err *err)
{
    if (zl_rare_check_centre(s, c, ix[N_COORD], coord, err) != ZL_OK ||
        zl_rare_add_network_member(s, id, coord, "coordinating", err) != ZL_OK)
        return err->code;
    const char *p = zl_csv_field(c, (size_t)ix[N_MEMBERS]);
    char centre[256];
    while (next_item(&p, centre, sizeof centre)) {
        if (strcmp(centre, coord) == 0)
            return zl_csv_fail(c, ix[N_MEMBERS], err,
                               "centre '%s' is the coordinating centre; list it once", centre);
        if (zl_rare_check_centre(s, c, ix[N_MEMBERS], centre, err) != ZL_OK)
            return err->code;
        zl_status rc = zl_rare_add_network_member(s, id, centre, "member", err);
        if (rc == ZL_EINPUT)
            return zl_csv_fail(c, ix[N_MEMBERS], err, "centre '%s' is listed twice", centre);
        if (rc != ZL_OK)
            return rc;
    }
    return ZL_OK;
}

static zl_status network_codes(zl_store *s, zl_csv *c, const int *ix, const char *id, zl_err *err)
{
    const char *p = zl_csv_field(c, (size_t)ix[N_ORPHA]);
    char code[64];
    int64_t orpha;
    size_t n = 0;
    while (next_item(&p, code, sizeof code)) {
        if (zl_rare_check_code(s, c, ix[N_ORPHA], code, &orpha, err) != ZL_OK ||
            zl_rare_add_network_code(s, id, orpha, err) != ZL_OK)
            return err->code;
        n++;
    }
    return n ? ZL_OK : zl_csv_fail(c, ix[N_ORPHA], err, "a network covers at least one code");
}

static zl_status network_row(zl_store *s, zl_csv *c, const int *ix, zl_strset *seen,
                             zl_rare_import_stats *st, bool *synthetic, zl_err *err)
{
    zl_network_put n = {.synthetic = synthetic_of(c)};
    bool added, ok;
    if (zl_csv_text(c, ix[N_ID], &n.id, err) != ZL_OK ||
        zl_csv_text(c, ix[N_NAME], &n.name, err) != ZL_OK ||
        zl_csv_text(c, ix[N_COORD], &n.coordinator, err) != ZL_OK ||
        zl_strset_add(seen, n.id, &added, err) != ZL_OK)
        return err->code;
    if (!added)
        return zl_csv_fail(c, ix[N_ID], err, "duplicate network '%s'", n.id);
    const char *ern = zl_csv_field(c, (size_t)ix[N_ERN]);
    n.ern = *ern ? ern : NULL;
    if (n.ern && zl_rare_ern_exists(s, n.ern, &ok, err) != ZL_OK)
        return err->code;
    if (n.ern && !ok)
        return zl_csv_fail(c, ix[N_ERN], err, "unknown ERN '%s' (import ern first)", n.ern);
    int po = zl_csv_col(c, "patient_organisations");
    n.patient_orgs = po >= 0 && *zl_csv_field(c, (size_t)po) ? zl_csv_field(c, (size_t)po) : NULL;
    if (zl_rare_put_network(s, &n, err) != ZL_OK ||
        network_codes(s, c, ix, n.id, err) != ZL_OK ||
        network_members(s, c, ix, n.id, n.coordinator, err) != ZL_OK)
        return err->code;
    *synthetic = *synthetic || n.synthetic;
    st->records++;
    return ZL_OK;
}

static zl_status network_rows(zl_store *s, zl_csv *c, zl_rare_import_stats *st, bool *synthetic,
                              zl_err *err)
{
    static const char *const cols[N_NCOLS] = {"network_id",          "name",
                                              "orpha",               "coordinating_centre",
                                              "member_centres",      "ern"};
    int ix[N_NCOLS];
    if (zl_csv_require(c, cols, ix, N_NCOLS, err) != ZL_OK)
        return err->code;
    zl_strset *seen = NULL;
    if (zl_strset_new(&seen, err) != ZL_OK)
        return err->code;
    bool row;
    zl_status rc;
    while ((rc = zl_csv_next(c, &row, err)) == ZL_OK && row)
        if ((rc = network_row(s, c, ix, seen, st, synthetic, err)) != ZL_OK)
            break;
    zl_strset_free(seen);
    return rc;
}

zl_status zl_rare_import_networks(zl_store *s, const char *path, zl_rare_import_stats *stats,
                                  zl_err *err)
{
    zl_rare_import_stats local = {0};
    zl_rare_import_stats *st = stats ? stats : &local;
    *st = (zl_rare_import_stats){0};
    return zl_rare_import_tx(s, "networks", path, false, network_rows, st, err);
}

enum { P_CENTRE, P_LOCATION, P_ORPHA, P_FROM, P_TO, P_NCOLS };

/* The partner must be a location of the care landscape, and not the centre's own. */
static zl_status check_partner(zl_store *s, zl_csv *c, const int *ix, const zl_shared_care_put *p,
                               zl_err *err)
{
    bool ok;
    if (zl_rare_check_centre(s, c, ix[P_CENTRE], p->centre_id, err) != ZL_OK ||
        zl_rare_location_exists(s, p->location_id, &ok, err) != ZL_OK)
        return err->code;
    if (!ok)
        return zl_csv_fail(c, ix[P_LOCATION], err,
                           "partner '%s' is not a location of the care landscape (import the "
                           "locations first)",
                           p->location_id);
    return ZL_OK;
}

static zl_status agreement_code(zl_store *s, zl_csv *c, const int *ix, zl_shared_care_put *p,
                                zl_err *err)
{
    char *other = NULL;
    if (zl_rare_shared_care_overlap(s, p, &other, err) != ZL_OK)
        return err->code;
    if (other) {
        zl_csv_fail(c, ix[P_FROM], err,
                    "agreement %s..%s of centre '%s' with '%s' for ORPHA:%lld overlaps the one "
                    "starting %s",
                    p->from, p->to, p->centre_id, p->location_id, (long long)p->orpha, other);
        free(other);
        return ZL_EINPUT;
    }
    if (zl_rare_put_shared_care(s, p, err) != ZL_OK)
        return zl_err_prefix(err, "%s:%ld: ", zl_csv_name(c), zl_csv_line(c));
    return ZL_OK;
}

static zl_status shared_care_row(zl_store *s, zl_csv *c, const int *ix, zl_rare_import_stats *st,
                                 bool *synthetic, zl_err *err)
{
    zl_shared_care_put p = {.synthetic = synthetic_of(c)};
    if (zl_csv_text(c, ix[P_CENTRE], &p.centre_id, err) != ZL_OK ||
        zl_csv_text(c, ix[P_LOCATION], &p.location_id, err) != ZL_OK ||
        zl_csv_text(c, ix[P_FROM], &p.from, err) != ZL_OK ||
        zl_csv_text(c, ix[P_TO], &p.to, err) != ZL_OK ||
        zl_rare_check_dates(c, ix[P_FROM], ix[P_TO], p.from, p.to, err) != ZL_OK ||
        check_partner(s, c, ix, &p, err) != ZL_OK)
        return err->code;
    const char *q = zl_csv_field(c, (size_t)ix[P_ORPHA]);
    char code[64];
    size_t n = 0;
    while (next_item(&q, code, sizeof code)) {
        if (zl_rare_check_code(s, c, ix[P_ORPHA], code, &p.orpha, err) != ZL_OK ||
            agreement_code(s, c, ix, &p, err) != ZL_OK)
            return err->code;
        n++;
        st->records++;
    }
    if (!n)
        return zl_csv_fail(c, ix[P_ORPHA], err, "an agreement covers at least one code");
    *synthetic = *synthetic || p.synthetic;
    return ZL_OK;
}

static zl_status shared_care_rows(zl_store *s, zl_csv *c, zl_rare_import_stats *st,
                                  bool *synthetic, zl_err *err)
{
    static const char *const cols[P_NCOLS] = {"centre_id", "partner_location_id", "orpha",
                                              "valid_from", "valid_to"};
    int ix[P_NCOLS];
    if (zl_csv_require(c, cols, ix, P_NCOLS, err) != ZL_OK)
        return err->code;
    bool row;
    zl_status rc;
    while ((rc = zl_csv_next(c, &row, err)) == ZL_OK && row)
        if ((rc = shared_care_row(s, c, ix, st, synthetic, err)) != ZL_OK)
            break;
    return rc;
}

zl_status zl_rare_import_shared_care(zl_store *s, const char *path, zl_rare_import_stats *stats,
                                     zl_err *err)
{
    zl_rare_import_stats local = {0};
    zl_rare_import_stats *st = stats ? stats : &local;
    *st = (zl_rare_import_stats){0};
    return zl_rare_import_tx(s, "shared-care", path, false, shared_care_rows, st, err);
}
