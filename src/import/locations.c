/* Importer of care locations (hospital_locations_2016.csv and files like it). The kind
 * must be one of umc, general, children, outpatient, other; postcodes are stored without
 * the stray whitespace some source rows carry. */
#include <ctype.h>
#include <string.h>

#include "import_internal.h"
#include "zorglandschap/store_landscape.h"

static bool known_kind(const char *k)
{
    static const char *const kinds[] = {"umc", "general", "children", "outpatient", "other"};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(k, kinds[i]) == 0)
            return true;
    return false;
}

/* Trims leading and trailing whitespace into buf; NULL when nothing is left. */
static const char *trimmed(const char *s, char *buf, size_t cap)
{
    if (!s)
        return NULL;
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (!n)
        return NULL;
    if (n >= cap)
        n = cap - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return buf;
}

zl_status zl_import_locations(zl_import_ctx *x, zl_err *err)
{
    static const char *const req[] = {"location_id", "name", "kind", "lat", "lon"};
    int col[5];
    zl_status st = zl_csv_require(x->c, req, col, 5, err);
    int c_oid = zl_csv_col(x->c, "organisation_id"), c_org = zl_csv_col(x->c, "organisation");
    int c_addr = zl_csv_col(x->c, "address"), c_pc = zl_csv_col(x->c, "postcode");
    int c_city = zl_csv_col(x->c, "city");
    bool has = true;
    char pc[32];
    while (st == ZL_OK && (st = zl_csv_next(x->c, &has, err)) == ZL_OK && has) {
        zl_location_row r = {0};
        bool changed;
        if ((st = zl_csv_text(x->c, col[0], &r.id, err)) != ZL_OK ||
            (st = imp_key(x, col[0], r.id, "location_id", err)) != ZL_OK ||
            (st = zl_csv_text(x->c, col[1], &r.name, err)) != ZL_OK ||
            (st = zl_csv_text(x->c, col[2], &r.kind, err)) != ZL_OK)
            break;
        if (!known_kind(r.kind)) {
            st = zl_csv_fail(x->c, col[2], err,
                             "unknown kind '%.40s' (umc, general, children, outpatient, other)",
                             r.kind);
            break;
        }
        if ((st = imp_coord(x->c, col[3], -90, 90, &r.lat, err)) != ZL_OK ||
            (st = imp_coord(x->c, col[4], -180, 180, &r.lon, err)) != ZL_OK)
            break;
        r.organisation_id = imp_text_opt(x->c, c_oid);
        r.organisation = imp_text_opt(x->c, c_org);
        r.address = imp_text_opt(x->c, c_addr);
        r.postcode = trimmed(imp_text_opt(x->c, c_pc), pc, sizeof pc);
        r.city = imp_text_opt(x->c, c_city);
        if ((st = zl_store_put_location(x->s, &r, &changed, err)) != ZL_OK)
            break;
        imp_count(x, changed);
    }
    return st;
}
