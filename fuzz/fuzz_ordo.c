/* Fuzzes the ORDO JSON reader (src/rare/ordo.c): any bytes as an ORDO file (plain or
 * gzip: the reader takes both through zlib), imported into a fresh in-memory store. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "zorglandschap/rare.h"

static zl_store *store;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zl_rare_import_stats stats;
    zl_err err = {0};
    if (!store)
        fz_need(zl_store_open(":memory:", 0, &store, &err) == ZL_OK, "store", err.msg);
    const char *path = fz_write("ordo.json", data, size);
    if (zl_rare_import_ordo(store, path, &stats, &err) != ZL_OK && !err.msg[0]) {
        fprintf(stderr, "ORDO import failed without a message\n");
        abort();
    }
    return 0;
}
