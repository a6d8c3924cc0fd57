/* Text folding and edit distance for the finder: names and queries are compared after
 * lower-casing, removing Latin diacritics and turning punctuation into spaces. */
#include <stdbool.h>
#include <string.h>

#include "zorglandschap/rare_finder.h"

/* Base letters of U+00C0..U+017F (Latin-1 Supplement letters and Latin Extended-A);
 * '?' marks characters handled specially or not letters. */
static const char latin[] = "AAAAAAACEEEEIIII"
                            "DNOOOOO?OUUUUYTs"
                            "aaaaaaaceeeeiiii"
                            "dnooooo?ouuuuyty"
                            "AaAaAaCcCcCcCcDd"
                            "DdEeEeEeEeEeGgGg"
                            "GgGgHhHhIiIiIiIi"
                            "IiJjJjKkkLlLlLlL"
                            "lLlNnNnNnnNnOoOo"
                            "OoOoRrRrRrSsSsSs"
                            "SsTtTtTtUuUuUuUu"
                            "UuUuWwYyYZzZzZzs";

static unsigned decode(const unsigned char *s, size_t *len)
{
    if (s[0] < 0x80)
        return *len = 1, s[0];
    if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80)
        return *len = 2, ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
    if ((s[0] & 0xF0) == 0xE0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80)
        return *len = 3, ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
    if ((s[0] & 0xF8) == 0xF0 && s[1] && s[2] && s[3])
        return *len = 4, 0xFFFDu;
    return *len = 1, 0xFFFDu;
}

/* Appends the folded form of code point c ("" for a separator). */
static const char *fold_cp(unsigned c, char one[2])
{
    one[1] = 0;
    if (c < 0x80) {
        if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        one[0] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? (char)c : 0;
        return one;
    }
    if (c == 0xDF)
        return "ss";
    if (c == 0xC6 || c == 0xE6)
        return "ae";
    if (c == 0x152 || c == 0x153)
        return "oe";
    if (c == 0xD8 || c == 0xF8)
        return "o";
    if (c >= 0xC0 && c <= 0x17F && latin[c - 0xC0] != '?') {
        char b = latin[c - 0xC0];
        one[0] = b >= 'A' && b <= 'Z' ? (char)(b + 'a' - 'A') : b;
        return one;
    }
    one[0] = 0;
    return one;
}

size_t zl_fold_text(const char *text, char *out, size_t cap)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t o = 0;
    bool space = false;
    while (*s && cap > 1) {
        size_t len;
        unsigned c = decode(s, &len);
        s += len;
        char one[2];
        const char *f = fold_cp(c, one);
        if (!f[0]) {
            space = o > 0;
            continue;
        }
        if (space && o + 1 < cap - 1)
            out[o++] = ' ';
        space = false;
        for (; *f && o < cap - 1; f++)
            out[o++] = *f;
    }
    if (cap)
        out[o < cap ? o : cap - 1] = 0;
    return o;
}

int zl_edit_distance(const char *a, size_t la, const char *b, size_t lb, int max)
{
    if (la > 63 || lb > 63)
        return max + 1;
    int d = (int)la - (int)lb;
    if (d > max || -d > max)
        return max + 1;
    int prev2[64], prev[64], cur[64];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        int best = cur[0];
        for (size_t j = 1; j <= lb; j++) {
            int cost = a[i - 1] != b[j - 1];
            int v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            if (prev[j - 1] + cost < v)
                v = prev[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                prev2[j - 2] + 1 < v)
                v = prev2[j - 2] + 1;
            cur[j] = v;
            if (v < best)
                best = v;
        }
        if (best > max)
            return max + 1;
        memcpy(prev2, prev, sizeof(int) * (lb + 1));
        memcpy(prev, cur, sizeof(int) * (lb + 1));
    }
    return prev[lb] > max ? max + 1 : prev[lb];
}
