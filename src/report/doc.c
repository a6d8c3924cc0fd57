/* Building the document model (zorglandschap/doc.h): blocks appended in order, a sticky
 * out-of-memory status instead of a check after every call, and the cell notation every
 * back end shares. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "zorglandschap/doc.h"
#include "zorglandschap/util.h"

static char *dup_or_fail(zl_doc *d, const char *s)
{
    if (!s || d->status != ZL_OK)
        return NULL;
    char *r = strdup(s);
    if (!r)
        d->status = ZL_ENOMEM;
    return r;
}

static char *vfmt(zl_doc *d, const char *fmt, va_list ap)
{
    if (d->status != ZL_OK)
        return NULL;
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (!s) {
        d->status = ZL_ENOMEM;
        return NULL;
    }
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

static zl_doc_block *block(zl_doc *d, zl_doc_block_kind kind)
{
    if (d->status != ZL_OK ||
        zl_grow((void **)&d->blocks, &d->cap_blocks, d->n_blocks + 1, sizeof *d->blocks, NULL) !=
            ZL_OK) {
        d->status = ZL_ENOMEM;
        return NULL;
    }
    zl_doc_block *b = &d->blocks[d->n_blocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    return b;
}

zl_doc *zl_doc_new(const char *title)
{
    zl_doc *d = calloc(1, sizeof *d);
    if (d && !(d->title = strdup(title ? title : ""))) {
        free(d);
        return NULL;
    }
    return d;
}

zl_status zl_doc_status(const zl_doc *d, zl_err *err)
{
    if (!d)
        return zl_fail(err, ZL_ENOMEM, "out of memory building the document");
    if (d->status != ZL_OK)
        return zl_fail(err, d->status, "out of memory building the document");
    return ZL_OK;
}

void zl_doc_meta(zl_doc *d, const char *command, const char *version, const char *generated)
{
    free(d->command);
    free(d->version);
    free(d->generated);
    d->command = dup_or_fail(d, command);
    d->version = dup_or_fail(d, version);
    d->generated = dup_or_fail(d, generated);
}

void zl_doc_heading(zl_doc *d, int level, const char *id, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = vfmt(d, fmt, ap);
    va_end(ap);
    zl_doc_block *b = block(d, ZL_BLOCK_HEADING);
    if (!b) {
        free(s);
        return;
    }
    b->level = level < 1 ? 1 : level > 3 ? 3 : level;
    b->text = s;
    b->id = dup_or_fail(d, id);
}

static void text_block(zl_doc *d, zl_doc_block_kind kind, zl_doc_note_kind note, const char *fmt,
                       va_list ap)
{
    char *s = vfmt(d, fmt, ap);
    zl_doc_block *b = block(d, kind);
    if (!b) {
        free(s);
        return;
    }
    b->text = s;
    b->note = note;
    if (note == ZL_NOTE_SYNTHETIC)
        d->synthetic = true;
}

void zl_doc_para(zl_doc *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    text_block(d, ZL_BLOCK_PARA, ZL_NOTE_INFO, fmt, ap);
    va_end(ap);
}

void zl_doc_note(zl_doc *d, zl_doc_note_kind kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    text_block(d, ZL_BLOCK_NOTE, kind, fmt, ap);
    va_end(ap);
}

zl_doc_table *zl_doc_table_add(zl_doc *d, const char *id, const char *title, bool synthetic,
                               size_t n_cols, const char *const *headers)
{
    zl_doc_table *t = d->status == ZL_OK ? calloc(1, sizeof *t) : NULL;
    zl_doc_block *b = t ? block(d, ZL_BLOCK_TABLE) : NULL;
    if (!b) {
        free(t);
        d->status = ZL_ENOMEM;
        return NULL;
    }
    b->table = t;
    t->doc = d;
    t->id = dup_or_fail(d, id);
    t->title = dup_or_fail(d, title);
    t->synthetic = synthetic;
    d->synthetic |= synthetic;
    t->n_cols = n_cols;
    if (!(t->headers = calloc(n_cols ? n_cols : 1, sizeof *t->headers)))
        d->status = ZL_ENOMEM;
    for (size_t i = 0; t->headers && i < n_cols; i++)
        t->headers[i] = dup_or_fail(d, headers[i]);
    return d->status == ZL_OK ? t : NULL;
}

static zl_doc_cell *next_cell(zl_doc_table *t)
{
    if (!t || t->doc->status != ZL_OK)
        return NULL;
    if (zl_grow((void **)&t->cells, &t->cap_cells, t->n_cells + 1, sizeof *t->cells, NULL) !=
        ZL_OK) {
        t->doc->status = ZL_ENOMEM;
        return NULL;
    }
    zl_doc_cell *c = &t->cells[t->n_cells++];
    memset(c, 0, sizeof *c);
    t->n_rows = (t->n_cells + t->n_cols - 1) / t->n_cols;
    return c;
}

void zl_doc_cell_text(zl_doc_table *t, const char *fmt, ...)
{
    zl_doc_cell *c = next_cell(t);
    if (!c)
        return;
    va_list ap;
    va_start(ap, fmt);
    c->text = vfmt(t->doc, fmt, ap);
    va_end(ap);
    c->kind = c->text ? ZL_CELL_TEXT : ZL_CELL_EMPTY;
}

void zl_doc_cell_num(zl_doc_table *t, double v, int decimals)
{
    zl_doc_cell *c = next_cell(t);
    if (!c)
        return;
    c->kind = isfinite(v) ? ZL_CELL_NUM : ZL_CELL_EMPTY;
    c->num = v;
    c->decimals = decimals < 0 ? 0 : decimals > 6 ? 6 : decimals;
}

void zl_doc_cell_empty(zl_doc_table *t)
{
    next_cell(t);
}

void zl_doc_cell_format(const zl_doc_cell *c, char *buf, size_t size)
{
    if (size == 0)
        return;
    buf[0] = '\0';
    if (c->kind == ZL_CELL_TEXT)
        snprintf(buf, size, "%s", c->text);
    else if (c->kind == ZL_CELL_NUM)
        /* -0.0 prints as 0: a rounded change of nothing is no change */
        snprintf(buf, size, "%.*f", c->decimals, c->num == 0 ? 0.0 : c->num);
}

