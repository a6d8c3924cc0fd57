/* The reachability analysis on a loaded case: per area the chain dispatch + response +
 * on scene + transport to the nearest open location, inhabitants beyond the norm in
 * total, per municipality and per province, the car measure, and the sensitivity of
 * every open location from the nearest and second-nearest location of each area (one
 * pass: closing location j only moves the areas whose nearest it is to their second). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "acute_internal.h"

void zl_acute_result_free(zl_acute_result *r)
{
    if (!r)
        return;
    free(r->locations);
    free(r->areas);
    free(r->municipalities);
    free(r->provinces);
    free(r->sensitive);
    *r = (zl_acute_result){0};
}

static zl_status mark_closed(const zl_acute_case *c, const char *const *close, size_t n,
                             zl_acute_result *r, zl_err *err)
{
    for (size_t k = 0; k < n; k++) {
        int j = acute_location_index(c, close[k]);
        if (j < 0)
            return zl_fail(err, ZL_EINPUT, "location '%.60s' does not have the function %s on %s",
                           close[k], c->function, c->date);
        r->n_closed += !r->locations[j].closed;
        r->locations[j].closed = true;
    }
    return ZL_OK;
}

/* Nearest and second-nearest open location of area i by ambulance; nearest by car. */
static void nearest(const zl_acute_case *c, const zl_acute_location *L, size_t i, int *b1,
                    double *t1, double *t2, double *car)
{
    const double *a = c->amb + i * c->nl, *k = c->car + i * c->nl;
    *b1 = -1;
    *t1 = *t2 = *car = INFINITY;
    for (size_t j = 0; j < c->nl; j++) {
        if (L[j].closed)
            continue;
        double t = a[j];
        if (t < *t1) {
            *t2 = *t1;
            *t1 = t;
            *b1 = (int)j;
        } else if (t < *t2) {
            *t2 = t;
        }
        if (k[j] < *car)
            *car = k[j];
    }
}

static void area_pass(const zl_acute_case *c, const zl_acute_model *m, zl_acute_result *r)
{
    double fixed = m->dispatch_min + m->on_scene_min;
    for (size_t i = 0; i < c->na; i++) {
        int b;
        double t1, t2, car;
        nearest(c, r->locations, i, &b, &t1, &t2, &car);
        zl_acute_area_result *a = &r->areas[i];
        int64_t pop = c->areas[i].population;
        *a = (zl_acute_area_result){.pc4 = c->areas[i].pc4,
                                    .population = pop,
                                    .response = c->response[i],
                                    .transport = t1,
                                    .total = fixed + c->response[i] + t1,
                                    .car = car,
                                    .nearest = b};
        bool beyond = !(a->total <= m->minutes), car_beyond = !(car <= m->car_minutes);
        zl_acute_region *mu = &r->municipalities[c->area_mun[i]];
        zl_acute_region *pr = &r->provinces[c->area_prov[i]];
        r->population_total += pop;
        mu->population += pop;
        pr->population += pop;
        if (beyond) {
            r->population_beyond += pop;
            mu->population_beyond += pop;
            pr->population_beyond += pop;
        }
        if (car_beyond) {
            r->car_beyond += pop;
            mu->car_beyond += pop;
            pr->car_beyond += pop;
        }
        if (b >= 0) {
            r->locations[b].served += pop;
            /* Within the norm now, beyond it once b closes too. */
            if (!beyond && !(fixed + c->response[i] + t2 <= m->minutes))
                r->locations[b].increase += pop;
        }
    }
}

static int by_beyond(const void *x, const void *y)
{
    const zl_acute_region *a = x, *b = y;
    if (a->population_beyond != b->population_beyond)
        return a->population_beyond > b->population_beyond ? -1 : 1;
    return strcmp(a->name, b->name);
}

/* Keeps the municipalities with anyone beyond the norm, most beyond first. */
static void keep_beyond(zl_acute_result *r)
{
    size_t k = 0;
    for (size_t i = 0; i < r->n_municipalities; i++)
        if (r->municipalities[i].population_beyond > 0)
            r->municipalities[k++] = r->municipalities[i];
    r->n_municipalities = k;
    qsort(r->municipalities, k, sizeof *r->municipalities, by_beyond);
}

/* Sorting the sensitive locations needs the location array: a small insertion sort over
 * indexes (at most a few hundred locations) keeps it free of global state. */
static void sort_sensitive(zl_acute_result *r)
{
    for (size_t i = 1; i < r->n_sensitive; i++) {
        size_t v = r->sensitive[i], j = i;
        while (j > 0) {
            const zl_acute_location *a = &r->locations[r->sensitive[j - 1]], *b = &r->locations[v];
            if (a->increase > b->increase ||
                (a->increase == b->increase && strcmp(a->id, b->id) < 0))
                break;
            r->sensitive[j] = r->sensitive[j - 1];
            j--;
        }
        r->sensitive[j] = v;
    }
}

static zl_status alloc_result(const zl_acute_case *c, zl_acute_result *r, zl_err *err)
{
    r->locations = calloc(c->nl + 1, sizeof *r->locations);
    r->areas = calloc(c->na + 1, sizeof *r->areas);
    r->municipalities = calloc(c->n_mun + 1, sizeof *r->municipalities);
    r->provinces = calloc(c->n_prov + 1, sizeof *r->provinces);
    r->sensitive = calloc(c->nl + 1, sizeof *r->sensitive);
    if (!r->locations || !r->areas || !r->municipalities || !r->provinces || !r->sensitive)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    r->n_locations = c->nl;
    r->n_areas = c->na;
    r->n_municipalities = c->n_mun;
    r->n_provinces = c->n_prov;
    r->n_posts = c->np;
    for (size_t j = 0; j < c->nl; j++)
        r->locations[j] = (zl_acute_location){.id = c->locs[j].id,
                                              .name = c->locs[j].name,
                                              .lat = c->locs[j].lat,
                                              .lon = c->locs[j].lon};
    for (size_t k = 0; k < c->n_mun; k++)
        r->municipalities[k] =
            (zl_acute_region){.name = c->mun[k], .province = c->prov[c->mun_prov[k]]};
    for (size_t k = 0; k < c->n_prov; k++)
        r->provinces[k] = (zl_acute_region){.name = c->prov[k]};
    return ZL_OK;
}

zl_status zl_acute_reach(const zl_acute_case *c, const zl_acute_model *m, const char *const *close,
                         size_t n_close, zl_acute_result *out, zl_err *err)
{
    *out = (zl_acute_result){.c = c, .model = *m};
    if (!(m->minutes > 0 && m->car_minutes > 0 && m->dispatch_min >= 0 && m->on_scene_min >= 0))
        return zl_fail(err, ZL_EINPUT, "norm minutes must be positive, chain minutes >= 0");
    zl_status st = alloc_result(c, out, err);
    if (st == ZL_OK)
        st = mark_closed(c, close, n_close, out, err);
    if (st != ZL_OK) {
        zl_acute_result_free(out);
        return st;
    }
    area_pass(c, m, out);
    keep_beyond(out);
    for (size_t j = 0; j < c->nl; j++)
        if (!out->locations[j].closed && out->locations[j].increase > 0)
            out->sensitive[out->n_sensitive++] = j;
    sort_sensitive(out);
    return ZL_OK;
}
