/* The VSOP check per disease: known patients (deduplicated), the advised number of
 * centres, each recognised centre's share against the rule of thumb, the verdict, and
 * the centre contact indicator (share of the disease's patients with a contact at a
 * recognised centre for it in the last five years). */
#include "zorglandschap/registry.h"
#include "zorglandschap/store_rare_network.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "zorglandschap/store_disclosure.h"
#include "zorglandschap/store_registry.h"

static zl_status add_disease(int64_t orpha, int64_t patients, void *ctx, zl_err *err)
{
    zl_conc_report *r = ctx;
    if (patients <= 0)
        return ZL_OK;
    if (zl_grow((void **)&r->items, &r->cap, r->n + 1, sizeof *r->items, err) != ZL_OK)
        return ZL_ENOMEM;
    zl_conc_disease *d = &r->items[r->n++];
    memset(d, 0, sizeof *d);
    d->orpha = orpha;
    d->patients = patients;
    return ZL_OK;
}

static zl_status add_centre(const zl_centre_row *c, void *ctx, zl_err *err)
{
    zl_conc_disease *d = ctx;
    void *p = realloc(d->centres, (size_t)(d->ncentres + 1) * sizeof *d->centres);
    if (!p)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    d->centres = p;
    zl_conc_centre *k = &d->centres[d->ncentres++];
    memset(k, 0, sizeof *k);
    k->centre_id = strdup(c->centre_id);
    k->name = strdup(c->name);
    k->location_id = strdup(c->location_id);
    k->covered_orpha = c->covered_orpha;
    if (!k->centre_id || !k->name || !k->location_id)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    return ZL_OK;
}

static zl_cell_state public_state(const zl_viewer *v, const char *location, int64_t n)
{
    return zl_may_see_unsuppressed(v, location) || !zl_suppress_primary(n) ? ZL_CELL_SHOWN
                                                                           : ZL_CELL_PRIMARY;
}

/* The disease's networks and partners, and which of its centres are in a network; the
 * flag uses the counts before publication (a centre's membership says nothing about its
 * count, and the flag only whether some centre outside has patients). */
static zl_status conc_networks(zl_store *s, const char *date, zl_conc_disease *d, zl_err *err)
{
    if (zl_rare_networks_for_code(s, d->orpha, &d->networks, err) != ZL_OK ||
        zl_rare_partners_for_code(s, d->orpha, date, &d->partners, err) != ZL_OK)
        return err->code;
    for (int i = 0; i < d->ncentres; i++) {
        zl_conc_centre *k = &d->centres[i];
        if (zl_rare_centre_in_network(s, k->centre_id, d->orpha, &k->in_network, err) != ZL_OK)
            return err->code;
        d->outside_network = d->outside_network || (!k->in_network && k->patients > 0);
    }
    return ZL_OK;
}

static zl_status judge_disease(zl_store *s, zl_conc_report *r, zl_conc_disease *d, zl_err *err)
{
    char name[512];
    if (zl_store_registry_code_name(s, d->orpha, name, sizeof name, err) != ZL_OK ||
        !(d->name = strdup(name)))
        return err->code ? err->code : zl_fail(err, ZL_ENOMEM, "out of memory");
    if (zl_store_registry_centres_for(s, d->orpha, r->date, add_centre, d, err) != ZL_OK)
        return err->code;
    int64_t *counts = calloc((size_t)d->ncentres + 1, sizeof *counts);
    if (!counts)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    for (int i = 0; i < d->ncentres; i++) {
        zl_conc_centre *k = &d->centres[i];
        if (zl_store_registry_patients_at(s, d->orpha, k->location_id, &k->patients, err) !=
            ZL_OK) {
            free(counts);
            return err->code;
        }
        counts[i] = k->patients;
        k->share = (double)k->patients / (double)d->patients;
        k->meets_rule = zl_vsop_centre_meets(k->patients, d->patients);
        k->state = public_state(&r->viewer, k->location_id, k->patients);
    }
    d->advice = zl_vsop_advise(d->patients);
    d->verdict = zl_vsop_judge(d->patients, counts, d->ncentres);
    free(counts);
    d->state = public_state(&r->viewer, NULL, d->patients);
    if (zl_store_registry_seen_at_centre(s, d->orpha, r->date, r->since, &d->seen_at_centre, err) !=
        ZL_OK)
        return err->code;
    d->contact_share = (double)d->seen_at_centre / (double)d->patients;
    d->seen_state = public_state(&r->viewer, NULL, d->seen_at_centre);
    return conc_networks(s, r->date, d, err);
}

