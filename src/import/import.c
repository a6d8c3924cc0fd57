/* The import driver: opens the CSV file, runs the kind's row loop inside one transaction,
 * logs the import and commits, or rolls everything back on the first bad row. Also the
 * field parsers and reference checks every importer shares. */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "import_internal.h"
#include "zorglandschap/store_case.h"
#include "zorglandschap/store_landscape.h"

typedef struct import_kind {
    const char *name;
    zl_import_fn fn;
} import_kind;

static const import_kind kinds[] = {
    {"areas", zl_import_areas},
    {"area-ages", zl_import_area_ages},
    {"locations", zl_import_locations},
    {"regions", zl_import_regions},
    {"interventions", zl_import_interventions},
    {"volumes", zl_import_volumes},
    {"flows", zl_import_flows},
    {"functions", zl_import_functions},
    {"ambulance-posts", zl_import_ambulance_posts},
    {"ferries", zl_import_ferries},
    {"hospitals-2019", zl_import_hospitals_2019},
    {"ambulance-posts-2019", zl_import_posts_2019},
    {"partners", zl_import_partners},
    {"capacity", zl_import_capacity},
    {"indicators", zl_import_indicators},
    {"indicator-values", zl_import_indicator_values},
    {"staff", zl_import_staff},
    {"providers", zl_import_providers},
    {"tariffs", zl_import_tariffs},
};

#define N_KINDS (sizeof kinds / sizeof kinds[0])

const char *const *zl_import_kinds(size_t *n)
{
    static const char *const names[N_KINDS + 1] = {
        "areas",           "area-ages", "locations",      "regions",
        "interventions",   "volumes",   "flows",          "functions",
        "ambulance-posts", "ferries",   "hospitals-2019", "ambulance-posts-2019",
        "partners",        "capacity",  "indicators",     "indicator-values",
        "staff",           "providers", "tariffs",        NULL};
    *n = N_KINDS;
    return names;
}

static void ctx_free(zl_import_ctx *x)
{
    zl_strset_free(x->keys);
    zl_strset_free(x->known_loc);
    zl_strset_free(x->known_iv);
    zl_csv_close(x->c);
}

static zl_status run_kind(zl_import_ctx *x, const import_kind *k, const char *path, zl_err *err)
{
    char phase[64];
    snprintf(phase, sizeof phase, "importing %s", k->name);
    zl_csv_set_progress(x->c, zl_store_progress(x->s), phase);
    zl_status st = zl_store_begin(x->s, err);
    if (st != ZL_OK)
        return st;
    st = k->fn(x, err);
    if (st == ZL_OK)
        st = zl_store_log_import(x->s, k->name, path, x->res->rows, x->res->synthetic, err);
    if (st == ZL_OK)
        st = zl_store_commit(x->s, err);
    else
        zl_store_rollback(x->s);
    return st;
}

zl_status zl_import_file(zl_store *s, const char *kind, const char *path, zl_import_result *res,
                         zl_err *err)
{
    const import_kind *k = NULL;
    for (size_t i = 0; i < N_KINDS; i++)
        if (strcmp(kinds[i].name, kind) == 0)
            k = &kinds[i];
    if (!k)
        return zl_fail(err, ZL_EINPUT,
                       "unknown import kind '%s' (areas, area-ages, locations, regions,"
                       " interventions, volumes, flows, functions, ambulance-posts, ferries,"
                       " hospitals-2019, ambulance-posts-2019, partners, capacity, indicators,"
                       " indicator-values, staff, providers, tariffs)",
                       kind);
    zl_import_result local;
    zl_import_ctx x = {.s = s, .res = res ? res : &local};
    *x.res = (zl_import_result){0};
    zl_status st = zl_csv_open(path, &x.c, err);
    if (st == ZL_OK)
        st = zl_strset_new(&x.keys, err);
    if (st == ZL_OK)
        st = zl_strset_new(&x.known_loc, err);
    if (st == ZL_OK)
        st = zl_strset_new(&x.known_iv, err);
    if (st == ZL_OK)
        st = run_kind(&x, k, path, err);
    ctx_free(&x);
    if (st != ZL_OK)
        zl_err_prefix(err, "import %s: ", kind);
    return st;
}

zl_status imp_pc4(const zl_csv *c, int col, int32_t *out, zl_err *err)
{
    int64_t v;
    const char *f = zl_csv_field(c, (size_t)col);
    if (!zl_parse_i64(f, &v) || v < 1000 || v > 9999)
        return zl_csv_fail(c, col, err, "expected a PC4 postcode (1000-9999), found '%.40s'", f);
    *out = (int32_t)v;
    return ZL_OK;
}

