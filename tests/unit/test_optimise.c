/* Tests of the optimiser: agreement of GLPK with a brute-force enumerator on small random
 * cases (every objective, with and without each constraint), the heuristic's answers are
 * feasible, never better than the optimum and its bounds never above it; infeasibility
 * explanations; determinism; the report through the impact analysis; the local search's
 * norm repair by sorted lists equals the repair by a scan. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_fixture.h"
#include "optimise/opt_internal.h"
#include "testutil.h"
#include "zorglandschap/optimise.h"

/* A deterministic generator for the random cases (xorshift64*). */
static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ULL;
}

static int rng_int(uint64_t *s, int lo, int hi)
{
    return lo + (int)(rng_next(s) % (uint64_t)(hi - lo + 1));
}

static zl_case *random_case(uint64_t *rng, int n_areas, int n_locs, int n_regions)
{
    zl_case *c = fx_calloc(1, sizeof *c);
    c->intervention = (zl_intervention){.code = fx_strdup("RND"),
                                        .name = fx_strdup("Random"),
                                        .group = fx_strdup("test"),
                                        .norm = 5,
                                        .window_years = 1,
                                        .proposed_norm = -1};
    c->year = 2024;
    c->n_areas = (size_t)n_areas;
    c->areas = fx_calloc((size_t)n_areas, sizeof *c->areas);
    for (int a = 0; a < n_areas; a++)
        c->areas[a] = (zl_area){2000 + a, 1000, 52, 5};
    c->n_locations = (size_t)n_locs;
    c->locations = fx_calloc((size_t)n_locs, sizeof *c->locations);
    for (int l = 0; l < n_locs; l++) {
        char id[16];
        snprintf(id, sizeof id, "L%d", l);
        c->locations[l] = (zl_location){.id = fx_strdup(id), .name = fx_strdup(id)};
    }
    c->flows = fx_calloc((size_t)n_areas * 2, sizeof *c->flows);
    for (int a = 0; a < n_areas; a++) {
        int l1 = rng_int(rng, 0, n_locs - 1), l2 = rng_int(rng, 0, n_locs - 1);
        c->flows[c->n_flows++] =
            (zl_flow){(uint32_t)a, (uint32_t)(l1 < l2 ? l1 : l2), rng_int(rng, 1, 9)};
        if (l1 != l2)
            c->flows[c->n_flows++] =
                (zl_flow){(uint32_t)a, (uint32_t)(l1 < l2 ? l2 : l1), rng_int(rng, 1, 5)};
    }
    c->volume_mean = fx_calloc((size_t)n_locs, sizeof *c->volume_mean);
    c->volume_years = fx_calloc((size_t)n_locs, sizeof *c->volume_years);
    c->minutes = fx_calloc((size_t)(n_areas * n_locs), sizeof *c->minutes);
    for (int k = 0; k < n_areas * n_locs; k++)
        c->minutes[k] = (float)rng_int(rng, 5, 90);
    if (n_regions > 0) {
        c->region_layer = fx_strdup("rnd");
        c->n_regions = (size_t)n_regions;
        c->region_codes = fx_calloc((size_t)n_regions, sizeof *c->region_codes);
        for (int r = 0; r < n_regions; r++) {
            char code[16];
            snprintf(code, sizeof code, "R%d", r);
            c->region_codes[r] = fx_strdup(code);
        }
        c->area_region = fx_calloc((size_t)n_areas, sizeof *c->area_region);
        c->location_region = fx_calloc((size_t)n_locs, sizeof *c->location_region);
        for (int l = 0; l < n_locs; l++)
            c->location_region[l] = rng_int(rng, 0, n_regions - 1);
    }
    c->synthetic = true;
    return c;
}

/* ---- The brute force: every single-sourcing assignment of areas to candidates. ---- */

typedef struct brute {
    bool feasible;
    double best;
} brute;

