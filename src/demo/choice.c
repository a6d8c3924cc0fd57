/* The choice step of the demo: a fitted hospital-choice model for every sample
 * intervention, so that impact analyses can use the `choice` rule at once, and the
 * sample's ILLUSTRATIVE network partners for the `partner` rule. */
#include "zorglandschap/demo_choice.h"

#include <stdlib.h>
#include <string.h>

#include "zorglandschap/choice.h"
#include "zorglandschap/store_case.h"
#include "zorglandschap/store_choice.h"
#include "zorglandschap/store_landscape.h"
#include "zorglandschap/util.h"

/* The sample's network partners (ILLUSTRATIVE, not real agreements): a location's partners
 * are the other hospital locations (umc, general) of its organisation in equal shares,
 * else the university medical centre(s) of its province. */
typedef struct cand {
    char *id, *org, *kind, *region;
} cand;

typedef struct cands {
    cand *v;
    size_t n, cap;
} cands;

static void cands_free(cands *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->v[i].id);
        free(c->v[i].org);
        free(c->v[i].kind);
        free(c->v[i].region);
    }
    free(c->v);
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static zl_status add_cand(void *ctx, const char *id, const char *org, const char *kind,
                          const char *region, zl_err *err)
{
    cands *c = ctx;
    void *p = c->v;
    if (zl_grow(&p, &c->cap, c->n + 1, sizeof *c->v, err) != ZL_OK)
        return ZL_ENOMEM;
    c->v = p;
    cand *x = &c->v[c->n++];
    *x = (cand){strdup(id), dup_or_null(org && *org ? org : NULL), strdup(kind),
                dup_or_null(region)};
    if (!x->id || !x->kind || (org && *org && !x->org) || (region && !x->region))
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    return ZL_OK;
}

static bool hospital(const cand *x)
{
    return strcmp(x->kind, "umc") == 0 || strcmp(x->kind, "general") == 0;
}

static bool same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* Pass 0: a hospital of the same organisation; pass 1: a UMC of the same province. */
static bool match(const cands *c, size_t i, size_t j, int pass)
{
    const cand *x = &c->v[i], *y = &c->v[j];
    if (j == i || !hospital(y))
        return false;
    return pass == 0 ? same(x->org, y->org)
                     : strcmp(y->kind, "umc") == 0 && same(x->region, y->region);
}

/* Partners of location i: by organisation, else the province's UMCs, in equal shares. */
static zl_status partners_of(zl_store *s, const cands *c, size_t i, size_t *rows, zl_err *err)
{
    for (int pass = 0; pass < 2; pass++) {
        size_t n = 0;
        for (size_t j = 0; j < c->n; j++)
            n += match(c, i, j, pass);
        for (size_t j = 0; n && j < c->n; j++) {
            if (!match(c, i, j, pass))
                continue;
            zl_status st =
                zl_store_partner_put(s, c->v[i].id, c->v[j].id, 1.0 / (double)n, true, err);
            if (st != ZL_OK)
                return st;
            (*rows)++;
        }
        if (n)
            return ZL_OK;
    }
    return ZL_OK;
}

static zl_status sample_partners(zl_store *s, FILE *log, zl_err *err)
{
    cands c = {0};
    size_t rows = 0;
    zl_status st = zl_store_location_groups_each(s, "province", add_cand, &c, err);
    if (st == ZL_OK)
        st = zl_store_begin(s, err);
    if (st != ZL_OK) {
        cands_free(&c);
        return st;
    }
    st = zl_store_partners_clear(s, err);
    for (size_t i = 0; st == ZL_OK && i < c.n; i++)
        if (hospital(&c.v[i]))
            st = partners_of(s, &c, i, &rows, err);
    cands_free(&c);
    if (st != ZL_OK) {
        zl_store_rollback(s);
        return st;
    }
    if (log)
        fprintf(log,
                "partners      %zu ILLUSTRATIVE rows (the organisation's other hospitals, "
                "else the province's UMC)\n",
                rows);
    return zl_store_commit(s, err);
}

zl_status zl_demo_build_choice(zl_store *s, const char *data_dir, FILE *log, zl_err *err)
{
    (void)data_dir;
    char **codes = NULL;
    size_t n = 0;
    zl_status st = zl_store_list_intervention_codes(s, &codes, &n, err);
    zl_choice_fit_opts o = {.age_interaction = true};
    for (size_t i = 0; st == ZL_OK && i < n; i++) {
        zl_choice_model *m = NULL;
        int flow_year = 0;
        /* Interventions known only by volumes (BIRTH from the acute-care data) have no
         * patient flows to fit a choice model on. */
        if ((st = zl_store_flow_latest_year(s, codes[i], &flow_year, err)) != ZL_OK ||
            flow_year == 0)
            continue;
        st = zl_choice_fit_store(s, codes[i], 0, &o, &m, err);
        if (st == ZL_OK && log)
            fprintf(log, "choice model  %-10s %d: %lld patients, %zu locations, rho2 %.3f%s\n",
                    m->intervention, m->year, (long long)m->patients, m->n_locs, m->rho2,
                    m->synthetic ? " (synthetic flows)" : "");
        zl_choice_model_free(m);
    }
    zl_strv_free(codes);
    if (st == ZL_OK)
        st = sample_partners(s, log, err);
    return st == ZL_OK ? ZL_OK : zl_err_prefix(err, "demo choice models and partners: ");
}
