/* The synthetic patient-flow generator (model in docs/sample-data.md). Per intervention:
 * a seeded choice of current providers, then per year and area a Poisson number of
 * patients (incidence x population by age band), each assigned to a provider with
 * probability proportional to A_j exp(-beta minutes). Random streams are derived from
 * (seed, intervention, year), so adding an intervention or a year leaves the others'
 * numbers unchanged. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "zorglandschap/store_landscape.h"
#include "zorglandschap/synth.h"
#include "zorglandschap/util.h"

zl_synth_opts zl_synth_defaults(void)
{
    return (zl_synth_opts){.seed = 20240601,
                           .year_from = 2021,
                           .year_to = 2023,
                           .beta = 0.07,
                           .sigma = 0.5,
                           .umc_attract = 2.0};
}

/* Everything the generator reads from the store; freed by world_free. */
typedef struct world {
    zl_point_area *areas;
    size_t na;
    zl_point_location *locs;
    size_t nl;
    int64_t *ages;  /* na x ZL_AGE_BANDS */
    float *minutes; /* na x nl */
    size_t filled;
} world;

static void world_free(world *w)
{
    free(w->areas);
    zl_point_locations_free(w->locs, w->nl);
    free(w->ages);
    free(w->minutes);
}

static long find_pc4(const world *w, int32_t pc4)
{
    size_t lo = 0, hi = w->na;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (w->areas[mid].pc4 < pc4)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < w->na && w->areas[lo].pc4 == pc4 ? (long)lo : -1;
}

