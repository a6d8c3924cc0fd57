/* Store functions for the organisation of rare-disease care (migration 14): ECZA networks
 * (rare_network, rare_network_code, rare_network_member), shared-care agreements
 * (rare_shared_care), the recognition cycle (rare_recognition, rare_assessment) and care
 * pathways (rare_pathway_item). Writers are called inside an import transaction; readers
 * return zl_rows tables (store_rare.h) that the caller frees. */
#ifndef ZORGLANDSCHAP_STORE_RARE_NETWORK_H
#define ZORGLANDSCHAP_STORE_RARE_NETWORK_H

#include <stdbool.h>
#include <stdint.h>

#include "zorglandschap/err.h"
#include "zorglandschap/store.h"
#include "zorglandschap/store_rare.h"

zl_status zl_rare_centre_exists(zl_store *s, const char *id, bool *exists, zl_err *err);

/* A network replaces its earlier codes and members (zl_rare_put_network clears them). */
typedef struct zl_network_put {
    const char *id, *name, *ern, *coordinator, *patient_orgs;
    bool synthetic;
} zl_network_put;
zl_status zl_rare_put_network(zl_store *s, const zl_network_put *n, zl_err *err);
zl_status zl_rare_add_network_code(zl_store *s, const char *network, int64_t orpha, zl_err *err);
/* role: "coordinating" or "member" */
zl_status zl_rare_add_network_member(zl_store *s, const char *network, const char *centre,
                                     const char *role, zl_err *err);
zl_status zl_rare_network_exists(zl_store *s, const char *id, bool *exists, zl_err *err);

typedef struct zl_shared_care_put {
    const char *centre_id, *location_id, *from, *to;
    int64_t orpha;
    bool synthetic;
} zl_shared_care_put;
/* Another agreement of the same centre, partner and code overlapping [from, to]: *found
 * is set to its start (caller frees) or NULL. */
zl_status zl_rare_shared_care_overlap(zl_store *s, const zl_shared_care_put *p, char **found,
                                      zl_err *err);
zl_status zl_rare_put_shared_care(zl_store *s, const zl_shared_care_put *p, zl_err *err);

/* Readers. */
/* id, name, ern, coordinator, patient_orgs, synthetic; ordered by id */
zl_status zl_rare_get_networks(zl_store *s, zl_rows *out, zl_err *err);
/* network_id, orpha, disorder name; by network, code */
zl_status zl_rare_get_network_codes(zl_store *s, zl_rows *out, zl_err *err);
/* network_id, centre_id, role, centre, location_id, location, city, lat, lon; by network,
 * coordinating first, then centre */
zl_status zl_rare_get_network_members(zl_store *s, zl_rows *out, zl_err *err);
/* Agreements valid on date per network (the agreement's centre is a member, its code one
 * of the network's or below one): network_id, centre_id, location_id, location, city,
 * lat, lon, orpha, valid_from, valid_to, synthetic; by network, centre, location, code */
zl_status zl_rare_get_shared_care(zl_store *s, const char *date, zl_rows *out, zl_err *err);
/* Agreements valid on date by code (for the atlas): orpha, centre_id, location_id,
 * location, city, valid_to, synthetic */
zl_status zl_rare_all_shared_care(zl_store *s, const char *date, zl_rows *out, zl_err *err);
/* Network codes by code (for the atlas): orpha, network_id, name, ern, coordinator,
 * synthetic */
zl_status zl_rare_all_network_codes(zl_store *s, zl_rows *out, zl_err *err);
/* The recognition cycle. A record is written whole (upsert by id). */
typedef struct zl_recognition_put {
    const char *id, *centre_id, *ern, *applied_on, *decided_on, *status, *from, *to;
    int64_t orpha;
    bool synthetic;
} zl_recognition_put;
/* Another record of the same centre and code whose term overlaps [r->from, r->to]: *found
 * is set to "ID (FROM..TO)" (caller frees) or NULL. */
zl_status zl_rare_recognition_overlap(zl_store *s, const zl_recognition_put *r, char **found,
                                      zl_err *err);
