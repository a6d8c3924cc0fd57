/* Mitigation of a region that breaks a threshold (docs/assess.md, "Mitigation"):
 * the smallest set of stopping locations to keep as exceptions that makes the region
 * acceptable, by exhaustive search over sets of increasing size with two prunings, and
 * the optimiser's alternative choice of locations assessed under the same rule.
 *
 * Candidates: the stopping locations that displace the region's residents, lie in it or
 * are within 45 minutes of one of its areas newly beyond 45 minutes, ranked by the region's
 * residents they displace (most first, then case order), at most ASSESS_MAX_CANDIDATES. Prunings:
 * (1) keeping every candidate is evaluated first; when a threshold that can only improve by keeping
 * more (new inhabitants beyond 45, networks without a location, threatened services) is still
 * broken, no subset can help and the search stops; (2) a set whose locations do not bring enough
 * newly-beyond inhabitants back within 45 minutes is skipped without evaluation (exact: keeping a
 * set adds exactly its locations to the open ones). Among the sets of the smallest size the first
 * in rank order is reported. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess_internal.h"
#include "zorglandschap/optimise.h"

#define ASSESS_MAX_CANDIDATES  16
#define ASSESS_MAX_EVALUATIONS 300 /* per region: bounds a request (about 1-2 s) */

typedef struct cand {
    uint32_t loc;
    double displaced;
} cand;

static int cand_cmp(const void *x, const void *y)
{
    const cand *a = x, *b = y;
    if (a->displaced != b->displaced)
        return a->displaced > b->displaced ? -1 : 1;
    return a->loc < b->loc ? -1 : a->loc > b->loc;
}

/* The search state of one region. */
typedef struct search {
    const zl_assess *a;
    const zl_assess_opts *o;
    int32_t region;
    cand cands[ASSESS_MAX_CANDIDATES];
    size_t n;
    /* Newly-beyond areas of the region (case indices) and their population. */
    uint32_t *new_areas;
    size_t n_new;
    bool check_cover;
} search;

/* Pruning 2: the newly-beyond areas (only when that threshold is broken). */
static zl_status find_new_areas(search *s, const zl_assess_region *g, zl_err *err)
{
    const zl_case *c = s->a->c;
    const zl_assess_thresholds *t = &s->a->thresholds;
    s->check_cover = t->enabled[ZL_TH_NEW_BEYOND_45] &&
                     (double)g->patients.new_beyond_45 > t->max[ZL_TH_NEW_BEYOND_45];
    if (!s->check_cover)
        return ZL_OK;
    s->new_areas = malloc((g->patients.n_pc4_new_beyond_45 + 1) * sizeof *s->new_areas);
    if (!s->new_areas)
        return zl_fail(err, ZL_ENOMEM, "out of memory in the mitigation search");
    for (size_t i = 0, a = 0; i < g->patients.n_pc4_new_beyond_45; i++) {
        while (a < c->n_areas && c->areas[a].pc4 < g->patients.pc4_new_beyond_45[i])
            a++;
        if (a < c->n_areas)
            s->new_areas[s->n_new++] = (uint32_t)a;
    }
    return ZL_OK;
}

/* Whether stopping location l is within 45 minutes of a newly-beyond area. */
static bool near_new_area(const search *s, uint32_t l)
{
    for (size_t i = 0; i < s->n_new; i++)
        if (zl_case_minutes(s->a->c, s->new_areas[i], l) <= 45.0f)
            return true;
    return false;
}

/* Whether the options stop location l whatever its volume (the user's choice, not the
 * norm's: no exception for it). */
static bool stopped_by_choice(const zl_assess_opts *o, const zl_case *c, uint32_t l)
{
    for (size_t i = 0; i < o->n_stop; i++)
        if (strcmp(o->stop[i], c->locations[l].id) == 0)
            return true;
    return false;
}

/* The candidates: stopping locations that displace the region's residents, lie in the
 * region or are within 45 minutes of one of its newly-beyond areas, unless stopped by
 * choice; ranked. */
