/* Progress of the road router's long steps on stderr: on a terminal one line redrawn in
 * place (stage, bar, percentage, rate, time left); in a log a plain line every 5 s. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_osm.h"

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static void show(void *ctx, const char *stage, uint64_t done, uint64_t total)
{
    cli_progress *p = ctx;
    double t = now_s();
    if (strcmp(p->stage, stage) != 0) { /* a new stage starts its clock */
        if (p->open && p->tty)
            fputc('\n', stderr);
        snprintf(p->stage, sizeof p->stage, "%s", stage);
        p->start = t;
        p->last = 0;
    }
    bool end = total && done >= total;
    if (!end && t - p->last < (p->tty ? 0.2 : 5.0))
        return;
    p->last = t;
    double el = t - p->start, rate = el > 0 ? done / el : 0;
    char line[160];
    if (total) {
        double f = (double)done / (double)total;
        char bar[21];
        for (int i = 0; i < 20; i++)
            bar[i] = i < (int)(f * 20) ? '#' : '.';
        bar[20] = '\0';
        double left = f > 0 ? el * (1 - f) / f : 0;
        snprintf(line, sizeof line, "%-14s [%s] %5.1f%%  %.0f/s  %.0f s left", stage, bar, 100 * f,
                 rate, left);
    } else {
        snprintf(line, sizeof line, "%-14s %llu  %.0f/s", stage, (unsigned long long)done, rate);
    }
    fprintf(stderr, p->tty ? "\r%s\033[K" : "%s\n", line);
    p->open = true;
}

zl_road_progress cli_progress_road(cli_progress *p, bool quiet)
{
    *p = (cli_progress){.quiet = quiet, .tty = isatty(STDERR_FILENO) != 0};
    if (quiet)
        return (zl_road_progress){0};
    return (zl_road_progress){.fn = show, .ctx = p};
}

void cli_progress_done(cli_progress *p)
{
    if (p->open && p->tty)
        fputc('\n', stderr);
    p->open = false;
}
