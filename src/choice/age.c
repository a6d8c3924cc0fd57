/* The area covariate of the age interaction: the share of each area's population aged
 * ZL_CHOICE_OLD_AGE or over, from the CBS five-year bands (area_age). */
#include <stdlib.h>

#include "choice_internal.h"
#include "zorglandschap/store_landscape.h"

zl_status zl_choice_old_share(zl_store *s, const zl_case *c, double **out, zl_err *err)
{
    zl_point_area *pts = malloc((c->n_areas + 1) * sizeof *pts);
    double *share = calloc(c->n_areas + 1, sizeof *share);
    int64_t *m = NULL;
    if (!pts || !share) {
        free(pts);
        free(share);
        return zl_fail(err, ZL_ENOMEM, "out of memory reading age bands");
    }
    for (size_t a = 0; a < c->n_areas; a++)
        pts[a] = (zl_point_area){c->areas[a].pc4, c->areas[a].lat, c->areas[a].lon};
    zl_status st = zl_store_area_age_matrix(s, pts, c->n_areas, &m, err);
    for (size_t a = 0; st == ZL_OK && a < c->n_areas; a++) {
        int64_t all = 0, old = 0;
        for (int b = 0; b < ZL_AGE_BANDS; b++) {
            all += m[a * ZL_AGE_BANDS + (size_t)b];
            old += b * 5 >= ZL_CHOICE_OLD_AGE ? m[a * ZL_AGE_BANDS + (size_t)b] : 0;
        }
        share[a] = all > 0 ? (double)old / (double)all : 0;
    }
    free(pts);
    free(m);
    if (st != ZL_OK) {
        free(share);
        return st;
    }
    *out = share;
    return ZL_OK;
}
