/* Internals of the HTTP module: the server, the per-thread worker state, one request as
 * the endpoint handlers see it, the route table and response helpers. */
#ifndef ZL_HTTP_INTERNAL_H
#define ZL_HTTP_INTERNAL_H

#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "zorglandschap/http.h"
#include "zorglandschap/landscape.h"
#include "zorglandschap/rare_atlas.h"
#include "zorglandschap/rare_finder.h"
#include "zorglandschap/token.h"
#include "zorglandschap/util.h"

#define API_PREFIX "/api/v1"

/* Longest request URI (path and query) the server reads; libmicrohttpd's per-connection
 * memory limit (64 KiB) bounds it anyway. */
#define HTTP_URI_MAX 8192

typedef struct http_throttle http_throttle;
typedef struct http_hasher http_hasher;
typedef struct conn_watch conn_watch;

struct zl_http_server {
    zl_http_config cfg;
    struct MHD_Daemon *daemon;
    http_throttle *throttle; /* failed authentication per token id and per client address */
    http_hasher *hasher;     /* argon2id checks off the event threads (hasher.c) */
    _Atomic long active;     /* requests begun and not yet completed (graceful stop) */
    _Atomic bool draining;   /* stopping: answers say "Connection: close" */
    /* The connection watchdog (watch.c): every open connection with its deadline. */
    pthread_mutex_t watch_lock;
    pthread_cond_t watch_cond;
    pthread_t watch_thread;
    conn_watch *watched;
    bool watch_stop;
    unsigned long cut_connections; /* closed for taking too long to send a request */
    pthread_key_t worker_key;
    pthread_mutex_t log_lock;
    /* One optimisation at a time: GLPK's environment is not safe to share between
     * threads unless the library was built with thread-local storage. */
    pthread_mutex_t optimise_lock;
    unsigned port;
    unsigned char token_key[32]; /* keys the digests of verified token secrets */
};

/* A cached loaded case (impact and optimiser reuse it between requests). */
#define CASE_CACHE 8
typedef struct case_slot {
    char *key; /* "intervention|year|layer" */
    zl_case *c;
    struct zl_alloc_inputs *inputs; /* the allocation rules' inputs, loaded on first use */
    uint64_t used;
} case_slot;

/* Digests of token secrets this thread has verified with argon2id already. */
#define TOKEN_CACHE 32
typedef struct token_slot {
    char id[ZL_TOKEN_ID_LEN + 1];
    unsigned char digest[32];
} token_slot;

/* Serialised answers of deterministic read endpoints (the finder), keyed by the
 * endpoint and all its parameters; dropped with the other caches when the data change. */
typedef struct answer_slot {
    uint64_t hash;
    char *key, *body;
    size_t len;
    uint64_t used;
} answer_slot;

/* Per worker thread: its own store connection and caches (freed at thread exit). */
typedef struct http_worker {
    zl_store *store;
    long long data_version;  /* caches belong to this version of the database */
    int64_t data_checked_ns; /* when it was last asked (CLOCK_MONOTONIC) */
    case_slot cases[CASE_CACHE];
    zl_finder *finder;    /* the rare-disease finder's index, built on first use */
    zl_rare_atlas *atlas; /* what its answers read, built with it */
    struct zl_geo *geo;   /* the report's map geometry (cfg.web_dir), read on first use */
    uint64_t tick;
    token_slot tokens[TOKEN_CACHE];
    answer_slot *answers; /* cfg.answer_cache entries, or NULL */
    size_t n_answers;
    char *uncached; /* the last answer when the cache is off (sent, then replaced) */
    unsigned next_token;
} http_worker;

/* One token check handed to the hashing thread (hasher.c); lives in the request's state
 * while its connection is suspended. */
typedef enum { AUTH_JOB_NONE = 0, AUTH_JOB_QUEUED, AUTH_JOB_DONE } auth_job_state;
typedef struct http_auth_job {
    auth_job_state state;
    char token[ZL_TOKEN_MAX + 1]; /* wiped once checked */
    struct MHD_Connection *conn;
    zl_status st;     /* the check's result (DONE) */
    zl_principal who; /* owned until taken by the request */
    zl_err err;
    bool refused; /* not checked: the server is stopping */
    struct http_auth_job *next;
} http_auth_job;

