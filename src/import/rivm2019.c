/* Importers of RIVM's March 2019 acute-care files as they are (data/nl/acute_2019/):
 * hospitals.csv (acute functions and births per location) and ambulance_posts.csv.
 * Hospitals are matched onto the store's locations by position (within 250 m), else by
 * name, else added as new locations; each match is kept in location_alias and counted in
 * the result. Functions are valid from the reference date 2019-03-01 to 2019-12-31; births
 * (2018) become real volumes of the intervention BIRTH; posts are valid throughout 2019. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import_internal.h"
#include "zorglandschap/store_acute.h"
#include "zorglandschap/store_landscape.h"

#define MATCH_M      250.0
#define ALIAS_SOURCE "rivm-acute-2019"
#define FN_FROM      "2019-03-01"
#define FN_TO        "2019-12-31"
#define BIRTH_YEAR   2018

typedef struct hosp_ctx {
    zl_named_point *locs;
    size_t nlocs;
    zl_strset *taken; /* locations matched by an earlier row */
    char **birth_loc; /* births per matched location, written at the end */
    double *births;
    size_t nbirth, cap_loc, cap_b;
} hosp_ctx;

/* The nearest free location within MATCH_M, else a free one with the same name. */
static const zl_named_point *match(hosp_ctx *h, const char *name, zl_geo_point p, const char **how,
                                   double *dist)
{
    const zl_named_point *best = NULL;
    double bd = INFINITY;
    for (size_t i = 0; i < h->nlocs; i++) {
        double d = 1000 * zl_haversine_km(p, (zl_geo_point){h->locs[i].lat, h->locs[i].lon});
        if (d < bd && !zl_strset_has(h->taken, h->locs[i].id))
            bd = d, best = &h->locs[i];
    }
    *dist = bd;
    *how = "position";
    if (best && bd <= MATCH_M)
        return best;
    *how = "name";
    for (size_t i = 0; i < h->nlocs; i++)
        if (strcasecmp(h->locs[i].name, name) == 0 && !zl_strset_has(h->taken, h->locs[i].id)) {
            *dist = 1000 * zl_haversine_km(p, (zl_geo_point){h->locs[i].lat, h->locs[i].lon});
            return &h->locs[i];
        }
    *how = "added";
    return NULL;
}

static const char *kind_of(const char *organisation, const char *name)
{
    return strstr(organisation, "UMC") || strstr(name, "Academisch") || strstr(name, "Universitair")
               ? "umc"
               : "general";
}

/* Adds a new location for an unmatched hospital; its id is "rivm2019-<id>". */
static zl_status add_location(zl_import_ctx *x, const int *c, const char *src_id, char *id,
                              size_t cap, zl_geo_point p, zl_err *err)
{
    snprintf(id, cap, "rivm2019-%s", src_id);
    const char *org = zl_csv_field(x->c, c[1]), *name = zl_csv_field(x->c, c[2]);
    zl_location_row r = {.id = id,
                         .organisation = *org ? org : NULL,
                         .name = name,
                         .kind = kind_of(org, name),
                         .city = imp_text_opt(x->c, c[3]),
                         .address = imp_text_opt(x->c, c[4]),
                         .postcode = imp_text_opt(x->c, c[5]),
                         .lat = p.lat,
                         .lon = p.lon};
    bool changed;
    return zl_store_put_location(x->s, &r, &changed, err);
}

static zl_status add_births(hosp_ctx *h, const char *loc, double n, zl_err *err)
{
    zl_status st =
        zl_grow((void **)&h->birth_loc, &h->cap_loc, h->nbirth + 1, sizeof *h->birth_loc, err);
    if (st == ZL_OK)
        st = zl_grow((void **)&h->births, &h->cap_b, h->nbirth + 1, sizeof *h->births, err);
    if (st == ZL_OK && !(h->birth_loc[h->nbirth] = strdup(loc)))
        st = zl_fail(err, ZL_ENOMEM, "out of memory");
    if (st == ZL_OK)
        h->births[h->nbirth++] = n;
    return st;
}

static zl_status functions(zl_import_ctx *x, const int *c, const char *loc, zl_err *err)
{
    static const char *const fns[] = {"seh_24h", "seh_day_evening", "acute_obstetrics", "nicu"};
    zl_status st = ZL_OK;
    for (int k = 0; st == ZL_OK && k < 4; k++) {
        bool on;
        if ((st = imp_flag(x->c, c[8 + k], false, &on, err)) != ZL_OK || !on)
            continue;
        zl_function_row r = {loc, fns[k], FN_FROM, FN_TO};
        st = imp_function(x, &r, c[8 + k], err);
    }
    return st;
}

