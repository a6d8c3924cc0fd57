/* Shared by the report's back ends and content builders: the chart geometry (so HTML and
 * cairo draw the same bars), the colour of areas without data, HTML escaping. */
#ifndef ZL_REPORT_INTERNAL_H
#define ZL_REPORT_INTERNAL_H

#include <stdio.h>

#include "zorglandschap/doc.h"

#define ZL_DOC_NO_DATA 0xd9dee4u /* the browser map's "no data" grey (web/map.js) */

void zl_html_escape(FILE *f, const char *s);

/* A bar chart in a w x h box: plot area x0..x1 (left to right), y0 (axis, bottom) .. y1
 * (top), and the axis maximum (a round number at least the largest bar). */
typedef struct zl_chart_frame {
    double x0, x1, y0, y1, ymax;
    size_t label_every; /* show every n-th bar label so that they do not overlap */
} zl_chart_frame;

typedef struct zl_chart_bar_box {
    double x, y, w, h;
    bool show_label;
} zl_chart_bar_box;

void zl_chart_layout(const zl_doc_chart *c, double w, double h, zl_chart_frame *out);
zl_chart_bar_box zl_chart_bar(const zl_chart_frame *fr, const zl_doc_chart *c, size_t i);

/* A file name in dir: dir/id.ext (id is [a-z0-9_], see doc.h). */
void zl_doc_path(char *buf, size_t size, const char *dir, const char *id, const char *ext);
/* Creates dir when missing (one level). */
zl_status zl_doc_mkdir(const char *dir, zl_err *err);

#endif