#define MAX_PATH_PARAMS 3

/* One request as a handler sees it. */
typedef struct api_req {
    zl_http_server *srv;
    http_worker *w;
    struct MHD_Connection *conn;
    const char *method;
    const char *params[MAX_PATH_PARAMS]; /* {placeholders} of the route, in order */
    json_t *body;                        /* parsed JSON body of a POST (object), else NULL */
    zl_principal who;                    /* role ZL_ROLE_NONE when anonymous */
    http_auth_job *auth;                 /* the request's token check (owned by its state) */
    int status;                          /* HTTP status of a successful answer (200) */
    const char *raw; /* an already serialised answer (borrowed from the worker) used */
    size_t raw_len;  /* instead of *out when set */
    /* A non-JSON answer (a file): the handler fills file (owned by the request, freed
     * after sending), its type and a download name; *out stays NULL. */
    zl_buf file;
    const char *file_type, *file_name;
    bool file_inline; /* shown in the browser (a report), not downloaded */
} api_req;

/* Handlers return ZL_OK with *out set (a JSON value whose reference they pass on), or an
 * error in err that becomes a JSON error response. */
typedef zl_status (*api_fn)(api_req *r, json_t **out, zl_err *err);

/* Who may call a route. */
enum {
    ALLOW_PUBLIC = 0, /* anyone; a token, when sent, must be valid */
    ALLOW_ADMIN = 1 << ZL_ROLE_ADMIN,
    ALLOW_ANALYST = 1 << ZL_ROLE_ANALYST,
    ALLOW_LOCATION = 1 << ZL_ROLE_LOCATION,
};

typedef struct api_route {
    const char *method;
    const char *pattern; /* under /api/v1; "{x}" matches one path segment */
    api_fn fn;
    int allow;
    const char *query; /* allowed query parameters, comma separated ("" for none) */
} api_route;

const api_route *api_routes(size_t *n);

/* Matches path (after /api/v1) against the table. *route is NULL when nothing matches;
 * *path_known tells whether the path exists for another method (405 rather than 404). */
void api_match(const char *method, const char *path, const api_route **route,
               const char *params[MAX_PATH_PARAMS], char *scratch, size_t scratch_len,
               bool *path_known);

/* Query parameters. api_query returns NULL when absent. The _int/_num forms fail with
 * ZL_EINPUT naming the parameter when present and malformed or out of range. */
const char *api_query(const api_req *r, const char *name);
zl_status api_query_int(const api_req *r, const char *name, int64_t lo, int64_t hi, int64_t dflt,
                        int64_t *out, zl_err *err);
/* Fails when a query parameter not in `allowed` (comma separated) is present. */
zl_status api_query_check(const api_req *r, const char *allowed, zl_err *err);

/* Fails when the body object has members not in `allowed` (comma separated). */
zl_status api_body_check(const json_t *body, const char *allowed, zl_err *err);

/* The worker's store and a cached case (owned by the cache: do not free). */
zl_status api_case(api_req *r, const char *intervention, int year, const char *layer,
                   const zl_case **out, zl_err *err);

/* The allocation inputs (choice model, partners, capacities) of a case returned by
 * api_case, loaded once and cached with it (owned by the cache). */
zl_status api_case_inputs(api_req *r, const zl_case *c, const struct zl_alloc_inputs **out,
                          zl_err *err);

/* The map geometry the browser UI draws (web_dir/data/nl.topo.json), read once per worker
 * (owned by the worker); NULL without a web directory. */
zl_status api_geo(api_req *r, const struct zl_geo **out, zl_err *err);

/* The worker's rare-disease finder index and atlas (owned by the worker), built on
 * first use. */
zl_status api_finder(api_req *r, zl_finder **finder, zl_rare_atlas **atlas, zl_err *err);

/* The answer cache: api_answer_get points r->raw at a cached answer for key (true on a
 * hit); api_answer_put takes the answer's JSON text (body, len; freed by the worker),
 * stores it and points r->raw at it. */
bool api_answer_get(api_req *r, const char *key);
zl_status api_answer_put(api_req *r, const char *key, char *body, size_t len, zl_err *err);
/* The one way answers are serialised (compact, members in order, 10 significant digits;
 * the finder's text is written in the same form by zl_jw). */
char *api_dump(const json_t *v);

