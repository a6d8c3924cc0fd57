/* The tabular back ends: every table, chart (its bars) and map (its areas' values) of the
 * document as one XLSX workbook (libxlsxwriter: one sheet each, numbers as numbers, plus
 * an "about" sheet with what made it and the notes) or as a folder of CSV files (one file
 * each, plus about.csv and index.csv). Synthetic tables say so in their sheet and in the
 * index. */
#include <string.h>
#include <xlsxwriter.h>

#include "report_internal.h"
#include "zorglandschap/csv.h"

/* A uniform walk over what becomes a sheet or file: header and rows of cells as text or
 * number. */
typedef struct sink {
    void *ctx;
    void (*begin)(void *ctx, const char *id, const char *title, bool synthetic, size_t n_cols,
                  const char *const *headers);
    void (*cell)(void *ctx, size_t row, size_t col, const zl_doc_cell *c);
    void (*end)(void *ctx);
} sink;

static void walk_table(const sink *k, const zl_doc_table *t)
{
    k->begin(k->ctx, t->id, t->title, t->synthetic, t->n_cols, (const char *const *)t->headers);
    for (size_t i = 0; i < t->n_cells; i++)
        k->cell(k->ctx, i / t->n_cols, i % t->n_cols, &t->cells[i]);
    k->end(k->ctx);
}

static void walk_chart(const sink *k, const zl_doc_chart *c)
{
    const char *h[] = {c->x_label, c->y_label};
    k->begin(k->ctx, c->id, c->title, c->synthetic, 2, h);
    for (size_t i = 0; i < c->n; i++) {
        zl_doc_cell label = {.kind = ZL_CELL_TEXT, .text = c->bars[i].label};
        zl_doc_cell v = {.kind = c->bars[i].missing ? ZL_CELL_EMPTY : ZL_CELL_NUM,
                         .num = c->bars[i].value,
                         .decimals = 0};
        k->cell(k->ctx, i, 0, &label);
        k->cell(k->ctx, i, 1, &v);
    }
    k->end(k->ctx);
}

static void walk_map(const sink *k, const zl_doc_map *m)
{
    const char *h[] = {"pc4", m->value_name ? m->value_name : "value", "class"};
    k->begin(k->ctx, m->id, m->title, m->synthetic, 3, h);
    size_t row = 0;
    for (size_t i = 0; i < m->geo->n_areas; i++) {
        int cls = m->area_class[i];
        if (cls < 0)
            continue;
        zl_doc_cell pc4 = {.kind = ZL_CELL_NUM, .num = m->geo->areas[i].pc4};
        zl_doc_cell v = {.kind = ZL_CELL_NUM, .num = m->area_value[i], .decimals = 1};
        zl_doc_cell c = {.kind = ZL_CELL_TEXT, .text = m->classes[cls].label};
        if (v.num != v.num)
            v.kind = ZL_CELL_EMPTY;
        k->cell(k->ctx, row, 0, &pc4);
        k->cell(k->ctx, row, 1, &v);
        k->cell(k->ctx, row, 2, &c);
        row++;
    }
    k->end(k->ctx);
}

static void walk(const sink *k, const zl_doc *d)
{
    for (size_t i = 0; i < d->n_blocks; i++) {
        const zl_doc_block *b = &d->blocks[i];
        if (b->kind == ZL_BLOCK_TABLE)
            walk_table(k, b->table);
        else if (b->kind == ZL_BLOCK_CHART)
            walk_chart(k, b->chart);
        else if (b->kind == ZL_BLOCK_MAP)
            walk_map(k, b->map);
    }
}

/* ---- XLSX ---- */

typedef struct xlsx {
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *bold, *num[7];
    int first_row; /* of the data, below title and header */
} xlsx;

