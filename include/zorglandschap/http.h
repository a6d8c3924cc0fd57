/* The HTTP server of zorglandschap: the versioned JSON API under /api/v1 and the browser
 * UI from a web directory, on libmicrohttpd with a thread pool. Each worker thread opens
 * its own connection to the SQLite store (WAL) and keeps its own caches. The library
 * starts and stops the server; signal handling belongs to the front end (zl serve).
 * Endpoints, roles and limits are documented in docs/http.md and docs/openapi.json. */
#ifndef ZORGLANDSCHAP_HTTP_H
#define ZORGLANDSCHAP_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "zorglandschap/err.h"

/* Receives one line of the access log (no newline) or of the error log. Called from
 * worker threads, possibly concurrently: the callee serialises. */
typedef void (*zl_http_log_fn)(void *ctx, const char *line);

typedef struct zl_http_config {
    const char *listen;   /* "HOST:PORT" ("127.0.0.1:8080"); port 0 picks a free port */
    const char *db_path;  /* the store; opened read-write (tokens are managed over HTTP) */
    const char *web_dir;  /* static files of the browser UI; NULL serves none */
    const char *data_dir; /* the repository's data/ (map geometry at /data/...); may be NULL */
    const char *openapi;  /* path of the OpenAPI document served at /api/v1/openapi.json */
    unsigned threads;     /* worker threads (0: 4) */
    size_t max_body;      /* largest request body in bytes (0: 65536) */
    size_t max_upload;    /* largest registry upload (POST /registry/submissions; 0: 32 MiB) */
    unsigned timeout_s;   /* idle connection timeout in seconds (0: 15) */
    unsigned request_timeout_s; /* a whole request (line, headers, body) must arrive within
                                   this many seconds, however steadily it trickles (0: 10) */
    unsigned max_connections;   /* concurrent connections (0: 512) */
    unsigned max_per_ip;        /* concurrent connections from one client address (0: 64) */
    unsigned grace_ms;          /* zl_http_stop waits this long for running requests (0: 10000) */
    const char *cors_origin;    /* NULL: no CORS headers; otherwise the one allowed origin or "*" */
    int answer_cache;           /* finder answers cached per worker (< 0: 256; 0: no cache) */
    zl_http_log_fn log;         /* access and error log; NULL: none */
    void *log_ctx;
} zl_http_config;

typedef struct zl_http_server zl_http_server;

/* Opens (and migrates) the store, binds and starts serving. The config's strings must
 * outlive the server. */
zl_status zl_http_start(const zl_http_config *cfg, zl_http_server **out, zl_err *err);
/* The port actually bound (useful with port 0). */
unsigned zl_http_port(const zl_http_server *s);
/* Stops accepting new connections, lets the requests in progress finish for at most
 * cfg.grace_ms (their answers say "Connection: close"), then closes every connection and
 * frees. */
void zl_http_stop(zl_http_server *s);

#endif
