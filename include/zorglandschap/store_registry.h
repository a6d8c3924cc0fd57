/* Store functions for diagnosis registrations (all their SQL lives in
 * src/store/registry*.c): reference sets used to validate rows, upserts by natural key,
 * the submission log and the count queries. */
#ifndef ZORGLANDSCHAP_STORE_REGISTRY_H
#define ZORGLANDSCHAP_STORE_REGISTRY_H

#include <stdbool.h>
#include <stdint.h>

#include "zorglandschap/err.h"
#include "zorglandschap/store.h"
#include "zorglandschap/util.h"

/* One registration as validated by the importer. */
typedef struct zl_registration {
    const char *location_id;
    unsigned char pseudonym[32];
    int64_t orpha;
    char diagnosis_date[11]; /* YYYY-MM-DD */
    int birth_year;
    char sex[2]; /* "M", "F" or "X" */
    int pc4;
    char contact_date[11];
} zl_registration;

typedef enum zl_reg_put {
    ZL_REG_INSERTED,
    ZL_REG_UPDATED,   /* a newer contact date replaced the stored row */
    ZL_REG_UNCHANGED, /* the same row (or an older one) was already stored */
    ZL_REG_DUPLICATE  /* the same key earlier in this submission; *dup_line says where */
} zl_reg_put;

/* Reference sets for validation: the ORPHAcodes (bytes indexed by code, *n of them,
 * caller frees: 0 unknown, 1 active, 2 obsolete or deprecated) and the PC4 areas (10000
 * bytes, caller provides); locations come from zl_store_registry_location_list. */
zl_status zl_store_registry_orpha_codes(zl_store *s, unsigned char **bitmap, size_t *n,
                                        zl_err *err);
zl_status zl_store_registry_pc4s(zl_store *s, unsigned char bitmap[10000], zl_err *err);

/* Acting for one location: from zl_store_registry_act_for until
 * zl_store_registry_act_as_holder this connection runs a location token's registry
 * requests. On PostgreSQL the session becomes the role zl_location with zl.location set,
 * so row-level security (migration 15) lets it read and write only that location's
 * registrations and submissions, and national counts come from the database's
 * suppressed aggregates (a count of 1..ZL_SUPPRESS_MIN-1 arrives as -1, "suppressed").
 * On SQLite it only records the state. act_for fails (ZL_EDB) when the login role may
 * not switch to zl_location, and inside a transaction (ZL_EINTERNAL). When
 * act_as_holder fails the session stays restricted (later requests fail, never leak). */
zl_status zl_store_registry_act_for(zl_store *s, const char *location_id, zl_err *err);
zl_status zl_store_registry_act_as_holder(zl_store *s, zl_err *err);
bool zl_store_registry_acting_for_location(const zl_store *s);

/* A submission: opened inside the caller's transaction (location: the uploading
 * location, or NULL for the registry holder), rows put, then finished with its counts.
 * Bulk mode enlarges the page cache for the duration of an import. */
zl_status zl_store_registry_submission_open(zl_store *s, const char *source, const char *digest,
                                            bool synthetic, const char *location, int64_t *id,
                                            zl_err *err);
zl_status zl_store_registry_put(zl_store *s, const zl_registration *r, int64_t submission,
                                long line, zl_reg_put *what, long *dup_line, zl_err *err);
/* Puts n rows (distinct keys) at once; ZL_REGISTRY_BATCH rows go in one statement, other
 * counts row by row. what[i] receives the outcome of row i. */
#define ZL_REGISTRY_BATCH 64
zl_status zl_store_registry_put_batch(zl_store *s, const zl_registration *rows, const long *lines,
                                      size_t n, int64_t submission, zl_reg_put *what, zl_err *err);
