/* Shared by the files of src/quality: owned copies of the store's indicator values. */
#ifndef ZL_QUALITY_INTERNAL_H
#define ZL_QUALITY_INTERNAL_H

#include "zorglandschap/quality.h"

typedef struct quality_rows {
    zl_quality_row *v; /* strings owned */
    size_t n, cap;
} quality_rows;

/* Values of an indicator in years from..to. */
zl_status quality_rows_load(zl_store *s, const char *indicator, int from, int to, quality_rows *out,
                            zl_err *err);
void quality_rows_free(quality_rows *r);

/* A proportion or ratio rounded for public output: whole percents, O/E ratios to 0.05. */
double quality_public_value(zl_indicator_type t, double v);

#endif
