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
#include <unistd.h>

#include "http_internal.h"

/* Per-request state kept between the calls libmicrohttpd makes for one request. */
typedef struct req_state {
    struct timespec start;
    zl_buf body;
    bool too_large;
    size_t limit;        /* the largest body this request may send */
    bool started;        /* the handler has been called once (headers complete) */
    const char *bad_uri; /* what is wrong with the URI (http_uri_problem), or NULL */
    http_auth_job auth;  /* the token check, when the hashing thread does it */
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
    if (srv->draining) /* stopping: the client should not send another request here */
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
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

/* The answer when even an error document cannot be made (out of memory). */
static struct MHD_Response *fallback_error(void)
{
    static const char body[] =
        "{\"error\":{\"code\":\"internal\",\"message\":\"the server could not answer this "
        "request\"}}";
    return json_headers(
        MHD_create_response_from_buffer(sizeof body - 1, (void *)body, MHD_RESPMEM_PERSISTENT));
}

/* {"error": {"code": "...", "message": "..."}}. Internal failures get a fixed message:
 * database and programming errors are logged, never shown. Messages may quote what the
 * client sent, so they are made valid UTF-8 first: an error must always be answerable. */
static enum MHD_Result error_retry(zl_http_server *srv, struct MHD_Connection *conn, req_state *rs,
                                   int status, const char *code, const char *message,
                                   unsigned retry_s)
{
    char safe[ZL_ERR_MSG_MAX], buf[768];
    http_safe_text(message, safe, sizeof safe);
    const char *lang = http_lang(conn);
    const char *text = http_translate(safe, lang, buf, sizeof buf);
    json_t *v = json_pack("{s:{s:s,s:s,s:s}}", "error", "code", code, "message", text, "lang",
                          text == safe ? "en" : lang);
    struct MHD_Response *resp = v ? json_response(v) : NULL;
    if (!resp) {
        status = 500;
        resp = fallback_error();
    }
    if (resp && retry_s) {
        char secs[16];
        snprintf(secs, sizeof secs, "%u", retry_s);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, secs);
    }
    if (resp && status == 400 && !rs->started) /* the body may be unread: do not reuse */
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
    if (resp && status == 401)
        MHD_add_response_header(resp, "WWW-Authenticate", "Bearer realm=\"zorglandschap\"");
    if (resp && status == 405)
        MHD_add_response_header(resp, "Allow", "GET, POST, DELETE");
    return queue(srv, conn, rs, status, resp);
}

static enum MHD_Result error_out(zl_http_server *srv, struct MHD_Connection *conn, req_state *rs,
                                 int status, const char *code, const char *message)
{
    return error_retry(srv, conn, rs, status, code, message, 0);
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
    case ZL_EBUSY: /* another process writes (an import): worth trying again soon */
        http_log(srv, "busy: %s: %s", rs->route, err->msg);
        return error_retry(srv, conn, rs, 503, "busy",
                           "the database is busy (an import is running); try again shortly", 2);
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
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(r->file.len, r->file.data, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        zl_buf_free(&r->file);
        return MHD_NO;
    }
    char cd[160];
    snprintf(cd, sizeof cd, "%s; filename=\"%s\"", r->file_inline ? "inline" : "attachment",
             r->file_name);
    MHD_add_response_header(resp, "Content-Type", r->file_type);
    MHD_add_response_header(resp, "Content-Disposition", cd);
    if (r->file_inline) /* a self-contained document: its own styles, nothing to fetch or run */
        MHD_add_response_header(resp, "Content-Security-Policy",
                                "default-src 'none'; style-src 'unsafe-inline'; "
                                "frame-ancestors 'none'");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    return queue(srv, conn, rs, r->status, resp);
}