static void xlsx_begin(void *ctx, const char *id, const char *title, bool synthetic, size_t n_cols,
                       const char *const *headers)
{
    xlsx *x = ctx;
    char name[64];
    snprintf(name, sizeof name, "%.31s", id);
    for (int n = 2; n < 1000 && workbook_get_worksheet_by_name(x->wb, name); n++)
        snprintf(name, sizeof name, "%.26s_%d", id, n); /* names are unique per workbook */
    x->ws = workbook_add_worksheet(x->wb, name);
    if (!x->ws)
        return;
    char cap[600];
    snprintf(cap, sizeof cap, "%s%s", title, synthetic ? " [synthetic]" : "");
    worksheet_write_string(x->ws, 0, 0, cap, x->bold);
    for (size_t c = 0; c < n_cols; c++)
        worksheet_write_string(x->ws, 2, (lxw_col_t)c, headers[c], x->bold);
    x->first_row = 3;
}

static void xlsx_cell(void *ctx, size_t row, size_t col, const zl_doc_cell *c)
{
    xlsx *x = ctx;
    lxw_row_t r = (lxw_row_t)(row + (size_t)x->first_row);
    if (!x->ws)
        return;
    if (c->kind == ZL_CELL_NUM)
        worksheet_write_number(x->ws, r, (lxw_col_t)col, c->num, x->num[c->decimals]);
    else if (c->kind == ZL_CELL_TEXT)
        worksheet_write_string(x->ws, r, (lxw_col_t)col, c->text, NULL);
}

static void xlsx_end(void *ctx)
{
    (void)ctx;
}

static void xlsx_about(xlsx *x, const zl_doc *d)
{
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, "about");
    const char *k[] = {"title", "command", "version", "generated (UTC)", "synthetic"};
    const char *v[] = {d->title, d->command, d->version, d->generated,
                       d->synthetic ? "yes: figures marked [synthetic] are generated, not observed"
                                    : "no"};
    for (int i = 0; i < 5; i++) {
        worksheet_write_string(ws, (lxw_row_t)i, 0, k[i], x->bold);
        worksheet_write_string(ws, (lxw_row_t)i, 1, v[i] ? v[i] : "", NULL);
    }
    lxw_row_t r = 6;
    for (size_t i = 0; i < d->n_blocks; i++)
        if (d->blocks[i].kind == ZL_BLOCK_NOTE)
            worksheet_write_string(ws, r++, 0, d->blocks[i].text, NULL);
}

zl_status zl_doc_write_xlsx(const zl_doc *d, const char *path, zl_err *err)
{
    if (zl_doc_status(d, err) != ZL_OK)
        return err->code;
    xlsx x = {.wb = workbook_new(path)};
    if (!x.wb)
        return zl_fail(err, ZL_EIO, "%s: cannot create the workbook", path);
    x.bold = workbook_add_format(x.wb);
    format_set_bold(x.bold);
    static const char *const fmt[] = {"0", "0.0", "0.00", "0.000", "0.0000", "0.00000", "0.000000"};
    for (int i = 0; i < 7; i++) {
        x.num[i] = workbook_add_format(x.wb);
        format_set_num_format(x.num[i], fmt[i]);
    }
    xlsx_about(&x, d);
    sink k = {&x, xlsx_begin, xlsx_cell, xlsx_end};
    walk(&k, d);
    lxw_error e = workbook_close(x.wb);
    if (e != LXW_NO_ERROR)
        return zl_fail(err, ZL_EIO, "%s: %s", path, lxw_strerror(e));
    return ZL_OK;
}

/* ---- CSV ---- */

typedef struct csvs {
    const char *dir;
    FILE *f, *index;
    size_t n_cols, row, col;
    zl_status st;
    zl_err *err;
} csvs;

static void csv_begin(void *ctx, const char *id, const char *title, bool synthetic, size_t n_cols,
                      const char *const *headers)
{
    csvs *c = ctx;
    char path[4096], file[300];
    zl_doc_path(path, sizeof path, c->dir, id, "csv");
    snprintf(file, sizeof file, "%s.csv", id);
    if (c->st == ZL_OK && !(c->f = fopen(path, "w")))
        c->st = zl_fail(c->err, ZL_EIO, "%s: cannot write", path);
    const char *row[] = {file, title, synthetic ? "true" : "false"};
    zl_csv_write_row(c->index, 3, row);
    if (c->f)
        zl_csv_write_row(c->f, n_cols, headers);
    c->n_cols = n_cols;
    c->row = 0;
    c->col = 0;
}