static double objective_of(const zl_case *c, zl_opt_objective obj, const int64_t *d,
                           const int *dest)
{
    double v = 0;
    for (size_t a = 0; a < c->n_areas; a++) {
        if (!d[a])
            continue;
        double t = c->minutes[a * c->n_locations + (size_t)dest[a]];
        if (obj == ZL_OBJ_TOTAL)
            v += (double)d[a] * t;
        else if (obj == ZL_OBJ_MAX)
            v = t > v ? t : v;
        else
            v += t > 45 ? (double)d[a] : 0;
    }
    return v;
}

/* Whether the assignment (dest per area) with open set `open` meets every constraint. */
static bool assignment_ok(const zl_case *c, const zl_optimise_opts *o, int64_t norm,
                          const int64_t *d, const int64_t *cur, const bool *cand, const int *dest,
                          const bool *open)
{
    int64_t vol[16] = {0};
    int n_open = 0;
    for (size_t a = 0; a < c->n_areas; a++) {
        if (!d[a])
            continue;
        if (!open[dest[a]] || !cand[dest[a]])
            return false;
        if (o->max_minutes > 0 && c->minutes[a * c->n_locations + (size_t)dest[a]] > o->max_minutes)
            return false;
        vol[dest[a]] += d[a];
    }
    for (size_t l = 0; l < c->n_locations; l++) {
        if (!open[l])
            continue;
        n_open++;
        if (vol[l] < norm)
            return false;
        if (o->capacity_factor > 0 &&
            vol[l] > (int64_t)(o->capacity_factor * (double)cur[l] + 1e-9))
            return false;
    }
    for (size_t k = 0; k < o->n_keep; k++)
        if (!open[zl_case_location_index(c, o->keep[k])])
            return false;
    if (o->max_locations > 0 && n_open > o->max_locations)
        return false;
    for (size_t r = 0; o->min_per_region && r < c->n_regions; r++) {
        bool has = false, covered = false;
        for (size_t l = 0; l < c->n_locations; l++) {
            if (c->location_region[l] != (int32_t)r || cur[l] <= 0)
                continue;
            has = true;
            covered = covered || open[l];
        }
        if (has && !covered)
            return false;
    }
    return true;
}

static void demand_of(const zl_case *c, int64_t *d, int64_t *cur)
{
    memset(d, 0, c->n_areas * sizeof *d);
    memset(cur, 0, c->n_locations * sizeof *cur);
    for (size_t f = 0; f < c->n_flows; f++) {
        d[c->flows[f].area] += c->flows[f].patients;
        cur[c->flows[f].location] += c->flows[f].patients;
    }
}

static brute brute_force(const zl_case *c, const zl_optimise_opts *o, int64_t norm)
{
    int64_t d[16], cur[16];
    bool cand[16] = {false}, open[16];
    int dest[16] = {0}, cands[16], nc = 0;
    demand_of(c, d, cur);
    for (size_t l = 0; l < c->n_locations; l++) {
        cand[l] = cur[l] > 0;
        for (size_t k = 0; k < o->n_exclude; k++)
            cand[l] = cand[l] && strcmp(o->exclude[k], c->locations[l].id) != 0;
        if (cand[l])
            cands[nc++] = (int)l;
    }
    brute b = {false, INFINITY};
    if (nc == 0)
        return b;
    int idx[16] = {0};
    for (;;) {
        memset(open, 0, sizeof open);
        for (size_t k = 0; k < o->n_keep; k++)
            open[zl_case_location_index(c, o->keep[k])] = true;
        for (size_t a = 0; a < c->n_areas; a++) {
            dest[a] = cands[idx[a]];
            if (d[a])
                open[dest[a]] = true;
        }
        if (assignment_ok(c, o, norm, d, cur, cand, dest, open)) {
            double v = objective_of(c, o->objective, d, dest);
            b.feasible = true;
            b.best = v < b.best ? v : b.best;
        }
        size_t a = 0;
        while (a < c->n_areas && ++idx[a] == nc)
            idx[a++] = 0;
        if (a == c->n_areas)
            break;
    }
    return b;
}

