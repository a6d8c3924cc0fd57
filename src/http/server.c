/* The libmicrohttpd daemon: binding, limits, reading request bodies, dispatching to the
 * API or the static files, CORS, security headers and the access log. */
#include <arpa/inet.h>
#include <netdb.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http_internal.h"

/* Per-request state kept between the calls libmicrohttpd makes for one request. */
typedef struct req_state {
    struct timespec start;
    zl_buf body;
    bool too_large;
    size_t limit; /* the largest body this request may send */
    int status;
    char route[96]; /* what the access log shows: the route pattern, never identifiers */
} req_state;

void http_log(zl_http_server *srv, const char *fmt, ...)
{
    if (!srv->cfg.log)
        return;
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    pthread_mutex_lock(&srv->log_lock);
    srv->cfg.log(srv->cfg.log_ctx, line);
    pthread_mutex_unlock(&srv->log_lock);
}

static void add_common_headers(const zl_http_server *srv, struct MHD_Connection *conn,
                               struct MHD_Response *resp)
{
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    const char *origin = srv->cfg.cors_origin;
    if (!origin)
        return;
    const char *sent = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Origin");
    if (strcmp(origin, "*") == 0 || (sent && strcmp(sent, origin) == 0)) {
        MHD_add_response_header(resp, "Access-Control-Allow-Origin", origin);
        MHD_add_response_header(resp, "Vary", "Origin");
    }
}

static enum MHD_Result queue(zl_http_server *srv, struct MHD_Connection *conn, req_state *rs,
                             int status, struct MHD_Response *resp)
{
    if (!resp)
        return MHD_NO;
    add_common_headers(srv, conn, resp);
    rs->status = status;
    enum MHD_Result r = MHD_queue_response(conn, (unsigned)status, resp);
    MHD_destroy_response(resp);
    return r;
}

char *api_dump(const json_t *v)
{
    return json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
}

static struct MHD_Response *json_headers(struct MHD_Response *resp)
{
    if (resp) {
        MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
        MHD_add_response_header(resp, "Cache-Control", "no-store");
    }
    return resp;
}

static struct MHD_Response *json_response(json_t *v)
{
    char *text = api_dump(v);
    json_decref(v);
    if (!text)
        return NULL;
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
    if (!resp)
        free(text);
    return json_headers(resp);
}

/* {"error": {"code": "...", "message": "..."}}. Internal failures get a fixed message:
 * database and programming errors are logged, never shown. */
static enum MHD_Result error_out(zl_http_server *srv, struct MHD_Connection *conn, req_state *rs,
                                 int status, const char *code, const char *message)
{
    char buf[768];
    const char *lang = http_lang(conn);
    const char *text = http_translate(message, lang, buf, sizeof buf);
    json_t *v = json_pack("{s:{s:s,s:s,s:s}}", "error", "code", code, "message", text, "lang",
                          text == message ? "en" : lang);
    struct MHD_Response *resp = json_response(v);
    if (resp && status == 401)
        MHD_add_response_header(resp, "WWW-Authenticate", "Bearer realm=\"zorglandschap\"");
    if (resp && status == 405)
        MHD_add_response_header(resp, "Allow", "GET, POST, DELETE");
    return queue(srv, conn, rs, status, resp);
}

static enum MHD_Result error_from(zl_http_server *srv, struct MHD_Connection *conn, req_state *rs,
                                  const zl_err *err)
{
    switch (err->code) {
    case ZL_EINPUT:
        return error_out(srv, conn, rs, 400, "bad_request", err->msg);
    case ZL_ENOTFOUND:
        return error_out(srv, conn, rs, 404, "not_found", err->msg);
    case ZL_EINFEASIBLE:
        return error_out(srv, conn, rs, 422, "infeasible", err->msg);
    case ZL_EAUTH:
        return error_out(srv, conn, rs, 401, "unauthorized", err->msg);
    default:
        http_log(srv, "error: %s: %s", rs->route, err->msg);
        return error_out(srv, conn, rs, 500, "internal",
                         "the server could not answer this request");
    }
}

static bool is_json_type(const char *ct)
{
    if (!ct)
        return false;
    size_t n = strlen("application/json");
    return strncasecmp(ct, "application/json", n) == 0 && (ct[n] == '\0' || ct[n] == ';');
}

