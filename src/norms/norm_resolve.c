/* What a user's norm argument means: a number of procedures per year, "current" (the
 * intervention's norm) or "proposed" (its proposed norm). One place for the CLI, the demo
 * and the HTTP API. */
#include <string.h>

#include "zorglandschap/norms.h"
#include "zorglandschap/util.h"

/* Above any volume a location reaches; guards against typos such as 6000 for 60. */
#define ZL_NORM_MAX 1000000

zl_status zl_norm_resolve(const zl_intervention *iv, const char *arg, int64_t *norm, zl_err *err)
{
    *norm = -1;
    if (!arg || strcmp(arg, "current") == 0)
        return ZL_OK;
    if (strcmp(arg, "proposed") == 0) {
        if (iv->proposed_norm < 0)
            return zl_fail(err, ZL_EINPUT, "%s has no proposed norm", iv->code);
        *norm = iv->proposed_norm;
        return ZL_OK;
    }
    if (!zl_parse_i64(arg, norm) || *norm < 0 || *norm > ZL_NORM_MAX) {
        *norm = -1;
        return zl_fail(err, ZL_EINPUT,
                       "'%.40s' is not a number of procedures per year (0..%d), 'current' or "
                       "'proposed'",
                       arg, ZL_NORM_MAX);
    }
    return ZL_OK;
}
