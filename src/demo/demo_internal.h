/* Shared by the demo steps of src/demo: one import of a data file with its progress line,
 * and the travel-matrix build (with the store's ferry links). */
#ifndef ZL_DEMO_INTERNAL_H
#define ZL_DEMO_INTERNAL_H

#include <stdio.h>

#include "zorglandschap/err.h"
#include "zorglandschap/store.h"

typedef struct demo_step {
    const char *kind, *file; /* import kind; file relative to the data directory */
} demo_step;

zl_status demo_import_step(zl_store *s, const char *data_dir, const demo_step *st, FILE *log,
                           zl_err *err);
/* Runs the steps in order; stops at the first failure. */
zl_status demo_import_steps(zl_store *s, const char *data_dir, const demo_step *list, size_t n,
                            FILE *log, zl_err *err);
/* Builds (or keeps, when up to date) the car travel matrix with the default crow-fly
 * model and the store's ferries; logs one line. */
zl_status demo_travel_build(zl_store *s, FILE *log, zl_err *err);

#endif
