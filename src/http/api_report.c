/* GET /api/v1/report/impact: the impact report of a norm as one self-contained HTML page
 * (zorglandschap/report.h), shown in the browser (the impact page's "Report" button, with
 * the page's scenario: norm, rule, region layer, kept and stopped locations).
 * Counts are published as for the public unless the caller may see them exactly, as in
 * GET /impact. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "zorglandschap/privacy.h"
#include "zorglandschap/report.h"
#include "zorglandschap/util.h"

/* The request as the report's provenance line shows it. */
static void command_of(const api_req *r, char *buf, size_t size)
{
    static const char *const keys[] = {"intervention", "norm",          "year", "rule",
                                       "region_layer", "network_layer", "keep", "stop"};
    size_t n = (size_t)snprintf(buf, size, "GET /api/v1/report/impact");
    char sep = '?';
    for (size_t i = 0; i < sizeof keys / sizeof *keys && n < size; i++) {
        const char *v = api_query(r, keys[i]);
        if (v) {
            n += (size_t)snprintf(buf + n, size - n, "%c%s=%s", sep, keys[i], v);
            sep = '&';
        }
    }
}

static zl_status html_of(const zl_doc *d, zl_buf *out, zl_err *err)
{
    char *data = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&data, &len);
    if (!f)
        return zl_fail(err, ZL_ENOMEM, "out of memory writing the report");
    zl_status st = zl_doc_write_html(d, f, err);
    fclose(f);
    if (st == ZL_OK)
        st = zl_buf_append(out, data, len, err);
    free(data);
    return st;
}

zl_status api_report_impact(api_req *r, json_t **out, zl_err *err)
{
    *out = NULL;
    zl_report_opts o = {.intervention = api_query(r, "intervention"),
                        .norm = api_query(r, "norm"),
                        .rule = api_query(r, "rule"),
                        .region_layer = api_query(r, "region_layer"),
                        .network_layer = api_query(r, "network_layer"),
                        .version = ZL_VERSION};
    if (!o.intervention)
        return zl_fail(err, ZL_EINPUT, "query parameter 'intervention' is required");
    int64_t year = 0;
    zl_status st = api_query_int(r, "year", 1900, 2200, 0, &year, err);
    o.year = (int)year;
    /* The impact page's overrides: comma-separated location ids, as GET /impact takes them. */
    char **keep = NULL, **stop = NULL;
    const char *qk = api_query(r, "keep"), *qs = api_query(r, "stop");
    if (st == ZL_OK)
        st = zl_split_list(qk ? qk : "", &keep, &o.n_keep, err);
    if (st == ZL_OK)
        st = zl_split_list(qs ? qs : "", &stop, &o.n_stop, err);
    o.keep = (const char *const *)keep;
    o.stop = (const char *const *)stop;
    char cmd[512];
    command_of(r, cmd, sizeof cmd);
    o.command = cmd;
    zl_viewer v = api_viewer(r);
    o.public_counts = !zl_may_see_unsuppressed(&v, NULL);
    const zl_geo *geo = NULL;
    if (st == ZL_OK)
        st = api_geo(r, &geo, err);
    zl_doc *d = NULL;
    if (st == ZL_OK)
        st = zl_report_impact(r->w->store, geo, &o, &d, err);
    if (st == ZL_OK)
        st = html_of(d, &r->file, err);
    zl_doc_free(d);
    zl_strv_free(keep);
    zl_strv_free(stop);
    if (st != ZL_OK)
        return st;
    r->file_type = "text/html; charset=utf-8";
    r->file_name = "impact-report.html";
    r->file_inline = true;
    return ZL_OK;
}
