/* What a database's tables are, read from its own catalog (sqlite_schema and the table_info
 * pragmas; pg_class, pg_attribute, pg_index, pg_constraint), so the copy and the checksums
 * follow the migrations without a second hand-kept list of tables. */
#include "copy_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Tables the migrations fill themselves (migration 7's random key): a fresh database
 * has these rows, and a copy replaces them with the source's. */
static const char *const seeded[] = {"disclosure_key"};

bool cp_table_seeded(const char *name)
{
    for (size_t i = 0; i < sizeof seeded / sizeof seeded[0]; i++)
        if (strcmp(seeded[i], name) == 0)
            return true;
    return false;
}

zl_status cp_prepare(zl_store *s, const char *sql, zl_dbst *st, zl_err *err)
{
    *st = (zl_dbst){0};
    if (zl_store_is_pg(s))
        return (st->pg = zl_pg_prepare(s->pg, sql, err)) ? ZL_OK : (err ? err->code : ZL_EDB);
    if (sqlite3_prepare_v2(s->db, sql, -1, &st->lite, NULL) != SQLITE_OK)
        return zl_store_dberr(s, err, "preparing a statement");
    return ZL_OK;
}

void cp_finalize(zl_dbst *st)
{
    sqlite3_finalize(st->lite);
    zl_pg_finalize(st->pg);
    *st = (zl_dbst){0};
}

/* The kind of a PostgreSQL type (format_type's spelling); 0 when the copy cannot carry it. */
static cp_kind pg_kind(const char *type)
{
    static const struct {
        const char *prefix;
        cp_kind kind;
    } map[] = {
        {"smallint", CP_INT},          {"integer", CP_INT}, {"bigint", CP_INT}, {"boolean", CP_INT},
        {"double precision", CP_REAL}, {"real", CP_REAL},   {"text", CP_TEXT},  {"date", CP_TEXT},
        {"character", CP_TEXT},        {"bytea", CP_BLOB}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strncmp(type, map[i].prefix, strlen(map[i].prefix)) == 0)
            return map[i].kind;
    return 0;
}

/* The kind of an SQLite declared type, by SQLite's own affinity rules (section 3.1 of
 * "Datatypes In SQLite"); 0 for NUMERIC affinity, which the copy does not carry. */
static cp_kind lite_kind(const char *declared)
{
    char t[64];
    size_t n = 0;
    for (; declared[n] && n + 1 < sizeof t; n++)
        t[n] = (char)tolower((unsigned char)declared[n]);
    t[n] = 0;
    if (strstr(t, "int"))
        return CP_INT;
    if (strstr(t, "char") || strstr(t, "clob") || strstr(t, "text"))
        return CP_TEXT;
    if (strstr(t, "blob") || n == 0)
        return CP_BLOB;
    if (strstr(t, "real") || strstr(t, "floa") || strstr(t, "doub"))
        return CP_REAL;
    return 0;
}

static zl_status bad_name(const char *what, const char *name, zl_err *err)
{
    return zl_fail(err, ZL_EINPUT, "%s name '%.80s' cannot be copied (too long or quoted)", what,
                   name);
}

/* Copies a catalog name, refusing names the copy's SQL could not quote safely. */
static zl_status take_name(char dst[64], const unsigned char *src, const char *what, zl_err *err)
{
    const char *s = src ? (const char *)src : "";
    if (!*s || strlen(s) >= 64 || strchr(s, '"'))
        return bad_name(what, s, err);
    snprintf(dst, 64, "%s", s);
    return ZL_OK;
}

static zl_status add_col(cp_table *t, zl_dbst *st, bool pg, zl_err *err)
{
    cp_col *grown = realloc(t->cols, (size_t)(t->ncols + 1) * sizeof *grown);
    if (!grown)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    t->cols = grown;
    cp_col *c = &grown[t->ncols];
    *c = (cp_col){0};
    if (take_name(c->name, zl_db_col_text(st, 0), "column", err) != ZL_OK)
        return ZL_EINPUT;
    const char *type = (const char *)zl_db_col_text(st, 1);
    c->kind = pg ? pg_kind(type ? type : "") : lite_kind(type ? type : "");
    c->pk = zl_db_col_int(st, 2);
    c->collate = pg && zl_db_col_int(st, 3);
    c->identity = pg && zl_db_col_int(st, 4);
    t->ncols++;
    if (!c->kind)
        return zl_fail(err, ZL_EINPUT, "table %s, column %s: type '%s' cannot be copied", t->name,
                       c->name, type ? type : "");
    return ZL_OK;
}

static zl_status read_cols(zl_store *s, cp_table *t, zl_err *err)
{
    bool pg = zl_store_is_pg(s);
    zl_dbst st;
    zl_status rc =
        cp_prepare(s,
                   pg ? "SELECT a.attname, format_type(a.atttypid, a.atttypmod),"
                        /* indkey is an int2vector, whose subscripts start at 0 */
                        " coalesce(array_position(i.indkey::int2[], a.attnum) + 1, 0),"
                        " a.attcollation <> 0, a.attidentity <> ''"
                        " FROM pg_attribute a LEFT JOIN pg_index i"
                        " ON i.indrelid = a.attrelid AND i.indisprimary"
                        " WHERE a.attrelid = CAST(quote_ident(?1) AS regclass) AND a.attnum > 0"
                        " AND NOT a.attisdropped ORDER BY a.attnum"
                      : "SELECT name, type, pk FROM pragma_table_info(?1) ORDER BY cid",
                   &st, err);
    if (rc != ZL_OK)
        return rc;
    zl_db_bind_text(&st, 1, t->name, -1);
    int step;
    while (rc == ZL_OK && (step = zl_db_step(&st)) == ZL_DB_ROW)
        rc = add_col(t, &st, pg, err);
    if (rc == ZL_OK && step != ZL_DB_DONE)
        rc = zl_store_dberr(s, err, "reading a table's columns");
    cp_finalize(&st);
    return rc;
}

