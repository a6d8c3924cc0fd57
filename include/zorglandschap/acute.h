/* Acute care within 45 minutes, computed as RIVM does (docs/acute.md). For every PC4:
 * the ambulance's drive from the nearest post staffed around the clock to the PC4 point,
 * plus dispatch and on-scene minutes, plus the ambulance's drive to the nearest location
 * with the function (emergency department open 24/7, or acute obstetrics) on a date. The
 * inhabitants beyond the norm in total, per municipality and per province; the car
 * measure (inhabitants beyond 30 minutes' driving of the nearest location) beside it; and
 * the sensitivity of every location: the inhabitants who would fall beyond the norm if it
 * closed. A scenario closes locations (--close) and gives the whole analysis again.
 *
 * Ownership: a zl_acute_case is loaded once from the store (and reused for any number of
 * scenarios; read-only during zl_acute_reach, so several threads may share it); results
 * are the caller's and are freed with their _free. Errors name the function, date or
 * location that is wrong. */
#ifndef ZORGLANDSCHAP_ACUTE_H
#define ZORGLANDSCHAP_ACUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "zorglandschap/err.h"
#include "zorglandschap/route.h"
#include "zorglandschap/store.h"

struct json_t;

/* The time chain and the norms (documented defaults in docs/acute.md). */
typedef struct zl_acute_model {
    double dispatch_min; /* call taking and turn-out before the ambulance drives */
    double on_scene_min; /* treatment on scene and loading the patient */
    double minutes;      /* the norm: 45 */
    double car_minutes;  /* the car measure: 30 */
} zl_acute_model;

zl_acute_model zl_acute_model_defaults(void);

/* Travel providers of the analysis: ambulance (response and transport) and car (the car
 * measure), both driving time only. NULL in zl_acute_load means the profiles' crow-fly
 * routers with the store's ferries. */
typedef struct zl_acute_providers {
    const zl_travel_provider *ambulance, *car;
} zl_acute_providers;

typedef struct zl_acute_case zl_acute_case;

/* Loads the areas, the locations with `function` (seh_24h, seh_day_evening,
 * acute_obstetrics, nicu) on `date` (NULL or "": the latest date any location got the
 * function), the around-the-clock ambulance posts valid on that date, and computes the
 * travel times. An unknown function, a bad date, a date with no locations or no posts is
 * ZL_EINPUT. */
zl_status zl_acute_load(zl_store *s, const char *function, const char *date,
                        const zl_acute_providers *prov, zl_acute_case **out, zl_err *err);
void zl_acute_case_free(zl_acute_case *c);

const char *zl_acute_case_function(const zl_acute_case *c);
const char *zl_acute_case_date(const zl_acute_case *c);

/* One location with the function (the case's locations, ordered by id). */
typedef struct zl_acute_location {
    const char *id, *name; /* borrowed from the case */
    double lat, lon;
    bool closed;      /* in this scenario */
    int64_t increase; /* inhabitants beyond the norm if it closed as well */
    int64_t served;   /* inhabitants for whom it is the nearest (ambulance) */
} zl_acute_location;

typedef struct zl_acute_area_result {
    int32_t pc4;
    int64_t population;
    double response, transport, total; /* minutes; INFINITY when unreachable */
    double car;                        /* car minutes to the nearest location */
    int nearest;                       /* index into locations, -1 when none */
} zl_acute_area_result;

typedef struct zl_acute_region {
    const char *name;     /* borrowed from the case */
    const char *province; /* for municipalities; NULL for provinces */
    int64_t population, population_beyond, car_beyond;
} zl_acute_region;

typedef struct zl_acute_result {
    const zl_acute_case *c; /* borrowed: must outlive the result */
    zl_acute_model model;
    int64_t population_total, population_beyond, car_beyond;
    size_t n_posts;
    zl_acute_location *locations; /* every location with the function */
    size_t n_locations, n_closed;
    zl_acute_area_result *areas;
    size_t n_areas;
    zl_acute_region *municipalities; /* those with anyone beyond, most beyond first */
    size_t n_municipalities;
    zl_acute_region *provinces; /* every province, by name */
    size_t n_provinces;
    size_t *sensitive; /* indexes into locations with increase > 0, largest first */
    size_t n_sensitive;
} zl_acute_result;

/* Runs the analysis on a case with locations `close` (ids of locations with the function)
 * closed. An id that is not a location with the function on the case's date is
 * ZL_EINPUT. */
zl_status zl_acute_reach(const zl_acute_case *c, const zl_acute_model *m, const char *const *close,
                         size_t n_close, zl_acute_result *out, zl_err *err);
void zl_acute_result_free(zl_acute_result *r);

/* The JSON document (docs/acute.md): function, date, minutes, population_total,
 * population_beyond, share_beyond, municipalities[], provinces[], car_30, locations[],
 * sensitive[], closed[], model, and with with_areas the per-PC4 areas[]. New reference. */
struct json_t *zl_acute_json(const zl_acute_result *r, bool with_areas);

/* Text reports: the summary, the municipalities beyond the norm (up to max_rows, 0 = all)
 * and the sensitive locations. */
zl_status zl_acute_print(const zl_acute_result *r, size_t max_rows, FILE *out, zl_err *err);

/* ---- Closing acute obstetrics: where do the births go? ---- */

typedef struct zl_acute_receiver {
    const char *id, *name; /* borrowed from the case */
    double births_before, births_extra;
} zl_acute_receiver;

typedef struct zl_acute_close_result {
    const zl_acute_case *c;
    int64_t year;                           /* year of the BIRTH volumes */
    double births_moved;                    /* births of the closing locations */
    double mean_car_before, mean_car_after; /* car minutes of the women concerned */
    double max_car_after;
    double births_beyond_before, births_beyond_after; /* beyond car_minutes */
    zl_acute_receiver *receivers; /* locations that receive births, most first */
    size_t n_receivers;
    char **closed; /* the closing ids */
    size_t n_closed;
    const char *rule; /* "nearest" */
} zl_acute_close_result;

/* The births (intervention BIRTH, latest year) of the closing locations go to the
 * remaining ones: each closing location's births are spread over the PC4s it is the
 * nearest location for (by car), in proportion to their inhabitants aged 20-39, and each
 * PC4's share goes to its nearest remaining location. Needs the store for the volumes
 * and age bands. */
zl_status zl_acute_close(zl_store *s, const zl_acute_case *c, const zl_acute_model *m,
                         const char *const *close, size_t n_close, zl_acute_close_result *out,
                         zl_err *err);
void zl_acute_close_result_free(zl_acute_close_result *r);
struct json_t *zl_acute_close_json(const zl_acute_close_result *r);
zl_status zl_acute_close_print(const zl_acute_close_result *r, FILE *out, zl_err *err);

/* ---- Calibration (docs/travel.md) ---- */

/* The speed level of `profile` at which the analysis of `function` on `date` puts
 * `target` inhabitants beyond the norm (ambulance: beyond m->minutes; car: beyond
 * m->car_minutes' driving), by bisection over levels 0.5-min(2, 150 km/h / the base motorway
 * speed); *beyond is the count at that
 * level. A target outside what the range can reach is ZL_EINFEASIBLE. */
zl_status zl_acute_calibrate(zl_store *s, const char *function, const char *date,
                             zl_profile_kind profile, const zl_acute_model *m, int64_t target,
                             double *level, int64_t *beyond, zl_err *err);

#endif
