/* The in-memory case: freeing it and the small queries every analysis shares (location
 * lookup, patients per location, who offers the intervention). Loading is in load.c. */
#include <stdlib.h>
#include <string.h>

#include "zorglandschap/landscape.h"
#include "zorglandschap/util.h"

void zl_intervention_clear(zl_intervention *iv)
{
    free(iv->code);
    free(iv->name);
    free(iv->group);
    free(iv->norm_source);
    free(iv->proposed_source);
    *iv = (zl_intervention){.proposed_norm = -1};
}

void zl_case_free(zl_case *c)
{
    if (!c)
        return;
    zl_intervention_clear(&c->intervention);
    for (size_t l = 0; c->locations && l < c->n_locations; l++) {
        free(c->locations[l].id);
        free(c->locations[l].name);
        free(c->locations[l].organisation);
    }
    for (size_t r = 0; c->region_codes && r < c->n_regions; r++)
        free(c->region_codes[r]);
    free(c->locations);
    free(c->areas);
    free(c->flows);
    free(c->volume_mean);
    free(c->volume_years);
    free(c->minutes);
    free(c->region_layer);
    free(c->travel_method);
    free(c->region_codes);
    free(c->area_region);
    free(c->location_region);
    free(c->near);
    free(c);
}

int zl_case_location_index(const zl_case *c, const char *id)
{
    /* Locations are sorted by id (byte order, as SQLite's BINARY collation). */
    size_t lo = 0, hi = c->n_locations;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(c->locations[mid].id, id);
        if (cmp == 0)
            return (int)mid;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

void zl_case_location_patients(const zl_case *c, int64_t *out)
{
    memset(out, 0, c->n_locations * sizeof *out);
    for (size_t f = 0; f < c->n_flows; f++)
        out[c->flows[f].location] = zl_add_count(out[c->flows[f].location], c->flows[f].patients);
}

bool zl_case_offers(const zl_case *c, size_t l, const int64_t *patients)
{
    return c->volume_mean[l] > 0 || patients[l] > 0;
}
