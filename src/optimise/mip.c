/* The exact method: the optimisation as a mixed-integer programme for GLPK.
 *   y_j in {0,1} open, x_ij in {0,1} area i assigned to j (single sourcing), z >= 0 (max)
 *   sum_j x_ij = 1                      every area assigned
 *   x_ij <= y_j                         strong linking (one row per arc)
 *   sum_i d_i x_ij >= norm y_j          minimum volume
 *   sum_i d_i x_ij <= cap_j y_j         capacity factor (when given)
 *   sum_{j in r} y_j >= 1               per required region;  sum_j y_j <= K
 *   z >= sum_j t_ij x_ij                per area (max objective)
 * Arcs beyond --max-minutes do not exist. With a heuristic solution of value UB, an arc
 * whose extra cost over the area's cheapest arc exceeds UB - sum_i min_j c_ij cannot be
 * in any solution better than UB (every other area costs at least its minimum), so it is
 * dropped without losing optimality; for the max objective arcs longer than UB go. The
 * heuristic solution is handed to GLPK as its first incumbent (unless the caller asks for
 * a cold start: then GLPK finds its own). The root LP is solved by
 * the simplex with LP presolve; the branch-and-bound runs on the original columns so the
 * warm start maps one to one. */
#include <glpk.h>
#include <stdlib.h>
#include <string.h>

#include "opt_internal.h"

typedef struct mip {
    const opt_inst *in;
    glp_prob *P;
    int *arc_col; /* per (i, j): column or 0 */
    int z_col;
    int *ia, *ja;
    double *ar;
    int ne;
    double *warm_x; /* column values of the warm start, 1-based */
    bool warm_sent;
    double bound;
    double cpu0, target_gap, seconds_to_gap; /* first CPU time GLPK's gap <= target_gap */
    zl_progress_phase progress;
    int nodes; /* branch-and-bound nodes created so far */
} mip;

static void add(mip *m, int row, int col, double v)
{
    m->ne++;
    m->ia[m->ne] = row;
    m->ja[m->ne] = col;
    m->ar[m->ne] = v;
}

/* Whether j is among area i's k nearest allowed candidates. */
static bool among_nearest(const opt_inst *in, size_t i, size_t j, int k)
{
    const uint32_t *row = in->order + i * in->n_cand;
    for (uint32_t q = 0; q < in->n_order[i] && q < (uint32_t)k; q++)
        if (row[q] == j)
            return true;
    return false;
}

/* Which arcs may be in a solution better than the warm start (and, with neighbours > 0,
 * the restriction to each area's nearest candidates, keeping the warm start's arcs). */
static size_t keep_arcs(mip *m, const opt_sol *warm, int neighbours)
{
    const opt_inst *in = m->in;
    double ub = warm ? opt_primary_value(in, warm) : INFINITY, base = 0;
    for (size_t i = 0; i < in->n_areas; i++)
        base += in->n_order[i] ? in->primary[i * in->n_cand + in->order[i * in->n_cand]] : 0;
    /* (The cost order puts the cheapest primary first for every objective.) */
    double slack = ub - base + 1e-9 * fabs(ub) + 1e-9;
    size_t n = 0;
    for (size_t i = 0; i < in->n_areas; i++) {
        double pmin = in->n_order[i] ? in->primary[i * in->n_cand + in->order[i * in->n_cand]] : 0;
        for (size_t j = 0; j < in->n_cand; j++) {
            size_t a = i * in->n_cand + j;
            bool ok = isfinite(in->cost[a]);
            if (ok && in->objective == ZL_OBJ_MAX)
                ok = in->t[a] <= ub;
            else if (ok)
                ok = in->primary[a] - pmin <= slack;
            if (ok && neighbours > 0 && !among_nearest(in, i, j, neighbours))
                ok = warm && warm->dest[i] == j;
            m->arc_col[a] = ok ? -1 : 0;
            n += ok;
        }
    }
    return n;
}

static void columns(mip *m, size_t n_arcs)
{
    const opt_inst *in = m->in;
    int ncol = (int)(in->n_cand + n_arcs) + (in->objective == ZL_OBJ_MAX);
    glp_add_cols(m->P, ncol);
    for (size_t j = 0; j < in->n_cand; j++) {
        int col = (int)j + 1;
        glp_set_col_kind(m->P, col, GLP_BV);
        if (!in->usable[j])
            glp_set_col_bnds(m->P, col, GLP_FX, 0, 0);
        else if (in->keep[j])
            glp_set_col_bnds(m->P, col, GLP_FX, 1, 1);
    }
    int col = (int)in->n_cand;
    for (size_t a = 0; a < in->n_areas * in->n_cand; a++) {
        if (!m->arc_col[a])
            continue;
        m->arc_col[a] = ++col;
        glp_set_col_kind(m->P, col, GLP_BV);
        if (in->objective != ZL_OBJ_MAX)
            glp_set_obj_coef(m->P, col, in->primary[a]);
    }
    if (in->objective == ZL_OBJ_MAX) {
        m->z_col = ++col;
        glp_set_col_bnds(m->P, col, GLP_LO, 0, 0);
        glp_set_obj_coef(m->P, col, 1);
    }
}

