/* The rare-disease atlas: an in-memory copy of everything the finder's answers read (each
 * disorder's name and type, its preferred names and prevalence, the parents in the
 * classification, the ERNs) and of the expertise-centre register on the last few dates
 * asked for. With it an answer is built from memory instead of dozens of store queries
 * (docs/rare-finder.md, "Answers"). Like the finder index it is built once from the
 * store and rebuilt after an import; it is used by one thread at a time, because the
 * register of a new date is loaded into it on first use. */
#ifndef ZORGLANDSCHAP_RARE_ATLAS_H
#define ZORGLANDSCHAP_RARE_ATLAS_H

#include "zorglandschap/err.h"
#include "zorglandschap/store.h"

typedef struct zl_rare_atlas zl_rare_atlas;

/* Reads the tables; the register is read per date, later. Caller frees with
 * zl_rare_atlas_free. */
zl_status zl_rare_atlas_build(zl_store *s, zl_rare_atlas **out, zl_err *err);
void zl_rare_atlas_free(zl_rare_atlas *a);

#endif
