/* SQL of the recognition cycle (migration 14): records of applications and recognised
 * terms, assessments per criterion, the terms due for renewal and a centre's history. */
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zorglandschap/store_rare_network.h"

/* The statuses whose record has a term that counts for overlaps and the register. */
#define HAS_TERM                                                                                   \
    " recognised_from IS NOT NULL AND status IN ('recognised','objection pending','expired',"      \
    "'withdrawn')"

zl_status zl_rare_recognition_overlap(zl_store *s, const zl_recognition_put *r, char **found,
                                      zl_err *err)
{
    *found = NULL;
    ZL_DB_STMT_OR_FAIL(st, "SELECT id || ' (' || recognised_from || '..' || recognised_to || ')'"
                           " FROM rare_recognition WHERE centre_id = ?1 AND orpha = ?2 AND id <> ?3"
                           " AND" HAS_TERM " AND recognised_from <= ?5 AND recognised_to >= ?4"
                           " LIMIT 1");
    zl_db_bind_textz(st, 1, r->centre_id);
    zl_db_bind_int64(st, 2, r->orpha);
    zl_db_bind_textz(st, 3, r->id);
    zl_db_bind_textz(st, 4, r->from);
    zl_db_bind_textz(st, 5, r->to);
    int rc = zl_db_step(st);
    if (rc == ZL_DB_ROW) {
        *found = strdup((const char *)zl_db_col_text(st, 0));
        zl_db_reset(st);
        return *found ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    return zl_db_rows_end(s, st, rc, ZL_OK, "checking terms", err);
}

zl_status zl_rare_put_recognition(zl_store *s, const zl_recognition_put *r, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st,
                       "INSERT INTO rare_recognition(id, centre_id, orpha, ern, applied_on,"
                       " decided_on, status, recognised_from, recognised_to, synthetic)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
                       " ON CONFLICT(id) DO UPDATE SET centre_id = excluded.centre_id,"
                       " orpha = excluded.orpha, ern = excluded.ern,"
                       " applied_on = excluded.applied_on, decided_on = excluded.decided_on,"
                       " status = excluded.status, recognised_from = excluded.recognised_from,"
                       " recognised_to = excluded.recognised_to, synthetic = excluded.synthetic");
    zl_db_bind_textz(st, 1, r->id);
    zl_db_bind_textz(st, 2, r->centre_id);
    zl_db_bind_int64(st, 3, r->orpha);
    zl_db_bind_textz(st, 4, r->ern);
    zl_db_bind_textz(st, 5, r->applied_on);
    zl_db_bind_textz(st, 6, r->decided_on);
    zl_db_bind_textz(st, 7, r->status);
    zl_db_bind_textz(st, 8, r->from);
    zl_db_bind_textz(st, 9, r->to);
    zl_db_bind_int(st, 10, r->synthetic);
    return zl_db_step_done(s, st, "storing a recognition record", err);
}

zl_status zl_rare_recognition_exists(zl_store *s, const char *id, bool *exists, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT 1 FROM rare_recognition WHERE id = ?1");
    zl_db_bind_textz(st, 1, id);
    int rc = zl_db_step(st);
    *exists = rc == ZL_DB_ROW;
    zl_db_reset(st);
    return rc == ZL_DB_ROW || rc == ZL_DB_DONE ? ZL_OK : zl_store_dberr(s, err, "recognition");
}

zl_status zl_rare_put_assessment(zl_store *s, const char *recognition_id, const char *criterion,
                                 const char *result, const char *remarks, const char *assessed_on,
                                 zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "INSERT INTO rare_assessment(recognition_id, criterion, result, remarks,"
                           " assessed_on) VALUES (?1, ?2, ?3, ?4, ?5)"
                           " ON CONFLICT(recognition_id, criterion) DO UPDATE SET"
                           " result = excluded.result, remarks = excluded.remarks,"
                           " assessed_on = excluded.assessed_on");
    zl_db_bind_textz(st, 1, recognition_id);
    zl_db_bind_textz(st, 2, criterion);
    zl_db_bind_textz(st, 3, result);
    zl_db_bind_textz(st, 4, remarks);
    zl_db_bind_textz(st, 5, assessed_on);
    return zl_db_step_done(s, st, "storing an assessment", err);
}

static zl_status rows_by_text(zl_store *s, zl_dbst *st, const char *a, const char *b, zl_rows *out,
                              zl_err *err)
{
    zl_db_bind_textz(st, 1, a);
    if (b)
        zl_db_bind_textz(st, 2, b);
    return zl_store_rows_collect(s, st, out, err);
}

zl_status zl_rare_get_due(zl_store *s, const char *date, const char *until, zl_rows *out,
                          zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(
        st, "SELECT r.id, r.centre_id, c.name, r.orpha, d.name, r.ern, r.recognised_from,"
            " r.recognised_to, (SELECT a.status FROM rare_recognition a"
            "   WHERE a.centre_id = r.centre_id AND a.orpha = r.orpha AND a.id <> r.id"
            "   AND a.applied_on >= r.recognised_from"
            "   AND (a.recognised_from IS NULL OR a.recognised_from > r.recognised_to)"
            "   ORDER BY a.applied_on DESC LIMIT 1), r.synthetic"
            " FROM rare_recognition r JOIN ecza_centre c ON c.id = r.centre_id"
            " JOIN orpha_disorder d ON d.orpha = r.orpha"
            " WHERE r.status = 'recognised' AND r.recognised_from <= ?1"
            " AND r.recognised_to >= ?1 AND r.recognised_to <= ?2"
            " AND NOT EXISTS (SELECT 1 FROM rare_recognition n WHERE n.centre_id = r.centre_id"
            "   AND n.orpha = r.orpha AND n.status = 'recognised'"
            "   AND n.recognised_from > r.recognised_to)"
            " ORDER BY r.recognised_to, r.centre_id, r.orpha");
    return rows_by_text(s, st, date, until, out, err);
}

zl_status zl_rare_get_centre(zl_store *s, const char *id, zl_rows *out, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT c.id, c.name, l.name, l.city FROM ecza_centre c"
                           " JOIN location l ON l.id = c.location_id WHERE c.id = ?1");
    return rows_by_text(s, st, id, NULL, out, err);
}

zl_status zl_rare_get_recognitions(zl_store *s, const char *centre, zl_rows *out, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT r.id, r.orpha, d.name, r.ern, r.applied_on, r.decided_on,"
                           " r.status, r.recognised_from, r.recognised_to, r.synthetic"
                           " FROM rare_recognition r JOIN orpha_disorder d ON d.orpha = r.orpha"
                           " WHERE r.centre_id = ?1"
                           " ORDER BY coalesce(r.applied_on, r.recognised_from), r.orpha, r.id");
    return rows_by_text(s, st, centre, NULL, out, err);
}

zl_status zl_rare_get_assessments(zl_store *s, const char *centre, zl_rows *out, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT a.recognition_id, a.criterion, a.result, a.remarks,"
                           " a.assessed_on FROM rare_assessment a"
                           " JOIN rare_recognition r ON r.id = a.recognition_id"
                           " WHERE r.centre_id = ?1 ORDER BY a.recognition_id, a.criterion");
    return rows_by_text(s, st, centre, NULL, out, err);
}
