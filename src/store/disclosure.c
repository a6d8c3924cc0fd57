/* SQL of the disclosure key: the one row written by migration 7, read by every front end
 * that publishes counts to viewers without an exact view. */
#include "store_internal.h"

#include <string.h>

#include "zorglandschap/store_disclosure.h"

zl_status zl_store_disclosure_key(zl_store *s, zl_disclosure *d, zl_err *err)
{
    sqlite3_stmt *st = zl_store_stmt(s, "SELECT key FROM disclosure_key WHERE id = 1", err);
    if (!st)
        return ZL_EDB;
    int rc = sqlite3_step(st);
    zl_status status = ZL_OK;
    if (rc == SQLITE_ROW) {
        const void *k = sqlite3_column_blob(st, 0);
        if (!k || sqlite3_column_bytes(st, 0) != (int)sizeof d->key)
            status = zl_fail(err, ZL_EDB, "the disclosure key is not %zu bytes", sizeof d->key);
        else
            memcpy(d->key, k, sizeof d->key);
        rc = SQLITE_DONE;
    } else if (rc == SQLITE_DONE) {
        status = zl_fail(err, ZL_EDB, "the database has no disclosure key (migration 7)");
    }
    return zl_store_rows_end(s, st, rc, status, "reading the disclosure key", err);
}
