/* Typed access to the acute-care tables of the store: location functions with validity
 * periods, ambulance posts, ferry links and the aliases that map external hospital ids
 * onto locations; and the reads the acute-care analysis loads its case from. Strings
 * passed in are borrowed for the call; arrays returned are the caller's to free with the
 * matching _free function. Dates are ISO 'YYYY-MM-DD' text, valid_to inclusive. */
#ifndef ZORGLANDSCHAP_STORE_ACUTE_H
#define ZORGLANDSCHAP_STORE_ACUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zorglandschap/err.h"
#include "zorglandschap/route.h"
#include "zorglandschap/store.h"

typedef struct zl_function_row {
    const char *location_id, *function, *valid_from, *valid_to;
} zl_function_row;

typedef struct zl_post_row {
    const char *name, *availability;
    bool around_clock;
    double lat, lon;
    const char *valid_from, *valid_to;
} zl_post_row;

/* Upserts (*changed may be NULL). */
zl_status zl_store_put_function(zl_store *s, const zl_function_row *r, bool *changed, zl_err *err);
zl_status zl_store_put_post(zl_store *s, const zl_post_row *r, bool *changed, zl_err *err);
zl_status zl_store_put_ferry(zl_store *s, const zl_ferry_fields *f, const char *source,
                             bool *changed, zl_err *err);
zl_status zl_store_put_location_alias(zl_store *s, const char *source, const char *source_id,
                                      const char *location_id, const char *matched_by,
                                      double distance_m, zl_err *err);

/* Does another period (another valid_from) of the same location and function, or of the
 * same post name, overlap [valid_from, valid_to]? */
zl_status zl_store_function_overlaps(zl_store *s, const zl_function_row *r, bool *overlaps,
                                     zl_err *err);
zl_status zl_store_post_overlaps(zl_store *s, const zl_post_row *r, bool *overlaps, zl_err *err);

/* Every ferry link of the store, appended to an empty set (free with zl_ferry_set_free). */
zl_status zl_store_ferries(zl_store *s, zl_ferry_set *out, zl_err *err);

/* A location with its name and point. */
typedef struct zl_named_point {
    char *id, *name;
    double lat, lon;
} zl_named_point;
void zl_named_points_free(zl_named_point *v, size_t n);

/* Every location, ordered by id. */
zl_status zl_store_named_locations(zl_store *s, zl_named_point **out, size_t *n, zl_err *err);
/* The locations with `function` on `date`, ordered by id. */
zl_status zl_store_function_locations(zl_store *s, const char *function, const char *date,
                                      zl_named_point **out, size_t *n, zl_err *err);
/* The ambulance posts valid on `date` (only the around-the-clock ones when around_clock);
 * id is the post's name. */
zl_status zl_store_posts_on(zl_store *s, const char *date, bool around_clock, zl_named_point **out,
                            size_t *n, zl_err *err);
/* The latest valid_from of any row of `function` (*date NULL when there is none); the
 * caller frees. */
zl_status zl_store_function_latest(zl_store *s, const char *function, char **date, zl_err *err);

/* Every area with its population, municipality and province, ordered by pc4. */
typedef struct zl_pop_area {
    int32_t pc4;
    double lat, lon;
    int64_t population;
    char *municipality, *province; /* "" when unknown */
} zl_pop_area;
zl_status zl_store_pop_areas(zl_store *s, zl_pop_area **out, size_t *n, zl_err *err);
void zl_pop_areas_free(zl_pop_area *v, size_t n);

/* Volumes of one intervention in its latest year with any volume: per location id
 * (*year 0 when there are none). Parallel arrays; free ids with zl_strv_free, counts with
 * free. */
zl_status zl_store_latest_volumes(zl_store *s, const char *intervention, char ***ids,
                                  int64_t **counts, size_t *n, int64_t *year, zl_err *err);

#endif
