/* Text reports of the acute-care analysis for the CLI: the headline, the municipalities
 * beyond the norm, the sensitive locations; and the births of a closure. */
#include <math.h>

#include "acute_internal.h"

static const char *fn_label(const char *f)
{
    return f[0] == 's' && f[4] == '2' ? "emergency department 24/7"
           : f[0] == 's'              ? "emergency department day/evening"
           : f[0] == 'a'              ? "acute obstetrics"
                                      : "NICU";
}

static double pct(int64_t a, int64_t b)
{
    return b > 0 ? 100.0 * (double)a / (double)b : 0;
}

zl_status zl_acute_print(const zl_acute_result *r, size_t max_rows, FILE *out, zl_err *err)
{
    const zl_acute_case *c = r->c;
    int bad = 0;
    bad |= fprintf(out,
                   "%s (%s) on %s: %zu locations open (%zu closed), %zu ambulance posts around"
                   " the clock\n",
                   fn_label(c->function), c->function, c->date, r->n_locations - r->n_closed,
                   r->n_closed, r->n_posts) < 0;
    bad |= fprintf(out,
                   "by ambulance within %g minutes (dispatch %g + response + on scene %g +"
                   " transport): %lld of %lld inhabitants beyond (%.2f %%)\n",
                   r->model.minutes, r->model.dispatch_min, r->model.on_scene_min,
                   (long long)r->population_beyond, (long long)r->population_total,
                   pct(r->population_beyond, r->population_total)) < 0;
    bad |= fprintf(out, "by car within %g minutes' driving: %lld beyond (%.2f %%)\n",
                   r->model.car_minutes, (long long)r->car_beyond,
                   pct(r->car_beyond, r->population_total)) < 0;
    bad |= fprintf(out, "\n%-28s %-16s %12s %12s\n", "municipality", "province", "inhabitants",
                   "beyond") < 0;
    size_t n = max_rows && max_rows < r->n_municipalities ? max_rows : r->n_municipalities;
    for (size_t k = 0; k < n; k++) {
        const zl_acute_region *g = &r->municipalities[k];
        bad |= fprintf(out, "%-28.28s %-16.16s %12lld %12lld\n", g->name, g->province,
                       (long long)g->population, (long long)g->population_beyond) < 0;
    }
    if (n < r->n_municipalities)
        bad |= fprintf(out, "... %zu more municipalities (--json for all)\n",
                       r->n_municipalities - n) < 0;
    bad |= fprintf(out, "\nsensitive locations (inhabitants beyond %g minutes if it closed): %zu\n",
                   r->model.minutes, r->n_sensitive) < 0;
    for (size_t k = 0; k < r->n_sensitive; k++) {
        const zl_acute_location *l = &r->locations[r->sensitive[k]];
        bad |=
            fprintf(out, "  %-14s %-50.50s %+10lld\n", l->id, l->name, (long long)l->increase) < 0;
    }
    return bad ? zl_fail(err, ZL_EIO, "writing the report failed") : ZL_OK;
}

zl_status zl_acute_close_print(const zl_acute_close_result *r, FILE *out, zl_err *err)
{
    int bad = 0;
    bad |=
        fprintf(out, "closing %zu location(s) for %s on %s: %.0f births (%lld) move (rule: %s)\n",
                r->n_closed, r->c->function, r->c->date, r->births_moved, (long long)r->year,
                r->rule) < 0;
    bad |= fprintf(out,
                   "car minutes of the women concerned: mean %.1f -> %.1f, longest after %.1f;"
                   " beyond 30 minutes %.0f -> %.0f births\n",
                   r->mean_car_before, r->mean_car_after, r->max_car_after, r->births_beyond_before,
                   r->births_beyond_after) < 0;
    bad |= fprintf(out, "\n%-14s %-50s %8s %8s %8s\n", "receiving", "name", "before", "extra",
                   "after") < 0;
    for (size_t k = 0; k < r->n_receivers; k++) {
        const zl_acute_receiver *x = &r->receivers[k];
        bad |= fprintf(out, "%-14s %-50.50s %8.0f %8.1f %8.1f\n", x->id, x->name, x->births_before,
                       x->births_extra, x->births_before + x->births_extra) < 0;
    }
    return bad ? zl_fail(err, ZL_EIO, "writing the report failed") : ZL_OK;
}