zl_status imp_year(const zl_csv *c, int col, int64_t *out, zl_err *err)
{
    zl_status st = zl_csv_int(c, col, out, err);
    if (st == ZL_OK && (*out < 1900 || *out > 2100))
        return zl_csv_fail(c, col, err, "year %lld out of range 1900-2100", (long long)*out);
    return st;
}

zl_status imp_flag(const zl_csv *c, int col, bool dflt, bool *out, zl_err *err)
{
    const char *f = col < 0 ? "" : zl_csv_field(c, (size_t)col);
    if (!*f)
        *out = dflt;
    else if (strcmp(f, "0") == 0 || strcmp(f, "1") == 0)
        *out = f[0] == '1';
    else
        return zl_csv_fail(c, col, err, "expected 0 or 1, found '%.40s'", f);
    return ZL_OK;
}

zl_status imp_coord(const zl_csv *c, int col, double lo, double hi, double *out, zl_err *err)
{
    zl_status st = zl_csv_num(c, col, out, err);
    if (st == ZL_OK && (*out < lo || *out > hi))
        return zl_csv_fail(c, col, err, "coordinate %g out of range %g..%g", *out, lo, hi);
    return st;
}

const char *imp_text_opt(const zl_csv *c, int col)
{
    if (col < 0)
        return NULL;
    const char *f = zl_csv_field(c, (size_t)col);
    return *f ? f : NULL;
}

static zl_status on_known_area(void *ctx, const zl_area *a, zl_err *err)
{
    zl_import_ctx *x = ctx;
    if (a->pc4 >= 0 && a->pc4 <= ZL_PC4_MAX)
        x->pc4_known[a->pc4 / 8] |= (uint8_t)(1u << (a->pc4 % 8));
    return ZL_OK;
}

/* The areas are read once, in one statement: a query per distinct PC4 was a round trip
 * each on PostgreSQL (4,000 of them in a file of flows). */
zl_status imp_ref_area(zl_import_ctx *x, int col, int32_t pc4, zl_err *err)
{
    assert(pc4 >= 1000 && pc4 <= ZL_PC4_MAX); /* imp_pc4 checked it */
    if (!x->pc4_loaded) {
        zl_status st = zl_store_areas_each(x->s, on_known_area, x, err);
        if (st != ZL_OK)
            return st;
        x->pc4_loaded = true;
    }
    if (!(x->pc4_known[pc4 / 8] & (1u << (pc4 % 8))))
        return zl_csv_fail(x->c, col, err, "unknown PC4 %d (not among the imported areas)",
                           (int)pc4);
    return ZL_OK;
}

/* Checks a text reference once per distinct value. */
static zl_status ref_text(zl_import_ctx *x, zl_strset *known, int col, const char *v,
                          zl_status (*has)(zl_store *, const char *, bool *, zl_err *),
                          const char *what, zl_err *err)
{
    if (zl_strset_has(known, v))
        return ZL_OK;
    bool found;
    zl_status st = has(x->s, v, &found, err);
    if (st != ZL_OK)
        return st;
    if (!found)
        return zl_csv_fail(x->c, col, err, "unknown %s '%.60s' (not among the imported %ss)", what,
                           v, what);
    return zl_strset_add(known, v, &found, err);
}

zl_status imp_ref_location(zl_import_ctx *x, int col, const char *id, zl_err *err)
{
    return ref_text(x, x->known_loc, col, id, zl_store_has_location, "location", err);
}

zl_status imp_ref_intervention(zl_import_ctx *x, int col, const char *code, zl_err *err)
{
    return ref_text(x, x->known_iv, col, code, zl_store_has_intervention, "intervention", err);
}

zl_status imp_key(zl_import_ctx *x, int col, const char *key, const char *what, zl_err *err)
{
    bool added;
    zl_status st = zl_strset_add(x->keys, key, &added, err);
    if (st == ZL_OK && !added)
        return zl_csv_fail(x->c, col, err, "duplicate key: %s %s appears earlier in the file", what,
                           key);
    return st;
}

void imp_count(zl_import_ctx *x, bool changed)
{
    x->res->rows++;
    x->res->changed += changed;
}

zl_status imp_batch_end(zl_import_ctx *x, zl_store_batch *b, zl_status st, zl_err *err)
{
    if (st != ZL_OK) {
        zl_store_batch_free(b);
        return st;
    }
    int64_t more = 0;
    st = zl_store_batch_finish(b, &more, err);
    x->res->changed += more;
    return st;
}
