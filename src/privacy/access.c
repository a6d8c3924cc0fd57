/* The one access rule for registration counts (docs/privacy.md, "Who sees what"). A
 * hospital location submitted its own patients and may see its own counts without
 * suppression; any count that combines locations is published suppressed to everyone but
 * the registry holder, who needs exact counts for data-quality work. */
#include "zorglandschap/privacy.h"

#include <string.h>

bool zl_may_see_unsuppressed(const zl_viewer *v, const char *cell_location_id)
{
    if (!v)
        return false;
    switch (v->role) {
    case ZL_VIEWER_ADMIN:
        return true;
    case ZL_VIEWER_LOCATION:
        return v->location_id && cell_location_id && strcmp(v->location_id, cell_location_id) == 0;
    case ZL_VIEWER_ANALYST:
    case ZL_VIEWER_PUBLIC:
        return false;
    }
    return false;
}

const char *zl_viewer_role_name(zl_viewer_role r)
{
    switch (r) {
    case ZL_VIEWER_PUBLIC:
        return "public";
    case ZL_VIEWER_LOCATION:
        return "location";
    case ZL_VIEWER_ANALYST:
        return "analyst";
    case ZL_VIEWER_ADMIN:
        return "admin";
    }
    return "public";
}

bool zl_viewer_role_parse(const char *s, zl_viewer_role *out)
{
    /* A location's view is chosen by naming the location, never by a role word. */
    static const zl_viewer_role roles[] = {ZL_VIEWER_PUBLIC, ZL_VIEWER_ANALYST, ZL_VIEWER_ADMIN};
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
        if (strcmp(s, zl_viewer_role_name(roles[i])) == 0) {
            *out = roles[i];
            return true;
        }
    }
    return false;
}
