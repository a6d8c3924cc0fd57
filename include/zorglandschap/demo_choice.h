/* The patient-choice part of `zl demo`: the illustrative network partners of the sample
 * and a fitted hospital-choice model for every intervention with flows. */
#ifndef ZORGLANDSCHAP_DEMO_CHOICE_H
#define ZORGLANDSCHAP_DEMO_CHOICE_H

#include <stdio.h>

#include "zorglandschap/err.h"
#include "zorglandschap/store.h"

/* Fits and stores the choice model (with the 75+ interaction) of every intervention in
 * its latest year with flows, then replaces the partners with the sample's ILLUSTRATIVE
 * ones (a location's other hospital locations of its organisation, else the university
 * medical centre(s) of its province, in equal shares); logs one line per step to log (may
 * be NULL). The landscape (areas, ages, locations, regions, flows, travel times) must be
 * built first. */
zl_status zl_demo_build_choice(zl_store *s, const char *data_dir, FILE *log, zl_err *err);

#endif
