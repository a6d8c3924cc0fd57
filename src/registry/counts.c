/* Registration counts as tables ready to publish: national counts deduplicated by
 * pseudonym (optionally rolled up to groups), per-location counts, and breakdowns of one
 * code by location, age band or region, each with suppression for the asking viewer. */
#include "zorglandschap/registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "registry_internal.h"
#include "zorglandschap/store_disclosure.h"
#include "zorglandschap/store_rare.h"
#include "zorglandschap/store_registry.h"

static const char *const age_bands[ZL_AGE_BANDS] = {"0-17", "18-39", "40-64", "65+"};

int zl_age_band(int age)
{
    return age < 18 ? 0 : age < 40 ? 1 : age < 65 ? 2 : 3;
}

const char *zl_age_band_name(int band)
{
    return band >= 0 && band < ZL_AGE_BANDS ? age_bands[band] : "?";
}

static zl_status add_row(zl_count_table *t, const char *key, const char *label,
                         const char *location_id, int64_t orpha, int64_t patients, zl_err *err)
{
    if (zl_grow((void **)&t->rows, &t->cap, t->n + 1, sizeof *t->rows, err) != ZL_OK)
        return ZL_ENOMEM;
    zl_count_row *r = &t->rows[t->n];
    memset(r, 0, sizeof *r);
    r->key = strdup(key);
    r->label = strdup(label ? label : "");
    r->location_id = location_id ? strdup(location_id) : NULL;
    r->orpha = orpha;
    r->patients = patients;
    r->national = -1;
    r->expected = r->expected_low = r->expected_high = -1;
    t->n++;
    if (!r->key || !r->label || (location_id && !r->location_id))
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    return ZL_OK;
}

void zl_count_table_free(zl_count_table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->rows[i].key);
        free(t->rows[i].label);
        free(t->rows[i].location_id);
    }
    free(t->rows);
    t->rows = NULL;
    t->n = t->cap = 0;
}

/* ---- collectors ---- */

static zl_status on_code(int64_t orpha, int64_t patients, void *ctx, zl_err *err)
{
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)orpha);
    return add_row(ctx, key, NULL, NULL, orpha, patients, err);
}

static zl_status on_location(const char *loc, const char *name, int64_t orpha, int64_t patients,
                             void *ctx, zl_err *err)
{
    zl_count_table *t = ctx;
    if (t->q.by == ZL_BY_LOCATION)
        return add_row(t, loc, name, loc, orpha, patients, err);
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)orpha);
    return add_row(t, key, NULL, loc, orpha, patients, err);
}

typedef struct breakdown {
    int ref_year;
    int64_t band[ZL_AGE_BANDS];
    int64_t total;
    /* regions: pc4 -> index into codes/names/counts */
    int region_of[10000];
    char **codes, **names;
    int64_t *counts;
    size_t nregions, cap;
    int64_t unknown;
} breakdown;

static zl_status on_patient_age(const zl_patient *p, void *ctx, zl_err *err)
{
    breakdown *b = ctx;
    b->band[zl_age_band(b->ref_year - p->birth_year)]++;
    b->total++;
    return ZL_OK;
}

static zl_status on_patient_region(const zl_patient *p, void *ctx, zl_err *err)
{
    breakdown *b = ctx;
    int pc4 = p->pc4;
    int k = pc4 >= 0 && pc4 < 10000 ? b->region_of[pc4] : -1;
    if (k >= 0)
        b->counts[k]++;
    else
        b->unknown++;
    b->total++;
    return ZL_OK;
}

static int region_index(breakdown *b, const char *code)
{
    for (size_t i = 0; i < b->nregions; i++)
        if (strcmp(b->codes[i], code) == 0)
            return (int)i;
    return -1;
}