/* A submission's n validated rows (distinct keys) written set-wise inside the caller's
 * transaction; row(ctx, i, ...) fills row i (0 <= i < n) and may be called more than once
 * for the same i. Each row is inserted (new key), updated (known key, contact on or after
 * the stored one, other values) or left unchanged, as zl_store_registry_put decides; *out
 * gets the three counts. SQLite writes ZL_REGISTRY_BATCH rows per statement; PostgreSQL
 * streams the rows with COPY (src/store/registry_write.c). On failure the caller rolls
 * back. */
typedef void (*zl_reg_row_fn)(void *ctx, size_t i, zl_registration *out, long *line);
typedef struct zl_reg_written {
    int64_t inserted, updated, unchanged;
} zl_reg_written;
zl_status zl_store_registry_write(zl_store *s, int64_t submission, size_t n, zl_reg_row_fn row,
                                  void *ctx, zl_reg_written *out, zl_err *err);

typedef struct zl_submission_counts {
    int64_t rows, accepted, rejected, inserted, updated, unchanged;
    bool synthetic; /* rows said so: marks the submission synthetic */
} zl_submission_counts;
zl_status zl_store_registry_submission_close(zl_store *s, int64_t id, const zl_submission_counts *c,
                                             zl_err *err);
void zl_store_registry_bulk(zl_store *s, bool on);

typedef struct zl_submission_row {
    int64_t id;
    const char *source, *digest, *submitted_at;
    const char *location_id; /* the uploading location, or NULL */
    zl_submission_counts counts;
    bool synthetic;
} zl_submission_row;
typedef zl_status (*zl_submission_cb)(const zl_submission_row *row, void *ctx, zl_err *err);
zl_status zl_store_registry_submissions(zl_store *s, zl_submission_cb cb, void *ctx, zl_err *err);
/* The same, newest first, of one uploading location only. */
zl_status zl_store_registry_submissions_of(zl_store *s, const char *location, zl_submission_cb cb,
                                           void *ctx, zl_err *err);

/* True when any accepted registration came from a submission flagged synthetic. */
zl_status zl_store_registry_synthetic(zl_store *s, bool *synthetic, zl_err *err);

/* Counts. code < 0 means all codes; location NULL means all locations. */
typedef zl_status (*zl_code_count_cb)(int64_t orpha, int64_t patients, void *ctx, zl_err *err);
/* National patients per ORPHAcode, deduplicated by pseudonym. Acting for a location on
 * PostgreSQL (zl_store_registry_act_for) a count of 1..ZL_SUPPRESS_MIN-1 arrives as -1. */
zl_status zl_store_registry_national(zl_store *s, int64_t code, zl_code_count_cb cb, void *ctx,
                                     zl_err *err);
/* Patients of one group along the classification (the code and all its descendants), each
 * patient once however many paths or codes lead there; nothing when it has none. code must
 * be >= 0: all groups at once are rolled up in memory from the two readers below. */
zl_status zl_store_registry_rollup(zl_store *s, int64_t code, zl_code_count_cb cb, void *ctx,
                                   zl_err *err);
/* Every distinct (ORPHAcode, pseudonym) pair of the registrations, ordered by code and then
 * pseudonym (32 bytes, valid during the call). */
typedef zl_status (*zl_code_pseudonym_cb)(int64_t orpha, const unsigned char *pseudonym, void *ctx,
                                          zl_err *err);
zl_status zl_store_registry_code_pseudonyms(zl_store *s, zl_code_pseudonym_cb cb, void *ctx,
                                            zl_err *err);
/* Every is-a edge of the Orphanet classification (orpha_parent), ordered by child, parent. */
typedef zl_status (*zl_edge_cb)(int64_t child, int64_t parent, void *ctx, zl_err *err);
zl_status zl_store_registry_classification(zl_store *s, zl_edge_cb cb, void *ctx, zl_err *err);
typedef zl_status (*zl_loc_count_cb)(const char *location_id, const char *location_name,
                                     int64_t orpha, int64_t patients, void *ctx, zl_err *err);
