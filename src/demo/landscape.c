/* Builds the sample landscape for `zl demo` from data/: every import and the travel
 * matrix (through the store's ferry links, when there are any), with a progress line per
 * step. */
#include <stdio.h>

#include "demo_internal.h"
#include "zorglandschap/demo.h"
#include "zorglandschap/import.h"
#include "zorglandschap/route.h"
#include "zorglandschap/store_acute.h"
#include "zorglandschap/travel.h"

static const demo_step steps[] = {
    {"areas", "nl/pc4.csv"},
    {"area-ages", "nl/pc4_age.csv"},
    {"locations", "sample/locations.csv"},
    {"regions", "sample/regions_province.csv"},
    {"interventions", "sample/interventions.csv"},
    {"volumes", "sample/volumes.csv"},
    {"flows", "sample/flows.csv"},
};

zl_status demo_import_step(zl_store *s, const char *data_dir, const demo_step *st, FILE *log,
                           zl_err *err)
{
    char path[4096];
    zl_import_result r;
    if ((size_t)snprintf(path, sizeof path, "%s/%s", data_dir, st->file) >= sizeof path)
        return zl_fail(err, ZL_EINPUT, "data directory path too long: %s", data_dir);
    zl_status rc = zl_import_file(s, st->kind, path, &r, err);
    if (rc == ZL_OK && log)
        fprintf(log, "imported %-13s %7lld rows from %s%s\n", st->kind, (long long)r.rows, st->file,
                r.synthetic ? " (synthetic)" : "");
    return rc;
}

zl_status demo_import_steps(zl_store *s, const char *data_dir, const demo_step *list, size_t n,
                            FILE *log, zl_err *err)
{
    zl_status rc = ZL_OK;
    for (size_t i = 0; rc == ZL_OK && i < n; i++)
        rc = demo_import_step(s, data_dir, &list[i], log, err);
    return rc;
}

zl_status zl_demo_import_landscape(zl_store *s, const char *data_dir, FILE *log, zl_err *err)
{
    return demo_import_steps(s, data_dir, steps, sizeof steps / sizeof steps[0], log, err);
}

zl_status zl_demo_build_landscape(zl_store *s, const char *data_dir, FILE *log, zl_err *err)
{
    zl_status rc = zl_demo_import_landscape(s, data_dir, log, err);
    return rc == ZL_OK ? demo_travel_build(s, log, err) : rc;
}

zl_status demo_travel_build(zl_store *s, FILE *log, zl_err *err)
{
    zl_status rc;
    zl_router router;
    zl_ferry_set ferries = {0};
    zl_travel_provider prov;
    zl_travel_build_result r;
    zl_crowfly_params p = zl_crowfly_defaults();
    if ((rc = zl_store_ferries(s, &ferries, err)) == ZL_OK &&
        (rc = zl_router_provider(&router, &p, &ferries, false, &prov, err)) == ZL_OK)
        rc = zl_travel_build(s, &prov, false, &r, err);
    zl_ferry_set_free(&ferries);
    if (rc != ZL_OK)
        return rc;
    if (log)
        fprintf(log, "travel times  %zu areas x %zu locations (%s, %s)\n", r.n_areas, r.n_locations,
                r.method, r.rebuilt ? "built" : "up to date");
    return ZL_OK;
}
