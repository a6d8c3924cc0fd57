/* Reading the library's JSON documents into report cells: the report shows the numbers
 * of the JSON a user gets from --json, with the same rounding. */
#include <stdlib.h>
#include <string.h>

#include "rep_build.h"

const json_t *rep_get(const json_t *j, const char *path)
{
    char key[128];
    while (j && *path) {
        size_t n = strcspn(path, ".");
        if (n >= sizeof key)
            return NULL;
        memcpy(key, path, n);
        key[n] = '\0';
        char *end;
        long ix = strtol(key, &end, 10);
        if (json_is_array(j) && *end == '\0' && end != key)
            j = json_array_get(j, (size_t)ix);
        else
            j = json_object_get(j, key);
        path += n + (path[n] == '.');
    }
    return j;
}

void rep_cell(zl_doc_table *t, const json_t *v, int decimals)
{
    if (json_is_integer(v))
        zl_doc_cell_num(t, (double)json_integer_value(v), 0);
    else if (json_is_real(v))
        zl_doc_cell_num(t, json_real_value(v), decimals);
    else if (json_is_string(v))
        zl_doc_cell_text(t, "%s", json_string_value(v));
    else if (json_is_boolean(v))
        zl_doc_cell_text(t, "%s", json_is_true(v) ? "yes" : "no");
    else
        zl_doc_cell_empty(t);
}

void rep_cell_at(zl_doc_table *t, const json_t *j, const char *path, int decimals)
{
    rep_cell(t, rep_get(j, path), decimals);
}

void rep_row(zl_doc_table *t, const char *figure, const json_t *j, const char *path,
             int decimals)
{
    zl_doc_cell_text(t, "%s", figure);
    rep_cell_at(t, j, path, decimals);
}

bool rep_synthetic(const rep_run *r)
{
    return json_is_true(json_object_get(r->impact, "synthetic"));
}
