/* Fuzzes the OSM extract reader (src/roads/osm_read.c through zl_road_graph_build, with
 * readosm underneath): the first byte picks the format (bit 0: .osm.pbf, else .osm XML)
 * and the profile (bit 1: ambulance, else car), the rest is the file. A graph that builds
 * is freed; a failure must explain itself. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "zorglandschap/roads.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *path =
        fz_write(data[0] & 1 ? "extract.osm.pbf" : "extract.osm", data + 1, size - 1);
    zl_road_profile profile = data[0] & 2 ? ZL_ROAD_AMBULANCE : ZL_ROAD_CAR;
    zl_road_graph *g = NULL;
    zl_err err = {0};
    if (zl_road_graph_build(path, profile, NULL, &g, &err) == ZL_OK)
        zl_road_graph_free(g);
    else if (!err.msg[0]) {
        fprintf(stderr, "OSM read failed without a message\n");
        abort();
    }
    return 0;
}
