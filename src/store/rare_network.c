/* SQL of ECZA networks and shared-care agreements (migration 14): writers for their
 * importers, readers for the network reports, the finder's atlas and the counts. */
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "zorglandschap/store_rare_network.h"

/* *exists is whether sql (one parameter, text) returns a row. */
static zl_status exists_text(zl_store *s, const char *sql, const char *v, bool *exists, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, sql);
    zl_db_bind_textz(st, 1, v);
    int rc = zl_db_step(st);
    *exists = rc == ZL_DB_ROW;
    zl_db_reset(st);
    return rc == ZL_DB_ROW || rc == ZL_DB_DONE ? ZL_OK : zl_store_dberr(s, err, "looking up");
}

zl_status zl_rare_centre_exists(zl_store *s, const char *id, bool *exists, zl_err *err)
{
    return exists_text(s, "SELECT 1 FROM ecza_centre WHERE id = ?1", id, exists, err);
}

zl_status zl_rare_network_exists(zl_store *s, const char *id, bool *exists, zl_err *err)
{
    return exists_text(s, "SELECT 1 FROM rare_network WHERE id = ?1", id, exists, err);
}

zl_status zl_rare_put_network(zl_store *s, const zl_network_put *n, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st,
                       "INSERT INTO rare_network(id, name, ern, coordinator, patient_orgs,"
                       " synthetic) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(id) DO UPDATE SET"
                       " name = excluded.name, ern = excluded.ern,"
                       " coordinator = excluded.coordinator,"
                       " patient_orgs = excluded.patient_orgs, synthetic = excluded.synthetic");
    zl_db_bind_textz(st, 1, n->id);
    zl_db_bind_textz(st, 2, n->name);
    zl_db_bind_textz(st, 3, n->ern);
    zl_db_bind_textz(st, 4, n->coordinator);
    zl_db_bind_textz(st, 5, n->patient_orgs);
    zl_db_bind_int(st, 6, n->synthetic);
    zl_status rc = zl_db_step_done(s, st, "storing a network", err);
    ZL_DB_STMT_OR_FAIL(codes, "DELETE FROM rare_network_code WHERE network_id = ?1");
    zl_db_bind_textz(codes, 1, n->id);
    if (rc == ZL_OK)
        rc = zl_db_step_done(s, codes, "replacing a network's codes", err);
    ZL_DB_STMT_OR_FAIL(members, "DELETE FROM rare_network_member WHERE network_id = ?1");
    zl_db_bind_textz(members, 1, n->id);
    if (rc == ZL_OK)
        rc = zl_db_step_done(s, members, "replacing a network's members", err);
    return rc;
}

zl_status zl_rare_add_network_code(zl_store *s, const char *network, int64_t orpha, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "INSERT INTO rare_network_code(network_id, orpha)"
                           " VALUES (?1, ?2) ON CONFLICT DO NOTHING");
    zl_db_bind_textz(st, 1, network);
    zl_db_bind_int64(st, 2, orpha);
    return zl_db_step_done(s, st, "storing a network's code", err);
}

zl_status zl_rare_add_network_member(zl_store *s, const char *network, const char *centre,
                                     const char *role, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "INSERT INTO rare_network_member(network_id, centre_id, role)"
                           " VALUES (?1, ?2, ?3)");
    zl_db_bind_textz(st, 1, network);
    zl_db_bind_textz(st, 2, centre);
    zl_db_bind_textz(st, 3, role);
    return zl_db_step_done(s, st, "storing a network member", err);
}

