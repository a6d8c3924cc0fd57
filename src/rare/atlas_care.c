/* The part of the finder's atlas that says how a patient is cared for (issue 16): the
 * ECZA networks of every disorder through the classification, the shared-care agreements
 * of a date (the links are built here, the table is kept with the date's register), and
 * the car minutes from every PC4 to the locations of centres and partners. All of it is
 * read once when the atlas is built, so an answer with a postcode costs two binary
 * searches and no store query (docs/rare-finder.md, docs/rare-networks.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rare_internal.h"
#include "zorglandschap/store_rare_network.h"
#include "zorglandschap/util.h"

struct atlas_care {
    atlas_table nets;  /* orpha, network_id, name, ern, coordinator, synthetic */
    atlas_links links; /* the networks of each index */
    zl_rows locs;      /* location ids of centres and partners, sorted */
    int32_t *areas;    /* every PC4 area, sorted */
    size_t nareas;
    int32_t *pcs; /* PC4s with travel times, sorted */
    size_t npc;
    float *min; /* npc * locs.n minutes; NAN where unknown */
};

const uint32_t *zl_atlas_links_of(const atlas_links *l, uint32_t i, size_t *n)
{
    *n = l->off ? l->off[i + 1] - l->off[i] : 0;
    return l->off ? l->row + l->off[i] : NULL;
}

void zl_atlas_links_free(atlas_links *l, atlas_table *t)
{
    free(l->off);
    free(l->row);
    *l = (atlas_links){0};
    zl_atlas_table_free(t);
}

/* Appends the direct rows of every ancestor of i (and of i) to row[*n...]; grows row. */
static zl_status collect_up(struct zl_rare_atlas *a, const atlas_rowspan *direct, uint32_t i,
                            uint32_t **row, size_t *n, size_t *cap, zl_err *err)
{
    uint32_t queue[512];
    size_t head = 0, tail = 0;
    zl_atlas_walk_begin(a);
    zl_atlas_visit(a, i);
    queue[tail++] = i;
    while (head < tail) {
        uint32_t at = queue[head++];
        for (uint32_t r = direct[at].from; r < direct[at].to; r++) {
            if (zl_grow((void **)row, cap, *n + 1, sizeof **row, err) != ZL_OK)
                return err->code;
            (*row)[(*n)++] = r;
        }
        size_t np;
        const uint32_t *p = zl_atlas_parents(a, at, &np);
        for (size_t k = 0; k < np && tail < 512; k++)
            if (zl_atlas_visit(a, p[k]))
                queue[tail++] = p[k];
    }
    return ZL_OK;
}

zl_status zl_atlas_links_build(struct zl_rare_atlas *a, zl_rows *r, atlas_table *t,
                               atlas_links *out, zl_err *err)
{
    *out = (atlas_links){0};
    atlas_rowspan *direct = NULL;
    size_t nidx = zl_atlas_size(a);
    zl_status rc = r->n ? zl_atlas_spans(a, r, &direct, err) : ZL_OK;
    size_t n = 0, cap = 0;
    if (rc == ZL_OK && r->n && !(out->off = calloc(nidx + 1, sizeof *out->off)))
        rc = zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t i = 0; rc == ZL_OK && r->n && i < nidx; i++) {
        rc = collect_up(a, direct, (uint32_t)i, &out->row, &n, &cap, err);
        out->off[i + 1] = (uint32_t)n;
    }
    free(direct);
    if (rc == ZL_OK)
        return zl_atlas_pack(r, t, err);
    zl_rows_free(r);
    zl_atlas_links_free(out, t);
    return rc;
}

const uint32_t *zl_atlas_networks(const atlas_care *c, uint32_t i, size_t *n, const atlas_table **t)
{
    *t = &c->nets;
    return zl_atlas_links_of(&c->links, i, n);
}

void zl_atlas_care_free(atlas_care *c)
{
    if (!c)
        return;
    zl_atlas_links_free(&c->links, &c->nets);
    zl_rows_free(&c->locs);
    free(c->areas);
    free(c->pcs);
    free(c->min);
    free(c);
}