static zl_status read_refs(zl_store *s, cp_table *t, zl_err *err)
{
    zl_dbst st;
    zl_status rc = cp_prepare(s,
                              zl_store_is_pg(s)
                                  ? "SELECT DISTINCT confrelid::regclass::text FROM pg_constraint"
                                    " WHERE contype = 'f'"
                                    " AND conrelid = CAST(quote_ident(?1) AS regclass)"
                                  : "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)",
                              &st, err);
    if (rc != ZL_OK)
        return rc;
    zl_db_bind_text(&st, 1, t->name, -1);
    int step;
    while (rc == ZL_OK && (step = zl_db_step(&st)) == ZL_DB_ROW) {
        char(*grown)[64] = realloc(t->refs, (size_t)(t->nrefs + 1) * sizeof *grown);
        if (!grown)
            rc = zl_fail(err, ZL_ENOMEM, "out of memory");
        else if ((t->refs = grown) &&
                 (rc = take_name(grown[t->nrefs], zl_db_col_text(&st, 0), "table", err)) == ZL_OK)
            t->nrefs++;
    }
    if (rc == ZL_OK && step != ZL_DB_DONE)
        rc = zl_store_dberr(s, err, "reading a table's foreign keys");
    cp_finalize(&st);
    return rc;
}

/* The table names in creation order (PostgreSQL's schema_version is not data: it is the
 * version, which the copy compares as such; zl_data_change, the log behind the data
 * version of migration 17, is the database's own bookkeeping, and SQLite has none). */
static zl_status read_tables(zl_store *s, cp_schema *sc, zl_err *err)
{
    zl_dbst st;
    zl_status rc = cp_prepare(
        s,
        zl_store_is_pg(s)
            ? "SELECT relname FROM pg_class WHERE relkind IN ('r', 'p') AND NOT relispartition"
              " AND relnamespace = CAST(current_schema() AS regnamespace)"
              " AND relname NOT IN ('schema_version', 'zl_data_change') ORDER BY oid"
            : "SELECT name FROM sqlite_schema WHERE type = 'table'"
              " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
        &st, err);
    int step;
    while (rc == ZL_OK && (step = zl_db_step(&st)) == ZL_DB_ROW) {
        cp_table *grown = realloc(sc->t, (size_t)(sc->n + 1) * sizeof *grown);
        if (!grown) {
            rc = zl_fail(err, ZL_ENOMEM, "out of memory");
            break;
        }
        sc->t = grown;
        grown[sc->n] = (cp_table){0};
        if ((rc = take_name(grown[sc->n].name, zl_db_col_text(&st, 0), "table", err)) == ZL_OK)
            sc->n++;
    }
    if (rc == ZL_OK && step != ZL_DB_DONE)
        rc = zl_store_dberr(s, err, "listing the tables");
    cp_finalize(&st);
    return rc;
}

const cp_table *cp_schema_find(const cp_schema *sc, const char *name)
{
    for (int i = 0; i < sc->n; i++)
        if (strcmp(sc->t[i].name, name) == 0)
            return &sc->t[i];
    return NULL;
}

/* Whether every table t references (other than itself) is among the first `placed`. */
static bool refs_placed(const cp_schema *sc, int placed, const cp_table *t)
{
    for (int r = 0; r < t->nrefs; r++) {
        bool found = strcmp(t->refs[r], t->name) == 0 || !cp_schema_find(sc, t->refs[r]);
        for (int k = 0; k < placed && !found; k++)
            found = strcmp(sc->t[k].name, t->refs[r]) == 0;
        if (!found)
            return false;
    }
    return true;
}

/* Orders the tables so that each comes after those it references, keeping creation order
 * otherwise (a stable selection: the first table in creation order that can go next). */
static zl_status order_tables(cp_schema *sc, zl_err *err)
{
    for (int placed = 0; placed < sc->n; placed++) {
        int next = placed;
        while (next < sc->n && !refs_placed(sc, placed, &sc->t[next]))
            next++;
        if (next == sc->n)
            return zl_fail(err, ZL_EINPUT, "table %s: its foreign keys form a cycle",
                           sc->t[placed].name);
        cp_table chosen = sc->t[next];
        memmove(&sc->t[placed + 1], &sc->t[placed], (size_t)(next - placed) * sizeof chosen);
        sc->t[placed] = chosen;
    }
    return ZL_OK;
}

zl_status cp_schema_read(zl_store *s, cp_schema *out, zl_err *err)
{
    *out = (cp_schema){0};
    zl_status rc = read_tables(s, out, err);
    for (int i = 0; rc == ZL_OK && i < out->n; i++)
        if ((rc = read_cols(s, &out->t[i], err)) == ZL_OK)
            rc = read_refs(s, &out->t[i], err);
    if (rc == ZL_OK)
        rc = order_tables(out, err);
    if (rc != ZL_OK)
        cp_schema_free(out);
    return rc;
}

void cp_schema_free(cp_schema *sc)
{
    for (int i = 0; i < sc->n; i++) {
        free(sc->t[i].cols);
        free(sc->t[i].refs);
    }
    free(sc->t);
    *sc = (cp_schema){0};
}
