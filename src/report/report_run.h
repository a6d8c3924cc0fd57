/* One intervention's analyses for a report: the case, the impact under every available
 * rule (the report's rule first among equals), and the library's JSON documents the
 * report is a view on. Shared by the single and the national report. */
#ifndef ZL_REPORT_RUN_H
#define ZL_REPORT_RUN_H

#include <jansson.h>

#include "zorglandschap/alloc.h"
#include "zorglandschap/assess.h"
#include "zorglandschap/impact.h"
#include "zorglandschap/privacy.h"
#include "zorglandschap/report.h"

typedef struct rep_run {
    zl_case *c;
    zl_alloc_inputs *in;
    zl_impact *rs[ZL_ALLOC_N_RULES];
    size_t n;
    const zl_impact *main; /* the report's rule, one of rs */
    zl_alloc_rule rule;
    bool pub; /* counts published (zl_report_opts.public_counts) */
    zl_disclosure d;
    json_t *impact;  /* zl_impact_rules_to_json: the report of the rule, rules[] and band */
    json_t *areas;   /* zl_impact_areas_to_json */
    json_t *hist;    /* zl_impact_histogram_to_json */
    json_t *quality; /* zl_quality_impact_chapter, NULL without indicators */
    /* The regional assessment (zl_assess_run under the same norm and rule, mitigation and
     * the optimiser's alternative) and its JSON (published counts for a public report). */
    zl_assess_inputs *ain;
    zl_assess *assess;
    json_t *aj;
    /* The scenario's overrides (zl_report_opts.keep/stop; borrowed). */
    const char *const *keep, *const *stop;
    size_t n_keep, n_stop;
} rep_run;

/* Runs everything for intervention at norm (as zl_report_opts.norm). */
zl_status rep_run_load(zl_store *s, const zl_report_opts *o, const char *intervention,
                       const char *norm, rep_run *r, zl_err *err);
void rep_run_free(rep_run *r);

/* The region layer of the per-region pages: o->region_layer, else "province" when the
 * database has it, else NULL. */
zl_status rep_region_layer(zl_store *s, const zl_report_opts *o, const char **layer, zl_err *err);

#endif
