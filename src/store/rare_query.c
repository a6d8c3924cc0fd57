/* Readers of the rare-disease tables. Each returns a zl_rows table of text cells so the
 * domain code in src/rare/ never sees SQL. */
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "zorglandschap/store_rare.h"
#include "zorglandschap/util.h"

void zl_rows_free(zl_rows *r)
{
    if (!r || !r->cell)
        return;
    for (size_t i = 0; i < r->n * r->ncol; i++)
        free(r->cell[i]);
    free(r->cell);
    r->cell = NULL;
    r->n = 0;
}

const char *zl_rows_get(const zl_rows *r, size_t row, size_t col)
{
    return row < r->n && col < r->ncol ? r->cell[row * r->ncol + col] : NULL;
}

int64_t zl_rows_int(const zl_rows *r, size_t row, size_t col)
{
    const char *v = zl_rows_get(r, row, col);
    int64_t x = 0;
    return v && zl_parse_i64(v, &x) ? x : 0;
}

zl_status zl_store_rows_collect(zl_store *s, zl_dbst *st, zl_rows *out, zl_err *err)
{
    size_t cap = 0;
    out->n = 0;
    out->cell = NULL;
    int rc;
    /* The column count is known once stepped (PostgreSQL runs the statement then). */
    while ((rc = zl_db_step(st)) == ZL_DB_ROW) {
        out->ncol = (size_t)zl_db_col_count(st);
        if (zl_grow((void **)&out->cell, &cap, (out->n + 1) * out->ncol, sizeof(char *), err) !=
            ZL_OK)
            goto fail;
        for (size_t j = 0; j < out->ncol; j++) {
            const unsigned char *v = zl_db_col_text(st, (int)j);
            char *copy = v ? strdup((const char *)v) : NULL;
            out->cell[out->n * out->ncol + j] = copy;
            if (v && !copy) {
                for (size_t k = j + 1; k < out->ncol; k++)
                    out->cell[out->n * out->ncol + k] = NULL;
                out->n++;
                zl_fail(err, ZL_ENOMEM, "out of memory");
                goto fail;
            }
        }
        out->n++;
    }
    out->ncol = (size_t)zl_db_col_count(st);
    zl_db_reset(st);
    if (rc != ZL_DB_DONE)
        return zl_store_dberr(s, err, "reading rare-disease data");
    return ZL_OK;
fail:
    zl_db_reset(st);
    zl_rows_free(out);
    return err ? err->code : ZL_ENOMEM;
}

/* The nomenclature changes only with an import: a server's worker remembers these reads
 * while the data version stays (zl_db_stmt_memo). */
static zl_status by_code(zl_store *s, const char *sql, int64_t orpha, zl_rows *out, zl_err *err)
{
    zl_dbst *st = zl_db_stmt_memo(s, sql, err);
    if (!st)
        return err ? err->code : ZL_EDB;
    zl_db_bind_int64(st, 1, orpha);
    return zl_store_rows_collect(s, st, out, err);
}

zl_status zl_rare_get_disorder(zl_store *s, int64_t orpha, zl_rows *out, zl_err *err)
{
    return by_code(s,
                   "SELECT d.orpha, d.name, d.type, d.status, d.moved_to, d.definition,"
                   " d.linearisation, l.name FROM orpha_disorder d"
                   " LEFT JOIN orpha_disorder l ON l.orpha = d.linearisation WHERE d.orpha = ?1",
                   orpha, out, err);
}

zl_status zl_rare_get_names(zl_store *s, int64_t orpha, zl_rows *out, zl_err *err)
{
    return by_code(s,
                   "SELECT lang, kind, name FROM orpha_name WHERE orpha = ?1"
                   " ORDER BY lang, kind = 'synonym', name",
                   orpha, out, err);
}

zl_status zl_rare_get_parents(zl_store *s, int64_t orpha, zl_rows *out, zl_err *err)
{
    return by_code(s,
                   "SELECT d.orpha, d.name, d.type FROM orpha_parent p"
                   " JOIN orpha_disorder d ON d.orpha = p.parent WHERE p.child = ?1"
                   " ORDER BY d.orpha",
                   orpha, out, err);
}

