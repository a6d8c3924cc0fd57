/* The readable table of an impact analysis: the same figures as the JSON report, laid out
 * for a terminal. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "impact_internal.h"
#include "zorglandschap/textcol.h"

/* A patient count: whole numbers as such, expected (fractional) ones to one decimal. */
const char *impact_fmt_count(char *buf, size_t size, double v)
{
    if (fabs(v - round(v)) < 1e-9)
        snprintf(buf, size, "%lld", (long long)llround(v));
    else
        snprintf(buf, size, "%.1f", v);
    return buf;
}

#define FC(v) impact_fmt_count((char[32]){0}, 32, (v))

static void print_stat(FILE *f, const char *label, const zl_stat *s)
{
    if (s->n == 0) {
        fprintf(f, "  %-24s %8s %7s %7s %7s %7s\n", label, "-", "-", "-", "-", "-");
        return;
    }
    fprintf(f, "  %-24s %8s %7.1f %7.1f %7.1f %7.1f\n", label, FC(s->n), s->mean, s->p50, s->p90,
            s->max);
}

static void print_header(const zl_impact *r, FILE *f)
{
    const zl_case *c = r->c;
    const zl_impact_metrics *m = &r->m;
    fprintf(f, "Impact of a volume norm: %s (%s), %d%s\n", c->intervention.name,
            c->intervention.code, c->year, c->synthetic ? "  [SYNTHETIC DATA]" : "");
    fprintf(f, "Norm %lld per year (%s", (long long)m->norm, m->norm_basis);
    /* A norm figure that could not be verified says so wherever it is used. */
    if ((strcmp(m->norm_basis, "current") == 0 && c->intervention.norm_illustrative) ||
        (strcmp(m->norm_basis, "proposed") == 0 && c->intervention.proposed_illustrative))
        fprintf(f, ", ILLUSTRATIVE");
    if (strcmp(m->norm_basis, "current") != 0)
        fprintf(f, "; current %lld%s", (long long)c->intervention.norm,
                c->intervention.norm_illustrative ? ", illustrative" : "");
    fprintf(f, "), on the mean over up to %d year(s); method %s", c->intervention.window_years,
            r->method);
    if (r->rule)
        fprintf(f, ", rule %s", r->rule);
    if (r->rule && strcmp(r->rule, "region") == 0 && c->region_layer)
        fprintf(f, " (layer %s)", c->region_layer);
    if (c->travel_method)
        fprintf(f, "\nTravel times: %s", c->travel_method);
    fprintf(f, "\nLocations offering: %zu before, %zu after (%zu stop)\n\n", m->n_offering_before,
            m->n_offering_after, m->n_stopping);
}

static void print_locations(const zl_impact *r, FILE *f)
{
    fprintf(f, "%-10s %-36s %-8s %8s %8s %9s %7s %7s\n", "location", "name", "status", "patients",
            "patients", "norm-vol", "meets", "meets");
    fprintf(f, "%-10s %-36s %-8s %8s %8s %9s %7s %7s\n", "", "", "", "before", "after", "(mean)",
            "before", "after");
    for (size_t i = 0; i < r->n_locs; i++) {
        const zl_impact_location *x = &r->locs[i];
        const zl_location *loc = &r->c->locations[x->location];
        zl_fput_column(f, loc->id, 10);
        fputc(' ', f);
        zl_fput_column(f, loc->name, 36);
        fprintf(f, " %-8s %8lld %8s %9.1f %7s %7s%s%s\n", zl_loc_status_name(x->status),
                (long long)x->volume_before, FC(x->volume_after), x->norm_volume_before,
                x->meets_norm_before ? "yes" : "no", x->meets_norm_after ? "yes" : "no",
                x->kept ? "  (kept)" : "", x->saturated ? "  (at capacity)" : "");
    }
}

/* Patients and inhabitants beyond each threshold; populations with their share of all
 * inhabitants, so that a reader sees at once whether a change is large. */
static void print_beyond(FILE *f, const zl_impact_metrics *m)
{
    char c[32], d[32], pa[16], pb[16];
    double pop = (double)m->population_total;
    fprintf(f, "\n  %-24s %10s %10s %20s %20s\n", "", "patients", "patients", "population",
            "population");
    fprintf(f, "  %-24s %10s %10s %20s %20s\n", "", "before", "after", "before", "after");
    for (int k = 0; k < ZL_IMPACT_N_THRESHOLDS; k++) {
        const zl_beyond *pb_ = &m->population_beyond[k];
        fprintf(f, "  more than %2d minutes     %10s %10s %11s (%6s) %11s (%6s)\n",
                m->patients_beyond[k].minutes, FC(m->patients_beyond[k].before),
                FC(m->patients_beyond[k].after), zl_fmt_int(c, sizeof c, llround(pb_->before)),
                zl_fmt_pct(pa, sizeof pa, pb_->before, pop),
                zl_fmt_int(d, sizeof d, llround(pb_->after)),
                zl_fmt_pct(pb, sizeof pb, pb_->after, pop));
    }
    if (m->has_nearest_baseline)
        for (int k = 0; k < ZL_IMPACT_N_THRESHOLDS; k++)
            fprintf(f, "  more than %2d (nearest)   %10s %10s\n", m->patients_beyond[k].minutes,
                    FC(m->nearest_baseline.beyond[k].before),
                    FC(m->nearest_baseline.beyond[k].after));
    fprintf(f, "  (population: share of the %s inhabitants of all PC4 areas)\n",
            zl_fmt_int(c, sizeof c, m->population_total));
}

