/* The streaming JSON writer (jsonw.h). A string reserves room for its worst case once
 * and is then copied byte by byte with a table test, which is faster than appending runs
 * for the short strings (names, codes) that answers are made of. */
#include "zorglandschap/jsonw.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room for n more bytes and the NUL; false (and w->failed) when there is none. */
static bool reserve(zl_jw *w, size_t n)
{
    zl_buf *b = &w->buf;
    if (w->failed)
        return false;
    if (b->len + n + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + n + 1)
        cap *= 2;
    char *data = realloc(b->data, cap);
    if (!data) {
        w->failed = ZL_ENOMEM;
        return false;
    }
    b->data = data;
    b->cap = cap;
    return true;
}

static void put(zl_jw *w, const char *s, size_t n)
{
    if (!reserve(w, n))
        return;
    memcpy(w->buf.data + w->buf.len, s, n);
    w->buf.len += n;
    w->buf.data[w->buf.len] = '\0';
}

/* The escape of a byte: 0 none, else the letter after the backslash ('u': \u00XX). */
static char escape_of(unsigned char c)
{
    static const char short_form[32] = {
        ['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n', ['\f'] = 'f', ['\r'] = 'r'};
    if (c >= 0x20)
        return c == '"' ? '"' : c == '\\' ? '\\' : 0;
    return short_form[c] ? short_form[c] : 'u';
}

/* Writes "s" (len bytes), escaped; at most 6 bytes per input byte, reserved at once. */
static void put_string(zl_jw *w, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    if (!reserve(w, 6 * len + 2))
        return;
    char *o = w->buf.data + w->buf.len;
    *o++ = '"';
    for (const char *end = s + len; s < end; s++) {
        unsigned char c = (unsigned char)*s;
        char e = escape_of(c);
        if (!e) {
            *o++ = (char)c;
            continue;
        }
        *o++ = '\\';
        *o++ = e;
        if (e == 'u') {
            memcpy(o, "00", 2);
            o[2] = hex[c >> 4];
            o[3] = hex[c & 15];
            o += 4;
        }
    }
    *o++ = '"';
    *o = '\0';
    w->buf.len = (size_t)(o - w->buf.data);
}

/* The comma and the key before a value. */
static void member(zl_jw *w, const char *key)
{
    if (w->any[w->depth])
        put(w, ",", 1);
    w->any[w->depth] = true;
    if (key) {
        put_string(w, key, strlen(key));
        put(w, ":", 1);
    }
}

static void open_nested(zl_jw *w, const char *key, const char *bracket)
{
    member(w, key);
    put(w, bracket, 1);
    if (w->depth + 1 < ZL_JW_DEPTH)
        w->any[++w->depth] = false;
    else if (!w->failed)
        w->failed = ZL_EINTERNAL; /* deeper than any answer we write: refuse, not corrupt */
}

void zl_jw_object(zl_jw *w, const char *key)
{
    open_nested(w, key, "{");
}

void zl_jw_array(zl_jw *w, const char *key)
{
    open_nested(w, key, "[");
}

void zl_jw_close(zl_jw *w, char bracket)
{
    if (w->depth > 0)
        w->depth--;
    put(w, &bracket, 1);
}

void zl_jw_str(zl_jw *w, const char *key, const char *v)
{
    zl_jw_strn(w, key, v, v ? strlen(v) : 0);
}

void zl_jw_strn(zl_jw *w, const char *key, const char *v, size_t len)
{
    member(w, key);
    if (v)
        put_string(w, v, len);
    else
        put(w, "null", 4);
}

/* Decimal digits of v at the end of t (24 bytes); returns where they start. printf is
 * many times slower for the integers answers are full of (codes). */
static char *i64_text(int64_t v, char t[24])
{
    char *p = t + 24;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *--p = '-';
    return p;
}

void zl_jw_int(zl_jw *w, const char *key, int64_t v)
{
    char t[24], *p = i64_text(v, t);
    member(w, key);
    put(w, p, (size_t)(t + 24 - p));
}

void zl_jw_code(zl_jw *w, const char *key, const char *prefix, int64_t v)
{
    char t[24], *p = i64_text(v, t);
    size_t lp = strlen(prefix), ld = (size_t)(t + 24 - p);
    member(w, key);
    if (!reserve(w, lp + ld + 2))
        return;
    char *o = w->buf.data + w->buf.len;
    *o++ = '"';
    memcpy(o, prefix, lp);
    memcpy(o + lp, p, ld);
    o[lp + ld] = '"';
    o[lp + ld + 1] = '\0';
    w->buf.len += lp + ld + 2;
}

void zl_jw_real(zl_jw *w, const char *key, double v)
{
    if (!isfinite(v)) {
        zl_jw_null(w, key);
        return;
    }
    char t[40];
    int n = snprintf(t, sizeof t, "%.10g", v);
    if (!strpbrk(t, ".eE")) /* 1 would read back as an integer */
        n += snprintf(t + n, sizeof t - (size_t)n, ".0");
    member(w, key);
    put(w, t, (size_t)n);
}

void zl_jw_bool(zl_jw *w, const char *key, bool v)
{
    member(w, key);
    put(w, v ? "true" : "false", v ? 4 : 5);
}

void zl_jw_null(zl_jw *w, const char *key)
{
    member(w, key);
    put(w, "null", 4);
}

zl_status zl_jw_finish(zl_jw *w, char **out, size_t *len, zl_err *err)
{
    if (w->failed == ZL_EINTERNAL || (!w->failed && w->depth != 0)) {
        zl_jw_free(w);
        return zl_fail(err, ZL_EINTERNAL, "JSON nesting deeper than %d or left open", ZL_JW_DEPTH);
    }
    if (w->failed || !w->buf.data) {
        zl_jw_free(w);
        return zl_fail(err, ZL_ENOMEM, "out of memory writing JSON");
    }
    *out = w->buf.data;
    *len = w->buf.len;
    *w = (zl_jw){0};
    return ZL_OK;
}

void zl_jw_free(zl_jw *w)
{
    zl_buf_free(&w->buf);
    *w = (zl_jw){0};
}
