/* CSV reader: RFC 4180 quoting, line numbers, field counts, UTF-8 and typed fields; the
 * shared text and memory helpers it uses. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "zorglandschap/csv.h"
#include "zorglandschap/util.h"

static zl_csv *open_text(const char *text, zl_err *err)
{
    zl_csv *c = NULL;
    zl_status st = zl_csv_open_mem("t.csv", text, strlen(text), &c, err);
    return st == ZL_OK ? c : NULL;
}

static void quoting_and_lines(void **state)
{
    zl_err err = {0};
    zl_csv *c = open_text("a,b,c\r\n1,\"x,y\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",,3\n", &err);
    assert_non_null(c);
    assert_int_equal(zl_csv_ncols(c), 3);
    bool row;
    assert_int_equal(zl_csv_next(c, &row, &err), ZL_OK);
    assert_true(row);
    assert_int_equal(zl_csv_line(c), 2);
    assert_string_equal(zl_csv_field(c, 1), "x,y");
    assert_string_equal(zl_csv_field(c, 2), "say \"hi\"");
    assert_int_equal(zl_csv_next(c, &row, &err), ZL_OK);
    assert_true(row);
    assert_int_equal(zl_csv_line(c), 3);
    assert_string_equal(zl_csv_field(c, 0), "multi\nline");
    assert_string_equal(zl_csv_field(c, 1), "");
    assert_int_equal(zl_csv_next(c, &row, &err), ZL_OK);
    assert_false(row);
    zl_csv_close(c);
}

static void bom_blank_lines_and_columns(void **state)
{
    zl_err err = {0};
    zl_csv *c = open_text("\xEF\xBB\xBFpc4,pop\n\n1011,5\n", &err);
    assert_non_null(c);
    assert_int_equal(zl_csv_col(c, "pc4"), 0);
    assert_int_equal(zl_csv_col(c, "nope"), -1);
    int idx[2];
    const char *const want[] = {"pop", "missing"};
    assert_int_equal(zl_csv_require(c, want, idx, 2, &err), ZL_EINPUT);
    assert_string_equal(
        err.msg, "t.csv:1: missing column 'missing' in the header (read as comma-separated)");
    bool row;
    assert_int_equal(zl_csv_next(c, &row, &err), ZL_OK);
    assert_int_equal(zl_csv_line(c), 3);
    zl_csv_close(c);
}

/* Semicolons (Dutch Excel) and tabs are detected from the header; quoted delimiters do
 * not count; an unsupported one is named in the error. */
static void delimiters(void **state)
{
    zl_err err = {0};
    bool row;
    struct {
        const char *text;
        char delim;
    } cases[] = {
        {"a;b;c\n1;\"2;x\";3\n", ';'},
        {"a\tb\tc\n1\t2;x\t3\n", '\t'},
        {"a,b,c\n1,\"2;x\",3\n", ','},
        {"\"a;b\",c,d\n1,2;x,3\n", ','}, /* the semicolon is inside quotes */
        {"a;b,c;d\n", ';'},              /* the more frequent one wins */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        zl_csv *c = open_text(cases[i].text, &err);
        assert_non_null(c);
        assert_int_equal(zl_csv_delimiter(c), cases[i].delim);
        assert_int_equal(zl_csv_ncols(c), 3);
        if (i < 4) {
            assert_int_equal(zl_csv_next(c, &row, &err), ZL_OK);
            assert_true(row);
            assert_string_equal(zl_csv_field(c, 1), "2;x");
        }
        zl_csv_close(c);
    }
    zl_csv *c = open_text("pc4|pop\n1011|5\n", &err);
    int idx[1];
    const char *const want[] = {"pop"};
    assert_int_equal(zl_csv_require(c, want, idx, 1, &err), ZL_EINPUT);
    assert_string_equal(err.msg, "t.csv:1: missing column 'pop' in the header: the header seems "
                                 "separated by '|', which is not supported; use comma, semicolon "
                                 "or tab");
    zl_csv_close(c);
    assert_string_equal(zl_csv_delimiter_name(';'), "semicolon");
}