/* The result's own answer must meet every constraint and match its reported value. */
static void check_result(const zl_case *c, const zl_optimise_opts *o, const zl_optimise_result *r)
{
    int64_t d[16], cur[16];
    int dest[16] = {0};
    bool cand[16];
    demand_of(c, d, cur);
    for (size_t l = 0; l < c->n_locations; l++)
        cand[l] = r->candidate[l];
    for (size_t a = 0; a < c->n_areas; a++)
        dest[a] = d[a] ? (int)r->area_dest[a] : 0;
    assert_true(assignment_ok(c, o, r->norm, d, cur, cand, dest, r->open));
    assert_true(fabs(objective_of(c, o->objective, d, dest) - r->value) <= 1e-6 * (1 + r->value));
    assert_true(r->lower_bound <= r->value + 1e-9);
    for (size_t f = 0; f < c->n_flows; f++)
        assert_true(r->scenario.open_after[r->scenario.dest[f]]);
}

typedef struct tally {
    int instances, feasible, heur_optimal, heur_found;
} tally;

static void compare_one(const zl_case *c, zl_optimise_opts *o, tally *t)
{
    brute b = brute_force(c, o, o->norm);
    zl_err err = {0};
    zl_optimise_result *ex = NULL, *he = NULL;
    o->method = ZL_OPT_EXACT;
    zl_status se = zl_optimise_solve(c, o, &ex, &err);
    o->method = ZL_OPT_HEURISTIC;
    zl_status sh = zl_optimise_solve(c, o, &he, &err);
    /* GLPK without the heuristic's answer as first incumbent finds the same optimum. */
    zl_optimise_result *cold = NULL;
    o->method = ZL_OPT_EXACT;
    o->no_warm_start = true;
    bool cuts = t->instances % 2; /* and with GLPK's cuts on every other case */
    o->mip_cuts = cuts;
    zl_status sc = zl_optimise_solve(c, o, &cold, &err);
    o->no_warm_start = o->mip_cuts = false;
    t->instances++;
    if (!b.feasible) {
        assert_int_equal(se, ZL_EINFEASIBLE);
        assert_int_equal(sh, ZL_EINFEASIBLE);
        assert_int_equal(sc, ZL_EINFEASIBLE);
        return;
    }
    if (sc != ZL_OK)
        fail_msg("cold GLPK failed on a feasible instance: %s", err.msg);
    check_result(c, o, cold);
    assert_false(cold->glpk_warm_start);
    assert_true(cold->glpk_cuts == cuts);
    assert_true(ex->glpk_warm_start || sh != ZL_OK);
    if (fabs(cold->value - b.best) > 1e-6 * (1 + b.best))
        fail_msg("cold GLPK %g != brute force %g (objective %d)", cold->value, b.best,
                 o->objective);
    assert_true(cold->proven_optimal);
    zl_optimise_free(cold);
    t->feasible++;
    if (se != ZL_OK)
        fail_msg("exact failed on a feasible instance: %s", err.msg);
    check_result(c, o, ex);
    if (fabs(ex->value - b.best) > 1e-6 * (1 + b.best))
        fail_msg("exact %g != brute force %g (objective %d)", ex->value, b.best, o->objective);
    assert_true(ex->proven_optimal);
    if (sh == ZL_OK) {
        t->heur_found++;
        check_result(c, o, he);
        assert_true(he->value >= b.best - 1e-6 * (1 + b.best));
        assert_true(he->lower_bound <= b.best + 1e-6 * (1 + b.best));
        t->heur_optimal += fabs(he->value - b.best) <= 1e-6 * (1 + b.best);
    } else {
        assert_int_equal(sh, ZL_EINFEASIBLE);
    }
    zl_optimise_free(ex);
    zl_optimise_free(he);
}