static zl_status find_candidates(search *s, zl_err *err)
{
    const zl_assess *a = s->a;
    const zl_case *c = a->c;
    double *disp = calloc(c->n_locations + 1, sizeof *disp);
    cand *all = malloc((a->n_locations + 1) * sizeof *all);
    zl_impact_detail d = {0};
    zl_status st = disp && all ? zl_impact_detail_get(a->impact, &d, err)
                               : zl_fail(err, ZL_ENOMEM, "out of memory in the mitigation search");
    for (size_t i = 0; st == ZL_OK && i < d.n_moves; i++)
        if (d.moves[i].from != d.moves[i].to && assess_area_in(c, d.moves[i].area, s->region))
            disp[d.moves[i].from] += d.moves[i].patients;
    size_t n = 0;
    for (size_t i = 0; st == ZL_OK && i < a->n_locations; i++) {
        const zl_assess_location *x = &a->locations[i];
        bool here = s->region < 0 || x->region == s->region;
        if (x->status == ZL_LOC_STOPS && !stopped_by_choice(s->o, c, x->location) &&
            (disp[x->location] > 0 || here || near_new_area(s, x->location)))
            all[n++] = (cand){x->location, disp[x->location]};
    }
    if (n > 0)
        qsort(all, n, sizeof *all, cand_cmp);
    s->n = n < ASSESS_MAX_CANDIDATES ? n : ASSESS_MAX_CANDIDATES;
    if (s->n > 0)
        memcpy(s->cands, all, s->n * sizeof *all);
    zl_impact_detail_clear(&d);
    free(all);
    free(disp);
    return st;
}

/* Whether the set leaves at most the allowed newly-beyond inhabitants. */
static bool covers(const search *s, const size_t *set, size_t k)
{
    if (!s->check_cover)
        return true;
    const zl_case *c = s->a->c;
    double left = 0;
    for (size_t i = 0; i < s->n_new; i++) {
        bool near = false;
        for (size_t j = 0; j < k && !near; j++)
            near = zl_case_minutes(c, s->new_areas[i], s->cands[set[j]].loc) <= 45.0f;
        left += near ? 0 : (double)c->areas[s->new_areas[i]].population;
    }
    return left <= s->a->thresholds.max[ZL_TH_NEW_BEYOND_45] + 1e-9;
}

/* Evaluates keeping the set; *ok when the region is then acceptable. */
static zl_status try_set(search *s, const size_t *set, size_t k, zl_assess_region *out, bool *ok,
                         zl_err *err)
{
    uint32_t keep[ASSESS_MAX_CANDIDATES];
    for (size_t j = 0; j < k; j++)
        keep[j] = s->cands[set[j]].loc;
    zl_assess *b = NULL;
    zl_status st = assess_scenario(s->a->c, s->a->in, s->o, keep, k, NULL, 0, s->region, &b, err);
    if (st != ZL_OK)
        return st;
    const zl_assess_region *g = s->region < 0 ? &b->national : &b->regions[s->region];
    *ok = g->acceptable;
    if (out) {
        out->n_breaches = g->n_breaches;
        memcpy(out->breaches, g->breaches, sizeof g->breaches);
    }
    zl_assess_free(b);
    return ZL_OK;
}

static bool monotone(zl_threshold_key k)
{
    return k == ZL_TH_NEW_BEYOND_45 || k == ZL_TH_NETWORKS_WITHOUT ||
           k == ZL_TH_SERVICES_THREATENED;
}

/* Pruning 1: keeping every candidate. false (with a note) when no subset can help. */
static zl_status try_all(search *s, zl_assess_mitigation *m, bool *go_on, zl_err *err)
{
    size_t set[ASSESS_MAX_CANDIDATES];
    zl_assess_region g = {0};
    bool ok;
    for (size_t j = 0; j < s->n; j++)
        set[j] = j;
    zl_status st = try_set(s, set, s->n, &g, &ok, err);
    m->evaluated++;
    *go_on = true;
    for (size_t i = 0; st == ZL_OK && i < g.n_breaches; i++)
        if (monotone(g.breaches[i].key)) {
            snprintf(m->note, sizeof m->note,
                     "keeping all %zu candidates still breaks %s: no set of them can remove"
                     " the breach",
                     s->n, zl_threshold_name(g.breaches[i].key));
            *go_on = false;
        }
    return st;
}

