/* Fit-and-store in one call, for the CLI, the demo and the HTTP server. */
#include <stdlib.h>

#include "choice_internal.h"
#include "zorglandschap/store_choice.h"

zl_status zl_choice_fit_store(zl_store *s, const char *intervention, int year,
                              const zl_choice_fit_opts *o, zl_choice_model **out, zl_err *err)
{
    zl_case *c = NULL;
    double *old = NULL;
    zl_choice_model *m = NULL;
    zl_choice_fit_opts fo = o ? *o : (zl_choice_fit_opts){0};
    zl_status st = zl_case_load(s, intervention, year, NULL, &c, err);
    if (st == ZL_OK && fo.age_interaction && !fo.old_share)
        st = zl_choice_old_share(s, c, &old, err);
    if (st == ZL_OK) {
        if (old)
            fo.old_share = old;
        st = zl_choice_fit(c, &fo, &m, err);
    }
    if (st == ZL_OK)
        st = zl_store_choice_save(s, m, err);
    free(old);
    zl_case_free(c);
    if (st == ZL_OK && out)
        *out = m;
    else
        zl_choice_model_free(m);
    return st;
}
