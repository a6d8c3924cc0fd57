/* Route matching and the strict reading of query parameters and JSON bodies: unknown
 * parameters and members are errors, so a typo never silently changes an answer. */
#include <stdio.h>
#include <string.h>

#include "http_internal.h"

/* Matches one pattern; params point into scratch (a copy of the path split at '/'). */
static bool match_one(const char *pattern, char *path, const char *params[MAX_PATH_PARAMS])
{
    int np = 0;
    const char *p = pattern;
    char *q = path;
    while (*p && *q) {
        if (*p != '/' || *q != '/')
            return false;
        p++;
        q++;
        const char *pe = strchr(p, '/');
        char *qe = strchr(q, '/');
        size_t pl = pe ? (size_t)(pe - p) : strlen(p);
        size_t ql = qe ? (size_t)(qe - q) : strlen(q);
        if (p[0] == '{') {
            if (ql == 0 || np >= MAX_PATH_PARAMS)
                return false;
            params[np++] = q;
        } else if (pl != ql || strncmp(p, q, pl) != 0) {
            return false;
        }
        p += pl;
        q += ql;
    }
    if (*p || *q)
        return false;
    /* Terminate the captured segments only once the whole pattern matched. */
    for (int i = 0; i < np; i++) {
        char *end = strchr((char *)params[i], '/');
        if (end)
            *end = '\0';
    }
    return true;
}

void api_match(const char *method, const char *path, const api_route **route,
               const char *params[MAX_PATH_PARAMS], char *scratch, size_t scratch_len,
               bool *path_known)
{
    size_t n;
    const api_route *t = api_routes(&n);
    *route = NULL;
    *path_known = false;
    size_t len = strlen(path);
    if (len >= scratch_len)
        return;
    for (size_t i = 0; i < n; i++) {
        memcpy(scratch, path, len + 1);
        const char *tmp[MAX_PATH_PARAMS] = {0};
        if (!match_one(t[i].pattern, scratch, tmp))
            continue;
        *path_known = true;
        if (strcmp(t[i].method, method) == 0 ||
            (strcmp(method, "HEAD") == 0 && strcmp(t[i].method, "GET") == 0)) {
            *route = &t[i];
            memcpy(params, tmp, sizeof tmp);
            return;
        }
    }
}

const char *api_query(const api_req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

zl_status api_query_int(const api_req *r, const char *name, int64_t lo, int64_t hi, int64_t dflt,
                        int64_t *out, zl_err *err)
{
    const char *v = api_query(r, name);
    if (!v) {
        *out = dflt;
        return ZL_OK;
    }
    if (!zl_parse_i64(v, out) || *out < lo || *out > hi)
        return zl_fail(err, ZL_EINPUT, "query parameter '%s': expected an integer %lld..%lld", name,
                       (long long)lo, (long long)hi);
    return ZL_OK;
}

/* True when name is one of the comma-separated words of list. */
static bool in_list(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; *p;) {
        const char *e = strchr(p, ',');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l == n && strncmp(p, name, n) == 0)
            return true;
        p += l + (e ? 1 : 0);
    }
    return false;
}

typedef struct query_walk {
    const char *allowed;
    const char *bad;
} query_walk;

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    query_walk *qw = cls;
    /* lang (nl or en) chooses the language of error messages on every endpoint. */
    if (!in_list(qw->allowed, key) && strcmp(key, "lang") != 0) {
        qw->bad = key;
        return MHD_NO;
    }
    return MHD_YES;
}

zl_status api_query_check(const api_req *r, const char *allowed, zl_err *err)
{
    query_walk qw = {.allowed = allowed ? allowed : ""};
    MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, check_arg, &qw);
    if (qw.bad)
        return zl_fail(err, ZL_EINPUT, "unknown query parameter '%.60s' (allowed: %s)", qw.bad,
                       *qw.allowed ? qw.allowed : "none");
    return ZL_OK;
}

zl_status api_body_check(const json_t *body, const char *allowed, zl_err *err)
{
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)body, key, v)
    {
        if (!in_list(allowed, key))
            return zl_fail(err, ZL_EINPUT, "unknown member '%.60s' in the body (allowed: %s)", key,
                           allowed);
    }
    return ZL_OK;
}