/* The index of bin code (a region or a location), added with name when new. */
static zl_status bin_of(breakdown *b, const char *code, const char *name, int *out, zl_err *err)
{
    int k = region_index(b, code);
    if (k < 0) {
        size_t cap = b->cap;
        if (zl_grow((void **)&b->codes, &cap, b->nregions + 1, sizeof *b->codes, err) != ZL_OK)
            return ZL_ENOMEM;
        cap = b->cap;
        if (zl_grow((void **)&b->names, &cap, b->nregions + 1, sizeof *b->names, err) != ZL_OK)
            return ZL_ENOMEM;
        cap = b->cap;
        if (zl_grow((void **)&b->counts, &cap, b->nregions + 1, sizeof *b->counts, err) != ZL_OK)
            return ZL_ENOMEM;
        b->cap = cap;
        k = (int)b->nregions++;
        b->codes[k] = strdup(code);
        b->names[k] = strdup(name);
        b->counts[k] = 0;
        if (!b->codes[k] || !b->names[k])
            return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    *out = k;
    return ZL_OK;
}

static zl_status on_pc4_region(int pc4, const char *code, const char *name, void *ctx, zl_err *err)
{
    breakdown *b = ctx;
    int k;
    if (bin_of(b, code, name, &k, err) != ZL_OK)
        return err->code;
    if (pc4 >= 0 && pc4 < 10000)
        b->region_of[pc4] = k;
    return ZL_OK;
}

/* By location: each patient once, at the location of the latest contact (a patient seen
 * at two hospitals is one patient, as in the national count and the other breakdowns). */
static zl_status on_patient_location(const zl_patient *p, void *ctx, zl_err *err)
{
    breakdown *b = ctx;
    int k;
    if (bin_of(b, p->location_id ? p->location_id : "", p->location_name ? p->location_name : "",
               &k, err) != ZL_OK)
        return err->code;
    b->counts[k]++;
    b->total++;
    return ZL_OK;
}

static void breakdown_free(breakdown *b)
{
    for (size_t i = 0; i < b->nregions; i++) {
        free(b->codes[i]);
        free(b->names[i]);
    }
    free(b->codes);
    free(b->names);
    free(b->counts);
}

static zl_status by_age(zl_store *s, zl_count_table *t, zl_err *err)
{
    breakdown b = {.ref_year = t->q.ref_year};
    zl_status st = zl_store_registry_patients(s, t->q.code, t->q.rollup, on_patient_age, &b, err);
    for (int i = 0; st == ZL_OK && i < ZL_AGE_BANDS; i++)
        st = add_row(t, age_bands[i], NULL, NULL, t->q.code, b.band[i], err);
    t->has_total = true;
    t->total = b.total;
    return st;
}

static zl_status by_region(zl_store *s, zl_count_table *t, zl_err *err)
{
    breakdown *b = calloc(1, sizeof *b);
    if (!b)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    for (int i = 0; i < 10000; i++)
        b->region_of[i] = -1;
    zl_status st = zl_store_registry_pc4_regions(s, t->q.layer, on_pc4_region, b, err);
    if (st == ZL_OK && b->nregions == 0)
        st = zl_fail(err, ZL_ENOTFOUND, "region layer '%s' has no areas", t->q.layer);
    if (st == ZL_OK)
        st = zl_store_registry_patients(s, t->q.code, t->q.rollup, on_patient_region, b, err);
    for (size_t i = 0; st == ZL_OK && i < b->nregions; i++)
        st = add_row(t, b->codes[i], b->names[i], NULL, t->q.code, b->counts[i], err);
    if (st == ZL_OK)
        st = add_row(t, "unknown", "residence outside the layer", NULL, t->q.code, b->unknown, err);
    t->has_total = true;
    t->total = b->total;
    breakdown_free(b);
    free(b);
    return st;
}

/* Bin indices ordered by code (a few hundred locations at most: insertion sort). */
static void order_bins(const breakdown *b, int *order)
{
    for (size_t i = 0; i < b->nregions; i++) {
        size_t k = i;
        for (; k > 0 && strcmp(b->codes[order[k - 1]], b->codes[i]) > 0; k--)
            order[k] = order[k - 1];
        order[k] = (int)i;
    }
}

static zl_status by_location(zl_store *s, zl_count_table *t, zl_err *err)
{
    breakdown *b = calloc(1, sizeof *b);
    if (!b)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    zl_status st =
        zl_store_registry_patients(s, t->q.code, t->q.rollup, on_patient_location, b, err);
    int *order = st == ZL_OK ? malloc((b->nregions + 1) * sizeof *order) : NULL;
    if (st == ZL_OK && !order)
        st = zl_fail(err, ZL_ENOMEM, "out of memory");
    if (st == ZL_OK)
        order_bins(b, order);
    for (size_t i = 0; st == ZL_OK && i < b->nregions; i++) {
        int k = order[i];
        st = add_row(t, b->codes[k], b->names[k], b->codes[k], t->q.code, b->counts[k], err);
    }
    t->has_total = true;
    t->total = b->total;
    free(order);
    breakdown_free(b);
    free(b);
    return st;
}

static zl_status national_of(zl_store *s, int64_t code, bool rollup, int64_t *n, zl_err *err);

/* ---- suppression and rounding ---- */

/* The name of what a row counts, for the cell key: the same patients are named the same
 * in every table (a code's national count, the total of its breakdowns, its roll-up when
 * that adds nobody), so every answer rounds them alike. */
static void cell_name(const zl_count_table *t, const zl_count_row *r, char *buf, size_t n)
{
    long long code = (long long)r->orpha;
    if (t->q.by == ZL_BY_LOCATION && !t->q.location) /* each patient once, latest contact */
        snprintf(buf, n, "registry/bylocation/%lld/%s/%d", code,
                 r->location_id ? r->location_id : "", t->q.rollup);
    else if (r->location_id)
        snprintf(buf, n, "registry/location/%lld/%s", code, r->location_id);
    else if (t->q.by == ZL_BY_AGE)
        snprintf(buf, n, "registry/age/%lld/%d/%s/%d", code, t->q.ref_year, r->key, t->q.rollup);
    else if (t->q.by == ZL_BY_REGION)
        snprintf(buf, n, "registry/region/%lld/%s/%s/%d", code, t->q.layer, r->key, t->q.rollup);
    else
        snprintf(buf, n, "registry/patients/%lld", code);
}

/* Publishes a code's national count in place: *state and *rounded say how; a suppressed
 * count keeps its exact value (it is never output). */
static void publish_national(const zl_disclosure *d, int64_t orpha, int64_t *count,
                             zl_cell_state *state, bool *rounded)
{
    char cell[64];
    snprintf(cell, sizeof cell, "registry/patients/%lld", (long long)orpha);
    int64_t shown;
    *state = zl_cellkey_publish(d, cell, *count, &shown);
    *rounded = *state == ZL_CELL_SHOWN && shown != 0;
    if (*state == ZL_CELL_SHOWN)
        *count = shown;
}

/* Replaces the counts the viewer may not see exactly by their published values. */
static zl_status round_hidden(zl_store *s, zl_count_table *t, const bool *visible, zl_err *err)
{
    zl_disclosure d;
    if (zl_store_disclosure_key(s, &d, err) != ZL_OK)
        return err->code;
    char cell[160];
    for (size_t i = 0; i < t->n; i++) {
        zl_count_row *r = &t->rows[i];
        if (visible[i] || r->state != ZL_CELL_SHOWN)
            continue;
        cell_name(t, r, cell, sizeof cell);
        zl_cellkey_publish(&d, cell, r->patients, &r->patients);
        r->rounded = r->patients != 0;
    }
    if (t->has_total && !zl_may_see_unsuppressed(&t->q.viewer, NULL))
        publish_national(&d, t->q.code, &t->total, &t->total_state, &t->total_rounded);
    return ZL_OK;
}

static zl_status suppress(zl_store *s, zl_count_table *t, zl_err *err)
{
    int64_t *cells = calloc(t->n ? t->n : 1, sizeof *cells);
    bool *visible = calloc(t->n ? t->n : 1, sizeof *visible);
    zl_cell_state *state = calloc(t->n ? t->n : 1, sizeof *state);
    if (!cells || !visible || !state) {
        free(cells);
        free(visible);
        free(state);
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < t->n; i++) {
        cells[i] = t->rows[i].patients;
        visible[i] = zl_may_see_unsuppressed(&t->q.viewer, t->rows[i].location_id);
    }
    if (t->has_total) {
        zl_suppress_for_viewer(cells, visible, t->n, state);
    } else {
        /* A list of codes has no total: overlapping codes do not add up to anything. */
        for (size_t i = 0; i < t->n; i++)
            state[i] =
                visible[i] || !zl_suppress_primary(cells[i]) ? ZL_CELL_SHOWN : ZL_CELL_PRIMARY;
    }
    for (size_t i = 0; i < t->n; i++)
        t->rows[i].state = state[i];
    bool total_visible = zl_may_see_unsuppressed(&t->q.viewer, NULL);
    t->total_state =
        !total_visible && zl_suppress_primary(t->total) ? ZL_CELL_PRIMARY : ZL_CELL_SHOWN;
    zl_status st = round_hidden(s, t, visible, err);
    free(cells);
    free(visible);
    free(state);
    return st;
}

/* With a location filter every row also carries the code's national count (public). */
static zl_status add_national(zl_store *s, zl_count_table *t, zl_err *err)
{
    bool admin = zl_may_see_unsuppressed(&t->q.viewer, NULL);
    zl_disclosure d;
    if (!admin && zl_store_disclosure_key(s, &d, err) != ZL_OK)
        return err->code;
    for (size_t i = 0; i < t->n; i++) {
        zl_count_row *r = &t->rows[i];
        if (national_of(s, r->orpha, false, &r->national, err) != ZL_OK)
            return err->code;
        r->national_state = ZL_CELL_SHOWN;
        if (r->national < 0) { /* suppressed by the database (acting for a location) */
            r->national = 0;
            r->national_state = ZL_CELL_PRIMARY;
        } else if (!admin)
            publish_national(&d, r->orpha, &r->national, &r->national_state, &r->national_rounded);
    }
    return ZL_OK;
}

static zl_status take_one(int64_t orpha, int64_t patients, void *ctx, zl_err *err)
{
    *(int64_t *)ctx = patients;
    return ZL_OK;
}

static zl_status national_of(zl_store *s, int64_t code, bool rollup, int64_t *n, zl_err *err)
{
    *n = 0;
    return rollup ? zl_store_registry_rollup(s, code, take_one, n, err)
                  : zl_store_registry_national(s, code, take_one, n, err);
}

int zl_registry_public_ref_year(void)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    return tm.tm_year + 1900;
}

