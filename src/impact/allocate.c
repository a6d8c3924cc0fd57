/* zl_alloc_displaced: the allocation rules (zorglandschap/alloc.h). Each displaced flow
 * gets a row of patients per location, filled by its rule and emitted as parts, so rules
 * that combine sources (partners with a fallback, capacity rounds) add into one row. */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"

static const char *const rule_names[ZL_ALLOC_N_RULES] = {"nearest", "region",  "choice",
                                                         "share",   "partner", "capacity"};

const char *zl_alloc_rule_name(zl_alloc_rule r)
{
    return (unsigned)r < ZL_ALLOC_N_RULES ? rule_names[r] : "?";
}

bool zl_alloc_rule_parse(const char *s, zl_alloc_rule *out)
{
    for (int r = 0; r < ZL_ALLOC_N_RULES; r++)
        if (strcmp(s, rule_names[r]) == 0) {
            *out = (zl_alloc_rule)r;
            return true;
        }
    return false;
}

const char *zl_alloc_rule_baseline(zl_alloc_rule r)
{
    return r == ZL_ALLOC_NEAREST || r == ZL_ALLOC_REGION ? "nearest" : "observed";
}

zl_alloc_rule zl_alloc_default_rule(const zl_alloc_inputs *in)
{
    return in && in->weights ? ZL_ALLOC_CHOICE : ZL_ALLOC_NEAREST;
}

bool zl_alloc_rule_available(const zl_case *c, const zl_alloc_inputs *in, zl_alloc_rule r,
                             const char **why)
{
    const char *w = NULL;
    if ((r == ZL_ALLOC_CHOICE || r == ZL_ALLOC_CAPACITY) && !(in && in->weights))
        w = "no choice model is fitted for this intervention (zl choice fit)";
    else if (r == ZL_ALLOC_PARTNER && !(in && in->n_partners))
        w = "no network partners are imported (zl import partners FILE)";
    else if (r == ZL_ALLOC_REGION && !c->region_layer)
        w = "the region rule needs a region layer";
    if (why)
        *why = w;
    return w == NULL;
}

static void ctx_free(alloc_ctx *x)
{
    free(x->reach);
    free(x->in_region);
    free(x->idx);
    free(x->p);
}

/* mass to the nearest open location of area a (assumed to exist: checked up front). */
void alloc_to_nearest(alloc_ctx *x, uint32_t a, double mass, double *row)
{
    row[x->reach[a].best_loc] += mass;
}

/* mass by the model over the open locations of area a (`open` may narrow the set);
 * false when the model gives none of them a probability. The flows are ordered by area,
 * so the probabilities over the scenario's open set are kept for the area's next flow. */
bool alloc_to_choice(alloc_ctx *x, uint32_t a, const bool *open, double mass, double *row)
{
    if (!x->in || !x->in->weights)
        return false;
    bool cached = open == x->open && x->p_area == (int64_t)a;
    x->p_area = -1;
    if (!cached && !zl_choice_probs(x->in->weights, a, open, x->p))
        return false;
    if (open == x->open)
        x->p_area = a;
    for (size_t l = 0; l < x->c->n_locations; l++)
        row[l] += mass * x->p[l];
    return true;
}

/* The fallback of share and partner: the model, else the nearest; counted. */
static void fallback(alloc_ctx *x, uint32_t a, double mass, double *row)
{
    if (mass <= 0)
        return;
    x->out->fallback_patients += mass;
    if (!alloc_to_choice(x, a, x->open, mass, row))
        alloc_to_nearest(x, a, mass, row);
}

/* share: the area's observed patients at the open locations, in proportion. */
static void by_share(alloc_ctx *x, size_t f, double *row)
{
    const zl_case *c = x->c;
    uint32_t a = c->flows[f].area;
    size_t lo = f, hi = f + 1;
    while (lo > 0 && c->flows[lo - 1].area == a)
        lo--;
    while (hi < c->n_flows && c->flows[hi].area == a)
        hi++;
    double total = 0, n = (double)c->flows[f].patients;
    for (size_t g = lo; g < hi; g++)
        total += x->open[c->flows[g].location] ? (double)c->flows[g].patients : 0;
    if (!(total > 0)) {
        fallback(x, a, n, row);
        return;
    }
    for (size_t g = lo; g < hi; g++)
        if (x->open[c->flows[g].location])
            row[c->flows[g].location] += n * (double)c->flows[g].patients / total;
}

/* partner: the stopping location's partners in their shares; shares of partners that
 * stop too (or of a location without partners) fall back. */
static void by_partner(alloc_ctx *x, size_t f, double *row)
{
    const zl_flow *fl = &x->c->flows[f];
    const zl_alloc_partner *p = x->in->partners;
    size_t n = x->in->n_partners, lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (p[mid].from < fl->location)
            lo = mid + 1;
        else
            hi = mid;
    }
    double rest = (double)fl->patients;
    for (size_t i = lo; i < n && p[i].from == fl->location; i++)
        if (x->open[p[i].to]) {
            row[p[i].to] += (double)fl->patients * p[i].share;
            rest -= (double)fl->patients * p[i].share;
        }
    fallback(x, fl->area, rest > 1e-12 ? rest : 0, row);
}

/* Shares below this fraction of a flow are dropped and the rest rescaled, so that the
 * model's tiny probabilities for far locations do not become "patients" at 200 minutes. */
#define MIN_SHARE 1e-4

