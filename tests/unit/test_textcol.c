/* Fixed-width UTF-8 columns: width counts characters, long text is cut on a character
 * boundary and ends in an ellipsis, short text is padded; thousands separators and
 * percentages; the progress line. */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "zorglandschap/progress.h"
#include "zorglandschap/textcol.h"

static char *column(const char *s, int width)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    zl_fput_column(f, s, width);
    fclose(f);
    return text;
}

static void pads_and_cuts(void **state)
{
    struct {
        const char *in;
        int width;
        const char *out;
    } cases[] = {
        {"abc", 5, "abc  "}, {"abcdef", 3, "ab…"}, {"Máxima", 6, "Máxima"}, {"Máxima MC", 3, "Má…"},
        {"Máx", 5, "Máx  "}, {"", 2, "  "},        {NULL, 1, " "},          {"€uro", 1, "…"},
        {"abc", 0, ""},      {"€uro", 2, "€…"},    {"abc", 3, "abc"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = column(cases[i].in, cases[i].width);
        assert_string_equal(got, cases[i].out);
        free(got);
    }
}

static void thousands_and_percentages(void **state)
{
    char b[32];
    assert_string_equal(zl_fmt_int(b, sizeof b, 6104915), "6,104,915");
    assert_string_equal(zl_fmt_int(b, sizeof b, 0), "0");
    assert_string_equal(zl_fmt_int(b, sizeof b, 999), "999");
    assert_string_equal(zl_fmt_int(b, sizeof b, 1000), "1,000");
    assert_string_equal(zl_fmt_int(b, sizeof b, -1234567), "-1,234,567");
    assert_string_equal(zl_fmt_int(b, sizeof b, INT64_MIN), "-9,223,372,036,854,775,808");
    assert_string_equal(zl_fmt_pct(b, sizeof b, 1, 8), "12.5%");
    assert_string_equal(zl_fmt_pct(b, sizeof b, 1, 0), "-");
}

typedef struct seen {
    int events, finished;
    uint64_t last;
} seen;

static void count_event(void *ctx, const zl_progress_event *ev)
{
    seen *s = ctx;
    s->events++;
    s->finished += ev->finished;
    assert_true(ev->done >= s->last);
    s->last = ev->done;
}

static void progress_phase_bounded(void **state)
{
    seen s = {0};
    zl_progress p = {count_event, &s};
    zl_progress_phase ph;
    zl_progress_begin(&ph, &p, "counting", "rows", 1000000);
    for (uint64_t i = 1; i <= 1000000; i++)
        zl_progress_step(&ph, i);
    zl_progress_end(&ph, 1000000);
    /* begin + about 1000 steps + end: bounded whatever the total */
    assert_in_range(s.events, 900, 1003);
    assert_int_equal(s.finished, 1);
    assert_int_equal(s.last, 1000000);
    /* no reporter: nothing happens, nothing crashes */
    zl_progress_begin(&ph, NULL, "counting", "rows", 0);
    for (uint64_t i = 1; i <= 100000; i++)
        zl_progress_step(&ph, i);
    zl_progress_end(&ph, 100000);
}

static void progress_lines(void **state)
{
    char b[256];
    zl_progress_event ev = {"importing registrations", "rows", 13500, 30000, false};
    assert_string_equal(zl_progress_format(b, sizeof b, &ev, 10.0, 0),
                        "importing registrations: 13,500 of 30,000 rows (45%), 1,350 rows/s, "
                        "0:12 left");
    assert_string_equal(zl_progress_format(b, sizeof b, &ev, 10.0, 10),
                        "importing registrations [####......]  45% 13,500/30,000 rows, "
                        "1,350 rows/s, 0:12 left");
    ev.done = 30000;
    ev.finished = true;
    assert_string_equal(zl_progress_format(b, sizeof b, &ev, 20.0, 0),
                        "importing registrations: 30,000 of 30,000 rows (100%), 1,500 rows/s, "
                        "done in 0:20");
    zl_progress_event unknown = {"reading", "nodes", 5000, 0, false};
    assert_string_equal(zl_progress_format(b, sizeof b, &unknown, 0.0, 10), "reading: 5,000 nodes");
    char tiny[8];
    zl_progress_format(tiny, sizeof tiny, &ev, 1.0, 0);
    assert_int_equal(strlen(tiny), 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pads_and_cuts), cmocka_unit_test(thousands_and_percentages),
        cmocka_unit_test(progress_phase_bounded), cmocka_unit_test(progress_lines)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
