/* The method and data-sources chapter: how the figures are made (with the documents that
 * define them), the travel model, the map geometry and every imported dataset with its
 * row count, whether it is synthetic and when it was imported (the import log). */
#include <string.h>

#include "rep_build.h"
#include "zorglandschap/store_provenance.h"

static zl_status source_row(void *ctx, const zl_import_record *r, zl_err *err)
{
    zl_doc_table *t = ctx;
    const char *base = strrchr(r->source, '/');
    zl_doc_cell_text(t, "%s", r->kind);
    zl_doc_cell_text(t, "%s", base ? base + 1 : r->source);
    zl_doc_cell_num(t, (double)r->rows, 0);
    zl_doc_cell_text(t, "%s", r->synthetic ? "synthetic" : "observed");
    zl_doc_cell_text(t, "%.10s", r->imported_at);
    return ZL_OK;
}

void rep_method(zl_doc *d, zl_store *s, const zl_geo *g, const rep_run *r)
{
    zl_doc_heading(d, 1, "method", "Method and data sources");
    zl_doc_para(d, "Locations whose volume (the mean over the norm's window) is below the norm "
                   "stop; their patients go where the allocation rule sends them. Travel times "
                   "come from the database's travel matrix; the before/after comparison, "
                   "percentiles and reach are defined in docs/impact.md, the rules in "
                   "docs/choice.md, the quality chapter in docs/quality.md and this report in "
                   "docs/report.md.");
    if (r) {
        const char *tm = json_string_value(json_object_get(r->impact, "travel_method"));
        zl_doc_para(d, "Travel method: %s. Case year: %lld.", tm ? tm : "unknown",
                    (long long)json_integer_value(json_object_get(r->impact, "year")));
    }
    if (g)
        zl_doc_para(d, "Map geometry: PC4 areas and provinces, %s, simplified as for the "
                       "browser map (web/build.mjs).",
                    g->source);
    const char *h[] = {"dataset", "file", "rows", "kind", "imported (UTC)"};
    zl_doc_table *t = zl_doc_table_add(d, "sources", "Data sources", false, 5, h);
    zl_err err = {0};
    if (t && zl_store_import_log(s, source_row, t, &err) != ZL_OK)
        zl_doc_note(d, ZL_NOTE_WARNING, "The import log could not be read: %s", err.msg);
    rep_thresholds(d, r);
    zl_doc_para(d, "Attribution of the real data: data/ATTRIBUTION.md. Synthetic datasets are "
                   "generated with a fixed seed by documented models (docs/sample-data.md).");
}