static zl_status check_query(const zl_count_query *q, zl_err *err)
{
    /* Age bands for any other reference year would differ from the public ones by the
     * birth cohorts that changed band: a sweep over years recovers counts per year of
     * birth. Only the holder, who sees exact counts anyway, may choose the year. */
    int pub = zl_registry_public_ref_year();
    if (q->by == ZL_BY_AGE && q->ref_year != pub && !zl_may_see_unsuppressed(&q->viewer, NULL))
        return zl_fail(err, ZL_EINPUT,
                       "public age tables have one fixed reference date, 1 January %d; "
                       "another reference year (%d) needs the registry holder's exact view "
                       "(docs/privacy.md)",
                       pub, q->ref_year);
    if (q->by != ZL_BY_CODE && q->code < 0)
        return zl_fail(err, ZL_EINPUT, "a breakdown by location, age or region needs a code");
    if (q->by == ZL_BY_REGION && (!q->layer || !*q->layer))
        return zl_fail(err, ZL_EINPUT, "a breakdown by region needs a region layer");
    if (q->location && q->by != ZL_BY_CODE)
        return zl_fail(err, ZL_EINPUT, "a location's own view lists codes; it has no breakdown");
    if (q->location && q->rollup)
        return zl_fail(err, ZL_EINPUT, "roll-up counts are national; drop the location");
    return ZL_OK;
}

