/* The regional impact assessment of a volume norm after the NZa's "kader impactanalyse":
 * per region of a layer (e.g. provinces) and nationally, the impact on patients,
 * professionals, providers and care networks, a verdict against acceptability thresholds
 * and, where a region needs mitigation, the smallest set of below-norm locations to keep
 * as exceptions and the optimiser's alternative. Built on the impact analysis: one
 * zl_impact_run under one allocation rule gives every figure, and before/after travel come
 * from the same rule (zl_impact_detail_get). Method, formats, thresholds and the
 * mitigation search: docs/assess.md.
 *
 * Stability: the report module builds on these structs; fields are only ever added. */
#ifndef ZORGLANDSCHAP_ASSESS_H
#define ZORGLANDSCHAP_ASSESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "zorglandschap/alloc.h"
#include "zorglandschap/impact.h"
#include "zorglandschap/landscape.h"
#include "zorglandschap/store.h"

struct json_t;

/* ---- inputs of the other dimensions (zl import staff|providers|tariffs; networks are
 * region layers of locations, zl import regions) ------------------------------------- */

/* Dependent services of a location (bit flags; docs/assess.md, "providers"). */
enum {
    ZL_SERVICE_ICU = 1u << 0,              /* intensive care unit */
    ZL_SERVICE_SEH_24H = 1u << 1,          /* emergency department open 24/7 */
    ZL_SERVICE_ACUTE_OBSTETRICS = 1u << 2, /* acute obstetrics */
    ZL_SERVICE_NICU = 1u << 3,             /* neonatal intensive care */
    ZL_SERVICE_PCI = 1u << 4,              /* percutaneous coronary intervention 24/7 */
    ZL_SERVICE_TRAUMA = 1u << 5            /* trauma centre */
};
#define ZL_N_SERVICES 6
/* The name of service bit i (0..ZL_N_SERVICES-1): "icu", "seh_24h", ...; NULL outside. */
const char *zl_service_name(int i);
/* Parses one name; false when unknown. */
bool zl_service_parse(const char *s, unsigned *bit);

/* Age bands of displaced patients: flows carry no age, so an area's patients are split
 * over the bands in the proportions of its population (area_age); an estimate, labelled
 * as such. */
#define ZL_ASSESS_N_AGE 3
extern const char *const zl_assess_age_bands[ZL_ASSESS_N_AGE]; /* "0-64", "65-74", "75+" */

/* What the assessment needs besides the case and the allocation inputs, per case
 * location. Loaded by zl_assess_inputs_load or filled by hand (tests); owned by whoever
 * made it, freed with zl_assess_inputs_free (which frees every pointer below). */
typedef struct zl_assess_inputs {
    int32_t *surgeons;    /* per location: surgeons (or teams) performing it; -1 unknown */
    int64_t surgeon_norm; /* procedures per surgeon per year; -1: none */
    double *group_volume; /* per location: volume in the intervention's group; < 0 unknown */
    unsigned *services;   /* per location: ZL_SERVICE_* bits */
    double tariff;        /* euros (or cost weight) per procedure; < 0 unknown */
    char *network_layer;  /* the region layer used as care networks; NULL: none */
    /* Which network layer and why (the default's choice, or that the store has none); ""
     * for inputs made by hand. Shown in the JSON (network_layer_note), table and report. */
    char network_note[256];
    size_t n_networks;    /* codes of that layer, sorted */
    char **network_codes; /* n_networks strings */
    int32_t *network;     /* per location: index into network_codes, -1 none */
    double *age_share;    /* per case area: ZL_ASSESS_N_AGE shares summing to 1 (or all 0) */
    /* Names of the case's regions (n_region_names = the case's n_regions) and of the
     * networks (n_networks); an entry is NULL when unknown (inputs made by hand). */
    size_t n_region_names;
    char **region_names;
    char **network_names;
    /* Whether any row used was synthetic (labelled in the JSON and the table). */
    bool synthetic_staff, synthetic_providers, synthetic_tariff, synthetic_networks;
} zl_assess_inputs;