static void print_block(FILE *f, const zl_impact_patients *p, const char *baseline)
{
    fprintf(f, "\nPatients (baseline %s): %s in total, %s displaced", baseline, FC(p->total),
            FC(p->displaced));
    if (p->displaced_shorter > 0)
        fprintf(f, " (%s of them travel less)", FC(p->displaced_shorter));
    fprintf(f, "\n  %-24s %8s %7s %7s %7s %7s\n", "minutes", "patients", "mean", "p50", "p90",
            "max");
    print_stat(f, "before (all)", &p->minutes_before);
    print_stat(f, "after (all)", &p->minutes_after);
    print_stat(f, "extra (displaced)", &p->extra_minutes);
}

static void print_patients(const zl_impact *r, FILE *f)
{
    const zl_impact_metrics *m = &r->m;
    zl_impact_patients obs = impact_observed(m);
    print_block(f, &obs, "observed");
    if (m->has_nearest_baseline)
        print_block(f, &m->nearest_baseline, "nearest: everyone at the rule's location before");
    print_beyond(f, m);
}

static int cmp_increase(const void *pa, const void *pb)
{
    const zl_impact_sensitivity *a = pa, *b = pb;
    if (a->increase != b->increase)
        return a->increase > b->increase ? -1 : 1;
    return (a->location > b->location) - (a->location < b->location);
}

/* The ten most sensitive remaining locations; the JSON report has them all. */
static void print_sensitivity(const zl_impact *r, FILE *f)
{
    zl_impact_sensitivity *s = malloc((r->n_sens + 1) * sizeof *s);
    if (!s)
        return;
    memcpy(s, r->sens, r->n_sens * sizeof *s);
    qsort(s, r->n_sens, sizeof *s, cmp_increase);
    fprintf(f, "\nSensitivity: population beyond %d minutes if one more location stopped\n",
            ZL_IMPACT_SENSITIVITY_MINUTES);
    for (size_t i = 0; i < r->n_sens && i < 10; i++) {
        const zl_location *loc = &r->c->locations[s[i].location];
        fputs("  ", f);
        zl_fput_column(f, loc->id, 10);
        fputc(' ', f);
        zl_fput_column(f, loc->name, 36);
        char a[32], b[32], p[16];
        fprintf(
            f, " %11s (%6s) +%s\n", zl_fmt_int(a, sizeof a, s[i].population_beyond),
            zl_fmt_pct(p, sizeof p, (double)s[i].population_beyond, (double)r->m.population_total),
            zl_fmt_int(b, sizeof b, s[i].increase));
    }
    if (r->n_sens > 10)
        fprintf(f, "  ... %zu more in the JSON report (--json)\n", r->n_sens - 10);
    free(s);
}

static void print_allocation(const zl_impact *r, FILE *f)
{
    const zl_impact_metrics *m = &r->m;
    if (m->fallback_patients > 0)
        fprintf(f, "\nFallback: %s patients had no answer under the rule and went by %s.\n",
                FC(m->fallback_patients), m->fallback_rule);
    if (m->n_saturated > 0) {
        fprintf(f, "\nAt capacity (%zu):", m->n_saturated);
        for (size_t i = 0; i < r->n_locs; i++)
            if (r->locs[i].saturated)
                fprintf(f, " %s", r->c->locations[r->locs[i].location].id);
        fputc('\n', f);
    }
    if (m->over_capacity > 0)
        fprintf(f, "Over capacity: %s patients found no location with room.\n",
                FC(m->over_capacity));
}

void zl_impact_print(const zl_impact *r, FILE *f)
{
    print_header(r, f);
    print_locations(r, f);
    print_patients(r, f);
    print_allocation(r, f);
    print_sensitivity(r, f);
    char reading[512];
    zl_impact_reading(r, NULL, 0, reading, sizeof reading);
    fprintf(f, "\nReading: %s\n", reading);
    if (r->c->synthetic)
        fprintf(f, "\nSynthetic: patient flows/volumes were generated, not observed.\n");
    fprintf(f, "Definitions: docs/impact.md\n");
}
