/* The SQL of the choice model and of the allocation inputs (partners, capacities): the
 * only place these tables are read or written (schema migration 5). */
#ifndef ZORGLANDSCHAP_STORE_CHOICE_H
#define ZORGLANDSCHAP_STORE_CHOICE_H

#include <stdbool.h>

#include "zorglandschap/choice.h"
#include "zorglandschap/store.h"

/* Stores a fitted model in one transaction of its own, replacing any earlier model of
 * the same intervention and year. On failure nothing changes. */
zl_status zl_store_choice_save(zl_store *s, const zl_choice_model *m, zl_err *err);

/* The model of the intervention fitted on `year`, else the one of its latest fitted year
 * (year <= 0: the latest). *out is NULL when none is stored (not an error). Caller frees
 * with zl_choice_model_free. */
zl_status zl_store_choice_load(zl_store *s, const char *intervention, int year,
                               zl_choice_model **out, zl_err *err);

/* Codes and years of every stored model, ordered by code and year (for listings). */
typedef zl_status (*zl_choice_key_fn)(void *ctx, const char *intervention, int year, zl_err *err);
zl_status zl_store_choice_each(zl_store *s, zl_choice_key_fn fn, void *ctx, zl_err *err);

/* Partners: replace the whole table (inside the caller's transaction), and stream it
 * ordered by (from, to). */
zl_status zl_store_partners_clear(zl_store *s, zl_err *err);
zl_status zl_store_partner_put(zl_store *s, const char *from, const char *to, double share,
                               bool illustrative, zl_err *err);
typedef zl_status (*zl_partner_fn)(void *ctx, const char *from, const char *to, double share,
                                   zl_err *err);
zl_status zl_store_partners_each(zl_store *s, zl_partner_fn fn, void *ctx, zl_err *err);

/* Capacities of one intervention (upsert inside the caller's transaction; stream). */
zl_status zl_store_capacity_put(zl_store *s, const char *intervention, const char *location,
                                double capacity, bool *changed, zl_err *err);
typedef zl_status (*zl_capacity_fn)(void *ctx, const char *location, double capacity, zl_err *err);
zl_status zl_store_capacity_each(zl_store *s, const char *intervention, zl_capacity_fn fn,
                                 void *ctx, zl_err *err);

/* Every location with its organisation id (NULL when none), kind and code in region layer
 * `layer` (NULL when in none), ordered by id: what the sample's partners are made from. */
typedef zl_status (*zl_location_group_fn)(void *ctx, const char *id, const char *organisation,
                                          const char *kind, const char *region, zl_err *err);
zl_status zl_store_location_groups_each(zl_store *s, const char *layer, zl_location_group_fn fn,
                                        void *ctx, zl_err *err);

#endif
