/* Writing CSV fields and rows (RFC 4180), the counterpart of the reader in csv.c. */
#include <string.h>

#include "zorglandschap/csv.h"

void zl_csv_write_field(FILE *f, const char *s)
{
    s = s ? s : "";
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

void zl_csv_write_row(FILE *f, size_t n, const char *const *fields)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', f);
        zl_csv_write_field(f, fields[i]);
    }
    fputc('\n', f);
}
