/* The capacity rule: displaced patients re-choose with the model among the remaining
 * locations that still have room. A round offers every patient still unplaced to the
 * non-full locations by their probabilities; a location offered more than its room takes
 * the same fraction of each offer and is full from then on; the rest re-choose in the
 * next round among the others. At most one round per location. Patients left when no
 * location with room remains go by the model regardless and count as over capacity. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"

#define DONE 1e-12 /* patients still to place below this count as placed */

typedef struct cap_state {
    size_t nd;       /* displaced flows */
    uint32_t *flow;  /* their flow indices */
    double *rem;     /* patients still to place per displaced flow */
    double *acc;     /* nd x n_locations placed patients */
    double *prob;    /* nd x n_locations: this round's probabilities over the rooms */
    bool *offers;    /* per displaced flow, this round: offered (some room has a probability) */
    double *load;    /* per location: patients after so far */
    double *cap;     /* per location */
    double *offered; /* per location, this round */
    double *ratio;   /* per location, this round: the fraction of offers taken */
    bool *room;      /* per location: open and not full */
} cap_state;

static void cap_free(cap_state *s)
{
    free(s->flow);
    free(s->rem);
    free(s->acc);
    free(s->prob);
    free(s->offers);
    free(s->load);
    free(s->cap);
    free(s->offered);
    free(s->ratio);
    free(s->room);
}

static zl_status cap_init(alloc_ctx *x, cap_state *s, zl_err *err)
{
    const zl_case *c = x->c;
    size_t L = c->n_locations;
    for (size_t f = 0; f < c->n_flows; f++)
        s->nd += !x->open[c->flows[f].location] && c->flows[f].patients > 0;
    s->flow = malloc((s->nd + 1) * sizeof *s->flow);
    s->rem = malloc((s->nd + 1) * sizeof *s->rem);
    s->acc = calloc(s->nd * L + 1, sizeof *s->acc);
    s->prob = malloc((s->nd * L + 1) * sizeof *s->prob);
    s->offers = malloc((s->nd + 1) * sizeof *s->offers);
    s->load = calloc(L + 1, sizeof *s->load);
    s->cap = malloc((L + 1) * sizeof *s->cap);
    s->offered = malloc((L + 1) * sizeof *s->offered);
    s->ratio = malloc((L + 1) * sizeof *s->ratio);
    s->room = malloc((L + 1) * sizeof *s->room);
    x->out->saturated = calloc(L + 1, sizeof *x->out->saturated);
    if (!s->flow || !s->rem || !s->acc || !s->prob || !s->offers || !s->load || !s->cap ||
        !s->offered || !s->ratio || !s->room || !x->out->saturated)
        return zl_fail(err, ZL_ENOMEM, "out of memory allocating patients");
    size_t d = 0;
    for (size_t f = 0; f < c->n_flows; f++) {
        const zl_flow *fl = &c->flows[f];
        if (x->open[fl->location])
            s->load[fl->location] += (double)fl->patients;
        else if (fl->patients > 0) {
            s->flow[d] = (uint32_t)f;
            s->rem[d++] = (double)fl->patients;
        }
    }
    for (size_t l = 0; l < L; l++) {
        s->cap[l] = x->in->capacity ? x->in->capacity[l] : INFINITY;
        x->out->saturated[l] = x->open[l] && s->load[l] >= s->cap[l];
    }
    return ZL_OK;
}

/* One round; returns whether a location became full. */
static bool cap_round(alloc_ctx *x, cap_state *s)
{
    const zl_case *c = x->c;
    size_t L = c->n_locations;
    for (size_t l = 0; l < L; l++) {
        s->room[l] = x->open[l] && !x->out->saturated[l];
        s->offered[l] = 0;
        s->ratio[l] = 1;
    }
    for (size_t d = 0; d < s->nd; d++) {
        double *p = &s->prob[d * L];
        s->offers[d] = s->rem[d] > DONE &&
                       zl_choice_probs(x->in->weights, c->flows[s->flow[d]].area, s->room, p);
        for (size_t l = 0; s->offers[d] && l < L; l++)
            s->offered[l] += s->rem[d] * p[l];
    }
    bool filled = false;
    for (size_t l = 0; l < L; l++)
        if (s->room[l] && s->load[l] + s->offered[l] > s->cap[l]) {
            s->ratio[l] = (s->cap[l] - s->load[l]) / s->offered[l];
            filled = true;
        }
    for (size_t d = 0; d < s->nd; d++) {
        if (!s->offers[d])
            continue;
        const double *p = &s->prob[d * L];
        double moved = 0;
        for (size_t l = 0; l < L; l++) {
            double m = s->rem[d] * p[l] * s->ratio[l];
            s->acc[d * L + l] += m;
            s->load[l] += m;
            moved += m;
        }
        s->rem[d] -= moved;
    }
    for (size_t l = 0; l < L; l++)
        x->out->saturated[l] |= s->ratio[l] < 1;
    return filled;
}

zl_status alloc_capacity(alloc_ctx *x, zl_err *err)
{
    cap_state s = {0};
    zl_status st = cap_init(x, &s, err);
    size_t L = x->c->n_locations;
    for (size_t round = 0; st == ZL_OK && round <= L; round++)
        if (!cap_round(x, &s))
            break;
    for (size_t d = 0; st == ZL_OK && d < s.nd; d++) {
        uint32_t a = x->c->flows[s.flow[d]].area;
        if (s.rem[d] > DONE) {
            x->out->over_capacity += s.rem[d];
            if (!alloc_to_choice(x, a, x->open, s.rem[d], &s.acc[d * L]))
                alloc_to_nearest(x, a, s.rem[d], &s.acc[d * L]);
        }
        st = alloc_emit(x, s.flow[d], &s.acc[d * L], err);
    }
    for (size_t l = 0; st == ZL_OK && l < L; l++)
        x->out->n_saturated += x->out->saturated[l];
    cap_free(&s);
    return st;
}
