/* Shared inside the rare module: what the finder's answers read from the atlas
 * (rare_atlas.h), spans of rows of one code in the column layouts of the store's
 * whole-table readers (store_rare.h), and the JSON keys of a centre row. */
#ifndef ZL_RARE_INTERNAL_H
#define ZL_RARE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zorglandschap/rare_atlas.h"
#include "zorglandschap/store_rare.h"

/* A table of the atlas, packed for reading: every cell's text in one block, in row
 * order, with its length. */
typedef struct atlas_table {
    size_t n, ncol;
    struct atlas_cell {
        uint32_t off; /* into text */
        int32_t len;  /* -1: NULL */
    } * cell;         /* n * ncol, row-major */
    char *text;
} atlas_table;

/* One cell: s is NULL for an SQL NULL, else NUL-terminated text of len bytes. */
typedef struct atlas_text {
    const char *s;
    size_t len;
} atlas_text;
atlas_text zl_atlas_cell(const atlas_table *t, size_t row, size_t col);

/* Rows from..to of a table belong to one index. */
typedef struct atlas_rowspan {
    uint32_t from, to;
} atlas_rowspan;

/* Packs src into t (one block of text) and frees src; frees t's memory. */
zl_status zl_atlas_pack(zl_rows *src, atlas_table *t, zl_err *err);
void zl_atlas_table_free(atlas_table *t);
/* The span of rows of every disorder index, for rows sorted by the code in column 0. */
struct zl_rare_atlas;
zl_status zl_atlas_spans(const struct zl_rare_atlas *a, const zl_rows *r, atlas_rowspan **out,
                         zl_err *err);

/* Rows of a table per disorder index through the classification (atlas_care.c): for
 * index i the rows of its own code and of every group above it (CSR: off has n + 1
 * entries). */
typedef struct atlas_links {
    uint32_t *off, *row;
} atlas_links;
/* Builds links over r (sorted by code in column 0), packing r into t (r is freed). */
zl_status zl_atlas_links_build(struct zl_rare_atlas *a, zl_rows *r, atlas_table *t,
                               atlas_links *out, zl_err *err);
void zl_atlas_links_free(atlas_links *l, atlas_table *t);
const uint32_t *zl_atlas_links_of(const atlas_links *l, uint32_t i, size_t *n);

/* Rows [from, to) of a table, all of one code. Empty when from == to. */
typedef struct atlas_span {
    const atlas_table *rows;
    size_t from, to;
} atlas_span;

/* The register on one date, loaded into the atlas. */
typedef struct atlas_register atlas_register;

/* Disorders are addressed by a dense index (0..n-1, in order of code): the index of a
 * code, or -1 when it is not a disorder. */
long zl_atlas_index(const zl_rare_atlas *a, int64_t orpha);
int64_t zl_atlas_code(const zl_rare_atlas *a, uint32_t i);
size_t zl_atlas_size(const zl_rare_atlas *a); /* number of disorders */
atlas_text zl_atlas_name(const zl_rare_atlas *a, uint32_t i);
atlas_text zl_atlas_type(const zl_rare_atlas *a, uint32_t i); /* s NULL when unknown */
/* Preferred names: orpha, lang, name (by lang, then name). */
atlas_span zl_atlas_preferred(const zl_rare_atlas *a, uint32_t i);
/* Prevalence: orpha, type, class, geography, source. */
atlas_span zl_atlas_prevalence(const zl_rare_atlas *a, uint32_t i);
/* The parents of a disorder, as indexes in order of code; *n of them. */
const uint32_t *zl_atlas_parents(const zl_rare_atlas *a, uint32_t i, size_t *n);
/* A walk through the classification: zl_atlas_visit is true the first time an index is
 * visited since zl_atlas_walk_begin. */
void zl_atlas_walk_begin(zl_rare_atlas *a);
bool zl_atlas_visit(zl_rare_atlas *a, uint32_t i);
/* acronym, name, scope of every ERN. */
const zl_rows *zl_atlas_erns(const zl_rare_atlas *a);

