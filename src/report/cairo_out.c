/* The cairo back ends: the whole document as a PDF (A4, chapters on new pages, tables
 * that continue with their header over pages, maps and charts drawn as vectors) and the
 * maps and charts as PNG files. Text uses cairo's own font selection (fontconfig "sans");
 * no browser and no HTML layout engine is involved. */
#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <string.h>

#include "report_internal.h"

#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN 50.0
#define TEXT_W (PAGE_W - 2 * MARGIN)

typedef struct pdf {
    cairo_t *cr;
    const zl_doc *d;
    double y;
    int page;
    bool page_empty;
} pdf;

static void rgb(cairo_t *cr, uint32_t c)
{
    cairo_set_source_rgb(cr, ((c >> 16) & 255) / 255.0, ((c >> 8) & 255) / 255.0,
                         (c & 255) / 255.0);
}

static void font(cairo_t *cr, double size, bool bold)
{
    cairo_select_font_face(cr, "sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

static double text_w(cairo_t *cr, const char *s)
{
    cairo_text_extents_t e;
    cairo_text_extents(cr, s, &e);
    return e.x_advance;
}

static void show(cairo_t *cr, double x, double y, const char *s)
{
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, s);
}

static void footer(pdf *p)
{
    char buf[64];
    font(p->cr, 8, false);
    rgb(p->cr, 0x666666);
    snprintf(buf, sizeof buf, "page %d", p->page);
    show(p->cr, PAGE_W - MARGIN - text_w(p->cr, buf), PAGE_H - 25, buf);
    show(p->cr, MARGIN, PAGE_H - 25, p->d->title);
    if (p->d->synthetic) {
        rgb(p->cr, 0x8a6d00);
        show(p->cr, MARGIN, PAGE_H - 14, "Contains SYNTHETIC figures (generated, not observed).");
    }
}

static void new_page(pdf *p)
{
    footer(p);
    cairo_show_page(p->cr);
    p->page++;
    p->y = MARGIN;
    p->page_empty = true;
}

static void need(pdf *p, double h)
{
    if (p->y + h > PAGE_H - MARGIN && !p->page_empty)
        new_page(p);
    p->page_empty = false;
}

/* Wraps s at spaces into lines of at most width; calls draw for each line. */
static void wrap(pdf *p, const char *s, double size, bool bold, double indent)
{
    font(p->cr, size, bold);
    char line[1024] = "";
    const char *w = s;
    while (*w) {
        while (*w == ' ')
            w++;
        size_t n = strcspn(w, " ");
        if (n == 0)
            break;
        char cand[1024];
        size_t len = strlen(line), sep = len ? 1 : 0;
        if (n > sizeof cand - 1 - len - sep) /* a word longer than a line is cut */
            n = sizeof cand - 1 - len - sep;
        memcpy(cand, line, len);
        memcpy(cand + len, " ", sep);
        memcpy(cand + len + sep, w, n);
        cand[len + sep + n] = '\0';
        if (*line && text_w(p->cr, cand) > TEXT_W - indent) {
            need(p, size * 1.4);
            show(p->cr, MARGIN + indent, p->y + size, line);
            p->y += size * 1.4;
            snprintf(line, sizeof line, "%.*s", (int)n, w);
        } else {
            memcpy(line, cand, sizeof line);
        }
        w += n;
    }
    if (*line) {
        need(p, size * 1.4);
        show(p->cr, MARGIN + indent, p->y + size, line);
        p->y += size * 1.4;
    }
}

static void heading(pdf *p, const zl_doc_block *b)
{
    if (b->level == 1 && !p->page_empty)
        new_page(p);
    double size = b->level == 1 ? 17 : b->level == 2 ? 13 : 11;
    p->y += b->level == 1 ? 0 : 6;
    need(p, b->level == 1 ? size * 3 : 120); /* a section heading stays with its content */
    rgb(p->cr, 0x1d5f8a);
    wrap(p, b->text, size, true, 0);
    p->y += 4;
}

static void note(pdf *p, const zl_doc_block *b)
{
    static const uint32_t colour[] = {0x1d5f8a, 0x8a6d00, 0xb3261e};
    double y0 = p->y;
    rgb(p->cr, colour[b->note]);
    char buf[2048];
    snprintf(buf, sizeof buf, "%s%s", b->note == ZL_NOTE_SYNTHETIC ? "SYNTHETIC: " : "", b->text);
    wrap(p, buf, 9.5, b->note != ZL_NOTE_INFO, 8);
    if (p->y > y0) { /* the bar, on the page the note ended on */
        cairo_rectangle(p->cr, MARGIN, fmax(MARGIN, y0), 3, p->y - fmax(MARGIN, y0));
        cairo_fill(p->cr);
    }
    p->y += 6;
}

/* Cell text cut to width (with "..." when cut). */
static void fit_text(cairo_t *cr, const char *s, double width, char *out, size_t size)
{
    snprintf(out, size, "%s", s);
    size_t n = strlen(out);
    while (n > 0 && text_w(cr, out) > width) {
        do /* never cut inside a UTF-8 sequence */
            n--;
        while (n > 0 && ((unsigned char)out[n] & 0xC0) == 0x80);
        snprintf(out + n, size - n, "...");
    }
}

static void table_widths(cairo_t *cr, const zl_doc_table *t, double *w, double *size)
{
    char buf[512];
    *size = 8;
    font(cr, *size, false);
    double total = 0;
    for (size_t c = 0; c < t->n_cols; c++) {
        font(cr, *size, true);
        w[c] = fmin(text_w(cr, t->headers[c]), 120);
        font(cr, *size, false);
        for (size_t r = 0; r < t->n_rows; r++) {
            size_t i = r * t->n_cols + c;
            if (i < t->n_cells) {
                zl_doc_cell_format(&t->cells[i], buf, sizeof buf);
                w[c] = fmax(w[c], fmin(text_w(cr, buf), 180));
            }
        }
        w[c] += 8;
        total += w[c];
    }
    if (total > TEXT_W) /* narrower columns: text cells are cut to fit */
        for (size_t c = 0; c < t->n_cols; c++)
            w[c] *= TEXT_W / total;
}

static void table_row(pdf *p, const zl_doc_table *t, const double *w, size_t r, bool head)
{
    char buf[512], cut[512];
    double x = MARGIN, rh = 11.5;
    need(p, rh);
    if (head) {
        rgb(p->cr, 0xeef2f5);
        cairo_rectangle(p->cr, MARGIN, p->y, TEXT_W, rh);
        cairo_fill(p->cr);
    }
    font(p->cr, 8, head);
    for (size_t c = 0; c < t->n_cols; c++) {
        size_t i = r * t->n_cols + c;
        const zl_doc_cell *cell = !head && i < t->n_cells ? &t->cells[i] : NULL;
        if (head)
            snprintf(buf, sizeof buf, "%s", t->headers[c]);
        else if (cell)
            zl_doc_cell_format(cell, buf, sizeof buf);
        else
            buf[0] = '\0';
        fit_text(p->cr, buf, w[c] - 6, cut, sizeof cut);
        rgb(p->cr, 0x1b1f24);
        bool right = cell && cell->kind == ZL_CELL_NUM;
        show(p->cr, right ? x + w[c] - 3 - text_w(p->cr, cut) : x + 3, p->y + 8.5, cut);
        x += w[c];
    }
    rgb(p->cr, 0xc7ccd1);
    cairo_set_line_width(p->cr, 0.5);
    cairo_move_to(p->cr, MARGIN, p->y + rh);
    cairo_line_to(p->cr, MARGIN + TEXT_W, p->y + rh);
    cairo_stroke(p->cr);
    p->y += rh;
}

static void table(pdf *p, const zl_doc_table *t)
{
    double w[64], size;
    if (t->n_cols > 64)
        return; /* no report table is that wide; the other back ends still have it */
    table_widths(p->cr, t, w, &size);
    char cap[600];
    snprintf(cap, sizeof cap, "%s%s", t->title, t->synthetic ? " [synthetic]" : "");
    p->y += 4;
    need(p, 40);
    rgb(p->cr, 0x1b1f24);
    wrap(p, cap, 9.5, true, 0);
    table_row(p, t, w, 0, true);
    for (size_t r = 0; r < t->n_rows; r++) {
        int page = p->page;
        need(p, 11.5);
        if (p->page != page)
            table_row(p, t, w, 0, true);
        table_row(p, t, w, r, false);
    }
    p->y += 8;
}

/* The rings of a shape scaled by sx from (ox, oy); points closer than 0.6 of a unit
 * (a pt in PDF, a pixel in PNG; 0.2 mm on paper) to the last one drawn are skipped: invisible, and they
 * would triple the PDF's size and time. */
static void ring_path(cairo_t *cr, const zl_geo_shape *s, double sx, double ox, double oy)
{
    for (size_t r = 0; r < s->n_rings; r++) {
        double lx = 0, ly = 0;
        size_t drawn = 0;
        for (size_t k = s->start[r]; k < s->start[r + 1]; k++) {
            double x = (s->xy[2 * k] - ox) * sx, y = (s->xy[2 * k + 1] - oy) * sx;
            if (drawn && fabs(x - lx) + fabs(y - ly) < 0.6 && k + 1 < s->start[r + 1])
                continue;
            if (drawn++ == 0)
                cairo_move_to(cr, x, y);
            else
                cairo_line_to(cr, x, y);
            lx = x;
            ly = y;
        }
        if (drawn)
            cairo_close_path(cr);
    }
}

/* The map in a w x h box at the current origin; returns the height used. */
static double draw_map(cairo_t *cr, const zl_doc_map *m, double w, double h)
{
    double box[4];
    zl_doc_map_view(m, box);
    double s = fmin(w / (box[2] - box[0]), h / (box[3] - box[1]));
    const zl_geo *g = m->geo;
    cairo_save(cr);
    cairo_rectangle(cr, 0, 0, (box[2] - box[0]) * s, (box[3] - box[1]) * s);
    cairo_clip(cr);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    for (int c = -1; c < (int)m->n_classes; c++) { /* one fill per class: areas never overlap */
        for (size_t i = 0; i < g->n_areas; i++)
            if (m->area_class[i] == c && g->areas[i].bbox[0] <= box[2] &&
                box[0] <= g->areas[i].bbox[2] && g->areas[i].bbox[1] <= box[3] &&
                box[1] <= g->areas[i].bbox[3])
                ring_path(cr, &g->areas[i], s, box[0], box[1]);
        rgb(cr, c < 0 ? ZL_DOC_NO_DATA : m->classes[c].rgb);
        cairo_fill(cr);
    }
    rgb(cr, 0x46505a);
    cairo_set_line_width(cr, 0.6);
    for (size_t i = 0; i < g->n_provinces; i++) {
        ring_path(cr, &g->provinces[i], s, box[0], box[1]);
        cairo_stroke(cr);
    }
    double r = fmax(2, fmin(w, h) / 110);
    for (size_t i = 0; i < m->n_markers; i++) {
        const zl_doc_marker *k = &m->markers[i];
        cairo_arc(cr, (k->x - box[0]) * s, (k->y - box[1]) * s, r, 0, 2 * M_PI);
        rgb(cr, k->cls >= 0 && k->cls < (int)m->n_classes ? m->classes[k->cls].rgb : 0);
        cairo_fill_preserve(cr);
        rgb(cr, 0);
        cairo_set_line_width(cr, 0.5);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
    return (box[3] - box[1]) * s;
}

static void draw_chart(cairo_t *cr, const zl_doc_chart *c, double w, double h)
{
    zl_chart_frame fr;
    zl_chart_layout(c, w, h, &fr);
    font(cr, 8, false);
    char buf[64];
    for (size_t i = 0; i < c->n; i++) {
        zl_chart_bar_box b = zl_chart_bar(&fr, c, i);
        rgb(cr, c->bars[i].missing ? 0xbbbbbb : 0x1d5f8a);
        cairo_rectangle(cr, b.x, c->bars[i].missing ? fr.y0 - 4 : b.y, b.w,
                        c->bars[i].missing ? 4 : b.h);
        cairo_fill(cr);
        if (b.show_label) {
            rgb(cr, 0x1b1f24);
            show(cr, b.x + b.w / 2 - text_w(cr, c->bars[i].label) / 2, fr.y0 + 11,
                 c->bars[i].label);
        }
    }
    rgb(cr, 0x333333);
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, fr.x0, fr.y1);
    cairo_line_to(cr, fr.x0, fr.y0);
    cairo_line_to(cr, fr.x1, fr.y0);
    cairo_stroke(cr);
    for (int t = 0; t <= 4; t++) {
        snprintf(buf, sizeof buf, "%g", fr.ymax * t / 4);
        show(cr, fr.x0 - 4 - text_w(cr, buf), fr.y0 - (fr.y0 - fr.y1) * t / 4 + 3, buf);
    }
    show(cr, (fr.x0 + fr.x1) / 2 - text_w(cr, c->x_label) / 2, h - 6, c->x_label);
    cairo_save(cr);
    cairo_translate(cr, 12, (fr.y0 + fr.y1) / 2 + text_w(cr, c->y_label) / 2);
    cairo_rotate(cr, -M_PI / 2);
    show(cr, 0, 0, c->y_label);
    cairo_restore(cr);
}

static void legend(pdf *p, const zl_doc_map *m)
{
    double x = MARGIN;
    font(p->cr, 8, false);
    for (size_t i = 0; i <= m->n_classes; i++) {
        const char *label = i < m->n_classes ? m->classes[i].label : "no data";
        double w = 14 + text_w(p->cr, label) + 12;
        if (x + w > MARGIN + TEXT_W) {
            x = MARGIN;
            p->y += 12;
        }
        need(p, 12);
        rgb(p->cr, i < m->n_classes ? m->classes[i].rgb : ZL_DOC_NO_DATA);
        if (i < m->n_classes && m->classes[i].marker)
            cairo_arc(p->cr, x + 4.5, p->y + 4.5, 4, 0, 2 * M_PI);
        else
            cairo_rectangle(p->cr, x, p->y, 9, 9);
        cairo_fill_preserve(p->cr);
        rgb(p->cr, 0x46505a);
        cairo_set_line_width(p->cr, 0.5);
        cairo_stroke(p->cr);
        rgb(p->cr, 0x1b1f24);
        show(p->cr, x + 13, p->y + 8, label);
        x += w;
    }
    p->y += 16;
}

static void caption(pdf *p, const char *title, bool synthetic)
{
    char cap[600];
    snprintf(cap, sizeof cap, "%s%s", title, synthetic ? " [synthetic]" : "");
    rgb(p->cr, 0x1b1f24);
    wrap(p, cap, 9.5, true, 0);
}

static void map_block(pdf *p, const zl_doc_map *m)
{
    double box[4];
    zl_doc_map_view(m, box);
    double h = fmin(520, TEXT_W * (box[3] - box[1]) / (box[2] - box[0]));
    need(p, h + 60);
    caption(p, m->title, m->synthetic);
    cairo_save(p->cr);
    cairo_translate(p->cr, MARGIN, p->y);
    p->y += draw_map(p->cr, m, TEXT_W, h) + 4;
    cairo_restore(p->cr);
    legend(p, m);
}

static void chart_block(pdf *p, const zl_doc_chart *c)
{
    need(p, 240);
    caption(p, c->title, c->synthetic);
    cairo_save(p->cr);
    cairo_translate(p->cr, MARGIN, p->y);
    draw_chart(p->cr, c, TEXT_W, 200);
    cairo_restore(p->cr);
    p->y += 210;
}

static void title_page(pdf *p)
{
    rgb(p->cr, 0x1b1f24);
    wrap(p, p->d->title, 20, true, 0);
    p->y += 6;
    char buf[1024];
    snprintf(buf, sizeof buf, "Made by `%s` with zorglandschap %s on %s (UTC).",
             p->d->command ? p->d->command : "", p->d->version ? p->d->version : "",
             p->d->generated ? p->d->generated : "");
    rgb(p->cr, 0x555555);
    wrap(p, buf, 9, false, 0);
    p->y += 6;
}

static void block(pdf *p, const zl_doc_block *b)
{
    switch (b->kind) {
    case ZL_BLOCK_HEADING: heading(p, b); break;
    case ZL_BLOCK_PARA:
        rgb(p->cr, 0x1b1f24);
        wrap(p, b->text, 9.5, false, 0);
        p->y += 4;
        break;
    case ZL_BLOCK_NOTE: note(p, b); break;
    case ZL_BLOCK_TABLE: table(p, b->table); break;
    case ZL_BLOCK_MAP: map_block(p, b->map); break;
    case ZL_BLOCK_CHART: chart_block(p, b->chart); break;
    }
}

static zl_status surface_check(cairo_surface_t *s, const char *path, zl_err *err)
{
    cairo_status_t cs = cairo_surface_status(s);
    if (cs != CAIRO_STATUS_SUCCESS)
        return zl_fail(err, ZL_EIO, "%s: %s", path, cairo_status_to_string(cs));
    return ZL_OK;
}

zl_status zl_doc_write_pdf(const zl_doc *d, const char *path, zl_err *err)
{
    if (zl_doc_status(d, err) != ZL_OK)
        return err->code;
    cairo_surface_t *s = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
    if (surface_check(s, path, err) != ZL_OK) {
        cairo_surface_destroy(s);
        return err->code;
    }
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->title);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "zorglandschap");
    pdf p = {.cr = cairo_create(s), .d = d, .y = MARGIN, .page = 1, .page_empty = true};
    title_page(&p);
    p.page_empty = true; /* the first chapter starts below the title, not on a new page */
    for (size_t i = 0; i < d->n_blocks; i++)
        block(&p, &d->blocks[i]);
    footer(&p);
    cairo_show_page(p.cr);
    cairo_destroy(p.cr);
    cairo_surface_finish(s);
    zl_status st = surface_check(s, path, err);
    cairo_surface_destroy(s);
    return st;
}

