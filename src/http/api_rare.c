/* Rare diseases for patients and referrers: the finder, one disease's record and the
 * expertise-centre (ECZA) register as published on a date; the ECZA networks with their
 * shared-care partners, recognitions due, a centre's history and care pathways. The finder's index
 * is built once per worker thread and rebuilt after an import. */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "zorglandschap/rare.h"
#include "zorglandschap/rare_network.h"

/* The date parameter, or today (UTC) in buf. */
static zl_status date_param(const api_req *r, char buf[11], const char **out, zl_err *err)
{
    const char *d = api_query(r, "date");
    if (!d) {
        zl_date_today(buf);
        *out = buf;
        return ZL_OK;
    }
    if (!zl_date_valid(d))
        return zl_fail(err, ZL_EINPUT, "query parameter 'date': expected YYYY-MM-DD");
    *out = d;
    return ZL_OK;
}

zl_status api_rare_find(api_req *r, json_t **out, zl_err *err)
{
    const char *q = api_query(r, "q"), *lang = api_query(r, "lang"), *date = NULL;
    if (!q || !*q)
        return zl_fail(err, ZL_EINPUT, "query parameter 'q' is required");
    if (strlen(q) > 200)
        return zl_fail(err, ZL_EINPUT, "query parameter 'q': at most 200 characters");
    if (zl_utf8_invalid_at(q, strlen(q)) >= 0)
        return zl_fail(err, ZL_EINPUT, "query parameter 'q': not valid UTF-8");
    if (lang && strcmp(lang, "nl") != 0 && strcmp(lang, "en") != 0)
        return zl_fail(err, ZL_EINPUT, "query parameter 'lang': nl or en");
    int64_t limit, postcode;
    char today[11];
    zl_status st = api_query_int(r, "limit", 1, 50, 10, &limit, err);
    if (st == ZL_OK)
        st = api_query_int(r, "postcode", 1000, 9999, 0, &postcode, err);
    if (st == ZL_OK)
        st = date_param(r, today, &date, err);
    if (st != ZL_OK)
        return st;
    /* The answer depends only on these parameters and the data (the cache is dropped when
     * the data change), and finder traffic repeats itself (suggestions while typing). */
    char key[300];
    snprintf(key, sizeof key, "find\x1f%s\x1f%s\x1f%d\x1f%s\x1f%d", q, lang ? lang : "", (int)limit,
             date, (int)postcode);
    if (api_answer_get(r, key))
        return ZL_OK;
    zl_finder *f;
    zl_rare_atlas *a;
    char *body;
    size_t len;
    zl_rare_find_opts o = {lang, (int)limit, date, (int32_t)postcode};
    if ((st = api_finder(r, &f, &a, err)) != ZL_OK ||
        (st = zl_rare_find_text_opts(r->w->store, f, a, q, &o, &body, &len, err)) != ZL_OK)
        return st;
    return api_answer_put(r, key, body, len, err);
}

zl_status api_rare_disease(api_req *r, json_t **out, zl_err *err)
{
    int64_t orpha;
    if (!zl_orpha_parse(r->params[0], &orpha))
        return zl_fail(err, ZL_EINPUT, "an ORPHAcode looks like ORPHA:558 or 558");
    char today[11];
    const char *date = NULL;
    zl_status st = date_param(r, today, &date, err);
    if (st != ZL_OK)
        return st;
    int64_t postcode;
    zl_finder *f;
    zl_rare_atlas *a;
    if ((st = api_query_int(r, "postcode", 1000, 9999, 0, &postcode, err)) != ZL_OK ||
        (st = api_finder(r, &f, &a, err)) != ZL_OK)
        return st;
    /* The same centres and adjacent expertise as the finder's answer. */
    st = zl_rare_show_json(r->w->store, a, orpha, date, (int32_t)postcode, out, err);
    if (st == ZL_ENOTFOUND)
        return zl_fail(err, ZL_ENOTFOUND, "no disorder with this ORPHAcode");
    return st;
}

zl_status api_rare_centres(api_req *r, json_t **out, zl_err *err)
{
    char today[11];
    const char *date = NULL;
    zl_status st = date_param(r, today, &date, err);
    if (st != ZL_OK)
        return st;
    return zl_rare_register_json(r->w->store, date, out, err);
}

/* ECZA networks, shared care, the recognition cycle and care pathways (issue 16). */
zl_status api_rare_networks(api_req *r, json_t **out, zl_err *err)
{
    char today[11];
    const char *date = NULL;
    zl_status st = date_param(r, today, &date, err);
    return st == ZL_OK ? zl_rare_networks_json(r->w->store, NULL, date, out, err) : st;
}

zl_status api_rare_network(api_req *r, json_t **out, zl_err *err)
{
    char today[11];
    const char *date = NULL;
    zl_status st = date_param(r, today, &date, err);
    return st == ZL_OK ? zl_rare_networks_json(r->w->store, r->params[0], date, out, err) : st;
}

zl_status api_rare_recognitions(api_req *r, json_t **out, zl_err *err)
{
    char today[11];
    const char *date = NULL;
    int64_t months;
    zl_status st = date_param(r, today, &date, err);
    if (st == ZL_OK)
        st = api_query_int(r, "due", 1, 120, 12, &months, err);
    return st == ZL_OK ? zl_rare_recognitions_due_json(r->w->store, date, (int)months, out, err)
                       : st;
}

zl_status api_rare_centre_history(api_req *r, json_t **out, zl_err *err)
{
    char today[11];
    const char *date = NULL;
    zl_status st = date_param(r, today, &date, err);
    return st == ZL_OK ? zl_rare_centre_history_json(r->w->store, r->params[0], date, out, err)
                       : st;
}

zl_status api_rare_pathway(api_req *r, json_t **out, zl_err *err)
{
    return zl_rare_pathway_json(r->w->store, r->params[0], out, err);
}
