/* Builds the quality sample for `zl demo`: the indicator definitions from data/ and the
 * synthetic values, generated from the store's volumes and imported like any other file,
 * so the demo goes through the same validation as real data. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo_internal.h"
#include "zorglandschap/demo_quality.h"
#include "zorglandschap/import.h"
#include "zorglandschap/quality.h"

static zl_status import_values(zl_store *s, FILE *log, zl_err *err)
{
    const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char path[4096];
    snprintf(path, sizeof path, "%s/zl-quality-XXXXXX", dir);
    int fd = mkstemp(path);
    if (fd < 0)
        return zl_fail(err, ZL_EIO, "%s: %s", path, strerror(errno));
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd), unlink(path);
        return zl_fail(err, ZL_EIO, "%s: %s", path, strerror(errno));
    }
    size_t rows = 0;
    zl_status st = zl_quality_synth(s, ZL_QUALITY_SAMPLE_SEED, f, &rows, err);
    if (fclose(f) != 0 && st == ZL_OK)
        st = zl_fail(err, ZL_EIO, "%s: %s", path, strerror(errno));
    zl_import_result r;
    if (st == ZL_OK)
        st = zl_import_file(s, "indicator-values", path, &r, err);
    unlink(path);
    if (st == ZL_OK && log)
        fprintf(log, "imported %-13s %7lld rows, generated (synthetic, seed %u)\n",
                "indicator-values", (long long)r.rows, ZL_QUALITY_SAMPLE_SEED);
    return st;
}

zl_status zl_demo_build_quality(zl_store *s, const char *data_dir, FILE *log, zl_err *err)
{
    static const demo_step defs = {"indicators", "sample/indicators.csv"};
    zl_status st = demo_import_step(s, data_dir, &defs, log, err);
    return st == ZL_OK ? import_values(s, log, err) : st;
}
