/* The fixed vocabularies of the regional assessment: dependent services, age bands of
 * displaced patients and threshold keys (docs/assess.md). */
#include <string.h>

#include "zorglandschap/assess.h"

static const char *const services[ZL_N_SERVICES] = {"icu",  "seh_24h", "acute_obstetrics",
                                                    "nicu", "pci",     "trauma"};

const char *const zl_assess_age_bands[ZL_ASSESS_N_AGE] = {"0-64", "65-74", "75+"};

static const char *const thresholds[ZL_TH_N] = {
    "new_inhabitants_beyond_45", "mean_extra_minutes", "max_extra_minutes",   "over_capacity",
    "networks_without_location", "below_surgeon_norm", "services_threatened", "displaced_75plus"};

const char *zl_service_name(int i)
{
    return i >= 0 && i < ZL_N_SERVICES ? services[i] : NULL;
}

bool zl_service_parse(const char *s, unsigned *bit)
{
    for (int i = 0; i < ZL_N_SERVICES; i++)
        if (strcmp(s, services[i]) == 0) {
            *bit = 1u << i;
            return true;
        }
    return false;
}

const char *zl_threshold_name(zl_threshold_key k)
{
    return (int)k >= 0 && k < ZL_TH_N ? thresholds[k] : "?";
}
