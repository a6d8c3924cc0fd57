/* Care pathways per network and disease group (docs/rare-networks.md): the checklist the
 * field uses, its import (pathways.csv), the completeness score (the one definition: in
 * place 1, partly 0.5, absent or not recorded 0, as a percentage of the items) and the
 * gaps (every item not in place). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rare_internal.h"
#include "zorglandschap/csv.h"
#include "zorglandschap/rare_network.h"
#include "zorglandschap/store_rare_network.h"
#include "zorglandschap/util.h"

const char *const zl_rare_pathway_items[] = {"diagnosis",
                                             "treatment_plan",
                                             "multidisciplinary_team",
                                             "follow_up",
                                             "transition",
                                             "shared_care",
                                             "patient_information",
                                             "orpha_registration",
                                             "ern_participation",
                                             "research",
                                             NULL};

#define NITEMS 10

static int item_index(const char *item)
{
    for (int i = 0; zl_rare_pathway_items[i]; i++)
        if (strcmp(item, zl_rare_pathway_items[i]) == 0)
            return i;
    return -1;
}

double zl_rare_pathway_score(const char *const *states)
{
    double points = 0;
    for (int i = 0; i < NITEMS; i++) {
        if (!states[i])
            continue;
        if (strcmp(states[i], "in place") == 0)
            points += 1;
        else if (strcmp(states[i], "partly") == 0)
            points += 0.5;
    }
    return 100.0 * points / NITEMS;
}

enum { W_NETWORK, W_ORPHA, W_ITEM, W_STATE, W_DATE, W_NCOLS };

static zl_status pathway_row(zl_store *s, zl_csv *c, const int *ix, zl_rare_import_stats *st,
                             bool *synthetic, zl_err *err)
{
    zl_pathway_put p = {0};
    const char *code;
    bool ok;
    if (zl_csv_text(c, ix[W_NETWORK], &p.network_id, err) != ZL_OK ||
        zl_csv_text(c, ix[W_ORPHA], &code, err) != ZL_OK ||
        zl_csv_text(c, ix[W_ITEM], &p.item, err) != ZL_OK ||
        zl_csv_text(c, ix[W_STATE], &p.state, err) != ZL_OK ||
        zl_csv_text(c, ix[W_DATE], &p.assessed_on, err) != ZL_OK ||
        zl_rare_network_exists(s, p.network_id, &ok, err) != ZL_OK)
        return err->code;
    if (!ok)
        return zl_csv_fail(c, ix[W_NETWORK], err, "unknown network '%s' (import networks first)",
                           p.network_id);
    if (zl_rare_check_code(s, c, ix[W_ORPHA], code, &p.orpha, err) != ZL_OK ||
        zl_rare_network_covers(s, p.network_id, p.orpha, &ok, err) != ZL_OK)
        return err->code;
    if (!ok)
        return zl_csv_fail(c, ix[W_ORPHA], err, "network '%s' does not cover ORPHA:%lld",
                           p.network_id, (long long)p.orpha);
    if (item_index(p.item) < 0)
        return zl_csv_fail(c, ix[W_ITEM], err,
                           "unknown checklist item '%s' (docs/rare-networks.md lists them)",
                           p.item);
    if (strcmp(p.state, "in place") != 0 && strcmp(p.state, "partly") != 0 &&
        strcmp(p.state, "absent") != 0)
        return zl_csv_fail(c, ix[W_STATE], err, "'%s' is not a state (in place, partly, absent)",
                           p.state);
    if (!zl_date_valid(p.assessed_on))
        return zl_csv_fail(c, ix[W_DATE], err, "'%s' is not a date YYYY-MM-DD", p.assessed_on);
    int ev = zl_csv_col(c, "evidence"), sc = zl_csv_col(c, "synthetic");
    p.evidence = ev >= 0 && *zl_csv_field(c, (size_t)ev) ? zl_csv_field(c, (size_t)ev) : NULL;
    p.synthetic = sc >= 0 && zl_rare_truthy(zl_csv_field(c, (size_t)sc));
    if (zl_rare_put_pathway_item(s, &p, err) != ZL_OK)
        return zl_err_prefix(err, "%s:%ld: ", zl_csv_name(c), zl_csv_line(c));
    *synthetic = *synthetic || p.synthetic;
    st->records++;
    return ZL_OK;
}

static zl_status pathway_rows(zl_store *s, zl_csv *c, zl_rare_import_stats *st, bool *synthetic,
                              zl_err *err)
{
    static const char *const cols[W_NCOLS] = {"network_id", "orpha", "item", "state",
                                              "assessed_on"};
    int ix[W_NCOLS];
    if (zl_csv_require(c, cols, ix, W_NCOLS, err) != ZL_OK)
        return err->code;
    bool row;
    zl_status rc;
    while ((rc = zl_csv_next(c, &row, err)) == ZL_OK && row)
        if ((rc = pathway_row(s, c, ix, st, synthetic, err)) != ZL_OK)
            break;
    return rc;
}

zl_status zl_rare_import_pathways(zl_store *s, const char *path, zl_rare_import_stats *stats,
                                  zl_err *err)
{
    zl_rare_import_stats local = {0};
    zl_rare_import_stats *st = stats ? stats : &local;
    *st = (zl_rare_import_stats){0};
    return zl_rare_import_tx(s, "pathways", path, false, pathway_rows, st, err);
}

static json_t *cell(const zl_rows *r, size_t row, size_t col)
{
    const char *v = zl_rows_get(r, row, col);
    return v ? json_string(v) : json_null();
}

/* One checklist from rows [from, to) of one network and code. */
static json_t *checklist(const zl_rows *r, size_t from, size_t to, bool *synthetic)
{
    const char *states[NITEMS] = {0};
    size_t row_of[NITEMS] = {0};
    for (size_t i = from; i < to; i++) {
        const char *item = zl_rows_get(r, i, 4);
        int k = item ? item_index(item) : -1;
        if (k >= 0) {
            states[k] = zl_rows_get(r, i, 5);
            row_of[k] = i;
        }
        *synthetic = *synthetic || zl_rows_int(r, i, 8) != 0;
    }
    json_t *items = json_array(), *gaps = json_array();
    for (int k = 0; k < NITEMS; k++) {
        const char *state = states[k] ? states[k] : "not recorded";
        json_array_append_new(
            items, json_pack("{ss ss so so}", "item", zl_rare_pathway_items[k], "state", state,
                             "evidence", states[k] ? cell(r, row_of[k], 6) : json_null(),
                             "assessed_on", states[k] ? cell(r, row_of[k], 7) : json_null()));
        if (!states[k] || strcmp(states[k], "in place") != 0)
            json_array_append_new(
                gaps, json_pack("{ss ss}", "item", zl_rare_pathway_items[k], "state", state));
    }
    char code[32];
    snprintf(code, sizeof code, "ORPHA:%lld", (long long)zl_rows_int(r, from, 2));
    return json_pack("{so so sI ss so sf so so}", "network_id", cell(r, from, 0), "network",
                     cell(r, from, 1), "orpha", (json_int_t)zl_rows_int(r, from, 2), "code", code,
                     "disorder", cell(r, from, 3), "score", zl_rare_pathway_score(states), "items",
                     items, "gaps", gaps);
}

