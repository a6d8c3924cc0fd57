/* Reports of the recognition cycle: the recognised terms due for renewal within a number
 * of months (zl rare recognitions --due, GET /rare/recognitions) and the history of one
 * centre with its assessments and the state of every record on a date (zl rare history,
 * GET /rare/centres/{id}/history). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "zorglandschap/rare_network.h"
#include "zorglandschap/store_rare_network.h"

static json_t *cell(const zl_rows *r, size_t row, size_t col)
{
    const char *v = zl_rows_get(r, row, col);
    return v ? json_string(v) : json_null();
}

static json_t *code_json(int64_t orpha)
{
    char code[32];
    snprintf(code, sizeof code, "ORPHA:%lld", (long long)orpha);
    return json_string(code);
}

/* Days from a to b (dates YYYY-MM-DD), by the proleptic Gregorian calendar. */
static long days_between(const char *a, const char *b)
{
    struct tm ta = {0}, tb = {0};
    ta.tm_year = atoi(a) - 1900, ta.tm_mon = atoi(a + 5) - 1, ta.tm_mday = atoi(a + 8);
    tb.tm_year = atoi(b) - 1900, tb.tm_mon = atoi(b + 5) - 1, tb.tm_mday = atoi(b + 8);
    return (long)((timegm(&tb) - timegm(&ta)) / 86400);
}

zl_status zl_rare_recognitions_due_json(zl_store *s, const char *date, int months, json_t **out,
                                        zl_err *err)
{
    if (!zl_date_valid(date) || months < 1)
        return zl_fail(err, ZL_EINPUT, "due: a date and at least one month");
    char until[11];
    zl_date_add_months(date, months, until);
    zl_rows r = {0};
    if (zl_rare_get_due(s, date, until, &r, err) != ZL_OK)
        return err->code;
    json_t *due = json_array();
    bool synthetic = false;
    for (size_t i = 0; i < r.n; i++) {
        bool syn = zl_rows_int(&r, i, 9) != 0;
        synthetic = synthetic || syn;
        json_array_append_new(
            due,
            json_pack("{so so so sI so so so so so sI so sb}", "id", cell(&r, i, 0), "centre_id",
                      cell(&r, i, 1), "centre", cell(&r, i, 2), "orpha",
                      (json_int_t)zl_rows_int(&r, i, 3), "code", code_json(zl_rows_int(&r, i, 3)),
                      "disorder", cell(&r, i, 4), "ern", cell(&r, i, 5), "recognised_from",
                      cell(&r, i, 6), "recognised_to", cell(&r, i, 7), "days_left",
                      (json_int_t)days_between(date, zl_rows_get(&r, i, 7)), "renewal",
                      cell(&r, i, 8), "synthetic", syn));
    }
    zl_rows_free(&r);
    *out =
        json_pack("{ss sI ss sb sI so}", "date", date, "months", (json_int_t)months, "until", until,
                  "synthetic", synthetic, "count", (json_int_t)json_array_size(due), "due", due);
    return *out ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
}

/* The assessments of record id (rows come by record). */
static json_t *assessments_of(const zl_rows *a, const char *id)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(zl_rows_get(a, i, 0), id) == 0)
            json_array_append_new(arr, json_pack("{so so so so}", "criterion", cell(a, i, 1),
                                                 "result", cell(a, i, 2), "remarks", cell(a, i, 3),
                                                 "assessed_on", cell(a, i, 4)));
    return arr;
}

static json_t *record_json(const zl_rows *r, size_t i, const zl_rows *a, const char *date)
{
    const char *state =
        zl_rare_recognition_state(zl_rows_get(r, i, 6), zl_rows_get(r, i, 4), zl_rows_get(r, i, 5),
                                  zl_rows_get(r, i, 7), zl_rows_get(r, i, 8), date);
    return json_pack("{so sI so so so so so so so so ss so sb}", "id", cell(r, i, 0), "orpha",
                     (json_int_t)zl_rows_int(r, i, 1), "code", code_json(zl_rows_int(r, i, 1)),
                     "disorder", cell(r, i, 2), "ern", cell(r, i, 3), "applied_on", cell(r, i, 4),
                     "decided_on", cell(r, i, 5), "status", cell(r, i, 6), "recognised_from",
                     cell(r, i, 7), "recognised_to", cell(r, i, 8), "state", state, "assessments",
                     assessments_of(a, zl_rows_get(r, i, 0)), "synthetic",
                     zl_rows_int(r, i, 9) != 0);
}

zl_status zl_rare_centre_history_json(zl_store *s, const char *centre, const char *date,
                                      json_t **out, zl_err *err)
{
    zl_rows c = {0}, r = {0}, a = {0};
    zl_status rc = zl_rare_get_centre(s, centre, &c, err);
    if (rc == ZL_OK && c.n == 0)
        rc = zl_fail(err, ZL_ENOTFOUND, "no centre '%s' in the register", centre);
    if (rc == ZL_OK)
        rc = zl_rare_get_recognitions(s, centre, &r, err);
    if (rc == ZL_OK)
        rc = zl_rare_get_assessments(s, centre, &a, err);
    if (rc == ZL_OK) {
        json_t *recs = json_array();
        bool synthetic = false;
        for (size_t i = 0; i < r.n; i++) {
            synthetic = synthetic || zl_rows_int(&r, i, 9) != 0;
            json_array_append_new(recs, record_json(&r, i, &a, date));
        }
        *out = json_pack("{so so so so ss sb so}", "centre_id", cell(&c, 0, 0), "centre",
                         cell(&c, 0, 1), "location", cell(&c, 0, 2), "city", cell(&c, 0, 3), "date",
                         date, "synthetic", synthetic, "records", recs);
        if (!*out)
            rc = zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    zl_rows_free(&c);
    zl_rows_free(&r);
    zl_rows_free(&a);
    return rc;
}