/* Cells arrive in row-major order, possibly with gaps (empty cells are not walked). */
static void csv_skip_to(csvs *c, size_t row, size_t col)
{
    for (; c->row < row; c->row++, c->col = 0) { /* finish the rows before */
        for (; c->col < c->n_cols; c->col++)
            if (c->col > 0)
                fputc(',', c->f);
        fputc('\n', c->f);
    }
    for (; c->col < col; c->col++)
        if (c->col > 0)
            fputc(',', c->f);
}

static void csv_cell(void *ctx, size_t row, size_t col, const zl_doc_cell *cell)
{
    csvs *c = ctx;
    if (!c->f)
        return;
    csv_skip_to(c, row, col);
    if (col > 0)
        fputc(',', c->f);
    char buf[1024];
    zl_doc_cell_format(cell, buf, sizeof buf);
    zl_csv_write_field(c->f, buf);
    c->col = col + 1;
}

static void csv_end(void *ctx)
{
    csvs *c = ctx;
    if (!c->f)
        return;
    if (c->col > 0)
        csv_skip_to(c, c->row + 1, 0);
    if (fclose(c->f) != 0 && c->st == ZL_OK)
        c->st = zl_fail(c->err, ZL_EIO, "%s: write failed", c->dir);
    c->f = NULL;
}

static zl_status csv_about(const zl_doc *d, const char *dir, zl_err *err)
{
    char path[4096];
    zl_doc_path(path, sizeof path, dir, "about", "csv");
    FILE *f = fopen(path, "w");
    if (!f)
        return zl_fail(err, ZL_EIO, "%s: cannot write", path);
    const char *rows[][2] = {{"key", "value"},
                             {"title", d->title},
                             {"command", d->command},
                             {"version", d->version},
                             {"generated_utc", d->generated},
                             {"synthetic", d->synthetic ? "true" : "false"}};
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        zl_csv_write_row(f, 2, rows[i]);
    for (size_t i = 0; i < d->n_blocks; i++)
        if (d->blocks[i].kind == ZL_BLOCK_NOTE) {
            const char *r[] = {"note", d->blocks[i].text};
            zl_csv_write_row(f, 2, r);
        }
    if (fclose(f) != 0)
        return zl_fail(err, ZL_EIO, "%s: write failed", path);
    return ZL_OK;
}

zl_status zl_doc_write_csv(const zl_doc *d, const char *dir, zl_err *err)
{
    if (zl_doc_status(d, err) != ZL_OK || zl_doc_mkdir(dir, err) != ZL_OK ||
        csv_about(d, dir, err) != ZL_OK)
        return err->code;
    char path[4096];
    zl_doc_path(path, sizeof path, dir, "index", "csv");
    csvs c = {.dir = dir, .index = fopen(path, "w"), .err = err};
    if (!c.index)
        return zl_fail(err, ZL_EIO, "%s: cannot write", path);
    const char *head[] = {"file", "title", "synthetic"};
    zl_csv_write_row(c.index, 3, head);
    sink k = {&c, csv_begin, csv_cell, csv_end};
    walk(&k, d);
    if (fclose(c.index) != 0 && c.st == ZL_OK)
        c.st = zl_fail(err, ZL_EIO, "%s: write failed", path);
    return c.st;
}

zl_status zl_doc_write(const zl_doc *d, zl_doc_format f, const char *path, zl_err *err)
{
    switch (f) {
    case ZL_DOC_HTML: {
        FILE *out = fopen(path, "w");
        if (!out)
            return zl_fail(err, ZL_EIO, "%s: cannot write", path);
        zl_status st = zl_doc_write_html(d, out, err);
        if (fclose(out) != 0 && st == ZL_OK)
            st = zl_fail(err, ZL_EIO, "%s: write failed", path);
        return st;
    }
    case ZL_DOC_PDF: return zl_doc_write_pdf(d, path, err);
    case ZL_DOC_PNG: return zl_doc_write_png(d, path, err);
    case ZL_DOC_XLSX: return zl_doc_write_xlsx(d, path, err);
    case ZL_DOC_CSV: return zl_doc_write_csv(d, path, err);
    }
    return zl_fail(err, ZL_EINPUT, "unknown report format");
}
