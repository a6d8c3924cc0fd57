/* The main job's data path: builds the sample care landscape from the repository's data/
 * directory (real PC4 areas, age bands and hospital locations; the sample's province
 * layer and interventions; the SYNTHETIC flows and volumes) and its travel times. */
#ifndef ZORGLANDSCHAP_DEMO_H
#define ZORGLANDSCHAP_DEMO_H

#include <stdio.h>

#include "zorglandschap/err.h"
#include "zorglandschap/store.h"

/* Imports, in order, data_dir/nl/pc4.csv, nl/pc4_age.csv, sample/locations.csv,
 * sample/regions_province.csv, sample/interventions.csv, sample/volumes.csv,
 * sample/flows.csv, nl/ferries.csv, nl/acute_2019/hospitals.csv (hospitals-2019) and
 * nl/acute_2019/ambulance_posts.csv, then builds the travel matrix with the default
 * crow-fly model and the ferry links. Prints
 * one progress line per step to log (may be NULL). Meant for a fresh store; on an existing
 * one it upserts, so running it twice changes nothing. */
zl_status zl_demo_build_landscape(zl_store *s, const char *data_dir, FILE *log, zl_err *err);

/* The same imports without the travel matrix (zl demo builds it once, after the
 * acute-care step has added its locations and ferries). */
zl_status zl_demo_import_landscape(zl_store *s, const char *data_dir, FILE *log, zl_err *err);

/* The acute-care data (docs/acute.md): imports data_dir/nl/ferries.csv,
 * nl/acute_2019/hospitals.csv (hospitals-2019) and nl/acute_2019/ambulance_posts.csv
 * (ambulance-posts-2019), then builds the travel matrix with the ferry links. Run after
 * zl_demo_import_landscape (or zl_demo_build_landscape). */
zl_status zl_demo_build_acute(zl_store *s, const char *data_dir, FILE *log, zl_err *err);

#endif
