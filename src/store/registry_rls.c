/* Acting for one location (defence in depth for the registry, issue 18): a location
 * token's registry requests run on a connection switched to the database role
 * zl_location with the setting zl.location = the token's location. On PostgreSQL the
 * row-level security policies of migration 15 then limit registration and
 * registry_submission to that location's rows (reads and writes), whatever SQL the query
 * layer sends, and national counts come only from the SECURITY DEFINER function
 * zl_registry_national, which returns primary-suppressed aggregates. SQLite has no roles:
 * there the query layer's own restriction is all there is (as before). */
#include "store_internal.h"

#include <string.h>

#include "zorglandschap/store_registry.h"

zl_status zl_store_registry_act_for(zl_store *s, const char *location_id, zl_err *err)
{
    if (!location_id || !*location_id)
        return zl_fail(err, ZL_EINTERNAL, "acting for a location needs its id");
    /* SET ROLE inside a transaction would end with it: the switch is per session. */
    if (s->in_tx)
        return zl_fail(err, ZL_EINTERNAL, "acting for a location inside a transaction");
    if (s->pg) {
        ZL_DB_STMT_OR_FAIL(st, "SELECT set_config('role', '" ZL_PG_LOCATION_ROLE "', false),"
                               " set_config('zl.location', ?1, false)");
        zl_db_bind_textz(st, 1, location_id);
        int rc = zl_db_step(st);
        zl_status out = zl_db_rows_end(s, st, rc == ZL_DB_ROW ? zl_db_step(st) : rc, ZL_OK,
                                       "switching to the role " ZL_PG_LOCATION_ROLE
                                       " (docs/deploy.md: GRANT " ZL_PG_LOCATION_ROLE
                                       " TO the service's login role)",
                                       err);
        if (out != ZL_OK)
            return out;
    }
    s->for_location = true;
    return ZL_OK;
}

zl_status zl_store_registry_act_as_holder(zl_store *s, zl_err *err)
{
    if (!s->for_location)
        return ZL_OK;
    /* On failure the session stays restricted: later requests fail closed. */
    if (s->pg && zl_store_exec(s, "RESET ROLE; RESET zl.location", err) != ZL_OK)
        return err ? err->code : ZL_EDB;
    s->for_location = false;
    return ZL_OK;
}

bool zl_store_registry_acting_for_location(const zl_store *s)
{
    return s->for_location;
}
