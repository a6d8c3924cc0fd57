/* The processed graph on disk, so an extract is read and processed once: a header (magic,
 * format version, sizes, the extract's SHA-256 and the profile) followed by the arrays as
 * they are in memory. A file of another format, machine or truncated is rejected and the
 * graph rebuilt. Written to a temporary name and renamed, so a crash leaves no half file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "roads_internal.h"

#define MAGIC  "ZLROADG"
#define FORMAT 4u /* bump whenever the layout of the arrays or the profile rules change */

typedef struct header {
    char magic[8];
    uint32_t format, endian, profile, pad;
    char hash[65];
    char pad2[7];
    uint64_t osm_ways, osm_nodes, scc_dropped, merged, restrictions;
    uint64_t n_nodes, n_chains, n_points, n_edges, grid_segs;
    uint64_t grid_w, grid_h;
    double grid_lat0, grid_lon0, grid_cell;
} header;

typedef struct array {
    void **p;
    uint64_t n;
} array;

/* Every array of the graph with its count of 4-byte words. */
static size_t arrays_of(zl_road_graph *g, uint64_t grid_segs, array out[20])
{
    uint64_t cells = (uint64_t)g->grid_w * g->grid_h;
    array a[] = {
        {(void **)&g->chain_a, g->n_chains},      {(void **)&g->chain_b, g->n_chains},
        {(void **)&g->chain_pt, g->n_chains + 1}, {(void **)&g->chain_tf, g->n_chains},
        {(void **)&g->chain_tb, g->n_chains},     {(void **)&g->chain_len, g->n_chains},
        {(void **)&g->pt_lat, g->n_points},       {(void **)&g->pt_lon, g->n_points},
        {(void **)&g->pt_d, g->n_points},         {(void **)&g->pt_tf, g->n_points},
        {(void **)&g->pt_tb, g->n_points},        {(void **)&g->in_off, g->n_nodes + 1},
        {(void **)&g->in_e, 5 * g->n_edges},      {(void **)&g->grid_off, cells + 1},
        {(void **)&g->grid_seg, grid_segs},       {(void **)&g->pt_chain, g->n_points},
        {(void **)&g->chain_wf, g->n_chains},     {(void **)&g->chain_wb, g->n_chains},
        {(void **)&g->chain_info, g->n_chains},   {(void **)&g->node_roads, g->n_nodes},
    };
    memcpy(out, a, sizeof a);
    return sizeof a / sizeof a[0];
}