/* Loads the staff, surgeon norm, provider profile, services and tariff of the case's
 * intervention, the memberships of network_layer and the age shares. network_layer NULL:
 * the store's default care network layer (a region layer of locations only; of several,
 * the one matching the intervention's group, else the first by name; none when the store
 * has none), "none": no networks; network_note says which and why. Unknown network layer:
 * ZL_ENOTFOUND. Caller frees with zl_assess_inputs_free. */
zl_status zl_assess_inputs_load(zl_store *s, const zl_case *c, const char *network_layer,
                                zl_assess_inputs **out, zl_err *err);
/* Allocates an empty set for c (everything unknown, no network), for tests and callers
 * that fill it by hand. */
zl_status zl_assess_inputs_empty(const zl_case *c, zl_assess_inputs **out, zl_err *err);
void zl_assess_inputs_free(zl_assess_inputs *in);

/* ---- acceptability thresholds (data/assess/thresholds.conf; docs/assess.md) ---------- */

typedef enum zl_threshold_key {
    ZL_TH_NEW_BEYOND_45,       /* inhabitants newly beyond 45 minutes of the nearest location */
    ZL_TH_MEAN_EXTRA_MINUTES,  /* mean extra minutes of displaced patients */
    ZL_TH_MAX_EXTRA_MINUTES,   /* largest extra minutes of any displaced patient */
    ZL_TH_OVER_CAPACITY,       /* receiving locations above their capacity */
    ZL_TH_NETWORKS_WITHOUT,    /* networks left with no location for the intervention */
    ZL_TH_BELOW_SURGEON_NORM,  /* remaining locations below the per-surgeon norm after */
    ZL_TH_SERVICES_THREATENED, /* stopping locations that run dependent services */
    ZL_TH_DISPLACED_75PLUS,    /* displaced patients aged 75+ (estimated) */
} zl_threshold_key;
#define ZL_TH_N 8

/* The key's name in the file and the JSON ("new_inhabitants_beyond_45", ...). */
const char *zl_threshold_name(zl_threshold_key k);

/* Each threshold is a maximum: a region breaks it when its figure is above `max`. */
typedef struct zl_assess_thresholds {
    bool enabled[ZL_TH_N];
    double max[ZL_TH_N];
    char source[256]; /* the file it was read from, or "built-in default" */
} zl_assess_thresholds;

/* The built-in default, the same as data/assess/thresholds.conf. */
void zl_assess_thresholds_default(zl_assess_thresholds *out);
/* Reads a thresholds file: `key = value` lines, `#` comments, value a number >= 0 or
 * `off`; keys not in the file keep the default. Unknown key, bad value or a key given
 * twice: ZL_EINPUT naming the file, line and key. */
zl_status zl_assess_thresholds_load(const char *path, zl_assess_thresholds *out, zl_err *err);
/* The same from memory (name is used in messages). */
zl_status zl_assess_thresholds_parse(const char *name, const char *text, zl_assess_thresholds *out,
                                     zl_err *err);

/* ---- the result -------------------------------------------------------------------- */

#define ZL_ASSESS_HIST_MINUTES 10
#define ZL_ASSESS_HIST_BINS    13 /* 0-10, ..., 110-120, more than 120 minutes */

/* Patients: like-for-like travel (the rule's baseline, zl_alloc_rule_baseline), counted by
 * residence (the area's region). */
typedef struct zl_assess_patients {
    double total;                          /* patients of the comparison */
    double displaced;                      /* patients whose location changes */
    double displaced_age[ZL_ASSESS_N_AGE]; /* displaced split by age band (estimate) */
    zl_stat minutes_before, minutes_after; /* all patients */
    zl_stat extra_minutes;                 /* displaced patients: after - before */
    zl_beyond patients_beyond[ZL_IMPACT_N_THRESHOLDS];
    int64_t inhabitants;                                  /* population of the region's areas */
    zl_beyond inhabitants_beyond[ZL_IMPACT_N_THRESHOLDS]; /* from the nearest location */
    int64_t new_beyond_45; /* inhabitants of areas newly beyond 45 minutes */
    size_t n_pc4_new_beyond_45;
    int32_t *pc4_new_beyond_45; /* those PC4 codes, ascending (owned by the result) */
    /* Travel minutes of all patients before and after in bins of ZL_ASSESS_HIST_MINUTES
     * (bin k: more than k x width up to (k + 1) x width minutes, 0 in bin 0; the last bin
     * open-ended). */
    double hist_before[ZL_ASSESS_HIST_BINS], hist_after[ZL_ASSESS_HIST_BINS];
} zl_assess_patients;