static void random_agreement(uint64_t seed, int rounds, int max_areas, int max_locs)
{
    uint64_t rng = seed;
    tally t = {0};
    for (int k = 0; k < rounds; k++) {
        int na = rng_int(&rng, 3, max_areas), nl = rng_int(&rng, 2, max_locs);
        int nr = rng_int(&rng, 0, 2);
        zl_case *c = random_case(&rng, na, nl, nr);
        zl_optimise_opts o = {.norm = rng_int(&rng, 1, 12), .time_limit = 10};
        o.objective = (zl_opt_objective)(k % 3);
        int variant = rng_int(&rng, 0, 5);
        char keep_id[16], excl_id[16];
        const char *keep[1] = {keep_id}, *excl[1] = {excl_id};
        snprintf(keep_id, sizeof keep_id, "L%d", c->flows[0].location);
        snprintf(excl_id, sizeof excl_id, "L%d", c->flows[c->n_flows - 1].location);
        if (variant == 1)
            o.max_locations = rng_int(&rng, 1, 3);
        if (variant == 2 && nr > 0)
            o.min_per_region = true;
        if (variant == 3)
            o.max_minutes = rng_int(&rng, 40, 90);
        if (variant == 4)
            o.capacity_factor = 1.0 + rng_int(&rng, 0, 10) / 5.0;
        if (variant == 5 && strcmp(keep_id, excl_id) != 0) {
            o.keep = keep;
            o.n_keep = 1;
            o.exclude = excl;
            o.n_exclude = 1;
        }
        compare_one(c, &o, &t);
        zl_case_free(c);
    }
    print_message("%d instances, %d feasible: GLPK agreed on all; heuristic found %d, optimal on "
                  "%d\n",
                  t.instances, t.feasible, t.heur_found, t.heur_optimal);
    assert_true(t.feasible >= rounds / 4);
    /* The heuristic is not exact, but on these small cases it should nearly always be. */
    assert_true(t.heur_optimal * 10 >= t.feasible * 8);
}

static void test_random_small(void **state)
{
    random_agreement(0x9e3779b97f4a7c15ULL, 150, 6, 6);
}

static void test_random_ten_locations(void **state)
{
    random_agreement(0x243f6a8885a308d3ULL, 20, 5, 10);
}

/* Hand-computed: with norm 22 only one location can stay and it takes all 22 patients;
 * b costs 6x20 + 6x15 + 7x30 + 3x50 = 570 minutes, a 860, c 718. */
static void test_fixture_single_location(void **state)
{
    zl_case *c = fixture_case(false);
    zl_optimise_opts o = {.norm = 22};
    zl_optimise_result *r = NULL;
    zl_err err = {0};
    for (int m = 0; m < 3; m++) {
        o.method = (zl_opt_method)m;
        assert_int_equal(zl_optimise_solve(c, &o, &r, &err), ZL_OK);
        assert_true(fabs(r->value - 570) < 1e-6);
        assert_true(r->open[1] && !r->open[0] && !r->open[2] && !r->open[3]);
        assert_int_equal(r->volume_after[1], 22);
        assert_true(r->proven_optimal);
        zl_optimise_free(r);
    }
    zl_case_free(c);
}

static void expect_infeasible(zl_case *c, const zl_optimise_opts *o, zl_status code,
                              const char *msg)
{
    zl_optimise_result *r = NULL;
    zl_err err = {0};
    assert_int_equal(zl_optimise_solve(c, o, &r, &err), code);
    assert_null(r);
    assert_contains(err.msg, msg);
}

