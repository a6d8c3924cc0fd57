/* Table export as CSV (quoted per RFC 4180 where needed) and as .xlsx through
 * libxlsxwriter: a bold header row, numbers as numbers, a note when synthetic. */
#include "zorglandschap/export.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

zl_status zl_export_check(const json_t *t, zl_err *err)
{
    if (!json_is_object(t))
        return zl_fail(err, ZL_EINPUT, "the table must be a JSON object");
    const json_t *title = json_object_get(t, "title"), *cols = json_object_get(t, "columns"),
                 *rows = json_object_get(t, "rows"), *syn = json_object_get(t, "synthetic");
    if (title && !json_is_string(title))
        return zl_fail(err, ZL_EINPUT, "'title' must be a string");
    if (syn && !json_is_boolean(syn))
        return zl_fail(err, ZL_EINPUT, "'synthetic' must be true or false");
    if (!json_is_array(cols) || json_array_size(cols) == 0 ||
        json_array_size(cols) > ZL_EXPORT_MAX_COLS)
        return zl_fail(err, ZL_EINPUT, "'columns' must be an array of 1..%d names",
                       ZL_EXPORT_MAX_COLS);
    size_t i;
    const json_t *v;
    json_array_foreach(cols, i, v)
    {
        if (!json_is_string(v))
            return zl_fail(err, ZL_EINPUT, "'columns'[%zu] must be a string", i);
    }
    if (!json_is_array(rows) || json_array_size(rows) > ZL_EXPORT_MAX_ROWS)
        return zl_fail(err, ZL_EINPUT, "'rows' must be an array of at most %d rows",
                       ZL_EXPORT_MAX_ROWS);
    json_array_foreach(rows, i, v)
    {
        if (!json_is_array(v) || json_array_size(v) != json_array_size(cols))
            return zl_fail(err, ZL_EINPUT, "'rows'[%zu] must be an array of %zu cells", i,
                           json_array_size(cols));
        size_t j;
        const json_t *c;
        json_array_foreach(v, j, c)
        {
            if (!json_is_string(c) && !json_is_number(c) && !json_is_null(c))
                return zl_fail(err, ZL_EINPUT, "'rows'[%zu][%zu]: a string, number or null", i,
                               j);
        }
    }
    return ZL_OK;
}

static zl_status csv_cell(zl_buf *out, const json_t *c, zl_err *err)
{
    if (json_is_null(c))
        return ZL_OK;
    if (json_is_integer(c))
        return zl_buf_printf(out, err, "%lld", (long long)json_integer_value(c));
    if (json_is_real(c))
        return zl_buf_printf(out, err, "%.10g", json_real_value(c));
    const char *s = json_string_value(c);
    if (!strpbrk(s, ",\"\r\n"))
        return zl_buf_append(out, s, strlen(s), err);
    zl_status st = zl_buf_append(out, "\"", 1, err);
    for (const char *p = s; st == ZL_OK && *p; p++) {
        st = zl_buf_append(out, p, 1, err);
        if (st == ZL_OK && *p == '"') /* a quote inside is doubled */
            st = zl_buf_append(out, "\"", 1, err);
    }
    return st == ZL_OK ? zl_buf_append(out, "\"", 1, err) : st;
}

/* A synthetic table gets a last column "synthetic" (yes on every row), so the label
 * survives any later processing of the file and parsers see plain CSV. */
static zl_status csv_row(zl_buf *out, const json_t *row, const char *extra, zl_err *err)
{
    size_t j;
    const json_t *c;
    json_array_foreach(row, j, c)
    {
        if ((j && zl_buf_append(out, ",", 1, err) != ZL_OK) || csv_cell(out, c, err) != ZL_OK)
            return err->code;
    }
    if (extra && zl_buf_printf(out, err, ",%s", extra) != ZL_OK)
        return err->code;
    return zl_buf_append(out, "\r\n", 2, err);
}

zl_status zl_export_csv(const json_t *t, zl_buf *out, zl_err *err)
{
    zl_status st = zl_export_check(t, err);
    if (st != ZL_OK)
        return st;
    bool syn = json_is_true(json_object_get(t, "synthetic"));
    if ((st = csv_row(out, json_object_get(t, "columns"), syn ? "synthetic" : NULL, err)) != ZL_OK)
        return st;
    size_t i;
    const json_t *row;
    json_array_foreach(json_object_get(t, "rows"), i, row)
    {
        if ((st = csv_row(out, row, syn ? "yes" : NULL, err)) != ZL_OK)
            return st;
    }
    return ZL_OK;
}

/* Writes the sheet; returns the first libxlsxwriter error. */
static lxw_error xlsx_sheet(lxw_workbook *wb, const json_t *t)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
    lxw_format *bold = workbook_add_format(wb);
    if (!ws || !bold)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    format_set_bold(bold);
    lxw_row_t r = 0;
    lxw_error e = LXW_NO_ERROR;
    const json_t *title = json_object_get(t, "title");
    if (title)
        e = worksheet_write_string(ws, r++, 0, json_string_value(title), bold);
    if (!e && json_is_true(json_object_get(t, "synthetic")))
        e = worksheet_write_string(ws, r++, 0, "synthetic: generated numbers, not observed", NULL);
    size_t j, i;
    const json_t *c, *row;
    json_array_foreach(json_object_get(t, "columns"), j, c)
    {
        if (!e)
            e = worksheet_write_string(ws, r, (lxw_col_t)j, json_string_value(c), bold);
    }
    r++;
    json_array_foreach(json_object_get(t, "rows"), i, row)
    {
        json_array_foreach(row, j, c)
        {
            if (e)
                break;
            if (json_is_number(c))
                e = worksheet_write_number(ws, r, (lxw_col_t)j, json_number_value(c), NULL);
            else if (json_is_string(c))
                e = worksheet_write_string(ws, r, (lxw_col_t)j, json_string_value(c), NULL);
        }
        r++;
    }
    if (!e)
        e = worksheet_set_column(ws, 0, 0, 40, NULL);
    return e;
}

static zl_status read_all(const char *path, zl_buf *out, zl_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return zl_fail(err, ZL_EIO, "%s: cannot read the workbook", path);
    char chunk[65536];
    size_t n;
    zl_status st = ZL_OK;
    while (st == ZL_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        st = zl_buf_append(out, chunk, n, err);
    if (st == ZL_OK && ferror(f))
        st = zl_fail(err, ZL_EIO, "%s: read error", path);
    fclose(f);
    return st;
}

zl_status zl_export_xlsx(const json_t *t, zl_buf *out, zl_err *err)
{
    zl_status st = zl_export_check(t, err);
    if (st != ZL_OK)
        return st;
    const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char path[1024];
    if ((size_t)snprintf(path, sizeof path, "%s/zl-export-XXXXXX", dir) >= sizeof path)
        return zl_fail(err, ZL_EIO, "TMPDIR is too long");
    int fd = mkstemp(path);
    if (fd < 0)
        return zl_fail(err, ZL_EIO, "%s: cannot create a temporary file", path);
    close(fd);
    lxw_workbook *wb = workbook_new(path);
    if (!wb) {
        unlink(path);
        return zl_fail(err, ZL_EIO, "libxlsxwriter could not start a workbook");
    }
    lxw_error e = xlsx_sheet(wb, t);
    lxw_error ce = workbook_close(wb); /* frees wb whatever happened */
    if (e || ce)
        st = zl_fail(err, ZL_EIO, "libxlsxwriter: %s", lxw_strerror(e ? e : ce));
    else
        st = read_all(path, out, err);
    unlink(path);
    return st;
}
