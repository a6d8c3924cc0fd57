/* The optimiser's driver: builds the instance, explains infeasibility, runs the heuristic
 * (always: it is the warm start and the fallback) and GLPK when asked or when the
 * instance is small, keeps the better answer with the best proven bound, and turns it
 * into a scenario that the impact analysis evaluates. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "opt_internal.h"

/* Instances up to this size get GLPK under --method auto. */
#define AUTO_MIP_MAX_ARCS 4000

double opt_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Reported times are CPU seconds of the process: the solvers are single-threaded, and on
 * a shared machine wall-clock time measures the neighbours as much as the solver. */
double opt_cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

const char *zl_opt_objective_name(zl_opt_objective o)
{
    return o == ZL_OBJ_MAX ? "max" : o == ZL_OBJ_BEYOND45 ? "beyond45" : "total";
}

bool zl_opt_objective_parse(const char *s, zl_opt_objective *out)
{
    static const zl_opt_objective all[] = {ZL_OBJ_TOTAL, ZL_OBJ_MAX, ZL_OBJ_BEYOND45};
    for (size_t k = 0; k < 3; k++)
        if (strcmp(s, zl_opt_objective_name(all[k])) == 0)
            return *out = all[k], true;
    return false;
}

const char *zl_opt_method_name(zl_opt_method m)
{
    return m == ZL_OPT_EXACT ? "exact" : m == ZL_OPT_HEURISTIC ? "heuristic" : "auto";
}

bool zl_opt_method_parse(const char *s, zl_opt_method *out)
{
    static const zl_opt_method all[] = {ZL_OPT_AUTO, ZL_OPT_EXACT, ZL_OPT_HEURISTIC};
    for (size_t k = 0; k < 3; k++)
        if (strcmp(s, zl_opt_method_name(all[k])) == 0)
            return *out = all[k], true;
    return false;
}

void zl_optimise_free(zl_optimise_result *r)
{
    if (!r)
        return;
    free(r->candidate);
    free(r->open);
    free(r->kept);
    free(r->excluded);
    free(r->volume_before);
    free(r->volume_after);
    free(r->area_dest);
    free(r->scenario.open_after);
    free(r->scenario.kept);
    free(r->scenario.dest);
    zl_impact_free(r->impact);
    zl_impact_free(r->plain);
    zl_impact_free(r->under_rule);
    free(r);
}

static zl_optimise_result *result_new(const zl_case *c, const zl_optimise_opts *o)
{
    zl_optimise_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    size_t nl = c->n_locations + 1;
    r->candidate = calloc(nl, sizeof *r->candidate);
    r->open = calloc(nl, sizeof *r->open);
    r->kept = calloc(nl, sizeof *r->kept);
    r->excluded = calloc(nl, sizeof *r->excluded);
    r->volume_before = calloc(nl, sizeof *r->volume_before);
    r->volume_after = calloc(nl, sizeof *r->volume_after);
    r->area_dest = malloc((c->n_areas + 1) * sizeof *r->area_dest);
    r->scenario.open_after = r->open ? malloc(nl * sizeof *r->open) : NULL;
    r->scenario.kept = malloc(nl * sizeof *r->kept);
    r->scenario.dest = malloc((c->n_flows + 1) * sizeof *r->scenario.dest);
    if (!r->candidate || !r->open || !r->kept || !r->excluded || !r->volume_before ||
        !r->volume_after || !r->area_dest || !r->scenario.open_after || !r->scenario.kept ||
        !r->scenario.dest) {
        zl_optimise_free(r);
        return NULL;
    }
    r->objective = o->objective;
    r->method_asked = o->method;
    r->max_locations = o->max_locations > 0 ? o->max_locations : 0;
    r->min_per_region = o->min_per_region;
    r->minutes_limit = o->max_minutes > 0 ? o->max_minutes : 0;
    r->capacity_factor = o->capacity_factor > 0 ? o->capacity_factor : 0;
    r->time_limit = o->time_limit > 0 ? o->time_limit : 60;
    r->heuristic_value = r->heuristic_bound = r->glpk_value = r->glpk_bound = NAN;
    r->heuristic_seconds = r->glpk_seconds = r->glpk_seconds_to_heuristic_gap = -1;
    r->glpk_status = "not run";
    return r;
}

