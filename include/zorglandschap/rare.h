/* Rare diseases: importers of the Orphanet nomenclature (ORDO OBO-graph JSON, Orphadata
 * XML products 1, 3, 7 and 9), the ERN list and the expertise-centre register (ECZA); the
 * published register on a date; the record of one disorder; and their JSON forms, shared
 * by the CLI and the HTTP server. The finder lives in rare_finder.h. */
#ifndef ZORGLANDSCHAP_RARE_H
#define ZORGLANDSCHAP_RARE_H

#include <stdbool.h>
#include <stdint.h>

#include "zorglandschap/err.h"
#include "zorglandschap/store.h"

/* Plausible bound of an Orphadata prevalence value (ValMoy: cases per 100 000, or a number
 * of cases or families); a value outside 0..this is an input error. */
#define ZL_MAX_PREVALENCE_VALUE 1000000.0

struct json_t;

/* What an import read and stored; fields that do not apply to a kind stay 0. */
typedef struct zl_rare_import_stats {
    int64_t classes;    /* ORDO: classes in the file */
    int64_t records;    /* disorders, networks or register rows stored */
    int64_t obsolete;   /* obsolete or deprecated disorders */
    int64_t names;      /* preferred names and synonyms stored */
    int64_t synonyms;   /* synonyms stored */
    int64_t xrefs;      /* cross-references stored */
    int64_t icd10;      /* of which ICD-10 */
    int64_t parents;    /* classification edges stored */
    int64_t prevalence; /* prevalence rows stored */
} zl_rare_import_stats;

/* The kinds `zl rare import` knows: "ordo", "product1", "product3", "product7",
 * "product9", "ern", "ecza". Each import is one transaction: on error nothing changes. */
zl_status zl_rare_import(zl_store *s, const char *kind, const char *path,
                         zl_rare_import_stats *stats, zl_err *err);
bool zl_rare_kind_known(const char *kind);
/* The kinds above, in import order; *n is set to their number. */
const char *const *zl_rare_kinds(size_t *n);

zl_status zl_rare_import_ordo(zl_store *s, const char *path, zl_rare_import_stats *stats,
                              zl_err *err);
/* product is 1, 3, 7 or 9 (product9_prev). The language comes from the lang attributes. */
zl_status zl_rare_import_orphadata(zl_store *s, int product, const char *path,
                                   zl_rare_import_stats *stats, zl_err *err);
zl_status zl_rare_import_ern(zl_store *s, const char *path, zl_rare_import_stats *stats,
                             zl_err *err);
zl_status zl_rare_import_ecza(zl_store *s, const char *path, zl_rare_import_stats *stats,
                              zl_err *err);

/* Parses "ORPHA:586", "Orphanet_586" or "586" into a code; false when it is none. */
bool zl_orpha_parse(const char *text, int64_t *orpha);

/* Checks a date "YYYY-MM-DD" (a real calendar day). */
bool zl_date_valid(const char *date);
/* Today's date (UTC) as "YYYY-MM-DD" into buf (at least 11 bytes). */
void zl_date_today(char buf[11]);

/* The register as published on date: {"date", "synthetic", "count", "centres": [...]}.
 * Caller owns the result. */
zl_status zl_rare_register_json(zl_store *s, const char *date, struct json_t **out, zl_err *err);

/* The whole record of a code: names, type, status and successor, definition, parents,
 * children, cross-references, prevalence, centres recognised on date. ZL_ENOTFOUND for an
 * unknown code. Caller owns the result. */
zl_status zl_rare_record_json(zl_store *s, int64_t orpha, const char *date, struct json_t **out,
                              zl_err *err);

/* The centres rows of zl_rare_get_centres as a JSON array (shared with the finder). */
struct zl_rows;
struct json_t *zl_rare_centres_json(const struct zl_rows *r);

#endif
