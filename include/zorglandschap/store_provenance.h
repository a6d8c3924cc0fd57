/* Provenance for reports: the datasets a database was built from (the import log: kind,
 * source file, rows, whether synthetic, when imported), so a report can name its data
 * sources and their dates. */
#ifndef ZORGLANDSCHAP_STORE_PROVENANCE_H
#define ZORGLANDSCHAP_STORE_PROVENANCE_H

#include <stdbool.h>
#include <stdint.h>

#include "zorglandschap/store.h"

typedef struct zl_import_record {
    const char *kind, *source; /* borrowed for the callback's duration */
    int64_t rows;
    bool synthetic;
    const char *imported_at; /* ISO 8601 UTC */
} zl_import_record;

typedef zl_status (*zl_import_record_fn)(void *ctx, const zl_import_record *r, zl_err *err);

/* Every import, oldest first; fn's failure stops the walk and is returned. */
zl_status zl_store_import_log(zl_store *s, zl_import_record_fn fn, void *ctx, zl_err *err);

#endif