/* The answer as per-location and per-flow facts of the case. */
static void fill_answer(const opt_inst *in, const opt_sol *s, zl_optimise_result *r)
{
    const zl_case *c = in->c;
    for (size_t a = 0; a < c->n_areas; a++)
        r->area_dest[a] = OPT_NONE;
    for (size_t f = 0; f < c->n_flows; f++)
        r->volume_before[c->flows[f].location] += c->flows[f].patients;
    for (size_t l = 0; l < c->n_locations; l++)
        r->excluded[l] = r->volume_before[l] > 0;
    for (size_t j = 0; j < in->n_cand; j++) {
        uint32_t l = in->loc_idx[j];
        r->candidate[l] = true;
        r->excluded[l] = false;
        r->open[l] = s->open[j];
        r->kept[l] = in->keep[j];
        r->volume_after[l] = s->vol[j];
        r->n_open += s->open[j];
    }
    r->n_candidates = in->n_cand;
    r->total_minutes = r->max_minutes = 0;
    r->beyond45 = 0;
    for (size_t i = 0; i < in->n_areas; i++) {
        float t = in->t[i * in->n_cand + s->dest[i]];
        r->area_dest[in->area_idx[i]] = in->loc_idx[s->dest[i]];
        r->total_minutes += (double)in->d[i] * t;
        r->max_minutes = t > r->max_minutes ? t : r->max_minutes;
        r->beyond45 += t > 45.0 ? in->d[i] : 0;
    }
    r->patients = in->total;
}

/* Flows without patients still need a destination: the nearest open location. */
static void fill_scenario(const zl_case *c, zl_optimise_result *r)
{
    memcpy(r->scenario.open_after, r->open, c->n_locations * sizeof *r->open);
    memcpy(r->scenario.kept, r->kept, c->n_locations * sizeof *r->kept);
    r->scenario.norm = r->norm;
    r->scenario.method = strcmp(r->method, "glpk") == 0 ? "optimise:glpk" : "optimise:heuristic";
    for (size_t f = 0; f < c->n_flows; f++) {
        uint32_t a = c->flows[f].area, best = r->area_dest[a];
        for (size_t l = 0; best == OPT_NONE && l < c->n_locations; l++)
            if (r->open[l] &&
                (best == OPT_NONE || c->minutes[(size_t)a * c->n_locations + l] <
                                         c->minutes[(size_t)a * c->n_locations + best]))
                best = (uint32_t)l;
        r->scenario.dest[f] = best;
    }
}

static bool small_instance(const opt_inst *in)
{
    size_t arcs = 0;
    for (size_t i = 0; i < in->n_areas; i++)
        arcs += in->n_order[i];
    return arcs <= AUTO_MIP_MAX_ARCS;
}

static zl_status no_solution(const opt_mip_out *mo, bool ran_mip, zl_err *err)
{
    if (mo->infeasible)
        return zl_fail(err, ZL_EINFEASIBLE,
                       "the constraints cannot all be met together (GLPK proved the programme "
                       "infeasible), although each passes its own check");
    if (ran_mip)
        return zl_fail(err, ZL_EINFEASIBLE,
                       "no solution meeting every constraint was found: the heuristic failed "
                       "and GLPK stopped (%s) without one; try a longer --time-limit",
                       mo->status);
    return zl_fail(err, ZL_EINFEASIBLE,
                   "the heuristic found no solution meeting every constraint (not a proof of "
                   "infeasibility): try --method exact");
}

typedef struct run {
    opt_inst in;
    opt_sol heur, mipsol;
    opt_mip_out mo;
    bool heur_ok, ran_mip;
} run;