/* Role checks inside handlers that serve several roles. */
bool api_is(const api_req *r, zl_role role);

/* Worker state of the calling thread, created on first use. */
http_worker *http_worker_get(zl_http_server *srv, zl_err *err);
void http_worker_free(void *w);

/* Token check with the per-thread digest cache and the throttle of failed attempts per
 * token id and per client address (ip). A token not verified before is checked by the
 * hashing thread: then *pending is set, the connection is suspended and the handler is
 * called again once the check is done (r->auth holds the result, which the next call
 * takes). When throttled it fails with ZL_EAUTH and sets *retry_s (> 0): the caller
 * answers 429 with Retry-After; when the hashing queue is full or the server stops it
 * fails with ZL_EBUSY and sets *retry_s: 503 with Retry-After. */
zl_status http_authenticate(api_req *r, const char *authorization, const char *ip,
                            unsigned *retry_s, bool *pending, zl_err *err);

/* hasher.c: the token-hashing thread. submit queues job (the request's) for conn and
 * suspends conn, or returns false at once when the queue is full or the thread stops.
 * stop answers the waiting checks "busy", resumes their connections and joins. */
zl_status http_hasher_start(http_hasher **out, const char *db_path, zl_err *err);
bool http_hasher_submit(http_hasher *h, http_auth_job *job, struct MHD_Connection *conn,
                        const char *token);
void http_hasher_stop(http_hasher *h);

/* throttle.c: buckets of failed attempts keyed by text (at most HTTP_THROTTLE_KEY - 1
 * bytes are used). wait returns the seconds until the key may try again (0: now). */
#define HTTP_THROTTLE_KEY 64
zl_status http_throttle_new(http_throttle **out, zl_err *err);
void http_throttle_free(http_throttle *t);
unsigned http_throttle_wait(http_throttle *t, const char *key, int64_t now_ns);
void http_throttle_fail(http_throttle *t, const char *key, int64_t now_ns);
/* Gives back an attempt taken by http_throttle_fail (a check that succeeded). */
void http_throttle_refund(http_throttle *t, const char *key, int64_t now_ns);
/* Keyed digests of tokens verified since the server started: never throttled. */
bool http_throttle_vouched(http_throttle *t, const unsigned char digest[32]);
void http_throttle_vouch(http_throttle *t, const unsigned char digest[32]);

/* guard.c: what is wrong with a raw request URI (NUL bytes, control characters or invalid
 * UTF-8 once percent-decoded), or NULL. */
const char *http_uri_problem(const char *uri);
/* Conflicting or repeated Content-Length, Transfer-Encoding or Authorization headers and
 * repeated query parameters; NULL when none. The message may be built in buf. */
const char *http_request_problem(struct MHD_Connection *conn, char *buf, size_t cap);
/* Copies in to out (cap bytes, NUL-terminated) with invalid UTF-8 and control characters
 * replaced by '?', never cutting a character: safe to put into JSON and logs. */
void http_safe_text(const char *in, char *out, size_t cap);

/* watch.c: the connection watchdog (see there). http_on_connection is libmicrohttpd's
 * connection notification; http_watch_arm sets a connection's deadline to now +
 * extra_s + the request timeout, or clears it when extra_s < 0. */
int64_t http_now_ns(void);
void http_on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                        enum MHD_ConnectionNotificationCode code);
void http_watch_arm(zl_http_server *srv, struct MHD_Connection *conn, int64_t extra_s);
zl_status http_watch_start(zl_http_server *srv, zl_err *err);
void http_watch_stop(zl_http_server *srv);

/* Static files of the web directory and the map geometry of data/ (gzip when accepted,
 * 304 on a matching If-None-Match). Returns an MHD response and the status, or NULL when
 * the path is not a static file. */
struct MHD_Response *http_static(const zl_http_server *srv, struct MHD_Connection *conn,
                                 const char *path, int *status);

/* The language of a request's error messages: ?lang=, else Accept-Language (nl or en),
 * else "en". */
const char *http_lang(struct MHD_Connection *conn);
/* msg in lang: a Dutch rendering from i18n.c's table (written into buf) or msg itself
 * when there is none or lang is not "nl". */
const char *http_translate(const char *msg, const char *lang, char *buf, size_t cap);

/* Writes one line to the log callback. */
void http_log(zl_http_server *srv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
