/* The impact report (issue 15): the impact of a volume norm as one document people can read
 * and share — a summary with the verdicts, a chapter per dimension (patients, professionals, providers,
 * networks) with maps of the PC4 areas, histograms and tables, a page per region, the rule
 * sensitivity band, the quality chapter, the method and the data sources with their dates,
 * synthetic labels and the command and version that made it — and the national roll-up of
 * every intervention with a proposed norm. The report is a view on the library's JSON
 * documents (zl_impact_rules_to_json, zl_impact_areas_to_json, zl_impact_histogram_to_json,
 * zl_quality_impact_chapter, zl_assess_to_json), so every number is computed once and
 * equals the JSON's; the back ends of zorglandschap/doc.h lay it out. Contents: docs/report.md. */
#ifndef ZORGLANDSCHAP_REPORT_H
#define ZORGLANDSCHAP_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "zorglandschap/doc.h"
#include "zorglandschap/geo.h"
#include "zorglandschap/privacy.h"
#include "zorglandschap/store.h"

/* zorglandschap's version, as `zl version` and every report's provenance line show it. */
#define ZL_VERSION "0.1.0"

typedef struct zl_report_opts {
    const char *intervention; /* any case; ignored by zl_report_national */
    const char *norm;         /* a number, "current" or "proposed"; NULL: proposed when the
                                 intervention has one, else current */
    const char *rule;         /* allocation rule name; NULL: the default (docs/choice.md) */
    const char *region_layer; /* the regions of the per-region pages; NULL: "province" when the
                                 database has it, else none */
    const char *network_layer; /* the care networks of the networks chapter (a region layer of
                                  locations, e.g. oncology_network); NULL: the store's default
                                  (zl_assess_inputs_load), "none": none */
    const char *thresholds;    /* acceptability thresholds file (zl_assess_thresholds_load);
                                  NULL: the built-in default */
    /* The scenario's overrides (the impact page's): locations that keep the intervention or
     * stop whatever their volume, as zl_impact_opts; ignored by zl_report_national. */
    const char *const *keep;
    size_t n_keep;
    const char *const *stop;
    size_t n_stop;
    int year;                 /* <= 0: the latest with data */
    const char *command;      /* what made the report, as the user typed it (shown) */
    const char *version;      /* zorglandschap's version (shown) */
    /* For outputs that leave the analyst's machine: counts published as docs/privacy.md
     * describes (ZL_REPORT_PUBLIC of zl_impact_to_json_ex and zl_assess_to_json_ex) with
     * the store's disclosure key. */
    bool public_counts;
} zl_report_opts;

/* The report of one intervention. geo: the map geometry (zl_geo_load), borrowed by the
 * document: free the document first. Errors: unknown intervention, norm, rule or layer
 * (ZL_EINPUT / ZL_ENOTFOUND), and those of the analyses. Caller frees *out (zl_doc_free). */
zl_status zl_report_impact(zl_store *s, const zl_geo *geo, const zl_report_opts *o, zl_doc **out,
                           zl_err *err);

/* The national roll-up: every intervention with a proposed norm at that norm (o->norm and
 * o->intervention are ignored), a national summary table and a chapter per intervention.
 * ZL_ENOTFOUND when no intervention has a proposed norm. */
zl_status zl_report_national(zl_store *s, const zl_geo *geo, const zl_report_opts *o,
                             zl_doc **out, zl_err *err);

#endif
