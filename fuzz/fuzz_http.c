/* Fuzzes the HTTP server's reading of requests: query strings and JSON bodies, through
 * libmicrohttpd, the request guard (src/http/guard.c), the router and every handler's
 * parameter parsing. The server runs in this process on a loopback port against the
 * fixture store; each input becomes one request. The first byte picks the endpoint (and
 * whether an admin token is sent); for GET endpoints the rest is the query string, for
 * POST endpoints the body, for the path endpoint a path under /api/v1/. Bytes that
 * cannot stand in a request line are percent-encoded, so every request is well-formed
 * HTTP and must get an answer: a status line, and for the API a JSON document (parsed
 * strictly: valid UTF-8, one value). */
#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "zorglandschap/http.h"
#include "zorglandschap/token.h"

#ifndef ZL_SOURCE_DIR
#define ZL_SOURCE_DIR "."
#endif

static zl_http_server *srv;
static unsigned port;
static char *admin;

typedef struct target {
    const char *method, *path; /* path "" : the input is the path */
} target;

static const target targets[] = {
    {"GET", "/norms"},
    {"GET", "/impact"},
    {"GET", "/travel"},
    {"GET", "/areas"},
    {"GET", "/locations"},
    {"GET", "/rare/find"},
    {"GET", "/rare/centres"},
    {"GET", "/rare/diseases/ORPHA:558"},
    {"GET", "/registry/counts"},
    {"GET", "/registry/concentration"},
    {"GET", "/interventions"},
    {"POST", "/impact"},
    {"POST", "/tokens"},
    {"GET", ""},
    {"DELETE", ""},
};
#define N_TARGETS (sizeof targets / sizeof targets[0])

static void start(void)
{
    signal(SIGPIPE, SIG_IGN);
    const char *db = fz_path("http.db");
    zl_store *s = fz_fixture_store(db);
    zl_err err = {0};
    char id[ZL_TOKEN_ID_LEN + 1];
    fz_need(zl_token_create(s, ZL_ROLE_ADMIN, NULL, "fuzz", 0, &admin, id, &err) == ZL_OK, "token",
            err.msg);
    zl_store_close(s);
    static char dbpath[256];
    snprintf(dbpath, sizeof dbpath, "%s", db);
    zl_http_config cfg = {.listen = "127.0.0.1:0",
                          .db_path = dbpath,
                          .web_dir = ZL_SOURCE_DIR "/web",
                          .openapi = ZL_SOURCE_DIR "/docs/openapi.json",
                          .threads = 2,
                          .answer_cache = 16,
                          .max_per_ip = 1000};
    fz_need(zl_http_start(&cfg, &srv, &err) == ZL_OK, "server", err.msg);
    port = zl_http_port(srv);
}

/* Appends b to the request line, percent-encoded unless it can stand there as it is
 * ('%' stays, so the fuzzer can write escapes of its own, malformed ones included). */
static size_t put_byte(char *out, size_t n, uint8_t b)
{
    static const char hex[] = "0123456789ABCDEF";
    if (b > 0x20 && b < 0x7f && b != '#') {
        out[n++] = (char)b;
    } else {
        out[n++] = '%';
        out[n++] = hex[b >> 4];
        out[n++] = hex[b & 15];
    }
    return n;
}

/* Reads until the server closes; *recv_errno is 0 at a clean end of stream. */
static size_t read_all(int fd, char *buf, size_t cap, int *recv_errno)
{
    size_t n = 0;
    *recv_errno = 0;
    for (;;) {
        ssize_t r = recv(fd, buf + n, cap - 1 - n, 0);
        if (r < 0 && errno == EINTR)
            continue; /* libFuzzer's -timeout watchdog is a SIGALRM every few seconds */
        if (r < 0)
            *recv_errno = errno;
        if (r <= 0)
            break;
        n += (size_t)r;
        if (n == cap - 1)
            break;
    }
    buf[n] = '\0';
    return n;
}

static void fail(const char *what, const char *req, const char *resp)
{
    fprintf(stderr, "fuzz_http: %s\nrequest: %.300s\nresponse: %.300s\n", what, req, resp);
    abort();
}

/* One connection per input. It is closed with SO_LINGER 0 (a reset) after the server has
 * closed its end, so neither end keeps it in TIME_WAIT: at ~2,000 inputs a second the
 * loopback's ~28,000 ephemeral ports would otherwise run out within a 12-second smoke run
 * (connect fails with EADDRNOTAVAIL, which is the harness's limit, not a finding). Should
 * ports still run short, connect waits and tries again for up to 5 s; so it does when
 * libFuzzer's watchdog SIGALRM interrupts it (EINTR). */
static int connect_server(const char *req)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct timeval tv = {.tv_sec = 30};
    struct linger lg = {.l_onoff = 1, .l_linger = 0};
    for (int attempt = 0; attempt < 100; attempt++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0 ||
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg) != 0)
            fail("cannot make a socket", req, strerror(errno));
        if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0)
            return fd;
        int e = errno;
        close(fd);
        if (e != EADDRNOTAVAIL && e != EAGAIN && e != EINTR)
            fail("cannot connect", req, strerror(e));
        usleep(50 * 1000);
    }
    fail("cannot connect: no local port free for 5 s", req, "");
    return -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!srv)
        start();
    if (size < 1 || size > 4096)
        return 0;
    const target *t = &targets[data[0] % N_TARGETS];
    bool with_token = data[0] & 0x80;
    const uint8_t *rest = data + 1;
    size_t rn = size - 1;
    bool post = strcmp(t->method, "POST") == 0, path_input = !t->path[0];
    static char req[4096 * 3 + 1024];
    size_t n = (size_t)snprintf(req, 1024, "%s /api/v1%s%s", t->method, path_input ? "/" : t->path,
                                post || path_input ? "" : "?");
    for (size_t i = 0; !post && i < rn; i++)
        n = put_byte(req, n, rest[i]);
    n += (size_t)snprintf(req + n, 1024, " HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n%s%s%s",
                          with_token ? "Authorization: Bearer " : "", with_token ? admin : "",
                          with_token ? "\r\n" : "");
    if (post)
        n += (size_t)snprintf(req + n, 1024,
                              "Content-Type: application/json\r\nContent-Length: %zu\r\n", rn);
    n += (size_t)snprintf(req + n, 1024, "\r\n");
    if (post) {
        memcpy(req + n, rest, rn);
        n += rn;
    }

    int fd = connect_server(req);
    size_t sent = 0;
    while (sent < n) {
        ssize_t w = send(fd, req + sent, n - sent, 0);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        sent += (size_t)w;
    }
    static char resp[1 << 22];
    int recv_errno;
    size_t len = read_all(fd, resp, sizeof resp, &recv_errno);
    close(fd);
    if (len < 12 || strncmp(resp, "HTTP/1.1 ", 9) != 0)
        fail("no answer", req, recv_errno ? strerror(recv_errno) : resp);
    int status = atoi(resp + 9);
    const char *body = strstr(resp, "\r\n\r\n");
    if (!body)
        fail("no end of headers", req, resp);
    body += 4;
    if (status >= 500 && status != 503)
        fail("a server error", req, resp);
    if (!strstr(resp, "Content-Type: application/json") || body >= resp + len)
        fail("not a JSON answer", req, resp);
    json_error_t je;
    json_t *v = json_loadb(body, (size_t)(resp + len - body), 0, &je);
    if (!v)
        fail("the answer is not valid JSON", req, resp);
    json_decref(v);
    return 0;
}
