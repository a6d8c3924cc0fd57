/* Typed access to the inputs of the regional impact assessment (docs/assess.md): staff per
 * location and intervention, the per-surgeon norm, providers' dependent services and group
 * volumes, tariffs, and whether a region layer is synthetic. Upserts for the importers,
 * readers for zl_assess_inputs_load. Strings passed in are borrowed for the call; strings
 * handed to callbacks are valid during the call only. */
#ifndef ZORGLANDSCHAP_STORE_ASSESS_H
#define ZORGLANDSCHAP_STORE_ASSESS_H

#include <stdbool.h>
#include <stdint.h>

#include "zorglandschap/err.h"
#include "zorglandschap/store.h"

/* Upserts; *changed (may be NULL) tells whether a row was written. */
zl_status zl_store_staff_put(zl_store *s, const char *intervention, const char *location,
                             int64_t surgeons, bool synthetic, bool *changed, zl_err *err);
zl_status zl_store_surgeon_norm_put(zl_store *s, const char *intervention, int64_t norm,
                                    bool synthetic, bool *changed, zl_err *err);
/* services: ';'-separated names in canonical order ("" for none). */
zl_status zl_store_provider_put(zl_store *s, const char *location, const char *services,
                                bool synthetic, bool *changed, zl_err *err);
zl_status zl_store_provider_group_put(zl_store *s, const char *location, const char *group,
                                      int64_t volume, bool synthetic, bool *changed, zl_err *err);
zl_status zl_store_tariff_put(zl_store *s, const char *intervention, double tariff,
                              const char *source, bool synthetic, bool *changed, zl_err *err);
/* Marks region `code` of `layer` synthetic. */
zl_status zl_store_region_mark_synthetic(zl_store *s, const char *layer, const char *code,
                                         zl_err *err);

/* Staff of one intervention, by location id. */
typedef zl_status (*zl_staff_fn)(void *ctx, const char *location, int64_t surgeons, bool synthetic,
                                 zl_err *err);
zl_status zl_store_staff_each(zl_store *s, const char *intervention, zl_staff_fn fn, void *ctx,
                              zl_err *err);
/* The per-surgeon norm; *norm -1 when none. */
zl_status zl_store_surgeon_norm_get(zl_store *s, const char *intervention, int64_t *norm,
                                    bool *synthetic, zl_err *err);
/* Providers with their services and their volume in `group` (-1 when not given). */
typedef zl_status (*zl_provider_fn)(void *ctx, const char *location, const char *services,
                                    int64_t group_volume, bool synthetic, zl_err *err);
zl_status zl_store_providers_each(zl_store *s, const char *group, zl_provider_fn fn, void *ctx,
                                  zl_err *err);
/* The tariff; *tariff -1 when none. */
zl_status zl_store_tariff_get(zl_store *s, const char *intervention, double *tariff,
                              bool *synthetic, zl_err *err);
/* Whether any region of the layer is synthetic. */
zl_status zl_store_region_layer_synthetic(zl_store *s, const char *layer, bool *synthetic,
                                          zl_err *err);

#endif
