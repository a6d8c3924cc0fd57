/* Tables as files: CSV (RFC 4180, UTF-8) and Excel .xlsx (libxlsxwriter), from a table
 * given as JSON {"title": text, "columns": [text...], "rows": [[cell...]...],
 * "synthetic": bool} where a cell is a string, a number or null (empty). Front ends use it
 * to export what they show; a synthetic table carries the word "synthetic" in both forms
 * (a last column "synthetic" in CSV, a note row under the title in .xlsx). */
#ifndef ZORGLANDSCHAP_EXPORT_H
#define ZORGLANDSCHAP_EXPORT_H

#include <stddef.h>

#include "zorglandschap/err.h"
#include "zorglandschap/util.h"

struct json_t;

#define ZL_EXPORT_MAX_ROWS 200000
#define ZL_EXPORT_MAX_COLS 64

/* Checks the shape of a table (ZL_EINPUT naming the member and row at fault). */
zl_status zl_export_check(const struct json_t *table, zl_err *err);
/* Appends the table as CSV to out (caller-owned buffer). */
zl_status zl_export_csv(const struct json_t *table, zl_buf *out, zl_err *err);
/* Appends the table as an .xlsx workbook (one sheet) to out; uses a temporary file in
 * TMPDIR (or /tmp), removed before returning. */
zl_status zl_export_xlsx(const struct json_t *table, zl_buf *out, zl_err *err);

#endif
