/* The upserts of the big landscape tables, in pieces: the columns and the ON CONFLICT rule
 * (a row changes only when a value differs), shared by the single-row statements
 * (landscape_write.c) and the batches that load a whole file at once on PostgreSQL
 * (landscape_batch.c), so both write by the same rule. */
#ifndef ZL_STORE_LANDSCAPE_SQL_H
#define ZL_STORE_LANDSCAPE_SQL_H

#define AREA_COLS "pc4, municipality, province, population, male, female, lat, lon"
#define AREA_UPSERT                                                                                \
    " ON CONFLICT(pc4) DO UPDATE SET municipality=excluded.municipality,"                          \
    " province=excluded.province, population=excluded.population,"                                 \
    " male=excluded.male, female=excluded.female, lat=excluded.lat,"                               \
    " lon=excluded.lon WHERE municipality IS NOT excluded.municipality"                            \
    " OR province IS NOT excluded.province OR population<>excluded.population"                     \
    " OR male<>excluded.male OR female<>excluded.female"                                           \
    " OR lat<>excluded.lat OR lon<>excluded.lon"

#define AREA_AGE_COLS "pc4, band_lo, band, population, male, female"
#define AREA_AGE_UPSERT                                                                            \
    " ON CONFLICT(pc4, band_lo) DO UPDATE SET"                                                     \
    " band=excluded.band, population=excluded.population, male=excluded.male,"                     \
    " female=excluded.female WHERE band IS NOT excluded.band"                                      \
    " OR population<>excluded.population OR male<>excluded.male"                                   \
    " OR female<>excluded.female"

#define FLOW_COLS "pc4, location_id, intervention, year, patients, synthetic"
#define FLOW_UPSERT                                                                                \
    " ON CONFLICT(intervention, year, pc4, location_id) DO UPDATE SET"                             \
    " patients=excluded.patients, synthetic=excluded.synthetic"                                    \
    " WHERE patients<>excluded.patients OR synthetic<>excluded.synthetic"

#endif
