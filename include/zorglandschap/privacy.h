/* Privacy of registrations: pseudonyms made at the hospital from the citizen service number
 * (BSN), suppression of small counts in public outputs, and the one rule that decides who
 * may see unsuppressed counts. Methods are documented in docs/privacy.md. */
#ifndef ZORGLANDSCHAP_PRIVACY_H
#define ZORGLANDSCHAP_PRIVACY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "zorglandschap/err.h"
#include "zorglandschap/util.h"

/* ---- pseudonyms ---- */

#define ZL_PSEUDONYM_KEY_BYTES 32
#define ZL_PSEUDONYM_HEX       64 /* a pseudonym is 64 lowercase hex digits */
#define ZL_BSN_DIGITS          9

/* HMAC-SHA-256 of msg under a key of any length (RFC 2104 / RFC 4231), via libsodium. */
zl_status zl_hmac_sha256(const unsigned char *key, size_t keylen, const unsigned char *msg,
                         size_t msglen, unsigned char out[32], zl_err *err);

/* Checks a BSN with the eleven-test and normalises it to 9 digits in out (NUL-terminated):
 * 8-digit numbers get a leading zero; spaces, dots and dashes between digits are ignored.
 * Returns false with a reason in *why for anything else. */
bool zl_bsn_check(const char *bsn, char out[ZL_BSN_DIGITS + 1], const char **why);

/* Writes a new random key file (mode 0600; fails when the file exists). */
zl_status zl_pseudonym_key_generate(const char *path, zl_err *err);
/* Reads a key file written by zl_pseudonym_key_generate. */
zl_status zl_pseudonym_key_read(const char *path, unsigned char key[ZL_PSEUDONYM_KEY_BYTES],
                                zl_err *err);

/* The pseudonym of a (checked, normalised) BSN: hex(HMAC-SHA-256(key, 9 digits)). */
zl_status zl_pseudonym_of_bsn(const unsigned char key[ZL_PSEUDONYM_KEY_BYTES], const char *bsn9,
                              char out[ZL_PSEUDONYM_HEX + 1], zl_err *err);

/* Parses 64 hex digits (either case) into 32 bytes; false when malformed. */
bool zl_pseudonym_parse(const char *hex, unsigned char out[32]);

/* Transforms text: in CSV mode (column != NULL) the named column of a CSV with a header
 * is replaced by `out_column` holding the pseudonym, other columns kept; in line mode
 * (column == NULL) every non-empty line is one BSN and becomes one pseudonym. Every
 * invalid BSN is reported on its own line in *problems ("NAME:LINE: reason"); when any
 * is invalid the function returns ZL_EINPUT and `out` must not be used. Buffers are
 * caller-owned (zl_buf_free). */
zl_status zl_pseudonymise_text(const unsigned char key[ZL_PSEUDONYM_KEY_BYTES], const char *name,
                               const char *data, size_t len, const char *column,
                               const char *out_column, zl_buf *out, zl_buf *problems, zl_err *err);

/* ---- small-count suppression ---- */

#define ZL_SUPPRESS_MIN 10 /* counts 1..ZL_SUPPRESS_MIN-1 are shown as "<10" */

typedef enum zl_cell_state {
    ZL_CELL_SHOWN = 0,
    ZL_CELL_PRIMARY,  /* 1..9: suppressed itself */
    ZL_CELL_SECONDARY /* suppressed so that a total or difference cannot reveal a primary */
} zl_cell_state;

/* True when a count must be suppressed on its own (1..9). */
bool zl_suppress_primary(int64_t count);

/* Suppresses the cells of one table that has a published total (the total is the sum of
 * the cells, or an upper bound on it when a patient can be in several cells): marks
 * primary cells, and while exactly one cell of the table is suppressed (its value would
 * follow from the total minus the others) also suppresses the smallest shown non-zero
 * cell. `state` has n entries and is filled. Returns the number of suppressed cells. */
size_t zl_suppress_table(const int64_t *cells, size_t n, zl_cell_state *state);

/* Applies suppression for a viewer: cells it may see exactly stay shown, the others are
 * suppressed with zl_suppress_table as one table (so that what the viewer knows plus the
 * total cannot reveal a suppressed cell). visible[i] from zl_may_see_unsuppressed. */
void zl_suppress_for_viewer(const int64_t *cells, const bool *visible, size_t n,
                            zl_cell_state *state);

/* Formats a count for output: the number, or "<10" when suppressed. buf >= 24 bytes. */
const char *zl_count_text(int64_t count, zl_cell_state state, char *buf, size_t bufsz);

/* ---- cell-key rounding: disclosure control across queries (docs/privacy.md) ---- */

#define ZL_ROUND_BASE 10 /* public counts are multiples of this (or "<10") */

/* The per-database secret of the rounding (zl_store_disclosure_key reads it). */
typedef struct zl_disclosure {
    unsigned char key[32];
} zl_disclosure;

/* Unbiased random rounding of a count x >= 0 to a multiple of ZL_ROUND_BASE, driven by
 * the cell key HMAC-SHA-256(key, cell "\0" x): up with probability (x mod 10) / 10, so the
 * same cell with the same count always gets the same result in every answer. 0 stays 0;
 * 1..9 become 0 or 10. `cell` names what is counted (e.g. "registry/code/558"): two
 * answers that count the same thing must name it the same. */
int64_t zl_cellkey_round(const zl_disclosure *d, const char *cell, int64_t x);

/* A count as published to a viewer without an exact view: 0 shown as 0, 1..9 suppressed
 * (ZL_CELL_PRIMARY, shown "<10"), anything else rounded by zl_cellkey_round. *shown gets
 * the published number (the rounded value also for a suppressed cell, for use in sums
 * that are published rounded). Returns the state. */
zl_cell_state zl_cellkey_publish(const zl_disclosure *d, const char *cell, int64_t x,
                                 int64_t *shown);

/* A patient count of an intervention's case in one year, as every public report of it
 * (impact reports, rule sensitivity, the norm check, the choice fit) publishes it: expected
 * (fractional) counts rounded half up to whole patients, then zl_cellkey_publish on the
 * cell "impact/<what>/<intervention>/<year>" (what: e.g. "volume/<location id>"), so one
 * count of the case is the same published number wherever it appears. */
zl_cell_state zl_cellkey_publish_case(const zl_disclosure *d, const char *what,
                                      const char *intervention, int year, double v, int64_t *shown);

/* ---- who may see unsuppressed counts ---- */

typedef enum zl_viewer_role {
    ZL_VIEWER_PUBLIC = 0, /* anyone: suppressed counts only */
    ZL_VIEWER_LOCATION,   /* a submitting hospital location: its own patients unsuppressed */
    ZL_VIEWER_ANALYST,    /* a named analyst: suppressed counts, like the public */
    ZL_VIEWER_ADMIN       /* the registry holder (data quality): everything unsuppressed */
} zl_viewer_role;

typedef struct zl_viewer {
    zl_viewer_role role;
    const char *location_id; /* for ZL_VIEWER_LOCATION: the location it speaks for */
} zl_viewer;

/* THE access rule. cell_location_id is the location whose own patients a count describes
 * (a per-location count), or NULL for counts that combine locations (national, regional,
 * roll-ups, age bands). Every front end asks this function and nothing else. */
bool zl_may_see_unsuppressed(const zl_viewer *v, const char *cell_location_id);

const char *zl_viewer_role_name(zl_viewer_role r);
/* Parses "public", "analyst" or "admin" (the roles a viewer may claim by name; a location's
 * view needs its location id); false for anything else. */
bool zl_viewer_role_parse(const char *s, zl_viewer_role *out);

#endif
