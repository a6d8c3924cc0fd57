/* The document model of the reports: a title, metadata (the command and version that made
 * it) and an ordered list of blocks (headings, paragraphs, notes, tables, maps of PC4
 * areas, bar charts). Content builders (zorglandschap/report.h) put every number into a
 * cell once; the back ends only lay it out: HTML (self-contained, inline SVG maps), PDF and
 * PNG (cairo), XLSX (libxlsxwriter, one sheet per table) and CSV (a folder, one file per
 * table). Escaping is the back ends' job: text in the model is plain UTF-8.
 *
 * Errors: the builders never fail individually; the first allocation failure is kept in
 * the document (later calls do nothing) and zl_doc_status reports it. Call it before
 * rendering. The document owns everything added to it; maps borrow their zl_geo, which
 * must outlive the document. */
#ifndef ZORGLANDSCHAP_DOC_H
#define ZORGLANDSCHAP_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "zorglandschap/err.h"
#include "zorglandschap/geo.h"

typedef enum zl_doc_cell_kind { ZL_CELL_EMPTY, ZL_CELL_TEXT, ZL_CELL_NUM } zl_doc_cell_kind;

typedef struct zl_doc_cell {
    zl_doc_cell_kind kind;
    int decimals; /* ZL_CELL_NUM: digits after the point when shown as text */
    double num;
    char *text; /* ZL_CELL_TEXT */
} zl_doc_cell;

typedef struct zl_doc zl_doc;

typedef struct zl_doc_table {
    zl_doc *doc;
    char *id, *title; /* id: [a-z0-9_] (file and sheet names) */
    bool synthetic;   /* holds synthetic numbers: every back end labels it */
    size_t n_cols, n_rows, n_cells, cap_cells;
    char **headers;
    zl_doc_cell *cells; /* row-major; the last row may be incomplete while building */
} zl_doc_table;

typedef struct zl_doc_class {
    char *label;
    uint32_t rgb; /* 0xRRGGBB */
    bool marker;  /* a class of markers (locations), else of areas */
} zl_doc_class;

typedef struct zl_doc_marker {
    double x, y; /* projected (zl_geo_project) */
    char *label;
    int cls;
} zl_doc_marker;

typedef struct zl_doc_map {
    zl_doc *doc;
    char *id, *title, *value_name;
    const zl_geo *geo;
    bool synthetic;
    bool focus; /* view the areas that have a class, not the whole country */
    size_t n_classes;
    zl_doc_class *classes;
    int *area_class;     /* per geo area: class index or -1 (no data) */
    double *area_value;  /* per geo area: the value classed (NAN: none) */
    size_t n_markers, cap_markers;
    zl_doc_marker *markers;
} zl_doc_map;

typedef struct zl_doc_bar {
    char *label;
    double value;
    bool missing; /* suppressed or unknown: drawn as a gap, written empty */
} zl_doc_bar;

typedef struct zl_doc_chart {
    zl_doc *doc;
    char *id, *title, *x_label, *y_label;
    bool synthetic;
    size_t n, cap;
    zl_doc_bar *bars;
} zl_doc_chart;

typedef enum zl_doc_note_kind { ZL_NOTE_INFO, ZL_NOTE_SYNTHETIC, ZL_NOTE_WARNING } zl_doc_note_kind;

typedef enum zl_doc_block_kind {
    ZL_BLOCK_HEADING, /* level 1: a chapter (new page in PDF), 2: a section */
    ZL_BLOCK_PARA,
    ZL_BLOCK_NOTE,
    ZL_BLOCK_TABLE,
    ZL_BLOCK_MAP,
    ZL_BLOCK_CHART
} zl_doc_block_kind;

typedef struct zl_doc_block {
    zl_doc_block_kind kind;
    int level;             /* headings */
    zl_doc_note_kind note; /* notes */
    char *text, *id;       /* headings (id: anchor), paragraphs, notes */
    zl_doc_table *table;
    zl_doc_map *map;
    zl_doc_chart *chart;
} zl_doc_block;

struct zl_doc {
    char *title;
    char *command, *version, *generated; /* what made it, and when (UTC) */
    bool synthetic;                      /* any synthetic number anywhere */
    size_t n_blocks, cap_blocks;
    zl_doc_block *blocks;
    zl_status status; /* the first failure (ZL_ENOMEM) */
};

zl_doc *zl_doc_new(const char *title); /* NULL when out of memory */
void zl_doc_free(zl_doc *d);
zl_status zl_doc_status(const zl_doc *d, zl_err *err);
void zl_doc_meta(zl_doc *d, const char *command, const char *version, const char *generated);

void zl_doc_heading(zl_doc *d, int level, const char *id, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void zl_doc_para(zl_doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void zl_doc_note(zl_doc *d, zl_doc_note_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A table; cells are appended in row-major order. NULL only after a failure (the cell
 * functions accept NULL). */
zl_doc_table *zl_doc_table_add(zl_doc *d, const char *id, const char *title, bool synthetic,
                               size_t n_cols, const char *const *headers);
void zl_doc_cell_text(zl_doc_table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void zl_doc_cell_num(zl_doc_table *t, double v, int decimals);
void zl_doc_cell_empty(zl_doc_table *t);
/* The cell as text in every back end's notation (numbers with their decimals, "" empty).
 * Writes at most size bytes. */
void zl_doc_cell_format(const zl_doc_cell *c, char *buf, size_t size);

/* A map of the geometry's PC4 areas in classes (n_classes copied; area and marker classes
 * together, in legend order). */
zl_doc_map *zl_doc_map_add(zl_doc *d, const char *id, const char *title, const zl_geo *geo,
                           bool synthetic, const zl_doc_class *classes, size_t n_classes,
                           const char *value_name);
/* Area pc4 gets class cls (an area class) and its value; unknown PC4 codes are skipped
 * (the geometry is the browser's; a database may hold areas without a shape). */
void zl_doc_map_area(zl_doc_map *m, int32_t pc4, int cls, double value);
void zl_doc_map_marker(zl_doc_map *m, double lat, double lon, const char *label, int cls);
/* The view: bbox of what is drawn (x0, y0, x1, y1, km), with a margin. */
void zl_doc_map_view(const zl_doc_map *m, double box[4]);

zl_doc_chart *zl_doc_chart_add(zl_doc *d, const char *id, const char *title, const char *x_label,
                               const char *y_label, bool synthetic);
void zl_doc_chart_bar(zl_doc_chart *c, const char *label, double value, bool missing);

/* Back ends. */
typedef enum zl_doc_format {
    ZL_DOC_HTML,
    ZL_DOC_PDF,
    ZL_DOC_PNG, /* a folder: one PNG per map and chart */
    ZL_DOC_XLSX,
    ZL_DOC_CSV /* a folder: one CSV per table, map and chart, and index.csv */
} zl_doc_format;

bool zl_doc_format_parse(const char *s, zl_doc_format *out);
const char *zl_doc_format_name(zl_doc_format f);

zl_status zl_doc_write_html(const zl_doc *d, FILE *f, zl_err *err);
zl_status zl_doc_write_pdf(const zl_doc *d, const char *path, zl_err *err);
zl_status zl_doc_write_png(const zl_doc *d, const char *dir, zl_err *err);
zl_status zl_doc_write_xlsx(const zl_doc *d, const char *path, zl_err *err);
zl_status zl_doc_write_csv(const zl_doc *d, const char *dir, zl_err *err);
/* Any format to path (a file, or a folder for png and csv, created when missing). */
zl_status zl_doc_write(const zl_doc *d, zl_doc_format f, const char *path, zl_err *err);

#endif