static void test_infeasibility_explained(void **state)
{
    zl_case *c = fixture_case(true);
    const char *a[] = {"a"}, *ab[] = {"a", "b"}, *d[] = {"d"}, *abc[] = {"a", "b", "c"};
    const char *cc[] = {"c"};
    expect_infeasible(c, &(zl_optimise_opts){.norm = 23}, ZL_EINFEASIBLE,
                      "total demand 22 patients < norm 23");
    expect_infeasible(c, &(zl_optimise_opts){.norm = 10, .keep = a, .n_keep = 1, .max_minutes = 12},
                      ZL_EINFEASIBLE,
                      "location a (kept) cannot reach the norm 10: only 6 patients live within "
                      "12 minutes of it");
    expect_infeasible(c, &(zl_optimise_opts){.norm = 12, .min_per_region = true}, ZL_EINFEASIBLE,
                      "2 x 12 = 24 > total demand 22");
    expect_infeasible(c, &(zl_optimise_opts){.norm = 1, .capacity_factor = 0.5}, ZL_EINFEASIBLE,
                      "can take at most 10 patients together, but the demand is 22");
    expect_infeasible(c, &(zl_optimise_opts){.norm = 6, .capacity_factor = 0.5}, ZL_EINFEASIBLE,
                      "no candidate location's capacity");
    expect_infeasible(c, &(zl_optimise_opts){.norm = 1, .max_minutes = 9}, ZL_EINFEASIBLE,
                      "PC4 1000 (6 patients): the nearest candidate location a is 10.0 minutes "
                      "away, more than --max-minutes 9");
    expect_infeasible(c, &(zl_optimise_opts){.norm = 1, .exclude = abc, .n_exclude = 3},
                      ZL_EINFEASIBLE, "no candidate locations");
    expect_infeasible(c, &(zl_optimise_opts){.norm = 1, .keep = d, .n_keep = 1}, ZL_EINPUT,
                      "location d (kept) does not offer LUNG in 2024");
    expect_infeasible(
        c, &(zl_optimise_opts){.norm = 1, .keep = ab, .n_keep = 2, .max_locations = 1},
        ZL_EINFEASIBLE, "--keep forces 2 locations open, more than --max-locations 1");
    expect_infeasible(
        c, &(zl_optimise_opts){.norm = 1, .min_per_region = true, .exclude = cc, .n_exclude = 1},
        ZL_EINFEASIBLE, "region R1: every current provider is excluded");
    expect_infeasible(c, &(zl_optimise_opts){.norm = 17, .min_per_region = true, .max_minutes = 46},
                      ZL_EINFEASIBLE,
                      "region R1: none of its 1 candidate locations can reach the "
                      "norm 17 (best: c with 16 patients within 46 minutes)");
    expect_infeasible(
        c, &(zl_optimise_opts){.norm = 1, .keep = a, .n_keep = 1, .exclude = a, .n_exclude = 1},
        ZL_EINPUT, "location a is both kept and excluded");
    expect_infeasible(c,
                      &(zl_optimise_opts){.norm = 1, .keep = (const char *[]){"zz"}, .n_keep = 1},
                      ZL_ENOTFOUND, "--keep: unknown location 'zz'");
    zl_case_free(c);
}

static void test_deterministic(void **state)
{
    uint64_t rng = 42;
    zl_case *c = random_case(&rng, 9, 8, 2);
    for (int obj = 0; obj < 3; obj++) {
        zl_optimise_opts o = {
            .norm = 8, .objective = (zl_opt_objective)obj, .method = ZL_OPT_HEURISTIC};
        zl_optimise_result *r1 = NULL, *r2 = NULL;
        zl_err err = {0};
        zl_status s1 = zl_optimise_solve(c, &o, &r1, &err);
        zl_status s2 = zl_optimise_solve(c, &o, &r2, &err);
        assert_int_equal(s1, s2);
        if (s1 != ZL_OK)
            continue;
        assert_memory_equal(r1->area_dest, r2->area_dest, c->n_areas * sizeof *r1->area_dest);
        assert_memory_equal(r1->open, r2->open, c->n_locations * sizeof *r1->open);
        assert_true(r1->value == r2->value && r1->lower_bound == r2->lower_bound);
        zl_optimise_free(r1);
        zl_optimise_free(r2);
    }
    zl_case_free(c);
}

/* The report: the impact analysis of the outcome is embedded and the plain norm rule is
 * compared on the same objectives. */
