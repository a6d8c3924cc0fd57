/* A table given as a JSON array of objects, written as CSV: what `--csv` prints for every
 * table of the CLI (and what an export of the same JSON document gives). Columns are the
 * union of the objects' keys in order of first appearance; a nested object becomes
 * columns "key.sub"; an array becomes one field, its scalar members joined by "; " (its
 * objects by their name, code or id, else as JSON). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "zorglandschap/csv.h"
#include "zorglandschap/util.h"

/* Adds "prefix.key" for every scalar or array member of o (one level of nesting). */
static zl_status add_columns(json_t *cols, const char *prefix, json_t *o, zl_err *err)
{
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        char name[256];
        snprintf(name, sizeof name, "%s%s%s", prefix, prefix[0] ? "." : "", k);
        if (json_is_object(v) && !prefix[0]) {
            if (add_columns(cols, k, v, err) != ZL_OK)
                return err->code;
        } else if (!json_object_get(cols, name)) {
            json_t *at = json_integer((json_int_t)json_object_size(cols));
            if (!at || json_object_set_new(cols, name, at) != 0)
                return zl_fail(err, ZL_ENOMEM, "out of memory");
        }
    }
    return ZL_OK;
}

static void scalar_text(zl_buf *b, json_t *v)
{
    char num[64];
    if (json_is_string(v))
        zl_buf_append(b, json_string_value(v), json_string_length(v), NULL);
    else if (json_is_integer(v))
        zl_buf_printf(b, NULL, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v)) {
        snprintf(num, sizeof num, "%.10g", json_real_value(v));
        zl_buf_append(b, num, strlen(num), NULL);
    } else if (json_is_boolean(v))
        zl_buf_printf(b, NULL, "%s", json_is_true(v) ? "true" : "false");
}

static void field_text(zl_buf *b, json_t *v)
{
    zl_buf_reset(b);
    if (!json_is_array(v) && !json_is_object(v)) {
        scalar_text(b, v);
        return;
    }
    if (json_is_object(v)) {
        char *s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (s)
            zl_buf_append(b, s, strlen(s), NULL);
        free(s);
        return;
    }
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e)
    {
        if (i)
            zl_buf_append(b, "; ", 2, NULL);
        json_t *label = NULL;
        const char *keys[] = {"name", "centre", "code", "id"};
        for (size_t k = 0; json_is_object(e) && !label && k < 4; k++)
            label = json_object_get(e, keys[k]);
        if (label) {
            scalar_text(b, label);
        } else if (json_is_object(e) || json_is_array(e)) {
            char *s = json_dumps(e, JSON_COMPACT | JSON_PRESERVE_ORDER);
            if (s)
                zl_buf_append(b, s, strlen(s), NULL);
            free(s);
        } else {
            scalar_text(b, e);
        }
    }
}

/* The value of column name ("a" or "a.b") in row o. */
static json_t *cell(json_t *o, const char *name)
{
    json_t *v = json_object_get(o, name);
    const char *dot = strchr(name, '.');
    if (v || !dot)
        return v;
    char head[256];
    snprintf(head, sizeof head, "%.*s", (int)(dot - name), name);
    return json_object_get(json_object_get(o, head), dot + 1);
}

zl_status zl_csv_write_json_rows(FILE *f, const json_t *rows, bool synthetic, zl_err *err)
{
    json_t *cols = json_object(), *r;
    if (!cols)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    size_t i;
    zl_status st = ZL_OK;
    json_array_foreach(rows, i, r) if (st == ZL_OK && json_is_object(r)) st =
        add_columns(cols, "", r, err);
    /* Synthetic numbers stay labelled in every row of an export. */
    if (st == ZL_OK && synthetic && !json_object_get(cols, "synthetic"))
        json_object_set_new(cols, "synthetic", json_integer((json_int_t)json_object_size(cols)));
    size_t n = json_object_size(cols);
    const char **names = calloc(n + 1, sizeof *names);
    if (st == ZL_OK && !names)
        st = zl_fail(err, ZL_ENOMEM, "out of memory");
    const char *k;
    json_t *v;
    json_object_foreach(cols, k, v) if (names) names[json_integer_value(v)] = k;
    if (st == ZL_OK)
        zl_csv_write_row(f, n, names);
    zl_buf b = {0};
    json_array_foreach(rows, i, r)
    {
        if (st != ZL_OK || !json_is_object(r))
            continue;
        for (size_t c = 0; c < n; c++) {
            json_t *x = cell(r, names[c]);
            if (!x && synthetic && strcmp(names[c], "synthetic") == 0)
                x = json_true();
            field_text(&b, x);
            if (c)
                fputc(',', f);
            zl_csv_write_field(f, b.data ? b.data : "");
        }
        fputc('\n', f);
    }
    zl_buf_free(&b);
    free(names);
    json_decref(cols);
    if (st == ZL_OK && ferror(f))
        st = zl_fail(err, ZL_EIO, "writing CSV failed");
    return st;
}
