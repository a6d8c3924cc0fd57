/* The synthetic-flow model's parameters per intervention: the number of current providers
 * and an age-specific incidence of the procedure. ALL FIGURES ARE ILLUSTRATIVE: chosen so
 * that the national yearly totals are of the order of the published Dutch annual volumes
 * (see docs/sample-data.md for the totals and their sources), not fitted to any registry. */
#include "zorglandschap/synth.h"

/* Per 100,000 inhabitants per year for ages 0-39, 40-49, 50-59, 60-69, 70-79, 80+,
 * spread over the twenty five-year bands. */
#define RATES(a0, a40, a50, a60, a70, a80)                                                         \
    {                                                                                              \
        a0, a0, a0, a0, a0, a0, a0, a0, a40, a40, a50, a50, a60, a60, a70, a70, a80, a80, a80, a80 \
    }

static const zl_synth_model models[] = {
    {"PANC", 18, RATES(0.1, 1, 4, 12, 16, 3)},     {"OESO_STOM", 20, RATES(0.1, 2, 8, 20, 22, 6)},
    {"LUNG", 45, RATES(0.2, 2, 12, 40, 55, 15)},   {"KIDNEY", 60, RATES(0.3, 5, 12, 28, 30, 10)},
    {"HEADNECK", 14, RATES(0.3, 2, 8, 16, 16, 8)}, {"AAA", 55, RATES(0, 0.5, 5, 40, 90, 70)},
    {"CEA", 60, RATES(0, 1, 8, 35, 70, 35)},
};

const zl_synth_model *zl_synth_models(size_t *n)
{
    *n = sizeof models / sizeof models[0];
    return models;
}
