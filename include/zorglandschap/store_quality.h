/* Typed access to the quality indicators (migration 12, docs/quality.md): definitions,
 * values per location and year, the publication status of the providers of an
 * intervention and travel minutes from a postcode. Strings handed to callbacks are valid
 * until the callback returns. */
#ifndef ZORGLANDSCHAP_STORE_QUALITY_H
#define ZORGLANDSCHAP_STORE_QUALITY_H

#include <stdbool.h>
#include <stdint.h>

#include "zorglandschap/err.h"
#include "zorglandschap/store.h"

/* An indicator definition. direction: "lower" or "higher" (which is better); type:
 * "proportion" (numerator / denominator) or "oe_ratio" (observed / case-mix expected). */
typedef struct zl_indicator_def {
    const char *code, *name_nl, *name_en, *intervention, *direction, *type, *registry;
    int year;                /* year of the definition */
    double base_rate;        /* national rate the sample starts from; NAN when none */
    const char *base_source; /* where base_rate comes from (NULL when none) */
    bool illustrative;       /* base_rate is not a cited figure */
    bool synthetic;
} zl_indicator_def;

typedef struct zl_indicator_value_row {
    const char *indicator, *location_id;
    int year;
    int64_t numerator, denominator;
    double expected; /* case-mix expected count (O/E indicators); NAN when none */
    bool published, synthetic;
} zl_indicator_value_row;

/* Upserts; *changed (may be NULL) says whether a row was inserted or updated. */
zl_status zl_store_indicator_put(zl_store *s, const zl_indicator_def *d, bool *changed,
                                 zl_err *err);
zl_status zl_store_indicator_value_put(zl_store *s, const zl_indicator_value_row *r, bool *changed,
                                       zl_err *err);

/* The type ("proportion"/"oe_ratio") of an indicator; *found false when it is unknown. */
zl_status zl_store_indicator_type(zl_store *s, const char *code, char type[16], bool *found,
                                  zl_err *err);

/* Definitions ordered by intervention and code; intervention and code filter when not NULL. */
typedef zl_status (*zl_indicator_fn)(void *ctx, const zl_indicator_def *d, zl_err *err);
zl_status zl_store_indicators_each(zl_store *s, const char *intervention, const char *code,
                                   zl_indicator_fn fn, void *ctx, zl_err *err);

/* A value with its location's name and position and the location's volume of the
 * indicator's intervention in the same year (-1 when there is no volume record). */
typedef struct zl_quality_row {
    const char *location_id, *name;
    double lat, lon;
    int year;
    int64_t numerator, denominator;
    double expected; /* NAN when none */
    bool published, synthetic;
    int64_t volume;
} zl_quality_row;

/* Values of one indicator in years from..to (inclusive), ordered by year and location. */
typedef zl_status (*zl_quality_row_fn)(void *ctx, const zl_quality_row *r, zl_err *err);
zl_status zl_store_indicator_values_each(zl_store *s, const char *indicator, int from, int to,
                                         zl_quality_row_fn fn, void *ctx, zl_err *err);

/* First and last year with values of an indicator (both 0 when there are none). */
zl_status zl_store_indicator_years(zl_store *s, const char *indicator, int *first, int *last,
                                   zl_err *err);

/* Publication status: every location with a volume above 0 of an intervention (NULL: of
 * every intervention with indicators) in `year`, once per indicator of that intervention.
 * state: 1 published, 0 reported to the registry but not published, -1 no value at all. */
typedef struct zl_publish_row {
    const char *intervention, *indicator, *location_id, *name;
    double lat, lon;
    int64_t volume; /* the location's volume of the intervention in the year */
    int state;
    bool synthetic; /* the volume or the value was generated */
} zl_publish_row;
typedef zl_status (*zl_publish_row_fn)(void *ctx, const zl_publish_row *r, zl_err *err);
zl_status zl_store_publish_status_each(zl_store *s, const char *intervention, int year,
                                       zl_publish_row_fn fn, void *ctx, zl_err *err);

/* The latest year with indicator values of an intervention (NULL: any); 0 when none. */
zl_status zl_store_quality_latest_year(zl_store *s, const char *intervention, int *year,
                                       zl_err *err);

/* The stored spelling of an intervention code given in any case; *found false when none. */
zl_status zl_store_intervention_code(zl_store *s, const char *code, char out[64], bool *found,
                                     zl_err *err);

/* Travel minutes from a PC4 area to every location with a stored travel time. */
typedef zl_status (*zl_minutes_fn)(void *ctx, const char *location_id, double minutes, zl_err *err);
zl_status zl_store_minutes_from(zl_store *s, int32_t pc4, zl_minutes_fn fn, void *ctx, zl_err *err);

#endif