/* Professionals: procedures per surgeon at the region's locations. */
typedef struct zl_assess_professionals {
    bool known;                /* any staff figure for the region's locations */
    int64_t surgeons;          /* at locations offering before (with a staff figure) */
    int64_t surgeons_stopping; /* at locations that stop */
    double per_surgeon_before; /* procedures / surgeons over locations with staff; NAN */
    double per_surgeon_after;  /* over remaining locations with staff; NAN */
    size_t below_norm_before;  /* locations below the per-surgeon norm (0 without a norm) */
    size_t below_norm_after;   /* remaining locations below it after */
} zl_assess_professionals;

/* Providers: volumes and revenue at the region's locations. */
typedef struct zl_assess_providers {
    double volume_lost;    /* by stopping locations (patients before) */
    double volume_gained;  /* by receiving locations (net gain) */
    double revenue_lost;   /* volume_lost x tariff; NAN without a tariff */
    double revenue_gained; /* volume_gained x tariff; NAN without a tariff */
    size_t stopping, receiving;
    size_t services_threatened; /* stopping locations running dependent services */
    size_t over_capacity;       /* remaining locations above their capacity after */
} zl_assess_providers;

/* Networks: displaced patients of the region's residents that cross a network border
 * (their location before and after are in different networks, or one is in none). */
typedef struct zl_assess_networks {
    bool known; /* a network layer was given */
    double patients_crossing;
    size_t networks;         /* networks with a location offering before in the region */
    size_t networks_without; /* of those, networks with no location after (anywhere) */
} zl_assess_networks;

/* One threshold a region breaks. */
typedef struct zl_assess_breach {
    zl_threshold_key key;
    double value, max;
} zl_assess_breach;

/* Mitigation of a region that breaks a threshold (docs/assess.md, "mitigation"). */
typedef struct zl_assess_mitigation {
    bool searched; /* the region needed mitigation and the search ran */
    bool found;    /* a set of at most max_keep locations removes every breach */
    size_t n_keep;
    uint32_t *keep;      /* the smallest such set: case location indices (owned) */
    size_t n_candidates; /* stopping locations that serve the region's residents */
    size_t evaluated;    /* scenarios the search evaluated */
    size_t max_keep;     /* the search's limit on the set size */
    char note[256];      /* why nothing was found, or "" */
    /* The optimiser's alternative: its choice of locations (all meet the norm), assessed
     * under the same rule; optimiser_run false when it could not run (note says why). */
    bool optimiser_run;
    bool optimiser_acceptable; /* the region's verdict under the optimiser's choice */
    size_t n_optimiser_open;
    uint32_t *optimiser_open; /* case location indices open in its answer (owned) */
    size_t n_optimiser_breaches;
    zl_assess_breach optimiser_breaches[ZL_TH_N];
    char optimiser_note[256];
} zl_assess_mitigation;

/* One region, or the nation (code "NL", index -1). */
typedef struct zl_assess_region {
    const char *code; /* borrowed from the case ("NL" for the nation) */
    const char *name; /* borrowed from the inputs ("Nederland" for the nation); NULL: unknown */
    int32_t index;    /* region index in the case, -1 for the nation */
    zl_assess_patients patients;
    zl_assess_professionals professionals;
    zl_assess_providers providers;
    zl_assess_networks networks;
    bool acceptable;
    size_t n_breaches;
    zl_assess_breach breaches[ZL_TH_N];
    zl_assess_mitigation mitigation;
} zl_assess_region;