zl_doc_map *zl_doc_map_add(zl_doc *d, const char *id, const char *title, const zl_geo *geo,
                           bool synthetic, const zl_doc_class *classes, size_t n_classes,
                           const char *value_name)
{
    zl_doc_map *m = d->status == ZL_OK ? calloc(1, sizeof *m) : NULL;
    zl_doc_block *b = m ? block(d, ZL_BLOCK_MAP) : NULL;
    if (!b) {
        free(m);
        d->status = ZL_ENOMEM;
        return NULL;
    }
    b->map = m;
    m->doc = d;
    m->id = dup_or_fail(d, id);
    m->title = dup_or_fail(d, title);
    m->value_name = dup_or_fail(d, value_name);
    m->geo = geo;
    m->synthetic = synthetic;
    d->synthetic |= synthetic;
    m->classes = calloc(n_classes ? n_classes : 1, sizeof *m->classes);
    m->area_class = malloc((geo->n_areas ? geo->n_areas : 1) * sizeof *m->area_class);
    m->area_value = malloc((geo->n_areas ? geo->n_areas : 1) * sizeof *m->area_value);
    if (!m->classes || !m->area_class || !m->area_value) {
        d->status = ZL_ENOMEM;
        return NULL;
    }
    m->n_classes = n_classes;
    for (size_t i = 0; i < n_classes; i++) {
        m->classes[i] = classes[i];
        m->classes[i].label = dup_or_fail(d, classes[i].label);
    }
    for (size_t i = 0; i < geo->n_areas; i++) {
        m->area_class[i] = -1;
        m->area_value[i] = NAN;
    }
    return d->status == ZL_OK ? m : NULL;
}

void zl_doc_map_area(zl_doc_map *m, int32_t pc4, int cls, double value)
{
    const zl_geo_shape *s = m ? zl_geo_area(m->geo, pc4) : NULL;
    if (!s || cls >= (int)m->n_classes)
        return;
    size_t i = (size_t)(s - m->geo->areas);
    m->area_class[i] = cls;
    m->area_value[i] = value;
}

void zl_doc_map_marker(zl_doc_map *m, double lat, double lon, const char *label, int cls)
{
    if (!m || m->doc->status != ZL_OK)
        return;
    if (zl_grow((void **)&m->markers, &m->cap_markers, m->n_markers + 1, sizeof *m->markers,
                NULL) != ZL_OK) {
        m->doc->status = ZL_ENOMEM;
        return;
    }
    zl_doc_marker *k = &m->markers[m->n_markers++];
    zl_geo_project(lat, lon, &k->x, &k->y);
    k->label = dup_or_fail(m->doc, label);
    k->cls = cls;
}

