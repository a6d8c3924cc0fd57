/* The organisation of rare-disease care (docs/rare-networks.md): ECZA networks per
 * disease group and their shared-care partners, the recognition cycle of expertise
 * centres (applications, assessments per criterion, five-year terms, objections,
 * withdrawals, expiry) and care pathways per network and disease group. Importers are
 * kinds of zl_rare_import (rare.h): "networks", "shared-care", "recognitions",
 * "assessments", "pathways", each one transaction. The reports are JSON documents built
 * here for both front ends; the caller owns every json_t it receives. */
#ifndef ZORGLANDSCHAP_RARE_NETWORK_H
#define ZORGLANDSCHAP_RARE_NETWORK_H

#include <stdbool.h>
#include <stdint.h>

#include "zorglandschap/err.h"
#include "zorglandschap/rare.h"
#include "zorglandschap/store.h"

struct json_t;

zl_status zl_rare_import_networks(zl_store *s, const char *path, zl_rare_import_stats *stats,
                                  zl_err *err);
zl_status zl_rare_import_shared_care(zl_store *s, const char *path, zl_rare_import_stats *stats,
                                     zl_err *err);
zl_status zl_rare_import_recognitions(zl_store *s, const char *path, zl_rare_import_stats *stats,
                                      zl_err *err);
zl_status zl_rare_import_assessments(zl_store *s, const char *path, zl_rare_import_stats *stats,
                                     zl_err *err);
zl_status zl_rare_import_pathways(zl_store *s, const char *path, zl_rare_import_stats *stats,
                                  zl_err *err);

/* Networks with everything on date: {"date", "synthetic", "networks": [{id, name, ern,
 * patient_organisations, codes: [{orpha, code, name}], coordinator, centres: [{centre_id,
 * centre, role, location_id, location, city, lat, lon}], partners: [{centre_id,
 * location_id, location, city, lat, lon, orpha, valid_from, valid_to, synthetic}],
 * pathway: {score, items, gaps}}]}. id NULL: every network; otherwise that one
 * (ZL_ENOTFOUND when unknown). */
zl_status zl_rare_networks_json(zl_store *s, const char *id, const char *date,
                                struct json_t **out, zl_err *err);

/* The recognition cycle. The state of a record on a date: "applied", "assessed",
 * "recognised" (in its term), "objection pending", "withdrawn", "expired" (term over), or
 * "rejected"... see docs/rare-networks.md. */
/* Recognised terms ending within months after date (and not followed by a later term of
 * the same centre and code): {"date", "months", "until", "count", "due": [{id,
 * centre_id, centre, orpha, code, disorder, ern, recognised_from, recognised_to,
 * days_left, renewal_applied}]}. */
zl_status zl_rare_recognitions_due_json(zl_store *s, const char *date, int months,
                                        struct json_t **out, zl_err *err);
/* Every record of a centre in date order with its assessments and the state on date:
 * {"centre_id", "centre", "location", "date", "records": [{id, orpha, code, disorder,
 * ern, applied_on, decided_on, status, recognised_from, recognised_to, state,
 * assessments: [{criterion, result, remarks, assessed_on}]}]}. ZL_ENOTFOUND for an
 * unknown centre. */
zl_status zl_rare_centre_history_json(zl_store *s, const char *centre, const char *date,
                                      struct json_t **out, zl_err *err);
/* The state of one record on date (see above); NULL dates are unknown. */
const char *zl_rare_recognition_state(const char *status, const char *applied_on,
                                      const char *decided_on, const char *from, const char *to,
                                      const char *date);
/* date + months (calendar months, the day clamped to the month's length) into out. */
void zl_date_add_months(const char *date, int months, char out[11]);

/* The criteria an assessment may name (NULL-terminated). */
extern const char *const zl_rare_criteria[];
/* The checklist items of a care pathway, in order (NULL-terminated). */
extern const char *const zl_rare_pathway_items[];

/* Completeness of a checklist: in place 1, partly 0.5, absent or missing 0, as a
 * percentage of the items (0..100). states[i] is the state of zl_rare_pathway_items[i]
 * or NULL when missing. */
double zl_rare_pathway_score(const char *const *states);

/* The pathways of a code or a network: code is "ORPHA:n" (the pathways of that disease
 * group, or of the groups above it) or a network id. {"query", "pathways": [{network_id,
 * network, orpha, code, disorder, score, items: [{item, state, evidence, assessed_on}],
 * gaps: [{item, state}]}], "synthetic"}. ZL_ENOTFOUND when nothing matches. */
zl_status zl_rare_pathway_json(zl_store *s, const char *code, struct json_t **out, zl_err *err);

#endif
