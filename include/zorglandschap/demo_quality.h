/* The quality part of `zl demo`: the sample's indicator definitions and the labelled
 * synthetic indicator values (docs/quality.md, "Sample"). */
#ifndef ZORGLANDSCHAP_DEMO_QUALITY_H
#define ZORGLANDSCHAP_DEMO_QUALITY_H

#include <stdint.h>
#include <stdio.h>

#include "zorglandschap/err.h"
#include "zorglandschap/store.h"

#define ZL_QUALITY_SAMPLE_SEED 20261203u

/* Imports data_dir/sample/indicators.csv, generates the SYNTHETIC values with
 * zl_quality_synth (seed ZL_QUALITY_SAMPLE_SEED) into a temporary CSV file and imports it
 * through the indicator-values importer; logs one line per step to log (may be NULL). The
 * landscape (locations, interventions, volumes) must be imported first. */
zl_status zl_demo_build_quality(zl_store *s, const char *data_dir, FILE *log, zl_err *err);

#endif
