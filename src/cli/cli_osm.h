/* The CLI's road-network pieces shared by `zl travel build --osm` and `zl route table
 * --osm`: their common options, the cached graph next to the database, and progress. */
#ifndef ZL_CLI_OSM_H
#define ZL_CLI_OSM_H

#include <stdbool.h>
#include <stdint.h>

#include "cli.h"
#include "zorglandschap/roads.h"

typedef struct cli_osm_args {
    const char *osm, *from, *to;
    zl_road_profile profile;
    zl_road_opts opts;
    bool force, quiet, csv, help;
} cli_osm_args;

/* Parses the options; returns -1 to go on, else the exit code (usage printed). */
int cli_osm_opts(int argc, char **argv, cli_osm_args *a);

/* The graph of a->osm, cached as DB.roads-<hash16>-<profile>.graph; NULL after printing
 * the error. Prints a one-line summary of the graph to stderr unless quiet. */
zl_road_graph *cli_osm_graph(zl_cli *cli, const cli_osm_args *a, const zl_progress *pr);

int cli_travel_build_osm(zl_cli *cli, int argc, char **argv);

#endif
