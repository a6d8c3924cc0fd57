/* Synthetic registrations for demonstrations, tests and the benchmark (labelled
 * synthetic in every row). Deterministic for a seed: splitmix64 drives every choice, and
 * the reference lists are read in a fixed order. The distribution is illustrative only:
 * disease sizes fall off like a Zipf law, centres for a disease get most of its patients,
 * and about one patient in five is also registered at one or two other hospitals. */
#include "zorglandschap/registry.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zorglandschap/store_registry.h"

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t next(rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static double uniform(rng *r)
{
    return (double)(next(r) >> 11) / 9007199254740992.0;
}

static size_t below(rng *r, size_t n)
{
    return n ? (size_t)(uniform(r) * (double)n) : 0;
}

typedef struct disease {
    int64_t orpha;
    char **centre_locs;
    size_t ncentres;
} disease;

typedef struct synth {
    rng r;
    char **locs;
    bool *umc;
    size_t nlocs, capl;
    size_t *umcs, numcs;
    int64_t *all;
    size_t nall, capa;
    disease *d;
    size_t nd;
    double *cum; /* cumulative disease weights */
    int *pc4;
    int64_t *pop;
    double *pcum;
    size_t npc4;
    int ref_year;
    const char *date;
} synth;

static zl_status on_loc(const char *id, int64_t umc, void *ctx, zl_err *err)
{
    synth *x = ctx;
    size_t c = x->capl;
    if (zl_grow((void **)&x->locs, &c, x->nlocs + 1, sizeof *x->locs, err) != ZL_OK)
        return ZL_ENOMEM;
    c = x->capl;
    if (zl_grow((void **)&x->umc, &c, x->nlocs + 1, sizeof *x->umc, err) != ZL_OK)
        return ZL_ENOMEM;
    x->capl = c;
    x->umc[x->nlocs] = umc != 0;
    if (!(x->locs[x->nlocs++] = strdup(id)))
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    return ZL_OK;
}

static zl_status on_disease(const char *name, int64_t orpha, void *ctx, zl_err *err)
{
    synth *x = ctx;
    if (zl_grow((void **)&x->all, &x->capa, x->nall + 1, sizeof *x->all, err) != ZL_OK)
        return ZL_ENOMEM;
    x->all[x->nall++] = orpha;
    return ZL_OK;
}

static zl_status on_centre(const zl_centre_row *c, void *ctx, zl_err *err)
{
    disease *d = ctx;
    void *p = realloc(d->centre_locs, (d->ncentres + 1) * sizeof *d->centre_locs);
    if (!p)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    d->centre_locs = p;
    if (!(d->centre_locs[d->ncentres++] = strdup(c->location_id)))
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    return ZL_OK;
}

static void free_disease(disease *d)
{
    for (size_t k = 0; k < d->ncentres; k++)
        free(d->centre_locs[k]);
    free(d->centre_locs);
    d->centre_locs = NULL;
    d->ncentres = 0;
}

/* Chooses the diseases: up to half with a recognised centre, the rest at random. */
static zl_status choose_diseases(zl_store *s, synth *x, int want, zl_err *err)
{
    if (!(x->d = calloc((size_t)want, sizeof *x->d)))
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t i = x->nall; i > 1; i--) { /* Fisher-Yates shuffle */
        size_t j = below(&x->r, i);
        int64_t t = x->all[i - 1];
        x->all[i - 1] = x->all[j];
        x->all[j] = t;
    }
    int with = 0;
    for (size_t i = 0; i < x->nall && (int)x->nd < want; i++) {
        disease d = {.orpha = x->all[i]};
        if (zl_store_registry_centres_for(s, d.orpha, x->date, on_centre, &d, err) != ZL_OK) {
            free_disease(&d);
            return err->code;
        }
        bool keep = d.ncentres ? with < want / 2 : (int)x->nd - with < want - want / 2;
        if (keep) {
            with += d.ncentres > 0;
            x->d[x->nd++] = d;
        } else {
            free_disease(&d);
        }
    }
    if (!x->nd)
        return zl_fail(err, ZL_ENOTFOUND, "no diseases in the store: import the ORDO first");
    if (!(x->cum = malloc(x->nd * sizeof *x->cum)))
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    double sum = 0;
    for (size_t i = 0; i < x->nd; i++)
        x->cum[i] = sum += 1.0 / pow((double)i + 1.0, 0.9);
    return ZL_OK;
}

static size_t pick_cum(rng *r, const double *cum, size_t n)
{
    double u = uniform(r) * cum[n - 1];
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cum[mid] < u)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static const char *pick_location(synth *x, const disease *d, bool first)
{
    if (first && d->ncentres && uniform(&x->r) < 0.7)
        return d->centre_locs[below(&x->r, d->ncentres)];
    if (x->numcs && uniform(&x->r) < 0.5)
        return x->locs[x->umcs[below(&x->r, x->numcs)]];
    return x->locs[below(&x->r, x->nlocs)];
}

