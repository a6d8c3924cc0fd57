/* Readable table cells: fixed-width UTF-8 columns with an ellipsis, numbers with
 * thousands separators, percentages (see textcol.h). */
#include "zorglandschap/textcol.h"

#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

/* Byte length of the first `chars` characters of p (fewer if p is shorter). */
static size_t prefix_bytes(const unsigned char *p, int chars, int *counted)
{
    const unsigned char *end = p;
    int c = 0;
    /* Advance over whole characters: continuation bytes (10xxxxxx) belong to the previous. */
    while (*end && c < chars) {
        end++;
        while ((*end & 0xC0) == 0x80)
            end++;
        c++;
    }
    *counted = c;
    return (size_t)(end - p);
}

void zl_fput_column(FILE *f, const char *s, int width)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    int chars;
    size_t n = prefix_bytes(p, width, &chars);
    bool cut = width > 0 && p[n] != '\0';
    if (cut)
        n = prefix_bytes(p, width - 1, &chars);
    fwrite(p, 1, n, f);
    if (cut) {
        fputs("\xE2\x80\xA6", f); /* … */
        chars++;
    }
    for (; chars < width; chars++)
        fputc(' ', f);
}

char *zl_fmt_int(char *buf, size_t n, int64_t v)
{
    char digits[32];
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    int len = snprintf(digits, sizeof digits, "%" PRIu64, u);
    char out[48];
    size_t k = 0;
    if (v < 0)
        out[k++] = '-';
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[k++] = ',';
        out[k++] = digits[i];
    }
    out[k] = '\0';
    snprintf(buf, n, "%s", out);
    return buf;
}

char *zl_fmt_pct(char *buf, size_t n, double part, double whole)
{
    if (whole == 0)
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, "%.1f%%", 100.0 * part / whole);
    return buf;
}