static int new_row(mip *m, int type, double lo, double hi)
{
    int r = glp_add_rows(m->P, 1);
    glp_set_row_bnds(m->P, r, type, lo, hi);
    return r;
}

static void rows(mip *m)
{
    const opt_inst *in = m->in;
    for (size_t i = 0; i < in->n_areas; i++) {
        int r = new_row(m, GLP_FX, 1, 1), rz = 0;
        if (in->objective == ZL_OBJ_MAX) {
            rz = new_row(m, GLP_LO, 0, 0);
            add(m, rz, m->z_col, 1);
        }
        for (size_t j = 0; j < in->n_cand; j++) {
            int col = m->arc_col[i * in->n_cand + j];
            if (!col)
                continue;
            add(m, r, col, 1);
            if (rz)
                add(m, rz, col, -in->t[i * in->n_cand + j]);
            int rl = new_row(m, GLP_UP, 0, 0);
            add(m, rl, col, 1);
            add(m, rl, (int)j + 1, -1);
        }
    }
    for (size_t j = 0; j < in->n_cand; j++) {
        if (!in->usable[j])
            continue;
        int lo = new_row(m, GLP_LO, 0, 0), hi = in->has_cap ? new_row(m, GLP_UP, 0, 0) : 0;
        add(m, lo, (int)j + 1, -(double)in->norm);
        if (hi)
            add(m, hi, (int)j + 1, -(double)in->cap[j]);
        for (size_t i = 0; i < in->n_areas; i++) {
            int col = m->arc_col[i * in->n_cand + j];
            if (!col)
                continue;
            add(m, lo, col, (double)in->d[i]);
            if (hi)
                add(m, hi, col, (double)in->d[i]);
        }
    }
    for (size_t r = 0; r < in->n_regions; r++) {
        int row = 0;
        for (size_t j = 0; j < in->n_cand; j++) {
            if (in->region[j] != (int32_t)r)
                continue;
            if (!row)
                row = new_row(m, GLP_LO, 1, 0);
            add(m, row, (int)j + 1, 1);
        }
    }
    if (in->max_open) {
        int row = new_row(m, GLP_UP, 0, in->max_open);
        for (size_t j = 0; j < in->n_cand; j++)
            add(m, row, (int)j + 1, 1);
    }
}

static void callback(glp_tree *T, void *info)
{
    mip *m = info;
    int active, nodes, total;
    glp_ios_tree_size(T, &active, &nodes, &total);
    m->nodes = total;
    zl_progress_step(&m->progress, (uint64_t)total);
    if (glp_ios_reason(T) == GLP_IHEUR && m->warm_x && !m->warm_sent) {
        glp_ios_heur_sol(T, m->warm_x);
        m->warm_sent = true;
    }
    int p = glp_ios_best_node(T);
    /* GLPK reports -DBL_MAX for a node whose LP is not solved yet: no bound. */
    if (p && glp_ios_node_bound(T, p) > -1e300)
        m->bound = glp_ios_node_bound(T, p);
    glp_prob *P = glp_ios_get_prob(T);
    if (p && m->seconds_to_gap < 0 && m->target_gap >= 0 && glp_mip_status(P) == GLP_FEAS) {
        double inc = glp_mip_obj_val(P);
        if (inc - m->bound <= m->target_gap * fabs(inc) + 1e-9)
            m->seconds_to_gap = opt_cpu_now() - m->cpu0;
    }
}

static bool set_warm(mip *m, const opt_sol *warm)
{
    const opt_inst *in = m->in;
    int ncol = glp_get_num_cols(m->P);
    m->warm_x = calloc((size_t)ncol + 1, sizeof *m->warm_x);
    if (!m->warm_x)
        return false;
    for (size_t j = 0; j < in->n_cand; j++)
        m->warm_x[j + 1] = warm->open[j];
    for (size_t i = 0; i < in->n_areas; i++) {
        int col = m->arc_col[i * in->n_cand + warm->dest[i]];
        if (!col) { /* cannot happen: the warm start's arcs pass the reduction */
            free(m->warm_x);
            m->warm_x = NULL;
            return true;
        }
        m->warm_x[col] = 1;
    }
    if (m->z_col)
        m->warm_x[m->z_col] = opt_primary_value(in, warm);
    return true;
}

static void read_solution(mip *m, opt_sol *s)
{
    const opt_inst *in = m->in;
    for (size_t j = 0; j < in->n_cand; j++) {
        s->open[j] = glp_mip_col_val(m->P, (int)j + 1) > 0.5;
        s->vol[j] = 0;
    }
    for (size_t i = 0; i < in->n_areas; i++) {
        for (size_t j = 0; j < in->n_cand; j++) {
            int col = m->arc_col[i * in->n_cand + j];
            if (col && glp_mip_col_val(m->P, col) > 0.5) {
                s->dest[i] = (uint32_t)j;
                s->vol[j] += in->d[i];
            }
        }
    }
    /* Lexicographic second objective (total minutes) without hurting the first. */
    double tau = in->objective == ZL_OBJ_MAX ? opt_primary_value(in, s) : INFINITY;
    opt_improve(in, s, tau);
}

