/* Fixed-width UTF-8 text columns (see textcol.h). */
#include "zorglandschap/textcol.h"

void zl_fput_column(FILE *f, const char *s, int width)
{
    int chars = 0;
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    const unsigned char *end = p;
    /* Advance over whole characters: continuation bytes (10xxxxxx) belong to the previous. */
    while (*end && chars < width) {
        end++;
        while ((*end & 0xC0) == 0x80)
            end++;
        chars++;
    }
    fwrite(p, 1, (size_t)(end - p), f);
    for (; chars < width; chars++)
        fputc(' ', f);
}
