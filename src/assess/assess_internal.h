/* Internals shared by the files of the assessment module: building the figures of a
 * result from an impact analysis, the verdict and the mitigation search. */
#ifndef ZL_ASSESS_INTERNAL_H
#define ZL_ASSESS_INTERNAL_H

#include "zorglandschap/assess.h"
#include "zorglandschap/privacy.h"

/* Whether area a lives in region r (every area when r < 0). */
static inline bool assess_area_in(const zl_case *c, uint32_t a, int32_t r)
{
    return r < 0 || (c->area_region && c->area_region[a] == r);
}

/* Builds every figure of a (locations, regions, national, networks, verdicts) from the
 * impact result imp, which a takes over (also on failure). only >= 0: the figures of
 * region `only` alone (the mitigation search's evaluations); -1: all. */
zl_status assess_build(zl_assess *a, zl_impact *imp, int32_t only, zl_err *err);

/* A fresh result for c with the options' thresholds and rule; free with zl_assess_free. */
zl_status assess_new(const zl_case *c, const zl_assess_inputs *in, const zl_assess_opts *o,
                     zl_assess **out, zl_err *err);

/* Runs the impact analysis of the options with extra locations kept (indices, may be
 * none) and builds the result (of region `only`, or all when -1). */
zl_status assess_scenario(const zl_case *c, const zl_assess_inputs *in, const zl_assess_opts *o,
                          const uint32_t *extra_keep, size_t n_extra, const uint32_t *stop,
                          size_t n_stop, int32_t only, zl_assess **out, zl_err *err);

/* The figure each threshold judges, of one region. */
void assess_figures(const zl_assess_region *r, double v[ZL_TH_N]);
/* Sets r->acceptable and r->breaches from the thresholds. */
void assess_verdict(const zl_assess_thresholds *t, zl_assess_region *r);

/* The mitigation of every region that needs it, and the optimiser's alternative. */
zl_status assess_mitigate(zl_assess *a, const zl_assess_opts *o, zl_err *err);

/* Replaces the patient counts of the exact document doc of a by their published values
 * (publish.c, docs/assess.md "Published counts"). */
struct json_t;
zl_status assess_publish(const zl_assess *a, struct json_t *doc, const zl_disclosure *d,
                         zl_err *err);

/* Frees what a region owns (pc4 list, mitigation arrays). */
void assess_region_clear(zl_assess_region *r);

/* The network layer to load: `asked` when given ("none": no networks), else the default
 * care network layer of the store (network_default.c; *layer NULL when there is none).
 * note (n bytes) says which and why. Caller frees *layer. */
struct zl_store;
zl_status assess_network_layer(struct zl_store *s, const zl_case *c, const char *asked,
                               char **layer, char *note, size_t n, zl_err *err);

#endif
