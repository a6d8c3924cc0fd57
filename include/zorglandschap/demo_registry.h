/* The registry part of `zl demo`: imports the synthetic sample registrations after the
 * landscape and rare-disease data are loaded. */
#ifndef ZORGLANDSCHAP_DEMO_REGISTRY_H
#define ZORGLANDSCHAP_DEMO_REGISTRY_H

#include <stdio.h>

#include "zorglandschap/err.h"
#include "zorglandschap/store.h"

/* Imports DATA_DIR/sample/registrations.csv as a synthetic submission; progress lines go
 * to log (may be NULL). Any rejected row is an error here: the sample must match the
 * bundled landscape and ORDO data. Importing it again changes no registration. */
zl_status zl_demo_build_registry(zl_store *s, const char *data_dir, FILE *log, zl_err *err);

#endif