zl_status zl_rare_get_children(zl_store *s, int64_t orpha, zl_rows *out, zl_err *err)
{
    return by_code(s,
                   "SELECT d.orpha, d.name, d.type FROM orpha_parent p"
                   " JOIN orpha_disorder d ON d.orpha = p.child WHERE p.parent = ?1"
                   " ORDER BY d.orpha",
                   orpha, out, err);
}

zl_status zl_rare_get_xrefs(zl_store *s, int64_t orpha, zl_rows *out, zl_err *err)
{
    return by_code(s,
                   "SELECT db, code, relation, validation FROM orpha_xref WHERE orpha = ?1"
                   " ORDER BY db, code",
                   orpha, out, err);
}

zl_status zl_rare_get_prevalence(zl_store *s, int64_t orpha, zl_rows *out, zl_err *err)
{
    return by_code(s,
                   "SELECT type, qualification, class, value, geography, validation, source"
                   " FROM orpha_prevalence WHERE orpha = ?1 ORDER BY source = 'ordo', id",
                   orpha, out, err);
}

zl_status zl_rare_find_xref(zl_store *s, const char *db, const char *code, zl_rows *out,
                            zl_err *err)
{
    /* An ICD-10 category (E84) also finds its subcodes (E84.0, E84.1, ...), after the
     * disorders coded with the category itself. On SQLite the subcodes are the index range
     * 'E84.' <= code < 'E84/' ('/' follows '.'): the substr() form scanned every ICD-10
     * row and was the finder's slowest query (2 ms). PostgreSQL keeps the substr() form,
     * which does not depend on the column's collation. */
    zl_dbst *st = zl_db_stmt2(s,
                              "SELECT orpha FROM (SELECT orpha, 0 AS k FROM orpha_xref"
                              " WHERE db = ?1 AND code = ?2 UNION ALL"
                              " SELECT orpha, 1 FROM orpha_xref WHERE ?1 = 'ICD10'"
                              " AND instr(?2, '.') = 0 AND db = ?1"
                              " AND code >= ?2 || '.' AND code < ?2 || '/')"
                              " GROUP BY orpha ORDER BY min(k), orpha",
                              "SELECT orpha FROM orpha_xref WHERE db = ?1 AND (code = ?2"
                              " OR (?1 = 'ICD10' AND strpos(?2, '.') = 0"
                              " AND substr(code, 1, length(?2) + 1) = ?2 || '.'))"
                              " GROUP BY orpha ORDER BY min(CAST(code <> ?2 AS INTEGER)), orpha",
                              err);
    if (!st)
        return err ? err->code : ZL_EDB;
    zl_db_bind_textz(st, 1, db);
    zl_db_bind_textz(st, 2, code);
    return zl_store_rows_collect(s, st, out, err);
}

/* The one definition of "recognised on a date" (coverage row v): in force that day and no
 * objection pending. */
#define RECOGNISED_ON(date)                                                                        \
    " v.recognised_from <= " date " AND v.recognised_to >= " date                                  \
    " AND v.status <> 'objection pending'"

zl_status zl_rare_get_centres(zl_store *s, int64_t orpha, const char *date, zl_rows *out,
                              zl_err *err)
{
    zl_dbst *st =
        zl_db_stmt(s,
                   "SELECT c.id, c.name, c.location_id, l.name, l.city, v.ern, v.recognised_from,"
                   " v.recognised_to, v.status, coalesce(v.patient_org, c.patient_org), v.synthetic"
                   " FROM ecza_coverage v JOIN ecza_centre c ON c.id = v.centre_id"
                   " JOIN location l ON l.id = c.location_id"
                   " WHERE v.orpha = ?1 AND" RECOGNISED_ON("?2") " ORDER BY c.id",
                   err);
    if (!st)
        return err ? err->code : ZL_EDB;
    zl_db_bind_int64(st, 1, orpha);
    zl_db_bind_textz(st, 2, date);
    return zl_store_rows_collect(s, st, out, err);
}

