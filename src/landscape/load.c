/* zl_case_load: assembles the in-memory case of one intervention and year from the store.
 * The travel matrix is read once, in key order, into a dense float matrix; areas and
 * locations without any travel time are left out of the case, and a hole in the matrix
 * among those that remain is an error, so analyses never meet a missing time. */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "zorglandschap/import.h"
#include "zorglandschap/store_case.h"
#include "zorglandschap/store_landscape.h"
#include "zorglandschap/util.h"

#define PC4_SLOTS 10000

/* Everything read from the store before the case is compacted to what has travel times. */
typedef struct loader {
    zl_case *c;
    zl_area *areas; /* all areas, by pc4 */
    size_t n_areas, cap_areas;
    zl_location *locs; /* all locations, by id (strings owned here until moved) */
    size_t n_locs, cap_locs, cap_ids;
    const char **ids;     /* ids of all locations, for lookups after the strings moved */
    int32_t *area_of_pc4; /* PC4_SLOTS entries, -1 when absent */
    float *minutes;       /* n_areas x n_locs; pairs without a row are never read */
    size_t *area_rows, *loc_rows;
    size_t travel_rows, last_loc;
    size_t flow_rows, cap_flows; /* flow rows read (also those of 0 patients); c->flows' room */
    int32_t *area_new, *loc_new; /* old index -> index in the case, -1 when left out */
    double *volume_sum;
    const char *context; /* "C in Y" for messages */
} loader;

static void loader_free(loader *L)
{
    for (size_t l = 0; L->locs && l < L->n_locs; l++) {
        free(L->locs[l].id);
        free(L->locs[l].name);
        free(L->locs[l].organisation);
    }
    free(L->locs);
    free(L->ids);
    free(L->areas);
    free(L->area_of_pc4);
    free(L->minutes);
    free(L->area_rows);
    free(L->loc_rows);
    free(L->area_new);
    free(L->loc_new);
    free(L->volume_sum);
}

static zl_status oom(zl_err *err)
{
    return zl_fail(err, ZL_ENOMEM, "out of memory loading a case");
}

static zl_status on_area(void *ctx, const zl_area *a, zl_err *err)
{
    loader *L = ctx;
    if (a->population < 0 || a->population > ZL_MAX_AREA_POPULATION)
        return zl_fail(err, ZL_EINPUT,
                       "area %d: population %lld in the database is outside the plausible range "
                       "0..%d (stored before imports checked bounds?): re-import the areas",
                       a->pc4, (long long)a->population, ZL_MAX_AREA_POPULATION);
    void *p = L->areas;
    if (zl_grow(&p, &L->cap_areas, L->n_areas + 1, sizeof *L->areas, err) != ZL_OK)
        return ZL_ENOMEM;
    L->areas = p;
    if (a->pc4 >= 0 && a->pc4 < PC4_SLOTS)
        L->area_of_pc4[a->pc4] = (int32_t)L->n_areas;
    L->areas[L->n_areas++] = *a;
    return ZL_OK;
}

static char *dup_opt(const char *s, bool *failed)
{
    if (!s)
        return NULL;
    char *p = strdup(s);
    *failed |= !p;
    return p;
}

static zl_status on_location(void *ctx, const zl_location *l, zl_err *err)
{
    loader *L = ctx;
    void *p = L->locs;
    if (zl_grow(&p, &L->cap_locs, L->n_locs + 1, sizeof *L->locs, err) != ZL_OK)
        return ZL_ENOMEM;
    L->locs = p;
    bool failed = false;
    zl_location *x = &L->locs[L->n_locs++];
    *x = *l;
    x->id = dup_opt(l->id, &failed);
    x->name = dup_opt(l->name ? l->name : l->id, &failed);
    x->organisation = dup_opt(l->organisation, &failed);
    if (failed)
        return oom(err);
    p = L->ids;
    if (zl_grow(&p, &L->cap_ids, L->n_locs, sizeof *L->ids, err) != ZL_OK)
        return ZL_ENOMEM;
    L->ids = p;
    L->ids[L->n_locs - 1] = x->id;
    return ZL_OK;
}

/* The index of a location id among all locations; travel rows come in id order within a
 * pc4, so the next index is tried before a binary search. */
