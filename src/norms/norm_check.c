/* The norm check on a loaded case: which locations reach the volume norm, averaged over
 * the norm's window (the averaging itself happens when the case is loaded: see
 * zl_case_load and docs/impact.md). */
#include <stdio.h>
#include <stdlib.h>

#include "zorglandschap/norms.h"

zl_status zl_norm_check_run(const zl_case *c, int64_t norm, zl_norm_check **out, zl_err *err)
{
    zl_norm_check *nc = calloc(1, sizeof *nc);
    if (!nc || !(nc->rows = calloc(c->n_locations + 1, sizeof *nc->rows))) {
        free(nc);
        return zl_fail(err, ZL_ENOMEM, "out of memory in the norm check");
    }
    nc->c = c;
    nc->norm = norm < 0 ? c->intervention.norm : norm;
    nc->to_year = c->year;
    nc->from_year = c->year - c->intervention.window_years + 1;
    for (size_t l = 0; l < c->n_locations; l++) {
        if (c->volume_years[l] == 0)
            continue;
        zl_norm_row *r = &nc->rows[nc->n++];
        *r = (zl_norm_row){(uint32_t)l, c->volume_mean[l], c->volume_years[l],
                           zl_norm_met(c->volume_mean[l], nc->norm)};
        nc->n_meeting += r->meets;
    }
    if (nc->n == 0) {
        zl_norm_check_free(nc);
        char years[16];
        int from = c->year - c->intervention.window_years + 1;
        snprintf(years, sizeof years, from < c->year ? "%d-%d" : "%d", from, c->year);
        return zl_fail(err, ZL_EINPUT, "no location has a volume of %s in %s (another --year?)",
                       c->intervention.code, years);
    }
    *out = nc;
    return ZL_OK;
}

void zl_norm_check_free(zl_norm_check *nc)
{
    if (!nc)
        return;
    free(nc->rows);
    free(nc);
}
