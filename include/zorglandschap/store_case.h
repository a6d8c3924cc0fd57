/* Reading a case from the store: the SQL behind zl_case_load (the travel matrix itself is
 * streamed by zl_store_travel_scan of store_landscape.h). Bulk tables are
 * streamed through callbacks (one call per row, strings valid during the call only) so the
 * landscape module builds its arrays without holding SQL results; a callback returning
 * anything but ZL_OK stops the scan and its status is returned. */
#ifndef ZORGLANDSCHAP_STORE_CASE_H
#define ZORGLANDSCHAP_STORE_CASE_H

#include <stdbool.h>
#include <stdint.h>

#include "zorglandschap/landscape.h"
#include "zorglandschap/store.h"

/* The intervention with this code; ZL_ENOTFOUND when unknown. Fills *out with copies
 * (free with zl_intervention_clear). */
zl_status zl_store_intervention_get(zl_store *s, const char *code, zl_intervention *out,
                                    zl_err *err);

/* The latest year with flows (0 when none), and with a volume record or flows. */
zl_status zl_store_flow_latest_year(zl_store *s, const char *code, int *year, zl_err *err);
zl_status zl_store_volume_latest_year(zl_store *s, const char *code, int *year, zl_err *err);

/* Areas by pc4; locations by id (strings in the row valid during the call). */
typedef zl_status (*zl_area_fn)(void *ctx, const zl_area *a, zl_err *err);
typedef zl_status (*zl_location_fn)(void *ctx, const zl_location *l, zl_err *err);
zl_status zl_store_areas_each(zl_store *s, zl_area_fn fn, void *ctx, zl_err *err);
zl_status zl_store_locations_each(zl_store *s, zl_location_fn fn, void *ctx, zl_err *err);

/* The method of the travel matrix (of its first row; NULL when the table is empty).
 * Caller frees *method. */
zl_status zl_store_travel_method(zl_store *s, char **method, zl_err *err);

/* Flows of one intervention and year ordered by (pc4, location_id). */
typedef zl_status (*zl_flow_fn)(void *ctx, int32_t pc4, const char *location_id, int64_t patients,
                                bool synthetic, zl_err *err);
zl_status zl_store_flows_each(zl_store *s, const char *code, int year, zl_flow_fn fn, void *ctx,
                              zl_err *err);

/* Yearly volumes of one intervention for years from..to: the `volume` record where there is
 * one, else the sum of that location's flows in that year. */
typedef zl_status (*zl_volume_fn)(void *ctx, const char *location_id, int year, int64_t count,
                                  bool synthetic, zl_err *err);
zl_status zl_store_volumes_each(zl_store *s, const char *code, int from, int to, zl_volume_fn fn,
                                void *ctx, zl_err *err);

/* The region codes of a layer, sorted (empty when the layer does not exist; free with
 * zl_strv_free), and its members. */
zl_status zl_store_region_codes(zl_store *s, const char *layer, char ***out, size_t *n,
                                zl_err *err);
typedef zl_status (*zl_member_fn)(void *ctx, int32_t pc4, const char *location_id, const char *code,
                                  zl_err *err);
/* Areas (location_id NULL) then locations (pc4 0) of a layer. */
zl_status zl_store_region_members_each(zl_store *s, const char *layer, zl_member_fn fn, void *ctx,
                                       zl_err *err);

#endif
