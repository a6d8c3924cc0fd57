/* The CLI's progress reporter (zorglandschap/progress.h): on a terminal a bar with rate
 * and time left, redrawn at most ten times a second; otherwise (a log, a pipe) a plain
 * line every few seconds and one at the end. Nothing appears for work that finishes
 * within the first second, and nothing at all with --quiet. All of it goes to stderr. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

typedef struct progress_state {
    FILE *f;
    bool tty, shown;
    double start, last, delay;
    const char *phase;
} progress_state;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void on_event(void *ctx, const zl_progress_event *ev)
{
    progress_state *p = ctx;
    double t = now_s();
    if (ev->phase != p->phase || (ev->done == 0 && !ev->finished)) {
        p->phase = ev->phase; /* a new phase */
        p->start = p->last = t;
        p->shown = false;
    }
    double since = t - p->last;
    double interval = p->tty ? 0.1 : 5.0;
    if (!ev->finished && (t - p->start < p->delay || (p->shown && since < interval)))
        return;
    if (ev->finished && !p->shown && t - p->start < p->delay)
        return;
    char line[512];
    zl_progress_format(line, sizeof line, ev, t - p->start, p->tty ? 30 : 0);
    if (p->tty)
        fprintf(p->f, "\r%s\033[K%s", line, ev->finished ? "\n" : "");
    else
        fprintf(p->f, "zl: %s\n", line);
    fflush(p->f);
    p->shown = true;
    p->last = t;
}

void cli_progress_init(zl_cli *cli)
{
    cli->progress = (zl_progress){NULL, NULL};
    if (cli->quiet)
        return;
    progress_state *p = calloc(1, sizeof *p);
    if (!p)
        return; /* progress is a courtesy: without memory for it, work goes on silently */
    p->f = stderr;
    p->tty = isatty(fileno(stderr));
    /* ZL_PROGRESS_DELAY (seconds, default 1): how long work runs before progress shows. */
    const char *d = getenv("ZL_PROGRESS_DELAY");
    p->delay = d ? atof(d) : 1.0;
    cli->progress_state = p;
    cli->progress = (zl_progress){on_event, p};
}

void cli_progress_free(zl_cli *cli)
{
    free(cli->progress_state);
    cli->progress_state = NULL;
}