json_t *zl_rare_checklists(const zl_rows *r, bool *synthetic)
{
    json_t *a = json_array();
    for (size_t from = 0, to; from < r->n; from = to) {
        for (to = from + 1;
             to < r->n && strcmp(zl_rows_get(r, to, 0), zl_rows_get(r, from, 0)) == 0 &&
             zl_rows_int(r, to, 2) == zl_rows_int(r, from, 2);
             to++)
            ;
        json_array_append_new(a, checklist(r, from, to, synthetic));
    }
    return a;
}

zl_status zl_rare_pathway_json(zl_store *s, const char *query, json_t **out, zl_err *err)
{
    int64_t orpha = 0;
    bool by_code = zl_orpha_parse(query, &orpha);
    zl_rows r = {0};
    if (zl_rare_get_pathways(s, by_code ? NULL : query, by_code ? orpha : 0, &r, err) != ZL_OK)
        return err->code;
    bool synthetic = false;
    json_t *lists = zl_rare_checklists(&r, &synthetic);
    zl_rows_free(&r);
    if (json_array_size(lists) == 0) {
        json_decref(lists);
        return zl_fail(err, ZL_ENOTFOUND,
                       "no care pathway for '%s' (an ORPHAcode covered by a network, or a "
                       "network id)",
                       query);
    }
    *out = json_pack("{ss sb so}", "query", query, "synthetic", synthetic, "pathways", lists);
    return *out ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
}
