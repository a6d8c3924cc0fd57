/* POST /api/v1/export?format=csv|xlsx: the table a page shows, as a file to download.
 * The body is the table ({title, columns, rows, synthetic}; zorglandschap/export.h); the
 * answer is CSV or an .xlsx workbook written by libxlsxwriter. */
#include <string.h>

#include "api.h"
#include "zorglandschap/export.h"

zl_status api_export(api_req *r, json_t **out, zl_err *err)
{
    const char *format = api_query(r, "format");
    if (!format || (strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0))
        return zl_fail(err, ZL_EINPUT, "query parameter 'format': csv or xlsx");
    zl_status st = api_body_check(r->body, "title,columns,rows,synthetic", err);
    if (st != ZL_OK)
        return st;
    bool csv = strcmp(format, "csv") == 0;
    st = csv ? zl_export_csv(r->body, &r->file, err) : zl_export_xlsx(r->body, &r->file, err);
    if (st != ZL_OK)
        return st;
    r->file_type = csv ? "text/csv; charset=utf-8"
                       : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    r->file_name = csv ? "zorglandschap.csv" : "zorglandschap.xlsx";
    *out = NULL;
    return ZL_OK;
}
