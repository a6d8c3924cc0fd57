/* Writers of the rare-disease tables: disorders, names, classification edges,
 * cross-references, prevalence, ERNs and the expertise-centre register. Callers hold
 * the import transaction. */
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "zorglandschap/store_rare.h"

#define STMT_OR_FAIL(st, s, sql, err)                                                              \
    zl_dbst *st = zl_db_stmt((s), (sql), (err));                                                   \
    if (!st)                                                                                       \
        return (err) ? (err)->code : ZL_EDB;

zl_status zl_rare_put_disorder(zl_store *s, const zl_orpha_put *d, zl_err *err)
{
    STMT_OR_FAIL(st, s,
                 "INSERT INTO orpha_disorder(orpha, name, type, status, moved_to, definition,"
                 " source) VALUES (?1, ?2, ?3, coalesce(?4, 'active'), ?5, ?6, ?7)"
                 " ON CONFLICT(orpha) DO UPDATE SET"
                 " name = CASE WHEN ?8 THEN excluded.name ELSE name END,"
                 " type = coalesce(excluded.type, type), status = coalesce(?4, status),"
                 " moved_to = coalesce(excluded.moved_to, moved_to),"
                 " definition = coalesce(excluded.definition, definition)",
                 err);
    zl_db_bind_int64(st, 1, d->orpha);
    zl_db_bind_textz(st, 2, d->name);
    zl_db_bind_textz(st, 3, d->type);
    zl_db_bind_textz(st, 4, d->status);
    if (d->moved_to > 0)
        zl_db_bind_int64(st, 5, d->moved_to);
    zl_db_bind_textz(st, 6, d->definition);
    zl_db_bind_textz(st, 7, d->source);
    zl_db_bind_int(st, 8, d->name_is_en);
    return zl_db_step_done(s, st, "storing a disorder", err);
}

zl_status zl_rare_ensure_disorder(zl_store *s, int64_t orpha, const char *name, const char *source,
                                  zl_err *err)
{
    STMT_OR_FAIL(st, s,
                 "INSERT INTO orpha_disorder(orpha, name, source) VALUES (?1, ?2, ?3)"
                 " ON CONFLICT DO NOTHING",
                 err);
    zl_db_bind_int64(st, 1, orpha);
    zl_db_bind_textz(st, 2, name);
    zl_db_bind_textz(st, 3, source);
    return zl_db_step_done(s, st, "storing a disorder", err);
}

zl_status zl_rare_disorder_exists(zl_store *s, int64_t orpha, bool *exists, zl_err *err)
{
    STMT_OR_FAIL(st, s, "SELECT 1 FROM orpha_disorder WHERE orpha = ?1", err);
    zl_db_bind_int64(st, 1, orpha);
    int rc = zl_db_step(st);
    *exists = rc == ZL_DB_ROW;
    zl_db_reset(st);
    return rc == ZL_DB_ROW || rc == ZL_DB_DONE ? ZL_OK : zl_store_dberr(s, err, "disorder");
}

zl_status zl_rare_set_linearisation(zl_store *s, int64_t orpha, int64_t head, zl_err *err)
{
    STMT_OR_FAIL(st, s, "UPDATE orpha_disorder SET linearisation = ?2 WHERE orpha = ?1", err);
    zl_db_bind_int64(st, 1, orpha);
    zl_db_bind_int64(st, 2, head);
    return zl_db_step_done(s, st, "storing a linearisation", err);
}

zl_status zl_rare_clear_names(zl_store *s, int64_t orpha, const char *lang, zl_err *err)
{
    STMT_OR_FAIL(st, s, "DELETE FROM orpha_name WHERE orpha = ?1 AND lang = ?2", err);
    zl_db_bind_int64(st, 1, orpha);
    zl_db_bind_textz(st, 2, lang);
    return zl_db_step_done(s, st, "replacing names", err);
}

