/* Expected patients from Orphanet prevalence × the Dutch population, shown beside the
 * registered count as registration completeness. Of a code's prevalence records the most
 * fitting one is used: point prevalence before birth prevalence (other kinds, such as
 * annual incidence, do not estimate the number of living patients and are skipped), then
 * the Netherlands before Europe before worldwide before another country, then validated
 * before not. ValMoy (per 100 000) is the point estimate where published; otherwise the
 * midpoint of the class (zl_prevalence_class_range). */
#include "zorglandschap/registry.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "zorglandschap/store_registry.h"

typedef struct pick {
    int rank; /* lower is better; -1 when nothing usable yet */
    double lo, hi, point;
    const char *basis;
} pick;

static bool starts_ci(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static int type_rank(const char *type)
{
    if (starts_ci(type, "point"))
        return 0;
    if (starts_ci(type, "birth"))
        return 1;
    return -1;
}

static int geo_rank(const char *geo)
{
    if (strcasecmp(geo, "Netherlands") == 0)
        return 0;
    if (strcasecmp(geo, "Europe") == 0)
        return 1;
    if (!*geo || strcasecmp(geo, "Worldwide") == 0)
        return 2;
    return 3;
}

static zl_status consider(const zl_prevalence_row *r, void *ctx, zl_err *err)
{
    pick *p = ctx;
    int t = type_rank(r->type);
    if (t < 0)
        return ZL_OK;
    int rank = t * 100 + geo_rank(r->geography) * 10 + (strcasecmp(r->validation, "Validated") != 0);
    double lo, hi, point;
    bool has_class = zl_prevalence_class_range(r->cls, &lo, &hi, &point);
    if (r->value > 0) {
        point = r->value / 100000.0;
        if (!has_class)
            lo = hi = point;
    } else if (!has_class) {
        return ZL_OK;
    }
    if (p->rank >= 0 && rank >= p->rank)
        return ZL_OK;
    p->rank = rank;
    p->lo = lo, p->hi = hi, p->point = point;
    p->basis = t == 0 ? "point prevalence" : "birth prevalence";
    return ZL_OK;
}

static zl_status expected_for(zl_store *s, zl_count_row *row, int64_t population, zl_err *err)
{
    pick p = {.rank = -1};
    if (zl_store_registry_prevalences(s, row->orpha, consider, &p, err) != ZL_OK)
        return err->code;
    if (p.rank < 0 || population <= 0)
        return ZL_OK;
    row->expected = p.point * (double)population;
    row->expected_low = p.lo * (double)population;
    row->expected_high = p.hi >= 0 ? p.hi * (double)population : -1;
    row->prevalence_basis = p.basis;
    return ZL_OK;
}

zl_status zl_registry_add_names_and_expected(zl_store *s, zl_count_table *t, zl_err *err)
{
    if (zl_store_registry_population(s, &t->population, err) != ZL_OK)
        return err->code;
    for (size_t i = 0; i < t->n; i++) {
        zl_count_row *r = &t->rows[i];
        char name[512];
        if (zl_store_registry_code_name(s, r->orpha, name, sizeof name, err) != ZL_OK)
            return err->code;
        if (*name) {
            char *copy = strdup(name);
            if (!copy)
                return zl_fail(err, ZL_ENOMEM, "out of memory");
            free(r->label);
            r->label = copy;
        }
        /* A location's own view compares with the national count, not the population. */
        if (!t->q.location && expected_for(s, r, t->population, err) != ZL_OK)
            return err->code;
    }
    return ZL_OK;
}
