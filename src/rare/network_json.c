/* The networks report (zl rare networks, GET /rare/networks): each ECZA network with its
 * codes, coordinating and member centres, the shared-care partners of its centres valid
 * on a date (with coordinates for the map) and its care-pathway completeness (the mean
 * score of its checklists). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "rare_internal.h"
#include "zorglandschap/rare_network.h"
#include "zorglandschap/store_rare_network.h"

static const char *str_of(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

/* Text cell as JSON (null for NULL). */
static json_t *cell(const zl_rows *r, size_t row, size_t col)
{
    const char *v = zl_rows_get(r, row, col);
    return v ? json_string(v) : json_null();
}

static json_t *real_cell(const zl_rows *r, size_t row, size_t col)
{
    const char *v = zl_rows_get(r, row, col);
    return v ? json_real(strtod(v, NULL)) : json_null();
}

static json_t *codes_of(const zl_rows *codes, const char *id)
{
    json_t *a = json_array();
    for (size_t i = 0; i < codes->n; i++) {
        if (strcmp(zl_rows_get(codes, i, 0), id) != 0)
            continue;
        char code[32];
        snprintf(code, sizeof code, "ORPHA:%lld", (long long)zl_rows_int(codes, i, 1));
        json_array_append_new(a,
                              json_pack("{sI ss so}", "orpha", (json_int_t)zl_rows_int(codes, i, 1),
                                        "code", code, "name", cell(codes, i, 2)));
    }
    return a;
}

/* The centres of a network, coordinating first. */
static json_t *centres_of(const zl_rows *m, const char *id)
{
    json_t *a = json_array();
    for (size_t i = 0; i < m->n; i++) {
        if (strcmp(zl_rows_get(m, i, 0), id) != 0)
            continue;
        json_array_append_new(a, json_pack("{so so so so so so so so}", "centre_id", cell(m, i, 1),
                                           "role", cell(m, i, 2), "centre", cell(m, i, 3),
                                           "location_id", cell(m, i, 4), "location", cell(m, i, 5),
                                           "city", cell(m, i, 6), "lat", real_cell(m, i, 7), "lon",
                                           real_cell(m, i, 8)));
    }
    return a;
}

/* The partners of a network: one entry per centre and partner location with the codes
 * of their agreements (rows come by network, centre, location). */
static json_t *partners_of(const zl_rows *p, const char *id, bool *synthetic)
{
    json_t *a = json_array(), *last = NULL;
    for (size_t i = 0; i < p->n; i++) {
        if (strcmp(zl_rows_get(p, i, 0), id) != 0)
            continue;
        bool same = last && strcmp(str_of(last, "centre_id"), zl_rows_get(p, i, 1)) == 0 &&
                    strcmp(str_of(last, "location_id"), zl_rows_get(p, i, 2)) == 0;
        bool syn = zl_rows_int(p, i, 10) != 0;
        *synthetic = *synthetic || syn;
        if (!same) {
            last = json_pack("{so so so so so so s[] so sb}", "centre_id", cell(p, i, 1),
                             "location_id", cell(p, i, 2), "location", cell(p, i, 3), "city",
                             cell(p, i, 4), "lat", real_cell(p, i, 5), "lon", real_cell(p, i, 6),
                             "codes", "valid_to", cell(p, i, 9), "synthetic", syn);
            json_array_append_new(a, last);
        } else if (strcmp(str_of(last, "valid_to"), zl_rows_get(p, i, 9)) < 0) {
            json_object_set_new(last, "valid_to", cell(p, i, 9));
        }
        json_array_append_new(json_object_get(last, "codes"), json_integer(zl_rows_int(p, i, 7)));
    }
    return a;
}

typedef struct network_tables {
    zl_rows nets, codes, members, partners, pathways;
    json_t *lists; /* the checklists of every network */
} network_tables;

static void tables_free(network_tables *t)
{
    zl_rows_free(&t->nets);
    zl_rows_free(&t->codes);
    zl_rows_free(&t->members);
    zl_rows_free(&t->partners);
    zl_rows_free(&t->pathways);
    json_decref(t->lists);
}

/* The network's completeness: the mean score of its checklists (one per code it covers;
 * a code without one scores 0), their number and the number of gaps. */
static json_t *pathway_of(json_t *lists, const char *id)
{
    double sum = 0;
    size_t n = 0, gaps = 0, i;
    json_t *l;
    json_array_foreach(lists, i, l)
    {
        if (strcmp(str_of(l, "network_id"), id) != 0)
            continue;
        sum += json_number_value(json_object_get(l, "score"));
        gaps += json_array_size(json_object_get(l, "gaps"));
        n++;
    }
    return json_pack("{sf sI sI}", "score", n ? sum / (double)n : 0.0, "checklists", (json_int_t)n,
                     "gaps", (json_int_t)gaps);
}

static json_t *network_json(const network_tables *t, size_t i, bool *synthetic)
{
    const char *id = zl_rows_get(&t->nets, i, 0);
    json_t *codes = codes_of(&t->codes, id), *centres = centres_of(&t->members, id);
    json_t *orgs = json_array();
    const char *po = zl_rows_get(&t->nets, i, 4);
    while (po && *po) {
        size_t n = strcspn(po, ";");
        json_array_append_new(orgs, json_stringn(po, n));
        po += n + (po[n] == ';');
    }
    bool syn = zl_rows_int(&t->nets, i, 5) != 0;
    *synthetic = *synthetic || syn;
    json_t *partners = partners_of(&t->partners, id, synthetic);
    return json_pack("{so so so so so so so so so sb}", "id", cell(&t->nets, i, 0), "name",
                     cell(&t->nets, i, 1), "ern", cell(&t->nets, i, 2), "coordinator",
                     cell(&t->nets, i, 3), "patient_organisations", orgs, "codes", codes, "centres",
                     centres, "partners", partners, "pathway", pathway_of(t->lists, id),
                     "synthetic", syn);
}

zl_status zl_rare_networks_json(zl_store *s, const char *id, const char *date, json_t **out,
                                zl_err *err)
{
    network_tables t = {0};
    zl_status rc = zl_rare_get_networks(s, &t.nets, err);
    if (rc == ZL_OK)
        rc = zl_rare_get_network_codes(s, &t.codes, err);
    if (rc == ZL_OK)
        rc = zl_rare_get_network_members(s, &t.members, err);
    if (rc == ZL_OK)
        rc = zl_rare_get_shared_care(s, date, &t.partners, err);
    if (rc == ZL_OK)
        rc = zl_rare_get_pathways(s, NULL, 0, &t.pathways, err);
    bool synthetic = false;
    if (rc == ZL_OK)
        t.lists = zl_rare_checklists(&t.pathways, &synthetic);
    if (rc != ZL_OK) {
        tables_free(&t);
        return rc;
    }
    json_t *nets = json_array();
    for (size_t i = 0; i < t.nets.n; i++)
        if (!id || strcmp(id, zl_rows_get(&t.nets, i, 0)) == 0)
            json_array_append_new(nets, network_json(&t, i, &synthetic));
    tables_free(&t);
    if (id && json_array_size(nets) == 0) {
        json_decref(nets);
        return zl_fail(err, ZL_ENOTFOUND, "no network '%s' (zl rare networks lists them)", id);
    }
    *out = json_pack("{ss sb sI so}", "date", date, "synthetic", synthetic, "count",
                     (json_int_t)json_array_size(nets), "networks", nets);
    return *out ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
}
