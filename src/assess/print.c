/* The readable table of an assessment: the heading with the synthetic label, one line per
 * region and the nation with the headline figure of each dimension and the verdict, the
 * broken thresholds and the mitigation suggestions. The JSON has every figure. */
#include <math.h>
#include <stdio.h>

#include "assess_internal.h"
#include "zorglandschap/textcol.h"

static void print_head(const zl_assess *a, FILE *f)
{
    const zl_case *c = a->c;
    fprintf(f, "Regional impact assessment: %s (%s), %d, norm %lld (%s), rule %s (baseline %s)\n",
            c->intervention.code, c->intervention.name, c->year, (long long)a->norm, a->norm_basis,
            a->rule, a->baseline);
    fprintf(f, "Regions: %s; networks: %s; thresholds: %s\n",
            c->region_layer ? c->region_layer : "none (national only)",
            a->in->network_layer ? a->in->network_layer : "none", a->thresholds.source);
    if (a->in->network_note[0])
        fprintf(f, "Networks: %s\n", a->in->network_note);
    if (a->synthetic)
        fprintf(f, "SYNTHETIC: figures rest on synthetic inputs (see synthetic_inputs in --json);"
                   " they describe no real hospital.\n");
    fprintf(f, "\n");
    const char *h[] = {"region",       "verdict",   "displaced",  "75+ est.",
                       "extra min",    "new >45",   "surg. stop", "vol. lost",
                       "revenue lost", "cross net", "nets w/o"};
    const int w[] = {8, 18, 10, 9, 10, 11, 11, 10, 13, 10, 8};
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
        zl_fput_column(f, h[i], w[i]);
    fprintf(f, "\n");
}

static void print_region(const zl_assess_region *g, FILE *f)
{
    char buf[16][48];
    const zl_assess_patients *p = &g->patients;
    snprintf(buf[0], 48, "%.1f", p->displaced);
    snprintf(buf[1], 48, "%.1f", p->displaced_age[ZL_ASSESS_N_AGE - 1]);
    snprintf(buf[2], 48, "%.1f", p->extra_minutes.mean);
    zl_fmt_int(buf[3], 48, p->new_beyond_45);
    snprintf(buf[4], 48, "%lld", (long long)g->professionals.surgeons_stopping);
    snprintf(buf[5], 48, "%.0f", g->providers.volume_lost);
    if (isfinite(g->providers.revenue_lost))
        zl_fmt_int(buf[6], 48, llround(g->providers.revenue_lost));
    else
        snprintf(buf[6], 48, "-");
    snprintf(buf[7], 48, "%.1f", g->networks.patients_crossing);
    snprintf(buf[8], 48, "%zu", g->networks.networks_without);
    const char *cells[] = {g->code, g->acceptable ? "acceptable" : "mitigation needed",
                           buf[0],  buf[1],
                           buf[2],  buf[3],
                           buf[4],  buf[5],
                           buf[6],  buf[7],
                           buf[8]};
    const int w[] = {8, 18, 10, 9, 10, 11, 11, 10, 13, 10, 8};
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
        zl_fput_column(f, cells[i], w[i]);
    fprintf(f, "\n");
}

static void print_ids(const zl_case *c, const uint32_t *v, size_t n, FILE *f)
{
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s%s (%s)", i ? ", " : "", c->locations[v[i]].id, c->locations[v[i]].name);
    if (n == 0)
        fprintf(f, "none");
}

static void print_breaches(const zl_assess_breach *b, size_t n, FILE *f)
{
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s%s %.1f > %.1f", i ? "; " : "", zl_threshold_name(b[i].key), b[i].value,
                b[i].max);
}

static void print_mitigation(const zl_assess *a, const zl_assess_region *g, FILE *f)
{
    if (g->acceptable)
        return;
    const zl_assess_mitigation *m = &g->mitigation;
    fprintf(f, "\n%s: mitigation needed: ", g->code);
    print_breaches(g->breaches, g->n_breaches, f);
    fprintf(f, "\n");
    if (m->searched && m->found) {
        fprintf(f, "  keep as exception (smallest set, %zu of %zu candidates, %zu evaluated): ",
                m->n_keep, m->n_candidates, m->evaluated);
        print_ids(a->c, m->keep, m->n_keep, f);
        fprintf(f, "\n");
    } else if (m->searched) {
        fprintf(f, "  no exception set found: %s\n", m->note);
    }
    if (m->optimiser_run) {
        fprintf(f, "  optimiser's alternative (%s): open in region: ",
                m->optimiser_acceptable ? "acceptable" : "still mitigation needed");
        print_ids(a->c, m->optimiser_open, m->n_optimiser_open, f);
        fprintf(f, "\n");
    } else if (m->optimiser_note[0]) {
        fprintf(f, "  optimiser: %s\n", m->optimiser_note);
    }
}

void zl_assess_print(const zl_assess *a, FILE *f)
{
    print_head(a, f);
    for (size_t r = 0; r < a->n_regions; r++)
        print_region(&a->regions[r], f);
    print_region(&a->national, f);
    for (size_t r = 0; r < a->n_regions; r++)
        print_mitigation(a, &a->regions[r], f);
    print_mitigation(a, &a->national, f);
    fprintf(f, "\nDisplaced patients by age are estimated from their areas' age structure.\n");
    fprintf(f, "Every figure and its definition: --json and docs/assess.md\n");
}