zl_status zl_road_graph_save(const zl_road_graph *g, const char *path, zl_err *err)
{
    uint64_t cells = (uint64_t)g->grid_w * g->grid_h;
    header h = {.format = FORMAT,
                .endian = 0x01020304,
                .profile = g->info.profile,
                .osm_ways = g->info.osm_ways,
                .osm_nodes = g->info.osm_nodes,
                .scc_dropped = g->info.scc_dropped_nodes,
                .merged = g->info.merged_nodes,
                .restrictions = g->info.turn_restrictions_ignored,
                .n_nodes = g->n_nodes,
                .n_chains = g->n_chains,
                .n_points = g->n_points,
                .n_edges = g->n_edges,
                .grid_segs = g->grid_off[cells],
                .grid_w = g->grid_w,
                .grid_h = g->grid_h,
                .grid_lat0 = g->grid_lat0,
                .grid_lon0 = g->grid_lon0,
                .grid_cell = g->grid_cell};
    memcpy(h.magic, MAGIC, 8);
    memcpy(h.hash, g->info.extract_hash, 65);
    size_t len = strlen(path) + 8;
    char *tmp = malloc(len);
    if (!tmp)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    snprintf(tmp, len, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    bool ok = f && fwrite(&h, sizeof h, 1, f) == 1;
    array a[20];
    size_t n = arrays_of((zl_road_graph *)g, h.grid_segs, a);
    for (size_t i = 0; ok && i < n; i++)
        ok = a[i].n == 0 || fwrite(*a[i].p, 4, a[i].n, f) == a[i].n;
    if (f && fclose(f) != 0)
        ok = false;
    if (ok && rename(tmp, path) != 0)
        ok = false;
    if (!ok)
        unlink(tmp);
    free(tmp);
    return ok ? ZL_OK : zl_fail(err, ZL_EIO, "%s: cannot write the road graph cache", path);
}

static bool read_header(FILE *f, header *h)
{
    return fread(h, sizeof *h, 1, f) == 1 && memcmp(h->magic, MAGIC, 8) == 0 &&
           h->format == FORMAT && h->endian == 0x01020304 && h->hash[64] == '\0' &&
           h->profile <= ZL_ROAD_AMBULANCE && h->n_nodes < UINT32_MAX && h->n_chains < UINT32_MAX &&
           h->n_points < UINT32_MAX && h->n_edges < UINT32_MAX &&
           h->grid_w * h->grid_h < (1ull << 32) && h->grid_segs < UINT32_MAX;
}

zl_status zl_road_graph_load(const char *path, zl_road_graph **out, zl_err *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return zl_fail(err, ZL_ENOTFOUND, "%s: no road graph cache", path);
    header h;
    zl_road_graph *g = calloc(1, sizeof *g);
    bool ok = g && read_header(f, &h);
    if (ok) {
        g->info = (zl_road_graph_info){.profile = (zl_road_profile)h.profile,
                                       .osm_ways = h.osm_ways,
                                       .osm_nodes = h.osm_nodes,
                                       .nodes = h.n_nodes,
                                       .edges = h.n_edges,
                                       .scc_dropped_nodes = h.scc_dropped,
                                       .merged_nodes = h.merged,
                                       .turn_restrictions_ignored = h.restrictions};
        memcpy(g->info.extract_hash, h.hash, 65);
        g->n_nodes = (uint32_t)h.n_nodes;
        g->n_chains = (uint32_t)h.n_chains;
        g->n_points = (uint32_t)h.n_points;
        g->n_edges = h.n_edges;
        g->grid_w = (uint32_t)h.grid_w;
        g->grid_h = (uint32_t)h.grid_h;
        g->grid_lat0 = h.grid_lat0;
        g->grid_lon0 = h.grid_lon0;
        g->grid_cell = h.grid_cell;
        array a[20];
        size_t n = arrays_of(g, h.grid_segs, a);
        for (size_t i = 0; ok && i < n; i++) {
            *a[i].p = malloc(a[i].n * 4 + 4);
            ok = *a[i].p && (a[i].n == 0 || fread(*a[i].p, 4, a[i].n, f) == a[i].n);
        }
        ok = ok && fgetc(f) == EOF; /* nothing after the arrays */
    }
    fclose(f);
    if (!ok) {
        zl_road_graph_free(g);
        return zl_fail(err, ZL_EINPUT, "%s: not a road graph cache of this version", path);
    }
    *out = g;
    return ZL_OK;
}

zl_status zl_road_graph_cached(const char *osm_path, zl_road_profile profile,
                               const char *cache_prefix, const zl_progress *progress,
                               zl_road_graph **out, bool *cached, zl_err *err)
{
    char hash[65], path[4096];
    *cached = false;
    zl_status st = zl_file_sha256(osm_path, hash, err);
    if (st != ZL_OK)
        return st;
    snprintf(path, sizeof path, "%s-%.16s-%s.graph", cache_prefix, hash,
             zl_road_profile_name(profile));
    zl_err ignored;
    if (zl_road_graph_load(path, out, &ignored) == ZL_OK) {
        if (strcmp((*out)->info.extract_hash, hash) == 0 && (*out)->info.profile == profile) {
            *cached = true;
            return ZL_OK;
        }
        zl_road_graph_free(*out);
        *out = NULL;
    }
    st = zl_road_graph_build(osm_path, profile, progress, out, err);
    if (st == ZL_OK && zl_road_graph_save(*out, path, err) != ZL_OK) {
        zl_road_graph_free(*out);
        *out = NULL;
        return err->code;
    }
    return st;
}
