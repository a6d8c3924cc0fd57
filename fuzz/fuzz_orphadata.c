/* Fuzzes the Orphadata XML readers (src/rare/orphadata.c, xmlwalk.c): the first byte
 * picks the product (1, 3, 7 or 9), the rest is the XML file, imported into a store that
 * holds the small ORDO nomenclature. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "zorglandschap/rare.h"

#ifndef ZL_SOURCE_DIR
#define ZL_SOURCE_DIR "."
#endif

static zl_store *store;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zl_rare_import_stats stats;
    static const int products[] = {1, 3, 7, 9};
    zl_err err = {0};
    if (!store) {
        fz_need(zl_store_open(":memory:", 0, &store, &err) == ZL_OK, "store", err.msg);
        fz_need(zl_rare_import_ordo(store, ZL_SOURCE_DIR "/tests/fixtures/rare/ordo_mini.json",
                                    &stats, &err) == ZL_OK,
                "ordo fixture", err.msg);
    }
    if (size < 1)
        return 0;
    const char *path = fz_write("product.xml", data + 1, size - 1);
    if (zl_rare_import_orphadata(store, products[data[0] % 4], path, &stats, &err) != ZL_OK &&
        !err.msg[0]) {
        fprintf(stderr, "Orphadata import failed without a message\n");
        abort();
    }
    return 0;
}
