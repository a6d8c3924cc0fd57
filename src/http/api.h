/* The endpoint handlers of /api/v1, one group per file (api_*.c); the table that binds
 * them to paths, methods, roles and query parameters is in routes.c. */
#ifndef ZL_HTTP_API_H
#define ZL_HTTP_API_H

#include "http_internal.h"
#include "zorglandschap/privacy.h"

/* api_meta.c */
zl_status api_health(api_req *r, json_t **out, zl_err *err);
zl_status api_openapi(api_req *r, json_t **out, zl_err *err);
zl_status api_whoami(api_req *r, json_t **out, zl_err *err);

/* api_landscape.c */
zl_status api_areas(api_req *r, json_t **out, zl_err *err);
zl_status api_area(api_req *r, json_t **out, zl_err *err);
zl_status api_locations(api_req *r, json_t **out, zl_err *err);
zl_status api_location(api_req *r, json_t **out, zl_err *err);
zl_status api_interventions(api_req *r, json_t **out, zl_err *err);
zl_status api_intervention(api_req *r, json_t **out, zl_err *err);
zl_status api_regions(api_req *r, json_t **out, zl_err *err);
zl_status api_travel(api_req *r, json_t **out, zl_err *err);

/* api_impact.c */
zl_status api_norms(api_req *r, json_t **out, zl_err *err);
zl_status api_impact_get(api_req *r, json_t **out, zl_err *err);
zl_status api_impact_post(api_req *r, json_t **out, zl_err *err);
zl_status api_report_impact(api_req *r, json_t **out, zl_err *err);

/* api_acute.c */
zl_status api_acute_reach(api_req *r, json_t **out, zl_err *err);
zl_status api_acute_close(api_req *r, json_t **out, zl_err *err);
zl_status api_acute_posts(api_req *r, json_t **out, zl_err *err);
zl_status api_route_table(api_req *r, json_t **out, zl_err *err);

/* api_rare.c */
zl_status api_rare_find(api_req *r, json_t **out, zl_err *err);
zl_status api_rare_disease(api_req *r, json_t **out, zl_err *err);
zl_status api_rare_centres(api_req *r, json_t **out, zl_err *err);
zl_status api_rare_networks(api_req *r, json_t **out, zl_err *err);
zl_status api_rare_network(api_req *r, json_t **out, zl_err *err);
zl_status api_rare_recognitions(api_req *r, json_t **out, zl_err *err);
zl_status api_rare_centre_history(api_req *r, json_t **out, zl_err *err);
zl_status api_rare_pathway(api_req *r, json_t **out, zl_err *err);

/* api_registry.c */
zl_status api_registry_counts(api_req *r, json_t **out, zl_err *err);
zl_status api_registry_concentration(api_req *r, json_t **out, zl_err *err);

/* api_upload.c */
zl_status api_registry_submissions(api_req *r, json_t **out, zl_err *err);
zl_status api_registry_upload(api_req *r, json_t **out, zl_err *err);

/* api_choice.c */
zl_status api_choice_list(api_req *r, json_t **out, zl_err *err);
zl_status api_choice_get(api_req *r, json_t **out, zl_err *err);

/* api_quality.c */
zl_status api_quality_indicators(api_req *r, json_t **out, zl_err *err);
zl_status api_quality_funnel(api_req *r, json_t **out, zl_err *err);
zl_status api_quality_volume_outcome(api_req *r, json_t **out, zl_err *err);
zl_status api_quality_publish_status(api_req *r, json_t **out, zl_err *err);
zl_status api_quality_compare(api_req *r, json_t **out, zl_err *err);

/* api_optimise.c */
zl_status api_optimise(api_req *r, json_t **out, zl_err *err);
zl_status api_assess(api_req *r, json_t **out, zl_err *err);

/* api_tokens.c */
zl_status api_tokens_list(api_req *r, json_t **out, zl_err *err);
zl_status api_tokens_create(api_req *r, json_t **out, zl_err *err);
zl_status api_tokens_revoke(api_req *r, json_t **out, zl_err *err);

/* api_export.c */
zl_status api_export(api_req *r, json_t **out, zl_err *err);

/* Helpers shared by the handlers. */
json_t *api_str_or_null(const char *s);
/* Sets a member, failing with ZL_ENOMEM when v is NULL (jansson's allocation failure). */
zl_status api_set(json_t *obj, const char *key, json_t *v, zl_err *err);
/* The privacy viewer a request speaks for (from its token's role; public when none). */
zl_viewer api_viewer(const api_req *r);
/* A location token's registry request on its own data runs on the worker's connection
 * acting for that location (zl_store_registry_act_for: PostgreSQL's row-level security,
 * docs/deploy.md). api_act_for_location does nothing for other callers;
 * api_act_end returns the connection to the registry holder and gives st back, or the
 * failure to do so. */
zl_status api_act_for_location(api_req *r, zl_err *err);
zl_status api_act_end(api_req *r, zl_status st, zl_err *err);

#endif