static void random_date(rng *r, int from_year, int to_year, char out[11])
{
    int y = from_year + (int)below(r, (size_t)(to_year - from_year + 1));
    int m = 1 + (int)below(r, 12), d = 1 + (int)below(r, 28);
    char buf[40];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", y % 10000, m, d);
    memcpy(out, buf, 10);
    out[10] = '\0';
}

static int write_patient(synth *x, FILE *out, int64_t *rows, int64_t max)
{
    unsigned char ps[32];
    for (int i = 0; i < 4; i++) {
        uint64_t v = next(&x->r);
        memcpy(ps + 8 * i, &v, 8);
    }
    char hex[65];
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", ps[i]);
    int birth = x->ref_year - (int)below(&x->r, 90);
    double u = uniform(&x->r);
    const char *sex = u < 0.495 ? "M" : u < 0.995 ? "F" : "X";
    int pc4 = x->pc4[pick_cum(&x->r, x->pcum, x->npc4)];
    int ncodes = uniform(&x->r) < 0.08 ? 2 : 1;
    size_t codes[2] = {pick_cum(&x->r, x->cum, x->nd), pick_cum(&x->r, x->cum, x->nd)};
    if (codes[1] == codes[0])
        ncodes = 1;
    for (int c = 0; c < ncodes; c++) {
        const disease *d = &x->d[codes[c]];
        double h = uniform(&x->r);
        int nh = h < 0.80 ? 1 : h < 0.95 ? 2 : 3;
        const char *used[3];
        char diag[11];
        int dy = birth + (int)below(&x->r, (size_t)(x->ref_year - birth < 30 ? x->ref_year - birth + 1 : 31));
        random_date(&x->r, dy, dy, diag);
        for (int k = 0; k < nh && *rows < max; k++) {
            const char *loc = pick_location(x, d, k == 0);
            bool dup = false;
            for (int j = 0; j < k; j++)
                dup |= strcmp(used[j], loc) == 0;
            if (dup)
                continue;
            used[k] = loc;
            char contact[11];
            int from = dy > x->ref_year - 8 ? dy : x->ref_year - 8;
            random_date(&x->r, from, x->ref_year - 1, contact);
            if (strcmp(contact, diag) < 0)
                memcpy(contact, diag, 11);
            fprintf(out, "%s,%s,ORPHA:%lld,%s,%d,%s,%04d,%s,1\n", loc, hex, (long long)d->orpha,
                    diag, birth, sex, pc4, contact);
            (*rows)++;
        }
    }
    return 0;
}

static void synth_free(synth *x)
{
    for (size_t i = 0; i < x->nlocs; i++)
        free(x->locs[i]);
    for (size_t i = 0; i < x->nd; i++)
        free_disease(&x->d[i]);
    free(x->locs);
    free(x->umc);
    free(x->umcs);
    free(x->all);
    free(x->d);
    free(x->cum);
    free(x->pc4);
    free(x->pop);
    free(x->pcum);
}

static zl_status load(zl_store *s, synth *x, const zl_registry_synth_opts *o, zl_err *err)
{
    if (zl_store_registry_location_list(s, on_loc, x, err) != ZL_OK ||
        zl_store_registry_disease_list(s, on_disease, x, err) != ZL_OK ||
        zl_store_registry_area_list(s, &x->pc4, &x->pop, &x->npc4, err) != ZL_OK)
        return err->code;
    if (!x->nlocs || !x->npc4)
        return zl_fail(err, ZL_ENOTFOUND, "no locations or areas in the store: import the "
                                          "care landscape first");
    if (!(x->umcs = malloc(x->nlocs * sizeof *x->umcs)) ||
        !(x->pcum = malloc(x->npc4 * sizeof *x->pcum)))
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t i = 0; i < x->nlocs; i++)
        if (x->umc[i])
            x->umcs[x->numcs++] = i;
    double sum = 0;
    for (size_t i = 0; i < x->npc4; i++)
        x->pcum[i] = sum += (double)x->pop[i];
    return choose_diseases(s, x, o->codes > 0 ? o->codes : 40, err);
}

zl_status zl_registry_synth(zl_store *s, const zl_registry_synth_opts *o, FILE *out,
                            int64_t *patients, zl_err *err)
{
    synth x = {.r = {o->seed}, .date = o->date};
    int y;
    if (!o->date || !zl_registry_date(o->date, &y))
        return zl_fail(err, ZL_EINPUT, "synth: bad reference date");
    x.ref_year = y;
    zl_status st = load(s, &x, o, err);
    int64_t rows = 0;
    *patients = 0;
    if (st == ZL_OK) {
        fputs("location_id,pseudonym,orpha,diagnosis_date,birth_year,sex,pc4,contact_date,"
              "synthetic\n",
              out);
        while (rows < o->rows) {
            write_patient(&x, out, &rows, o->rows);
            (*patients)++;
        }
        if (ferror(out))
            st = zl_fail(err, ZL_EIO, "synth: write failed");
    }
    synth_free(&x);
    return st;
}