/* Advances set (k indices out of n, ascending) to the next combination; false at the end. */
static bool next_combination(size_t *set, size_t k, size_t n)
{
    size_t i = k;
    while (i-- > 0)
        if (set[i] < n - k + i) {
            set[i]++;
            for (size_t j = i + 1; j < k; j++)
                set[j] = set[j - 1] + 1;
            return true;
        }
    return false;
}

static zl_status found_set(zl_assess_mitigation *m, const search *s, const size_t *set, size_t k,
                           zl_err *err)
{
    if (!(m->keep = malloc((k + 1) * sizeof *m->keep)))
        return zl_fail(err, ZL_ENOMEM, "out of memory in the mitigation search");
    for (size_t j = 0; j < k; j++)
        m->keep[j] = s->cands[set[j]].loc;
    m->n_keep = k;
    m->found = true;
    return ZL_OK;
}

static zl_status enumerate(search *s, zl_assess_mitigation *m, zl_err *err)
{
    size_t set[ASSESS_MAX_CANDIDATES];
    for (size_t k = 1; k <= m->max_keep && k <= s->n; k++) {
        for (size_t j = 0; j < k; j++)
            set[j] = j;
        do {
            if (!covers(s, set, k))
                continue;
            if (m->evaluated >= ASSESS_MAX_EVALUATIONS) {
                snprintf(m->note, sizeof m->note, "stopped after %d evaluations",
                         ASSESS_MAX_EVALUATIONS);
                return ZL_OK;
            }
            bool ok;
            zl_status st = try_set(s, set, k, NULL, &ok, err);
            m->evaluated++;
            if (st != ZL_OK)
                return st;
            if (ok)
                return found_set(m, s, set, k, err);
        } while (next_combination(set, k, s->n));
    }
    snprintf(m->note, sizeof m->note,
             "no set of at most %zu of the %zu candidates removes the"
             " breach",
             m->max_keep, s->n);
    return ZL_OK;
}

static zl_status search_region(const zl_assess *a, const zl_assess_opts *o, zl_assess_region *g,
                               zl_err *err)
{
    zl_assess_mitigation *m = &g->mitigation;
    search s = {.a = a, .o = o, .region = g->index};
    m->searched = true;
    m->max_keep = o->max_keep ? o->max_keep : 3;
    zl_status st = find_new_areas(&s, g, err);
    if (st == ZL_OK)
        st = find_candidates(&s, err);
    m->n_candidates = s.n;
    bool go_on = s.n > 0;
    if (s.n == 0)
        snprintf(m->note, sizeof m->note, "no stopping location serves the region");
    if (st == ZL_OK && go_on)
        st = try_all(&s, m, &go_on, err);
    if (st == ZL_OK && go_on)
        st = enumerate(&s, m, err);
    free(s.new_areas);
    return st;
}

/* The optimiser's choice, assessed under the options' rule. */
typedef struct alternative {
    zl_assess *b;   /* NULL when there is none (note says why) */
    uint32_t *open; /* the answer's open locations */
    size_t n_open;
    char note[256];
} alternative;

/* The optimiser's choice (heuristic, objective total minutes, one location per region when
 * there is a layer; its lower bound is not needed here; tens of ms on the whole country,
 * run once per assessment). */
