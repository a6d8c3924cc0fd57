/* Travel profiles (car, ambulance), ferry links to areas without a road link, and the
 * batch travel table of `zl route table`. A profile is a set of crow-fly parameters with
 * documented speed sources and a calibrated speed level (docs/travel.md); a zl_router
 * turns a profile and a ferry set into a zl_travel_provider, so every consumer (the
 * cached matrix, the acute-care analysis, the table) routes island points through their
 * harbour. A road-network provider implements the same zl_travel_provider and plugs into
 * zl_route_table unchanged. */
#ifndef ZORGLANDSCHAP_ROUTE_H
#define ZORGLANDSCHAP_ROUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "zorglandschap/err.h"
#include "zorglandschap/travel.h"

/* ---- Ferries (data/nl/ferries.csv, docs/travel.md) ---- */

typedef struct zl_ferry_link {
    char island[64]; /* the area the link serves, e.g. "Texel" */
    char island_harbour[64], mainland_harbour[64];
    zl_geo_point island_pt, mainland_pt;
    double crossing_min; /* scheduled crossing */
    double wait_min;     /* allowance for waiting for the next sailing */
    bool night;          /* sails at night */
    zl_geo_point *poly;  /* the island's outline (closed implicitly), owned by the set */
    size_t n_poly;
    double lat_min, lat_max, lon_min, lon_max; /* the outline's bounding box */
} zl_ferry_link;

/* A set of ferry links, one per island; an island is the polygon of its link. */
typedef struct zl_ferry_set {
    zl_ferry_link *links;
    size_t n;
} zl_ferry_set;

/* One link as text fields (the CSV row or the stored row); polygon is
 * "LAT LON;LAT LON;..." with at least three vertices. */
typedef struct zl_ferry_fields {
    const char *island, *island_harbour, *mainland_harbour, *polygon;
    double island_lat, island_lon, mainland_lat, mainland_lon;
    double crossing_min, wait_min;
    bool night;
} zl_ferry_fields;

/* Validates and appends a link (copies everything). A second link for the same island,
 * a bad polygon or harbour outside its island's polygon is ZL_EINPUT. */
zl_status zl_ferry_set_add(zl_ferry_set *f, const zl_ferry_fields *in, zl_err *err);
void zl_ferry_set_free(zl_ferry_set *f); /* frees the contents; f itself is the caller's */

/* Reads a ferries CSV (format in docs/formats.md) into an empty set; errors name the
 * file, line and column. */
zl_status zl_ferry_set_read_csv(zl_ferry_set *f, const char *path, zl_err *err);

/* The link whose island contains p, or -1 (mainland). */
int zl_ferry_island_of(const zl_ferry_set *f, zl_geo_point p);

/* ---- Profiles ---- */

typedef enum zl_profile_kind { ZL_PROFILE_CAR = 0, ZL_PROFILE_AMBULANCE = 1 } zl_profile_kind;

/* "car" or "ambulance"; anything else is ZL_EINPUT. */
zl_status zl_profile_parse(const char *name, zl_profile_kind *out, zl_err *err);
const char *zl_profile_name(zl_profile_kind k);

/* The profile's crow-fly parameters: detour, speed bands (already multiplied by the
 * calibrated speed level) and, for car, the access minutes (0 for the ambulance). */
zl_crowfly_params zl_profile_params(zl_profile_kind k);
/* The same with another speed level (what calibration varies). */
zl_crowfly_params zl_profile_params_at(zl_profile_kind k, double level);
/* The calibrated speed level of the profile (1 = the documented base speeds). */
double zl_profile_speed_level(zl_profile_kind k);

/* ---- A router: crow-fly roads plus ferries ---- */

typedef struct zl_router {
    zl_crowfly cf;             /* road legs */
    const zl_ferry_set *ferry; /* may be NULL or empty; borrowed, must outlive the router */
    bool night;                /* links without night service are unusable */
    char method[192];
} zl_router;

