/* RFC 4180 CSV reader for UTF-8 files with a header row. Every error message it makes
 * names the file, the line and, where one is involved, the column and the reason, so
 * importers only add what the field means. */
#ifndef ZORGLANDSCHAP_CSV_H
#define ZORGLANDSCHAP_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "zorglandschap/err.h"
#include "zorglandschap/progress.h"

typedef struct zl_csv zl_csv;

/* The field delimiter is detected from the header line: the most frequent of comma,
 * semicolon (Dutch Excel's default) and tab (comma when none). A required column that is
 * missing names the delimiter the header was read with, or the unsupported one it seems
 * to use ('|', ...). */

/* Opens a file; reads and validates the header. The reader owns a copy of the data. */
zl_status zl_csv_open(const char *path, zl_csv **out, zl_err *err);
/* The same over a memory buffer; `name` is used in messages. */
zl_status zl_csv_open_mem(const char *name, const char *data, size_t len, zl_csv **out,
                          zl_err *err);
void zl_csv_close(zl_csv *c);

/* Reads the next record. At the end *has_row is false. A record whose field count
 * differs from the header's is an error (this is how a truncated file shows). */
zl_status zl_csv_next(zl_csv *c, bool *has_row, zl_err *err);

/* The detected delimiter, and its name ("comma", "semicolon", "tab"). */
char zl_csv_delimiter(const zl_csv *c);
const char *zl_csv_delimiter_name(char d);

/* Reports reading progress (bytes of the file) to p as phase (copied) until the last
 * record has been read. p may be NULL. */
void zl_csv_set_progress(zl_csv *c, const zl_progress *p, const char *phase);

const char *zl_csv_name(const zl_csv *c);
/* Splits the records c has not read yet in two, so that two threads can read them: c
 * keeps the first half and *rest (NULL when the rest is too short to split) reads the
 * second, with the same header and the file's own line numbers. The cut is at a line end
 * outside quotes (an even number of quotes before it: exact for well-formed CSV; a
 * malformed file fails in c before the cut). *rest shares c's data: close it before c.
 * Call it before reading; progress reporting stays with c (its part's bytes). */
zl_status zl_csv_split(zl_csv *c, zl_csv **rest, zl_err *err);
size_t zl_csv_size(const zl_csv *c); /* bytes of the file (of its part, after a split) */
long zl_csv_line(const zl_csv *c);   /* 1-based line where the current record starts */
size_t zl_csv_ncols(const zl_csv *c);
const char *zl_csv_header(const zl_csv *c, size_t col);
const char *zl_csv_field(const zl_csv *c, size_t col); /* current record; never NULL */

/* Index of a header column, or -1. */
int zl_csv_col(const zl_csv *c, const char *name);
/* Looks up all `names`; a missing one is an error naming the file and the column. */
zl_status zl_csv_require(const zl_csv *c, const char *const *names, int *idx, size_t n,
                         zl_err *err);

/* Formats "FILE:LINE: column 'NAME': REASON" into err and returns ZL_EINPUT. col may be
 * -1 for a record-level error ("FILE:LINE: REASON"). */
zl_status zl_csv_fail(const zl_csv *c, int col, zl_err *err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Typed fields. The _opt forms return `dflt` for an empty field (or col < 0). */
zl_status zl_csv_text(const zl_csv *c, int col, const char **out, zl_err *err);
zl_status zl_csv_int(const zl_csv *c, int col, int64_t *out, zl_err *err);
zl_status zl_csv_int_opt(const zl_csv *c, int col, int64_t dflt, int64_t *out, zl_err *err);
zl_status zl_csv_count(const zl_csv *c, int col, int64_t *out, zl_err *err); /* int >= 0 */
zl_status zl_csv_count_opt(const zl_csv *c, int col, int64_t dflt, int64_t *out, zl_err *err);
zl_status zl_csv_num(const zl_csv *c, int col, double *out, zl_err *err);
zl_status zl_csv_num_opt(const zl_csv *c, int col, double dflt, double *out, zl_err *err);
/* Range-checked forms: a value outside lo..hi (inclusive; the documented plausible bounds
 * of the field, docs/formats.md) is an error "column 'x': V is outside the plausible range
 * LO..HI". Bounds keep every sum the analyses form over imported counts far from
 * overflow. */
zl_status zl_csv_int_range(const zl_csv *c, int col, int64_t lo, int64_t hi, int64_t *out,
                           zl_err *err);
zl_status zl_csv_int_range_opt(const zl_csv *c, int col, int64_t lo, int64_t hi, int64_t dflt,
                               int64_t *out, zl_err *err);
zl_status zl_csv_num_range(const zl_csv *c, int col, double lo, double hi, double *out,
                           zl_err *err);

/* Writing CSV (RFC 4180): a field is quoted when it holds a comma, a quote, CR or LF, with
 * quotes doubled; rows end in "\n". NULL fields are written empty. */
void zl_csv_write_field(FILE *f, const char *s);
void zl_csv_write_row(FILE *f, size_t n, const char *const *fields);

/* A table given as a JSON array of objects, as CSV with a header: columns are the union
 * of the objects' keys in order of appearance, nested objects become "key.sub" columns,
 * arrays one field ("; "-joined). synthetic adds a column "synthetic" (true) when the rows
 * lack one, so synthetic numbers stay labelled in exports. */
struct json_t;
zl_status zl_csv_write_json_rows(FILE *f, const struct json_t *rows, bool synthetic, zl_err *err);

#endif
