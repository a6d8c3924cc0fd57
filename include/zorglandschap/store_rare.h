/* Store functions for the rare-disease tables (migration 2): the Orphanet nomenclature
 * (orpha_disorder, orpha_name, orpha_parent, orpha_xref, orpha_prevalence), the European
 * Reference Networks (ern) and the expertise-centre register (ecza_centre,
 * ecza_coverage). Writers are called inside an import transaction; readers return
 * zl_rows tables that the caller frees. */
#ifndef ZORGLANDSCHAP_STORE_RARE_H
#define ZORGLANDSCHAP_STORE_RARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zorglandschap/err.h"
#include "zorglandschap/store.h"

/* A small table of text cells returned by a query (NULL cells for SQL NULL). Owned by the
 * caller: free with zl_rows_free. */
typedef struct zl_rows {
    size_t n, ncol;
    char **cell; /* n * ncol cells, row-major */
} zl_rows;

void zl_rows_free(zl_rows *r);
const char *zl_rows_get(const zl_rows *r, size_t row, size_t col);
int64_t zl_rows_int(const zl_rows *r, size_t row, size_t col); /* 0 for NULL */

/* One disorder as an import knows it. NULL fields leave the stored value as it is
 * (a new disorder with a NULL status is 'active'). name_is_en: name is the preferred English name
 * and replaces the stored one; otherwise it is only used when the code is new. */
typedef struct zl_orpha_put {
    int64_t orpha;
    const char *name;
    bool name_is_en;
    const char *type;       /* lower case, e.g. "disease"; NULL keeps */
    const char *status;     /* "active", "obsolete", "deprecated" */
    int64_t moved_to;       /* 0: keep */
    const char *definition; /* NULL keeps */
    const char *source;     /* e.g. "ordo", "product1" */
} zl_orpha_put;

zl_status zl_rare_put_disorder(zl_store *s, const zl_orpha_put *d, zl_err *err);
/* Inserts a disorder known only by code and name (from a classification), unless present. */
zl_status zl_rare_ensure_disorder(zl_store *s, int64_t orpha, const char *name, const char *source,
                                  zl_err *err);
zl_status zl_rare_disorder_exists(zl_store *s, int64_t orpha, bool *exists, zl_err *err);
zl_status zl_rare_set_linearisation(zl_store *s, int64_t orpha, int64_t head, zl_err *err);

/* Names of one language replace that language's names of the disorder. */
zl_status zl_rare_clear_names(zl_store *s, int64_t orpha, const char *lang, zl_err *err);
zl_status zl_rare_add_name(zl_store *s, int64_t orpha, const char *lang, bool preferred,
                           const char *name, zl_err *err);

/* Parents from one source replace that source's parents of the child. */
zl_status zl_rare_clear_parents(zl_store *s, int64_t child, const char *source, zl_err *err);
zl_status zl_rare_add_parent(zl_store *s, int64_t child, int64_t parent, const char *source,
                             zl_err *err);

zl_status zl_rare_clear_xrefs(zl_store *s, int64_t orpha, const char *source, zl_err *err);
zl_status zl_rare_put_xref(zl_store *s, int64_t orpha, const char *db, const char *code,
                           const char *relation, const char *validation, const char *source,
                           zl_err *err);

zl_status zl_rare_clear_prevalence(zl_store *s, int64_t orpha, const char *source, zl_err *err);
typedef struct zl_prevalence_put {
    int64_t orpha;
    const char *type, *qualification, *klass, *geography, *validation, *source;
    bool has_value;
    double value;
} zl_prevalence_put;
zl_status zl_rare_add_prevalence(zl_store *s, const zl_prevalence_put *p, zl_err *err);

/* ERNs and the ECZA register. */
zl_status zl_rare_put_ern(zl_store *s, const char *acronym, const char *name, const char *scope,
                          zl_err *err);
zl_status zl_rare_ern_exists(zl_store *s, const char *acronym, bool *exists, zl_err *err);
zl_status zl_rare_location_exists(zl_store *s, const char *id, bool *exists, zl_err *err);
zl_status zl_rare_put_centre(zl_store *s, const char *id, const char *location_id, const char *name,
                             const char *patient_org, bool synthetic, zl_err *err);
typedef struct zl_coverage_put {
    const char *centre_id;
    int64_t orpha;
    const char *ern, *from, *to, *status, *patient_org;
    bool synthetic;
} zl_coverage_put;
/* Finds another period of the same centre and code that overlaps [from, to]; *found is
 * set to its start date (caller frees) or NULL. */