static zl_status parse_body(req_state *rs, struct MHD_Connection *conn, json_t **out, zl_err *err)
{
    if (!is_json_type(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type")))
        return zl_fail(err, ZL_EINPUT, "the body must be JSON (Content-Type: application/json)");
    if (rs->body.len == 0)
        return zl_fail(err, ZL_EINPUT, "the request body is empty; send a JSON object");
    json_error_t je;
    json_t *v = json_loadb(rs->body.data, rs->body.len, JSON_REJECT_DUPLICATES, &je);
    if (!v)
        return zl_fail(err, ZL_EINPUT, "invalid JSON at line %d, column %d: %s", je.line, je.column,
                       je.text);
    if (!json_is_object(v)) {
        json_decref(v);
        return zl_fail(err, ZL_EINPUT, "the body must be a JSON object");
    }
    *out = v;
    return ZL_OK;
}

/* A handler's file (an export): sent as a download, never cached. */
static enum MHD_Result file_answer(zl_http_server *srv, struct MHD_Connection *conn, req_state *rs,
                                   api_req *r)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(r->file.len, r->file.data,
                                                                MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        zl_buf_free(&r->file);
        return MHD_NO;
    }
    char cd[160];
    snprintf(cd, sizeof cd, "attachment; filename=\"%s\"", r->file_name);
    MHD_add_response_header(resp, "Content-Type", r->file_type);
    MHD_add_response_header(resp, "Content-Disposition", cd);
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    return queue(srv, conn, rs, r->status, resp);
}

static enum MHD_Result api_dispatch(zl_http_server *srv, struct MHD_Connection *conn, req_state *rs,
                                    const char *method, const char *path)
{
    const api_route *route;
    const char *params[MAX_PATH_PARAMS] = {0};
    char scratch[512];
    bool known;
    api_match(method, path, &route, params, scratch, sizeof scratch, &known);
    if (!route) {
        snprintf(rs->route, sizeof rs->route, API_PREFIX "/?");
        if (known)
            return error_out(srv, conn, rs, 405, "method_not_allowed",
                             "this method is not allowed on this path");
        return error_out(srv, conn, rs, 404, "not_found", "no such endpoint");
    }
    snprintf(rs->route, sizeof rs->route, API_PREFIX "%s", route->pattern);
    zl_err err = {0};
    api_req r = {.srv = srv, .conn = conn, .method = method, .status = 200};
    memcpy(r.params, params, sizeof params);
    if (!(r.w = http_worker_get(srv, &err)))
        return error_from(srv, conn, rs, &err);
    const char *authz = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
    if (authz && http_authenticate(&r, authz, &err) != ZL_OK)
        return error_from(srv, conn, rs, &err);
    if (route->allow && !(route->allow & (1 << r.who.role))) {
        zl_principal_clear(&r.who);
        if (!authz)
            return error_out(srv, conn, rs, 401, "unauthorized",
                             "this endpoint needs a bearer token");
        return error_out(srv, conn, rs, 403, "forbidden",
                         "this token's role may not use this endpoint");
    }
    json_t *out = NULL;
    zl_status st = api_query_check(&r, route->query, &err);
    if (st == ZL_OK && strcmp(method, "POST") == 0)
        st = parse_body(rs, conn, &r.body, &err);
    else if (st == ZL_OK && rs->body.len > 0)
        st = zl_fail(&err, ZL_EINPUT, "this method takes no request body");
    if (st == ZL_OK)
        st = route->fn(&r, &out, &err);
    json_decref(r.body);
    zl_principal_clear(&r.who);
    if (st != ZL_OK) {
        zl_buf_free(&r.file);
        json_decref(out);
        if (err.code == ZL_EAUTH) /* a handler's refusal of an authenticated caller */
            return error_out(srv, conn, rs, 403, "forbidden", err.msg);
        return error_from(srv, conn, rs, &err);
    }
    if (r.file_type)
        return file_answer(srv, conn, rs, &r);
    struct MHD_Response *resp = r.raw ? json_headers(MHD_create_response_from_buffer(
                                            r.raw_len, (void *)r.raw, MHD_RESPMEM_MUST_COPY))
                                      : json_response(out);
    return resp ? queue(srv, conn, rs, r.status, resp) : MHD_NO;
}

static enum MHD_Result preflight(zl_http_server *srv, struct MHD_Connection *conn, req_state *rs)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
    if (resp && srv->cfg.cors_origin) {
        MHD_add_response_header(resp, "Access-Control-Allow-Methods", "GET, POST, DELETE");
        MHD_add_response_header(resp, "Access-Control-Allow-Headers",
                                "Authorization, Content-Type");
        MHD_add_response_header(resp, "Access-Control-Max-Age", "600");
    }
    snprintf(rs->route, sizeof rs->route, "(preflight)");
    return queue(srv, conn, rs, srv->cfg.cors_origin ? 204 : 405, resp);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
    zl_http_server *srv = cls;
    req_state *rs = *con_cls;
    if (!rs) {
        if (!(rs = calloc(1, sizeof *rs)))
            return MHD_NO;
        clock_gettime(CLOCK_MONOTONIC, &rs->start);
        snprintf(rs->route, sizeof rs->route, "-");
        *con_cls = rs;
        const char *cl =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        int64_t len;
        /* Registry uploads carry whole files; every other body stays small. */
        rs->limit = strcmp(url, API_PREFIX "/registry/submissions") == 0 ? srv->cfg.max_upload
                                                                          : srv->cfg.max_body;
        if (cl && zl_parse_i64(cl, &len) && len > (int64_t)rs->limit) {
            rs->too_large = true;
            return error_out(srv, conn, rs, 413, "payload_too_large",
                             "the request body is larger than the server accepts");
        }
        return MHD_YES;
    }
    if (*upload_size) {
        if (!rs->too_large && rs->body.len + *upload_size > rs->limit)
            rs->too_large = true;
        if (!rs->too_large && zl_buf_append(&rs->body, upload_data, *upload_size, NULL) != ZL_OK)
            return MHD_NO;
        *upload_size = 0;
        return MHD_YES;
    }
    if (rs->status) /* already answered (413 on the first call) */
        return MHD_YES;
    if (rs->too_large)
        return error_out(srv, conn, rs, 413, "payload_too_large",
                         "the request body is larger than the server accepts");
    if (strcmp(method, "OPTIONS") == 0)
        return preflight(srv, conn, rs);
    size_t plen = strlen(API_PREFIX);
    if (strncmp(url, API_PREFIX, plen) == 0 && (url[plen] == '/' || url[plen] == '\0'))
        return api_dispatch(srv, conn, rs, method, url[plen] ? url + plen : "/");
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        snprintf(rs->route, sizeof rs->route, "(static)");
        return error_out(srv, conn, rs, 405, "method_not_allowed", "static files are read-only");
    }
    int status;
    struct MHD_Response *resp = http_static(srv, conn, url, &status);
    snprintf(rs->route, sizeof rs->route, "%.80s", status == 404 ? "(static 404)" : url);
    if (!resp)
        return error_out(srv, conn, rs, 404, "not_found", "no such page or file");
    return queue(srv, conn, rs, status, resp);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    zl_http_server *srv = cls;
    req_state *rs = *con_cls;
    if (!rs)
        return;
    struct timespec end;
    clock_gettime(CLOCK_MONOTONIC, &end);
    double ms = (double)(end.tv_sec - rs->start.tv_sec) * 1e3 +
                (double)(end.tv_nsec - rs->start.tv_nsec) / 1e6;
    time_t now = time(NULL);
    struct tm tm;
    char stamp[32];
    gmtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    http_log(srv, "%s %s %d %.2fms%s", stamp, rs->route, rs->status, ms,
             toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
    zl_buf_free(&rs->body);
    free(rs);
    *con_cls = NULL;
}

