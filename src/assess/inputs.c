/* zl_assess_inputs_load: the assessment's inputs of one case from the store (staff, the
 * per-surgeon norm, providers' services and group volumes, the tariff, the memberships of
 * the network layer and the areas' age structure), indexed like the case. */
#include <stdlib.h>
#include <string.h>

#include "assess_internal.h"
#include "zorglandschap/assess.h"
#include "zorglandschap/store_assess.h"
#include "zorglandschap/store_case.h"
#include "zorglandschap/store_http.h"
#include "zorglandschap/store_landscape.h"
#include "zorglandschap/util.h"

void zl_assess_inputs_free(zl_assess_inputs *in)
{
    if (!in)
        return;
    free(in->surgeons);
    free(in->group_volume);
    free(in->services);
    free(in->network_layer);
    zl_strv_free(in->network_codes);
    free(in->network);
    free(in->age_share);
    for (size_t i = 0; in->region_names && i < in->n_region_names; i++)
        free(in->region_names[i]);
    for (size_t i = 0; in->network_names && i < in->n_networks; i++)
        free(in->network_names[i]);
    free(in->region_names);
    free(in->network_names);
    free(in);
}

zl_status zl_assess_inputs_empty(const zl_case *c, zl_assess_inputs **out, zl_err *err)
{
    zl_assess_inputs *in = calloc(1, sizeof *in);
    size_t nl = c->n_locations + 1;
    if (in) {
        in->surgeons = malloc(nl * sizeof *in->surgeons);
        in->group_volume = malloc(nl * sizeof *in->group_volume);
        in->services = calloc(nl, sizeof *in->services);
        in->network = malloc(nl * sizeof *in->network);
        in->age_share = calloc((c->n_areas + 1) * ZL_ASSESS_N_AGE, sizeof *in->age_share);
    }
    if (!in || !in->surgeons || !in->group_volume || !in->services || !in->network ||
        !in->age_share) {
        zl_assess_inputs_free(in);
        return zl_fail(err, ZL_ENOMEM, "out of memory loading the assessment's inputs");
    }
    for (size_t l = 0; l < c->n_locations; l++) {
        in->surgeons[l] = -1;
        in->group_volume[l] = -1;
        in->network[l] = -1;
    }
    in->surgeon_norm = -1;
    in->tariff = -1;
    *out = in;
    return ZL_OK;
}

typedef struct load_ctx {
    const zl_case *c;
    zl_assess_inputs *in;
} load_ctx;

static zl_status on_staff(void *ctx, const char *loc, int64_t surgeons, bool synthetic, zl_err *err)
{
    (void)err;
    load_ctx *x = ctx;
    int l = zl_case_location_index(x->c, loc);
    if (l >= 0) {
        x->in->surgeons[l] = (int32_t)surgeons;
        x->in->synthetic_staff |= synthetic;
    }
    return ZL_OK;
}

static unsigned services_bits(const char *text)
{
    unsigned bits = 0, bit;
    char name[64];
    while (*text) {
        size_t n = strcspn(text, ";");
        if (n > 0 && n < sizeof name) {
            memcpy(name, text, n);
            name[n] = '\0';
            if (zl_service_parse(name, &bit))
                bits |= bit;
        }
        text += n + (text[n] == ';');
    }
    return bits;
}

static zl_status on_provider(void *ctx, const char *loc, const char *services, int64_t volume,
                             bool synthetic, zl_err *err)
{
    (void)err;
    load_ctx *x = ctx;
    int l = zl_case_location_index(x->c, loc);
    if (l >= 0) {
        x->in->services[l] = services_bits(services);
        x->in->group_volume[l] = (double)volume;
        x->in->synthetic_providers |= synthetic;
    }
    return ZL_OK;
}

static zl_status on_member(void *ctx, int32_t pc4, const char *loc, const char *code, zl_err *err)
{
    (void)err;
    (void)pc4;
    load_ctx *x = ctx;
    if (!loc)
        return ZL_OK;
    int l = zl_case_location_index(x->c, loc);
    for (size_t i = 0; l >= 0 && i < x->in->n_networks; i++)
        if (strcmp(x->in->network_codes[i], code) == 0)
            x->in->network[l] = (int32_t)i;
    return ZL_OK;
}