static void truncated_and_short_rows(void **state)
{
    zl_err err = {0};
    zl_csv *c = open_text("a,b\n1,\"open", &err);
    assert_non_null(c);
    bool row;
    assert_int_equal(zl_csv_next(c, &row, &err), ZL_EINPUT);
    assert_string_equal(err.msg, "t.csv:2: unterminated quoted field (file truncated?)");
    zl_csv_close(c);

    c = open_text("a,b,c\n1,2,3\n4,5", &err);
    assert_int_equal(zl_csv_next(c, &row, &err), ZL_OK);
    assert_int_equal(zl_csv_next(c, &row, &err), ZL_EINPUT);
    assert_string_equal(err.msg,
                        "t.csv:3: expected 3 fields as in the header, found 2 (file truncated?)");
    zl_csv_close(c);

    c = open_text("a,b\n1,2,3\n", &err);
    assert_int_equal(zl_csv_next(c, &row, &err), ZL_EINPUT);
    assert_string_equal(err.msg, "t.csv:2: expected 2 fields as in the header, found 3");
    zl_csv_close(c);
}

static void invalid_utf8_and_header(void **state)
{
    zl_err err = {0};
    assert_null(open_text("a,b\n1,ok\n2,caf\xe9\n", &err));
    assert_string_equal(err.msg, "t.csv:3: invalid UTF-8 at byte 6 of the line (byte 0xe9)");
    assert_null(open_text("a,\xed\xa0\x80\n", &err)); /* a UTF-16 surrogate */
    assert_contains(err.msg, "invalid UTF-8");
    assert_null(open_text("", &err));
    assert_string_equal(err.msg, "t.csv:1: empty file: expected a header row");
    assert_null(open_text("a,a\n", &err));
    assert_string_equal(err.msg, "t.csv:1: header column 'a' appears twice");
    assert_null(open_text("a,b\"c\n", &err));
    assert_contains(err.msg, "stray '\"'");
}

/* The word-at-a-time ASCII scan: a bad byte at every offset of a long ASCII run, multi-byte
 * characters across word boundaries, and a sequence cut short at the very end. */
static void utf8_scan_at_every_offset(void **state)
{
    (void)state;
    char buf[40];
    for (size_t at = 0; at < 24; at++) {
        memset(buf, 'a', sizeof buf);
        buf[at] = (char)0xe9;
        assert_int_equal(zl_utf8_invalid_at(buf, 24), (long)at);
        assert_int_equal(zl_utf8_invalid_at(buf, at), -1);
        memcpy(buf + at, "\xc3\xa9", 2); /* é: valid wherever it falls */
        assert_int_equal(zl_utf8_invalid_at(buf, 24), at + 1 < 24 ? -1 : (long)at);
    }
    assert_int_equal(zl_utf8_invalid_at("abcdefgh\xe2\x82", 10), 8);
    assert_int_equal(zl_utf8_invalid_at("abcdefghijklmnop\xe2\x82\xac", 19), -1);
}

/* Integers: the short fast path and strtoll beyond it agree on every edge. */
static void parse_i64_edges(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool ok;
        int64_t value;
    } cases[] = {
        {"0", true, 0},
        {"-5", true, -5},
        {"+7", true, 7},
        {"007", true, 7},
        {"123456789012345678", true, 123456789012345678},
        {"-123456789012345678", true, -123456789012345678},
        {"1234567890123456789", true, 1234567890123456789},
        {"9223372036854775807", true, INT64_MAX},
        {"-9223372036854775808", true, INT64_MIN},
        {"9223372036854775808", false, 0},
        {"", false, 0},
        {" 1", false, 0},
        {"1 ", false, 0},
        {"1a", false, 0},
        {"-", false, 0},
        {"+", false, 0},
        {"0x10", false, 0},
        {"1.0", false, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t v = -1;
        assert_int_equal(zl_parse_i64(cases[i].text, &v), cases[i].ok);
        if (cases[i].ok)
            assert_int_equal(v, cases[i].value);
    }
}