/* One location offering before or after. */
typedef struct zl_assess_location {
    uint32_t location; /* case index */
    int32_t region;    /* region index, -1 none */
    int32_t network;   /* network index (inputs), -1 none */
    zl_loc_status status;
    bool kept;                          /* kept by override although below the norm */
    double volume_before, volume_after; /* patients in the case year */
    double revenue_change;              /* (after - before) x tariff; NAN without a tariff */
    int32_t surgeons;                   /* -1 unknown */
    double per_surgeon_before, per_surgeon_after; /* NAN when unknown or not offering */
    bool below_surgeon_norm_before, below_surgeon_norm_after;
    double group_volume;      /* < 0 unknown */
    double group_share_lost;  /* stopping: volume_before / group_volume; NAN otherwise */
    unsigned services;        /* ZL_SERVICE_* */
    bool services_threatened; /* stops and runs a dependent service */
    double capacity;          /* INFINITY when unlimited */
    bool over_capacity;       /* remains and volume_after > capacity */
} zl_assess_location;

/* One care network of the network layer. */
typedef struct zl_assess_network {
    const char *code; /* borrowed from the inputs */
    const char *name; /* borrowed from the inputs; NULL when unknown */
    size_t locations_before, locations_after;
    double patients_in, patients_out; /* displaced patients arriving from / leaving to others */
} zl_assess_network;

/* The whole assessment. Read-only for callers; everything is owned by the result except
 * the case, the inputs and the allocation inputs it borrows (free the result first). */
typedef struct zl_assess {
    const zl_case *c;
    const zl_assess_inputs *in;
    const zl_alloc_inputs *alloc; /* borrowed from the options (may be NULL) */
    int64_t norm;
    const char *norm_basis; /* "current", "proposed", "override" */
    const char *rule;       /* the allocation rule */
    const char *baseline;   /* "nearest" or "observed" (zl_alloc_rule_baseline) */
    bool synthetic;         /* any synthetic input (flows, staff, providers, ...) */
    zl_assess_thresholds thresholds;
    zl_assess_region national;
    size_t n_regions; /* the case's region layer (0 without one) */
    zl_assess_region *regions;
    size_t n_locations;
    zl_assess_location *locations; /* ordered by case index */
    size_t n_networks;
    zl_assess_network *networks; /* as inputs->network_codes */
    zl_impact *impact;           /* the impact analysis underneath (owned) */
} zl_assess;

typedef struct zl_assess_opts {
    int64_t norm;                           /* < 0: the current norm */
    zl_alloc_rule rule;                     /* ZL_ALLOC_REGION needs the case's region layer */
    const zl_alloc_inputs *alloc;           /* may be NULL for nearest and region; capacities */
    const zl_assess_thresholds *thresholds; /* NULL: the built-in default */
    const char *const *keep;                /* locations kept as exceptions (as zl_impact_opts) */
    size_t n_keep;
    /* Locations that stop whatever their volume (as zl_impact_opts): never suggested as
     * exceptions, and the optimiser's alternative may not keep them. */
    const char *const *stop;
    size_t n_stop;
    bool mitigate;   /* search mitigation for regions that need it */
    size_t max_keep; /* the search's limit on the set size; 0: 3 */
    bool optimiser;  /* also the optimiser's alternative (heuristic, GLPK when small) */
} zl_assess_opts;

/* Runs the assessment. Errors as zl_impact_run. Caller frees with zl_assess_free. */
zl_status zl_assess_run(const zl_case *c, const zl_assess_inputs *in, const zl_assess_opts *o,
                        zl_assess **out, zl_err *err);
void zl_assess_free(zl_assess *a);

/* The documented JSON document (docs/assess.md) and the readable table. Counts are exact
 * (no disclosure rounding, docs/privacy.md): not for public outputs; those use
 * zl_assess_to_json_ex with ZL_REPORT_PUBLIC (the HTTP endpoint does for everyone but
 * administrators). */
struct json_t *zl_assess_to_json(const zl_assess *a);
/* flags ZL_REPORT_PUBLIC (impact.h; d required): the document as published to viewers
 * without an exact view (docs/privacy.md): patient counts 1-9 null and the rest rounded by
 * the case's cell key (a location's volumes on the impact reports' cells), distributions
 * over fewer than 10 patients null, sums, revenue and procedures per surgeon from the
 * published volumes; "small_counts_suppressed": true. flags 0: zl_assess_to_json. NULL on
 * out of memory. */
struct json_t *zl_assess_to_json_ex(const zl_assess *a, unsigned flags,
                                    const struct zl_disclosure *d);
void zl_assess_print(const zl_assess *a, FILE *f);

#endif
