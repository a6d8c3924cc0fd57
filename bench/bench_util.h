/* Helpers shared by the in-process benchmark programs (bench/<area>/<area>_bench.c):
 * clocks in milliseconds and the median of a sample. Header-only, so each benchmark stays
 * one `cc` line in its run.sh. */
#ifndef ZL_BENCH_UTIL_H
#define ZL_BENCH_UTIL_H

#include <stdlib.h>
#include <time.h>

/* CPU time of the process: what the code costs on a shared machine. */
static inline double bench_cpu_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Wall-clock time. */
static inline double bench_wall_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of v[0..n) (n > 0); v is sorted in place. */
static inline double bench_median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, bench_cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#endif