static zl_status write_png(cairo_surface_t *s, const char *dir, const char *id, zl_err *err)
{
    char path[4096];
    zl_doc_path(path, sizeof path, dir, id, "png");
    cairo_surface_flush(s);
    cairo_status_t cs = cairo_surface_write_to_png(s, path);
    if (cs != CAIRO_STATUS_SUCCESS)
        return zl_fail(err, ZL_EIO, "%s: %s", path, cairo_status_to_string(cs));
    return ZL_OK;
}

static zl_status png_map(const zl_doc_map *m, const char *dir, zl_err *err)
{
    double box[4];
    zl_doc_map_view(m, box);
    double w = 1000, h = ceil(w * (box[3] - box[1]) / (box[2] - box[0]));
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)w, (int)h + 40);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    draw_map(cr, m, w, h);
    font(cr, 16, true);
    rgb(cr, 0x1b1f24);
    char cap[600];
    snprintf(cap, sizeof cap, "%s%s", m->title, m->synthetic ? " [synthetic]" : "");
    show(cr, 10, h + 28, cap);
    cairo_destroy(cr);
    zl_status st = write_png(s, dir, m->id, err);
    cairo_surface_destroy(s);
    return st;
}

static zl_status png_chart(const zl_doc_chart *c, const char *dir, zl_err *err)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1280, 600);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, 2, 2);
    draw_chart(cr, c, 640, 280);
    font(cr, 10, true);
    rgb(cr, 0x1b1f24);
    char cap[600];
    snprintf(cap, sizeof cap, "%s%s", c->title, c->synthetic ? " [synthetic]" : "");
    show(cr, 56, 296, cap);
    cairo_destroy(cr);
    zl_status st = write_png(s, dir, c->id, err);
    cairo_surface_destroy(s);
    return st;
}

zl_status zl_doc_write_png(const zl_doc *d, const char *dir, zl_err *err)
{
    if (zl_doc_status(d, err) != ZL_OK || zl_doc_mkdir(dir, err) != ZL_OK)
        return err->code;
    zl_status st = ZL_OK;
    for (size_t i = 0; st == ZL_OK && i < d->n_blocks; i++) {
        if (d->blocks[i].kind == ZL_BLOCK_MAP)
            st = png_map(d->blocks[i].map, dir, err);
        else if (d->blocks[i].kind == ZL_BLOCK_CHART)
            st = png_chart(d->blocks[i].chart, dir, err);
    }
    return st;
}
