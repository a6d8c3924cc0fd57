/* The per-region pages of a report: for each region of the case's layer, a map of its
 * areas' travel times after the change with its locations, and its locations' figures
 * (the impact's location rows of the locations in the region). */
#include <stdio.h>
#include <string.h>

#include "rep_build.h"

static void region_locations(zl_doc *d, const rep_run *r, int region, const char *id)
{
    const char *h[] = {"location", "name", "status", "patients before", "patients after"};
    zl_doc_table *t = zl_doc_table_add(d, id, "Locations in the region", rep_synthetic(r), 5, h);
    size_t i;
    const json_t *l;
    json_array_foreach(json_object_get(r->impact, "locations"), i, l)
    {
        int k = zl_case_location_index(r->c, json_string_value(json_object_get(l, "id")));
        if (k < 0 || r->c->location_region[k] != region)
            continue;
        rep_cell_at(t, l, "id", 0);
        rep_cell_at(t, l, "name", 0);
        rep_cell_at(t, l, "status", 0);
        rep_cell_at(t, l, "volume_before", 1);
        rep_cell_at(t, l, "volume_after", 1);
    }
}

void rep_regions(zl_doc *d, const zl_geo *g, const rep_run *r, const char *p)
{
    char id[128], title[160];
    if (!r->c->region_layer || r->c->n_regions == 0)
        return;
    snprintf(id, sizeof id, "%s%sregions", p, *p ? "-" : "");
    zl_doc_heading(d, 1, id, "Regions (%s)", r->c->region_layer);
    zl_doc_para(d, "A page per region of the layer %s: its areas' travel times after the change "
                   "and the locations in the region.",
                r->c->region_layer);
    for (size_t k = 0; k < r->c->n_regions; k++) {
        const char *code = r->c->region_codes[k];
        snprintf(id, sizeof id, "%s%sregion-%s", p, *p ? "-" : "", code);
        zl_doc_heading(d, 2, id, "%s (%s)", rep_region_name(r, code), code);
        if (g) {
            snprintf(id, sizeof id, "%s%sregion_%s_map", p, *p ? "_" : "", code);
            snprintf(title, sizeof title, "%s: travel time to the nearest location after",
                     rep_region_name(r, code));
            rep_map_minutes_after(d, g, r, id, title, (int)k);
        }
        snprintf(id, sizeof id, "%s%sregion_%s_figures", p, *p ? "_" : "", code);
        rep_region_assess(d, r, code, id);
        snprintf(id, sizeof id, "%s%sregion_%s_locations", p, *p ? "_" : "", code);
        region_locations(d, r, (int)k, id);
    }
}