zl_status zl_rare_shared_care_overlap(zl_store *s, const zl_shared_care_put *p, char **found,
                                      zl_err *err)
{
    *found = NULL;
    ZL_DB_STMT_OR_FAIL(st, "SELECT valid_from FROM rare_shared_care WHERE centre_id = ?1"
                           " AND location_id = ?2 AND orpha = ?3 AND valid_from <> ?4"
                           " AND valid_from <= ?5 AND valid_to >= ?4 LIMIT 1");
    zl_db_bind_textz(st, 1, p->centre_id);
    zl_db_bind_textz(st, 2, p->location_id);
    zl_db_bind_int64(st, 3, p->orpha);
    zl_db_bind_textz(st, 4, p->from);
    zl_db_bind_textz(st, 5, p->to);
    int rc = zl_db_step(st);
    if (rc == ZL_DB_ROW) {
        *found = strdup((const char *)zl_db_col_text(st, 0));
        zl_db_reset(st);
        return *found ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    return zl_db_rows_end(s, st, rc, ZL_OK, "checking agreements", err);
}

zl_status zl_rare_put_shared_care(zl_store *s, const zl_shared_care_put *p, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "INSERT INTO rare_shared_care(centre_id, location_id, orpha, valid_from,"
                           " valid_to, synthetic) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                           " ON CONFLICT(centre_id, location_id, orpha, valid_from) DO UPDATE SET"
                           " valid_to = excluded.valid_to, synthetic = excluded.synthetic");
    zl_db_bind_textz(st, 1, p->centre_id);
    zl_db_bind_textz(st, 2, p->location_id);
    zl_db_bind_int64(st, 3, p->orpha);
    zl_db_bind_textz(st, 4, p->from);
    zl_db_bind_textz(st, 5, p->to);
    zl_db_bind_int(st, 6, p->synthetic);
    return zl_db_step_done(s, st, "storing a shared-care agreement", err);
}

static zl_status all_rows(zl_store *s, const char *sql, const char *date, zl_rows *out, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, sql);
    if (date)
        zl_db_bind_textz(st, 1, date);
    return zl_store_rows_collect(s, st, out, err);
}

zl_status zl_rare_get_networks(zl_store *s, zl_rows *out, zl_err *err)
{
    return all_rows(s,
                    "SELECT id, name, ern, coordinator, patient_orgs, synthetic FROM rare_network"
                    " ORDER BY id",
                    NULL, out, err);
}

zl_status zl_rare_get_network_codes(zl_store *s, zl_rows *out, zl_err *err)
{
    return all_rows(s,
                    "SELECT n.network_id, n.orpha, d.name FROM rare_network_code n"
                    " JOIN orpha_disorder d ON d.orpha = n.orpha ORDER BY n.network_id, n.orpha",
                    NULL, out, err);
}

zl_status zl_rare_get_network_members(zl_store *s, zl_rows *out, zl_err *err)
{
    return all_rows(s,
                    "SELECT m.network_id, m.centre_id, m.role, c.name, c.location_id, l.name,"
                    " l.city, l.lat, l.lon FROM rare_network_member m"
                    " JOIN ecza_centre c ON c.id = m.centre_id"
                    " JOIN location l ON l.id = c.location_id"
                    " ORDER BY m.network_id, m.role <> 'coordinating', m.centre_id",
                    NULL, out, err);
}

zl_status zl_rare_get_shared_care(zl_store *s, const char *date, zl_rows *out, zl_err *err)
{
    /* an agreement belongs to a network when its centre is a member and its code is one
     * of the network's codes or lies below one in the classification */
    return all_rows(s,
                    "WITH RECURSIVE up(code, anc) AS (SELECT DISTINCT orpha, orpha"
                    "  FROM rare_shared_care UNION SELECT up.code, p.parent FROM up"
                    "  JOIN orpha_parent p ON p.child = up.anc)"
                    " SELECT DISTINCT m.network_id, p.centre_id, p.location_id, l.name, l.city,"
                    " l.lat, l.lon, p.orpha, p.valid_from, p.valid_to, p.synthetic"
                    " FROM rare_shared_care p JOIN location l ON l.id = p.location_id"
                    " JOIN rare_network_member m ON m.centre_id = p.centre_id"
                    " JOIN up ON up.code = p.orpha"
                    " JOIN rare_network_code n ON n.network_id = m.network_id AND n.orpha = up.anc"
                    " WHERE ?1 BETWEEN p.valid_from AND p.valid_to"
                    " ORDER BY m.network_id, p.centre_id, p.location_id, p.orpha",
                    date, out, err);
}