static zl_status run_methods(run *R, const zl_optimise_opts *o, zl_optimise_result *r, zl_err *err)
{
    const opt_inst *in = &R->in;
    double t0 = opt_cpu_now();
    R->heur_ok = opt_heuristic(in, &R->heur);
    r->heuristic_value = R->heur_ok ? opt_primary_value(in, &R->heur) : NAN;
    bool skip = o->no_bound && o->method == ZL_OPT_HEURISTIC;
    r->heuristic_bound = skip ? 0
                         : in->objective == ZL_OBJ_MAX
                             ? opt_minimax_bound(in)
                             : opt_lagrangian_bound(in, R->heur_ok ? r->heuristic_value : INFINITY);
    r->heuristic_seconds = opt_cpu_now() - t0;
    bool gap = !R->heur_ok ||
               r->heuristic_value - r->heuristic_bound > 1e-9 * fabs(r->heuristic_value) + 1e-9;
    R->ran_mip =
        o->method == ZL_OPT_EXACT || (o->method == ZL_OPT_AUTO && gap && small_instance(in));
    memset(&R->mo, 0, sizeof R->mo);
    if (!R->ran_mip)
        return ZL_OK;
    R->mo.target_gap = R->heur_ok && r->heuristic_value > 0
                           ? (r->heuristic_value - r->heuristic_bound) / r->heuristic_value
                           : -1;
    t0 = opt_cpu_now();
    r->mip_neighbours = o->mip_neighbours > 0 ? o->mip_neighbours : 0;
    r->glpk_warm_start = R->heur_ok && !o->no_warm_start;
    r->glpk_cuts = o->mip_cuts;
    opt_mip_params p = {.warm_start = r->glpk_warm_start,
                        .cuts = o->mip_cuts,
                        .time_limit = r->time_limit,
                        .neighbours = r->mip_neighbours,
                        .progress = o->progress};
    zl_status st = opt_mip(in, R->heur_ok ? &R->heur : NULL, &p, &R->mipsol, &R->mo, err);
    r->glpk_seconds = opt_cpu_now() - t0;
    r->glpk_status = R->mo.status;
    r->glpk_value = R->mo.value;
    r->glpk_bound = R->mo.bound;
    r->glpk_arcs = R->mo.arcs;
    r->glpk_seconds_to_heuristic_gap = R->mo.seconds_to_gap;
    r->all_arcs = R->mo.all_arcs;
    return st;
}

static zl_status decide(run *R, zl_optimise_result *r, zl_err *err)
{
    const opt_inst *in = &R->in;
    bool use_mip = R->mo.have_solution &&
                   (!R->heur_ok || R->mo.value <= r->heuristic_value + 1e-9 * fabs(R->mo.value));
    if (!use_mip && !R->heur_ok)
        return no_solution(&R->mo, R->ran_mip, err);
    const opt_sol *s = use_mip ? &R->mipsol : &R->heur;
    r->method = use_mip ? "glpk" : "heuristic";
    r->value = opt_primary_value(in, s);
    r->lower_bound = r->heuristic_bound;
    /* A restricted model's bound and optimum say nothing about the full problem. */
    bool full = r->mip_neighbours == 0;
    if (R->ran_mip && full && isfinite(R->mo.bound) && R->mo.bound > r->lower_bound)
        r->lower_bound = R->mo.bound;
    if (r->lower_bound > r->value)
        r->lower_bound = r->value;
    r->proven_optimal = (full && R->mo.optimal && use_mip) ||
                        r->value - r->lower_bound <= 1e-9 * fabs(r->value) + 1e-9;
    r->gap = r->value > 0 ? (r->value - r->lower_bound) / r->value : 0;
    if (r->proven_optimal)
        r->gap = 0, r->lower_bound = r->value;
    fill_answer(in, s, r);
    fill_scenario(in->c, r);
    return ZL_OK;
}