static long find_location(loader *L, const char *id)
{
    size_t next = L->last_loc + 1 < L->n_locs ? L->last_loc + 1 : 0;
    if (L->n_locs && strcmp(L->ids[next], id) == 0)
        return (long)(L->last_loc = next);
    size_t lo = 0, hi = L->n_locs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(L->ids[mid], id);
        if (cmp == 0)
            return (long)(L->last_loc = mid);
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static long find_area(const loader *L, int32_t pc4)
{
    return pc4 >= 0 && pc4 < PC4_SLOTS ? L->area_of_pc4[pc4] : -1;
}

static zl_status on_travel(void *ctx, const zl_travel_row *r, zl_err *err)
{
    loader *L = ctx;
    long a = find_area(L, r->pc4), l = find_location(L, r->location_id);
    if (a < 0 || l < 0)
        return zl_fail(err, ZL_EINTERNAL, "travel time for unknown pc4 %d or location '%s'", r->pc4,
                       r->location_id);
    size_t k = (size_t)a * L->n_locs + (size_t)l;
    L->minutes[k] = (float)r->minutes;
    L->area_rows[a]++;
    L->loc_rows[l]++;
    L->travel_rows++;
    return ZL_OK;
}

/* Counts the cells of one area's row that have a time (NaN: no route, like a missing row). */
static void count_row(loader *L, size_t a, const long *col, const float *min, size_t n)
{
    for (size_t j = 0; j < n; j++)
        if (!isnan(min[j])) {
            L->area_rows[a]++;
            L->loc_rows[col[j]]++;
            L->travel_rows++;
        }
}

/* The compact matrix: one store read, then the cells copied in place, or the arrays taken
 * over whole when the matrix has exactly the store's areas and locations in their order
 * (the usual case: no copy at all). NaN cells count as missing, as an absent row would. */
static zl_status take_compact(loader *L, zl_travel_matrix *m, zl_err *err)
{
    long *col = malloc((m->n_locations + 1) * sizeof *col);
    if (!col)
        return oom(err);
    zl_status st = ZL_OK;
    bool same = m->n_locations == L->n_locs && m->n_areas == L->n_areas;
    for (size_t j = 0; st == ZL_OK && j < m->n_locations; j++) {
        if ((col[j] = find_location(L, m->location_ids[j])) < 0)
            st = zl_fail(err, ZL_EINTERNAL, "travel time for unknown location '%s'",
                         m->location_ids[j]);
        same = same && col[j] == (long)j;
    }
    for (size_t i = 0; st == ZL_OK && same && i < m->n_areas; i++)
        same = find_area(L, m->pc4[i]) == (long)i;
    if (st == ZL_OK && same) {
        free(L->minutes);
        L->minutes = m->minutes;
        m->minutes = NULL;
    }
    for (size_t i = 0; st == ZL_OK && i < m->n_areas; i++) {
        long a = find_area(L, m->pc4[i]);
        if (a < 0) {
            st = zl_fail(err, ZL_EINTERNAL, "travel time for unknown pc4 %d", m->pc4[i]);
            break;
        }
        size_t n = m->n_locations;
        const float *min = L->minutes + (size_t)a * L->n_locs;
        if (!same) {
            float *dst_min = L->minutes + (size_t)a * L->n_locs;
            for (size_t j = 0; j < n; j++)
                dst_min[col[j]] = m->minutes[i * n + j];
            min = m->minutes + i * n;
        }
        count_row(L, (size_t)a, col, min, n);
    }
    free(col);
    return st;
}

static zl_status read_travel(zl_store *s, loader *L, zl_err *err)
{
    size_t cells = L->n_areas * L->n_locs + 1;
    L->minutes = malloc(cells * sizeof *L->minutes);
    L->area_rows = calloc(L->n_areas + 1, sizeof *L->area_rows);
    L->loc_rows = calloc(L->n_locs + 1, sizeof *L->loc_rows);
    if (!L->minutes || !L->area_rows || !L->loc_rows)
        return oom(err);
    if (zl_store_travel_method(s, &L->c->travel_method, err) != ZL_OK)
        return err->code;
    if (!L->c->travel_method)
        return zl_fail(err, ZL_EINPUT, "no travel times: run `zl travel build`");
    zl_travel_matrix m;
    bool found;
    if (zl_store_travel_matrix_get(s, false, &m, &found, err) != ZL_OK)
        return err->code;
    if (!found) /* rows written one by one (older databases, tests) */
        return zl_store_travel_scan(s, on_travel, L, err);
    zl_status st = take_compact(L, &m, err);
    zl_travel_matrix_clear(&m);
    return st;
}

/* Keeps the areas and locations with travel times and checks the matrix among them. */
static zl_status compact(loader *L, zl_err *err)
{
    zl_case *c = L->c;
    L->area_new = malloc((L->n_areas + 1) * sizeof *L->area_new);
    L->loc_new = malloc((L->n_locs + 1) * sizeof *L->loc_new);
    c->areas = malloc((L->n_areas + 1) * sizeof *c->areas);
    c->locations = calloc(L->n_locs + 1, sizeof *c->locations);
    if (!L->area_new || !L->loc_new || !c->areas || !c->locations)
        return oom(err);
    for (size_t a = 0; a < L->n_areas; a++) {
        L->area_new[a] = L->area_rows[a] ? (int32_t)c->n_areas : -1;
        if (L->area_rows[a])
            c->areas[c->n_areas++] = L->areas[a];
    }
    for (size_t l = 0; l < L->n_locs; l++) {
        L->loc_new[l] = L->loc_rows[l] ? (int32_t)c->n_locations : -1;
        if (L->loc_rows[l]) {
            c->locations[c->n_locations++] = L->locs[l];
            L->locs[l] = (zl_location){0}; /* moved */
        }
    }
    size_t cells = c->n_areas * c->n_locations;
    if (L->travel_rows != cells) {
        return zl_fail(err, ZL_EINPUT,
                       "travel matrix incomplete: %zu of %zu area-location pairs have a time: "
                       "run `zl travel build`",
                       L->travel_rows, cells);
    }
    if (c->n_areas == L->n_areas && c->n_locations == L->n_locs) { /* nothing left out */
        c->minutes = L->minutes;
        L->minutes = NULL;
        return ZL_OK;
    }
    c->minutes = malloc((cells + 1) * sizeof *c->minutes);
    if (!c->minutes)
        return oom(err);
    size_t k = 0;
    for (size_t a = 0; a < L->n_areas; a++)
        for (size_t l = 0; L->area_new[a] >= 0 && l < L->n_locs; l++)
            if (L->loc_new[l] >= 0)
                c->minutes[k++] = L->minutes[a * L->n_locs + l];
    return ZL_OK;
}

static zl_status on_flow(void *ctx, int32_t pc4, const char *location_id, int64_t patients,
                         bool synthetic, zl_err *err)
{
    loader *L = ctx;
    zl_case *c = L->c;
    L->flow_rows++;
    long a = find_area(L, pc4), l = find_location(L, location_id);
    if (a < 0 || l < 0 || L->area_new[a] < 0 || L->loc_new[l] < 0)
        return zl_fail(err, ZL_EINPUT,
                       "flows of %s: no travel time from pc4 %d to location '%s': run `zl "
                       "travel build`",
                       L->context, pc4, location_id);
    if (patients < 0 || patients > ZL_MAX_FLOW_PATIENTS)
        return zl_fail(err, ZL_EINPUT,
                       "flows of %s: %lld patients from pc4 %d to location '%s' in the database "
                       "is outside the plausible range 0..%d: re-import the flows",
                       L->context, (long long)patients, pc4, location_id, ZL_MAX_FLOW_PATIENTS);
    if (patients == 0)
        return ZL_OK;
    void *p = c->flows;
    if (zl_grow(&p, &L->cap_flows, c->n_flows + 1, sizeof *c->flows, err) != ZL_OK)
        return ZL_ENOMEM;
    c->flows = p;
    c->flows[c->n_flows++] = (zl_flow){(uint32_t)L->area_new[a], (uint32_t)L->loc_new[l], patients};
    c->synthetic |= synthetic;
    return ZL_OK;
}

/* One pass over the flows, the array grown as they come (on PostgreSQL a second pass to
 * count them first would be a second round trip and a second result set). */
static zl_status read_flows(zl_store *s, loader *L, zl_err *err)
{
    zl_case *c = L->c;
    if (zl_store_flows_each(s, c->intervention.code, c->year, on_flow, L, err) != ZL_OK)
        return err->code;
    if (L->flow_rows == 0)
        return zl_fail(err, ZL_EINPUT, "no patient flows for %s (import flows for that year)",
                       L->context);
    return ZL_OK;
}

static zl_status on_volume(void *ctx, const char *location_id, int year, int64_t count,
                           bool synthetic, zl_err *err)
{
    loader *L = ctx;
    /* A year without a volume record sums its flows, so the bound is the flows' bound
     * times the PC4 areas; anything above is corrupt. */
    if (count < 0 || count > (int64_t)ZL_MAX_FLOW_PATIENTS * 10000)
        return zl_fail(err, ZL_EINPUT,
                       "location '%s': volume %lld of %s in %d in the database is outside the "
                       "plausible range: re-import the volumes",
                       location_id, (long long)count, L->c->intervention.code, year);
    long l = find_location(L, location_id);
    if (l >= 0 && L->loc_new)
        l = L->loc_new[l];
    if (l < 0) {
        if (count == 0)
            return ZL_OK;
        return zl_fail(err, ZL_EINPUT,
                       "location '%s' has a volume of %s in %d but no travel times: run `zl "
                       "travel build`",
                       location_id, L->c->intervention.code, year);
    }
    L->volume_sum[l] += (double)count;
    L->c->volume_years[l]++;
    L->c->synthetic |= synthetic;
    return ZL_OK;
}

/* The windowed mean: years year-window+1 .. year, over the years that have a record. */
static zl_status read_volumes(zl_store *s, loader *L, zl_err *err)
{
    zl_case *c = L->c;
    size_t n = c->n_locations + 1;
    c->volume_mean = calloc(n, sizeof *c->volume_mean);
    c->volume_years = calloc(n, sizeof *c->volume_years);
    L->volume_sum = calloc(n, sizeof *L->volume_sum);
    if (!c->volume_mean || !c->volume_years || !L->volume_sum)
        return oom(err);
    int from = c->year - c->intervention.window_years + 1;
    if (zl_store_volumes_each(s, c->intervention.code, from, c->year, on_volume, L, err) != ZL_OK)
        return err->code;
    for (size_t l = 0; l < c->n_locations; l++)
        if (c->volume_years[l])
            c->volume_mean[l] = L->volume_sum[l] / c->volume_years[l];
    return ZL_OK;
}

static int region_index(const zl_case *c, const char *code)
{
    size_t lo = 0, hi = c->n_regions;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(c->region_codes[mid], code);
        if (cmp == 0)
            return (int)mid;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static zl_status on_member(void *ctx, int32_t pc4, const char *location_id, const char *code,
                           zl_err *err)
{
    loader *L = ctx;
    zl_case *c = L->c;
    int r = region_index(c, code);
    if (location_id) {
        long l = find_location(L, location_id);
        if (l >= 0 && L->loc_new[l] >= 0)
            c->location_region[L->loc_new[l]] = r;
    } else {
        long a = find_area(L, pc4);
        if (a >= 0 && L->area_new[a] >= 0)
            c->area_region[L->area_new[a]] = r;
    }
    return ZL_OK;
}

/* The stored spelling of a region layer (matched case-insensitively) into *out (caller
 * frees), or ZL_ENOTFOUND naming the layers there are. */
static zl_status layer_name(zl_store *s, const char *layer, char **out, zl_err *err)
{
    char **layers = NULL, valid[512] = "";
    size_t n = 0;
    if (zl_store_list_region_layers(s, &layers, &n, err) != ZL_OK)
        return err->code;
    *out = NULL;
    for (size_t i = 0; i < n && !*out; i++)
        if (strcasecmp(layers[i], layer) == 0 && !(*out = strdup(layers[i]))) {
            zl_strv_free(layers);
            return oom(err);
        }
    for (size_t i = 0; i < n; i++)
        snprintf(valid + strlen(valid), sizeof valid - strlen(valid), "%s%s", i ? ", " : "",
                 layers[i]);
    zl_strv_free(layers);
    if (*out)
        return ZL_OK;
    if (n == 0)
        return zl_fail(err, ZL_ENOTFOUND,
                       "unknown region layer '%s': none imported (zl import regions FILE)", layer);
    return zl_fail(err, ZL_ENOTFOUND, "unknown region layer '%s'; the layers are %s", layer, valid);
}

static zl_status read_regions(zl_store *s, loader *L, const char *layer_arg, zl_err *err)
{
    zl_case *c = L->c;
    if (layer_name(s, layer_arg, &c->region_layer, err) != ZL_OK)
        return err->code;
    const char *layer = c->region_layer;
    if (zl_store_region_codes(s, layer, &c->region_codes, &c->n_regions, err) != ZL_OK)
        return err->code;
    assert(c->n_regions > 0); /* the layer is listed because it has regions */
    c->area_region = malloc((c->n_areas + 1) * sizeof *c->area_region);
    c->location_region = malloc((c->n_locations + 1) * sizeof *c->location_region);
    if (!c->area_region || !c->location_region)
        return oom(err);
    for (size_t a = 0; a < c->n_areas; a++)
        c->area_region[a] = -1;
    for (size_t l = 0; l < c->n_locations; l++)
        c->location_region[l] = -1;
    return zl_store_region_members_each(s, layer, on_member, L, err);
}

static zl_status loader_init(zl_store *s, loader *L, const char *intervention, zl_err *err)
{
    if (!(L->c = calloc(1, sizeof *L->c)) ||
        !(L->area_of_pc4 = malloc(PC4_SLOTS * sizeof(int32_t))))
        return oom(err);
    for (size_t i = 0; i < PC4_SLOTS; i++)
        L->area_of_pc4[i] = -1;
    return zl_store_intervention_get(s, intervention, &L->c->intervention, err);
}

static zl_status load(zl_store *s, loader *L, const char *intervention, int year,
                      const char *region_layer, zl_err *err)
{
    if (loader_init(s, L, intervention, err) != ZL_OK)
        return err->code;
    zl_case *c = L->c;
    intervention = c->intervention.code; /* the stored spelling of a code given in any case */
    if (year <= 0 && zl_store_flow_latest_year(s, intervention, &year, err) != ZL_OK)
        return err->code;
    if (year <= 0)
        return zl_fail(err, ZL_EINPUT, "no patient flows for %s in any year (import flows)",
                       intervention);
    c->year = year;
    char context[128];
    snprintf(context, sizeof context, "%s in %d", intervention, year);
    L->context = context;
    if (zl_store_areas_each(s, on_area, L, err) != ZL_OK ||
        zl_store_locations_each(s, on_location, L, err) != ZL_OK ||
        read_travel(s, L, err) != ZL_OK || compact(L, err) != ZL_OK ||
        read_flows(s, L, err) != ZL_OK || read_volumes(s, L, err) != ZL_OK)
        return err->code;
    if (region_layer && read_regions(s, L, region_layer, err) != ZL_OK)
        return err->code;
    zl_case_build_near(c, 0);
    return ZL_OK;
}

zl_status zl_case_load(zl_store *s, const char *intervention, int year, const char *region_layer,
                       zl_case **out, zl_err *err)
{
    zl_err local;
    if (!err)
        err = &local;
    loader L = {0};
    zl_status st = load(s, &L, intervention, year, region_layer, err);
    zl_case *c = L.c;
    loader_free(&L);
    if (st != ZL_OK) {
        zl_case_free(c);
        return st;
    }
    *out = c;
    return ZL_OK;
}

static zl_status load_volumes(zl_store *s, loader *L, const char *intervention, int year,
                              zl_err *err)
{
    if (loader_init(s, L, intervention, err) != ZL_OK)
        return err->code;
    zl_case *c = L->c;
    intervention = c->intervention.code; /* the stored spelling of a code given in any case */
    if (year <= 0 && zl_store_volume_latest_year(s, intervention, &year, err) != ZL_OK)
        return err->code;
    if (year <= 0)
        return zl_fail(err, ZL_EINPUT, "no volumes or flows for %s in any year", intervention);
    c->year = year;
    /* Every location, indexed as in the location table (loc_new stays NULL). */
    if (zl_store_locations_each(s, on_location, L, err) != ZL_OK)
        return err->code;
    c->n_locations = L->n_locs;
    zl_status st = read_volumes(s, L, err);
    c->locations = L->locs; /* moved into the case, which frees them from now on */
    L->locs = NULL;
    L->n_locs = 0;
    return st;
}

zl_status zl_case_load_volumes(zl_store *s, const char *intervention, int year, zl_case **out,
                               zl_err *err)
{
    zl_err local;
    if (!err)
        err = &local;
    loader L = {0};
    zl_status st = load_volumes(s, &L, intervention, year, err);
    zl_case *c = L.c;
    loader_free(&L);
    if (st != ZL_OK) {
        zl_case_free(c);
        return st;
    }
    *out = c;
    return ZL_OK;
}
