/* Loading what the allocation rules need for one case: the stored choice model bound to
 * the case, the network partners and the capacities (zl_alloc_inputs_load). */
#include <math.h>
#include <stdlib.h>

#include "alloc_internal.h"
#include "zorglandschap/store_choice.h"

typedef struct load_ctx {
    const zl_case *c;
    zl_alloc_inputs *in;
    size_t cap;
} load_ctx;

static zl_status add_partner(void *ctx, const char *from, const char *to, double share, zl_err *err)
{
    load_ctx *x = ctx;
    int f = zl_case_location_index(x->c, from), t = zl_case_location_index(x->c, to);
    if (f < 0 || t < 0)
        return ZL_OK; /* a location outside the case (no travel times) cannot take part */
    if (x->in->n_partners == x->cap) {
        size_t cap = x->cap ? 2 * x->cap : 64;
        zl_alloc_partner *p = realloc(x->in->partners, cap * sizeof *p);
        if (!p)
            return zl_fail(err, ZL_ENOMEM, "out of memory reading partners");
        x->in->partners = p;
        x->cap = cap;
    }
    x->in->partners[x->in->n_partners++] = (zl_alloc_partner){(uint32_t)f, (uint32_t)t, share};
    return ZL_OK;
}

static zl_status add_capacity(void *ctx, const char *location, double capacity, zl_err *err)
{
    (void)err;
    load_ctx *x = ctx;
    int l = zl_case_location_index(x->c, location);
    if (l >= 0)
        x->in->capacity[l] = capacity;
    return ZL_OK;
}

static zl_status bind_model(zl_store *s, const zl_case *c, zl_alloc_inputs *in, zl_err *err)
{
    zl_status st = zl_store_choice_load(s, c->intervention.code, c->year, &in->model, err);
    if (st != ZL_OK || !in->model)
        return st;
    double *old = NULL;
    if (in->model->age_interaction)
        st = zl_choice_old_share(s, c, &old, err);
    if (st == ZL_OK)
        st = zl_choice_weights_make(in->model, c, old, &in->weights, err);
    free(old);
    return st;
}

zl_status zl_alloc_inputs_load(zl_store *s, const zl_case *c, zl_alloc_inputs **out, zl_err *err)
{
    zl_alloc_inputs *in = calloc(1, sizeof *in);
    if (!in)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    load_ctx x = {c, in, 0};
    zl_status st = bind_model(s, c, in, err);
    if (st == ZL_OK)
        st = zl_store_partners_each(s, add_partner, &x, err);
    if (st == ZL_OK && !(in->capacity = malloc((c->n_locations + 1) * sizeof *in->capacity)))
        st = zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t l = 0; st == ZL_OK && l < c->n_locations; l++)
        in->capacity[l] = INFINITY;
    if (st == ZL_OK)
        st = zl_store_capacity_each(s, c->intervention.code, add_capacity, &x, err);
    if (st != ZL_OK) {
        zl_alloc_inputs_free(in);
        return st;
    }
    *out = in;
    return ZL_OK;
}

void zl_alloc_inputs_free(zl_alloc_inputs *in)
{
    if (!in)
        return;
    zl_choice_model_free(in->model);
    zl_choice_weights_free(in->weights);
    free(in->partners);
    free(in->capacity);
    free(in);
}
