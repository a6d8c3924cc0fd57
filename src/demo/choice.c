/* The choice step of the demo: a fitted hospital-choice model for every sample
 * intervention, so that impact analyses can use the `choice` rule at once. */
#include "zorglandschap/demo_choice.h"

#include "zorglandschap/choice.h"
#include "zorglandschap/store_case.h"
#include "zorglandschap/store_landscape.h"
#include "zorglandschap/util.h"

zl_status zl_demo_build_choice(zl_store *s, const char *data_dir, FILE *log, zl_err *err)
{
    (void)data_dir;
    char **codes = NULL;
    size_t n = 0;
    zl_status st = zl_store_list_intervention_codes(s, &codes, &n, err);
    zl_choice_fit_opts o = {.age_interaction = true};
    for (size_t i = 0; st == ZL_OK && i < n; i++) {
        zl_choice_model *m = NULL;
        int flow_year = 0;
        /* Interventions known only by volumes (BIRTH from the acute-care data) have no
         * patient flows to fit a choice model on. */
        if ((st = zl_store_flow_latest_year(s, codes[i], &flow_year, err)) != ZL_OK ||
            flow_year == 0)
            continue;
        st = zl_choice_fit_store(s, codes[i], 0, &o, &m, err);
        if (st == ZL_OK && log)
            fprintf(log, "choice model  %-10s %d: %lld patients, %zu locations, rho2 %.3f%s\n",
                    m->intervention, m->year, (long long)m->patients, m->n_locs, m->rho2,
                    m->synthetic ? " (synthetic flows)" : "");
        zl_choice_model_free(m);
    }
    zl_strv_free(codes);
    return st == ZL_OK ? ZL_OK : zl_err_prefix(err, "demo choice models: ");
}
