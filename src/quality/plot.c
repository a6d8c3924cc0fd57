/* The funnel plot as SVG or PNG (cairo): the national value, the 95 % (dashed) and 99.8 %
 * (solid) limits, one dot per location coloured by its verdict, a title, axes and the
 * synthetic label. The public plot leaves out suppressed and unpublished points and
 * places the others at their published denominators (docs/quality.md). */
#include <cairo-svg.h>
#include <cairo.h>
#include <math.h>
#include <string.h>

#include "quality_internal.h"

#define W  800.0
#define H  560.0
#define ML 70.0 /* margins: left, right, top, bottom */
#define MR 20.0
#define MT 50.0
#define MB 60.0

typedef struct frame {
    double xmax, ymin, ymax;
} frame;

static double px(const frame *f, double x)
{
    return ML + (W - ML - MR) * x / f->xmax;
}

static double py(const frame *f, double y)
{
    return H - MB - (H - MT - MB) * (y - f->ymin) / (f->ymax - f->ymin);
}

/* The range: every point and the limits from a precision of a tenth of the largest on. */
static frame frame_of(const zl_funnel *fu)
{
    frame f = {.xmax = fu->n_curve ? fu->curve[fu->n_curve - 1].precision : 10,
               .ymin = INFINITY,
               .ymax = -INFINITY};
    for (size_t i = 0; i < fu->n; i++) {
        f.ymin = fmin(f.ymin, fu->points[i].value);
        f.ymax = fmax(f.ymax, fu->points[i].value);
    }
    for (size_t i = 0; i < fu->n_curve; i++)
        if (fu->curve[i].precision >= f.xmax / 10) {
            f.ymin = fmin(f.ymin, fu->curve[i].lo998);
            f.ymax = fmax(f.ymax, fu->curve[i].hi998);
        }
    f.ymin = fmax(0, fmin(f.ymin, fu->target) * 0.9);
    f.ymax = fmax(f.ymax, fu->target) * 1.05;
    if (!(f.ymax > f.ymin))
        f.ymax = f.ymin + 1;
    return f;
}

static void text(cairo_t *cr, double x, double y, double size, const char *s)
{
    cairo_set_font_size(cr, size);
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, s);
}

static void axes(cairo_t *cr, const zl_funnel *fu, const frame *f)
{
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_set_line_width(cr, 1);
    cairo_move_to(cr, ML, MT);
    cairo_line_to(cr, ML, H - MB);
    cairo_line_to(cr, W - MR, H - MB);
    cairo_stroke(cr);
    bool prop = fu->ind.type == ZL_IND_PROPORTION;
    char buf[64];
    for (int i = 0; i <= 5; i++) {
        double x = f->xmax * i / 5, y = f->ymin + (f->ymax - f->ymin) * i / 5;
        snprintf(buf, sizeof buf, "%.0f", x);
        text(cr, px(f, x) - 8, H - MB + 16, 11, buf);
        snprintf(buf, sizeof buf, prop ? "%.1f%%" : "%.2f", prop ? y * 100 : y);
        text(cr, 8, py(f, y) + 4, 11, buf);
    }
    text(cr, W / 2 - 80, H - 20, 13, prop ? "patients (denominator)" : "expected count (case mix)");
    char title[300];
    snprintf(title, sizeof title, "%s, %d%s", fu->ind.name_en, fu->year,
             fu->synthetic ? " - SYNTHETIC data" : "");
    text(cr, ML, 24, 15, title);
    snprintf(title, sizeof title, "national %s %.3g%s; dashed 95 %%, solid 99.8 %% limits%s",
             prop ? "value" : "O/E", prop ? fu->target * 100 : fu->target, prop ? "%" : "",
             fu->overdispersion_applied ? " (overdispersion applied)" : "");
    text(cr, ML, 42, 11, title);
}

static void curve(cairo_t *cr, const zl_funnel *fu, const frame *f, size_t which)
{
    bool started = false;
    for (size_t i = 0; i < fu->n_curve; i++) {
        const double *v = &fu->curve[i].lo95;
        double y = fmin(fmax(v[which], f->ymin), f->ymax);
        if (started)
            cairo_line_to(cr, px(f, fu->curve[i].precision), py(f, y));
        else
            cairo_move_to(cr, px(f, fu->curve[i].precision), py(f, y));
        started = true;
    }
    cairo_stroke(cr);
}

static void limits(cairo_t *cr, const zl_funnel *fu, const frame *f)
{
    cairo_set_source_rgb(cr, 0.1, 0.3, 0.6);
    cairo_set_line_width(cr, 1.5);
    cairo_move_to(cr, px(f, 0), py(f, fu->target));
    cairo_line_to(cr, px(f, f->xmax), py(f, fu->target));
    cairo_stroke(cr);
    double dash[] = {6, 4};
    cairo_set_dash(cr, dash, 2, 0);
    curve(cr, fu, f, 0), curve(cr, fu, f, 1);
    cairo_set_dash(cr, NULL, 0, 0);
    curve(cr, fu, f, 2), curve(cr, fu, f, 3);
}

static void dots(cairo_t *cr, const zl_funnel *fu, const frame *f, const zl_disclosure *d)
{
    for (size_t i = 0; i < fu->n; i++) {
        const zl_funnel_point *p = &fu->points[i];
        double x = p->precision, y = p->value;
        if (d) {
            int64_t shown;
            if (zl_quality_publish_count(d, &fu->ind, fu->year, p->location_id, p->denominator,
                                         p->volume, &shown) != ZL_CELL_SHOWN ||
                !p->published)
                continue;
            if (fu->ind.type == ZL_IND_PROPORTION)
                x = (double)shown;
            y = quality_public_value(fu->ind.type, y);
        }
        if (p->verdict > 0)
            cairo_set_source_rgb(cr, 0.1, 0.6, 0.2);
        else if (p->verdict < 0)
            cairo_set_source_rgb(cr, 0.8, 0.1, 0.1);
        else
            cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
        cairo_arc(cr, px(f, fmin(x, f->xmax)), py(f, fmin(fmax(y, f->ymin), f->ymax)),
                  p->flag == 2 || p->flag == -2 ? 5 : 4, 0, 2 * M_PI);
        cairo_fill(cr);
    }
}

static void draw(cairo_t *cr, const zl_funnel *fu, const zl_disclosure *d)
{
    frame f = frame_of(fu);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    axes(cr, fu, &f);
    limits(cr, fu, &f);
    dots(cr, fu, &f, d);
}

zl_status zl_funnel_plot(const zl_funnel *f, const zl_disclosure *d, const char *format,
                         const char *path, zl_err *err)
{
    bool svg = strcmp(format, "svg") == 0;
    if (!svg && strcmp(format, "png") != 0)
        return zl_fail(err, ZL_EINPUT, "unknown plot format '%s' (svg or png)", format);
    cairo_surface_t *sf = svg ? cairo_svg_surface_create(path, W, H)
                              : cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)W, (int)H);
    cairo_t *cr = cairo_create(sf);
    draw(cr, f, d);
    cairo_destroy(cr);
    cairo_status_t cs = svg ? (cairo_surface_finish(sf), cairo_surface_status(sf))
                            : cairo_surface_write_to_png(sf, path);
    cairo_surface_destroy(sf);
    if (cs != CAIRO_STATUS_SUCCESS)
        return zl_fail(err, ZL_EIO, "%s: cannot write the plot: %s", path,
                       cairo_status_to_string(cs));
    return ZL_OK;
}
