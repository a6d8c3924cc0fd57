/* The route table of /api/v1: path, method, who may call it and which query parameters
 * it takes. docs/openapi.json describes the same endpoints for clients. */
#include "api.h"

static const api_route routes[] = {
    {"GET", "/health", api_health, ALLOW_PUBLIC, ""},
    {"GET", "/openapi.json", api_openapi, ALLOW_PUBLIC, ""},
    {"GET", "/whoami", api_whoami, ALLOW_ADMIN | ALLOW_ANALYST | ALLOW_LOCATION, ""},
    {"GET", "/areas", api_areas, ALLOW_PUBLIC, "province"},
    {"GET", "/areas/{pc4}", api_area, ALLOW_PUBLIC, ""},
    {"GET", "/locations", api_locations, ALLOW_PUBLIC, "kind"},
    {"GET", "/locations/{id}", api_location, ALLOW_PUBLIC, ""},
    {"GET", "/interventions", api_interventions, ALLOW_PUBLIC, ""},
    {"GET", "/interventions/{code}", api_intervention, ALLOW_PUBLIC, ""},
    {"GET", "/regions", api_regions, ALLOW_PUBLIC, ""},
    {"GET", "/travel", api_travel, ALLOW_PUBLIC, "pc4,location"},
    {"GET", "/norms", api_norms, ALLOW_PUBLIC, "intervention,year,norm"},
    {"GET", "/impact", api_impact_get, ALLOW_PUBLIC,
     "intervention,norm,year,stop,keep,rule,rules,region_layer,map"},
    {"POST", "/impact", api_impact_post, ALLOW_PUBLIC, ""},
    {"GET", "/report/impact", api_report_impact, ALLOW_PUBLIC,
     "intervention,norm,year,rule,region_layer,network_layer,keep,stop"},
    {"POST", "/optimise", api_optimise, ALLOW_ADMIN | ALLOW_ANALYST, ""},
    {"GET", "/assess", api_assess, ALLOW_ADMIN | ALLOW_ANALYST,
     "intervention,norm,rule,layer,network_layer,year,keep,max_keep,mitigation"},
    {"GET", "/acute/reach", api_acute_reach, ALLOW_PUBLIC,
     "function,date,minutes,car_minutes,close,areas"},
    {"GET", "/acute/close", api_acute_close, ALLOW_PUBLIC, "function,date,location,car_minutes"},
    {"GET", "/acute/posts", api_acute_posts, ALLOW_PUBLIC, "date"},
    {"POST", "/route/table", api_route_table, ALLOW_PUBLIC, ""},
    {"GET", "/choice", api_choice_list, ALLOW_PUBLIC, ""},
    {"GET", "/choice/{code}", api_choice_get, ALLOW_PUBLIC, "year"},
    {"GET", "/rare/find", api_rare_find, ALLOW_PUBLIC, "q,lang,limit,date,postcode"},
    {"GET", "/rare/diseases/{code}", api_rare_disease, ALLOW_PUBLIC, "date,postcode"},
    {"GET", "/rare/centres", api_rare_centres, ALLOW_PUBLIC, "date"},
    {"GET", "/rare/centres/{id}/history", api_rare_centre_history, ALLOW_PUBLIC, "date"},
    {"GET", "/rare/networks", api_rare_networks, ALLOW_PUBLIC, "date"},
    {"GET", "/rare/networks/{id}", api_rare_network, ALLOW_PUBLIC, "date"},
    {"GET", "/rare/recognitions", api_rare_recognitions, ALLOW_PUBLIC, "due,date"},
    {"GET", "/rare/pathways/{code}", api_rare_pathway, ALLOW_PUBLIC, ""},
    {"GET", "/registry/counts", api_registry_counts, ALLOW_PUBLIC,
     "code,by,layer,rollup,location,year"},
    {"GET", "/registry/concentration", api_registry_concentration, ALLOW_PUBLIC, "code,date"},
    {"GET", "/registry/submissions", api_registry_submissions, ALLOW_ADMIN | ALLOW_LOCATION, ""},
    {"POST", "/registry/submissions", api_registry_upload, ALLOW_ADMIN | ALLOW_LOCATION, ""},
    {"POST", "/export", api_export, ALLOW_PUBLIC, "format"},
    {"GET", "/quality/indicators", api_quality_indicators, ALLOW_PUBLIC, "intervention"},
    {"GET", "/quality/funnel", api_quality_funnel, ALLOW_PUBLIC, "indicator,year,overdispersion"},
    {"GET", "/quality/volume-outcome", api_quality_volume_outcome, ALLOW_PUBLIC,
     "intervention,from,to,norm"},
    {"GET", "/quality/publish-status", api_quality_publish_status, ALLOW_PUBLIC,
     "intervention,year"},
    {"GET", "/quality/compare", api_quality_compare, ALLOW_PUBLIC, "intervention,year,postcode"},
    {"GET", "/tokens", api_tokens_list, ALLOW_ADMIN, ""},
    {"POST", "/tokens", api_tokens_create, ALLOW_ADMIN, ""},
    {"DELETE", "/tokens/{id}", api_tokens_revoke, ALLOW_ADMIN, ""},
};

const api_route *api_routes(size_t *n)
{
    *n = sizeof routes / sizeof routes[0];
    return routes;
}
