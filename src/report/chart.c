/* The layout of a bar chart and the folder helpers shared by the back ends, so the HTML
 * and cairo renderings place every bar at the same spot. */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "report_internal.h"

/* 1, 2 or 5 times a power of ten, at least v. */
static double nice_ceil(double v)
{
    if (!(v > 0))
        return 1;
    double p = pow(10, floor(log10(v)));
    for (int i = 0; i < 3; i++) {
        double m = (double[]){1, 2, 5}[i] * p;
        if (m >= v - 1e-9)
            return m;
    }
    return 10 * p;
}

void zl_chart_layout(const zl_doc_chart *c, double w, double h, zl_chart_frame *out)
{
    double max = 0;
    for (size_t i = 0; i < c->n; i++)
        if (!c->bars[i].missing)
            max = fmax(max, c->bars[i].value);
    out->x0 = 56;
    out->x1 = w - 12;
    out->y0 = h - 36;
    out->y1 = 12;
    out->ymax = nice_ceil(max);
    double per = c->n ? (out->x1 - out->x0) / (double)c->n : 1;
    out->label_every = per >= 36 ? 1 : (size_t)ceil(36 / per);
}

zl_chart_bar_box zl_chart_bar(const zl_chart_frame *fr, const zl_doc_chart *c, size_t i)
{
    double per = c->n ? (fr->x1 - fr->x0) / (double)c->n : 0;
    double hgt = (fr->y0 - fr->y1) * c->bars[i].value / fr->ymax;
    return (zl_chart_bar_box){.x = fr->x0 + per * (double)i + per * 0.1,
                              .w = per * 0.8,
                              .y = fr->y0 - hgt,
                              .h = hgt,
                              .show_label = i % fr->label_every == 0};
}

void zl_doc_path(char *buf, size_t size, const char *dir, const char *id, const char *ext)
{
    snprintf(buf, size, "%s/%s.%s", dir, id, ext);
}

zl_status zl_doc_mkdir(const char *dir, zl_err *err)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return zl_fail(err, ZL_EIO, "%s: cannot create the folder: %s", dir, strerror(errno));
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return zl_fail(err, ZL_EIO, "%s: not a folder", dir);
    return ZL_OK;
}