zl_status zl_optimise_solve(const zl_case *c, const zl_optimise_opts *o, zl_optimise_result **out,
                            zl_err *err)
{
    *out = NULL;
    run R;
    memset(&R, 0, sizeof R);
    zl_status st = opt_inst_build(c, o, &R.in, err);
    if (st == ZL_OK)
        st = opt_precheck(&R.in, err);
    zl_optimise_result *r = st == ZL_OK ? result_new(c, o) : NULL;
    if (st == ZL_OK && !r)
        st = zl_fail(err, ZL_ENOMEM, "optimise: out of memory");
    if (st == ZL_OK) {
        r->norm = R.in.norm_base;
        r->norm_required = R.in.norm;
        r->norm_margin = o->norm_margin;
        st = opt_sol_init(&R.heur, &R.in, err);
    }
    if (st == ZL_OK)
        st = opt_sol_init(&R.mipsol, &R.in, err);
    if (st == ZL_OK)
        st = run_methods(&R, o, r, err);
    if (st == ZL_OK)
        st = decide(&R, r, err);
    opt_sol_free(&R.heur);
    opt_sol_free(&R.mipsol);
    opt_inst_free(&R.in);
    if (st != ZL_OK) {
        zl_optimise_free(r);
        return st;
    }
    *out = r;
    return ZL_OK;
}

/* The answer's open locations with the displaced patients allocated by the default rule
 * (as an impact analysis would), and how many open locations then miss the norm. */
static zl_status under_rule(const zl_case *c, const zl_optimise_opts *o, zl_optimise_result *r,
                            zl_err *err)
{
    zl_alloc_rule rule = zl_alloc_default_rule(o->inputs);
    zl_alloc_result al;
    zl_status st = zl_alloc_displaced(c, r->scenario.open_after, rule, o->inputs, &al, err);
    if (st != ZL_OK)
        return st;
    zl_scenario sc = r->scenario;
    sc.dest = NULL;
    sc.parts = al.parts;
    sc.n_parts = al.n_parts;
    sc.alloc = &al;
    sc.method = "optimise:under-rule";
    sc.rule = zl_alloc_rule_name(rule);
    /* nearest gives whole patients but goes through parts all the same */
    st = zl_impact_evaluate(c, &sc, &r->under_rule, err);
    zl_alloc_result_clear(&al);
    if (st != ZL_OK)
        return st;
    size_t n;
    const zl_impact_location *locs = zl_impact_locations(r->under_rule, &n);
    for (size_t i = 0; i < n; i++)
        r->under_rule_below_norm +=
            r->scenario.open_after[locs[i].location] && !locs[i].meets_norm_after;
    return ZL_OK;
}

zl_status zl_optimise_run(const zl_case *c, const zl_optimise_opts *o, zl_optimise_result **out,
                          zl_err *err)
{
    zl_optimise_result *r;
    zl_status st = zl_optimise_solve(c, o, &r, err);
    if (st != ZL_OK)
        return st;
    st = zl_impact_evaluate(c, &r->scenario, &r->impact, err);
    if (st == ZL_OK) {
        zl_impact_opts io = {
            .norm = r->norm, .keep = o->keep, .n_keep = o->n_keep, .rule = ZL_ALLOC_NEAREST};
        zl_err perr = {0};
        /* The plain rule can leave nobody offering the intervention where the optimiser
         * still finds an answer: that is a finding, not a failure. */
        if (zl_impact_run(c, &io, &r->plain, &perr) != ZL_OK) {
            if (perr.code != ZL_EINFEASIBLE) {
                *err = perr;
                st = perr.code;
            } else {
                snprintf(r->plain_note, sizeof r->plain_note, "%s", perr.msg);
            }
        }
    }
    if (st == ZL_OK)
        st = under_rule(c, o, r, err);
    if (st != ZL_OK) {
        zl_err_prefix(err, "optimise: impact of the outcome: ");
        zl_optimise_free(r);
        return st;
    }
    *out = r;
    return ZL_OK;
}
