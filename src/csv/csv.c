/* RFC 4180 CSV reader. The whole file is held in memory (files here are at most a few
 * hundred megabytes), validated as UTF-8 once, then split record by record into a
 * scratch buffer that holds the unescaped fields. */
#include "zorglandschap/csv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zorglandschap/util.h"

struct zl_csv {
    char *name;
    char *data;
    size_t len, pos;
    long line;        /* physical line of pos */
    long record_line; /* line where the current record starts */
    zl_buf scratch;   /* unescaped fields, NUL-separated */
    size_t *offs;     /* field offsets into scratch */
    size_t nfields, offs_cap;
    char **header;
    size_t ncols;
    char delim;                 /* ',', ';' or '\t', detected from the header line */
    zl_progress_phase progress; /* bytes read, when a reporter is set */
    bool progressing;
    bool borrowed; /* data belongs to the reader this one was split from */
    char phase[96];
};

/* Line and byte-in-line (both 1-based) of byte offset `at`. */
static void position_of(const zl_csv *c, size_t at, long *line, long *col)
{
    *line = 1, *col = 1;
    for (size_t i = 0; i < at; i++) {
        if (c->data[i] == '\n')
            ++*line, *col = 1;
        else
            ++*col;
    }
}

/* Valid UTF-8 without NUL bytes: a NUL would silently cut a text field short when it is
 * stored, so it is refused where it is. */
static zl_status utf8_check(const zl_csv *c, zl_err *err)
{
    long line, col;
    const char *nul = memchr(c->data, '\0', c->len);
    long bad = zl_utf8_invalid_at(c->data, nul ? (size_t)(nul - c->data) : c->len);
    if (bad >= 0) {
        position_of(c, (size_t)bad, &line, &col);
        return zl_fail(err, ZL_EINPUT,
                       "%s:%ld: invalid UTF-8 at byte %ld of the line (byte 0x%02x)", c->name, line,
                       col, (unsigned char)c->data[bad]);
    }
    if (nul) {
        position_of(c, (size_t)(nul - c->data), &line, &col);
        return zl_fail(err, ZL_EINPUT,
                       "%s:%ld: NUL byte at byte %ld of the line: text fields may not contain "
                       "NUL (is this a UTF-16 or binary file?)",
                       c->name, line, col);
    }
    return ZL_OK;
}

/* Files saved with classic Mac line endings (CR only, no LF anywhere) are read as if
 * every CR were a line feed, which is what the file means; otherwise each CR would be
 * data and the whole file one header line. A CR inside a quoted field of such a file is
 * its line break and becomes LF as well. */
static void cr_only_to_lf(zl_csv *c)
{
    if (memchr(c->data, '\n', c->len) || !memchr(c->data, '\r', c->len))
        return;
    for (size_t i = 0; i < c->len; i++)
        if (c->data[i] == '\r')
            c->data[i] = '\n';
}

static zl_status push_field(zl_csv *c, size_t start, zl_err *err)
{
    void *offs = c->offs;
    if (zl_grow(&offs, &c->offs_cap, c->nfields + 1, sizeof *c->offs, err) != ZL_OK)
        return ZL_ENOMEM;
    c->offs = offs;
    c->offs[c->nfields++] = start;
    return zl_buf_append(&c->scratch, "", 1, err); /* NUL terminator, counted in len */
}

/* Parses one quoted field starting after the opening quote. Copies runs of ordinary bytes
 * at once: the reader's hot loop on large files. */
static zl_status parse_quoted(zl_csv *c, zl_err *err)
{
    long start_line = c->line;
    for (;;) {
        size_t run = c->pos;
        while (c->pos < c->len && c->data[c->pos] != '"') {
            if (c->data[c->pos] == '\n')
                c->line++;
            c->pos++;
        }
        if (c->pos > run && zl_buf_append(&c->scratch, c->data + run, c->pos - run, err) != ZL_OK)
            return ZL_ENOMEM;
        if (c->pos >= c->len)
            return zl_fail(err, ZL_EINPUT, "%s:%ld: unterminated quoted field (file truncated?)",
                           c->name, start_line);
        c->pos++; /* the quote */
        if (c->pos < c->len && c->data[c->pos] == '"') {
            if (zl_buf_append(&c->scratch, "\"", 1, err) != ZL_OK)
                return ZL_ENOMEM;
            c->pos++;
        } else {
            return ZL_OK;
        }
    }
}

