/* The readable table of an impact analysis: the same figures as the JSON report, laid out
 * for a terminal. */
#include <stdlib.h>
#include <string.h>

#include "impact_internal.h"
#include "zorglandschap/textcol.h"

static void print_stat(FILE *f, const char *label, const zl_stat *s)
{
    if (s->n == 0) {
        fprintf(f, "  %-24s %8s %7s %7s %7s %7s\n", label, "-", "-", "-", "-", "-");
        return;
    }
    fprintf(f, "  %-24s %8lld %7.1f %7.1f %7.1f %7.1f\n", label, (long long)s->n, s->mean, s->p50,
            s->p90, s->max);
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
        fprintf(f, " %-8s %8lld %8lld %9.1f %7s %7s%s\n", zl_loc_status_name(x->status),
                (long long)x->volume_before, (long long)x->volume_after, x->norm_volume_before,
                x->meets_norm_before ? "yes" : "no", x->meets_norm_after ? "yes" : "no",
                x->kept ? "  (kept)" : "");
    }
}

static void print_patients(const zl_impact *r, FILE *f)
{
    const zl_impact_metrics *m = &r->m;
    char a[32], b[32], c[32], d[32], pa[16], pb[16];
    fprintf(f, "\nPatients: %s in total, %s displaced", zl_fmt_int(a, sizeof a, m->patients_total),
            zl_fmt_int(b, sizeof b, m->patients_displaced));
    if (m->patients_displaced_shorter)
        fprintf(f, " (%s of them travel less)",
                zl_fmt_int(a, sizeof a, m->patients_displaced_shorter));
    fprintf(f, "\n  %-24s %8s %7s %7s %7s %7s\n", "minutes", "patients", "mean", "p50", "p90",
            "max");
    print_stat(f, "before (all)", &m->minutes_before);
    print_stat(f, "after (all)", &m->minutes_after);
    print_stat(f, "extra (displaced)", &m->extra_minutes);
    fprintf(f, "\n  %-22s %9s %9s %20s %20s\n", "", "patients", "patients", "population",
            "population");
    fprintf(f, "  %-22s %9s %9s %20s %20s\n", "", "before", "after", "before", "after");
    double pop = (double)m->population_total;
    for (int k = 0; k < ZL_IMPACT_N_THRESHOLDS; k++) {
        const zl_beyond *pb_ = &m->population_beyond[k];
        fprintf(f, "  more than %2d minutes   %9s %9s %11s (%6s) %11s (%6s)\n",
                m->patients_beyond[k].minutes,
                zl_fmt_int(a, sizeof a, m->patients_beyond[k].before),
                zl_fmt_int(b, sizeof b, m->patients_beyond[k].after),
                zl_fmt_int(c, sizeof c, pb_->before),
                zl_fmt_pct(pa, sizeof pa, (double)pb_->before, pop),
                zl_fmt_int(d, sizeof d, pb_->after),
                zl_fmt_pct(pb, sizeof pb, (double)pb_->after, pop));
    }
    fprintf(f, "  (population: share of the %s inhabitants of all PC4 areas)\n",
            zl_fmt_int(a, sizeof a, m->population_total));
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

void zl_impact_print(const zl_impact *r, FILE *f)
{
    print_header(r, f);
    print_locations(r, f);
    print_patients(r, f);
    print_sensitivity(r, f);
    if (r->c->synthetic)
        fprintf(f, "\nSynthetic: patient flows/volumes were generated, not observed.\n");
    fprintf(f, "Definitions: docs/impact.md\n");
}