zl_status zl_rare_get_register(zl_store *s, const char *date, zl_rows *out, zl_err *err)
{
    zl_dbst *st = zl_db_stmt(
        s,
        "SELECT v.orpha, d.name, c.id, c.name, c.location_id, l.name, l.city, v.ern,"
        " v.recognised_from, v.recognised_to, v.status, coalesce(v.patient_org, c.patient_org),"
        " v.synthetic FROM ecza_coverage v JOIN ecza_centre c ON c.id = v.centre_id"
        " JOIN location l ON l.id = c.location_id JOIN orpha_disorder d ON d.orpha = v.orpha"
        " WHERE" RECOGNISED_ON("?1") " ORDER BY c.id, v.orpha",
        err);
    if (!st)
        return err ? err->code : ZL_EDB;
    zl_db_bind_textz(st, 1, date);
    return zl_store_rows_collect(s, st, out, err);
}

zl_status zl_rare_all_centres(zl_store *s, const char *date, zl_rows *out, zl_err *err)
{
    zl_dbst *st = zl_db_stmt(
        s,
        "SELECT v.orpha, c.id, c.name, c.location_id, l.name, l.city, v.ern, v.recognised_from,"
        " v.recognised_to, v.status, coalesce(v.patient_org, c.patient_org), v.synthetic"
        " FROM ecza_coverage v JOIN ecza_centre c ON c.id = v.centre_id"
        " JOIN location l ON l.id = c.location_id"
        " WHERE" RECOGNISED_ON("?1") " ORDER BY v.orpha, c.id",
        err);
    if (!st)
        return err ? err->code : ZL_EDB;
    zl_db_bind_textz(st, 1, date);
    return zl_store_rows_collect(s, st, out, err);
}

/* A whole-table reader without parameters. */
static zl_status all_rows(zl_store *s, const char *sql, zl_rows *out, zl_err *err)
{
    zl_dbst *st = zl_db_stmt(s, sql, err);
    if (!st)
        return err ? err->code : ZL_EDB;
    return zl_store_rows_collect(s, st, out, err);
}

zl_status zl_rare_all_disorders(zl_store *s, zl_rows *out, zl_err *err)
{
    return all_rows(s, "SELECT orpha, name, type FROM orpha_disorder ORDER BY orpha", out, err);
}

zl_status zl_rare_all_preferred(zl_store *s, zl_rows *out, zl_err *err)
{
    return all_rows(s,
                    "SELECT orpha, lang, name FROM orpha_name WHERE kind = 'preferred'"
                    " ORDER BY orpha, lang, name",
                    out, err);
}

zl_status zl_rare_all_parents(zl_store *s, zl_rows *out, zl_err *err)
{
    return all_rows(s,
                    "SELECT p.child, p.parent FROM orpha_parent p"
                    " JOIN orpha_disorder d ON d.orpha = p.parent ORDER BY p.child, p.parent",
                    out, err);
}

zl_status zl_rare_all_prevalence(zl_store *s, zl_rows *out, zl_err *err)
{
    return all_rows(s,
                    "SELECT orpha, type, class, geography, source FROM orpha_prevalence"
                    " ORDER BY orpha, source = 'ordo', id",
                    out, err);
}

zl_status zl_rare_get_erns(zl_store *s, zl_rows *out, zl_err *err)
{
    return all_rows(s, "SELECT acronym, name, scope FROM ern ORDER BY acronym", out, err);
}

zl_status zl_rare_all_names(zl_store *s, zl_rows *out, zl_err *err)
{
    return all_rows(s,
                    "SELECT n.orpha, n.lang, n.kind, n.name, d.status, d.moved_to, d.type"
                    " FROM orpha_name n JOIN orpha_disorder d ON d.orpha = n.orpha"
                    " ORDER BY n.orpha",
                    out, err);
}

zl_status zl_rare_counts(zl_store *s, int64_t counts[7], zl_err *err)
{
    zl_dbst *st = zl_db_stmt(
        s,
        "SELECT (SELECT count(*) FROM orpha_disorder), (SELECT count(*) FROM orpha_name),"
        " (SELECT count(*) FROM orpha_parent), (SELECT count(*) FROM orpha_xref),"
        " (SELECT count(*) FROM orpha_prevalence), (SELECT count(*) FROM ecza_centre),"
        " (SELECT count(*) FROM ecza_coverage)",
        err);
    if (!st)
        return err ? err->code : ZL_EDB;
    if (zl_db_step(st) != ZL_DB_ROW) {
        zl_db_reset(st);
        return zl_store_dberr(s, err, "counting");
    }
    for (int i = 0; i < 7; i++)
        counts[i] = zl_db_col_int64(st, i);
    zl_db_reset(st);
    return ZL_OK;
}