zl_status zl_rare_all_shared_care(zl_store *s, const char *date, zl_rows *out, zl_err *err)
{
    return all_rows(s,
                    "SELECT p.orpha, p.centre_id, p.location_id, l.name, l.city, p.valid_to,"
                    " p.synthetic FROM rare_shared_care p JOIN location l ON l.id = p.location_id"
                    " WHERE ?1 BETWEEN p.valid_from AND p.valid_to"
                    " ORDER BY p.orpha, p.location_id, p.centre_id",
                    date, out, err);
}

zl_status zl_rare_all_network_codes(zl_store *s, zl_rows *out, zl_err *err)
{
    return all_rows(s,
                    "SELECT c.orpha, n.id, n.name, n.ern, n.coordinator, n.synthetic"
                    " FROM rare_network_code c JOIN rare_network n ON n.id = c.network_id"
                    " ORDER BY c.orpha, n.id",
                    NULL, out, err);
}

zl_status zl_rare_network_counts(zl_store *s, int64_t counts[7], zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT (SELECT count(*) FROM rare_network),"
                           " (SELECT count(*) FROM rare_network_code),"
                           " (SELECT count(*) FROM rare_network_member),"
                           " (SELECT count(*) FROM rare_shared_care),"
                           " (SELECT count(*) FROM rare_recognition),"
                           " (SELECT count(*) FROM rare_assessment),"
                           " (SELECT count(*) FROM rare_pathway_item)");
    int rc = zl_db_step(st);
    for (int i = 0; i < 7; i++)
        counts[i] = rc == ZL_DB_ROW ? zl_db_col_int64(st, i) : 0;
    zl_db_reset(st);
    return rc == ZL_DB_ROW ? ZL_OK : zl_store_dberr(s, err, "counting networks");
}

zl_status zl_rare_network_covers(zl_store *s, const char *network, int64_t orpha, bool *covers,
                                 zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT 1 FROM rare_network_code WHERE network_id = ?1 AND orpha = ?2");
    zl_db_bind_textz(st, 1, network);
    zl_db_bind_int64(st, 2, orpha);
    int rc = zl_db_step(st);
    *covers = rc == ZL_DB_ROW;
    zl_db_reset(st);
    return rc == ZL_DB_ROW || rc == ZL_DB_DONE ? ZL_OK : zl_store_dberr(s, err, "network codes");
}

zl_status zl_rare_put_pathway_item(zl_store *s, const zl_pathway_put *p, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "INSERT INTO rare_pathway_item(network_id, orpha, item, state, evidence,"
                           " assessed_on, synthetic) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                           " ON CONFLICT(network_id, orpha, item) DO UPDATE SET"
                           " state = excluded.state, evidence = excluded.evidence,"
                           " assessed_on = excluded.assessed_on, synthetic = excluded.synthetic");
    zl_db_bind_textz(st, 1, p->network_id);
    zl_db_bind_int64(st, 2, p->orpha);
    zl_db_bind_textz(st, 3, p->item);
    zl_db_bind_textz(st, 4, p->state);
    zl_db_bind_textz(st, 5, p->evidence);
    zl_db_bind_textz(st, 6, p->assessed_on);
    zl_db_bind_int(st, 7, p->synthetic);
    return zl_db_step_done(s, st, "storing a pathway item", err);
}

zl_status zl_rare_get_pathways(zl_store *s, const char *network, int64_t orpha, zl_rows *out,
                               zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(
        st, "WITH RECURSIVE up(code) AS (SELECT CAST(?2 AS INTEGER) UNION SELECT p.parent FROM up"
            "  JOIN orpha_parent p ON p.child = up.code)"
            " SELECT c.network_id, n.name, c.orpha, d.name, i.item, i.state,"
            " i.evidence, i.assessed_on, coalesce(i.synthetic, n.synthetic)"
            " FROM rare_network_code c JOIN rare_network n ON n.id = c.network_id"
            " JOIN orpha_disorder d ON d.orpha = c.orpha"
            " LEFT JOIN rare_pathway_item i ON i.network_id = c.network_id"
            "  AND i.orpha = c.orpha"
            " WHERE (CAST(?1 AS TEXT) IS NULL OR c.network_id = ?1)"
            " AND (?2 <= 0 OR c.orpha IN (SELECT code FROM up))"
            " ORDER BY c.network_id, c.orpha, i.item");
    zl_db_bind_textz(st, 1, network);
    zl_db_bind_int64(st, 2, orpha);
    return zl_store_rows_collect(s, st, out, err);
}