static zl_status optimiser_choice(const zl_assess *a, const zl_assess_opts *o, alternative *alt,
                                  zl_err *err)
{
    const zl_case *c = a->c;
    zl_optimise_opts oo = {.norm = o->norm,
                           .keep = o->keep,
                           .n_keep = o->n_keep,
                           .exclude = o->stop,
                           .n_exclude = o->n_stop,
                           .min_per_region = c->region_layer != NULL,
                           .objective = ZL_OBJ_TOTAL,
                           .method = ZL_OPT_HEURISTIC,
                           .inputs = o->alloc,
                           .no_bound = true};
    zl_optimise_result *res = NULL;
    zl_err oe = {0};
    uint32_t *stop = malloc((c->n_locations + 1) * sizeof *stop);
    alt->open = malloc((c->n_locations + 1) * sizeof *alt->open);
    size_t ns = 0;
    if (!stop || !alt->open) {
        free(stop);
        return zl_fail(err, ZL_ENOMEM, "out of memory in the mitigation search");
    }
    if (zl_optimise_solve(c, &oo, &res, &oe) == ZL_OK) {
        for (size_t l = 0; l < c->n_locations; l++) {
            if (res->open[l])
                alt->open[alt->n_open++] = (uint32_t)l;
            else if (res->candidate[l])
                stop[ns++] = (uint32_t)l;
        }
        if (assess_scenario(c, a->in, o, alt->open, alt->n_open, stop, ns, -1, &alt->b, &oe) !=
            ZL_OK)
            snprintf(alt->note, sizeof alt->note,
                     "the optimiser's choice could not be assessed: %.180s", oe.msg);
    } else {
        snprintf(alt->note, sizeof alt->note, "the optimiser found no answer: %.200s", oe.msg);
    }
    zl_optimise_free(res);
    free(stop);
    return ZL_OK;
}

/* Records the alternative's verdict for a region that needs mitigation, with the answer's
 * open locations that lie in it (all of them for the nation). */
static zl_status record_alternative(const zl_case *c, const alternative *alt, zl_assess_region *g,
                                    zl_err *err)
{
    zl_assess_mitigation *m = &g->mitigation;
    if (g->acceptable)
        return ZL_OK;
    if (!alt->b) {
        snprintf(m->optimiser_note, sizeof m->optimiser_note, "%s", alt->note);
        return ZL_OK;
    }
    const zl_assess_region *h = g->index < 0 ? &alt->b->national : &alt->b->regions[g->index];
    m->optimiser_run = true;
    m->optimiser_acceptable = h->acceptable;
    m->n_optimiser_breaches = h->n_breaches;
    memcpy(m->optimiser_breaches, h->breaches, sizeof h->breaches);
    if (!(m->optimiser_open = malloc((alt->n_open + 1) * sizeof *m->optimiser_open)))
        return zl_fail(err, ZL_ENOMEM, "out of memory in the mitigation search");
    for (size_t j = 0; j < alt->n_open; j++)
        if (g->index < 0 || (c->location_region && c->location_region[alt->open[j]] == g->index))
            m->optimiser_open[m->n_optimiser_open++] = alt->open[j];
    return ZL_OK;
}

static zl_status optimiser_alternative(zl_assess *a, const zl_assess_opts *o, zl_err *err)
{
    alternative alt = {0};
    zl_status st = optimiser_choice(a, o, &alt, err);
    if (st == ZL_OK)
        st = record_alternative(a->c, &alt, &a->national, err);
    for (size_t r = 0; st == ZL_OK && r < a->n_regions; r++)
        st = record_alternative(a->c, &alt, &a->regions[r], err);
    zl_assess_free(alt.b);
    free(alt.open);
    return st;
}

zl_status assess_mitigate(zl_assess *a, const zl_assess_opts *o, zl_err *err)
{
    zl_status st = ZL_OK;
    if (o->mitigate && !a->national.acceptable)
        st = search_region(a, o, &a->national, err);
    for (size_t r = 0; st == ZL_OK && o->mitigate && r < a->n_regions; r++)
        if (!a->regions[r].acceptable)
            st = search_region(a, o, &a->regions[r], err);
    bool any = !a->national.acceptable;
    for (size_t r = 0; r < a->n_regions; r++)
        any |= !a->regions[r].acceptable;
    if (st == ZL_OK && o->optimiser && any)
        st = optimiser_alternative(a, o, err);
    return st;
}