zl_status zl_rare_coverage_overlap(zl_store *s, const zl_coverage_put *c, char **found,
                                   zl_err *err);
zl_status zl_rare_put_coverage(zl_store *s, const zl_coverage_put *c, zl_err *err);

/* Readers. Column lists are given per function. */
/* orpha, name, type, status, moved_to, definition, linearisation, linearisation_name */
zl_status zl_rare_get_disorder(zl_store *s, int64_t orpha, zl_rows *out, zl_err *err);
/* lang, kind, name (preferred first) */
zl_status zl_rare_get_names(zl_store *s, int64_t orpha, zl_rows *out, zl_err *err);
/* orpha, name, type of the parents / of the children */
zl_status zl_rare_get_parents(zl_store *s, int64_t orpha, zl_rows *out, zl_err *err);
zl_status zl_rare_get_children(zl_store *s, int64_t orpha, zl_rows *out, zl_err *err);
/* db, code, relation, validation */
zl_status zl_rare_get_xrefs(zl_store *s, int64_t orpha, zl_rows *out, zl_err *err);
/* type, qualification, class, value, geography, validation, source */
zl_status zl_rare_get_prevalence(zl_store *s, int64_t orpha, zl_rows *out, zl_err *err);
/* orpha codes with the cross-reference db:code (code compared exactly; an ICD-10 category
 * such as E84 also matches its subcodes E84.x, listed after the category itself) */
zl_status zl_rare_find_xref(zl_store *s, const char *db, const char *code, zl_rows *out,
                            zl_err *err);
/* Centres recognised for exactly this code on date (YYYY-MM-DD), objection pending
 * excluded: centre_id, centre, location_id, location, city, ern, from, to, status,
 * patient_org, synthetic */
zl_status zl_rare_get_centres(zl_store *s, int64_t orpha, const char *date, zl_rows *out,
                              zl_err *err);
/* The register as published on date: orpha, disorder, centre_id, centre, location_id,
 * location, city, ern, from, to, status, patient_org, synthetic */
zl_status zl_rare_get_register(zl_store *s, const char *date, zl_rows *out, zl_err *err);
/* Whole tables for the in-memory atlas (rare_atlas.h), each ordered by code first:
 * centres recognised on date: orpha, then the columns of zl_rare_get_centres;
 * disorders: orpha, name, type; preferred names: orpha, lang, name;
 * parents (that are disorders): child, parent; prevalence: orpha, type, class,
 * geography, source (the order of zl_rare_get_prevalence within a code). */
zl_status zl_rare_all_centres(zl_store *s, const char *date, zl_rows *out, zl_err *err);
zl_status zl_rare_all_disorders(zl_store *s, zl_rows *out, zl_err *err);
zl_status zl_rare_all_preferred(zl_store *s, zl_rows *out, zl_err *err);
zl_status zl_rare_all_parents(zl_store *s, zl_rows *out, zl_err *err);
zl_status zl_rare_all_prevalence(zl_store *s, zl_rows *out, zl_err *err);
/* acronym, name, scope */
zl_status zl_rare_get_erns(zl_store *s, zl_rows *out, zl_err *err);

/* Every name for the finder index: orpha, lang, kind, name, status, moved_to, type. */
zl_status zl_rare_all_names(zl_store *s, zl_rows *out, zl_err *err);
/* Counts for `zl rare` summaries and tests: disorders, names, parents, xrefs, prevalence,
 * centres, coverage rows. */
zl_status zl_rare_counts(zl_store *s, int64_t counts[7], zl_err *err);

/* The baseline of the finder benchmark: a plain SQL LIKE over all names
 * ('%' || pattern || '%', case-insensitive for ASCII). Columns: orpha, name. */
zl_status zl_rare_like_search(zl_store *s, const char *pattern, int limit, zl_rows *out,
                              zl_err *err);

/* The second, stronger baseline of the finder benchmark: SQLite FTS5 with its trigram
 * tokenizer. zl_rare_fts_build indexes every name, ORPHA:n of every active disorder and
 * every cross-reference code (ICD-10, OMIM) in a TEMP table of this connection (the
 * database file is not changed); call it again after an import. zl_rare_fts_search ranks
 * by bm25 over the OR of the query's trigrams, so typos and codes can match; at most
 * limit codes, best first, one row per code. Columns: orpha, rank. A query of fewer than
 * three characters gives no rows. */
zl_status zl_rare_fts_build(zl_store *s, zl_err *err);
zl_status zl_rare_fts_search(zl_store *s, const char *query, int limit, zl_rows *out, zl_err *err);

#endif