/* A provider over road parameters p and ferry set f. Minutes are p's access minutes plus
 * driving plus, for a trip that leaves or reaches an island, the road leg to the harbour,
 * the waiting allowance and the crossing (km includes the crossing's straight line). A
 * trip that needs a link that does not sail (night) gets minutes and km = INFINITY. The
 * method is crow-fly's plus "+ferries:<hash of the set>" when f has links. */
zl_status zl_router_provider(zl_router *r, const zl_crowfly_params *p, const zl_ferry_set *f,
                             bool night, zl_travel_provider *out, zl_err *err);

/* ---- Batch table (zl route table) ---- */

typedef struct zl_route_point {
    char *id;
    zl_geo_point pt;
} zl_route_point;

/* Reads a CSV with columns id,lat,lon (more columns are ignored); ids must be unique and
 * non-empty, coordinates WGS84. Caller frees with zl_route_points_free. */
zl_status zl_route_points_read(const char *path, zl_route_point **out, size_t *n, zl_err *err);
void zl_route_points_free(zl_route_point *v, size_t n);

/* Writes from_id,to_id,minutes,km for every pair (from-major order): as CSV with a header
 * when csv, otherwise as an aligned text table. A pair without a route gets empty fields
 * (CSV) or "-" (text). Minutes are what the provider returns: a provider for the table is
 * made without access minutes, so they are driving time only. */
zl_status zl_route_table(const zl_travel_provider *p, const zl_route_point *from, size_t nf,
                         const zl_route_point *to, size_t nt, bool csv, FILE *out, zl_err *err);
/* The same with `digits` decimals of minutes (0-9; km get one more). */
zl_status zl_route_table_digits(const zl_travel_provider *p, const zl_route_point *from, size_t nf,
                                const zl_route_point *to, size_t nt, bool csv, int digits,
                                FILE *out, zl_err *err);

/* The same as JSON: {"count": n, "rows": [{from_id, to_id, minutes, km}]} with null
 * minutes and km where there is no route. New reference in *out. */
struct json_t;
zl_status zl_route_table_json(const zl_travel_provider *p, const zl_route_point *from, size_t nf,
                              const zl_route_point *to, size_t nt, struct json_t **out,
                              zl_err *err);

/* ---- Checking a profile against road-network reach (docs/travel.md) ---- */

/* Road-network reach as in data/nl/acute_2019/ors_reach.csv (pc4,lat,lon,hospital_id,band
 * with band "0-25" or "25-30"; a pair not listed is over 30 minutes) against a provider's
 * minutes x factor, for every listed PC4 point and every hospital of hospitals_csv
 * (id,lat,lon). Bands: 0 = up to 25 minutes, 1 = 25-30, 2 = over 30. */
typedef struct zl_reach_compare {
    int64_t m[3][3];      /* [reference band][model band], pairs */
    int64_t pairs_within; /* pairs that either side puts within 30 minutes */
    double alike;         /* share of those in the same band */
    double factor;
    size_t n_points, n_hospitals;
} zl_reach_compare;

typedef struct zl_reach_data zl_reach_data;

/* Reads both files and computes the provider's minutes for every pair once. */
zl_status zl_reach_data_load(const char *reach_csv, const char *hospitals_csv,
                             const zl_travel_provider *p, zl_reach_data **out, zl_err *err);
void zl_reach_data_free(zl_reach_data *d);
/* The confusion matrix with the model's minutes multiplied by factor. */
void zl_reach_compare_at(const zl_reach_data *d, double factor, zl_reach_compare *out);
/* The factor in [lo, hi] (steps of 0.005) with the largest share alike. */
void zl_reach_fit(const zl_reach_data *d, double lo, double hi, zl_reach_compare *best);
/* Prints the matrix under a title, as a Markdown table (rows: reference, columns: model). */
zl_status zl_reach_compare_print(const zl_reach_compare *r, const char *title, FILE *out,
                                 zl_err *err);

#endif
