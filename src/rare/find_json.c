/* The finder's answer for people: each hit with its names, type, prevalence and the
 * centres recognised for it on a date; when it has none, the nearest ancestors in the
 * classification that do ("adjacent expertise"), with the path and their ERNs; when
 * nothing matches, the advice to code ORPHA:616874 and to go through an ERN.
 * Everything comes from the atlas and is written straight as JSON text: the server sends
 * the text, the CLI and the tests read it back as a tree. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rare_internal.h"
#include "zorglandschap/jsonw.h"
#include "zorglandschap/rare.h"
#include "zorglandschap/rare_finder.h"
#include "zorglandschap/store_landscape.h"
#include "zorglandschap/util.h"

#define MAX_ANCESTORS 512

typedef struct walk_node {
    uint32_t at; /* the disorder's index in the atlas */
    int pred;    /* the walk node of the child it was reached from, -1 for the hit */
} walk_node;

/* Everything an answer reads, and what it has written so far. */
typedef struct answer_ctx {
    zl_rare_atlas *atlas;
    const atlas_register *reg;
    zl_jw *w;
    bool synthetic; /* a centre written is from a synthetic register */
    /* With a postcode: car minutes to each care location (the atlas's row of the PC4);
     * centres and partners are ordered by it. NULL without a postcode. */
    const float *pc_row;
} answer_ctx;

#define LOCATION_COL 3 /* location_id among a centre span's columns (after the code) */
#define MAX_SORTED   256

/* Minutes from the postcode to a location, or -1 when unknown (or no postcode). */
static double minutes_to(const answer_ctx *c, atlas_text loc)
{
    return c->pc_row ? zl_atlas_minutes(zl_atlas_care(c->atlas), c->pc_row, loc.s) : -1;
}

/* Orders order[0..n) with min[] by minutes (unknown last); insertion sort: a handful. */
static void sort_by_minutes(size_t *order, double *min, size_t n)
{
    for (size_t i = 1; i < n; i++)
        for (size_t k = i; k > 0; k--) {
            double a = min[k - 1] < 0 ? 1e300 : min[k - 1], b = min[k] < 0 ? 1e300 : min[k];
            if (a <= b)
                break;
            size_t to = order[k];
            double tm = min[k];
            order[k] = order[k - 1], min[k] = min[k - 1];
            order[k - 1] = to, min[k - 1] = tm;
        }
}

/* Row order of a span: as stored, or by minutes from the postcode (unknown last). */
static size_t centre_order(const answer_ctx *c, atlas_span cs, size_t *order, double *min)
{
    size_t n = 0;
    for (size_t i = cs.from; i < cs.to && n < MAX_SORTED; i++, n++) {
        order[n] = i;
        min[n] = minutes_to(c, zl_atlas_cell(cs.rows, i, LOCATION_COL));
    }
    if (c->pc_row)
        sort_by_minutes(order, min, n);
    return n;
}

static void write_code(zl_jw *w, int64_t orpha)
{
    zl_jw_int(w, "orpha", orpha);
    zl_jw_code(w, "code", "ORPHA:", orpha);
}

static void write_text(zl_jw *w, const char *key, atlas_text t)
{
    zl_jw_strn(w, key, t.s, t.len);
}

/* A boolean column as the store keeps it (an integer, 0 false). */
static bool text_true(atlas_text t)
{
    int64_t v = 0;
    return t.s && zl_parse_i64(t.s, &v) && v != 0;
}

static void write_minutes(zl_jw *w, double min)
{
    if (min >= 0)
        zl_jw_real(w, "minutes", (double)(int64_t)(min * 10 + 0.5) / 10);
}

/* The centre rows of a span (columns after the code), keyed as zl_rare_centres_json. */
static void write_centres(answer_ctx *c, atlas_span cs)
{
    size_t order[MAX_SORTED];
    double min[MAX_SORTED];
    size_t n = centre_order(c, cs, order, min);
    zl_jw_array(c->w, "centres");
    for (size_t r = 0; r < n; r++) {
        size_t i = order[r];
        zl_jw_object(c->w, NULL);
        for (size_t j = 0; zl_rare_centre_keys[j]; j++) {
            const char *k = zl_rare_centre_keys[j];
            atlas_text v = zl_atlas_cell(cs.rows, i, j + 1);
            if (k[0] == '?') {
                bool yes = text_true(v);
                zl_jw_bool(c->w, k + 1, yes);
                c->synthetic = c->synthetic || (yes && strcmp(k, "?synthetic") == 0);
            } else {
                write_text(c->w, k, v);
            }
        }
        write_minutes(c->w, min[r]);
        zl_jw_close(c->w, '}');
    }
    zl_jw_close(c->w, ']');
}

