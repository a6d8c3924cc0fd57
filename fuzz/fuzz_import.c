/* Fuzzes the row parsers of every CSV importer: the first byte picks the importer (the
 * seven care-landscape kinds, the ERNs, the ECZA register, registry submissions, then the
 * acute-care kinds, RIVM's 2019 files, partners and capacities, quality indicators and
 * their values), the rest is the file. Imports run
 * against a store with the landscape and ORDO fixtures, so rows get past the reference checks, and
 * the store must still pass its integrity check afterwards (a failed import changes nothing). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "zorglandschap/import.h"
#include "zorglandschap/rare.h"
#include "zorglandschap/registry.h"

static zl_store *store;

/* New kinds go at the end: the seed corpus names importers by index. */
static const char *const kinds[] = {"areas",
                                    "area-ages",
                                    "locations",
                                    "regions",
                                    "interventions",
                                    "volumes",
                                    "flows",
                                    "ern",
                                    "ecza",
                                    "registry",
                                    "functions",
                                    "ambulance-posts",
                                    "ferries",
                                    "hospitals-2019",
                                    "ambulance-posts-2019",
                                    "partners",
                                    "capacity",
                                    "indicators",
                                    "indicator-values"};
#define N_KINDS (sizeof kinds / sizeof kinds[0])

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zl_rare_import_stats stats;
    if (!store)
        store = fz_fixture_store(fz_path("import.db"));
    if (size < 1)
        return 0;
    const char *kind = kinds[data[0] % N_KINDS];
    const char *path = fz_write("input.csv", data + 1, size - 1);
    zl_err err = {0};
    if (strcmp(kind, "registry") == 0) {
        zl_registry_import_result res;
        if (zl_registry_import(store, path, true, &res, &err) == ZL_OK)
            zl_registry_import_result_free(&res);
    } else if (strcmp(kind, "ern") == 0 || strcmp(kind, "ecza") == 0) {
        zl_rare_import(store, kind, path, &stats, &err);
    } else {
        zl_import_file(store, kind, path, NULL, &err);
    }
    if (err.code != ZL_OK && !err.msg[0]) { /* every failure explains itself */
        fprintf(stderr, "import %s failed without a message\n", kind);
        abort();
    }
    return 0;
}
