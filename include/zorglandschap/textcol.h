/* Readable tables: fixed-width text columns whose widths count characters (UTF-8 code
 * points), not bytes, so names such as "Máxima MC" line up like ASCII ones; text that
 * does not fit ends in an ellipsis; numbers carry thousands separators. */
#ifndef ZORGLANDSCHAP_TEXTCOL_H
#define ZORGLANDSCHAP_TEXTCOL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Writes s padded with spaces to exactly width characters; text longer than width is cut
 * to width - 1 characters followed by "…" (so a cut is visible). */
void zl_fput_column(FILE *f, const char *s, int width);

/* Formats v with a thousands separator: 6104915 -> "6,104,915". Returns buf. */
char *zl_fmt_int(char *buf, size_t n, int64_t v);

/* Formats part/whole as a percentage with one decimal ("12.3%"), "-" when whole is 0.
 * Returns buf. */
char *zl_fmt_pct(char *buf, size_t n, double part, double whole);

#endif
