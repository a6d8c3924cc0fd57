/* The HTML back end: one self-contained file (inline CSS, inline SVG, no script, nothing
 * fetched), valid HTML5 for `tidy`. The PC4 shapes are written once, as <path> elements
 * in a hidden <svg><defs>, and every map references them with <use>, grouped by class, so
 * a report with many maps stays small. Coordinates are the geometry's kilometres times
 * ten, as integers (100 m: finer than a pixel of any map the report draws). */
#include <math.h>
#include <string.h>

#include "report_internal.h"

#define UNITS 10.0 /* SVG units per km */

void zl_html_escape(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f);
        }
    }
}

static const char css[] =
    "body{font-family:sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#1b1f24;"
    "line-height:1.45}h1{font-size:1.7rem}h2{margin-top:2.5rem;border-bottom:2px solid #1d5f8a}"
    "table{border-collapse:collapse;margin:.8rem 0;font-size:.9rem}caption{text-align:left;"
    "font-weight:bold;padding:.3rem 0}th,td{border:1px solid #c7ccd1;padding:.2rem .5rem}"
    "th{background:#eef2f5}td.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".synthetic{background:#ffe08a;color:#5a4500;font-weight:bold;padding:0 .3rem;"
    "border-radius:3px;font-size:.8rem}.note{border-left:4px solid #1d5f8a;padding:.3rem .7rem;"
    "background:#f3f7fa}.note.synthetic-note{border-color:#c79a00;background:#fff6d6}"
    ".note.warning{border-color:#b3261e;background:#fdeceb}figure{margin:1rem 0}"
    "figure svg{max-width:100%;height:auto;border:1px solid #dde1e5;background:#fff}"
    ".legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3rem 1rem;"
    "font-size:.85rem}.legend svg.swatch{border:0;margin-right:.3rem;vertical-align:middle}.meta{color:#555;font-size:.9rem}"
    "code{background:#eef2f5;padding:0 .2rem}svg.chart text{font-size:11px}@media print{h2{break-before:page}}";

static void synthetic_badge(FILE *f, bool synthetic)
{
    if (synthetic)
        fputs(" <span class=\"synthetic\">synthetic</span>", f);
}

static void table_html(FILE *f, const zl_doc_table *t)
{
    fputs("<table id=\"t-", f);
    zl_html_escape(f, t->id);
    fputs("\"><caption>", f);
    zl_html_escape(f, t->title);
    synthetic_badge(f, t->synthetic);
    fputs("</caption>\n<thead><tr>", f);
    for (size_t c = 0; c < t->n_cols; c++) {
        fputs("<th scope=\"col\">", f);
        zl_html_escape(f, t->headers[c]);
        fputs("</th>", f);
    }
    fputs("</tr></thead>\n<tbody>\n", f);
    char buf[512];
    if (t->n_rows == 0)
        fprintf(f, "<tr><td colspan=\"%zu\">none</td></tr>\n", t->n_cols);
    for (size_t r = 0; r < t->n_rows; r++) {
        fputs("<tr>", f);
        for (size_t c = 0; c < t->n_cols; c++) {
            size_t i = r * t->n_cols + c;
            const zl_doc_cell *cell = i < t->n_cells ? &t->cells[i] : NULL;
            fputs(cell && cell->kind == ZL_CELL_NUM ? "<td class=\"n\">" : "<td>", f);
            if (cell) {
                zl_doc_cell_format(cell, buf, sizeof buf);
                zl_html_escape(f, buf);
            }
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

/* One shape as a path: absolute first point, then integer steps; zero steps dropped. */
static void shape_path(FILE *f, const zl_geo_shape *s)
{
    for (size_t r = 0; r < s->n_rings; r++) {
        long px = 0, py = 0;
        size_t written = 0;
        for (size_t k = s->start[r]; k < s->start[r + 1]; k++) {
            long x = lround(s->xy[2 * k] * UNITS), y = lround(s->xy[2 * k + 1] * UNITS);
            if (written == 0)
                fprintf(f, "M%ld %ld", x, y);
            else if (x != px || y != py)
                fprintf(f, "l%ld %ld", x - px, y - py);
            else
                continue;
            px = x;
            py = y;
            written++;
        }
        if (written)
            fputc('z', f);
    }
}

static bool any_map(const zl_doc *d)
{
    for (size_t i = 0; i < d->n_blocks; i++)
        if (d->blocks[i].kind == ZL_BLOCK_MAP)
            return true;
    return false;
}

static void geometry_defs(FILE *f, const zl_geo *g)
{
    fputs("<svg class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\"><defs>\n", f);
    for (size_t i = 0; i < g->n_areas; i++) {
        fprintf(f, "<path id=\"a%d\" d=\"", g->areas[i].pc4);
        shape_path(f, &g->areas[i]);
        fputs("\"/>\n", f);
    }
    for (size_t i = 0; i < g->n_provinces; i++) {
        fprintf(f, "<path id=\"p%zu\" d=\"", i);
        shape_path(f, &g->provinces[i]);
        fputs("\"/>\n", f);
    }
    fputs("</defs></svg>\n", f);
}

static bool overlaps(const double *a, const double *b)
{
    return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

static void map_areas(FILE *f, const zl_doc_map *m, const double *view)
{
    const zl_geo *g = m->geo;
    double km[4] = {view[0] / UNITS, view[1] / UNITS, view[2] / UNITS, view[3] / UNITS};
    for (int cls = -1; cls < (int)m->n_classes; cls++) {
        if (cls >= 0 && m->classes[cls].marker)
            continue;
        fprintf(f, "<g fill=\"#%06x\">", cls < 0 ? ZL_DOC_NO_DATA : m->classes[cls].rgb);
        for (size_t i = 0; i < g->n_areas; i++)
            if (m->area_class[i] == cls && overlaps(g->areas[i].bbox, km))
                fprintf(f, "<use href=\"#a%d\"/>", g->areas[i].pc4);
        fputs("</g>\n", f);
    }
    fputs("<g fill=\"none\" stroke=\"#46505a\" stroke-width=\"0.8\" "
          "vector-effect=\"non-scaling-stroke\">",
          f);
    for (size_t i = 0; i < g->n_provinces; i++)
        fprintf(f, "<use href=\"#p%zu\" vector-effect=\"non-scaling-stroke\"/>", i);
    fputs("</g>\n", f);
}

static void map_markers(FILE *f, const zl_doc_map *m, double r)
{
    for (size_t i = 0; i < m->n_markers; i++) {
        const zl_doc_marker *k = &m->markers[i];
        uint32_t rgb = k->cls >= 0 && k->cls < (int)m->n_classes ? m->classes[k->cls].rgb : 0;
        fprintf(f, "<circle cx=\"%.0f\" cy=\"%.0f\" r=\"%.0f\" fill=\"#%06x\" stroke=\"#000\">",
                k->x * UNITS, k->y * UNITS, r, rgb);
        fputs("<title>", f);
        zl_html_escape(f, k->label);
        if (k->cls >= 0 && k->cls < (int)m->n_classes) {
            fputs(": ", f);
            zl_html_escape(f, m->classes[k->cls].label);
        }
        fputs("</title></circle>", f);
    }
}

static void swatch(FILE *f, uint32_t rgb, bool marker)
{
    if (marker)
        fprintf(f, "<svg class=\"swatch\" width=\"12\" height=\"12\" aria-hidden=\"true\">"
                   "<circle cx=\"6\" cy=\"6\" r=\"5\" fill=\"#%06x\" stroke=\"#000\"/></svg>",
                rgb);
    else
        fprintf(f, "<svg class=\"swatch\" width=\"12\" height=\"12\" aria-hidden=\"true\">"
                   "<rect width=\"12\" height=\"12\" fill=\"#%06x\" stroke=\"#777\"/></svg>",
                rgb);
}

static void legend(FILE *f, const zl_doc_class *cls, size_t n)
{
    fputs("<ul class=\"legend\">", f);
    for (size_t i = 0; i < n; i++) {
        fputs("<li>", f);
        swatch(f, cls[i].rgb, cls[i].marker);
        zl_html_escape(f, cls[i].label);
        fputs("</li>", f);
    }
    fputs("<li>", f);
    swatch(f, ZL_DOC_NO_DATA, false);
    fputs("no data</li></ul>", f);
}

static void map_html(FILE *f, const zl_doc_map *m)
{
    double box[4];
    zl_doc_map_view(m, box);
    for (int i = 0; i < 4; i++)
        box[i] *= UNITS;
    double w = box[2] - box[0], h = box[3] - box[1];
    fputs("<figure id=\"m-", f);
    zl_html_escape(f, m->id);
    fprintf(f, "\"><svg viewBox=\"%.0f %.0f %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\" "
               "aria-label=\"",
            box[0], box[1], w, h, 640.0, 640.0 * h / w);
    zl_html_escape(f, m->title);
    fputs("\">\n", f);
    map_areas(f, m, box);
    map_markers(f, m, fmax(w, h) / 110);
    fputs("</svg><figcaption>", f);
    zl_html_escape(f, m->title);
    synthetic_badge(f, m->synthetic);
    legend(f, m->classes, m->n_classes);
    fputs("</figcaption></figure>\n", f);
}

static void chart_html(FILE *f, const zl_doc_chart *c)
{
    zl_chart_frame fr;
    zl_chart_layout(c, 640, 280, &fr);
    fputs("<figure id=\"c-", f);
    zl_html_escape(f, c->id);
    fputs("\"><svg viewBox=\"0 0 640 280\" width=\"640\" height=\"280\" role=\"img\" aria-label=\"", f);
    zl_html_escape(f, c->title);
    fputs("\" class=\"chart\">\n", f);
    for (size_t i = 0; i < c->n; i++) {
        zl_chart_bar_box b = zl_chart_bar(&fr, c, i);
        if (!c->bars[i].missing)
            fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#1d5f8a\">"
                       "<title>", b.x, b.y, b.w, b.h);
        else
            fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"4\" fill=\"#bbb\"><title>",
                    b.x, fr.y0 - 4, b.w);
        zl_html_escape(f, c->bars[i].label);
        if (c->bars[i].missing)
            fputs(": suppressed", f);
        else
            fprintf(f, ": %g", c->bars[i].value);
        fputs("</title></rect>", f);
        if (b.show_label) {
            fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", b.x + b.w / 2,
                    fr.y0 + 14);
            zl_html_escape(f, c->bars[i].label);
            fputs("</text>", f);
        }
    }
    fprintf(f, "\n<path d=\"M%.1f %.1fV%.1fH%.1f\" stroke=\"#333\" fill=\"none\"/>", fr.x0, fr.y1,
            fr.y0, fr.x1);
    for (int t = 0; t <= 4; t++) {
        double v = fr.ymax * t / 4, y = fr.y0 - (fr.y0 - fr.y1) * t / 4;
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%g</text>", fr.x0 - 4, y + 4, v);
    }
    fprintf(f, "<text x=\"%.1f\" y=\"274\" text-anchor=\"middle\">", (fr.x0 + fr.x1) / 2);
    zl_html_escape(f, c->x_label);
    fprintf(f, "</text><text x=\"12\" y=\"%.1f\" transform=\"rotate(-90 12 %.1f)\" "
               "text-anchor=\"middle\">",
            (fr.y0 + fr.y1) / 2, (fr.y0 + fr.y1) / 2);
    zl_html_escape(f, c->y_label);
    fputs("</text></svg><figcaption>", f);
    zl_html_escape(f, c->title);
    synthetic_badge(f, c->synthetic);
    fputs("</figcaption></figure>\n", f);
}

static void heading_html(FILE *f, const zl_doc_block *b)
{
    int h = b->level + 1;
    fprintf(f, "<h%d", h);
    if (b->id) {
        fputs(" id=\"", f);
        zl_html_escape(f, b->id);
        fputc('"', f);
    }
    fputc('>', f);
    zl_html_escape(f, b->text);
    fprintf(f, "</h%d>\n", h);
}

static void block_html(FILE *f, const zl_doc_block *b)
{
    static const char *const note_class[] = {"note", "note synthetic-note", "note warning"};
    switch (b->kind) {
    case ZL_BLOCK_HEADING: heading_html(f, b); break;
    case ZL_BLOCK_PARA:
        fputs("<p>", f);
        zl_html_escape(f, b->text);
        fputs("</p>\n", f);
        break;
    case ZL_BLOCK_NOTE:
        fprintf(f, "<p class=\"%s\">", note_class[b->note]);
        if (b->note == ZL_NOTE_SYNTHETIC)
            fputs("<span class=\"synthetic\">synthetic</span> ", f);
        zl_html_escape(f, b->text);
        fputs("</p>\n", f);
        break;
    case ZL_BLOCK_TABLE: table_html(f, b->table); break;
    case ZL_BLOCK_MAP: map_html(f, b->map); break;
    case ZL_BLOCK_CHART: chart_html(f, b->chart); break;
    }
}

static void contents(FILE *f, const zl_doc *d)
{
    fputs("<nav aria-label=\"contents\"><h2>Contents</h2><ol>", f);
    for (size_t i = 0; i < d->n_blocks; i++) {
        const zl_doc_block *b = &d->blocks[i];
        if (b->kind != ZL_BLOCK_HEADING || b->level != 1 || !b->id)
            continue;
        fputs("<li><a href=\"#", f);
        zl_html_escape(f, b->id);
        fputs("\">", f);
        zl_html_escape(f, b->text);
        fputs("</a></li>", f);
    }
    fputs("</ol></nav>\n", f);
}

static void header_html(FILE *f, const zl_doc *d)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"zorglandschap ",
          f);
    zl_html_escape(f, d->version);
    fputs("\">\n<title>", f);
    zl_html_escape(f, d->title);
    fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n<header>\n<h1>", css);
    zl_html_escape(f, d->title);
    fputs("</h1>\n<p class=\"meta\">Made by <code>", f);
    zl_html_escape(f, d->command);
    fputs("</code> with zorglandschap ", f);
    zl_html_escape(f, d->version);
    fputs(" on ", f);
    zl_html_escape(f, d->generated);
    fputs(" (UTC).</p>\n", f);
    if (d->synthetic)
        fputs("<p class=\"note synthetic-note\"><span class=\"synthetic\">synthetic</span> "
              "Figures marked synthetic are generated by the project's documented models, not "
              "observed: they illustrate the method and must not be read as facts about a "
              "hospital.</p>\n",
              f);
    fputs("</header>\n", f);
}

zl_status zl_doc_write_html(const zl_doc *d, FILE *f, zl_err *err)
{
    if (zl_doc_status(d, err) != ZL_OK)
        return err->code;
    header_html(f, d);
    contents(f, d);
    const zl_geo *geo = NULL;
    for (size_t i = 0; !geo && i < d->n_blocks; i++)
        if (d->blocks[i].kind == ZL_BLOCK_MAP)
            geo = d->blocks[i].map->geo;
    if (any_map(d))
        geometry_defs(f, geo);
    fputs("<main>\n", f);
    for (size_t i = 0; i < d->n_blocks; i++)
        block_html(f, &d->blocks[i]);
    fputs("</main>\n</body>\n</html>\n", f);
    if (ferror(f))
        return zl_fail(err, ZL_EIO, "writing the HTML report failed");
    return ZL_OK;
}
