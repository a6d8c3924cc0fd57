/* Progress of long work (imports of large files, matrix builds, exact optimiser runs,
 * report generation), reported by the library through a caller-supplied callback so
 * that the library never prints: the front end decides how to show it (a bar on a
 * terminal, plain periodic lines in a log, nothing with --quiet).
 *
 * Library side, for a loop over N items:
 *
 *     zl_progress_phase ph;
 *     zl_progress_begin(&ph, progress, "building travel times", "areas", n);
 *     for (i = 0; i < n; i++) { ...; zl_progress_step(&ph, i + 1); }
 *     zl_progress_end(&ph, n);
 *
 * zl_progress_step is cheap (one compare) and calls the callback at most about 1000
 * times per phase, so it can sit in an inner loop. A NULL reporter, or one whose fn is
 * NULL, reports nothing. A store can carry a reporter (zl_store_set_progress) so that
 * functions taking a zl_store need no extra parameter; functions on an in-memory case
 * take one in their options. The callback must not call back into the library with the
 * same object. */
#ifndef ZORGLANDSCHAP_PROGRESS_H
#define ZORGLANDSCHAP_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct zl_progress_event {
    const char *phase; /* what is being done: "importing registrations" */
    const char *unit;  /* what is counted: "rows", "areas" */
    uint64_t done;
    uint64_t total; /* 0 when unknown */
    bool finished;  /* the last event of the phase */
} zl_progress_event;

typedef struct zl_progress {
    void (*fn)(void *ctx, const zl_progress_event *ev);
    void *ctx;
} zl_progress;

/* One phase of work in progress; lives on the caller's stack. */
typedef struct zl_progress_phase {
    const zl_progress *p;
    const char *phase, *unit;
    uint64_t total, next, stride;
} zl_progress_phase;

/* Starts a phase (reports done = 0). p may be NULL. total 0: unknown. */
void zl_progress_begin(zl_progress_phase *ph, const zl_progress *p, const char *phase,
                       const char *unit, uint64_t total);

/* As zl_progress_begin, reporting every stride items (for slow steps with an unknown
 * total, such as branch-and-bound nodes). */
void zl_progress_begin_stride(zl_progress_phase *ph, const zl_progress *p, const char *phase,
                              const char *unit, uint64_t total, uint64_t stride);

/* Reports done when it passed the next reporting point (or when total is unknown, every
 * stride items). */
void zl_progress_report_(zl_progress_phase *ph, uint64_t done);
static inline void zl_progress_step(zl_progress_phase *ph, uint64_t done)
{
    if (done >= ph->next)
        zl_progress_report_(ph, done);
}

/* Ends the phase: reports done with finished = true. */
void zl_progress_end(zl_progress_phase *ph, uint64_t done);

/* Renders an event as one line of text for a front end, into buf (always terminated).
 * elapsed_s is the time since the phase began. bar_width > 0 draws a bar of that many
 * characters (for terminals); 0 gives a plain sentence (for logs). Shows the rate and,
 * when the total is known and the rate measurable, the time left. Numbers carry
 * thousands separators. Returns buf. */
char *zl_progress_format(char *buf, size_t n, const zl_progress_event *ev, double elapsed_s,
                         int bar_width);

#endif