zl_status alloc_emit(alloc_ctx *x, uint32_t f, double *row, zl_err *err)
{
    zl_alloc_result *o = x->out;
    double n = (double)x->c->flows[f].patients, kept = 0;
    for (size_t l = 0; l < x->c->n_locations; l++)
        kept += (row[l] = row[l] >= MIN_SHARE * n ? row[l] : 0);
    assert(kept > 0);
    for (size_t l = 0; l < x->c->n_locations; l++) {
        if (!(row[l] > 0))
            continue;
        row[l] *= n / kept;
        if (o->n_parts == x->cap_parts) {
            size_t cap = x->cap_parts ? 2 * x->cap_parts : 64;
            zl_alloc_part *np = realloc(o->parts, cap * sizeof *np);
            if (!np)
                return zl_fail(err, ZL_ENOMEM, "out of memory allocating patients");
            o->parts = np;
            x->cap_parts = cap;
        }
        o->parts[o->n_parts++] = (zl_alloc_part){f, (uint32_t)l, row[l]};
    }
    return ZL_OK;
}

/* Every rule but capacity: one row per displaced flow. */
static zl_status by_flow(alloc_ctx *x, zl_alloc_rule rule, double *row, zl_err *err)
{
    const zl_case *c = x->c;
    for (size_t f = 0; f < c->n_flows; f++) {
        const zl_flow *fl = &c->flows[f];
        if (x->open[fl->location] || fl->patients <= 0)
            continue;
        memset(row, 0, c->n_locations * sizeof *row);
        double n = (double)fl->patients;
        if (rule == ZL_ALLOC_REGION && x->in_region[fl->area] >= 0)
            row[x->in_region[fl->area]] = n;
        else if (rule == ZL_ALLOC_NEAREST || rule == ZL_ALLOC_REGION)
            alloc_to_nearest(x, fl->area, n, row);
        else if (rule == ZL_ALLOC_CHOICE && !alloc_to_choice(x, fl->area, x->open, n, row))
            fallback(x, fl->area, n, row);
        else if (rule == ZL_ALLOC_SHARE)
            by_share(x, f, row);
        else if (rule == ZL_ALLOC_PARTNER)
            by_partner(x, f, row);
        zl_status st = alloc_emit(x, (uint32_t)f, row, err);
        if (st != ZL_OK)
            return st;
    }
    return ZL_OK;
}

/* Displaced patients with no open location at all make the question infeasible. */
static zl_status check_reachable(alloc_ctx *x, zl_err *err)
{
    double stranded = 0;
    for (size_t f = 0; f < x->c->n_flows; f++) {
        const zl_flow *fl = &x->c->flows[f];
        if (!x->open[fl->location] && x->reach[fl->area].best_loc < 0)
            stranded += (double)fl->patients;
    }
    if (stranded > 0)
        return zl_fail(err, ZL_EINFEASIBLE,
                       "no location would remain offering %s: %.0f displaced patients have "
                       "nowhere to go (lower the norm or --keep a location)",
                       x->c->intervention.code, stranded);
    return ZL_OK;
}

static zl_status ctx_init(alloc_ctx *x, zl_alloc_rule rule, zl_err *err)
{
    const zl_case *c = x->c;
    x->reach = malloc((c->n_areas + 1) * sizeof *x->reach);
    x->in_region = malloc((c->n_areas + 1) * sizeof *x->in_region);
    x->idx = malloc((c->n_locations + 1) * sizeof *x->idx);
    x->p = malloc((c->n_locations + 1) * sizeof *x->p);
    if (!x->reach || !x->in_region || !x->idx || !x->p)
        return zl_fail(err, ZL_ENOMEM, "out of memory allocating patients");
    zl_reach_compute(c, x->open, x->idx, x->reach);
    if (rule == ZL_ALLOC_REGION) /* a second scan of the matrix, needed by region only */
        zl_reach_in_region(c, x->open, x->in_region);
    return check_reachable(x, err);
}

zl_status zl_alloc_displaced(const zl_case *c, const bool *open_after, zl_alloc_rule rule,
                             const zl_alloc_inputs *in, zl_alloc_result *out, zl_err *err)
{
    const char *why;
    memset(out, 0, sizeof *out);
    if ((unsigned)rule >= ZL_ALLOC_N_RULES)
        return zl_fail(err, ZL_EINTERNAL, "unknown allocation rule %d", (int)rule);
    if (!zl_alloc_rule_available(c, in, rule, &why))
        return zl_fail(err, ZL_EINPUT, "rule %s: %s", zl_alloc_rule_name(rule), why);
    out->fallback_rule = in && in->weights ? "choice" : "nearest";
    alloc_ctx x = {.c = c, .open = open_after, .in = in, .out = out, .p_area = -1};
    double *row = malloc((c->n_locations + 1) * sizeof *row);
    zl_status st = row ? ctx_init(&x, rule, err) : zl_fail(err, ZL_ENOMEM, "out of memory");
    if (st == ZL_OK)
        st = rule == ZL_ALLOC_CAPACITY ? alloc_capacity(&x, err) : by_flow(&x, rule, row, err);
    if (st == ZL_OK && (out->reach_open = malloc((c->n_locations + 1) * sizeof *out->reach_open))) {
        memcpy(out->reach_open, open_after, c->n_locations * sizeof *open_after);
        out->reach = x.reach; /* handed to the evaluation (zl_alloc_result_clear frees it) */
        x.reach = NULL;
    }
    free(row);
    ctx_free(&x);
    if (st != ZL_OK)
        zl_alloc_result_clear(out);
    return st;
}

void zl_alloc_result_clear(zl_alloc_result *r)
{
    free(r->parts);
    free(r->saturated);
    free(r->reach);
    free(r->reach_open);
    memset(r, 0, sizeof *r);
}
