/* The report's maps and histogram, from the impact's map layers (zl_impact_areas_to_json:
 * minutes to the nearest offering location per PC4 area, before and after) and its
 * histogram of displaced patients' extra minutes. Classes follow the travel thresholds of
 * the impact analysis (30/45/60 minutes, docs/impact.md). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rep_build.h"
#include "zorglandschap/impact_areas.h"

static const zl_doc_class minutes_classes[] = {
    {"up to 15 min", 0x1a9850, false},    {"15-30 min", 0x91cf60, false},
    {"30-45 min", 0xfee08b, false},       {"45-60 min", 0xfc8d59, false},
    {"over 60 min", 0xd73027, false},     {"location stops", 0xffffff, true},
    {"location receives", 0x1d5f8a, true}, {"location keeps", 0x6a3d9a, true},
    {"location opens", 0x33a02c, true}};
enum { MARK_STOPS = 5 };

static int minutes_class(double m)
{
    return m <= 15 ? 0 : m <= 30 ? 1 : m <= 45 ? 2 : m <= 60 ? 3 : 4;
}

static int status_class(const char *status)
{
    static const char *const names[] = {"stops", "receives", "keeps", "opens"};
    for (int i = 0; status && i < 4; i++)
        if (strcmp(status, names[i]) == 0)
            return MARK_STOPS + i;
    return -1;
}

/* The impact's locations as markers (coordinates from the case), those of region
 * `region` only when region >= 0. */
static void markers(zl_doc_map *m, const rep_run *r, int region)
{
    size_t i;
    const json_t *loc;
    json_array_foreach(json_object_get(r->impact, "locations"), i, loc)
    {
        int l = zl_case_location_index(r->c, json_string_value(json_object_get(loc, "id")));
        if (l < 0 || (region >= 0 && r->c->location_region &&
                      r->c->location_region[l] != region))
            continue;
        zl_doc_map_marker(m, r->c->locations[l].lat, r->c->locations[l].lon,
                          r->c->locations[l].name,
                          status_class(json_string_value(json_object_get(loc, "status"))));
    }
}

/* Whether area index a (of the areas JSON, ordered as the case) is in region. */
static bool in_region(const rep_run *r, size_t a, int region)
{
    return region < 0 || (r->c->area_region && a < r->c->n_areas && r->c->area_region[a] == region);
}

void rep_map_minutes_after(zl_doc *d, const zl_geo *g, const rep_run *r, const char *id,
                           const char *title, int focus_region)
{
    zl_doc_map *m = zl_doc_map_add(d, id, title, g, rep_synthetic(r), minutes_classes,
                                   sizeof minutes_classes / sizeof *minutes_classes,
                                   "minutes_after");
    if (!m)
        return;
    m->focus = focus_region >= 0;
    const json_t *pc4 = json_object_get(r->areas, "pc4"),
                 *after = json_object_get(r->areas, "minutes_after");
    for (size_t a = 0; a < json_array_size(pc4); a++) {
        const json_t *v = json_array_get(after, a);
        if (json_is_number(v) && in_region(r, a, focus_region))
            zl_doc_map_area(m, (int32_t)json_integer_value(json_array_get(pc4, a)),
                            minutes_class(json_number_value(v)), json_number_value(v));
    }
    markers(m, r, focus_region);
}

void rep_map_change(zl_doc *d, const zl_geo *g, const rep_run *r, const char *id)
{
    static const zl_doc_class cls[] = {
        {"no change", 0xf4f4f4, false},   {"up to 5 min more", 0xfee090, false},
        {"5-15 min more", 0xfc8d59, false}, {"15-30 min more", 0xd73027, false},
        {"over 30 min more", 0x7f0000, false}};
    zl_doc_map *m = zl_doc_map_add(d, id, "Change of the travel time to the nearest location", g,
                                   rep_synthetic(r), cls, 5, "extra_minutes");
    const json_t *pc4 = json_object_get(r->areas, "pc4"),
                 *before = json_object_get(r->areas, "minutes_before"),
                 *after = json_object_get(r->areas, "minutes_after");
    for (size_t a = 0; m && a < json_array_size(pc4); a++) {
        const json_t *b = json_array_get(before, a), *f = json_array_get(after, a);
        if (!json_is_number(b) || !json_is_number(f))
            continue;
        /* the difference of the two published (0.1-minute) values */
        double x = round((json_number_value(f) - json_number_value(b)) * 10) / 10;
        int c = x <= 0 ? 0 : x <= 5 ? 1 : x <= 15 ? 2 : x <= 30 ? 3 : 4;
        zl_doc_map_area(m, (int32_t)json_integer_value(json_array_get(pc4, a)), c, x);
    }
}

/* Whether pc4 is in the assessment's list of areas newly beyond 45 minutes (ascending). */
static bool listed(const json_t *list, int64_t pc4)
{
    size_t lo = 0, hi = json_array_size(list);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int64_t v = json_integer_value(json_array_get(list, mid));
        if (v == pc4)
            return true;
        if (v < pc4)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

/* The areas newly beyond 45 minutes: the assessment's list (docs/assess.md) when there is
 * one, else the published minutes before and after of the map layer. */
void rep_map_new_beyond(zl_doc *d, const zl_geo *g, const rep_run *r, const char *id)
{
    static const zl_doc_class cls[] = {{"within 45 min after", 0xc7e9c0, false},
                                       {"newly beyond 45 min", 0xd73027, false},
                                       {"beyond 45 min before and after", 0xfdae6b, false}};
    zl_doc_map *m = zl_doc_map_add(d, id, "PC4 areas newly beyond 45 minutes", g,
                                   rep_synthetic(r), cls, 3, "minutes_after");
    const json_t *pc4 = json_object_get(r->areas, "pc4"),
                 *before = json_object_get(r->areas, "minutes_before"),
                 *after = json_object_get(r->areas, "minutes_after");
    const json_t *list = r->aj ? rep_get(r->aj, "national.patients.pc4_new_beyond_45") : NULL;
    for (size_t a = 0; m && a < json_array_size(pc4); a++) {
        const json_t *b = json_array_get(before, a), *f = json_array_get(after, a);
        if (!json_is_number(f))
            continue;
        int64_t code = json_integer_value(json_array_get(pc4, a));
        bool is = json_number_value(f) > 45,
             now = list ? listed(list, code) : is && (!json_is_number(b) || json_number_value(b) <= 45);
        zl_doc_map_area(m, (int32_t)code, now ? 1 : is ? 2 : 0, json_number_value(f));
    }
}

void rep_histogram(zl_doc *d, const rep_run *r, const char *id)
{
    zl_doc_chart *c = zl_doc_chart_add(d, id, "Displaced patients by extra travel minutes",
                                       "extra minutes (after - before)", "patients",
                                       rep_synthetic(r));
    size_t i;
    const json_t *bin;
    json_array_foreach(json_object_get(r->hist, "bins"), i, bin)
    {
        char label[32];
        snprintf(label, sizeof label, "%lld",
                 (long long)json_integer_value(json_object_get(bin, "from")));
        const json_t *n = json_object_get(bin, "patients");
        zl_doc_chart_bar(c, label, json_number_value(n), !json_is_number(n));
    }
}
