/* zl serve: runs the HTTP API and browser UI until SIGTERM or SIGINT, then stops
 * gracefully (requests in progress finish). The access log goes to stderr. */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "zorglandschap/http.h"
#include "zorglandschap/util.h"

#ifndef ZL_SOURCE_DIR
#define ZL_SOURCE_DIR "."
#endif

static void log_line(void *ctx, const char *line)
{
    FILE *f = ctx;
    fprintf(f, "%s\n", line);
    fflush(f);
}

static const zl_opt serve_opts[] = {
    {"listen", 'l', "HOST:PORT", "address to bind (default 127.0.0.1:8080; port 0 picks one)", NULL,
     0},
    {"web", 'w', "DIR", "directory of the browser UI as built (default build/www)", NULL, 0},
    {"data", 'd', "DIR", "the repository's data directory, for the map", NULL, 0},
    {"threads", 't', "N", "worker threads, each with its own database connection (default 4)", NULL,
     0},
    {"max-body", 'b', "BYTES", "largest request body accepted (default 65536)", NULL, 0},
    {"timeout", 'T', "SECONDS", "idle connection timeout (default 15)", NULL, 0},
    {"cors-origin", 'c', "ORIGIN", "allow this origin (or '*') to call the API from a browser",
     NULL, 0},
    {"cache", 'C', "N", "finder answers cached per worker thread (default 256; 0: none)", NULL, 0},
    {"request-timeout", 'R', "SECONDS",
     "a whole request must arrive within this many seconds, however steadily it trickles "
     "(default 10)",
     NULL, 0},
    {"max-per-ip", 'P', "N", "concurrent connections from one client address (default 64)", NULL,
     0},
    {"grace", 'g', "SECONDS",
     "on SIGTERM/SIGINT, seconds running requests may take to finish (default 10)", NULL, 0},
    {"quiet", 'q', NULL, "no access log", NULL, 0},
    {0}};

const zl_cmd_spec serve_spec = {
    "[--listen HOST:PORT] [--web DIR] [--data DIR] [--threads N]\n"
    " [--max-body BYTES] [--timeout SECONDS] [--cors-origin ORIGIN] [--cache N]\n"
    " [--request-timeout SECONDS] [--max-per-ip N] [--grace SECONDS] [--quiet]",
    "Serves the JSON API (docs/http.md) and the browser UI until SIGTERM or SIGINT, then\n"
    "stops gracefully. The access log goes to stderr. The database must exist.\n",
    serve_opts, NULL, 0};

static bool parse_uint(const char *s, unsigned lo, unsigned hi, unsigned *out)
{
    int64_t v;
    if (!zl_parse_i64(s, &v) || v < lo || v > hi)
        return false;
    *out = (unsigned)v;
    return true;
}

int cmd_serve(zl_cli *cli, int argc, char **argv)
{
    zl_http_config cfg = {.listen = "127.0.0.1:8080",
                          .db_path = cli->db_path,
                          .web_dir = ZL_BINARY_DIR "/www",
                          .data_dir = ZL_SOURCE_DIR "/data",
                          .openapi = ZL_SOURCE_DIR "/docs/openapi.json",
                          .answer_cache = -1,
                          .log = log_line,
                          .log_ctx = stderr};
    unsigned max_body = 65536, cache = 0, grace_s = 10;
    int c;
    optind = 1;
    while ((c = cli_getopt(cli, argc, argv)) != -1) {
        switch (c) {
        case 'l':
            cfg.listen = optarg;
            break;
        case 'w':
            cfg.web_dir = optarg;
            break;
        case 'd':
            cfg.data_dir = optarg;
            break;
        case 't':
            if (!parse_uint(optarg, 1, 256, &cfg.threads))
                return cli_usage("--threads: expected 1..256");
            break;
        case 'b':
            if (!parse_uint(optarg, 1, 64u << 20, &max_body))
                return cli_usage("--max-body: expected 1..67108864");
            break;
        case 'T':
            if (!parse_uint(optarg, 1, 3600, &cfg.timeout_s))
                return cli_usage("--timeout: expected 1..3600");
            break;
        case 'c':
            cfg.cors_origin = optarg;
            break;
        case 'q':
            cfg.log = NULL;
            break;
        case 'C':
            if (!parse_uint(optarg, 0, 100000, &cache))
                return cli_usage("--cache: expected 0..100000");
            cfg.answer_cache = (int)cache;
            break;
        case 'R':
            if (!parse_uint(optarg, 1, 3600, &cfg.request_timeout_s))
                return cli_usage("--request-timeout: expected 1..3600");
            break;
        case 'P':
            if (!parse_uint(optarg, 1, 100000, &cfg.max_per_ip))
                return cli_usage("--max-per-ip: expected 1..100000");
            break;
        case 'g':
            if (!parse_uint(optarg, 0, 3600, &grace_s))
                return cli_usage("--grace: expected 0..3600");
            break;
        default:
            return ZL_EXIT_USAGE;
        }
    }
    if (optind != argc)
        return cli_usage("zl serve: unexpected argument '%s'", argv[optind]);
    cfg.max_body = max_body;
    cfg.grace_ms = grace_s ? grace_s * 1000 : 1; /* 0: close at once (1 ms) */

    /* Block the stop signals in every thread (the server's threads inherit the mask),
     * then wait for one here. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    zl_http_server *srv;
    zl_err err = {0};
    zl_status st = zl_http_start(&cfg, &srv, &err);
    if (st == ZL_ENOTFOUND && strncmp(err.msg, "no database at ", 15) == 0) {
        fprintf(stderr, "zl: %s: run `zl demo` or import data first\n", err.msg);
        return ZL_EXIT_FAIL;
    }
    if (st != ZL_OK)
        return cli_fail(&err);
    char host[256];
    const char *colon = strrchr(cfg.listen, ':');
    snprintf(host, sizeof host, "%.*s", (int)(colon - cfg.listen), cfg.listen);
    char name[1024];
    zl_store_display_name(cli->db_path, name, sizeof name);
    fprintf(cli->out, "zl serve: listening on http://%s:%u/ (database %s)\n", host,
            zl_http_port(srv), name);
    fflush(cli->out);
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "zl serve: %s received, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    zl_http_stop(srv);
    return ZL_EXIT_OK;
}
