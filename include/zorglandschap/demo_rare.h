/* The rare-disease part of `zl demo`: the bundled ORDO, the ERN list and the synthetic
 * sample expertise-centre register. */
#ifndef ZORGLANDSCHAP_DEMO_RARE_H
#define ZORGLANDSCHAP_DEMO_RARE_H

#include <stdio.h>

#include "zorglandschap/err.h"
#include "zorglandschap/store.h"

/* Imports data_dir/orphanet/ordo-2.6-2018-07-12.json.gz, data_dir/orphanet/ern.csv,
 * data_dir/sample/ecza.csv and the sample of networks, shared care, recognitions,
 * assessments and pathways (data/sample/rare_*.csv, all SYNTHETIC) into s, logging one line per step to log (may be
 * NULL). The care-landscape locations must be imported first: the register refers to
 * them. Each step is its own transaction. */
zl_status zl_demo_build_rare(zl_store *s, const char *data_dir, FILE *log, zl_err *err);

#endif
