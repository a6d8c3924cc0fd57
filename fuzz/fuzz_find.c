/* Fuzzes the finder's query normalisation and search (src/rare/fold.c, finder.c,
 * find_json.c): any bytes as a query, folded, searched in the small ORDO nomenclature
 * in both languages, and the answer must be valid JSON. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "zorglandschap/rare_atlas.h"
#include "zorglandschap/rare_finder.h"

#ifndef ZL_SOURCE_DIR
#define ZL_SOURCE_DIR "."
#endif

static zl_store *store;
static zl_finder *finder;
static zl_rare_atlas *atlas;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zl_err err = {0};
    if (!store) {
        store = fz_fixture_store(fz_path("find.db"));
        fz_need(zl_finder_build(store, &finder, &err) == ZL_OK, "finder", err.msg);
        fz_need(zl_rare_atlas_build(store, &atlas, &err) == ZL_OK, "atlas", err.msg);
    }
    char *q = malloc(size + 1);
    if (!q)
        return 0;
    memcpy(q, data, size);
    q[size] = '\0';
    char folded[512];
    size_t n = zl_fold_text(q, folded, sizeof folded);
    if (n >= sizeof folded || strlen(folded) != n) {
        fprintf(stderr, "zl_fold_text: length %zu disagrees with the text\n", n);
        abort();
    }
    zl_finder_hit hits[10];
    int nh;
    zl_finder_search(finder, store, q, size % 2 ? "nl" : "en", hits, 10, &nh, &err);
    char *text;
    size_t len;
    if (zl_rare_find_text(store, finder, atlas, q, "nl", 5, "2025-06-01", &text, &len, &err) ==
        ZL_OK) {
        json_error_t je;
        json_t *v = json_loadb(text, len, 0, &je);
        if (!v) {
            fprintf(stderr, "finder answer is not valid JSON: %s\n", je.text);
            abort();
        }
        json_decref(v);
        free(text);
    }
    free(q);
    return 0;
}