/* The distinct ERNs of centre rows, in order of first appearance. */
static void write_erns(zl_jw *w, atlas_span cs)
{
    const size_t col = 1 + ZL_RARE_CENTRE_ERN; /* after the code */
    zl_jw_array(w, "erns");
    for (size_t i = cs.from; i < cs.to; i++) {
        atlas_text e = zl_atlas_cell(cs.rows, i, col);
        bool seen = false;
        for (size_t k = cs.from; k < i && !seen; k++) {
            atlas_text x = zl_atlas_cell(cs.rows, k, col);
            seen = x.s && e.s && strcmp(x.s, e.s) == 0;
        }
        if (e.s && !seen)
            write_text(w, NULL, e);
    }
    zl_jw_close(w, ']');
}

static void write_adjacent(answer_ctx *c, const walk_node *n, int at, atlas_span cs)
{
    zl_jw *w = c->w;
    int chain[MAX_ANCESTORS], len = 0;
    for (int i = at; i >= 0; i = n[i].pred)
        chain[len++] = i;
    zl_jw_object(w, NULL);
    write_code(w, zl_atlas_code(c->atlas, n[at].at));
    write_text(w, "name", zl_atlas_name(c->atlas, n[at].at));
    zl_jw_array(w, "path"); /* from the hit up to this ancestor */
    for (int k = len - 1; k >= 0; k--) {
        zl_jw_object(w, NULL);
        zl_jw_int(w, "orpha", zl_atlas_code(c->atlas, n[chain[k]].at));
        write_text(w, "name", zl_atlas_name(c->atlas, n[chain[k]].at));
        zl_jw_close(w, '}');
    }
    zl_jw_close(w, ']');
    write_centres(c, cs);
    write_erns(w, cs);
    zl_jw_close(w, '}');
}

/* Adds the walk's next level (the parents of n[from..to)) to n; returns the new count. */
static int next_level(const answer_ctx *c, walk_node *n, int nn, int from, int to)
{
    for (int i = from; i < to; i++) {
        size_t np;
        const uint32_t *p = zl_atlas_parents(c->atlas, n[i].at, &np);
        for (size_t k = 0; k < np && nn < MAX_ANCESTORS; k++)
            if (zl_atlas_visit(c->atlas, p[k]))
                n[nn++] = (walk_node){p[k], i};
    }
    return nn;
}

/* Breadth-first up the is-a graph; the first level with recognised centres wins. */
static void write_adjacent_expertise(answer_ctx *c, uint32_t hit)
{
    walk_node n[MAX_ANCESTORS];
    int nn = 1, level_start = 0;
    bool found = false;
    n[0] = (walk_node){hit, -1};
    zl_atlas_walk_begin(c->atlas);
    zl_atlas_visit(c->atlas, hit);
    zl_jw_array(c->w, "adjacent_expertise");
    while (!found && level_start < nn) {
        int level_end = nn;
        nn = next_level(c, n, nn, level_start, level_end);
        for (int i = level_end; i < nn; i++) {
            atlas_span cs = zl_atlas_centres(c->reg, n[i].at);
            if (cs.from < cs.to) {
                write_adjacent(c, n, i, cs);
                found = true;
            }
        }
        level_start = level_end;
    }
    zl_jw_close(c->w, ']');
}

/* {lang: preferred name}; rows come by language, so one member per language (of several
 * names in one language, the last by name, as before). */
static void write_names(zl_jw *w, atlas_span p)
{
    zl_jw_object(w, "names");
    for (size_t i = p.from; i < p.to; i++) {
        atlas_text lang = zl_atlas_cell(p.rows, i, 1);
        if (i + 1 < p.to && strcmp(lang.s, zl_atlas_cell(p.rows, i + 1, 1).s) == 0)
            continue;
        write_text(w, lang.s, zl_atlas_cell(p.rows, i, 2));
    }
    zl_jw_close(w, '}');
}

static void write_prevalence(zl_jw *w, atlas_span p)
{
    zl_jw_array(w, "prevalence");
    for (size_t i = p.from; i < p.to; i++) {
        zl_jw_object(w, NULL);
        write_text(w, "type", zl_atlas_cell(p.rows, i, 1));
        write_text(w, "class", zl_atlas_cell(p.rows, i, 2));
        write_text(w, "geography", zl_atlas_cell(p.rows, i, 3));
        write_text(w, "source", zl_atlas_cell(p.rows, i, 4));
        zl_jw_close(w, '}');
    }
    zl_jw_close(w, ']');
}