static long find_loc(const atlas_care *c, const char *id)
{
    size_t lo = 0, hi = c->locs.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(c->locs.cell[mid], id);
        if (cmp == 0)
            return (long)mid;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static long find_pc4(const int32_t *v, size_t n, int32_t pc4)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < pc4)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && v[lo] == pc4 ? (long)lo : -1;
}

/* The PC4 areas, and the minutes from each PC4 with travel times to every care location. */
static zl_status load_travel(atlas_care *c, zl_store *s, zl_err *err)
{
    zl_rows areas = {0}, t = {0};
    zl_status rc = zl_rare_area_codes(s, &areas, err);
    if (rc == ZL_OK)
        rc = zl_rare_care_travel(s, &t, err);
    c->nareas = areas.n;
    if (rc == ZL_OK && !(c->areas = malloc((areas.n ? areas.n : 1) * sizeof *c->areas)))
        rc = zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t i = 0; rc == ZL_OK && i < areas.n; i++)
        c->areas[i] = (int32_t)zl_rows_int(&areas, i, 0);
    size_t npc = 0; /* distinct PC4s (rows come by pc4) */
    for (size_t i = 0; rc == ZL_OK && i < t.n; i++)
        npc += i == 0 || zl_rows_int(&t, i, 0) != zl_rows_int(&t, i - 1, 0);
    if (rc == ZL_OK && (!(c->pcs = malloc((npc ? npc : 1) * sizeof *c->pcs)) ||
                        !(c->min = malloc((npc * c->locs.n + 1) * sizeof *c->min))))
        rc = zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t k = 0; rc == ZL_OK && k < npc * c->locs.n; k++)
        c->min[k] = NAN;
    for (size_t i = 0; rc == ZL_OK && i < t.n; i++) {
        if (i == 0 || zl_rows_int(&t, i, 0) != zl_rows_int(&t, i - 1, 0))
            c->pcs[c->npc++] = (int32_t)zl_rows_int(&t, i, 0);
        long l = find_loc(c, zl_rows_get(&t, i, 1));
        double m = 0;
        if (l >= 0 && zl_parse_f64(zl_rows_get(&t, i, 2), &m))
            c->min[(c->npc - 1) * c->locs.n + (size_t)l] = (float)m;
    }
    zl_rows_free(&areas);
    zl_rows_free(&t);
    return rc;
}

zl_status zl_atlas_care_build(struct zl_rare_atlas *a, zl_store *s, atlas_care **out, zl_err *err)
{
    atlas_care *c = calloc(1, sizeof *c);
    if (!c)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    zl_rows nets = {0};
    zl_status rc = zl_rare_all_network_codes(s, &nets, err);
    if (rc == ZL_OK)
        rc = zl_atlas_links_build(a, &nets, &c->nets, &c->links, err);
    if (rc == ZL_OK)
        rc = zl_rare_care_locations(s, &c->locs, err);
    if (rc == ZL_OK)
        rc = load_travel(c, s, err);
    if (rc != ZL_OK) {
        zl_atlas_care_free(c);
        return rc;
    }
    *out = c;
    return ZL_OK;
}

zl_status zl_atlas_postcode(const atlas_care *c, int32_t pc4, const float **row, zl_err *err)
{
    if (find_pc4(c->areas, c->nareas, pc4) < 0)
        return zl_fail(err, ZL_EINPUT, "unknown postcode %04d (not a PC4 area)", (int)pc4);
    long at = find_pc4(c->pcs, c->npc, pc4);
    if (at < 0)
        return zl_fail(err, ZL_EINPUT, "no travel times from postcode %04d (zl travel build)",
                       (int)pc4);
    *row = c->min + (size_t)at * c->locs.n;
    return ZL_OK;
}

double zl_atlas_minutes(const atlas_care *c, const float *row, const char *location_id)
{
    long l = row && location_id ? find_loc(c, location_id) : -1;
    return l < 0 || isnan(row[l]) ? -1 : (double)row[l];
}