zl_status zl_rare_add_name(zl_store *s, int64_t orpha, const char *lang, bool preferred,
                           const char *name, zl_err *err)
{
    STMT_OR_FAIL(st, s,
                 "INSERT INTO orpha_name(orpha, lang, kind, name)"
                 " VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                 err);
    zl_db_bind_int64(st, 1, orpha);
    zl_db_bind_textz(st, 2, lang);
    zl_db_bind_textz(st, 3, preferred ? "preferred" : "synonym");
    zl_db_bind_textz(st, 4, name);
    return zl_db_step_done(s, st, "storing a name", err);
}

zl_status zl_rare_clear_parents(zl_store *s, int64_t child, const char *source, zl_err *err)
{
    STMT_OR_FAIL(st, s, "DELETE FROM orpha_parent WHERE child = ?1 AND source = ?2", err);
    zl_db_bind_int64(st, 1, child);
    zl_db_bind_textz(st, 2, source);
    return zl_db_step_done(s, st, "replacing parents", err);
}

zl_status zl_rare_add_parent(zl_store *s, int64_t child, int64_t parent, const char *source,
                             zl_err *err)
{
    STMT_OR_FAIL(st, s,
                 "INSERT INTO orpha_parent(child, parent, source) VALUES (?1, ?2, ?3)"
                 " ON CONFLICT DO NOTHING",
                 err);
    zl_db_bind_int64(st, 1, child);
    zl_db_bind_int64(st, 2, parent);
    zl_db_bind_textz(st, 3, source);
    return zl_db_step_done(s, st, "storing a parent", err);
}

zl_status zl_rare_clear_xrefs(zl_store *s, int64_t orpha, const char *source, zl_err *err)
{
    STMT_OR_FAIL(st, s, "DELETE FROM orpha_xref WHERE orpha = ?1 AND source = ?2", err);
    zl_db_bind_int64(st, 1, orpha);
    zl_db_bind_textz(st, 2, source);
    return zl_db_step_done(s, st, "replacing cross-references", err);
}

zl_status zl_rare_put_xref(zl_store *s, int64_t orpha, const char *db, const char *code,
                           const char *relation, const char *validation, const char *source,
                           zl_err *err)
{
    STMT_OR_FAIL(st, s,
                 "INSERT INTO orpha_xref(orpha, db, code, relation, validation, source)"
                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(orpha, db, code) DO UPDATE SET"
                 " relation = coalesce(excluded.relation, relation),"
                 " validation = coalesce(excluded.validation, validation),"
                 " source = excluded.source",
                 err);
    zl_db_bind_int64(st, 1, orpha);
    zl_db_bind_textz(st, 2, db);
    zl_db_bind_textz(st, 3, code);
    zl_db_bind_textz(st, 4, relation);
    zl_db_bind_textz(st, 5, validation);
    zl_db_bind_textz(st, 6, source);
    return zl_db_step_done(s, st, "storing a cross-reference", err);
}

zl_status zl_rare_clear_prevalence(zl_store *s, int64_t orpha, const char *source, zl_err *err)
{
    STMT_OR_FAIL(st, s, "DELETE FROM orpha_prevalence WHERE orpha = ?1 AND source = ?2", err);
    zl_db_bind_int64(st, 1, orpha);
    zl_db_bind_textz(st, 2, source);
    return zl_db_step_done(s, st, "replacing prevalence", err);
}

zl_status zl_rare_add_prevalence(zl_store *s, const zl_prevalence_put *p, zl_err *err)
{
    STMT_OR_FAIL(st, s,
                 "INSERT INTO orpha_prevalence(orpha, type, qualification, class, value,"
                 " geography, validation, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                 err);
    zl_db_bind_int64(st, 1, p->orpha);
    zl_db_bind_textz(st, 2, p->type);
    zl_db_bind_textz(st, 3, p->qualification);
    zl_db_bind_textz(st, 4, p->klass);
    if (p->has_value)
        zl_db_bind_double(st, 5, p->value);
    zl_db_bind_textz(st, 6, p->geography);
    zl_db_bind_textz(st, 7, p->validation);
    zl_db_bind_textz(st, 8, p->source);
    return zl_db_step_done(s, st, "storing a prevalence", err);
}

zl_status zl_rare_put_ern(zl_store *s, const char *acronym, const char *name, const char *scope,
                          zl_err *err)
{
    STMT_OR_FAIL(st, s,
                 "INSERT INTO ern(acronym, name, scope) VALUES (?1, ?2, ?3)"
                 " ON CONFLICT(acronym) DO UPDATE SET name = excluded.name, scope = excluded.scope",
                 err);
    zl_db_bind_textz(st, 1, acronym);
    zl_db_bind_textz(st, 2, name);
    zl_db_bind_textz(st, 3, scope);
    return zl_db_step_done(s, st, "storing an ERN", err);
}

static zl_status exists_text(zl_store *s, zl_dbst *st, const char *key, bool *exists, zl_err *err)
{
    zl_db_bind_textz(st, 1, key);
    int rc = zl_db_step(st);
    *exists = rc == ZL_DB_ROW;
    zl_db_reset(st);
    return rc == ZL_DB_ROW || rc == ZL_DB_DONE ? ZL_OK : zl_store_dberr(s, err, "look-up");
}

zl_status zl_rare_ern_exists(zl_store *s, const char *acronym, bool *exists, zl_err *err)
{
    STMT_OR_FAIL(st, s, "SELECT 1 FROM ern WHERE acronym = ?1", err);
    return exists_text(s, st, acronym, exists, err);
}

zl_status zl_rare_location_exists(zl_store *s, const char *id, bool *exists, zl_err *err)
{
    STMT_OR_FAIL(st, s, "SELECT 1 FROM location WHERE id = ?1", err);
    return exists_text(s, st, id, exists, err);
}

zl_status zl_rare_put_centre(zl_store *s, const char *id, const char *location_id, const char *name,
                             const char *patient_org, bool synthetic, zl_err *err)
{
    STMT_OR_FAIL(st, s,
                 "INSERT INTO ecza_centre(id, location_id, name, patient_org, synthetic)"
                 " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(id) DO UPDATE SET"
                 " location_id = excluded.location_id, name = excluded.name,"
                 " patient_org = excluded.patient_org, synthetic = excluded.synthetic",
                 err);
    zl_db_bind_textz(st, 1, id);
    zl_db_bind_textz(st, 2, location_id);
    zl_db_bind_textz(st, 3, name);
    zl_db_bind_textz(st, 4, patient_org);
    zl_db_bind_int(st, 5, synthetic);
    return zl_db_step_done(s, st, "storing a centre", err);
}

zl_status zl_rare_coverage_overlap(zl_store *s, const zl_coverage_put *c, char **found, zl_err *err)
{
    *found = NULL;
    STMT_OR_FAIL(st, s,
                 "SELECT recognised_from FROM ecza_coverage WHERE centre_id = ?1 AND orpha = ?2"
                 " AND recognised_from <> ?3 AND recognised_from <= ?4 AND recognised_to >= ?3"
                 " LIMIT 1",
                 err);
    zl_db_bind_textz(st, 1, c->centre_id);
    zl_db_bind_int64(st, 2, c->orpha);
    zl_db_bind_textz(st, 3, c->from);
    zl_db_bind_textz(st, 4, c->to);
    int rc = zl_db_step(st);
    if (rc == ZL_DB_ROW) {
        *found = strdup((const char *)zl_db_col_text(st, 0));
        zl_db_reset(st);
        return *found ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    return zl_db_rows_end(s, st, rc, ZL_OK, "checking periods", err);
}

zl_status zl_rare_put_coverage(zl_store *s, const zl_coverage_put *c, zl_err *err)
{
    /* the register's rows are recognition records (migration 14); PostgreSQL needs the
     * parameters' types spelled out where they meet in the id */
#define PUT_RECOGNITION(ID)                                                                        \
    "INSERT INTO rare_recognition(id, centre_id, orpha, ern, recognised_from,"                     \
    " recognised_to, status, patient_org, synthetic)"                                              \
    " VALUES (" ID ", ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"                                             \
    " ON CONFLICT(centre_id, orpha, recognised_from) DO UPDATE SET"                                \
    " ern = excluded.ern, recognised_to = excluded.recognised_to,"                                 \
    " status = excluded.status, patient_org = excluded.patient_org,"                               \
    " synthetic = excluded.synthetic"
    zl_dbst *st = zl_db_stmt2(s, PUT_RECOGNITION("?1 || '/' || ?2 || '/' || ?4"),
                              PUT_RECOGNITION("CAST(?1 AS TEXT) || '/' || CAST(CAST(?2 AS INTEGER)"
                                              " AS TEXT) || '/' || CAST(CAST(?4 AS DATE) AS TEXT)"),
                              err);
    if (!st)
        return err ? err->code : ZL_EDB;
    zl_db_bind_textz(st, 1, c->centre_id);
    zl_db_bind_int64(st, 2, c->orpha);
    zl_db_bind_textz(st, 3, c->ern);
    zl_db_bind_textz(st, 4, c->from);
    zl_db_bind_textz(st, 5, c->to);
    zl_db_bind_textz(st, 6, c->status);
    zl_db_bind_textz(st, 7, c->patient_org);
    zl_db_bind_int(st, 8, c->synthetic);
    return zl_db_step_done(s, st, "storing a recognition", err);
}
