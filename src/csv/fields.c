/* Typed access to CSV fields, with the standard "file:line: column 'x': reason" message. */
#include "zorglandschap/csv.h"

#include <stdarg.h>
#include <stdio.h>

#include "zorglandschap/util.h"

zl_status zl_csv_fail(const zl_csv *c, int col, zl_err *err, const char *fmt, ...)
{
    char reason[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    if (col < 0)
        return zl_fail(err, ZL_EINPUT, "%s:%ld: %s", zl_csv_name(c), zl_csv_line(c), reason);
    return zl_fail(err, ZL_EINPUT, "%s:%ld: column '%s': %s", zl_csv_name(c), zl_csv_line(c),
                   zl_csv_header(c, (size_t)col), reason);
}

zl_status zl_csv_text(const zl_csv *c, int col, const char **out, zl_err *err)
{
    const char *s = zl_csv_field(c, (size_t)col);
    if (!*s)
        return zl_csv_fail(c, col, err, "empty, a value is required");
    *out = s;
    return ZL_OK;
}

zl_status zl_csv_int(const zl_csv *c, int col, int64_t *out, zl_err *err)
{
    const char *s = zl_csv_field(c, (size_t)col);
    if (!zl_parse_i64(s, out))
        return zl_csv_fail(c, col, err, "expected an integer, found '%.40s'", s);
    return ZL_OK;
}

zl_status zl_csv_int_opt(const zl_csv *c, int col, int64_t dflt, int64_t *out, zl_err *err)
{
    if (col < 0 || !*zl_csv_field(c, (size_t)col)) {
        *out = dflt;
        return ZL_OK;
    }
    return zl_csv_int(c, col, out, err);
}

zl_status zl_csv_count(const zl_csv *c, int col, int64_t *out, zl_err *err)
{
    zl_status st = zl_csv_int(c, col, out, err);
    if (st == ZL_OK && *out < 0)
        return zl_csv_fail(c, col, err, "negative count %lld", (long long)*out);
    return st;
}

zl_status zl_csv_count_opt(const zl_csv *c, int col, int64_t dflt, int64_t *out, zl_err *err)
{
    if (col < 0 || !*zl_csv_field(c, (size_t)col)) {
        *out = dflt;
        return ZL_OK;
    }
    return zl_csv_count(c, col, out, err);
}

zl_status zl_csv_num(const zl_csv *c, int col, double *out, zl_err *err)
{
    const char *s = zl_csv_field(c, (size_t)col);
    if (!zl_parse_f64(s, out))
        return zl_csv_fail(c, col, err, "expected a number, found '%.40s'", s);
    return ZL_OK;
}

zl_status zl_csv_num_opt(const zl_csv *c, int col, double dflt, double *out, zl_err *err)
{
    if (col < 0 || !*zl_csv_field(c, (size_t)col)) {
        *out = dflt;
        return ZL_OK;
    }
    return zl_csv_num(c, col, out, err);
}

zl_status zl_csv_int_range(const zl_csv *c, int col, int64_t lo, int64_t hi, int64_t *out,
                           zl_err *err)
{
    zl_status st = zl_csv_int(c, col, out, err);
    if (st == ZL_OK && lo == 0 && *out < 0)
        return zl_csv_fail(c, col, err, "negative count %lld", (long long)*out);
    if (st == ZL_OK && (*out < lo || *out > hi))
        return zl_csv_fail(c, col, err, "%lld is outside the plausible range %lld..%lld",
                           (long long)*out, (long long)lo, (long long)hi);
    return st;
}

zl_status zl_csv_int_range_opt(const zl_csv *c, int col, int64_t lo, int64_t hi, int64_t dflt,
                               int64_t *out, zl_err *err)
{
    if (col < 0 || !*zl_csv_field(c, (size_t)col)) {
        *out = dflt;
        return ZL_OK;
    }
    return zl_csv_int_range(c, col, lo, hi, out, err);
}

zl_status zl_csv_num_range(const zl_csv *c, int col, double lo, double hi, double *out, zl_err *err)
{
    zl_status st = zl_csv_num(c, col, out, err);
    if (st == ZL_OK && !(*out >= lo && *out <= hi))
        return zl_csv_fail(c, col, err, "%g is outside the plausible range %g..%g", *out, lo, hi);
    return st;
}