static void test_report_json(void **state)
{
    zl_case *c = fixture_case(true);
    zl_optimise_opts o = {.norm = 8, .min_per_region = true};
    zl_optimise_result *r = NULL;
    zl_err err = {0};
    assert_int_equal(zl_optimise_run(c, &o, &r, &err), ZL_OK);
    json_t *j = zl_optimise_to_json(c, r);
    assert_non_null(j);
    assert_non_null(json_object_get(j, "impact"));
    json_t *impact_patients = json_object_get(json_object_get(j, "impact"), "patients");
    assert_int_equal(json_integer_value(json_object_get(impact_patients, "total")), 22);
    json_t *plain = json_object_get(j, "plain");
    assert_non_null(json_object_get(plain, "impact"));
    assert_true(json_is_true(json_object_get(j, "synthetic")));
    json_t *objs = json_object_get(j, "objectives");
    assert_int_equal(json_integer_value(json_object_get(objs, "below_norm")), 0);
    assert_int_equal(json_integer_value(json_object_get(objs, "patients")), 22);
    assert_string_equal(json_string_value(json_object_get(j, "objective")), "total");
    json_decref(j);
    FILE *f = tmpfile();
    zl_optimise_print(c, r, f);
    fclose(f);
    zl_optimise_free(r);
    zl_case_free(c);
}

/* Norm 12: every location's windowed volume is below it, so the plain rule leaves nobody
 * offering LUNG; the optimiser concentrates all 22 patients at b (570 minutes) and
 * reports why there is no plain comparison. */
static void test_plain_rule_without_outcome(void **state)
{
    zl_case *c = fixture_case(false);
    zl_optimise_opts o = {.norm = 12};
    zl_optimise_result *r = NULL;
    zl_err err = {0};
    assert_int_equal(zl_optimise_run(c, &o, &r, &err), ZL_OK);
    assert_null(r->plain);
    assert_true(r->plain_note[0] != '\0');
    assert_true(fabs(r->value - 570) < 1e-6);
    json_t *j = zl_optimise_to_json(c, r);
    assert_non_null(json_object_get(json_object_get(j, "plain"), "infeasible"));
    json_decref(j);
    zl_optimise_free(r);
    zl_case_free(c);
}

/* Any multipliers give a valid bound: L(u) never exceeds the brute-force optimum. The
 * evaluator reuses each location's ratio cutoff from the previous call (as the ascent
 * does) and must give exactly what a fresh evaluator gives, both after small steps (the
 * cutoff holds) and after jumps (it falls back to every item). */
static void lagrangian_case(const zl_case *c, const zl_optimise_opts *o, uint64_t *rng)
{
    opt_inst in;
    zl_err err = {0};
    if (opt_inst_build(c, o, &in, &err) != ZL_OK || opt_precheck(&in, &err) != ZL_OK) {
        opt_inst_free(&in);
        return;
    }
    brute b = brute_force(c, o, in.norm);
    opt_lagr *L = opt_lagr_new(&in);
    assert_non_null(L);
    double u[16], g[16], g_fresh[16];
    for (size_t i = 0; i < in.n_areas; i++)
        u[i] = in.primary[i * in.n_cand];
    for (int step = 0; step < 40; step++) {
        double scale = step % 7 == 6 ? 200 : 10;
        for (size_t i = 0; i < in.n_areas; i++)
            u[i] += scale * (rng_int(rng, 0, 200) - 100) / 100.0;
        double v = opt_lagr_value(L, u, g);
        opt_lagr *fresh = opt_lagr_new(&in);
        double v_fresh = opt_lagr_value(fresh, u, g_fresh);
        opt_lagr_free(fresh);
        assert_true(v == v_fresh || (isinf(v) && isinf(v_fresh)));
        assert_memory_equal(g, g_fresh, in.n_areas * sizeof *g);
        if (b.feasible)
            assert_true(v <= b.best + 1e-6 * (1 + fabs(b.best)));
    }
    opt_lagr_free(L);
    opt_inst_free(&in);
}

static void test_lagrangian_any_multipliers(void **state)
{
    (void)state;
    uint64_t rng = 20261123;
    for (int k = 0; k < 60; k++) {
        zl_case *c = random_case(&rng, rng_int(&rng, 3, 6), rng_int(&rng, 2, 5), 2);
        zl_optimise_opts o = {.norm = rng_int(&rng, 1, 12)};
        o.objective = k % 2 ? ZL_OBJ_BEYOND45 : ZL_OBJ_TOTAL;
        int variant = rng_int(&rng, 0, 3);
        o.max_locations = variant == 1 ? rng_int(&rng, 1, 3) : 0;
        o.min_per_region = variant == 2;
        o.capacity_factor = variant == 3 ? 1.0 + rng_int(&rng, 0, 10) / 5.0 : 0;
        lagrangian_case(c, &o, &rng);
        zl_case_free(c);
    }
}