static long find_loc(const world *w, const char *id)
{
    size_t lo = 0, hi = w->nl;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(w->locs[mid].id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < w->nl && strcmp(w->locs[lo].id, id) == 0 ? (long)lo : -1;
}

static zl_status take_travel(void *ctx, const zl_travel_row *r, zl_err *err)
{
    world *w = ctx;
    long i = find_pc4(w, r->pc4), j = find_loc(w, r->location_id);
    if (i >= 0 && j >= 0) {
        w->minutes[(size_t)i * w->nl + (size_t)j] = (float)r->minutes;
        w->filled++;
    }
    return ZL_OK;
}

static zl_status world_load(zl_store *s, world *w, zl_err *err)
{
    zl_status st = zl_store_list_areas(s, &w->areas, &w->na, err);
    if (st == ZL_OK)
        st = zl_store_list_locations(s, &w->locs, &w->nl, err);
    if (st == ZL_OK)
        st = zl_store_area_age_matrix(s, w->areas, w->na, &w->ages, err);
    if (st != ZL_OK)
        return st;
    if (!w->na || !w->nl)
        return zl_fail(err, ZL_EINPUT, "no areas or no locations in the store: import them first");
    if (!(w->minutes = malloc(w->na * w->nl * sizeof *w->minutes)))
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    if ((st = zl_store_travel_scan(s, take_travel, w, err)) != ZL_OK)
        return st;
    if (w->filled != w->na * w->nl)
        return zl_fail(err, ZL_EINPUT,
                       "the travel matrix has %zu of %zu rows: run 'zl travel build' first",
                       w->filled, w->na * w->nl);
    return ZL_OK;
}

static uint64_t stream_seed(uint64_t seed, const char *code, int year)
{
    return seed ^ zl_hash_str(code) ^ ((uint64_t)(unsigned)year * 0x9E3779B97F4A7C15ULL);
}

/* Chooses the providers: every UMC, then general hospitals drawn without replacement with
 * probability proportional to their attractiveness (Efraimidis-Spirakis keys). Fills
 * attract[] for all locations and returns the chosen indexes in location order. */
static size_t choose_providers(const world *w, const zl_synth_model *m, const zl_synth_opts *o,
                               double *attract, double *key, size_t *chosen)
{
    zl_rng rng;
    zl_rng_seed(&rng, stream_seed(o->seed, m->code, 0));
    size_t n_umc = 0, n_gen = 0;
    for (size_t j = 0; j < w->nl; j++) {
        bool umc = strcmp(w->locs[j].kind, "umc") == 0;
        bool gen = strcmp(w->locs[j].kind, "general") == 0;
        double z = zl_rng_normal(&rng), u = zl_rng_uniform(&rng);
        attract[j] = umc ? o->umc_attract : gen ? exp(o->sigma * z) : 0;
        key[j] = umc ? 2.0 : gen ? pow(u, 1.0 / attract[j]) : -1.0; /* UMCs always first */
        n_umc += umc;
        n_gen += gen;
    }
    size_t want = (size_t)m->providers, avail = n_umc + n_gen;
    if (want > avail)
        want = avail;
    /* Threshold = the want-th largest key: a partial selection by repeated maximum. */
    bool *taken = calloc(w->nl, sizeof *taken);
    if (!taken)
        return 0;
    for (size_t k = 0; k < want; k++) {
        long best = -1;
        for (size_t j = 0; j < w->nl; j++)
            if (!taken[j] && key[j] >= 0 && (best < 0 || key[j] > key[best]))
                best = (long)j;
        taken[best] = true;
    }
    size_t n = 0;
    for (size_t j = 0; j < w->nl; j++)
        if (taken[j])
            chosen[n++] = j;
    free(taken);
    return n;
}

typedef struct gen_out {
    FILE *flows, *volumes;
    zl_synth_summary *sum;
} gen_out;

/* One year of one intervention: Poisson patients per area, gravity assignment. */
static zl_status gen_year(const world *w, const zl_synth_model *m, const zl_synth_opts *o, int year,
                          const size_t *prov, size_t np, const double *attract, gen_out *out,
                          zl_err *err)
{
    zl_rng rng;
    zl_rng_seed(&rng, stream_seed(o->seed, m->code, year));
    double *cum = malloc(np * sizeof *cum);
    int64_t *vol = calloc(np, sizeof *vol), *cnt = calloc(np, sizeof *cnt);
    if (!cum || !vol || !cnt) {
        free(cum);
        free(vol);
        free(cnt);
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < w->na; i++) {
        double lambda = 0;
        for (int b = 0; b < ZL_AGE_BANDS; b++)
            lambda += (double)w->ages[i * ZL_AGE_BANDS + (size_t)b] * m->rate[b] / 1e5;
        int64_t n = zl_rng_poisson(&rng, lambda);
        if (!n)
            continue;
        double total = 0;
        for (size_t k = 0; k < np; k++) {
            total += attract[prov[k]] * exp(-o->beta * w->minutes[i * w->nl + prov[k]]);
            cum[k] = total;
        }
        memset(cnt, 0, np * sizeof *cnt);
        for (int64_t p = 0; p < n; p++) {
            double u = zl_rng_uniform(&rng) * total;
            size_t k = 0;
            while (k + 1 < np && u >= cum[k])
                k++;
            cnt[k]++;
        }
        for (size_t k = 0; k < np; k++) {
            if (!cnt[k])
                continue;
            fprintf(out->flows, "%d,%s,%s,%d,%lld,1\n", (int)w->areas[i].pc4, w->locs[prov[k]].id,
                    m->code, year, (long long)cnt[k]);
            vol[k] += cnt[k];
            out->sum->flow_rows++;
        }
        out->sum->patients += n;
    }
    for (size_t k = 0; out->volumes && k < np; k++) {
        fprintf(out->volumes, "%s,%s,%d,%lld,1\n", w->locs[prov[k]].id, m->code, year,
                (long long)vol[k]);
        out->sum->volume_rows++;
    }
    free(cum);
    free(vol);
    free(cnt);
    return ZL_OK;
}

static const zl_synth_model *model_for(const char *code)
{
    size_t n;
    const zl_synth_model *m = zl_synth_models(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(m[i].code, code) == 0)
            return &m[i];
    return NULL;
}

static zl_status gen_intervention(const world *w, const zl_synth_model *m, const zl_synth_opts *o,
                                  gen_out *out, zl_err *err)
{
    double *attract = malloc(w->nl * sizeof *attract), *key = malloc(w->nl * sizeof *key);
    size_t *prov = malloc(w->nl * sizeof *prov);
    zl_status st = ZL_OK;
    size_t np = 0;
    if (!attract || !key || !prov || !(np = choose_providers(w, m, o, attract, key, prov)))
        st = zl_fail(err, ZL_EINPUT, "%s: no UMC or general hospital to provide it", m->code);
    for (int y = o->year_from; st == ZL_OK && y <= o->year_to; y++)
        st = gen_year(w, m, o, y, prov, np, attract, out, err);
    free(attract);
    free(key);
    free(prov);
    return st;
}

static zl_status check_opts(const zl_synth_opts *o, zl_err *err)
{
    if (o->year_from < 1900 || o->year_to > 2100 || o->year_from > o->year_to)
        return zl_fail(err, ZL_EINPUT, "years %d-%d: expected FROM-TO within 1900-2100",
                       o->year_from, o->year_to);
    if (!(o->beta >= 0 && o->beta <= 1) || !(o->sigma >= 0 && o->sigma <= 3) ||
        !(o->umc_attract > 0 && o->umc_attract <= 100))
        return zl_fail(err, ZL_EINPUT,
                       "beta must be 0-1 per minute, sigma 0-3, UMC"
                       " attractiveness 0-100");
    return ZL_OK;
}

zl_status zl_synth_flows(zl_store *s, const zl_synth_opts *o, FILE *flows, FILE *volumes,
                         zl_synth_summary *sum, zl_err *err)
{
    world w = {0};
    char **codes = NULL;
    size_t nc = 0;
    gen_out out = {flows, volumes, sum};
    *sum = (zl_synth_summary){0};
    zl_status st = check_opts(o, err);
    if (st == ZL_OK)
        st = world_load(s, &w, err);
    if (st == ZL_OK)
        st = zl_store_list_intervention_codes(s, &codes, &nc, err);
    if (st == ZL_OK) {
        fputs("pc4,location_id,intervention,year,patients,synthetic\n", flows);
        if (volumes)
            fputs("location_id,intervention,year,count,synthetic\n", volumes);
    }
    for (size_t i = 0; st == ZL_OK && i < nc; i++) {
        const zl_synth_model *m = model_for(codes[i]);
        if (!m)
            continue;
        st = gen_intervention(&w, m, o, &out, err);
        sum->interventions++;
    }
    if (st == ZL_OK && !sum->interventions)
        st = zl_fail(err, ZL_EINPUT,
                     "no intervention in the store has a synthetic model"
                     " (codes: PANC, OESO_STOM, LUNG, KIDNEY, HEADNECK, AAA, CEA)");
    if (st == ZL_OK && (ferror(flows) || (volumes && ferror(volumes))))
        st = zl_fail(err, ZL_EIO, "writing the synthetic flows failed");
    zl_strv_free(codes);
    world_free(&w);
    return st;
}
