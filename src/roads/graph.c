/* The road graph's life: built from an extract, freed, described, and fingerprinted by
 * the SHA-256 of the extract file (which names the cache file and the stored method). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "roads_internal.h"

zl_status zl_file_sha256(const char *path, char hex[65], zl_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return zl_fail(err, ZL_EINPUT, "%s: cannot open", path);
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    static const size_t chunk = 1 << 20;
    unsigned char *buf = malloc(chunk), out[crypto_hash_sha256_BYTES];
    size_t n;
    if (!buf) {
        fclose(f);
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    while ((n = fread(buf, 1, chunk, f)) > 0)
        crypto_hash_sha256_update(&st, buf, n);
    bool bad = ferror(f);
    fclose(f);
    free(buf);
    if (bad)
        return zl_fail(err, ZL_EIO, "%s: read error", path);
    crypto_hash_sha256_final(&st, out);
    sodium_bin2hex(hex, 65, out, sizeof out);
    return ZL_OK;
}

void zl_road_graph_free(zl_road_graph *g)
{
    if (!g)
        return;
    void *arrays[] = {g->chain_a,   g->chain_b,  g->chain_pt, g->chain_tf,   g->chain_tb,
                      g->chain_len, g->pt_lat,   g->pt_lon,   g->pt_d,       g->pt_tf,
                      g->pt_tb,     g->in_off,   g->in_e,     g->grid_off,   g->grid_seg,
                      g->pt_chain,  g->chain_wf, g->chain_wb, g->chain_info, g->node_roads};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        free(arrays[i]);
    free(g);
}

void zl_road_graph_info_get(const zl_road_graph *g, zl_road_graph_info *out)
{
    *out = g->info;
}

zl_status zl_road_graph_build(const char *osm_path, zl_road_profile profile,
                              const zl_progress *progress, zl_road_graph **out, zl_err *err)
{
    *out = NULL;
    zl_road_graph *g = calloc(1, sizeof *g);
    if (!g)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    g->info.profile = profile;
    osm_raw raw;
    zl_status st = zl_file_sha256(osm_path, g->info.extract_hash, err);
    if (st == ZL_OK)
        st = osm_read(osm_path, profile, progress, &raw, err);
    if (st == ZL_OK) {
        st = graph_from_raw(&raw, g, progress, err);
        osm_raw_free(&raw);
        if (st != ZL_OK)
            zl_err_prefix(err, "%s: ", osm_path);
    }
    if (st != ZL_OK) {
        zl_road_graph_free(g);
        return st;
    }
    *out = g;
    return ZL_OK;
}