void zl_doc_map_view(const zl_doc_map *m, double box[4])
{
    const zl_geo *g = m->geo;
    memcpy(box, g->bbox, 4 * sizeof *box);
    if (m->focus) {
        double b[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
        for (size_t i = 0; i < g->n_areas; i++) {
            if (m->area_class[i] < 0 || g->areas[i].n_rings == 0)
                continue;
            b[0] = fmin(b[0], g->areas[i].bbox[0]);
            b[1] = fmin(b[1], g->areas[i].bbox[1]);
            b[2] = fmax(b[2], g->areas[i].bbox[2]);
            b[3] = fmax(b[3], g->areas[i].bbox[3]);
        }
        if (b[2] > b[0])
            memcpy(box, b, sizeof b);
    }
    double pad = 0.03 * fmax(box[2] - box[0], box[3] - box[1]);
    box[0] -= pad;
    box[1] -= pad;
    box[2] += pad;
    box[3] += pad;
}

zl_doc_chart *zl_doc_chart_add(zl_doc *d, const char *id, const char *title, const char *x_label,
                               const char *y_label, bool synthetic)
{
    zl_doc_chart *c = d->status == ZL_OK ? calloc(1, sizeof *c) : NULL;
    zl_doc_block *b = c ? block(d, ZL_BLOCK_CHART) : NULL;
    if (!b) {
        free(c);
        d->status = ZL_ENOMEM;
        return NULL;
    }
    b->chart = c;
    c->doc = d;
    c->id = dup_or_fail(d, id);
    c->title = dup_or_fail(d, title);
    c->x_label = dup_or_fail(d, x_label);
    c->y_label = dup_or_fail(d, y_label);
    c->synthetic = synthetic;
    d->synthetic |= synthetic;
    return d->status == ZL_OK ? c : NULL;
}

void zl_doc_chart_bar(zl_doc_chart *c, const char *label, double value, bool missing)
{
    if (!c || c->doc->status != ZL_OK)
        return;
    if (zl_grow((void **)&c->bars, &c->cap, c->n + 1, sizeof *c->bars, NULL) != ZL_OK) {
        c->doc->status = ZL_ENOMEM;
        return;
    }
    zl_doc_bar *b = &c->bars[c->n++];
    b->label = dup_or_fail(c->doc, label);
    b->value = missing ? 0 : value;
    b->missing = missing || !isfinite(value);
}

static void table_free(zl_doc_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; t->headers && i < t->n_cols; i++)
        free(t->headers[i]);
    for (size_t i = 0; i < t->n_cells; i++)
        free(t->cells[i].text);
    free(t->headers);
    free(t->cells);
    free(t->id);
    free(t->title);
    free(t);
}

static void map_free(zl_doc_map *m)
{
    if (!m)
        return;
    for (size_t i = 0; m->classes && i < m->n_classes; i++)
        free(m->classes[i].label);
    for (size_t i = 0; i < m->n_markers; i++)
        free(m->markers[i].label);
    free(m->classes);
    free(m->markers);
    free(m->area_class);
    free(m->area_value);
    free(m->id);
    free(m->title);
    free(m->value_name);
    free(m);
}

static void chart_free(zl_doc_chart *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++)
        free(c->bars[i].label);
    free(c->bars);
    free(c->id);
    free(c->title);
    free(c->x_label);
    free(c->y_label);
    free(c);
}

void zl_doc_free(zl_doc *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n_blocks; i++) {
        zl_doc_block *b = &d->blocks[i];
        free(b->text);
        free(b->id);
        table_free(b->table);
        map_free(b->map);
        chart_free(b->chart);
    }
    free(d->blocks);
    free(d->title);
    free(d->command);
    free(d->version);
    free(d->generated);
    free(d);
}

bool zl_doc_format_parse(const char *s, zl_doc_format *out)
{
    static const char *const names[] = {"html", "pdf", "png", "xlsx", "csv"};
    for (size_t i = 0; s && i < sizeof names / sizeof *names; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (zl_doc_format)i;
            return true;
        }
    return false;
}

const char *zl_doc_format_name(zl_doc_format f)
{
    static const char *const names[] = {"html", "pdf", "png", "xlsx", "csv"};
    return (unsigned)f < 5 ? names[f] : "?";
}