static zl_status solve(mip *m, const opt_mip_params *p, opt_sol *s, opt_mip_out *out)
{
    double time_limit = p->time_limit;
    double t0 = opt_now();
    m->cpu0 = opt_cpu_now();
    glp_smcp sm;
    glp_init_smcp(&sm);
    sm.msg_lev = GLP_MSG_OFF;
    sm.presolve = GLP_ON;
    sm.tm_lim = (int)(time_limit * 1000);
    int rc = glp_simplex(m->P, &sm);
    if (rc == GLP_ENOPFS || glp_get_status(m->P) == GLP_NOFEAS) {
        out->infeasible = true;
        out->status = "infeasible";
        return ZL_OK;
    }
    if (rc != 0 || glp_get_status(m->P) != GLP_OPT) {
        out->status = rc == GLP_ETMLIM ? "time limit in the LP relaxation" : "LP failed";
        return ZL_OK;
    }
    m->bound = glp_get_obj_val(m->P);
    glp_iocp ip;
    glp_init_iocp(&ip);
    ip.msg_lev = GLP_MSG_OFF;
    ip.presolve = GLP_OFF;
    /* GLPK's default is no cuts: on the sample its MIR and cover cuts slowed the proof
     * of optimality (docs/performance.md), so they are an option. */
    ip.mir_cuts = ip.cov_cuts = p->cuts ? GLP_ON : GLP_OFF;
    ip.cb_func = callback;
    ip.cb_info = m;
    double left = time_limit - (opt_now() - t0);
    ip.tm_lim = left > 0.001 ? (int)(left * 1000) : 1;
    /* A node can take long: report every one (the front end throttles what it shows). */
    zl_progress_begin_stride(&m->progress, p->progress, "exact optimisation (GLPK)", "nodes", 0, 1);
    rc = glp_intopt(m->P, &ip);
    zl_progress_end(&m->progress, (uint64_t)m->nodes);
    int ms = glp_mip_status(m->P);
    out->have_solution = ms == GLP_OPT || ms == GLP_FEAS;
    out->optimal = rc == 0 && ms == GLP_OPT;
    out->infeasible = rc == 0 && ms == GLP_NOFEAS;
    out->status = out->optimal       ? "optimal"
                  : out->infeasible  ? "infeasible"
                  : rc == GLP_ETMLIM ? "time limit"
                                     : "stopped";
    if (out->have_solution) {
        out->value = glp_mip_obj_val(m->P);
        read_solution(m, s);
        out->value = opt_primary_value(m->in, s);
    }
    out->bound = out->optimal ? out->value : m->bound;
    out->seconds_to_gap = m->seconds_to_gap;
    if (out->optimal && out->seconds_to_gap < 0)
        out->seconds_to_gap = opt_cpu_now() - m->cpu0;
    if (out->have_solution && out->bound > out->value)
        out->bound = out->value;
    return ZL_OK;
}

zl_status opt_mip(const opt_inst *in, const opt_sol *warm, const opt_mip_params *p, opt_sol *s,
                  opt_mip_out *out, zl_err *err)
{
    double target = out->target_gap;
    memset(out, 0, sizeof *out);
    out->target_gap = target;
    out->seconds_to_gap = -1;
    out->value = out->bound = NAN;
    mip m = {.in = in, .bound = -INFINITY, .target_gap = out->target_gap, .seconds_to_gap = -1};
    size_t na = in->n_areas * in->n_cand;
    m.arc_col = calloc(na + 1, sizeof *m.arc_col);
    if (!m.arc_col)
        return zl_fail(err, ZL_ENOMEM, "optimise: out of memory");
    for (size_t a = 0; a < na; a++)
        out->all_arcs += isfinite(in->cost[a]);
    out->arcs = keep_arcs(&m, warm, p->neighbours);
    size_t nz = out->arcs * 6 + in->n_cand * 4 + in->n_areas + 8;
    m.ia = malloc((nz + 1) * sizeof *m.ia);
    m.ja = malloc((nz + 1) * sizeof *m.ja);
    m.ar = malloc((nz + 1) * sizeof *m.ar);
    zl_status st = ZL_OK;
    if (!m.ia || !m.ja || !m.ar) {
        st = zl_fail(err, ZL_ENOMEM, "optimise: out of memory");
    } else {
        glp_term_out(GLP_OFF);
        m.P = glp_create_prob();
        glp_set_obj_dir(m.P, GLP_MIN);
        columns(&m, out->arcs);
        rows(&m);
        glp_load_matrix(m.P, m.ne, m.ia, m.ja, m.ar);
        if (warm && p->warm_start && !set_warm(&m, warm))
            st = zl_fail(err, ZL_ENOMEM, "optimise: out of memory");
        if (st == ZL_OK)
            st = solve(&m, p, s, out);
        glp_delete_prob(m.P);
    }
    free(m.arc_col);
    free(m.ia);
    free(m.ja);
    free(m.ar);
    free(m.warm_x);
    return st;
}
