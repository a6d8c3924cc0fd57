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

/* Plausible bounds of the numeric fields (docs/formats.md, "Plausible bounds"). A value
 * outside them is an input error, never stored, so sums over a whole case (at most 9,000
 * PC4 areas times a few thousand locations) stay far below INT64_MAX. */
#define ZL_MAX_AREA_POPULATION 1000000 /* people in one PC4 area (largest is ~50,000) */
#define ZL_MAX_VOLUME          100000  /* procedures per location per year */
#define ZL_MAX_FLOW_PATIENTS   100000  /* patients per area, location and year */
#define ZL_MAX_NORM            100000  /* procedures per location per year */
#define ZL_MAX_WINDOW_YEARS    10      /* years a norm averages over */

typedef struct zl_import_result {
    int64_t rows;    /* data rows read and stored */
    int64_t changed; /* rows inserted or updated (0 on a repeated import) */
    int64_t skipped; /* rows without data, skipped as documented for the kind */
    bool synthetic;  /* any row was marked synthetic */
    /* hospitals-2019: how the hospitals were matched onto locations */
    int64_t matched_position, matched_name, added;
} zl_import_result;

/* The kinds, in the order they can be imported (later kinds refer to earlier ones):
 * "areas", "area-ages", "locations", "regions", "interventions", "volumes", "flows",
 * and for acute care "functions", "ambulance-posts", "ferries", "hospitals-2019" (RIVM's
 * hospitals.csv of March 2019 as it is) and "ambulance-posts-2019" (its post list), the
 * allocation inputs "partners" and "capacity", the quality indicators "indicators" and
 * "indicator-values", and the regional assessment's "staff", "providers" and "tariffs". */
const char *const *zl_import_kinds(size_t *n);

/* Imports one CSV file of the given kind into the store in one transaction. */
zl_status zl_import_file(zl_store *s, const char *kind, const char *path, zl_import_result *res,
                         zl_err *err);

/* Is f one of the acute functions (seh_24h, seh_day_evening, acute_obstetrics, nicu)? */
bool zl_acute_function_known(const char *f);

#endif
