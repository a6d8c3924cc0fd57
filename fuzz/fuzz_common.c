/* Scratch files and fixture stores for the fuzz harnesses (see fuzz_common.h). */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "zorglandschap/import.h"
#include "zorglandschap/rare.h"
#include "zorglandschap/travel.h"

#ifndef ZL_SOURCE_DIR
#define ZL_SOURCE_DIR "."
#endif

static char scratch[64];

static void remove_scratch(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch);
    if (system(cmd) != 0)
        fprintf(stderr, "fuzz: could not remove %s\n", scratch);
}

void fz_need(int ok, const char *what, const char *msg)
{
    if (!ok) {
        fprintf(stderr, "fuzz setup: %s: %s\n", what, msg ? msg : "failed");
        abort();
    }
}

const char *fz_path(const char *name)
{
    static char path[256];
    if (!scratch[0]) {
        snprintf(scratch, sizeof scratch, "/tmp/zl-fuzz-XXXXXX");
        fz_need(mkdtemp(scratch) != NULL, "mkdtemp", NULL);
        atexit(remove_scratch);
    }
    snprintf(path, sizeof path, "%s/%s", scratch, name);
    return path;
}

const char *fz_write(const char *name, const uint8_t *data, size_t size)
{
    const char *path = fz_path(name);
    FILE *f = fopen(path, "wb");
    fz_need(f != NULL, path, "cannot write");
    fz_need(fwrite(data, 1, size, f) == size || size == 0, path, "short write");
    fclose(f);
    return path;
}

zl_store *fz_fixture_store(const char *path)
{
    static const char *const kinds[][2] = {
        {"areas", "areas.csv"},     {"locations", "locations.csv"},
        {"regions", "regions.csv"}, {"interventions", "interventions.csv"},
        {"volumes", "volumes.csv"}, {"flows", "flows.csv"}};
    zl_store *s;
    zl_err err = {0};
    fz_need(zl_store_open(path, 0, &s, &err) == ZL_OK, path, err.msg);
    char file[512];
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        snprintf(file, sizeof file, "%s/tests/fixtures/landscape/%s", ZL_SOURCE_DIR, kinds[i][1]);
        fz_need(zl_import_file(s, kinds[i][0], file, NULL, &err) == ZL_OK, file, err.msg);
    }
    zl_crowfly_params p = zl_crowfly_defaults();
    zl_travel_build_result tres;
    zl_rare_import_stats stats;
    zl_crowfly cf;
    zl_travel_provider prov;
    fz_need(zl_crowfly_provider(&cf, &p, &prov, &err) == ZL_OK, "travel model", err.msg);
    fz_need(zl_travel_build(s, &prov, true, &tres, &err) == ZL_OK, "travel build", err.msg);
    snprintf(file, sizeof file, "%s/tests/fixtures/rare/ordo_mini.json", ZL_SOURCE_DIR);
    fz_need(zl_rare_import_ordo(s, file, &stats, &err) == ZL_OK, file, err.msg);
    /* Quality indicators, so that indicator values get past their reference check. */
    snprintf(file, sizeof file, "%s/tests/fixtures/quality/indicators.csv", ZL_SOURCE_DIR);
    fz_need(zl_import_file(s, "indicators", file, NULL, &err) == ZL_OK, file, err.msg);
    return s;
}
