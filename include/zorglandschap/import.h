/* Importers of the care landscape from CSV files (formats in docs/formats.md): areas,
 * area ages, locations, region layers, interventions, volumes and patient flows. Each
 * import is one transaction: a bad row aborts it with a message naming the file, line,
 * column and reason, and the database is left exactly as it was. Rows are upserted, so
 * importing the same file twice changes nothing; duplicate keys within one file are
 * errors. */
#ifndef ZORGLANDSCHAP_IMPORT_H
#define ZORGLANDSCHAP_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zorglandschap/err.h"
#include "zorglandschap/store.h"

typedef struct zl_import_result {
    int64_t rows;    /* data rows read and stored */
    int64_t changed; /* rows inserted or updated (0 on a repeated import) */
    int64_t skipped; /* rows without data, skipped as documented for the kind */
    bool synthetic;  /* any row was marked synthetic */
} zl_import_result;

/* The kinds, in the order they can be imported (later kinds refer to earlier ones):
 * "areas", "area-ages", "locations", "regions", "interventions", "volumes", "flows". */
const char *const *zl_import_kinds(size_t *n);

/* Imports one CSV file of the given kind into the store in one transaction. */
zl_status zl_import_file(zl_store *s, const char *kind, const char *path, zl_import_result *res,
                         zl_err *err);

#endif
