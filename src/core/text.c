/* Strict parsing of numbers and lists, UTF-8 validation and string hashing. */
#include "zorglandschap/util.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* [+-]?[0-9]{1,18} exactly, as strtoll reads it but without its locale and errno
 * machinery: the common case of every import (strtoll was 14 % of a registry import's
 * client time). Anything else, longer numbers included, is left to strtoll. */
static bool parse_i64_short(const char *s, int64_t *out)
{
    bool neg = *s == '-';
    s += neg || *s == '+';
    int64_t v = 0;
    int digits = 0;
    for (; *s >= '0' && *s <= '9' && digits < 18; s++, digits++)
        v = v * 10 + (*s - '0'); /* at most 18 digits: no overflow */
    if (*s || digits == 0)
        return false;
    *out = neg ? -v : v;
    return true;
}

bool zl_parse_i64(const char *s, int64_t *out)
{
    if (!s || !*s || isspace((unsigned char)*s))
        return false;
    if (parse_i64_short(s, out))
        return true;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end)
        return false;
    *out = v;
    return true;
}

bool zl_parse_f64(const char *s, double *out)
{
    if (!s || !*s || isspace((unsigned char)*s))
        return false;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || *end || !isfinite(v))
        return false;
    *out = v;
    return true;
}

long zl_utf8_invalid_at(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        /* ASCII eight bytes at a time: files and queries are mostly ASCII (a 143 MB
         * registry file: 0.14 s byte by byte). */
        uint64_t w;
        while (i + 8 <= n && (memcpy(&w, s + i, 8), (w & 0x8080808080808080u) == 0))
            i += 8;
        if (i >= n)
            break;
        unsigned char c = s[i];
        size_t len;
        uint32_t cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4, cp = c & 0x07;
        } else {
            return (long)i;
        }
        if (i + len > n)
            return (long)i;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return (long)i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        /* Reject overlong forms, surrogates and code points past U+10FFFF. */
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return (long)i;
        i += len;
    }
    return -1;
}

static char *trimmed_copy(const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

zl_status zl_split_list(const char *s, char ***out, size_t *n, zl_err *err)
{
    char **v = NULL;
    size_t cap = 0, count = 0;
    const char *p = s ? s : "";
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char *item = trimmed_copy(p, len);
        void *arr = v;
        if (!item || zl_grow(&arr, &cap, count + 2, sizeof *v, err) != ZL_OK) {
            free(item);
            v = arr;
            if (v)
                v[count] = NULL;
            zl_strv_free(v);
            return zl_fail(err, ZL_ENOMEM, "out of memory splitting a list");
        }
        v = arr;
        if (*item)
            v[count++] = item;
        else
            free(item);
        p += len + (comma ? 1 : 0);
    }
    if (!v && !(v = calloc(1, sizeof *v)))
        return zl_fail(err, ZL_ENOMEM, "out of memory splitting a list");
    v[count] = NULL;
    *out = v;
    if (n)
        *n = count;
    return ZL_OK;
}

void zl_strv_free(char **v)
{
    if (!v)
        return;
    for (char **p = v; *p; p++)
        free(*p);
    free(v);
}

uint64_t zl_hash_bytes(const void *p, size_t n)
{
    const unsigned char *b = p;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ULL;
    }
    return h;
}

uint64_t zl_hash_str(const char *s)
{
    return zl_hash_bytes(s, strlen(s));
}