#define CARE_LOCATIONS                                                                             \
    "SELECT location_id FROM ecza_centre UNION SELECT location_id FROM rare_shared_care"

zl_status zl_rare_care_locations(zl_store *s, zl_rows *out, zl_err *err)
{
    return all_rows(s, CARE_LOCATIONS " ORDER BY 1", NULL, out, err);
}

zl_status zl_rare_care_travel(zl_store *s, zl_rows *out, zl_err *err)
{
    return all_rows(s,
                    "SELECT pc4, location_id, minutes FROM travel"
                    " WHERE location_id IN (" CARE_LOCATIONS ") ORDER BY pc4, location_id",
                    NULL, out, err);
}

zl_status zl_rare_area_codes(zl_store *s, zl_rows *out, zl_err *err)
{
    return all_rows(s, "SELECT pc4 FROM area ORDER BY pc4", NULL, out, err);
}

/* The code ?1 and every group above it. */
#define UP_FROM_CODE                                                                               \
    "WITH RECURSIVE up(code) AS (SELECT CAST(?1 AS INTEGER) UNION SELECT p.parent FROM up"         \
    " JOIN orpha_parent p ON p.child = up.code) "

zl_status zl_rare_networks_for_code(zl_store *s, int64_t orpha, zl_rows *out, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, UP_FROM_CODE "SELECT DISTINCT n.id, n.name, n.ern FROM rare_network n"
                                        " JOIN rare_network_code c ON c.network_id = n.id"
                                        " WHERE c.orpha IN (SELECT code FROM up) ORDER BY n.id");
    zl_db_bind_int64(st, 1, orpha);
    return zl_store_rows_collect(s, st, out, err);
}

zl_status zl_rare_partners_for_code(zl_store *s, int64_t orpha, const char *date, zl_rows *out,
                                    zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, UP_FROM_CODE
                       "SELECT p.location_id, l.name, l.city, min(p.centre_id)"
                       " FROM rare_shared_care p JOIN location l ON l.id = p.location_id"
                       " WHERE p.orpha IN (SELECT code FROM up)"
                       " AND ?2 BETWEEN p.valid_from AND p.valid_to"
                       " GROUP BY p.location_id, l.name, l.city ORDER BY l.name");
    zl_db_bind_int64(st, 1, orpha);
    zl_db_bind_textz(st, 2, date);
    return zl_store_rows_collect(s, st, out, err);
}

zl_status zl_rare_centre_in_network(zl_store *s, const char *centre, int64_t orpha, bool *member,
                                    zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st,
                       UP_FROM_CODE "SELECT 1 FROM rare_network_member m"
                                    " JOIN rare_network_code c ON c.network_id = m.network_id"
                                    " WHERE m.centre_id = ?2 AND c.orpha IN (SELECT code FROM up)"
                                    " LIMIT 1");
    zl_db_bind_int64(st, 1, orpha);
    zl_db_bind_textz(st, 2, centre);
    int rc = zl_db_step(st);
    *member = rc == ZL_DB_ROW;
    zl_db_reset(st);
    return rc == ZL_DB_ROW || rc == ZL_DB_DONE ? ZL_OK : zl_store_dberr(s, err, "networks");
}

zl_status zl_rare_nearest_partner_sql(zl_store *s, int64_t orpha, const char *date, int32_t pc4,
                                      zl_rows *out, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st,
                       UP_FROM_CODE "SELECT t.location_id, t.minutes FROM rare_shared_care p"
                                    " JOIN travel t ON t.location_id = p.location_id AND t.pc4 = ?3"
                                    " WHERE p.orpha IN (SELECT code FROM up)"
                                    " AND ?2 BETWEEN p.valid_from AND p.valid_to"
                                    " ORDER BY t.minutes, t.location_id LIMIT 1");
    zl_db_bind_int64(st, 1, orpha);
    zl_db_bind_textz(st, 2, date);
    zl_db_bind_int(st, 3, pc4);
    return zl_store_rows_collect(s, st, out, err);
}
