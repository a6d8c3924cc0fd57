/* Names of location kinds as stored in the location table and shown in output. */
#include <string.h>

#include "zorglandschap/landscape.h"

static const char *const kind_names[] = {
    [ZL_KIND_UMC] = "umc",           [ZL_KIND_GENERAL] = "general",
    [ZL_KIND_CHILDREN] = "children", [ZL_KIND_OUTPATIENT] = "outpatient",
    [ZL_KIND_OTHER] = "other",
};

const char *zl_location_kind_name(zl_location_kind k)
{
    if ((unsigned)k >= sizeof kind_names / sizeof kind_names[0])
        return "other";
    return kind_names[k];
}

bool zl_location_kind_parse(const char *s, zl_location_kind *out)
{
    for (size_t k = 0; k < sizeof kind_names / sizeof kind_names[0]; k++) {
        if (strcmp(s, kind_names[k]) == 0) {
            *out = (zl_location_kind)k;
            return true;
        }
    }
    return false;
}
