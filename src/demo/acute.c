/* The acute-care part of `zl demo`: the Wadden ferry links, RIVM's March 2019 hospitals
 * (functions, births as BIRTH volumes; three new locations) and ambulance posts, then the
 * travel matrix with every location and the ferries. */
#include "demo_internal.h"
#include "zorglandschap/demo.h"

static const demo_step steps[] = {
    {"ferries", "nl/ferries.csv"},
    {"hospitals-2019", "nl/acute_2019/hospitals.csv"},
    {"ambulance-posts-2019", "nl/acute_2019/ambulance_posts.csv"},
};

zl_status zl_demo_build_acute(zl_store *s, const char *data_dir, FILE *log, zl_err *err)
{
    zl_status rc = demo_import_steps(s, data_dir, steps, sizeof steps / sizeof steps[0], log, err);
    return rc == ZL_OK ? demo_travel_build(s, log, err) : rc;
}