zl_status zl_store_registry_per_location(zl_store *s, const char *location, int64_t code,
                                         zl_loc_count_cb cb, void *ctx, zl_err *err);

/* The deduplicated patients of a code (with rollup: of the code and its descendants),
 * each once with the birth year, PC4 and location (id, name or NULL) of its latest
 * contact; the strings live until the callback returns. */
typedef struct zl_patient {
    int birth_year, pc4;
    const char *location_id, *location_name;
} zl_patient;
typedef zl_status (*zl_patient_cb)(const zl_patient *p, void *ctx, zl_err *err);
zl_status zl_store_registry_patients(zl_store *s, int64_t code, bool rollup, zl_patient_cb cb,
                                     void *ctx, zl_err *err);

/* Region of every PC4 in a layer; calls cb(pc4, code, name). */
typedef zl_status (*zl_pc4_region_cb)(int pc4, const char *code, const char *name, void *ctx,
                                      zl_err *err);
zl_status zl_store_registry_pc4_regions(zl_store *s, const char *layer, zl_pc4_region_cb cb,
                                        void *ctx, zl_err *err);

/* ---- reading the rare-disease tables (issue 3) for registry outputs ---- */

/* The preferred name of a code into buf ("" when unknown). */
zl_status zl_store_registry_code_name(zl_store *s, int64_t code, char *buf, size_t cap,
                                      zl_err *err);
/* Every prevalence record of a code. */
typedef struct zl_prevalence_row {
    const char *type, *qualification, *cls, *geography, *validation, *source;
    double value; /* ValMoy per 100 000, or -1 when absent */
} zl_prevalence_row;
typedef zl_status (*zl_prevalence_cb)(const zl_prevalence_row *r, void *ctx, zl_err *err);
zl_status zl_store_registry_prevalences(zl_store *s, int64_t code, zl_prevalence_cb cb, void *ctx,
                                        zl_err *err);
/* Population of the Netherlands: the sum over the PC4 areas (0 when none are loaded). */
zl_status zl_store_registry_population(zl_store *s, int64_t *population, zl_err *err);

/* Recognised centres for a code on a date: coverage of the code itself or of a group
 * above it, the date inside the period and no objection pending (as zl rare list). */
typedef struct zl_centre_row {
    const char *centre_id, *name, *location_id;
    int64_t covered_orpha; /* the code or group the recognition names */
} zl_centre_row;
typedef zl_status (*zl_centre_cb)(const zl_centre_row *r, void *ctx, zl_err *err);
zl_status zl_store_registry_centres_for(zl_store *s, int64_t code, const char *date,
                                        zl_centre_cb cb, void *ctx, zl_err *err);
/* Patients of a code registered at a location. */
zl_status zl_store_registry_patients_at(zl_store *s, int64_t code, const char *location_id,
                                        int64_t *patients, zl_err *err);
/* Patients of a code with a contact between since and date at the location of a centre
 * recognised for the code on date. */
zl_status zl_store_registry_seen_at_centre(zl_store *s, int64_t code, const char *date,
                                           const char *since, int64_t *patients, zl_err *err);

/* Reference lists for the synthetic generator, in a stable order. */
typedef zl_status (*zl_text_int_cb)(const char *text, int64_t value, void *ctx, zl_err *err);
/* Locations: cb(id, 1 when a UMC or children's hospital else 0). */
zl_status zl_store_registry_location_list(zl_store *s, zl_text_int_cb cb, void *ctx, zl_err *err);
/* Active codes of type 'disease', and those named by an expertise-centre recognition:
 * cb(name, orpha). */
zl_status zl_store_registry_disease_list(zl_store *s, zl_text_int_cb cb, void *ctx, zl_err *err);
/* PC4 areas with inhabitants and their population, as two arrays (caller frees both). */
zl_status zl_store_registry_area_list(zl_store *s, int **pc4, int64_t **population, size_t *n,
                                      zl_err *err);

#endif