/* Whether row i of t repeats column col of an earlier row of rows[0..k). */
static bool seen_before(const atlas_table *t, const uint32_t *rows, size_t k, size_t col)
{
    atlas_text v = zl_atlas_cell(t, rows[k], col);
    for (size_t j = 0; j < k; j++) {
        atlas_text w = zl_atlas_cell(t, rows[j], col);
        if (v.s && w.s && v.len == w.len && memcmp(v.s, w.s, v.len) == 0)
            return true;
    }
    return false;
}

/* The networks of the disorder (its code or a group above it), each once. */
static void write_networks(answer_ctx *c, uint32_t at)
{
    const atlas_table *t;
    size_t n;
    const uint32_t *rows = zl_atlas_networks(zl_atlas_care(c->atlas), at, &n, &t);
    zl_jw_array(c->w, "networks");
    for (size_t k = 0; k < n; k++) {
        if (seen_before(t, rows, k, 1))
            continue;
        zl_jw_object(c->w, NULL);
        write_text(c->w, "id", zl_atlas_cell(t, rows[k], 1));
        write_text(c->w, "name", zl_atlas_cell(t, rows[k], 2));
        write_text(c->w, "ern", zl_atlas_cell(t, rows[k], 3));
        write_text(c->w, "coordinator", zl_atlas_cell(t, rows[k], 4));
        zl_jw_close(c->w, '}');
        c->synthetic = c->synthetic || text_true(zl_atlas_cell(t, rows[k], 5));
    }
    zl_jw_close(c->w, ']');
}

/* One partner (columns of zl_atlas_partners' table). */
static void write_partner(zl_jw *w, const atlas_table *t, uint32_t row, double min, const char *key)
{
    zl_jw_object(w, key);
    write_text(w, "location_id", zl_atlas_cell(t, row, 2));
    write_text(w, "location", zl_atlas_cell(t, row, 3));
    write_text(w, "city", zl_atlas_cell(t, row, 4));
    write_text(w, "centre_id", zl_atlas_cell(t, row, 1));
    write_text(w, "valid_to", zl_atlas_cell(t, row, 5));
    write_minutes(w, min);
    zl_jw_close(w, '}');
}

/* Shared-care partners of the disorder on the date, each location once, nearest first
 * with a postcode; then the nearest centre and the nearest partner side by side. */
static void write_shared_care(answer_ctx *c, uint32_t at, atlas_span cs)
{
    const atlas_table *t;
    size_t n, m = 0, order[MAX_SORTED];
    double min[MAX_SORTED];
    const uint32_t *rows = zl_atlas_partners(c->reg, at, &n, &t);
    for (size_t k = 0; k < n && m < MAX_SORTED; k++)
        if (!seen_before(t, rows, k, 2)) {
            order[m] = rows[k];
            min[m++] = minutes_to(c, zl_atlas_cell(t, rows[k], 2));
            c->synthetic = c->synthetic || text_true(zl_atlas_cell(t, rows[k], 6));
        }
    if (c->pc_row)
        sort_by_minutes(order, min, m);
    zl_jw_array(c->w, "shared_care");
    for (size_t k = 0; k < m; k++)
        write_partner(c->w, t, (uint32_t)order[k], min[k], NULL);
    zl_jw_close(c->w, ']');
    if (!c->pc_row)
        return;
    size_t best = cs.to;
    double best_min = -1;
    for (size_t i = cs.from; i < cs.to; i++) {
        double v = minutes_to(c, zl_atlas_cell(cs.rows, i, LOCATION_COL));
        if (v >= 0 && (best_min < 0 || v < best_min))
            best = i, best_min = v;
    }
    if (best < cs.to) {
        zl_jw_object(c->w, "nearest_centre");
        write_text(c->w, "centre_id", zl_atlas_cell(cs.rows, best, 1));
        write_text(c->w, "centre", zl_atlas_cell(cs.rows, best, 2));
        write_text(c->w, "location_id", zl_atlas_cell(cs.rows, best, LOCATION_COL));
        write_text(c->w, "location", zl_atlas_cell(cs.rows, best, LOCATION_COL + 1));
        write_text(c->w, "city", zl_atlas_cell(cs.rows, best, LOCATION_COL + 2));
        write_minutes(c->w, best_min);
        zl_jw_close(c->w, '}');
    }
    if (m > 0 && min[0] >= 0)
        write_partner(c->w, t, (uint32_t)order[0], min[0], "nearest_partner");
}

/* A hit with its record; a code that is not in the atlas (the data changed under the
 * finder) keeps its code and nothing else. */