static void mhd_logger(void *cls, const char *fmt, va_list ap)
{
    zl_http_server *srv = cls;
    char line[400];
    vsnprintf(line, sizeof line, fmt, ap);
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    http_log(srv, "httpd: %s", line);
}

/* Resolves "HOST:PORT" (or "[v6]:PORT") to a socket address. */
static zl_status resolve_listen(const char *listen, struct sockaddr_storage *sa, zl_err *err)
{
    char host[256];
    const char *colon = strrchr(listen, ':');
    if (!colon || colon == listen || (size_t)(colon - listen) >= sizeof host)
        return zl_fail(err, ZL_EINPUT, "--listen '%s': expected HOST:PORT", listen);
    int64_t port;
    if (!zl_parse_i64(colon + 1, &port) || port < 0 || port > 65535)
        return zl_fail(err, ZL_EINPUT, "--listen '%s': port must be 0..65535", listen);
    size_t hl = (size_t)(colon - listen);
    const char *h = listen;
    if (h[0] == '[' && h[hl - 1] == ']') {
        h++;
        hl -= 2;
    }
    memcpy(host, h, hl);
    host[hl] = '\0';
    struct addrinfo hints = {
        .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV};
    struct addrinfo *res = NULL;
    char ps[8];
    snprintf(ps, sizeof ps, "%d", (int)port);
    int gai = getaddrinfo(host, ps, &hints, &res);
    if (gai != 0 || !res)
        return zl_fail(err, ZL_EINPUT, "--listen '%s': %s", listen, gai_strerror(gai));
    memset(sa, 0, sizeof *sa);
    memcpy(sa, res->ai_addr, res->ai_addrlen);
    freeaddrinfo(res);
    return ZL_OK;
}