/* The register on date (YYYY-MM-DD), read from the store on first use; valid until the
 * atlas is freed or its slot is given to another date (after ATLAS_DATES other dates). */
zl_status zl_atlas_register(zl_rare_atlas *a, zl_store *s, const char *date,
                            const atlas_register **out, zl_err *err);
/* Centres recognised for exactly this disorder: orpha, then zl_rare_get_centres'
 * columns. */
atlas_span zl_atlas_centres(const atlas_register *r, uint32_t i);

/* One CSV import in one transaction: opens path, calls rows for the records, logs the
 * import as kind (synthetic when rows sets its flag) and commits, or rolls back on error
 * so the database is unchanged. */
struct zl_csv;
struct zl_rare_import_stats;
typedef zl_status (*zl_rare_rows_fn)(zl_store *, struct zl_csv *, struct zl_rare_import_stats *,
                                     bool *synthetic, zl_err *);
zl_status zl_rare_import_tx(zl_store *s, const char *kind, const char *path, bool synthetic,
                            zl_rare_rows_fn rows, struct zl_rare_import_stats *st, zl_err *err);

/* Checks shared by the CSV importers of networks, shared care, recognitions and
 * pathways; each fails with "FILE:LINE: column 'NAME': reason". */
bool zl_rare_truthy(const char *v); /* "true", "1" or "yes" */
/* text is an ORPHAcode of an active disorder (*orpha set). */
zl_status zl_rare_check_code(zl_store *s, struct zl_csv *c, int col, const char *text,
                             int64_t *orpha, zl_err *err);
/* id is a centre of the register. */
zl_status zl_rare_check_centre(zl_store *s, struct zl_csv *c, int col, const char *id, zl_err *err);
/* from and to are dates, to not before from. */
zl_status zl_rare_check_dates(struct zl_csv *c, int from_col, int to_col, const char *from,
                              const char *to, zl_err *err);

/* The checklists of zl_rare_get_pathways' rows, one per network and code, each with its
 * score, items and gaps (pathway.c); *synthetic is set when a row is. */
struct json_t;
struct json_t *zl_rare_checklists(const zl_rows *r, bool *synthetic);

/* The shared-care agreements valid on the register's date for disorder i (its own code
 * and the groups above it): row numbers of *t, whose columns are orpha, centre_id,
 * location_id, location, city, valid_to, synthetic. */
const uint32_t *zl_atlas_partners(const atlas_register *r, uint32_t i, size_t *n,
                                  const atlas_table **t);

/* Networks and travel times in the atlas (atlas_care.c). */
typedef struct atlas_care atlas_care;
zl_status zl_atlas_care_build(struct zl_rare_atlas *a, zl_store *s, atlas_care **out, zl_err *err);
void zl_atlas_care_free(atlas_care *c);
const atlas_care *zl_atlas_care(const struct zl_rare_atlas *a);
/* The networks of disorder i (its code or a group above it): row numbers of *t, whose
 * columns are orpha, network_id, name, ern, coordinator, synthetic. */
const uint32_t *zl_atlas_networks(const atlas_care *c, uint32_t i, size_t *n,
                                  const atlas_table **t);
/* Car minutes from a PC4 to the locations of centres and partners, read once at build:
 * *row for zl_atlas_minutes. ZL_EINPUT for a PC4 that is no area or has no travel
 * times (the messages of zl_store_travel_from). */
zl_status zl_atlas_postcode(const atlas_care *c, int32_t pc4, const float **row, zl_err *err);
/* Minutes from a postcode row to a location, or -1 when unknown. */
double zl_atlas_minutes(const atlas_care *c, const float *row, const char *location_id);

/* The JSON keys of the columns of zl_rare_get_centres, NULL-terminated; a '?' prefix
 * marks a boolean (record.c). */
extern const char *const zl_rare_centre_keys[];
/* Where "ern" stands among them. */
#define ZL_RARE_CENTRE_ERN 5

#endif