static void write_hit(answer_ctx *c, const zl_finder_hit *h)
{
    zl_jw *w = c->w;
    long at = zl_atlas_index(c->atlas, h->orpha);
    atlas_span none = {NULL, 0, 0};
    atlas_span cs = at < 0 ? none : zl_atlas_centres(c->reg, (uint32_t)at);
    zl_jw_object(w, NULL);
    write_code(w, h->orpha);
    atlas_text empty = {"", 0}, unknown = {NULL, 0};
    write_text(w, "name", at < 0 ? empty : zl_atlas_name(c->atlas, (uint32_t)at));
    write_names(w, at < 0 ? none : zl_atlas_preferred(c->atlas, (uint32_t)at));
    write_text(w, "type", at < 0 ? unknown : zl_atlas_type(c->atlas, (uint32_t)at));
    zl_jw_real(w, "score", (double)(int)(h->score * 1000) / 1000);
    zl_jw_str(w, "match", h->match);
    zl_jw_str(w, "matched_name", h->name);
    if (h->via)
        zl_jw_code(w, "resolved_from", "ORPHA:", h->via);
    write_prevalence(w, at < 0 ? none : zl_atlas_prevalence(c->atlas, (uint32_t)at));
    write_centres(c, cs);
    if (at >= 0 && cs.from == cs.to) {
        write_adjacent_expertise(c, (uint32_t)at);
    } else {
        zl_jw_array(w, "adjacent_expertise");
        zl_jw_close(w, ']');
    }
    if (at >= 0) {
        write_networks(c, (uint32_t)at);
        write_shared_care(c, (uint32_t)at, cs);
    }
    zl_jw_close(w, '}');
}

static void write_advice(answer_ctx *c)
{
    zl_jw *w = c->w;
    zl_jw_object(w, "advice");
    zl_jw_str(w, "code", "ORPHA:616874");
    zl_jw_str(w, "name", "Rare disorder without a determined diagnosis after full investigation");
    const zl_rows *e = zl_atlas_erns(c->atlas);
    zl_jw_str(w, "route",
              e->n ? "No disorder matched. Register the patient with ORPHA:616874 and ask an "
                     "expertise centre in the European Reference Network (ERN) of the affected "
                     "organ system for advice; the ERNs are listed below."
                   : "No disorder matched. Register the patient with ORPHA:616874 and ask an "
                     "expertise centre in the European Reference Network (ERN) of the affected "
                     "organ system for advice (no ERN list is imported here).");
    zl_jw_array(w, "erns");
    for (size_t i = 0; i < e->n; i++) {
        zl_jw_object(w, NULL);
        zl_jw_str(w, "acronym", zl_rows_get(e, i, 0));
        zl_jw_str(w, "scope", zl_rows_get(e, i, 2));
        zl_jw_close(w, '}');
    }
    zl_jw_close(w, ']');
    zl_jw_close(w, '}');
}

/* The atlas's minutes from postcode (nothing without one). */
static zl_status load_postcode(answer_ctx *c, int32_t postcode, zl_err *err)
{
    if (postcode <= 0)
        return ZL_OK;
    return zl_atlas_postcode(zl_atlas_care(c->atlas), postcode, &c->pc_row, err);
}

/* Everything but the empty query is a question (whitespace alone is none). */
static bool blank(const char *q)
{
    return !q || q[strspn(q, " \t\r\n")] == '\0';
}

zl_status zl_rare_find_text_opts(zl_store *s, zl_finder *f, zl_rare_atlas *a, const char *query,
                                 const zl_rare_find_opts *o, char **out, size_t *len, zl_err *err)
{
    if (o->limit < 1)
        return zl_fail(err, ZL_EINPUT, "limit: at least 1");
    if (blank(query))
        return zl_fail(err, ZL_EINPUT, "empty query: give a name, an ORPHAcode or an ICD-10 code");
    /* The answer quotes the query: text that is not UTF-8 would make it invalid JSON. */
    if (zl_utf8_invalid_at(query, strlen(query)) >= 0)
        return zl_fail(err, ZL_EINPUT, "the query is not valid UTF-8");
    zl_finder_hit *hits = calloc((size_t)o->limit, sizeof *hits);
    if (!hits)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    int n = 0;
    zl_jw w = {0};
    answer_ctx c = {.atlas = a, .w = &w};
    zl_status rc = zl_finder_search(f, s, query, o->lang, hits, o->limit, &n, err);
    if (rc == ZL_OK)
        rc = zl_atlas_register(a, s, o->date, &c.reg, err);
    if (rc == ZL_OK)
        rc = load_postcode(&c, o->postcode, err);
    if (rc != ZL_OK) {
        free(hits);
        return rc;
    }
    zl_jw_object(&w, NULL);
    zl_jw_str(&w, "query", query);
    zl_jw_str(&w, "lang", o->lang);
    zl_jw_str(&w, "date", o->date);
    if (o->postcode > 0)
        zl_jw_int(&w, "postcode", o->postcode);
    zl_jw_array(&w, "hits");
    for (int i = 0; i < n; i++)
        write_hit(&c, &hits[i]);
    zl_jw_close(&w, ']');
    zl_jw_bool(&w, "synthetic_centres", c.synthetic);
    if (n == 0)
        write_advice(&c);
    zl_jw_close(&w, '}');
    free(hits);
    return zl_jw_finish(&w, out, len, err);
}

