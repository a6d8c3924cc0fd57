/* The regional assessment's sample for `zl demo`: the SYNTHETIC care networks, staff,
 * providers and tariffs of data/sample/ (scripts/gen-assess-sample.py). */
#include "demo_internal.h"
#include "zorglandschap/demo_assess.h"

static const demo_step steps[] = {
    {"regions", "sample/networks.csv"},
    {"staff", "sample/staff.csv"},
    {"providers", "sample/providers.csv"},
    {"tariffs", "sample/tariffs.csv"},
};

zl_status zl_demo_build_assess(zl_store *s, const char *data_dir, FILE *log, zl_err *err)
{
    return demo_import_steps(s, data_dir, steps, sizeof steps / sizeof steps[0], log, err);
}
