/* Helpers of the report's content builders: reading the library's JSON documents into
 * cells, and the map classes every report uses. */
#ifndef ZL_REP_BUILD_H
#define ZL_REP_BUILD_H

#include <jansson.h>

#include "report_run.h"
#include "zorglandschap/doc.h"

/* The value at a dotted path ("patients.beyond.1.after"; digits index arrays), or NULL. */
const json_t *rep_get(const json_t *j, const char *path);
/* A JSON value as a cell: numbers with `decimals`, null/missing empty, strings as text,
 * booleans yes/no. */
void rep_cell(zl_doc_table *t, const json_t *v, int decimals);
/* rep_cell(t, rep_get(j, path), decimals). */
void rep_cell_at(zl_doc_table *t, const json_t *j, const char *path, int decimals);
/* A figure/value row. */
void rep_row(zl_doc_table *t, const char *figure, const json_t *j, const char *path,
             int decimals);

/* Whether the analysis used synthetic flows or volumes (its JSON's "synthetic"). */
bool rep_synthetic(const rep_run *r);

/* Maps of the travel minutes to the nearest location offering the intervention after the
 * change, with the locations as markers; focus_region >= 0 limits the map to the areas of
 * that region of the case's layer. */
void rep_map_minutes_after(zl_doc *d, const zl_geo *g, const rep_run *r, const char *id,
                           const char *title, int focus_region);
void rep_map_change(zl_doc *d, const zl_geo *g, const rep_run *r, const char *id);
void rep_map_new_beyond(zl_doc *d, const zl_geo *g, const rep_run *r, const char *id);
void rep_histogram(zl_doc *d, const rep_run *r, const char *id);

/* Chapters of one intervention (id_prefix "" for the single report, the code for the
 * national one, so that anchors stay unique). */
void rep_summary(zl_doc *d, const rep_run *r, const char *id_prefix);
void rep_patients(zl_doc *d, const zl_geo *g, const rep_run *r, const char *id_prefix);
void rep_providers(zl_doc *d, const rep_run *r, const char *id_prefix);
void rep_regions(zl_doc *d, const zl_geo *g, const rep_run *r, const char *id_prefix);
void rep_rules(zl_doc *d, const rep_run *r, const char *id_prefix);
void rep_quality(zl_doc *d, const rep_run *r, const char *id_prefix);
void rep_method(zl_doc *d, zl_store *s, const zl_geo *g, const rep_run *r);

/* From the regional assessment (r->aj; a note where it is missing). */
void rep_verdicts(zl_doc *d, const rep_run *r, const char *id_prefix);
void rep_patients_assess(zl_doc *d, const rep_run *r, const char *id_prefix);
void rep_professionals(zl_doc *d, const rep_run *r, const char *id_prefix);
void rep_providers_assess(zl_doc *d, const rep_run *r, const char *id_prefix);
void rep_networks(zl_doc *d, const rep_run *r, const char *id_prefix);
void rep_mitigation(zl_doc *d, const rep_run *r, const char *id_prefix);
/* The figures of region `code` on its page, as table `id`. */
void rep_region_assess(zl_doc *d, const rep_run *r, const char *code, const char *id);
void rep_thresholds(zl_doc *d, const rep_run *r);
/* The name of a region of the case's layer (the assessment's), else its code. */
const char *rep_region_name(const rep_run *r, const char *code);

#endif