/* Copies the unquoted rest of a field up to the delimiter or end of line. After a closing quote
 * nothing may follow; a quote inside an unquoted field is an error; a CR is dropped only
 * before LF or at the end of the data. */
static zl_status parse_unquoted(zl_csv *c, bool quoted, zl_err *err)
{
    for (;;) {
        size_t run = c->pos;
        while (c->pos < c->len) {
            char ch = c->data[c->pos];
            if (ch == c->delim || ch == '\n' || ch == '\r' || ch == '"')
                break;
            c->pos++;
        }
        if (c->pos > run && quoted)
            return zl_fail(err, ZL_EINPUT, "%s:%ld: field %zu: stray '%c' after a closing quote",
                           c->name, c->line, c->nfields + 1, c->data[run]);
        if (c->pos > run && zl_buf_append(&c->scratch, c->data + run, c->pos - run, err) != ZL_OK)
            return ZL_ENOMEM;
        if (c->pos >= c->len || c->data[c->pos] == c->delim || c->data[c->pos] == '\n')
            return ZL_OK;
        char ch = c->data[c->pos];
        if (ch == '\r' && (c->pos + 1 == c->len || c->data[c->pos + 1] == '\n')) {
            c->pos++;
            continue;
        }
        if (quoted || ch == '"')
            return zl_fail(err, ZL_EINPUT, "%s:%ld: field %zu: stray '%c' %s", c->name, c->line,
                           c->nfields + 1, ch,
                           quoted ? "after a closing quote" : "in an unquoted field");
        if (zl_buf_append(&c->scratch, &ch, 1, err) != ZL_OK) /* a lone CR is data */
            return ZL_ENOMEM;
        c->pos++;
    }
}

/* Splits one record into fields; at end of data with nothing read, *got is false. */
static zl_status parse_record(zl_csv *c, bool *got, zl_err *err)
{
    zl_buf_reset(&c->scratch);
    c->nfields = 0;
    /* Skip blank lines between records. */
    while (c->pos < c->len && (c->data[c->pos] == '\n' || c->data[c->pos] == '\r')) {
        if (c->data[c->pos] == '\n')
            c->line++;
        c->pos++;
    }
    *got = c->pos < c->len;
    if (!*got)
        return ZL_OK;
    c->record_line = c->line;
    for (;;) {
        size_t start = c->scratch.len;
        bool quoted = c->data[c->pos] == '"';
        if (quoted) {
            c->pos++;
            zl_status qst = parse_quoted(c, err);
            if (qst != ZL_OK)
                return qst;
        }
        zl_status st = parse_unquoted(c, quoted, err);
        if (st != ZL_OK)
            return st;
        if (push_field(c, start, err) != ZL_OK)
            return ZL_ENOMEM;
        if (c->pos >= c->len)
            return ZL_OK;
        if (c->data[c->pos++] == '\n') {
            c->line++;
            return ZL_OK;
        }
    }
}

static zl_status read_header(zl_csv *c, zl_err *err)
{
    bool got;
    zl_status st = parse_record(c, &got, err);
    if (st != ZL_OK)
        return st;
    if (!got)
        return zl_fail(err, ZL_EINPUT, "%s:1: empty file: expected a header row", c->name);
    c->ncols = c->nfields;
    c->header = calloc(c->ncols, sizeof *c->header);
    if (!c->header)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t i = 0; i < c->ncols; i++) {
        const char *h = c->scratch.data + c->offs[i];
        if (!*h)
            return zl_fail(err, ZL_EINPUT, "%s:%ld: header column %zu is empty", c->name,
                           c->record_line, i + 1);
        if (strchr(h, '\r'))
            return zl_fail(err, ZL_EINPUT,
                           "%s:%ld: header column %zu contains a carriage return (CR) not followed "
                           "by a line feed: the file mixes CR-only and LF line endings; save it "
                           "with LF or CR LF line endings",
                           c->name, c->record_line, i + 1);
        for (size_t k = 0; k < i; k++)
            if (strcmp(c->header[k], h) == 0)
                return zl_fail(err, ZL_EINPUT, "%s:%ld: header column '%s' appears twice", c->name,
                               c->record_line, h);
        if (!(c->header[i] = strdup(h)))
            return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    return ZL_OK;
}