zl_status zl_http_start(const zl_http_config *cfg, zl_http_server **out, zl_err *err)
{
    if (sodium_init() < 0)
        return zl_fail(err, ZL_EINTERNAL, "libsodium could not be initialised");
    struct sockaddr_storage sa;
    zl_status st = resolve_listen(cfg->listen ? cfg->listen : "127.0.0.1:8080", &sa, err);
    if (st != ZL_OK)
        return st;
    /* Open once here so a bad path or schema fails at start, and migrations run once. */
    zl_store *probe;
    if ((st = zl_store_open(cfg->db_path, 0, &probe, err)) != ZL_OK)
        return st;
    zl_store_close(probe);
    zl_http_server *srv = calloc(1, sizeof *srv);
    if (!srv)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    srv->cfg = *cfg;
    if (!srv->cfg.threads)
        srv->cfg.threads = 4;
    if (!srv->cfg.max_body)
        srv->cfg.max_body = 65536;
    if (!srv->cfg.max_upload)
        srv->cfg.max_upload = 32u << 20;
    if (srv->cfg.max_upload < srv->cfg.max_body)
        srv->cfg.max_upload = srv->cfg.max_body;
    if (!srv->cfg.timeout_s)
        srv->cfg.timeout_s = 15;
    if (srv->cfg.answer_cache < 0)
        srv->cfg.answer_cache = 256;
    if (!srv->cfg.max_connections)
        srv->cfg.max_connections = 512;
    randombytes_buf(srv->token_key, sizeof srv->token_key);
    pthread_mutex_init(&srv->log_lock, NULL);
    pthread_mutex_init(&srv->optimise_lock, NULL);
    if (pthread_key_create(&srv->worker_key, http_worker_free) != 0) {
        pthread_mutex_destroy(&srv->log_lock);
        pthread_mutex_destroy(&srv->optimise_lock);
        free(srv);
        return zl_fail(err, ZL_EINTERNAL, "cannot create thread-local storage");
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | MHD_USE_AUTO;
    if (sa.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    srv->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, srv, MHD_OPTION_EXTERNAL_LOGGER, mhd_logger, srv,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, srv->cfg.threads,
        MHD_OPTION_CONNECTION_TIMEOUT, srv->cfg.timeout_s, MHD_OPTION_CONNECTION_LIMIT,
        srv->cfg.max_connections, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_END);
    if (!srv->daemon) {
        pthread_key_delete(srv->worker_key);
        pthread_mutex_destroy(&srv->log_lock);
        pthread_mutex_destroy(&srv->optimise_lock);
        free(srv);
        return zl_fail(err, ZL_EIO, "cannot listen on %s (address in use or not available)",
                       cfg->listen ? cfg->listen : "127.0.0.1:8080");
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = di ? di->port : 0;
    *out = srv;
    return ZL_OK;
}

unsigned zl_http_port(const zl_http_server *s)
{
    return s->port;
}

void zl_http_stop(zl_http_server *s)
{
    if (!s)
        return;
    MHD_stop_daemon(s->daemon); /* joins the worker threads: their stores close */
    pthread_key_delete(s->worker_key);
    pthread_mutex_destroy(&s->log_lock);
    pthread_mutex_destroy(&s->optimise_lock);
    sodium_memzero(s->token_key, sizeof s->token_key);
    free(s);
}
