/* The VSOP concentration rule for rare-disease expertise centres as pure functions
 * (method in docs/registry.md, "Concentration"): how many centres a disease with N known
 * patients should have, whether one centre sees enough of them, and the verdict. */
#ifndef ZORGLANDSCHAP_VSOP_H
#define ZORGLANDSCHAP_VSOP_H

#include <stdbool.h>
#include <stdint.h>

typedef struct zl_vsop_advice {
    int64_t patients;  /* known (registered, deduplicated) patients */
    int preferred;     /* number of centres the rule prefers */
    int max_centres;   /* the most centres the rule allows */
    const char *band;  /* "<50", "50-199", "200-600", "601-1000", ">1000" */
    const char *text;  /* the rule in words, e.g. "1 centre, exceptionally 2" */
} zl_vsop_advice;

zl_vsop_advice zl_vsop_advise(int64_t patients);

/* Rule of thumb for one centre: at least 35% of the known patients and at least 200 of
 * them; the minimum of 200 applies only to diseases with at least 200 known patients
 * (a smaller population cannot reach it; there the rule of one centre does the work). */
#define ZL_VSOP_SHARE_MIN 0.35
#define ZL_VSOP_PATIENTS_MIN 200

/* The number of the disease's patients a centre needs to meet the rule of thumb. */
int64_t zl_vsop_centre_threshold(int64_t patients);
bool zl_vsop_centre_meets(int64_t centre_patients, int64_t patients);

typedef enum zl_vsop_verdict {
    ZL_VSOP_NO_CENTRE = 0,   /* no recognised centre for the disease */
    ZL_VSOP_WITHIN_RULE,     /* centres <= max and each meets the rule of thumb */
    ZL_VSOP_TOO_FRAGMENTED   /* more centres than advised, or a centre below the rule */
} zl_vsop_verdict;

/* The patients each centre needs for the verdict: the rule of thumb up to 1000 patients,
 * 500 (the band's per-centre minimum) above. */
int64_t zl_vsop_verdict_threshold(int64_t patients);

/* centre_patients[i]: the disease's patients registered at recognised centre i. */
zl_vsop_verdict zl_vsop_judge(int64_t patients, const int64_t *centre_patients, int ncentres);
const char *zl_vsop_verdict_name(zl_vsop_verdict v);

#endif
