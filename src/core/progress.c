/* Progress reporting: the phase helpers that call a front end's callback at a bounded
 * rate, and the one place that turns an event into text (bar or plain sentence). */
#include "zorglandschap/progress.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "zorglandschap/textcol.h"

enum { ZL_PROGRESS_EVENTS = 1000, ZL_PROGRESS_UNKNOWN_STRIDE = 4096 };

static void emit(const zl_progress_phase *ph, uint64_t done, bool finished)
{
    if (!ph->p || !ph->p->fn)
        return;
    zl_progress_event ev = {ph->phase, ph->unit, done, ph->total, finished};
    ph->p->fn(ph->p->ctx, &ev);
}

void zl_progress_begin(zl_progress_phase *ph, const zl_progress *p, const char *phase,
                       const char *unit, uint64_t total)
{
    assert(ph && phase && unit);
    ph->p = p;
    ph->phase = phase;
    ph->unit = unit;
    ph->total = total;
    ph->stride =
        total ? (total + ZL_PROGRESS_EVENTS - 1) / ZL_PROGRESS_EVENTS : ZL_PROGRESS_UNKNOWN_STRIDE;
    /* Without a callback the step helper never needs to call out. */
    ph->next = p && p->fn ? ph->stride : UINT64_MAX;
    emit(ph, 0, false);
}

void zl_progress_begin_stride(zl_progress_phase *ph, const zl_progress *p, const char *phase,
                              const char *unit, uint64_t total, uint64_t stride)
{
    zl_progress_begin(ph, p, phase, unit, total);
    assert(stride > 0);
    ph->stride = stride;
    if (ph->next != UINT64_MAX)
        ph->next = stride;
}

void zl_progress_report_(zl_progress_phase *ph, uint64_t done)
{
    if (ph->next == UINT64_MAX)
        return;
    ph->next = (done / ph->stride + 1) * ph->stride;
    emit(ph, done, false);
}

void zl_progress_end(zl_progress_phase *ph, uint64_t done)
{
    emit(ph, done, true);
    ph->next = UINT64_MAX;
}

/* "1:05" or "1:02:03"; "<1 s" for very short times. */
static void fmt_duration(char *buf, size_t n, double s)
{
    if (s < 1) {
        snprintf(buf, n, "<1 s");
        return;
    }
    long t = lround(s);
    if (t >= 3600)
        snprintf(buf, n, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, n, "%ld:%02ld", t / 60, t % 60);
}

char *zl_progress_format(char *buf, size_t n, const zl_progress_event *ev, double elapsed_s,
                         int bar_width)
{
    assert(buf && n > 0 && ev);
    char done[32], total[32], rate[32] = "", left[32] = "", took[32];
    zl_fmt_int(done, sizeof done, (int64_t)ev->done);
    zl_fmt_int(total, sizeof total, (int64_t)ev->total);
    double per_s = elapsed_s > 0.05 ? (double)ev->done / elapsed_s : 0;
    if (per_s > 0)
        zl_fmt_int(rate, sizeof rate, (int64_t)llround(per_s));
    if (per_s > 0 && ev->total > ev->done && !ev->finished)
        fmt_duration(left, sizeof left, (double)(ev->total - ev->done) / per_s);
    fmt_duration(took, sizeof took, elapsed_s);
    int pct = ev->total ? (int)(100.0 * (double)ev->done / (double)ev->total) : -1;
    if (pct > 100)
        pct = 100;
    size_t k = 0;
#define PUT(...)                                                                                   \
    do {                                                                                           \
        int w_ = snprintf(buf + k, n - k, __VA_ARGS__);                                            \
        k = w_ < 0 ? k : (size_t)w_ >= n - k ? n - 1 : k + (size_t)w_;                             \
    } while (0)
    if (bar_width > 0 && pct >= 0) {
        int full = pct * bar_width / 100;
        PUT("%s [", ev->phase);
        for (int i = 0; i < bar_width; i++)
            PUT("%c", i < full ? '#' : '.');
        PUT("] %3d%% %s/%s %s", pct, done, total, ev->unit);
    } else if (pct >= 0) {
        PUT("%s: %s of %s %s (%d%%)", ev->phase, done, total, ev->unit, pct);
    } else {
        PUT("%s: %s %s", ev->phase, done, ev->unit);
    }
    if (rate[0])
        PUT(", %s %s/s", rate, ev->unit);
    if (ev->finished)
        PUT(", done in %s", took);
    else if (left[0])
        PUT(", %s left", left);
#undef PUT
    return buf;
}