/* The local search's norm repair reads per-location lists sorted against a reference open
 * set, merged with the areas whose cost differs from it (src/optimise/pulls.c); its
 * assignment must equal the one from a scan over every area, move for move, for open sets
 * near the reference (one or two locations changed) and far from it, under every
 * objective, with capacities and with a travel cap. Minutes are drawn from a small range
 * so that ties in the pull order are common. */
static void assign_case(const opt_inst *in, uint64_t *rng)
{
    opt_pulls *p = opt_pulls_new(in);
    assert_non_null(p);
    opt_sol scan = {0}, merged = {0};
    assert_int_equal(opt_sol_init(&scan, in, NULL), ZL_OK);
    assert_int_equal(opt_sol_init(&merged, in, NULL), ZL_OK);
    bool *ref = test_malloc(in->n_cand + 1);
    for (int round = 0; round < 6; round++) {
        double tau = round % 3 == 2 ? 20 + rng_int(rng, 0, 20) : INFINITY;
        for (size_t j = 0; j < in->n_cand; j++)
            ref[j] = in->usable[j] && rng_int(rng, 0, 3) > 0;
        opt_pulls_reset(p, ref, tau);
        for (int trial = 0; trial < 25; trial++) {
            memcpy(scan.open, ref, in->n_cand);
            int flips = trial % 5 == 4 ? (int)in->n_cand : rng_int(rng, 1, 2);
            for (int f = 0; f < flips; f++) {
                size_t j = (size_t)rng_int(rng, 0, (int)in->n_cand - 1);
                scan.open[j] = !scan.open[j] && in->usable[j];
            }
            memcpy(merged.open, scan.open, in->n_cand);
            bool ok_scan = opt_assign(in, &scan, tau);
            bool ok_merged = opt_assign_with(in, &merged, tau, p);
            assert_int_equal(ok_scan, ok_merged);
            if (!ok_scan)
                continue;
            assert_memory_equal(scan.dest, merged.dest, in->n_areas * sizeof *scan.dest);
            assert_memory_equal(scan.vol, merged.vol, in->n_cand * sizeof *scan.vol);
            assert_true(scan.cost == merged.cost);
        }
    }
    test_free(ref);
    opt_sol_free(&scan);
    opt_sol_free(&merged);
    opt_pulls_free(p);
}

static void test_repair_lists_equal_scan(void **state)
{
    (void)state;
    uint64_t rng = 20261203;
    for (int k = 0; k < 24; k++) {
        zl_case *c = random_case(&rng, rng_int(&rng, 40, 120), rng_int(&rng, 6, 14), 0);
        for (size_t m = 0; m < c->n_areas * c->n_locations; m++)
            c->minutes[m] = (float)(5 * rng_int(&rng, 1, 12));
        zl_optimise_opts o = {.norm = rng_int(&rng, 5, 60), .objective = (zl_opt_objective)(k % 3)};
        o.capacity_factor = k % 4 == 3 ? 1.0 + rng_int(&rng, 0, 10) / 5.0 : 0;
        opt_inst in;
        zl_err err = {0};
        if (opt_inst_build(c, &o, &in, &err) == ZL_OK && in.n_cand > 1)
            assign_case(&in, &rng);
        opt_inst_free(&in);
        zl_case_free(c);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixture_single_location),
        cmocka_unit_test(test_infeasibility_explained),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_report_json),
        cmocka_unit_test(test_plain_rule_without_outcome),
        cmocka_unit_test(test_lagrangian_any_multipliers),
        cmocka_unit_test(test_random_small),
        cmocka_unit_test(test_random_ten_locations),
        cmocka_unit_test(test_repair_lists_equal_scan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
