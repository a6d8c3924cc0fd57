/* Reading the import log for reports (store_provenance.h). */
#include "store_internal.h"
#include "zorglandschap/store_provenance.h"

static const char *text_or_empty(zl_dbst *st, int col)
{
    const unsigned char *t = zl_db_col_text(st, col);
    return t ? (const char *)t : "";
}

zl_status zl_store_import_log(zl_store *s, zl_import_record_fn fn, void *ctx, zl_err *err)
{
    ZL_DB_STMT_OR_FAIL(st, "SELECT kind, source, rows, synthetic, imported_at FROM import_log"
                           " ORDER BY id");
    int rc = ZL_DB_DONE;
    zl_status status = ZL_OK;
    while (status == ZL_OK && (rc = zl_db_step(st)) == ZL_DB_ROW) {
        zl_import_record r = {.kind = text_or_empty(st, 0),
                              .source = text_or_empty(st, 1),
                              .rows = zl_db_col_int64(st, 2),
                              .synthetic = zl_db_col_int(st, 3) != 0,
                              .imported_at = text_or_empty(st, 4)};
        status = fn(ctx, &r, err);
    }
    return zl_db_rows_end(s, st, status == ZL_OK ? rc : ZL_DB_DONE, status,
                          "reading the import log", err);
}