zl_status zl_rare_put_recognition(zl_store *s, const zl_recognition_put *r, zl_err *err);
zl_status zl_rare_recognition_exists(zl_store *s, const char *id, bool *exists, zl_err *err);
zl_status zl_rare_put_assessment(zl_store *s, const char *recognition_id, const char *criterion,
                                 const char *result, const char *remarks, const char *assessed_on,
                                 zl_err *err);
/* Terms in force on date that end on or before until, with no later recognised term of
 * the same centre and code: id, centre_id, centre, orpha, disorder, ern, recognised_from,
 * recognised_to, renewal (status of the latest application after the term started, or
 * NULL), synthetic; by end, centre, code. */
zl_status zl_rare_get_due(zl_store *s, const char *date, const char *until, zl_rows *out,
                          zl_err *err);
/* centre_id, centre, location, city of one centre (no row when unknown). */
zl_status zl_rare_get_centre(zl_store *s, const char *id, zl_rows *out, zl_err *err);
/* Records of a centre: id, orpha, disorder, ern, applied_on, decided_on, status,
 * recognised_from, recognised_to, synthetic; by first date, code. */
zl_status zl_rare_get_recognitions(zl_store *s, const char *centre, zl_rows *out, zl_err *err);
/* Assessments of a centre's records: recognition_id, criterion, result, remarks,
 * assessed_on; by record, criterion. */
zl_status zl_rare_get_assessments(zl_store *s, const char *centre, zl_rows *out, zl_err *err);

/* Care pathways. */
zl_status zl_rare_network_covers(zl_store *s, const char *network, int64_t orpha, bool *covers,
                                 zl_err *err);
typedef struct zl_pathway_put {
    const char *network_id, *item, *state, *evidence, *assessed_on;
    int64_t orpha;
    bool synthetic;
} zl_pathway_put;
zl_status zl_rare_put_pathway_item(zl_store *s, const zl_pathway_put *p, zl_err *err);
/* Checklists: every (network, code) the network covers, with its items where recorded:
 * network_id, network, orpha, disorder, item (NULL: no items), state, evidence,
 * assessed_on, synthetic; by network, code, item. network NULL: every network; orpha > 0:
 * only checklists of that code or of a group above it. */
zl_status zl_rare_get_pathways(zl_store *s, const char *network, int64_t orpha, zl_rows *out,
                               zl_err *err);

/* For the concentration check: the networks covering a code or a group above it
 * (network_id, name, ern; by id); the shared-care partners of such agreements valid on
 * date (location_id, location, city, centre_id; each location once); whether a centre is
 * a member of a network covering the code or a group above it. */
zl_status zl_rare_networks_for_code(zl_store *s, int64_t orpha, zl_rows *out, zl_err *err);
zl_status zl_rare_partners_for_code(zl_store *s, int64_t orpha, const char *date, zl_rows *out,
                                    zl_err *err);
zl_status zl_rare_centre_in_network(zl_store *s, const char *centre, int64_t orpha, bool *member,
                                    zl_err *err);

/* For the finder's atlas: the locations of every centre and shared-care partner
 * (location_id, sorted); car minutes from every PC4 to them (pc4, location_id, minutes;
 * by pc4, location); every PC4 area (pc4, sorted). */
zl_status zl_rare_care_locations(zl_store *s, zl_rows *out, zl_err *err);
zl_status zl_rare_care_travel(zl_store *s, zl_rows *out, zl_err *err);
zl_status zl_rare_area_codes(zl_store *s, zl_rows *out, zl_err *err);

/* The reference side of the finder benchmark (bench/rare): the nearest shared-care
 * partner of a code (agreements for it or a group above it, valid on date) from a PC4 by
 * one SQL query over the travel table: location_id, minutes (no row when none). */
zl_status zl_rare_nearest_partner_sql(zl_store *s, int64_t orpha, const char *date, int32_t pc4,
                                      zl_rows *out, zl_err *err);

/* Counts: networks, network codes, members, shared-care rows, recognitions,
 * assessments, pathway items. */
zl_status zl_rare_network_counts(zl_store *s, int64_t counts[7], zl_err *err);

#endif
