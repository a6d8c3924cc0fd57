/* Reading an OSM extract (.pbf or .osm) with readosm in two passes: first the ways a
 * profile may drive (and the turn-restriction relations, counted), then the coordinates of
 * just the nodes those ways use, so memory follows the road network and not the extract. */
#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readosm.h>

#include "roads_internal.h"

#define MAX_TAGS 512

typedef struct reader {
    osm_raw *raw;
    zl_road_profile profile;
    const zl_progress *progress;
    const char *stage;
    uint64_t seen, file_size;
    int fd;        /* readosm's descriptor for the file, for the position (-1: unknown) */
    size_t cursor; /* pass 2: next node_id expected (ids come sorted in most files) */
    uint64_t found;
    bool oom;
    long long bad_node; /* a node with coordinates out of range (0: none) */
} reader;

void osm_raw_free(osm_raw *r)
{
    free(r->way_first);
    free(r->way_fwd);
    free(r->way_bwd);
    free(r->way_ferry_s);
    free(r->way_rate);
    free(r->way_restricted);
    free(r->node_flag);
    free(r->refs);
    free(r->node_id);
    free(r->lat);
    free(r->lon);
    *r = (osm_raw){0};
}

/* readosm hides its FILE; the descriptor it opened is found once in /proc so progress can
 * say how far into the file it is (Linux; elsewhere progress shows counts only). */
static int find_fd(const char *path)
{
    char want[PATH_MAX], link[300], got[PATH_MAX];
    if (!realpath(path, want))
        return -1;
    DIR *d = opendir("/proc/self/fd");
    int fd = -1;
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        snprintf(link, sizeof link, "/proc/self/fd/%s", e->d_name);
        ssize_t n = readlink(link, got, sizeof got - 1);
        if (n > 0) {
            got[n] = '\0';
            if (strcmp(got, want) == 0)
                fd = atoi(e->d_name);
        }
    }
    if (d)
        closedir(d);
    return fd;
}

static uint64_t file_pos(int fd)
{
    if (fd < 0)
        return 0;
    char p[64], buf[256];
    snprintf(p, sizeof p, "/proc/self/fdinfo/%d", fd);
    FILE *f = fopen(p, "r");
    unsigned long long pos = 0;
    if (f) {
        while (fgets(buf, sizeof buf, f))
            if (sscanf(buf, "pos: %llu", &pos) == 1)
                break;
        fclose(f);
    }
    return pos;
}

static void tick(reader *r)
{
    if (++r->seen % 65536 == 0) {
        uint64_t pos = file_pos(r->fd);
        roads_progress(r->progress, r->stage, pos ? pos : r->seen, pos ? r->file_size : 0);
    }
}

static bool grow(void **p, uint64_t *cap, uint64_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    uint64_t c = *cap ? *cap * 2 : 1024;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * elem);
    if (!q)
        return false;
    *p = q;
    *cap = c;
    return true;
}

static bool realloc_to(void **p, uint64_t n, size_t elem)
{
    void *q = realloc(*p, n * elem);
    if (q)
        *p = q;
    return q != NULL;
}

static bool add_way(osm_raw *raw, const readosm_way *w, const zl_road_way *e)
{
    if (raw->n_ways + 2 > raw->cap_ways) {
        uint64_t c = raw->cap_ways ? raw->cap_ways * 2 : 1024;
        if (!realloc_to((void **)&raw->way_first, c, sizeof *raw->way_first) ||
            !realloc_to((void **)&raw->way_fwd, c, sizeof *raw->way_fwd) ||
            !realloc_to((void **)&raw->way_bwd, c, sizeof *raw->way_bwd) ||
            !realloc_to((void **)&raw->way_ferry_s, c, sizeof *raw->way_ferry_s) ||
            !realloc_to((void **)&raw->way_rate, c, sizeof *raw->way_rate) ||
            !realloc_to((void **)&raw->way_restricted, c, sizeof *raw->way_restricted))
            return false;
        raw->cap_ways = c;
    }
    if (!grow((void **)&raw->refs, &raw->cap_refs, raw->n_refs + (uint64_t)w->node_ref_count,
              sizeof *raw->refs))
        return false;
    uint64_t i = raw->n_ways++;
    raw->way_first[i] = raw->n_refs;
    raw->way_fwd[i] = (float)e->fwd_kmh;
    raw->way_bwd[i] = (float)e->bwd_kmh;
    raw->way_ferry_s[i] = (float)e->ferry_s;
    raw->way_rate[i] = (float)e->rate;
    raw->way_restricted[i] = e->restricted;
    memcpy(raw->refs + raw->n_refs, w->node_refs, (size_t)w->node_ref_count * sizeof(int64_t));
    raw->n_refs += (uint64_t)w->node_ref_count;
    raw->way_first[raw->n_ways] = raw->n_refs;
    return true;
}

