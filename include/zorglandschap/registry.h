/* Diagnosis registrations by ORPHAcode: the submission import with per-row validation,
 * counts with suppression (national, per location, rolled up, by age band and region),
 * expected patients from prevalence, the VSOP concentration check and the centre contact
 * indicator. Formats in docs/formats-registry.md, methods in docs/registry.md. */
#ifndef ZORGLANDSCHAP_REGISTRY_H
#define ZORGLANDSCHAP_REGISTRY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "zorglandschap/err.h"
#include "zorglandschap/privacy.h"
#include "zorglandschap/rare.h"
#include "zorglandschap/store.h"
#include "zorglandschap/store_rare.h"

/* ---- import ---- */

#define ZL_REGISTRY_MAX_REJECTS 1000 /* errors kept per submission; all are counted */

/* One error of one row (a row can have several: every field is checked). */
typedef struct zl_registry_reject {
    long line;
    char *reason;       /* "FILE:LINE: column 'x': reason" */
    const char *column; /* the column ("orpha", ...), NULL for the whole row */
} zl_registry_reject;

/* The validation report of a submission (also what the HTTP upload shows). */
typedef struct zl_registry_import_result {
    int64_t submission_id;
    int64_t rows, accepted, rejected, inserted, updated, unchanged;
    int64_t errors;              /* errors found, all rows (>= rejected) */
    zl_registry_reject *rejects; /* the first ZL_REGISTRY_MAX_REJECTS errors, by line */
    size_t nrejects;
    bool stored;    /* false: rows were rejected without allow_partial; nothing changed */
    char delimiter; /* ',', ';' or '\t' as detected */
} zl_registry_import_result;

/* A rejected row as it was in the file (fields in the order of header; for a repeated
 * key the row is rebuilt from its checked values), with all its reasons joined by "; ".
 * Valid during the callback only. */
typedef struct zl_registry_rejected_row {
    long line;
    const char *const *header, *const *fields;
    size_t nfields;
    const char *reasons;
} zl_registry_rejected_row;

typedef struct zl_registry_import_opts {
    bool synthetic;     /* the file holds synthetic registrations */
    bool allow_partial; /* store the valid rows even when some are rejected */
    /* Called for every rejected row (all of them, not only the first reasons kept). */
    void (*on_reject)(void *ctx, const zl_registry_rejected_row *row);
    void *ctx;
    const char *name;     /* logged for the submission instead of the path, or NULL */
    const char *location; /* an upload by this location: other locations' rows rejected */
    /* Reading threads: 1, 2 (the file split in halves), or 0: 2 from 4 MB on. The result
     * (rows, rejects, reports and their order) is the same. */
    int threads;
} zl_registry_import_opts;

/* Imports one submission file (comma, semicolon or tab separated). Every field of every
 * row is checked; invalid rows are reported in res (and to on_reject). The valid rows and
 * the submission log entry commit together, and only when no row was rejected or
 * allow_partial is set; otherwise nothing changes (res->stored false) and res still
 * holds the full report. The result is filled on ZL_OK; free it with
 * zl_registry_import_result_free. Errors that concern the whole file (unreadable, not
 * CSV, missing column) fail with nothing stored. Progress goes to the store's reporter. */
zl_status zl_registry_import_ex(zl_store *s, const char *path, const zl_registry_import_opts *o,
                                zl_registry_import_result *res, zl_err *err);
/* zl_registry_import_ex with allow_partial (the valid rows are always stored). */
zl_status zl_registry_import(zl_store *s, const char *path, bool synthetic,
                             zl_registry_import_result *res, zl_err *err);
void zl_registry_import_result_free(zl_registry_import_result *res);

/* An upload (the HTTP server's registry form): the same import and report, with the file
 * logged under a display name and, for a location's upload, every row required to be
 * that location's own (other rows are rejected) and the submission recorded as its. */
