/* Functions shared between the files of src/registry/ and not part of its public API. */
#ifndef ZORGLANDSCHAP_REGISTRY_INTERNAL_H
#define ZORGLANDSCHAP_REGISTRY_INTERNAL_H

#include "zorglandschap/err.h"
#include "zorglandschap/store.h"
#include "zorglandschap/store_registry.h"

/* Patients of every group along the classification with at least one, in ascending code
 * order: the same numbers as zl_store_registry_rollup gives for each group alone. */
zl_status zl_registry_rollup_all(zl_store *s, zl_code_count_cb cb, void *ctx, zl_err *err);

#endif