static zl_status hospital_row(zl_import_ctx *x, hosp_ctx *h, const int *c, zl_err *err)
{
    const char *src_id, *name, *how;
    zl_geo_point p;
    double dist, births;
    char newid[96];
    zl_status st;
    if ((st = zl_csv_text(x->c, c[0], &src_id, err)) != ZL_OK ||
        (st = imp_key(x, c[0], src_id, "id", err)) != ZL_OK ||
        (st = zl_csv_text(x->c, c[2], &name, err)) != ZL_OK ||
        (st = imp_coord(x->c, c[6], 50.7, 53.6, &p.lat, err)) != ZL_OK ||
        (st = imp_coord(x->c, c[7], 3.3, 7.25, &p.lon, err)) != ZL_OK ||
        (st = zl_csv_num_opt(x->c, c[12], 0, &births, err)) != ZL_OK)
        return st;
    if (births < 0)
        return zl_csv_fail(x->c, c[12], err, "births must not be negative");
    const zl_named_point *m = match(h, name, p, &how, &dist);
    const char *loc = m ? m->id : newid;
    if (!m && (st = add_location(x, c, src_id, newid, sizeof newid, p, err)) != ZL_OK)
        return st;
    bool added;
    x->res->matched_position += how[0] == 'p';
    x->res->matched_name += how[0] == 'n';
    x->res->added += how[0] == 'a';
    if ((st = zl_strset_add(h->taken, loc, &added, err)) != ZL_OK ||
        (st = zl_store_put_location_alias(x->s, ALIAS_SOURCE, src_id, loc, how, m ? dist : 0,
                                          err)) != ZL_OK ||
        (st = functions(x, c, loc, err)) != ZL_OK)
        return st;
    return births > 0 ? add_births(h, loc, births, err) : ZL_OK;
}

/* The intervention BIRTH and its 2018 volumes (real, rounded to whole births). */
static zl_status write_births(zl_import_ctx *x, const hosp_ctx *h, zl_err *err)
{
    zl_intervention_row iv = {.code = "BIRTH",
                              .name = "Births (acute obstetrics)",
                              .group = "acute",
                              .norm = 0,
                              .window_years = 1,
                              .norm_source = "no volume norm; births per location 2018"
                                             " (Zorginstituut Nederland, via RIVM 2019)",
                              .proposed_norm = -1};
    bool changed;
    zl_status st = zl_store_put_intervention(x->s, &iv, &changed, err);
    for (size_t i = 0; st == ZL_OK && i < h->nbirth; i++) {
        zl_volume_row v = {h->birth_loc[i], "BIRTH", BIRTH_YEAR, llround(h->births[i]), false};
        st = zl_store_put_volume(x->s, &v, &changed, err);
    }
    return st;
}

zl_status zl_import_hospitals_2019(zl_import_ctx *x, zl_err *err)
{
    static const char *const req[] = {
        "id",    "organisation", "name",    "place",           "address",          "postcode",
        "lat",   "lon",          "seh_24h", "seh_day_evening", "acute_obstetrics", "nicu",
        "births"};
    int c[13];
    hosp_ctx h = {0};
    bool has = true;
    zl_status st = zl_csv_require(x->c, req, c, 13, err);
    if (st == ZL_OK)
        st = zl_store_named_locations(x->s, &h.locs, &h.nlocs, err);
    if (st == ZL_OK)
        st = zl_strset_new(&h.taken, err);
    while (st == ZL_OK && (st = zl_csv_next(x->c, &has, err)) == ZL_OK && has)
        st = hospital_row(x, &h, c, err);
    if (st == ZL_OK)
        st = write_births(x, &h, err);
    for (size_t i = 0; i < h.nbirth; i++)
        free(h.birth_loc[i]);
    free(h.birth_loc);
    free(h.births);
    zl_strset_free(h.taken);
    zl_named_points_free(h.locs, h.nlocs);
    return st;
}

zl_status zl_import_posts_2019(zl_import_ctx *x, zl_err *err)
{
    static const char *const req[] = {"name", "availability", "lat", "lon", "street"};
    int c[5];
    bool has = true;
    imp_areas areas = {0};
    zl_status st = zl_csv_require(x->c, req, c, 5, err);
    if (st == ZL_OK)
        st = imp_areas_load(x, &areas, err);
    char name[256];
    while (st == ZL_OK && (st = zl_csv_next(x->c, &has, err)) == ZL_OK && has) {
        zl_post_row r = {.valid_from = "2019-01-01", .valid_to = "2019-12-31"};
        const char *base, *street = zl_csv_field(x->c, c[4]);
        if ((st = zl_csv_text(x->c, c[0], &base, err)) != ZL_OK ||
            (st = zl_csv_text(x->c, c[1], &r.availability, err)) != ZL_OK)
            break;
        /* Names repeat (two posts in Hoofddorp, Apeldoorn, ...): the street tells them
         * apart. Collapse the source's double spaces. */
        int k = snprintf(name, sizeof name, "%s - ", base);
        /* snprintf returns the untruncated length: a long name is cut at the buffer. */
        size_t n = k < 0 ? 0 : (size_t)k < sizeof name ? (size_t)k : sizeof name - 1;
        for (const char *p = street; *p && n + 1 < sizeof name; p++)
            if (!(isspace((unsigned char)*p) && (n == 0 || name[n - 1] == ' ' || !p[1])))
                name[n++] = *p;
        name[n] = '\0';
        r.name = name;
        st = imp_post(x, &areas, &r, c, err);
    }
    free(areas.v);
    return st;
}