/* An unknown code is an error, not an empty table. */
static zl_status known_code(zl_store *s, int64_t code, zl_err *err)
{
    zl_rows d = {0};
    if (zl_rare_get_disorder(s, code, &d, err) != ZL_OK)
        return err->code;
    size_t n = d.n;
    zl_rows_free(&d);
    if (n == 0)
        return zl_fail(err, ZL_ENOTFOUND, "ORPHA:%lld is not in the nomenclature", (long long)code);
    return ZL_OK;
}

zl_status zl_registry_counts(zl_store *s, const zl_count_query *q, zl_count_table *t, zl_err *err)
{
    memset(t, 0, sizeof *t);
    t->q = *q;
    if (check_query(q, err) != ZL_OK)
        return ZL_EINPUT;
    zl_status st;
    if (q->code >= 0 && (st = known_code(s, q->code, err)) != ZL_OK)
        return st;
    if (q->location)
        st = zl_store_registry_per_location(s, q->location, q->code, on_location, t, err);
    else if (q->by == ZL_BY_LOCATION)
        st = by_location(s, t, err);
    else if (q->by == ZL_BY_AGE)
        st = by_age(s, t, err);
    else if (q->by == ZL_BY_REGION)
        st = by_region(s, t, err);
    else if (q->rollup && q->code < 0)
        st = zl_registry_rollup_all(s, on_code, t, err);
    else if (q->rollup)
        st = zl_store_registry_rollup(s, q->code, on_code, t, err);
    else
        st = zl_store_registry_national(s, q->code, on_code, t, err);
    if (st == ZL_OK && q->location)
        st = add_national(s, t, err);
    if (st == ZL_OK && q->by == ZL_BY_CODE)
        st = zl_registry_add_names_and_expected(s, t, err);
    if (st == ZL_OK)
        st = suppress(s, t, err);
    if (st == ZL_OK)
        st = zl_store_registry_synthetic(s, &t->synthetic, err);
    if (st != ZL_OK)
        zl_count_table_free(t);
    return st;
}
