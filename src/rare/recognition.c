/* The recognition cycle of expertise centres (docs/rare-networks.md): import of the
 * records (recognitions.csv: applications and their outcome, five-year terms) and of the
 * assessments per criterion (assessments.csv), and the state of a record on a date. The
 * register (zl rare list) is read from these records (migration 14). */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rare_internal.h"
#include "zorglandschap/csv.h"
#include "zorglandschap/rare_network.h"
#include "zorglandschap/store_rare_network.h"
#include "zorglandschap/util.h"

/* The criteria of the assessment framework for expertise centres. */
const char *const zl_rare_criteria[] = {"expertise_volume",
                                        "multidisciplinary_team",
                                        "care_pathway",
                                        "continuity_of_care",
                                        "patient_participation",
                                        "research",
                                        "education",
                                        "ern_participation",
                                        "quality_registration",
                                        "collaboration",
                                        NULL};

/* The longest term: five years (a term from 2023-01-01 ends by 2027-12-31). */
#define TERM_MONTHS 60

void zl_date_add_months(const char *date, int months, char out[11])
{
    int y = atoi(date), m = atoi(date + 5), d = atoi(date + 8);
    assert(zl_date_valid(date) && months >= 0);
    int total = y * 12 + (m - 1) + months;
    y = total / 12 % 10000;
    m = (unsigned)total % 12 + 1;
    d = d < 1 ? 1 : d % 32;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int last = mdays[m - 1] + (m == 2 && leap);
    unsigned day = (unsigned)(d > last ? last : d) % 32u, mon = (unsigned)m % 13u;
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, mon, day);
}

static bool known(const char *v, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(v, list[i]) == 0)
            return true;
    return false;
}

static const char *const statuses[] = {"applied",   "assessed", "recognised", "objection pending",
                                       "withdrawn", "expired",  NULL};

static bool before(const char *a, const char *b) /* a < b; NULL is unknown: false */
{
    return a && b && strcmp(a, b) < 0;
}

const char *zl_rare_recognition_state(const char *status, const char *applied_on,
                                      const char *decided_on, const char *from, const char *to,
                                      const char *date)
{
    if (before(date, applied_on))
        return "not applied yet";
    bool decided = decided_on && !before(date, decided_on);
    if (strcmp(status, "applied") == 0 || strcmp(status, "assessed") == 0)
        return status;
    if (!from) /* a decision without a term: a withdrawn application */
        return decided || !decided_on ? status : "applied";
    if (before(to, date))
        return strcmp(status, "withdrawn") == 0 ? "withdrawn" : "expired";
    if (strcmp(status, "objection pending") == 0)
        return decided || !decided_on ? "objection pending" : "applied";
    if (before(date, from))
        return decided || !decided_on ? "awaiting its term" : "applied";
    return "recognised"; /* in its term (an expired or withdrawn record was until its end) */
}

enum { R_ID, R_CENTRE, R_ORPHA, R_STATUS, R_NCOLS };

typedef struct rec_cols {
    int ix[R_NCOLS];
    int ern, applied, decided, from, to;
} rec_cols;

static const char *opt_field(zl_csv *c, int col)
{
    const char *v = col >= 0 ? zl_csv_field(c, (size_t)col) : "";
    return *v ? v : NULL;
}

/* A date column that may be empty. */
static zl_status opt_date(zl_csv *c, int col, const char **out, zl_err *err)
{
    *out = opt_field(c, col);
    if (*out && !zl_date_valid(*out))
        return zl_csv_fail(c, col, err, "'%s' is not a date YYYY-MM-DD", *out);
    return ZL_OK;
}

/* The term as the status needs it: none before a decision, one of at most five years. */
static zl_status check_term(zl_csv *c, const rec_cols *k, const zl_recognition_put *r, zl_err *err)
{
    bool undecided = strcmp(r->status, "applied") == 0 || strcmp(r->status, "assessed") == 0;
    bool needs = !undecided && strcmp(r->status, "withdrawn") != 0;
    if ((r->from == NULL) != (r->to == NULL))
        return zl_csv_fail(c, r->from ? k->to : k->from, err,
                           "a term needs both recognised_from and recognised_to");
    if (undecided && r->from)
        return zl_csv_fail(c, k->from, err, "an application that is %s has no term yet", r->status);
    if (needs && !r->from)
        return zl_csv_fail(c, k->from, err, "a record that is %s needs its term", r->status);
    if (!r->from)
        return ZL_OK;
    if (zl_rare_check_dates(c, k->from, k->to, r->from, r->to, err) != ZL_OK)
        return err->code;
    char limit[11];
    zl_date_add_months(r->from, TERM_MONTHS, limit);
    if (strcmp(r->to, limit) >= 0)
        return zl_csv_fail(c, k->to, err, "a term is at most five years (%s..%s)", r->from, r->to);
    if (before(r->from, r->decided_on) && strcmp(r->status, "withdrawn") != 0)
        return zl_csv_fail(c, k->decided, err, "decided (%s) after the term started (%s)",
                           r->decided_on, r->from);
    return ZL_OK;
}

