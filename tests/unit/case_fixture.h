/* A small hand-computed case shared by the norm and impact unit tests (header-only, so
 * each test executable gets its own copy). Every expected figure in the tests is worked
 * out by hand from this table:
 *
 *   minutes        a    b    c    d      population  region
 *   A0 (1000)     10   20   50    5      100         R0
 *   A1 (1001)     40   15   35    5      200         R0
 *   A2 (1002)     50   30   10    5      300         R1
 *   A3 (1003)     70   50   46    5      400         R1
 *   region         R0   R0   R1   R1
 *
 *   flows (patients): A0->a 5, A0->b 1, A1->b 4, A1->c 2, A2->a 1, A2->c 6, A3->c 3
 *   windowed volume means: a 6, b 5, c 11, d 0 (d offers nothing: no flows, no volume)
 */
#ifndef ZL_CASE_FIXTURE_H
#define ZL_CASE_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "zorglandschap/landscape.h"

static inline char *fx_strdup(const char *s)
{
    char *p = strdup(s);
    assert_non_null(p);
    return p;
}

static inline void *fx_calloc(size_t n, size_t size)
{
    void *p = calloc(n, size);
    assert_non_null(p);
    return p;
}

static inline zl_case *fixture_case(bool with_regions)
{
    static const float minutes[4][4] = {
        {10, 20, 50, 5}, {40, 15, 35, 5}, {50, 30, 10, 5}, {70, 50, 46, 5}};
    static const zl_flow flows[] = {{0, 0, 5}, {0, 1, 1}, {1, 1, 4}, {1, 2, 2},
                                    {2, 0, 1}, {2, 2, 6}, {3, 2, 3}};
    static const double means[4] = {6, 5, 11, 0};
    static const int years[4] = {2, 1, 3, 0};
    zl_case *c = fx_calloc(1, sizeof *c);
    c->intervention = (zl_intervention){.code = fx_strdup("LUNG"),
                                        .name = fx_strdup("Lung resection"),
                                        .group = fx_strdup("oncology"),
                                        .norm = 6,
                                        .window_years = 3,
                                        .norm_source = fx_strdup("test"),
                                        .proposed_norm = 8,
                                        .proposed_source = fx_strdup("test, illustrative"),
                                        .proposed_illustrative = true};
    c->year = 2024;
    c->n_areas = 4;
    c->areas = fx_calloc(4, sizeof *c->areas);
    for (int a = 0; a < 4; a++)
        c->areas[a] = (zl_area){1000 + a, 100 * (a + 1), 52.0 + a * 0.1, 5.0};
    c->n_locations = 4;
    c->locations = fx_calloc(4, sizeof *c->locations);
    const char *ids[] = {"a", "b", "c", "d"};
    for (int l = 0; l < 4; l++) {
        char name[32];
        snprintf(name, sizeof name, "Hospital %s", ids[l]);
        c->locations[l] = (zl_location){
            .id = fx_strdup(ids[l]), .name = fx_strdup(name), .kind = ZL_KIND_GENERAL};
    }
    c->n_flows = sizeof flows / sizeof flows[0];
    c->flows = fx_calloc(c->n_flows, sizeof *c->flows);
    memcpy(c->flows, flows, sizeof flows);
    c->volume_mean = fx_calloc(4, sizeof *c->volume_mean);
    memcpy(c->volume_mean, means, sizeof means);
    c->volume_years = fx_calloc(4, sizeof *c->volume_years);
    memcpy(c->volume_years, years, sizeof years);
    c->minutes = fx_calloc(16, sizeof *c->minutes);
    for (int a = 0; a < 4; a++)
        for (int l = 0; l < 4; l++)
            c->minutes[a * 4 + l] = minutes[a][l];
    if (with_regions) {
        c->region_layer = fx_strdup("test-layer");
        c->n_regions = 2;
        c->region_codes = fx_calloc(2, sizeof *c->region_codes);
        c->region_codes[0] = fx_strdup("R0");
        c->region_codes[1] = fx_strdup("R1");
        c->area_region = fx_calloc(4, sizeof *c->area_region);
        c->location_region = fx_calloc(4, sizeof *c->location_region);
        const int32_t ar[4] = {0, 0, 1, 1}, lr[4] = {0, 0, 1, 1};
        memcpy(c->area_region, ar, sizeof ar);
        memcpy(c->location_region, lr, sizeof lr);
    }
    c->synthetic = true;
    return c;
}

#endif