/* The client's address as text ("?" when unknown). */
static void client_ip(struct MHD_Connection *conn, char *out, size_t cap)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = ci ? ci->client_addr : NULL;
    const void *a =
        !sa                         ? NULL
        : sa->sa_family == AF_INET  ? (const void *)&((const struct sockaddr_in *)sa)->sin_addr
        : sa->sa_family == AF_INET6 ? (const void *)&((const struct sockaddr_in6 *)sa)->sin6_addr
                                    : NULL;
    if (!a || !inet_ntop(sa->sa_family, a, out, (socklen_t)cap))
        snprintf(out, cap, "?");
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
    if (authz) {
        char ip[INET6_ADDRSTRLEN];
        unsigned retry_s;
        bool pending;
        client_ip(conn, ip, sizeof ip);
        r.auth = &rs->auth;
        zl_status ast = http_authenticate(&r, authz, ip, &retry_s, &pending, &err);
        if (ast == ZL_OK && pending) /* suspended: called again once the token is checked */
            return MHD_YES;
        if (ast != ZL_OK && retry_s)
            return ast == ZL_EBUSY
                       ? error_retry(srv, conn, rs, 503, "busy", err.msg, retry_s)
                       : error_retry(srv, conn, rs, 429, "too_many_requests", err.msg, retry_s);
        if (ast != ZL_OK)
            return error_from(srv, conn, rs, &err);
    }
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
    if (!resp) { /* the answer could not be serialised: still answer */
        http_log(srv, "error: %s: the answer could not be serialised", rs->route);
        return error_out(srv, conn, rs, 500, "internal",
                         "the server could not answer this request");
    }
    return queue(srv, conn, rs, r.status, resp);
}

static enum MHD_Result preflight(zl_http_server *srv, struct MHD_Connection *conn, req_state *rs)
{
    snprintf(rs->route, sizeof rs->route, "(preflight)");
    if (!srv->cfg.cors_origin) /* no CORS: OPTIONS is a method like any other not allowed */
        return error_out(srv, conn, rs, 405, "method_not_allowed",
                         "OPTIONS is not allowed: this server sends no CORS headers");
    struct MHD_Response *resp = MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
    if (resp) {
        MHD_add_response_header(resp, "Access-Control-Allow-Methods", "GET, POST, DELETE");
        MHD_add_response_header(resp, "Access-Control-Allow-Headers",
                                "Authorization, Content-Type");
        MHD_add_response_header(resp, "Access-Control-Max-Age", "600");
    }
    return queue(srv, conn, rs, 204, resp);
}

/* libmicrohttpd calls this with the raw URI as soon as the request line has arrived;
 * what it returns is the request's state (*con_cls of on_request and on_completed). */
static void *on_request_line(void *cls, const char *uri, struct MHD_Connection *conn)
{
    zl_http_server *srv = cls;
    req_state *rs = calloc(1, sizeof *rs);
    if (!rs)
        return NULL;
    clock_gettime(CLOCK_MONOTONIC, &rs->start);
    snprintf(rs->route, sizeof rs->route, "-");
    rs->bad_uri = http_uri_problem(uri);
    srv->active++;
    http_watch_arm(srv, conn, 0); /* the headers and the body must follow in time */
    return rs;
}