static zl_status read_record(zl_store *s, zl_csv *c, const rec_cols *k, zl_recognition_put *r,
                             zl_err *err)
{
    const char *orpha;
    bool ok;
    if (zl_csv_text(c, k->ix[R_ID], &r->id, err) != ZL_OK ||
        zl_csv_text(c, k->ix[R_CENTRE], &r->centre_id, err) != ZL_OK ||
        zl_csv_text(c, k->ix[R_ORPHA], &orpha, err) != ZL_OK ||
        zl_csv_text(c, k->ix[R_STATUS], &r->status, err) != ZL_OK ||
        opt_date(c, k->applied, &r->applied_on, err) != ZL_OK ||
        opt_date(c, k->decided, &r->decided_on, err) != ZL_OK)
        return err->code;
    if (!known(r->status, statuses))
        return zl_csv_fail(c, k->ix[R_STATUS], err,
                           "'%s' is not a status (applied, assessed, recognised, objection "
                           "pending, withdrawn, expired)",
                           r->status);
    if (before(r->decided_on, r->applied_on))
        return zl_csv_fail(c, k->decided, err, "decided (%s) before applied (%s)", r->decided_on,
                           r->applied_on);
    r->from = opt_field(c, k->from);
    r->to = opt_field(c, k->to);
    r->ern = opt_field(c, k->ern);
    if (check_term(c, k, r, err) != ZL_OK ||
        zl_rare_check_centre(s, c, k->ix[R_CENTRE], r->centre_id, err) != ZL_OK ||
        zl_rare_check_code(s, c, k->ix[R_ORPHA], orpha, &r->orpha, err) != ZL_OK)
        return err->code;
    if (r->ern && zl_rare_ern_exists(s, r->ern, &ok, err) != ZL_OK)
        return err->code;
    if (r->ern && !ok)
        return zl_csv_fail(c, k->ern, err, "unknown ERN '%s' (import ern first)", r->ern);
    return ZL_OK;
}

static zl_status recognition_row(zl_store *s, zl_csv *c, const rec_cols *k, zl_strset *ids,
                                 zl_rare_import_stats *st, bool *synthetic, zl_err *err)
{
    int sc = zl_csv_col(c, "synthetic");
    zl_recognition_put r = {.synthetic = sc >= 0 && zl_rare_truthy(zl_csv_field(c, (size_t)sc))};
    bool added;
    if (read_record(s, c, k, &r, err) != ZL_OK || zl_strset_add(ids, r.id, &added, err) != ZL_OK)
        return err->code;
    if (!added)
        return zl_csv_fail(c, k->ix[R_ID], err, "duplicate record '%s'", r.id);
    char *other = NULL;
    if (r.from && zl_rare_recognition_overlap(s, &r, &other, err) != ZL_OK)
        return err->code;
    if (other) {
        zl_csv_fail(c, k->from, err,
                    "term %s..%s of centre '%s' for ORPHA:%lld overlaps the term of %s", r.from,
                    r.to, r.centre_id, (long long)r.orpha, other);
        free(other);
        return ZL_EINPUT;
    }
    if (zl_rare_put_recognition(s, &r, err) != ZL_OK)
        return zl_err_prefix(err, "%s:%ld: ", zl_csv_name(c), zl_csv_line(c));
    *synthetic = *synthetic || r.synthetic;
    st->records++;
    return ZL_OK;
}

