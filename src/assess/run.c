/* zl_assess_run: the impact analysis of the norm under the rule, every figure of the
 * assessment built on it (build.c), the verdicts and, when asked, the mitigation. Also the
 * verdict itself: which thresholds a region's figures break. */
#include <stdlib.h>
#include <string.h>

#include "assess_internal.h"

void assess_figures(const zl_assess_region *r, double v[ZL_TH_N])
{
    const zl_assess_patients *p = &r->patients;
    v[ZL_TH_NEW_BEYOND_45] = (double)p->new_beyond_45;
    v[ZL_TH_MEAN_EXTRA_MINUTES] = p->extra_minutes.mean;
    v[ZL_TH_MAX_EXTRA_MINUTES] = p->extra_minutes.max;
    v[ZL_TH_OVER_CAPACITY] = (double)r->providers.over_capacity;
    v[ZL_TH_NETWORKS_WITHOUT] = (double)r->networks.networks_without;
    v[ZL_TH_BELOW_SURGEON_NORM] = (double)r->professionals.below_norm_after;
    v[ZL_TH_SERVICES_THREATENED] = (double)r->providers.services_threatened;
    v[ZL_TH_DISPLACED_75PLUS] = p->displaced_age[ZL_ASSESS_N_AGE - 1];
}

void assess_verdict(const zl_assess_thresholds *t, zl_assess_region *r)
{
    double v[ZL_TH_N];
    assess_figures(r, v);
    r->n_breaches = 0;
    for (int k = 0; k < ZL_TH_N; k++)
        if (t->enabled[k] && v[k] > t->max[k] + 1e-9)
            r->breaches[r->n_breaches++] = (zl_assess_breach){(zl_threshold_key)k, v[k], t->max[k]};
    r->acceptable = r->n_breaches == 0;
}

void assess_region_clear(zl_assess_region *r)
{
    free(r->patients.pc4_new_beyond_45);
    free(r->mitigation.keep);
    free(r->mitigation.optimiser_open);
}

void zl_assess_free(zl_assess *a)
{
    if (!a)
        return;
    assess_region_clear(&a->national);
    for (size_t r = 0; r < a->n_regions; r++)
        assess_region_clear(&a->regions[r]);
    free(a->regions);
    free(a->locations);
    free(a->networks);
    zl_impact_free(a->impact);
    free(a);
}

zl_status assess_new(const zl_case *c, const zl_assess_inputs *in, const zl_assess_opts *o,
                     zl_assess **out, zl_err *err)
{
    zl_assess *a = calloc(1, sizeof *a);
    if (!a)
        return zl_fail(err, ZL_ENOMEM, "out of memory in the assessment");
    a->c = c;
    a->in = in;
    a->alloc = o->alloc;
    a->rule = zl_alloc_rule_name(o->rule);
    if (o->thresholds)
        a->thresholds = *o->thresholds;
    else
        zl_assess_thresholds_default(&a->thresholds);
    a->synthetic = c->synthetic || in->synthetic_staff || in->synthetic_providers ||
                   in->synthetic_tariff || (in->network_layer && in->synthetic_networks);
    a->national = (zl_assess_region){.code = "NL", .name = "Nederland", .index = -1};
    a->n_regions = c->region_layer ? c->n_regions : 0;
    a->n_networks = in->n_networks;
    a->regions = calloc(a->n_regions + 1, sizeof *a->regions);
    a->networks = calloc(a->n_networks + 1, sizeof *a->networks);
    if (!a->regions || !a->networks) {
        zl_assess_free(a);
        return zl_fail(err, ZL_ENOMEM, "out of memory in the assessment");
    }
    for (size_t r = 0; r < a->n_regions; r++)
        a->regions[r] = (zl_assess_region){
            .code = c->region_codes[r],
            .name = in->region_names && r < in->n_region_names ? in->region_names[r] : NULL,
            .index = (int32_t)r};
    *out = a;
    return ZL_OK;
}

/* The ids of the options' keeps plus the extra ones (case indices). */
static const char **id_list(const zl_case *c, const char *const *ids, size_t n,
                            const uint32_t *extra, size_t n_extra)
{
    const char **v = malloc((n + n_extra + 1) * sizeof *v);
    if (!v)
        return NULL;
    for (size_t i = 0; i < n; i++)
        v[i] = ids[i];
    for (size_t i = 0; i < n_extra; i++)
        v[n + i] = c->locations[extra[i]].id;
    return v;
}

zl_status assess_scenario(const zl_case *c, const zl_assess_inputs *in, const zl_assess_opts *o,
                          const uint32_t *extra_keep, size_t n_extra, const uint32_t *stop,
                          size_t n_stop, int32_t only, zl_assess **out, zl_err *err)
{
    const char **keep = id_list(c, o->keep, o->n_keep, extra_keep, n_extra);
    const char **stops = id_list(c, o->stop, o->n_stop, stop, n_stop);
    zl_impact *imp = NULL;
    zl_assess *a = NULL;
    zl_status st = keep && stops ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
    zl_impact_opts io = {.norm = o->norm,
                         .keep = keep,
                         .n_keep = o->n_keep + n_extra,
                         .stop = stops,
                         .n_stop = o->n_stop + n_stop,
                         .rule = o->rule,
                         .inputs = o->alloc};
    if (st == ZL_OK)
        st = zl_impact_run(c, &io, &imp, err);
    if (st == ZL_OK)
        st = assess_new(c, in, o, &a, err);
    if (st == ZL_OK) {
        st = assess_build(a, imp, only, err);
        imp = NULL;
    } else {
        zl_impact_free(imp);
    }
    free(keep);
    free(stops);
    if (st != ZL_OK) {
        zl_assess_free(a);
        return st;
    }
    *out = a;
    return ZL_OK;
}

zl_status zl_assess_run(const zl_case *c, const zl_assess_inputs *in, const zl_assess_opts *o,
                        zl_assess **out, zl_err *err)
{
    zl_err local;
    if (!err)
        err = &local;
    if (o->rule == ZL_ALLOC_REGION && !c->region_layer)
        return zl_fail(err, ZL_EINPUT, "--rule region needs a region layer (--region-layer L)");
    zl_assess *a = NULL;
    zl_status st = assess_scenario(c, in, o, NULL, 0, NULL, 0, -1, &a, err);
    if (st == ZL_OK && (o->mitigate || o->optimiser))
        st = assess_mitigate(a, o, err);
    if (st != ZL_OK) {
        zl_assess_free(a);
        return st;
    }
    *out = a;
    return ZL_OK;
}
