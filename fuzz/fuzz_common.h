/* Shared by the libFuzzer harnesses (fuzz/fuzz_*.c): a scratch directory, writing an
 * input to a file (the importers read files), and the small stores the harnesses run
 * against, built once per process from the test fixtures. Harness code, not library
 * code: on a setup failure it prints and aborts, which the fuzzer reports. */
#ifndef ZL_FUZZ_COMMON_H
#define ZL_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "zorglandschap/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A file in the process's scratch directory (made on first use, removed at exit). */
const char *fz_path(const char *name);
/* Writes data to the file named name in the scratch directory; returns its path. */
const char *fz_write(const char *name, const uint8_t *data, size_t size);
/* Aborts with a message when a setup step fails. */
void fz_need(int ok, const char *what, const char *msg);

/* A migrated store with the landscape fixture (areas, locations, interventions,
 * volumes, flows; tests/fixtures/landscape), travel times from the crow-fly model and the
 * small ORDO nomenclature (tests/fixtures/rare/ordo_mini.json) and the quality indicators
 * (tests/fixtures/quality/indicators.csv), in a file at path. */
zl_store *fz_fixture_store(const char *path);

#endif