typedef struct zl_registry_upload {
    const char *name;     /* shown in the submission history instead of the path */
    const char *location; /* the uploading location, or NULL (a registry holder) */
} zl_registry_upload;
zl_status zl_registry_import_upload(zl_store *s, const char *path, const zl_registry_upload *u,
                                    zl_registry_import_result *res, zl_err *err);

/* Field validators, shared with the synthetic generator and the tests. */
/* YYYY-MM-DD, a real calendar date from 1900 (zl_date_valid of rare.h) and its year.
 * ORPHAcodes are parsed with zl_orpha_parse of rare.h. */
bool zl_registry_date(const char *s, int *year);

/* ---- JSON (for the CLI and the HTTP server) ---- */
struct json_t;
/* The validation report: {submission, stored, delimiter, rows, accepted, rejected, errors,
 * inserted, updated, unchanged, rejections: [{line, column, reason}], rejections_truncated}. */
struct json_t *zl_registry_import_to_json(const zl_registry_import_result *res);
struct json_t *zl_registry_submissions_json(zl_store *s, zl_err *err);
/* The submissions uploaded by one location, newest first. */
struct json_t *zl_registry_submissions_json_of(zl_store *s, const char *location, zl_err *err);

/* ---- counts ---- */

typedef enum zl_count_by {
    ZL_BY_CODE = 0, /* one row per ORPHAcode (or group with rollup): national counts */
    ZL_BY_LOCATION, /* one row per location for one code */
    ZL_BY_AGE,      /* one row per age band for one code */
    ZL_BY_REGION    /* one row per region of a layer for one code */
} zl_count_by;

typedef struct zl_count_query {
    int64_t code;         /* ORPHAcode, or -1 for all (only with ZL_BY_CODE) */
    const char *location; /* restrict to one location's own registrations, or NULL */
    zl_count_by by;
    const char *layer; /* region layer for ZL_BY_REGION */
    bool rollup;       /* count groups along the classification */
    int ref_year;      /* ages are reference year minus year of birth; a viewer without an
                        * exact view gets the fixed reference date, 1 January of the
                        * current year, only (zl_registry_public_ref_year) */
    zl_viewer viewer;  /* decides suppression via zl_may_see_unsuppressed */
} zl_count_query;

typedef struct zl_count_row {
    char *key;         /* ORPHAcode, location id, age band or region code */
    char *label;       /* name where known, else "" */
    char *location_id; /* the location whose own patients this counts, or NULL */
    int64_t orpha;
    int64_t patients;
    zl_cell_state state;
    bool rounded;     /* patients is the cell-key rounded count (viewer without exact view) */
    int64_t national; /* with a location filter: the code's national count */
    zl_cell_state national_state;
    bool national_rounded;
    /* Expected patients (ZL_BY_CODE): -1 when no prevalence is known. */
    double expected, expected_low, expected_high;
    const char *prevalence_basis;
} zl_count_row;

typedef struct zl_count_table {
    zl_count_query q;
    zl_count_row *rows;
    size_t n, cap;
    bool has_total; /* breakdowns of one code: the deduplicated patients of the code */
    int64_t total;
    zl_cell_state total_state;
    bool total_rounded;
    bool synthetic;
    int64_t population; /* Dutch population used for expected patients (0: unknown) */
} zl_count_table;

/* The one reference year of public age tables: that of 1 January of the current year
 * (UTC). Publishing age bands for one fixed date keeps the bands from being differenced
 * across reference years (docs/privacy.md). */
int zl_registry_public_ref_year(void);

/* Runs a count query; the table is caller-owned (zl_count_table_free). Counts the viewer
 * may not see exactly are published with zl_cellkey_publish (multiples of 10 or "<10").
 * ZL_EINPUT for an age table with another reference year than the public one when the
 * viewer has no exact national view. */
zl_status zl_registry_counts(zl_store *s, const zl_count_query *q, zl_count_table *t, zl_err *err);
void zl_count_table_free(zl_count_table *t);
struct json_t *zl_count_table_to_json(const zl_count_table *t);
/* Fills names of codes and, for national rows, expected patients from prevalence. */
zl_status zl_registry_add_names_and_expected(zl_store *s, zl_count_table *t, zl_err *err);
/* Plain-text table for terminals. */
void zl_count_table_print(const zl_count_table *t, FILE *out);

