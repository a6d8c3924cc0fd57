/* Prevalence classes of Orphadata product9 as numbers. A class "a-b / N" is the range
 * [a/N, b/N] per person with its arithmetic midpoint as point estimate; "<1 / N" is
 * [0, 1/N] with midpoint 0.5/N; ">1 / 1000" is open-ended: its lower bound 1/1000 is
 * the point estimate (a deliberate underestimate, stated in the output). */
#include "zorglandschap/registry.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Copies s without spaces (also the UTF-8 no-break and thin spaces Orphadata uses). */
static void squeeze(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && n + 1 < cap; p++) {
        if (*p == ' ')
            continue;
        if (p[0] == 0xC2 && p[1] == 0xA0) {
            p++;
            continue;
        }
        if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xAF || p[2] == 0x89)) {
            p += 2;
            continue;
        }
        out[n++] = (char)*p;
    }
    out[n] = '\0';
}

bool zl_prevalence_class_range(const char *cls, double *lo, double *hi, double *point)
{
    char s[64];
    if (!cls)
        return false;
    squeeze(cls, s, sizeof s);
    char *slash = strchr(s, '/');
    if (!slash)
        return false;
    char *end;
    double denom = strtod(slash + 1, &end);
    if (*end || denom <= 0)
        return false;
    *slash = '\0';
    if (s[0] == '<') {
        double a = strtod(s + 1, &end);
        if (*end || a <= 0)
            return false;
        *lo = 0, *hi = a / denom, *point = a / denom / 2;
        return true;
    }
    if (s[0] == '>') {
        double a = strtod(s + 1, &end);
        if (*end || a <= 0)
            return false;
        *lo = a / denom, *hi = -1, *point = a / denom;
        return true;
    }
    double a = strtod(s, &end);
    if (*end != '-' || !isdigit((unsigned char)end[1]))
        return false;
    double b = strtod(end + 1, &end);
    if (*end || b < a)
        return false;
    *lo = a / denom, *hi = b / denom, *point = (a + b) / 2 / denom;
    return true;
}