static int on_way(const void *ctx, const readosm_way *w)
{
    reader *r = (reader *)ctx;
    tick(r);
    if (w->node_ref_count < 2 || w->tag_count <= 0 || w->tag_count > MAX_TAGS)
        return READOSM_OK;
    const char *k[MAX_TAGS], *v[MAX_TAGS];
    for (int i = 0; i < w->tag_count; i++) {
        k[i] = w->tags[i].key;
        v[i] = w->tags[i].value;
    }
    zl_road_way e = zl_road_way_eval(r->profile, k, v, (size_t)w->tag_count);
    if (!e.routable)
        return READOSM_OK;
    if (!add_way(r->raw, w, &e)) {
        r->oom = true;
        return READOSM_ABORT;
    }
    return READOSM_OK;
}

static int on_relation(const void *ctx, const readosm_relation *rel)
{
    reader *r = (reader *)ctx;
    bool restriction = false;
    for (int i = 0; i < rel->tag_count; i++)
        if (strcmp(rel->tags[i].key, "type") == 0 && strcmp(rel->tags[i].value, "restriction") == 0)
            restriction = true;
    for (int i = 0; restriction && i < rel->tag_count; i++) {
        const char *k = rel->tags[i].key, *v = rel->tags[i].value;
        if (strncmp(k, "restriction", 11) == 0 &&
            (strncmp(v, "no_", 3) == 0 || strncmp(v, "only_", 5) == 0)) {
            r->raw->restrictions++;
            break;
        }
    }
    return READOSM_OK;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int64_t find_node(const osm_raw *raw, int64_t id)
{
    const int64_t *p = bsearch(&id, raw->node_id, raw->n_nodes, sizeof id, cmp_i64);
    return p ? p - raw->node_id : -1;
}

static int on_node(const void *ctx, const readosm_node *n)
{
    reader *r = (reader *)ctx;
    osm_raw *raw = r->raw;
    tick(r);
    /* Files list nodes by id, so the cursor usually advances; else a binary search. */
    while (r->cursor < raw->n_nodes && raw->node_id[r->cursor] < n->id)
        r->cursor++;
    int64_t i = r->cursor < raw->n_nodes && raw->node_id[r->cursor] == n->id
                    ? (int64_t)r->cursor
                    : find_node(raw, n->id);
    if (i < 0)
        return READOSM_OK;
    /* Out of range (or NaN) they would overflow the fixed-point conversion below. */
    if (!(fabs(n->latitude) <= 90) || !(fabs(n->longitude) <= 180)) {
        if (!r->bad_node) /* reported after the pass: aborting would leak readosm's parser */
            r->bad_node = n->id ? n->id : -1;
        return READOSM_OK;
    }
    if (raw->lat[i] == INT32_MIN)
        r->found++;
    raw->lat[i] = (int32_t)(n->latitude * 1e7 + (n->latitude >= 0 ? 0.5 : -0.5));
    raw->lon[i] = (int32_t)(n->longitude * 1e7 + (n->longitude >= 0 ? 0.5 : -0.5));
    if (n->tag_count > 0 && n->tag_count <= MAX_TAGS) {
        const char *k[MAX_TAGS], *v[MAX_TAGS];
        for (int t = 0; t < n->tag_count; t++) {
            k[t] = n->tags[t].key;
            v[t] = n->tags[t].value;
        }
        raw->node_flag[i] = (uint8_t)zl_road_node_eval(r->profile, k, v, (size_t)n->tag_count);
    }
    return READOSM_OK;
}

static const char *readosm_reason(int rc)
{
    switch (rc) {
    case READOSM_INVALID_SUFFIX:
        return "not a .osm or .pbf file name";
    case READOSM_FILE_NOT_FOUND:
        return "file not found";
    case READOSM_INSUFFICIENT_MEMORY:
        return "out of memory";
    case READOSM_READ_ERROR:
        return "read error (truncated file?)";
    case READOSM_XML_ERROR:
        return "malformed OSM XML";
    case READOSM_INVALID_PBF_HEADER:
        return "not an OSM PBF file (invalid header)";
    case READOSM_UNZIP_ERROR:
        return "damaged PBF block (zlib error; truncated file?)";
    default:
        return "unreadable";
    }
}

typedef int (*pass_fn)(const void *h, reader *r);

static int pass_ways(const void *h, reader *r)
{
    return readosm_parse(h, r, NULL, on_way, on_relation);
}

static int pass_nodes(const void *h, reader *r)
{
    return readosm_parse(h, r, on_node, NULL, NULL);
}

static zl_status run_pass(const char *path, reader *r, const char *stage, pass_fn fn, zl_err *err)
{
    const void *h = NULL;
    int rc = readosm_open(path, &h);
    r->stage = stage;
    r->seen = 0;
    r->fd = rc == READOSM_OK ? find_fd(path) : -1;
    if (rc == READOSM_OK)
        rc = fn(h, r);
    readosm_close(h);
    if (r->oom)
        return zl_fail(err, ZL_ENOMEM, "%s: out of memory reading the extract", path);
    if (r->bad_node)
        return zl_fail(err, ZL_EINPUT,
                       "%s: node %lld has coordinates outside -90..90 latitude, -180..180 "
                       "longitude",
                       path, r->bad_node);
    if (rc != READOSM_OK)
        return zl_fail(err, ZL_EINPUT, "%s: %s", path, readosm_reason(rc));
    roads_progress(r->progress, stage, r->file_size, r->file_size);
    return ZL_OK;
}

/* Sorted unique node ids of all ways; refs rewritten to indices into them. */
static zl_status index_nodes(osm_raw *raw, zl_err *err)
{
    raw->node_id = malloc((raw->n_refs + 1) * sizeof *raw->node_id);
    if (!raw->node_id)
        return zl_fail(err, ZL_ENOMEM, "out of memory indexing nodes");
    memcpy(raw->node_id, raw->refs, raw->n_refs * sizeof *raw->refs);
    qsort(raw->node_id, raw->n_refs, sizeof *raw->node_id, cmp_i64);
    uint64_t n = 0;
    for (uint64_t i = 0; i < raw->n_refs; i++)
        if (n == 0 || raw->node_id[n - 1] != raw->node_id[i])
            raw->node_id[n++] = raw->node_id[i];
    raw->n_nodes = n;
    for (uint64_t i = 0; i < raw->n_refs; i++)
        raw->refs[i] = find_node(raw, raw->refs[i]);
    raw->lat = malloc((n + 1) * sizeof *raw->lat);
    raw->lon = malloc((n + 1) * sizeof *raw->lon);
    raw->node_flag = calloc(n + 1, 1);
    if (!raw->lat || !raw->lon || !raw->node_flag)
        return zl_fail(err, ZL_ENOMEM, "out of memory indexing nodes");
    for (uint64_t i = 0; i < n; i++)
        raw->lat[i] = raw->lon[i] = INT32_MIN;
    return ZL_OK;
}

zl_status osm_read(const char *path, zl_road_profile profile, const zl_progress *progress,
                   osm_raw *out, zl_err *err)
{
    *out = (osm_raw){0};
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return zl_fail(err, ZL_EINPUT, "%s: no such file", path);
    reader r = {
        .raw = out, .profile = profile, .progress = progress, .file_size = (uint64_t)sb.st_size};
    size_t len = strlen(path);
    zl_status st = len > 4 && strcmp(path + len - 4, ".pbf") == 0
                       ? osm_pbf_check(path, (uint64_t)sb.st_size, err)
                   : len > 4 && strcmp(path + len - 4, ".osm") == 0 ? osm_xml_check(path, err)
                                                                    : ZL_OK;
    if (st == ZL_OK)
        st = run_pass(path, &r, "reading ways", pass_ways, err);
    if (st == ZL_OK && out->n_ways == 0)
        st = zl_fail(err, ZL_EINPUT, "%s: no roads the %s profile may drive", path,
                     zl_road_profile_name(profile));
    if (st == ZL_OK)
        st = index_nodes(out, err);
    if (st == ZL_OK)
        st = run_pass(path, &r, "reading nodes", pass_nodes, err);
    if (st == ZL_OK && r.found == 0)
        st = zl_fail(err, ZL_EINPUT, "%s: the ways' nodes are missing from the extract", path);
    if (st != ZL_OK)
        osm_raw_free(out);
    return st;
}
