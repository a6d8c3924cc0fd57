/* The regional assessment's part of `zl demo`: the SYNTHETIC sample of its inputs
 * (docs/assess.md, "Sample"). */
#ifndef ZORGLANDSCHAP_DEMO_ASSESS_H
#define ZORGLANDSCHAP_DEMO_ASSESS_H

#include <stdio.h>

#include "zorglandschap/err.h"
#include "zorglandschap/store.h"

/* Imports data_dir/sample/networks.csv (regions: the care-network layers), staff.csv,
 * providers.csv and tariffs.csv, one progress line each to log (may be NULL). The landscape
 * (locations, interventions) must be imported first. */
zl_status zl_demo_build_assess(zl_store *s, const char *data_dir, FILE *log, zl_err *err);

#endif