/* Takes over layer. */
static zl_status load_networks(zl_store *s, load_ctx *x, char *layer, zl_err *err)
{
    zl_assess_inputs *in = x->in;
    in->network_layer = layer;
    zl_status st = zl_store_region_codes(s, layer, &in->network_codes, &in->n_networks, err);
    if (st != ZL_OK)
        return st;
    if (in->n_networks == 0)
        return zl_fail(err, ZL_ENOTFOUND, "--network-layer: unknown region layer '%s'", layer);
    if ((st = zl_store_region_members_each(s, layer, on_member, x, err)) != ZL_OK)
        return st;
    return zl_store_region_layer_synthetic(s, layer, &in->synthetic_networks, err);
}

/* Fills the name of a code of the case's region layer or of the network layer. */
static zl_status on_region(void *ctx, const zl_region_view *v, zl_err *err)
{
    load_ctx *x = ctx;
    const zl_case *c = x->c;
    zl_assess_inputs *in = x->in;
    char ***names[2] = {&in->region_names, &in->network_names};
    const char *layers[2] = {c->region_layer, in->network_layer};
    char **codes[2] = {c->region_codes, in->network_codes};
    size_t n[2] = {in->n_region_names, in->n_networks};
    for (int k = 0; k < 2; k++) {
        if (!layers[k] || strcmp(layers[k], v->layer) != 0)
            continue;
        if (!*names[k] && !(*names[k] = calloc(n[k] + 1, sizeof **names[k])))
            return zl_fail(err, ZL_ENOMEM, "out of memory");
        for (size_t i = 0; i < n[k]; i++)
            if (strcmp(codes[k][i], v->code) == 0 && !(*names[k])[i] &&
                !((*names[k])[i] = strdup(v->name)))
                return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    return ZL_OK;
}

/* Per area the shares of the population aged 0-64, 65-74 and 75+ (all 0 without ages). */
static zl_status load_ages(zl_store *s, const zl_case *c, double *share, zl_err *err)
{
    zl_point_area *pts = malloc((c->n_areas + 1) * sizeof *pts);
    int64_t *m = NULL;
    if (!pts)
        return zl_fail(err, ZL_ENOMEM, "out of memory reading age bands");
    for (size_t a = 0; a < c->n_areas; a++)
        pts[a] = (zl_point_area){c->areas[a].pc4, c->areas[a].lat, c->areas[a].lon};
    zl_status st = zl_store_area_age_matrix(s, pts, c->n_areas, &m, err);
    for (size_t a = 0; st == ZL_OK && a < c->n_areas; a++) {
        double band[ZL_ASSESS_N_AGE] = {0}, all = 0;
        for (int b = 0; b < ZL_AGE_BANDS; b++) {
            double p = (double)m[a * ZL_AGE_BANDS + (size_t)b];
            band[b * 5 >= 75 ? 2 : b * 5 >= 65 ? 1 : 0] += p;
            all += p;
        }
        for (int k = 0; k < ZL_ASSESS_N_AGE; k++)
            share[a * ZL_ASSESS_N_AGE + (size_t)k] = all > 0 ? band[k] / all : 0;
    }
    free(pts);
    free(m);
    return st;
}

zl_status zl_assess_inputs_load(zl_store *s, const zl_case *c, const char *network_layer,
                                zl_assess_inputs **out, zl_err *err)
{
    zl_assess_inputs *in = NULL;
    zl_status st = zl_assess_inputs_empty(c, &in, err);
    if (st != ZL_OK)
        return st;
    load_ctx x = {c, in};
    const char *code = c->intervention.code;
    bool syn_norm = false;
    char *layer = NULL;
    if ((st = assess_network_layer(s, c, network_layer, &layer, in->network_note,
                                   sizeof in->network_note, err)) == ZL_OK &&
        (st = zl_store_staff_each(s, code, on_staff, &x, err)) == ZL_OK &&
        (st = zl_store_surgeon_norm_get(s, code, &in->surgeon_norm, &syn_norm, err)) == ZL_OK &&
        (st = zl_store_providers_each(s, c->intervention.group, on_provider, &x, err)) == ZL_OK &&
        (st = zl_store_tariff_get(s, code, &in->tariff, &in->synthetic_tariff, err)) == ZL_OK &&
        (st = load_ages(s, c, in->age_share, err)) == ZL_OK && layer) {
        st = load_networks(s, &x, layer, err);
        layer = NULL;
    }
    free(layer);
    in->n_region_names = c->region_layer ? c->n_regions : 0;
    if (st == ZL_OK && (c->region_layer || in->network_layer))
        st = zl_store_view_regions(s, on_region, &x, err);
    in->synthetic_staff |= syn_norm;
    if (st != ZL_OK) {
        zl_assess_inputs_free(in);
        return st;
    }
    *out = in;
    return ZL_OK;
}
