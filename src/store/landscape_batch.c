/* Batches of landscape upserts (contract in include/zorglandschap/store_landscape.h): on
 * PostgreSQL the rows of a whole file as COPY text in memory, then one COPY into a
 * temporary table and one INSERT ... SELECT with the single-row upsert's ON CONFLICT rule
 * (landscape_sql.h), whose row count is the rows inserted or changed. Row by row, 81,000
 * age bands took 17 s there against SQLite's 0.8 s (docs/performance.md). */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "copy_internal.h"
#include "landscape_sql.h"
#include "store_internal.h"
#include "zorglandschap/store_landscape.h"

struct zl_store_batch {
    zl_store *s;
    zl_batch_table table;
    char *text; /* PostgreSQL: the rows as COPY text; NULL after running out of memory */
    size_t len, cap;
};

#define UPSERT(table, cols, rule)                                                                  \
    "INSERT INTO " table "(" cols ") SELECT " cols " FROM zl_batch" rule

/* Per table: the target, its columns and the upsert from zl_batch (a literal: the store
 * keeps its statements by their text). */
static const struct {
    const char *table, *cols, *upsert;
} tables[] = {
    [ZL_BATCH_AREA] = {"area", AREA_COLS, UPSERT("area", AREA_COLS, AREA_UPSERT)},
    [ZL_BATCH_AREA_AGE] = {"area_age", AREA_AGE_COLS,
                           UPSERT("area_age", AREA_AGE_COLS, AREA_AGE_UPSERT)},
    [ZL_BATCH_FLOW] = {"flow", FLOW_COLS, UPSERT("flow", FLOW_COLS, FLOW_UPSERT)},
};

zl_store_batch *zl_store_batch_new(zl_store *s, zl_batch_table t, zl_err *err)
{
    assert(t >= ZL_BATCH_AREA && t <= ZL_BATCH_FLOW);
    zl_store_batch *b = calloc(1, sizeof *b);
    if (b && zl_store_is_pg(s) && !(b->text = malloc(b->cap = 1 << 16))) {
        free(b);
        b = NULL;
    }
    if (!b) {
        zl_fail(err, ZL_ENOMEM, "out of memory");
        return NULL;
    }
    b->s = s;
    b->table = t;
    if (b->text)
        b->text[0] = 0;
    return b;
}

void zl_store_batch_free(zl_store_batch *b)
{
    if (!b)
        return;
    free(b->text);
    free(b);
}

/* Appends one field (NULL: \N) and its separator: a tab, or the line's end. */
static void field(zl_store_batch *b, const char *v, bool last)
{
    if (v)
        cp_copy_text(&b->text, &b->len, &b->cap, v, strlen(v));
    else
        cp_append(&b->text, &b->len, &b->cap, "\\N", 2);
    cp_append(&b->text, &b->len, &b->cap, last ? "\n" : "\t", 1);
}

static void field_int(zl_store_batch *b, int64_t v, bool last)
{
    char num[24];
    snprintf(num, sizeof num, "%lld", (long long)v);
    field(b, num, last);
}

/* Doubles with 17 significant digits: read back bit for bit. */
static void field_double(zl_store_batch *b, double v, bool last)
{
    char num[32];
    snprintf(num, sizeof num, "%.17g", v);
    field(b, num, last);
}

static zl_status kept(zl_store_batch *b, bool *changed, zl_err *err)
{
    if (changed)
        *changed = false;
    return b->text ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
}

zl_status zl_store_batch_area(zl_store_batch *b, const zl_area_row *r, bool *changed, zl_err *err)
{
    assert(b->table == ZL_BATCH_AREA);
    if (!zl_store_is_pg(b->s))
        return zl_store_put_area(b->s, r, changed, err);
    field_int(b, r->pc4, false);
    field(b, r->municipality, false);
    field(b, r->province, false);
    field_int(b, r->population, false);
    field_int(b, r->male, false);
    field_int(b, r->female, false);
    field_double(b, r->lat, false);
    field_double(b, r->lon, true);
    return kept(b, changed, err);
}

zl_status zl_store_batch_area_age(zl_store_batch *b, const zl_area_age_row *r, bool *changed,
                                  zl_err *err)
{
    assert(b->table == ZL_BATCH_AREA_AGE);
    if (!zl_store_is_pg(b->s))
        return zl_store_put_area_age(b->s, r, changed, err);
    field_int(b, r->pc4, false);
    field_int(b, r->band_lo, false);
    field(b, r->band, false);
    field_int(b, r->population, false);
    field_int(b, r->male, false);
    field_int(b, r->female, true);
    return kept(b, changed, err);
}

zl_status zl_store_batch_flow(zl_store_batch *b, const zl_flow_row *r, bool *changed, zl_err *err)
{
    assert(b->table == ZL_BATCH_FLOW);
    if (!zl_store_is_pg(b->s))
        return zl_store_put_flow(b->s, r, changed, err);
    field_int(b, r->pc4, false);
    field(b, r->location_id, false);
    field(b, r->intervention, false);
    field_int(b, r->year, false);
    field_int(b, r->patients, false);
    field(b, r->synthetic ? "true" : "false", true);
    return kept(b, changed, err);
}

/* The kept rows into a fresh temporary table zl_batch (of the target's columns). */
static zl_status copy_rows(zl_store_batch *b, zl_err *err)
{
    zl_store *s = b->s;
    char sql[512];
    snprintf(sql, sizeof sql,
             "DROP TABLE IF EXISTS pg_temp.zl_batch; CREATE TEMP TABLE zl_batch"
             " (LIKE %s INCLUDING DEFAULTS)",
             tables[b->table].table);
    zl_status st = zl_store_exec(s, sql, err);
    snprintf(sql, sizeof sql, "COPY zl_batch (%s) FROM STDIN", tables[b->table].cols);
    if (st == ZL_OK)
        st = zl_pg_copy_begin(s->pg, sql, err);
    if (st != ZL_OK)
        return st;
    st = zl_pg_copy_put(s->pg, b->text, b->len, err);
    if (st != ZL_OK) {
        zl_pg_copy_abort(s->pg);
        return st;
    }
    st = zl_pg_copy_end(s->pg, err);
    zl_pg_uncount_changes(s->pg); /* rows of a temporary table change nothing yet */
    return st;
}

/* PostgreSQL: the kept rows through zl_batch into the table, the rows changed added. */
static zl_status write_kept(zl_store_batch *b, int64_t *changed, zl_err *err)
{
    if (!b->text)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    if (!b->len)
        return ZL_OK;
    zl_status st = copy_rows(b, err);
    if (st != ZL_OK)
        return st;
    zl_dbst *ins = zl_db_stmt(b->s, tables[b->table].upsert, err);
    st = ins ? zl_db_step_done(b->s, ins, "writing the rows", err) : (err ? err->code : ZL_EDB);
    if (st != ZL_OK)
        return st;
    *changed += zl_db_changes(b->s);
    return zl_store_exec(b->s, "DROP TABLE pg_temp.zl_batch", err);
}

zl_status zl_store_batch_finish(zl_store_batch *b, int64_t *changed, zl_err *err)
{
    assert(b);
    zl_status st = zl_store_is_pg(b->s) ? write_kept(b, changed, err) : ZL_OK;
    zl_store_batch_free(b);
    return st;
}