zl_status zl_rare_like_search(zl_store *s, const char *pattern, int limit, zl_rows *out,
                              zl_err *err)
{
    /* SQLite's LIKE ignores ASCII case; PostgreSQL's ILIKE does the same. */
    zl_dbst *st = zl_db_stmt2(s,
                              "SELECT orpha, name FROM orpha_name"
                              " WHERE name LIKE '%' || ?1 || '%' LIMIT ?2",
                              "SELECT orpha, name FROM orpha_name"
                              " WHERE name ILIKE '%' || ?1 || '%' LIMIT ?2",
                              err);
    if (!st)
        return err ? err->code : ZL_EDB;
    zl_db_bind_textz(st, 1, pattern);
    zl_db_bind_int(st, 2, limit);
    return zl_store_rows_collect(s, st, out, err);
}

/* Second reference of the finder benchmark: FTS5 with SQLite's trigram tokenizer over every
 * name and code, in a TEMP table of this connection (nothing is written to the database). */
zl_status zl_rare_fts_build(zl_store *s, zl_err *err)
{
    if (zl_store_is_pg(s))
        return zl_fail(err, ZL_EINPUT, "the FTS5 reference of the finder benchmark is SQLite only");
    return zl_store_exec(
        s,
        "DROP TABLE IF EXISTS temp.rare_fts;"
        "CREATE VIRTUAL TABLE temp.rare_fts USING fts5(text, orpha UNINDEXED,"
        " tokenize = 'trigram');"
        "INSERT INTO temp.rare_fts (text, orpha) SELECT name, orpha FROM orpha_name;"
        "INSERT INTO temp.rare_fts (text, orpha)"
        " SELECT 'ORPHA:' || orpha, orpha FROM orpha_disorder WHERE status = 'active';"
        "INSERT INTO temp.rare_fts (text, orpha) SELECT code, orpha FROM orpha_xref;",
        err);
}

/* The FTS5 query into *match: every trigram of the query's characters, quoted, joined by
 * OR (bm25 then ranks rows by the trigrams they share, so a typo still matches); NULL when
 * the query has fewer than three characters. */
static zl_status trigram_query(const char *q, char **match, zl_err *err)
{
    *match = NULL;
    size_t n = strlen(q), nchar = 0;
    size_t *at = malloc((n + 1) * sizeof *at);
    /* Each byte is in at most 3 trigrams, doubled at worst (a quote); each trigram adds 2
     * quotes and " OR ": at most 12 bytes per byte of the query. */
    char *out = malloc(n * 12 + 1);
    if (!at || !out) {
        free(at);
        free(out);
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)q[i] & 0xC0) != 0x80) /* a character starts here */
            at[nchar++] = i;
    at[nchar] = n;
    size_t len = 0;
    for (size_t c = 0; c + 3 <= nchar; c++) {
        if (len) {
            memcpy(out + len, " OR ", 4);
            len += 4;
        }
        out[len++] = '"';
        for (size_t i = at[c]; i < at[c + 3]; i++) {
            if (q[i] == '"')
                out[len++] = '"';
            out[len++] = q[i];
        }
        out[len++] = '"';
    }
    out[len] = 0;
    free(at);
    if (len)
        *match = out;
    else
        free(out);
    return ZL_OK;
}

zl_status zl_rare_fts_search(zl_store *s, const char *query, int limit, zl_rows *out, zl_err *err)
{
    *out = (zl_rows){0};
    char *match;
    zl_status rc = trigram_query(query, &match, err);
    if (rc != ZL_OK || !match)
        return rc;
    zl_dbst *st = zl_db_stmt(s,
                             "SELECT orpha, min(rank) AS r FROM temp.rare_fts"
                             " WHERE rare_fts MATCH ?1 GROUP BY orpha ORDER BY r LIMIT ?2",
                             err);
    if (!st) {
        free(match);
        return err ? err->code : ZL_EDB;
    }
    zl_db_bind_textz(st, 1, match);
    zl_db_bind_int(st, 2, limit);
    rc = zl_store_rows_collect(s, st, out, err);
    free(match);
    return rc;
}
