/* The acute-care case shared by the files of src/acute: the areas, the locations with
 * the function, the travel times and the region indexes, all computed once by
 * zl_acute_load. */
#ifndef ZL_ACUTE_INTERNAL_H
#define ZL_ACUTE_INTERNAL_H

#include "zorglandschap/acute.h"
#include "zorglandschap/store_acute.h"

struct zl_acute_case {
    char function[32], date[11];
    zl_pop_area *areas;
    size_t na;
    zl_named_point *locs; /* with the function on date, by id */
    size_t nl;
    zl_named_point *posts; /* around the clock on date */
    size_t np;
    double *response; /* [na]: nearest post's drive to the area */
    double *amb;      /* [na * nl]: ambulance drive area -> location */
    double *car;      /* [na * nl]: car drive area -> location */
    char **mun;       /* distinct municipality names, sorted */
    size_t n_mun;
    char **prov; /* distinct province names, sorted */
    size_t n_prov;
    int *area_mun, *area_prov; /* [na] indexes into mun / prov */
    int *mun_prov;             /* [n_mun] province of each municipality (of its first area) */
};

/* Index of a location id in the case, or -1. */
int acute_location_index(const zl_acute_case *c, const char *id);

#endif
