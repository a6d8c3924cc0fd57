/* Fuzzes the RFC 4180 CSV reader (src/csv): any bytes as a file, every record read and
 * every field asked for as text, integer, count and number. */
#include <stdbool.h>

#include "fuzz_common.h"
#include "zorglandschap/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zl_csv *c;
    zl_err err = {0};
    if (zl_csv_open_mem("fuzz.csv", (const char *)data, size, &c, &err) != ZL_OK)
        return 0;
    bool has_row = true;
    while (zl_csv_next(c, &has_row, &err) == ZL_OK && has_row) {
        for (size_t i = 0; i < zl_csv_ncols(c); i++) {
            const char *t;
            int64_t v;
            double d;
            zl_csv_text(c, (int)i, &t, &err);
            zl_csv_int(c, (int)i, &v, &err);
            zl_csv_count_opt(c, (int)i, 0, &v, &err);
            zl_csv_num(c, (int)i, &d, &err);
            (void)zl_csv_header(c, i);
        }
        (void)zl_csv_col(c, "pc4");
        (void)zl_csv_line(c);
    }
    zl_csv_close(c);
    return 0;
}
