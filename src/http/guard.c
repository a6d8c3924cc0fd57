/* Request hygiene checked before any handler runs, so that every request gets an answer
 * and no handler sees ambiguous input: the raw URI must decode to valid UTF-8 without NUL
 * bytes (libmicrohttpd decodes "%00" into a string terminator, which would silently cut
 * "/index.html%00.png" to "/index.html"); a header that decides how the request is read
 * or who sends it (Content-Length, Transfer-Encoding, Authorization) and every query
 * parameter may appear at most once, because "first one wins" differs between proxies
 * and servers. Also the one way error messages are made safe to put into JSON. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http_internal.h"

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Percent-decodes one URI into out (cap bytes); false when it holds an escaped NUL. A
 * malformed escape is kept as it is, as libmicrohttpd does. */
static bool uri_decode(const char *uri, char *out, size_t cap, size_t *len)
{
    size_t n = 0;
    for (const char *p = uri; *p && n < cap; p++) {
        int hi, lo;
        if (p[0] == '%' && (hi = hex_value(p[1])) >= 0 && (lo = hex_value(p[2])) >= 0) {
            out[n] = (char)(hi * 16 + lo);
            if (out[n++] == '\0')
                return false;
            p += 2;
        } else {
            out[n++] = *p;
        }
    }
    *len = n;
    return true;
}

const char *http_uri_problem(const char *uri)
{
    char dec[HTTP_URI_MAX];
    size_t n;
    if (strlen(uri) >= sizeof dec)
        return "the request URI is too long";
    if (!uri_decode(uri, dec, sizeof dec, &n))
        return "the path or a query parameter contains a NUL byte";
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)dec[i] < 0x20 || dec[i] == 0x7f)
            return "the path or a query parameter contains a control character";
    if (zl_utf8_invalid_at(dec, n) >= 0)
        return "the path or a query parameter is not valid UTF-8";
    return NULL;
}

typedef struct header_walk {
    int content_length, transfer_encoding, authorization;
    const char *first_length;
    bool lengths_differ;
} header_walk;

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *value)
{
    header_walk *hw = cls;
    if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) {
        if (hw->content_length++ && strcmp(hw->first_length, value ? value : "") != 0)
            hw->lengths_differ = true;
        else
            hw->first_length = value ? value : "";
    } else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) {
        hw->transfer_encoding++;
    } else if (strcasecmp(key, MHD_HTTP_HEADER_AUTHORIZATION) == 0) {
        hw->authorization++;
    }
    return MHD_YES;
}

#define MAX_QUERY_PARAMS 32

typedef struct arg_walk {
    const char *keys[MAX_QUERY_PARAMS];
    size_t n;
    const char *dup;
    bool too_many;
} arg_walk;

static enum MHD_Result check_dup_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    arg_walk *aw = cls;
    for (size_t i = 0; i < aw->n; i++) {
        if (strcmp(aw->keys[i], key) == 0) {
            aw->dup = key;
            return MHD_NO;
        }
    }
    if (aw->n == MAX_QUERY_PARAMS) {
        aw->too_many = true;
        return MHD_NO;
    }
    aw->keys[aw->n++] = key;
    return MHD_YES;
}

const char *http_request_problem(struct MHD_Connection *conn, char *buf, size_t cap)
{
    header_walk hw = {0};
    MHD_get_connection_values(conn, MHD_HEADER_KIND, count_header, &hw);
    if (hw.lengths_differ)
        return "conflicting Content-Length headers";
    if (hw.content_length && hw.transfer_encoding)
        return "both Content-Length and Transfer-Encoding are set";
    if (hw.transfer_encoding > 1)
        return "more than one Transfer-Encoding header";
    if (hw.authorization > 1)
        return "more than one Authorization header";
    arg_walk aw = {0};
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, check_dup_arg, &aw);
    if (aw.too_many)
        return "too many query parameters";
    if (aw.dup) {
        char safe[64];
        http_safe_text(aw.dup, safe, sizeof safe);
        snprintf(buf, cap, "query parameter '%s' appears more than once", safe);
        return buf;
    }
    return NULL;
}

void http_safe_text(const char *in, char *out, size_t cap)
{
    size_t n = 0, len = strlen(in);
    for (size_t i = 0; i < len && n + 1 < cap;) {
        unsigned char c = (unsigned char)in[i];
        size_t step = 1;
        if (c >= 0x80) {
            /* the length of the valid sequence starting here, if it is one */
            step = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
            if (i + step > len || zl_utf8_invalid_at(in + i, step) >= 0)
                step = 0;
        }
        if (step == 0 || c < 0x20 || c == 0x7f) { /* invalid or control: a '?' instead */
            out[n++] = '?';
            i += step ? step : 1;
            continue;
        }
        if (n + step >= cap) /* never cut a character in two */
            break;
        memcpy(out + n, in + i, step);
        n += step;
        i += step;
    }
    out[n] = '\0';
}
