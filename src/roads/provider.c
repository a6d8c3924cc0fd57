/* The road graph as a travel provider for `zl travel build --osm`: the whole matrix in one
 * many-to-many call; a point that snaps to no road within the threshold fails the build
 * (the store stays as it was) with the far points named. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roads_internal.h"

static const char *road_method(const void *ctx)
{
    return ((const zl_road_provider *)ctx)->method;
}

static zl_status far_error(const char *what, const zl_geo_point *p, const bool *far, size_t n,
                           double max_m, zl_err *err)
{
    char list[600] = "";
    size_t count = 0, len = 0;
    for (size_t i = 0; i < n; i++) {
        if (!far[i])
            continue;
        if (count++ < 5 && len < sizeof list - 64)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s#%zu (%.5f,%.5f)",
                                    len ? ", " : "", i + 1, p[i].lat, p[i].lon);
    }
    return zl_fail(err, ZL_EINPUT, "%zu %s farther than %.0f m from any road of the network: %s%s",
                   count, what, max_m, list, count > 5 ? ", ..." : "");
}

static zl_status road_matrix(void *ctx, const zl_geo_point *from, size_t n_from,
                             const zl_geo_point *to, size_t n_to, double *minutes, double *km,
                             zl_err *err)
{
    const zl_road_provider *rp = ctx;
    bool *ff = calloc(n_from + 1, 1), *ft = calloc(n_to + 1, 1);
    zl_status st = ff && ft ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
    if (st == ZL_OK)
        st = zl_road_matrix(rp->g, &rp->opts, from, n_from, to, n_to, minutes, km, ff, ft,
                            rp->progress, err);
    bool any_from = false, any_to = false;
    for (size_t i = 0; st == ZL_OK && i < n_from; i++)
        any_from |= ff[i];
    for (size_t j = 0; st == ZL_OK && j < n_to; j++)
        any_to |= ft[j];
    if (rp->far_ok) {
        free(ff);
        free(ft);
        return st;
    }
    if (st == ZL_OK && any_from)
        st = far_error("area point(s) (in pc4 order)", from, ff, n_from, rp->opts.max_snap_m, err);
    else if (st == ZL_OK && any_to)
        st = far_error("location(s) (in id order)", to, ft, n_to, rp->opts.max_snap_m, err);
    for (size_t k = 0; st == ZL_OK && k < n_from * n_to; k++)
        if (isnan(minutes[k]))
            st = zl_fail(err, ZL_EINTERNAL, "no route from area #%zu to location #%zu",
                         k / n_to + 1, k % n_to + 1);
    free(ff);
    free(ft);
    return st;
}

static zl_status road_route(void *ctx, zl_geo_point from, const zl_geo_point *to, size_t n,
                            double *minutes, double *km, zl_err *err)
{
    return road_matrix(ctx, &from, 1, to, n, minutes, km, err);
}

void zl_road_provider_init(zl_road_provider *rp, const zl_road_graph *g, const zl_road_opts *o,
                           const zl_progress *progress, zl_travel_provider *out)
{
    rp->g = g;
    rp->opts = *o;
    rp->progress = progress;
    rp->far_ok = false;
    snprintf(rp->method, sizeof rp->method, "osm:%.16s:%s", g->info.extract_hash,
             zl_road_profile_name(g->info.profile));
    *out = (zl_travel_provider){
        .ctx = rp, .method = road_method, .route = road_route, .matrix = road_matrix};
}