/* The VmFlags line of the mapping that holds address p (/proc/self/smaps), or "". */
static void vm_flags_at(uintptr_t p, char *out, size_t n)
{
    out[0] = '\0';
    FILE *f = fopen("/proc/self/smaps", "r");
    assert_non_null(f);
    char line[512];
    bool inside = false;
    while (fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2)
            inside = p >= lo && p < hi;
        else if (inside && strncmp(line, "VmFlags:", 8) == 0) {
            snprintf(out, n, "%s", line + 8);
            break;
        }
    }
    fclose(f);
}

static void huge_pages_advised(void **state)
{
    (void)state;
    if (access("/sys/kernel/mm/transparent_hugepage/enabled", R_OK) != 0)
        skip(); /* a kernel without transparent huge pages: the hint does nothing */
    const size_t mb = (size_t)1 << 20;
    char flags[512];
    /* First (a mapping of its own): a block below ZL_HUGE_MIN is not advised. */
    void *small = malloc(ZL_HUGE_MIN - 1);
    assert_non_null(small);
    zl_advise_huge(small, ZL_HUGE_MIN - 1);
    vm_flags_at((uintptr_t)small + 2 * mb, flags, sizeof flags);
    assert_null(strstr(flags, " hg"));
    free(small);
    void *big = NULL;
    size_t cap = 0;
    assert_int_equal(zl_grow(&big, &cap, 16 * mb, 1, NULL), ZL_OK);
    vm_flags_at((uintptr_t)big + 8 * mb, flags, sizeof flags);
    assert_non_null(strstr(flags, " hg"));
    /* Only whole huge pages inside the block: its first bytes (before a 2 MB boundary)
     * may share pages with other memory and are left alone. */
    if ((uintptr_t)big % (2 * mb) != 0) {
        vm_flags_at((uintptr_t)big, flags, sizeof flags);
        assert_null(strstr(flags, " hg"));
    }
    free(big);
}

static void typed_fields(void **state)
{
    zl_err err = {0};
    zl_csv *c = open_text("n,x,t\n-4,2.5,\nabc,1e400,z\n", &err);
    bool row;
    int64_t i;
    double d;
    const char *t;
    assert_int_equal(zl_csv_next(c, &row, &err), ZL_OK);
    assert_int_equal(zl_csv_int(c, 0, &i, &err), ZL_OK);
    assert_int_equal(i, -4);
    assert_int_equal(zl_csv_count(c, 0, &i, &err), ZL_EINPUT);
    assert_string_equal(err.msg, "t.csv:2: column 'n': negative count -4");
    assert_int_equal(zl_csv_num(c, 1, &d, &err), ZL_OK);
    assert_true(d == 2.5);
    assert_int_equal(zl_csv_text(c, 2, &t, &err), ZL_EINPUT);
    assert_string_equal(err.msg, "t.csv:2: column 't': empty, a value is required");
    assert_int_equal(zl_csv_int_opt(c, 2, 7, &i, &err), ZL_OK);
    assert_int_equal(i, 7);
    assert_int_equal(zl_csv_next(c, &row, &err), ZL_OK);
    assert_int_equal(zl_csv_int(c, 0, &i, &err), ZL_EINPUT);
    assert_string_equal(err.msg, "t.csv:3: column 'n': expected an integer, found 'abc'");
    assert_int_equal(zl_csv_num(c, 1, &d, &err), ZL_EINPUT); /* overflow to infinity */
    zl_csv_close(c);
}

static void missing_file(void **state)
{
    zl_csv *c = NULL;
    zl_err err = {0};
    assert_int_equal(zl_csv_open("/nonexistent/x.csv", &c, &err), ZL_EIO);
    assert_contains(err.msg, "/nonexistent/x.csv: cannot open");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quoting_and_lines),
        cmocka_unit_test(bom_blank_lines_and_columns),
        cmocka_unit_test(delimiters),
        cmocka_unit_test(truncated_and_short_rows),
        cmocka_unit_test(invalid_utf8_and_header),
        cmocka_unit_test(utf8_scan_at_every_offset),
        cmocka_unit_test(parse_i64_edges),
        cmocka_unit_test(huge_pages_advised),
        cmocka_unit_test(typed_fields),
        cmocka_unit_test(missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