/* The first call for a request: headers are complete, the body has not been read. */
static enum MHD_Result on_headers(zl_http_server *srv, struct MHD_Connection *conn, req_state *rs,
                                  const char *url)
{
    char buf[160];
    const char *problem = rs->bad_uri ? rs->bad_uri : http_request_problem(conn, buf, sizeof buf);
    if (problem) {
        snprintf(rs->route, sizeof rs->route, "(bad request)");
        return error_out(srv, conn, rs, 400, "bad_request", problem);
    }
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

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
    zl_http_server *srv = cls;
    req_state *rs = *con_cls;
    if (!rs) /* the request line callback could not allocate */
        return MHD_NO;
    if (!rs->started) {
        enum MHD_Result r = on_headers(srv, conn, rs, url);
        rs->started = true;
        return r;
    }
    if (*upload_size) {
        if (!rs->too_large && rs->body.len + *upload_size > rs->limit)
            rs->too_large = true;
        if (!rs->too_large && zl_buf_append(&rs->body, upload_data, *upload_size, NULL) != ZL_OK)
            return MHD_NO;
        *upload_size = 0;
        return MHD_YES;
    }
    if (rs->status) /* already answered (400 or 413 on the first call) */
        return MHD_YES;
    http_watch_arm(srv, conn, -1); /* the request is whole: the handler may take its time */
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
    srv->active--;
    /* Idle keep-alive connections are closed by libmicrohttpd's idle timeout; one that
     * starts another request and trickles it is cut after the idle time and the request
     * time together. */
    http_watch_arm(srv, conn, srv->cfg.timeout_s);
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
    zl_principal_clear(&rs->auth.who); /* a check's result never taken */
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

/* Frees what zl_http_start made besides the daemon and the thread key. */
static void server_free(zl_http_server *s)
{
    http_hasher_stop(s->hasher);
    http_watch_stop(s);
    http_throttle_free(s->throttle);
    pthread_mutex_destroy(&s->log_lock);
    pthread_mutex_destroy(&s->optimise_lock);
    sodium_memzero(s->token_key, sizeof s->token_key);
    free(s);
}

zl_status zl_http_start(const zl_http_config *cfg, zl_http_server **out, zl_err *err)
{
    if (sodium_init() < 0)
        return zl_fail(err, ZL_EINTERNAL, "libsodium could not be initialised");
    struct sockaddr_storage sa;
    zl_status st = resolve_listen(cfg->listen ? cfg->listen : "127.0.0.1:8080", &sa, err);
    if (st != ZL_OK)
        return st;
    /* Open once here so a bad path or schema fails at start, and migrations run once; a
     * missing file is an error, never silently an empty database. */
    zl_store *probe;
    if ((st = zl_store_open(cfg->db_path, ZL_STORE_MUST_EXIST, &probe, err)) != ZL_OK)
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
    if (!srv->cfg.request_timeout_s)
        srv->cfg.request_timeout_s = 10;
    if (!srv->cfg.max_per_ip)
        srv->cfg.max_per_ip = 64;
    if (!srv->cfg.grace_ms)
        srv->cfg.grace_ms = 10000;
    /* First: the hashing helper process is forked while this process holds no thread
     * of the server and no secret of it yet. */
    if ((st = http_hasher_start(&srv->hasher, srv->cfg.db_path, err)) != ZL_OK) {
        free(srv);
        return st;
    }
    randombytes_buf(srv->token_key, sizeof srv->token_key);
    pthread_mutex_init(&srv->log_lock, NULL);
    pthread_mutex_init(&srv->optimise_lock, NULL);
    if ((st = http_throttle_new(&srv->throttle, err)) != ZL_OK ||
        (st = http_watch_start(srv, err)) != ZL_OK) {
        http_hasher_stop(srv->hasher);
        http_throttle_free(srv->throttle);
        pthread_mutex_destroy(&srv->log_lock);
        pthread_mutex_destroy(&srv->optimise_lock);
        free(srv);
        return st;
    }
    if (pthread_key_create(&srv->worker_key, http_worker_free) != 0) {
        server_free(srv);
        return zl_fail(err, ZL_EINTERNAL, "cannot create thread-local storage");
    }
    /* MHD_USE_ITC lets zl_http_stop stop accepting (MHD_quiesce_daemon) while requests
     * in progress finish; suspending connections lets token checks wait for the hashing
     * thread without holding a worker. */
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | MHD_USE_AUTO |
                     MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME;
    if (sa.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    srv->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, srv, MHD_OPTION_EXTERNAL_LOGGER, mhd_logger, srv,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, srv->cfg.threads,
        MHD_OPTION_CONNECTION_TIMEOUT, srv->cfg.timeout_s, MHD_OPTION_CONNECTION_LIMIT,
        srv->cfg.max_connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT, srv->cfg.max_per_ip,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536, MHD_OPTION_URI_LOG_CALLBACK,
        on_request_line, srv, MHD_OPTION_NOTIFY_CONNECTION, http_on_connection, srv,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_END);
    if (!srv->daemon) {
        pthread_key_delete(srv->worker_key);
        server_free(srv);
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

/* Waits until no request is in progress or until (CLOCK_MONOTONIC ns). */
static void wait_idle(const zl_http_server *s, int64_t until)
{
    while (s->active > 0 && http_now_ns() < until)
        nanosleep(&(struct timespec){0, 10000000}, NULL);
}

void zl_http_stop(zl_http_server *s)
{
    if (!s)
        return;
    /* Stop accepting: closing the listening socket makes new clients fail at once
     * instead of waiting in the kernel's queue. Then let the requests in progress finish
     * (their answers say "Connection: close") for at most the grace period. */
    s->draining = true;
    MHD_socket listen_fd = MHD_quiesce_daemon(s->daemon);
    if (listen_fd != MHD_INVALID_SOCKET)
        close(listen_fd);
    wait_idle(s, http_now_ns() + (int64_t)s->cfg.grace_ms * 1000000);
    /* libmicrohttpd must not stop with suspended connections: token checks still waiting
     * are answered "busy" (503), which the workers send in a moment. */
    http_hasher_stop(s->hasher);
    s->hasher = NULL;
    wait_idle(s, http_now_ns() + 500000000);
    if (s->active > 0)
        http_log(s, "stopping with %ld request(s) unfinished after the grace period",
                 (long)s->active);
    MHD_stop_daemon(s->daemon); /* joins the worker threads: their stores close */
    pthread_key_delete(s->worker_key);
    server_free(s);
}