static zl_status recognition_rows(zl_store *s, zl_csv *c, zl_rare_import_stats *st, bool *synthetic,
                                  zl_err *err)
{
    static const char *const cols[R_NCOLS] = {"id", "centre_id", "orpha", "status"};
    rec_cols k;
    if (zl_csv_require(c, cols, k.ix, R_NCOLS, err) != ZL_OK)
        return err->code;
    k.ern = zl_csv_col(c, "ern");
    k.applied = zl_csv_col(c, "applied_on");
    k.decided = zl_csv_col(c, "decided_on");
    k.from = zl_csv_col(c, "recognised_from");
    k.to = zl_csv_col(c, "recognised_to");
    zl_strset *ids = NULL;
    if (zl_strset_new(&ids, err) != ZL_OK)
        return err->code;
    bool row;
    zl_status rc;
    while ((rc = zl_csv_next(c, &row, err)) == ZL_OK && row)
        if ((rc = recognition_row(s, c, &k, ids, st, synthetic, err)) != ZL_OK)
            break;
    zl_strset_free(ids);
    return rc;
}

zl_status zl_rare_import_recognitions(zl_store *s, const char *path, zl_rare_import_stats *stats,
                                      zl_err *err)
{
    zl_rare_import_stats local = {0};
    zl_rare_import_stats *st = stats ? stats : &local;
    *st = (zl_rare_import_stats){0};
    return zl_rare_import_tx(s, "recognitions", path, false, recognition_rows, st, err);
}

enum { A_ID, A_CRITERION, A_RESULT, A_DATE, A_NCOLS };

static zl_status assessment_row(zl_store *s, zl_csv *c, const int *ix, zl_rare_import_stats *st,
                                bool *synthetic, zl_err *err)
{
    static const char *const results[] = {"met", "not met", "with remarks", NULL};
    const char *id, *crit, *res, *day;
    bool ok;
    if (zl_csv_text(c, ix[A_ID], &id, err) != ZL_OK ||
        zl_csv_text(c, ix[A_CRITERION], &crit, err) != ZL_OK ||
        zl_csv_text(c, ix[A_RESULT], &res, err) != ZL_OK ||
        zl_csv_text(c, ix[A_DATE], &day, err) != ZL_OK ||
        zl_rare_recognition_exists(s, id, &ok, err) != ZL_OK)
        return err->code;
    if (!ok)
        return zl_csv_fail(c, ix[A_ID], err,
                           "no recognition record '%s' (import recognitions or ecza first)", id);
    if (!known(crit, zl_rare_criteria))
        return zl_csv_fail(c, ix[A_CRITERION], err,
                           "unknown criterion '%s' (docs/rare-networks.md lists the criteria)",
                           crit);
    if (!known(res, results))
        return zl_csv_fail(c, ix[A_RESULT], err,
                           "'%s' is not a result (met, not met, with "
                           "remarks)",
                           res);
    if (!zl_date_valid(day))
        return zl_csv_fail(c, ix[A_DATE], err, "'%s' is not a date YYYY-MM-DD", day);
    int rm = zl_csv_col(c, "remarks"), sc = zl_csv_col(c, "synthetic");
    if (zl_rare_put_assessment(s, id, crit, res, opt_field(c, rm), day, err) != ZL_OK)
        return zl_err_prefix(err, "%s:%ld: ", zl_csv_name(c), zl_csv_line(c));
    *synthetic = *synthetic || (sc >= 0 && zl_rare_truthy(zl_csv_field(c, (size_t)sc)));
    st->records++;
    return ZL_OK;
}

static zl_status assessment_rows(zl_store *s, zl_csv *c, zl_rare_import_stats *st, bool *synthetic,
                                 zl_err *err)
{
    static const char *const cols[A_NCOLS] = {"recognition_id", "criterion", "result",
                                              "assessed_on"};
    int ix[A_NCOLS];
    if (zl_csv_require(c, cols, ix, A_NCOLS, err) != ZL_OK)
        return err->code;
    bool row;
    zl_status rc;
    while ((rc = zl_csv_next(c, &row, err)) == ZL_OK && row)
        if ((rc = assessment_row(s, c, ix, st, synthetic, err)) != ZL_OK)
            break;
    return rc;
}

zl_status zl_rare_import_assessments(zl_store *s, const char *path, zl_rare_import_stats *stats,
                                     zl_err *err)
{
    zl_rare_import_stats local = {0};
    zl_rare_import_stats *st = stats ? stats : &local;
    *st = (zl_rare_import_stats){0};
    return zl_rare_import_tx(s, "assessments", path, false, assessment_rows, st, err);
}