/* The delimiter of the header line (outside quotes): the most frequent of comma,
 * semicolon (Dutch Excel's default) and tab; comma when none occurs or on a tie. */
static char detect_delimiter(const zl_csv *c)
{
    static const char cand[3] = {',', ';', '\t'};
    size_t count[3] = {0, 0, 0};
    bool quoted = false;
    for (size_t i = c->pos; i < c->len && (quoted || c->data[i] != '\n'); i++) {
        char ch = c->data[i];
        if (ch == '"')
            quoted = !quoted;
        for (int k = 0; k < 3 && !quoted; k++)
            count[k] += ch == cand[k];
    }
    int best = 0;
    for (int k = 1; k < 3; k++)
        if (count[k] > count[best])
            best = k;
    return cand[best];
}

static zl_status open_owned(const char *name, char *data, size_t len, zl_csv **out, zl_err *err)
{
    zl_csv *c = calloc(1, sizeof *c);
    if (!c) {
        free(data);
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    c->data = data;
    c->len = len;
    c->line = 1;
    c->name = strdup(name);
    zl_status st = c->name ? utf8_check(c, err) : zl_fail(err, ZL_ENOMEM, "out of memory");
    if (st == ZL_OK)
        cr_only_to_lf(c);
    if (st == ZL_OK && len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        c->pos = 3; /* a byte-order mark is allowed and skipped */
    c->delim = detect_delimiter(c);
    if (st == ZL_OK)
        st = read_header(c, err);
    if (st != ZL_OK) {
        zl_csv_close(c);
        return st;
    }
    *out = c;
    return ZL_OK;
}

zl_status zl_csv_open(const char *path, zl_csv **out, zl_err *err)
{
    char *data;
    size_t len;
    zl_status st = zl_read_file(path, &data, &len, err);
    if (st != ZL_OK)
        return st;
    return open_owned(path, data, len, out, err);
}

zl_status zl_csv_open_mem(const char *name, const char *data, size_t len, zl_csv **out, zl_err *err)
{
    char *copy = malloc(len + 1);
    if (!copy)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    memcpy(copy, data, len);
    copy[len] = '\0';
    return open_owned(name, copy, len, out, err);
}

void zl_csv_close(zl_csv *c)
{
    if (!c)
        return;
    for (size_t i = 0; c->header && i < c->ncols; i++)
        free(c->header[i]);
    free(c->header);
    free(c->offs);
    zl_buf_free(&c->scratch);
    if (!c->borrowed)
        free(c->data);
    free(c->name);
    free(c);
}

/* The end of the first line after byte `from` that lies outside quotes, counting the
 * quotes from c's position (in well-formed CSV quotes come in pairs, so an even count
 * means outside a quoted field), or 0 when there is none. */
static size_t line_end_outside_quotes(const zl_csv *c, size_t from)
{
    size_t quotes = 0;
    for (size_t i = c->pos; i < from; i++)
        quotes += c->data[i] == '"';
    for (size_t i = from; i < c->len; i++) {
        quotes += c->data[i] == '"';
        if (c->data[i] == '\n' && quotes % 2 == 0)
            return i + 1;
    }
    return 0;
}

zl_status zl_csv_split(zl_csv *c, zl_csv **rest, zl_err *err)
{
    *rest = NULL;
    size_t cut = line_end_outside_quotes(c, c->pos + (c->len - c->pos) / 2);
    if (cut == 0 || cut >= c->len)
        return ZL_OK;
    zl_csv *r = calloc(1, sizeof *r);
    char **header = calloc(c->ncols ? c->ncols : 1, sizeof *header);
    if (r)
        r->header = header;
    bool ok = r && header && (r->name = strdup(c->name));
    for (size_t i = 0; ok && i < c->ncols; i++)
        ok = (header[i] = strdup(c->header[i])) != NULL;
    if (!ok) {
        if (r) {
            r->borrowed = true;
            r->ncols = c->ncols;
            zl_csv_close(r);
        } else {
            free(header);
        }
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    r->data = c->data, r->len = c->len, r->pos = cut, r->borrowed = true;
    r->ncols = c->ncols, r->delim = c->delim;
    r->line = c->line;
    for (size_t i = c->pos; i < cut; i++)
        r->line += c->data[i] == '\n';
    c->len = cut;
    c->progress.total = cut; /* progress: of c's part, read at about the pace of the rest */
    *rest = r;
    return ZL_OK;
}

size_t zl_csv_size(const zl_csv *c)
{
    return c->len;
}

void zl_csv_set_progress(zl_csv *c, const zl_progress *p, const char *phase)
{
    snprintf(c->phase, sizeof c->phase, "%s", phase);
    c->progressing = p && p->fn;
    zl_progress_begin(&c->progress, p, c->phase, "bytes", c->len);
}

zl_status zl_csv_next(zl_csv *c, bool *has_row, zl_err *err)
{
    zl_status st = parse_record(c, has_row, err);
    if (c->progressing && st == ZL_OK && !*has_row) {
        zl_progress_end(&c->progress, c->len);
        c->progressing = false;
    } else if (c->progressing && st == ZL_OK) {
        zl_progress_step(&c->progress, c->pos);
    }
    if (st != ZL_OK || !*has_row)
        return st;
    if (c->nfields != c->ncols)
        return zl_fail(err, ZL_EINPUT, "%s:%ld: expected %zu fields as in the header, found %zu%s",
                       c->name, c->record_line, c->ncols, c->nfields,
                       c->pos >= c->len && c->nfields < c->ncols ? " (file truncated?)" : "");
    return ZL_OK;
}

const char *zl_csv_name(const zl_csv *c)
{
    return c->name;
}

long zl_csv_line(const zl_csv *c)
{
    return c->record_line;
}

size_t zl_csv_ncols(const zl_csv *c)
{
    return c->ncols;
}

const char *zl_csv_header(const zl_csv *c, size_t col)
{
    return col < c->ncols ? c->header[col] : "";
}

const char *zl_csv_field(const zl_csv *c, size_t col)
{
    return col < c->nfields ? c->scratch.data + c->offs[col] : "";
}

int zl_csv_col(const zl_csv *c, const char *name)
{
    for (size_t i = 0; i < c->ncols; i++)
        if (strcmp(c->header[i], name) == 0)
            return (int)i;
    return -1;
}

char zl_csv_delimiter(const zl_csv *c)
{
    return c->delim;
}

const char *zl_csv_delimiter_name(char d)
{
    return d == ',' ? "comma" : d == ';' ? "semicolon" : d == '\t' ? "tab" : "other";
}

/* For a header read as one column: the character that seems to separate it instead. */
static char foreign_delimiter(const zl_csv *c)
{
    static const char cand[] = "|:^~ ";
    if (c->ncols != 1)
        return 0;
    char best = 0;
    size_t best_n = 0;
    for (const char *k = cand; *k; k++) {
        size_t n = 0;
        for (const char *p = c->header[0]; *p; p++)
            n += *p == *k;
        if (n > best_n)
            best = *k, best_n = n;
    }
    return best;
}

zl_status zl_csv_require(const zl_csv *c, const char *const *names, int *idx, size_t n, zl_err *err)
{
    for (size_t i = 0; i < n; i++) {
        idx[i] = zl_csv_col(c, names[i]);
        if (idx[i] >= 0)
            continue;
        char seen = foreign_delimiter(c);
        if (seen)
            return zl_fail(err, ZL_EINPUT,
                           "%s:1: missing column '%s' in the header: the header seems separated "
                           "by '%c', which is not supported; use comma, semicolon or tab",
                           c->name, names[i], seen);
        return zl_fail(err, ZL_EINPUT,
                       "%s:1: missing column '%s' in the header (read as %s-separated)", c->name,
                       names[i], zl_csv_delimiter_name(c->delim));
    }
    return ZL_OK;
}
