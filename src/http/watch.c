/* The connection watchdog: a request must arrive whole (request line, headers and body)
 * within cfg.request_timeout_s, however steadily it trickles. libmicrohttpd's own
 * timeout counts only idle time, so a client sending one header line every 2 s would
 * hold its connection for ever, and enough of them take every connection slot. Each
 * connection carries a deadline, armed when a request starts and cleared when its
 * handler runs (a long computation is not the client's fault); a thread looks every
 * WATCH_TICK_MS and shuts down the socket of a connection past its deadline, which
 * libmicrohttpd then closes as if the client had gone. Entries leave the list in the
 * "closed" notification, which libmicrohttpd sends before it closes the descriptor, so
 * the watchdog never touches a descriptor that has been reused. */
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "http_internal.h"

#define WATCH_TICK_MS 100

typedef struct conn_watch {
    int fd;
    _Atomic int64_t deadline_ns; /* 0: not watched (a handler is running) */
    struct conn_watch *prev, *next;
} conn_watch;

int64_t http_now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

void http_on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                        enum MHD_ConnectionNotificationCode code)
{
    zl_http_server *srv = cls;
    conn_watch *cw = *socket_context;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (!ci || !(cw = calloc(1, sizeof *cw)))
            return; /* not watched: only the idle timeout applies */
        cw->fd = ci->connect_fd;
        cw->deadline_ns = http_now_ns() + (int64_t)srv->cfg.request_timeout_s * 1000000000;
        pthread_mutex_lock(&srv->watch_lock);
        cw->next = srv->watched;
        if (cw->next)
            cw->next->prev = cw;
        srv->watched = cw;
        pthread_mutex_unlock(&srv->watch_lock);
        *socket_context = cw;
        return;
    }
    if (!cw)
        return;
    pthread_mutex_lock(&srv->watch_lock);
    if (cw->prev)
        cw->prev->next = cw->next;
    else
        srv->watched = cw->next;
    if (cw->next)
        cw->next->prev = cw->prev;
    pthread_mutex_unlock(&srv->watch_lock);
    free(cw);
    *socket_context = NULL;
}

void http_watch_arm(zl_http_server *srv, struct MHD_Connection *conn, int64_t extra_s)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    conn_watch *cw = ci ? ci->socket_context : NULL;
    if (!cw)
        return;
    cw->deadline_ns =
        extra_s < 0 ? 0
                    : http_now_ns() + (extra_s + (int64_t)srv->cfg.request_timeout_s) * 1000000000;
}

static void *watch_main(void *arg)
{
    zl_http_server *srv = arg;
    pthread_mutex_lock(&srv->watch_lock);
    while (!srv->watch_stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += WATCH_TICK_MS * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&srv->watch_cond, &srv->watch_lock, &until);
        int64_t now = http_now_ns();
        for (conn_watch *cw = srv->watched; cw; cw = cw->next) {
            int64_t d = cw->deadline_ns;
            if (d && now > d) {
                shutdown(cw->fd, SHUT_RDWR);
                cw->deadline_ns = 0;
                srv->cut_connections++;
            }
        }
    }
    pthread_mutex_unlock(&srv->watch_lock);
    return NULL;
}

zl_status http_watch_start(zl_http_server *srv, zl_err *err)
{
    pthread_mutex_init(&srv->watch_lock, NULL);
    pthread_cond_init(&srv->watch_cond, NULL);
    if (pthread_create(&srv->watch_thread, NULL, watch_main, srv) != 0) {
        pthread_cond_destroy(&srv->watch_cond);
        pthread_mutex_destroy(&srv->watch_lock);
        return zl_fail(err, ZL_EINTERNAL, "cannot start the connection watchdog");
    }
    return ZL_OK;
}

void http_watch_stop(zl_http_server *srv)
{
    pthread_mutex_lock(&srv->watch_lock);
    srv->watch_stop = true;
    pthread_cond_signal(&srv->watch_cond);
    pthread_mutex_unlock(&srv->watch_lock);
    pthread_join(srv->watch_thread, NULL);
    pthread_cond_destroy(&srv->watch_cond);
    pthread_mutex_destroy(&srv->watch_lock);
}
