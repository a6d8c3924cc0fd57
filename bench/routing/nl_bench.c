/* Scale benchmark of the road router: a generated (synthetic) road network of the
 * Netherlands' size, then the matrix from every PC4 point to every sample location on it.
 * Prints the network's size, the generation and matrix times and the peak resident memory;
 * exits non-zero when a pair has no route. Built and run by bench/routing/run.sh; not part
 * of the library or the tests.
 * Usage: nl_bench FROM.csv TO.csv THREADS   (CSV id,lat,lon with a header) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "zorglandschap/roads.h"

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static double cpu_s(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

static zl_geo_point *read_points(const char *path, size_t *n)
{
    FILE *f = fopen(path, "r");
    char line[512];
    size_t cap = 8192;
    zl_geo_point *p = malloc(cap * sizeof *p);
    *n = 0;
    if (!f || !p || !fgets(line, sizeof line, f)) {
        fprintf(stderr, "nl_bench: cannot read %s\n", path);
        exit(1);
    }
    while (fgets(line, sizeof line, f) && *n < cap) {
        char *c1 = strchr(line, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
        if (!c2)
            continue;
        p[*n].lat = atof(c1 + 1);
        p[*n].lon = atof(c2 + 1);
        (*n)++;
    }
    fclose(f);
    return p;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: nl_bench FROM.csv TO.csv THREADS\n");
        return 2;
    }
    size_t nf, nt;
    zl_geo_point *from = read_points(argv[1], &nf), *to = read_points(argv[2], &nt);
    zl_road_synth_params sp = zl_road_synth_defaults();
    zl_err err = {0};
    zl_road_graph *g = NULL;
    double t0 = now_s();
    if (zl_road_graph_synthetic(&sp, &g, &err) != ZL_OK) {
        fprintf(stderr, "nl_bench: %s\n", err.msg);
        return 1;
    }
    double t1 = now_s(), c1 = cpu_s();
    zl_road_graph_info info;
    zl_road_graph_info_get(g, &info);
    zl_road_opts o = zl_road_opts_default();
    o.threads = atoi(argv[3]);
    o.max_snap_m = 20000; /* the grid covers sea and foreign land too; every point snaps */
    double *min = malloc(nf * nt * sizeof *min), *km = malloc(nf * nt * sizeof *km);
    if (!min || !km ||
        zl_road_matrix(g, &o, from, nf, to, nt, min, km, NULL, NULL, NULL, &err) != ZL_OK) {
        fprintf(stderr, "nl_bench: %s\n", err.msg ? err.msg : "out of memory");
        return 1;
    }
    double t2 = now_s(), c2 = cpu_s();
    size_t missing = 0;
    double sum = 0, mx = 0;
    for (size_t k = 0; k < nf * nt; k++) {
        if (isnan(min[k])) {
            missing++;
            continue;
        }
        sum += min[k];
        mx = fmax(mx, min[k]);
    }
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    printf("network (synthetic, seed %llu): %u x %u grid, %llu OSM-level nodes, %llu ways;"
           " search graph %llu junctions, %llu directed edges, %llu nodes merged, %llu outside"
           " the largest component\n",
           (unsigned long long)sp.seed, sp.rows, sp.cols, (unsigned long long)info.osm_nodes,
           (unsigned long long)info.osm_ways, (unsigned long long)info.nodes,
           (unsigned long long)info.edges, (unsigned long long)info.merged_nodes,
           (unsigned long long)info.scc_dropped_nodes);
    printf("generate+build_s=%.2f matrix_s=%.2f matrix_cpu_s=%.2f threads=%d pairs=%zu"
           " no_route=%zu mean_min=%.1f max_min=%.1f peak_rss_mb=%.0f\n",
           t1 - t0, t2 - t1, c2 - c1, o.threads, nf * nt, missing,
           sum / (double)(nf * nt - missing), mx, u.ru_maxrss / 1024.0);
    zl_road_graph_free(g);
    free(from);
    free(to);
    free(min);
    free(km);
    return missing ? 1 : 0;
}