/* The age band of an age: "0-17", "18-39", "40-64", "65+" (index into the bands). */
#define ZL_AGE_BANDS 4
int zl_age_band(int age);
const char *zl_age_band_name(int band);

/* ---- expected patients ---- */

/* Maps an Orphanet prevalence class ("1-9 / 100 000", "<1 / 1 000 000", ">1 / 1000", ...;
 * spaces and thin spaces in numbers ignored) to a range of prevalence per person and a
 * point estimate (docs/registry.md, "Expected patients"). *hi < 0 means open-ended.
 * False for "Unknown", "Not yet documented" and anything unrecognised. */
bool zl_prevalence_class_range(const char *cls, double *lo, double *hi, double *point);

/* ---- VSOP concentration and the centre contact indicator ---- */

#include "zorglandschap/vsop.h"

#define ZL_CONTACT_YEARS 5 /* the contact indicator looks back this many years */

typedef struct zl_conc_centre {
    char *centre_id, *name, *location_id;
    int64_t covered_orpha; /* the code or group the recognition names */
    int64_t patients;      /* the disease's patients registered at the centre's location */
    double share;          /* patients / the disease's known patients */
    bool meets_rule;       /* >= 35% and (for >= 200 known patients) >= 200 */
    zl_cell_state state;   /* suppression of patients for the report's viewer */
    bool in_network;       /* a member of an ECZA network covering the disease */
} zl_conc_centre;

typedef struct zl_conc_disease {
    int64_t orpha;
    char *name;
    int64_t patients; /* known patients, deduplicated by pseudonym */
    zl_cell_state state;
    zl_vsop_advice advice;
    zl_conc_centre *centres;
    int ncentres;
    zl_vsop_verdict verdict;
    int64_t seen_at_centre; /* patients with a contact at a centre in the look-back window */
    double contact_share;   /* seen_at_centre / patients */
    zl_cell_state seen_state;
    /* The organisation of care (docs/rare-networks.md): the ECZA networks covering the
     * disease or a group above it (network_id, name, ern), their shared-care partners on
     * the date (location_id, location, city, centre_id), and whether the disease's patients
     * are seen at a recognised centre that is in none of those networks. */
    zl_rows networks, partners;
    bool outside_network;
} zl_conc_disease;

typedef struct zl_conc_report {
    char date[11], since[11]; /* reference date and start of the contact window */
    zl_viewer viewer;
    zl_conc_disease *items;
    size_t n, cap;
    bool synthetic;
} zl_conc_report;

/* The VSOP check for one code (or every code with registered patients when code < 0) on
 * a reference date (YYYY-MM-DD). The report is caller-owned (zl_conc_report_free). */
zl_status zl_registry_concentration(zl_store *s, int64_t code, const char *date,
                                    const zl_viewer *viewer, zl_conc_report *out, zl_err *err);
void zl_conc_report_free(zl_conc_report *r);
struct json_t *zl_conc_report_to_json(const zl_conc_report *r);
void zl_conc_report_print(const zl_conc_report *r, FILE *out);

/* ---- synthetic registrations ---- */

typedef struct zl_registry_synth_opts {
    uint64_t seed;
    int64_t rows;     /* registrations to write */
    int codes;        /* diseases to spread them over (half with recognised centres) */
    const char *date; /* latest contact date, YYYY-MM-DD */
} zl_registry_synth_opts;

/* Writes synthetic registrations (CSV with a synthetic column) that validate against the
 * store's locations, ORPHAcodes and PC4 areas: the same seed and store give the same
 * file. Patients have random pseudonyms; some have several codes, and about one in five
 * is registered at two or three hospitals. *patients receives the number of patients. */
zl_status zl_registry_synth(zl_store *s, const zl_registry_synth_opts *o, FILE *out,
                            int64_t *patients, zl_err *err);

#endif
