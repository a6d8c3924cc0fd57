/* SQL of the disclosure key: the one row written by migration 7, read by every front end
 * that publishes counts to viewers without an exact view. */
#include "store_internal.h"

#include <string.h>

#include "zorglandschap/store_disclosure.h"

zl_status zl_store_disclosure_key(zl_store *s, zl_disclosure *d, zl_err *err)
{
    zl_dbst *st = zl_db_stmt_memo(s, "SELECT key FROM disclosure_key WHERE id = 1", err);
    if (!st)
        return ZL_EDB;
    int rc = zl_db_step(st);
    zl_status status = ZL_OK;
    if (rc == ZL_DB_ROW) {
        const void *k = zl_db_col_blob(st, 0);
        if (!k || zl_db_col_bytes(st, 0) != (int)sizeof d->key)
            status = zl_fail(err, ZL_EDB, "the disclosure key is not %zu bytes", sizeof d->key);
        else
            memcpy(d->key, k, sizeof d->key);
        rc = ZL_DB_DONE;
    } else if (rc == ZL_DB_DONE) {
        status = zl_fail(err, ZL_EDB, "the database has no disclosure key (migration 7)");
    }
    return zl_db_rows_end(s, st, rc, status, "reading the disclosure key", err);
}
