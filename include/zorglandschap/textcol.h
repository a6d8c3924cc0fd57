/* Fixed-width text columns for readable tables: widths count characters (UTF-8 code
 * points), not bytes, so names such as "Máxima MC" line up like ASCII ones. */
#ifndef ZORGLANDSCHAP_TEXTCOL_H
#define ZORGLANDSCHAP_TEXTCOL_H

#include <stdio.h>

/* Writes s cut to at most width characters and padded with spaces to exactly width. */
void zl_fput_column(FILE *f, const char *s, int width);

#endif
