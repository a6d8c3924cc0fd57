/* The VSOP concentration rule (VSOP, "Concentratie van zorg voor zeldzame aandoeningen"):
 * bands of known patients to the number of expertise centres, and the rule of thumb that
 * a centre sees at least 35% of the known patients and at least 200 of them. */
#include "zorglandschap/vsop.h"

#include <math.h>

zl_vsop_advice zl_vsop_advise(int64_t n)
{
    zl_vsop_advice a = {.patients = n};
    if (n < 50) {
        a.preferred = a.max_centres = 1;
        a.band = "<50";
        a.text = "1 centre";
    } else if (n < 200) {
        a.preferred = 1;
        a.max_centres = 2;
        a.band = "50-199";
        a.text = "1 centre, exceptionally 2";
    } else if (n <= 600) {
        a.preferred = a.max_centres = 2;
        a.band = "200-600";
        a.text = "at most 2 centres";
    } else if (n <= 1000) {
        a.preferred = 2;
        a.max_centres = 3;
        a.band = "601-1000";
        a.text = "preferably 2 centres, at most 3";
    } else {
        /* At least 500 patients per centre. */
        a.preferred = a.max_centres = (int)(n / 500);
        a.band = ">1000";
        a.text = "at least 500 patients per centre";
    }
    return a;
}

int64_t zl_vsop_centre_threshold(int64_t n)
{
    int64_t share = (int64_t)ceil(ZL_VSOP_SHARE_MIN * (double)n - 1e-9);
    if (n >= ZL_VSOP_PATIENTS_MIN && share < ZL_VSOP_PATIENTS_MIN)
        return ZL_VSOP_PATIENTS_MIN;
    return share;
}

bool zl_vsop_centre_meets(int64_t centre_patients, int64_t n)
{
    return n > 0 && centre_patients >= zl_vsop_centre_threshold(n);
}

int64_t zl_vsop_verdict_threshold(int64_t n)
{
    /* Above 1000 patients several centres are advised and 35% of all patients each is
     * no longer attainable; the band's own minimum of 500 per centre takes its place. */
    return n > 1000 ? 500 : zl_vsop_centre_threshold(n);
}

zl_vsop_verdict zl_vsop_judge(int64_t n, const int64_t *centre_patients, int ncentres)
{
    if (ncentres <= 0)
        return ZL_VSOP_NO_CENTRE;
    if (ncentres > zl_vsop_advise(n).max_centres)
        return ZL_VSOP_TOO_FRAGMENTED;
    int64_t need = zl_vsop_verdict_threshold(n);
    for (int i = 0; i < ncentres; i++)
        if (centre_patients[i] < need)
            return ZL_VSOP_TOO_FRAGMENTED;
    return ZL_VSOP_WITHIN_RULE;
}

const char *zl_vsop_verdict_name(zl_vsop_verdict v)
{
    switch (v) {
    case ZL_VSOP_NO_CENTRE:
        return "no centre";
    case ZL_VSOP_WITHIN_RULE:
        return "within the rule";
    case ZL_VSOP_TOO_FRAGMENTED:
        return "too fragmented";
    }
    return "no centre";
}