/* For a viewer without the exact national view every count becomes its published value
 * (zl_cellkey_publish; a location keeps its own centre's count exact) and everything
 * derived from counts (shares, rule of thumb, advice, verdict) is recomputed from the
 * published numbers, so no derived figure narrows a count down further. */
static zl_status publish_disease(const zl_disclosure *dk, const zl_conc_report *r,
                                 zl_conc_disease *d, zl_err *err)
{
    char cell[160];
    int64_t n;
    snprintf(cell, sizeof cell, "registry/patients/%lld", (long long)d->orpha);
    if ((d->state = zl_cellkey_publish(dk, cell, d->patients, &n)) == ZL_CELL_SHOWN)
        d->patients = n;
    int64_t *counts = calloc((size_t)d->ncentres + 1, sizeof *counts);
    if (!counts)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    for (int i = 0; i < d->ncentres; i++) {
        zl_conc_centre *k = &d->centres[i];
        snprintf(cell, sizeof cell, "registry/location/%lld/%s", (long long)d->orpha,
                 k->location_id);
        if (!zl_may_see_unsuppressed(&r->viewer, k->location_id) &&
            (k->state = zl_cellkey_publish(dk, cell, k->patients, &n)) == ZL_CELL_SHOWN)
            k->patients = n;
        k->share = d->patients > 0 ? (double)k->patients / (double)d->patients : 0;
        k->meets_rule = zl_vsop_centre_meets(k->patients, d->patients);
        counts[i] = k->patients;
    }
    d->advice = zl_vsop_advise(d->patients);
    d->verdict = zl_vsop_judge(d->patients, counts, d->ncentres);
    free(counts);
    snprintf(cell, sizeof cell, "registry/seen/%lld/%s/%s", (long long)d->orpha, r->since, r->date);
    if ((d->seen_state = zl_cellkey_publish(dk, cell, d->seen_at_centre, &n)) == ZL_CELL_SHOWN)
        d->seen_at_centre = n;
    d->contact_share = d->patients > 0 ? (double)d->seen_at_centre / (double)d->patients : 0;
    return ZL_OK;
}

/* The reference date of the report. A viewer without the exact national view gets the
 * fixed reference date of the requested year (1 January): a contact window that moves a
 * day at a time would show single patients' contacts by differencing. */
static void reference_date(const char *date, const zl_viewer *viewer, char out[11])
{
    if (date)
        memcpy(out, date, 11);
    else
        zl_date_today(out);
    if (!zl_may_see_unsuppressed(viewer, NULL))
        memcpy(out + 4, "-01-01", 7);
}

zl_status zl_registry_concentration(zl_store *s, int64_t code, const char *date,
                                    const zl_viewer *viewer, zl_conc_report *out, zl_err *err)
{
    memset(out, 0, sizeof *out);
    int y;
    if (date && !zl_registry_date(date, &y))
        return zl_fail(err, ZL_EINPUT, "bad date '%s' (expected YYYY-MM-DD)", date);
    reference_date(date, viewer, out->date);
    zl_registry_date(out->date, &y);
    char since[32];
    snprintf(since, sizeof since, "%04d%s", y - ZL_CONTACT_YEARS, out->date + 4);
    memcpy(out->since, since, 10);
    out->since[10] = '\0';
    out->viewer = *viewer;
    zl_status st = zl_store_registry_national(s, code, add_disease, out, err);
    if (st == ZL_OK && code >= 0 && out->n == 0)
        st = zl_fail(err, ZL_ENOTFOUND, "ORPHA:%lld has no registered patients", (long long)code);
    for (size_t i = 0; st == ZL_OK && i < out->n; i++)
        st = judge_disease(s, out, &out->items[i], err);
    zl_disclosure dk;
    bool exact = zl_may_see_unsuppressed(viewer, NULL);
    if (st == ZL_OK && !exact)
        st = zl_store_disclosure_key(s, &dk, err);
    for (size_t i = 0; st == ZL_OK && !exact && i < out->n; i++)
        st = publish_disease(&dk, out, &out->items[i], err);
    if (st == ZL_OK)
        st = zl_store_registry_synthetic(s, &out->synthetic, err);
    if (st != ZL_OK)
        zl_conc_report_free(out);
    return st;
}

void zl_conc_report_free(zl_conc_report *r)
{
    for (size_t i = 0; i < r->n; i++) {
        zl_conc_disease *d = &r->items[i];
        for (int k = 0; k < d->ncentres; k++) {
            free(d->centres[k].centre_id);
            free(d->centres[k].name);
            free(d->centres[k].location_id);
        }
        free(d->centres);
        free(d->name);
        zl_rows_free(&d->networks);
        zl_rows_free(&d->partners);
    }
    free(r->items);
    memset(r, 0, sizeof *r);
}