zl_status zl_rare_find_text(zl_store *s, zl_finder *f, zl_rare_atlas *a, const char *query,
                            const char *lang, int limit, const char *date, char **out, size_t *len,
                            zl_err *err)
{
    zl_rare_find_opts o = {lang, limit, date, 0};
    return zl_rare_find_text_opts(s, f, a, query, &o, out, len, err);
}

/* Text written by jsonw back into a tree (for the CLI and tests). */
static zl_status parse_answer(char *text, size_t len, json_t **out, zl_err *err)
{
    json_error_t jerr;
    *out = json_loadb(text, len, 0, &jerr);
    free(text);
    if (!*out)
        return zl_fail(err, ZL_EINTERNAL, "finder answer is not valid JSON: %s", jerr.text);
    return ZL_OK;
}

zl_status zl_rare_find_json_opts(zl_store *s, zl_finder *f, zl_rare_atlas *a, const char *query,
                                 const zl_rare_find_opts *o, json_t **out, zl_err *err)
{
    char *text;
    size_t len;
    zl_status rc = zl_rare_find_text_opts(s, f, a, query, o, &text, &len, err);
    return rc == ZL_OK ? parse_answer(text, len, out, err) : rc;
}

zl_status zl_rare_find_json(zl_store *s, zl_finder *f, zl_rare_atlas *a, const char *query,
                            const char *lang, int limit, const char *date, json_t **out,
                            zl_err *err)
{
    zl_rare_find_opts o = {lang, limit, date, 0};
    return zl_rare_find_json_opts(s, f, a, query, &o, out, err);
}

zl_status zl_rare_adjacent_json(zl_store *s, zl_rare_atlas *a, int64_t orpha, const char *date,
                                int32_t postcode, json_t **out, zl_err *err)
{
    zl_jw w = {0};
    answer_ctx c = {.atlas = a, .w = &w};
    long at = zl_atlas_index(a, orpha);
    if (at < 0)
        return zl_fail(err, ZL_ENOTFOUND, "ORPHA:%lld is not in the nomenclature",
                       (long long)orpha);
    zl_status rc = zl_atlas_register(a, s, date, &c.reg, err);
    if (rc == ZL_OK)
        rc = load_postcode(&c, postcode, err);
    if (rc != ZL_OK)
        return rc;
    atlas_span cs = zl_atlas_centres(c.reg, (uint32_t)at);
    zl_jw_object(&w, NULL);
    write_centres(&c, cs);
    if (cs.from == cs.to) {
        write_adjacent_expertise(&c, (uint32_t)at);
    } else {
        zl_jw_array(&w, "adjacent_expertise");
        zl_jw_close(&w, ']');
    }
    zl_jw_bool(&w, "synthetic_centres", c.synthetic);
    zl_jw_close(&w, '}');
    char *text;
    size_t len;
    rc = zl_jw_finish(&w, &text, &len, err);
    return rc == ZL_OK ? parse_answer(text, len, out, err) : rc;
}

zl_status zl_rare_show_json(zl_store *s, zl_rare_atlas *a, int64_t orpha, const char *date,
                            int32_t postcode, json_t **out, zl_err *err)
{
    json_t *rec = NULL, *adj = NULL;
    zl_status rc = zl_rare_record_json(s, orpha, date, &rec, err);
    if (rc == ZL_OK)
        rc = zl_rare_adjacent_json(s, a, orpha, date, postcode, &adj, err);
    if (rc != ZL_OK) {
        json_decref(rec);
        return rc;
    }
    /* The centres as the finder shows them (ordered by minutes with a postcode). */
    const char *keys[] = {"centres", "adjacent_expertise", "synthetic_centres"};
    for (size_t i = 0; i < 3; i++)
        json_object_set(rec, keys[i], json_object_get(adj, keys[i]));
    if (postcode > 0)
        json_object_set_new(rec, "postcode", json_integer(postcode));
    json_decref(adj);
    *out = rec;
    return ZL_OK;
}
