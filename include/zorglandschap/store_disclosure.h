/* Typed access to the disclosure key (migration 7): the per-database secret of the
 * cell-key rounding of public counts (zorglandschap/privacy.h, docs/privacy.md). */
#ifndef ZORGLANDSCHAP_STORE_DISCLOSURE_H
#define ZORGLANDSCHAP_STORE_DISCLOSURE_H

#include "zorglandschap/err.h"
#include "zorglandschap/privacy.h"
#include "zorglandschap/store.h"

/* Reads the database's disclosure key into *d. ZL_EDB when it is missing or malformed. */
zl_status zl_store_disclosure_key(zl_store *s, zl_disclosure *d, zl_err *err);

#endif
