/* Token checks off the event threads. Checking a secret this server has not verified yet
 * costs argon2id at the interactive cost (64 MiB, 0.1 s on an idle core, up to 1 s on a
 * loaded one). Done by the worker thread that read the request, it would block every
 * other connection of that thread for as long, and a few clients sending wrong secrets
 * would hold every worker. Instead the worker suspends the connection
 * (MHD_suspend_connection) and queues the check here; the hashing thread reads the token
 * from its own store connection, has the secret verified and resumes the connection,
 * whose handler then finishes the request with the result. The queue is bounded
 * (HASH_QUEUE): when it is full the request is answered 503 with Retry-After at once.
 *
 * The argon2id computation itself runs in a helper process forked when the server starts
 * (before any thread), at a lower CPU priority. In the server's own process it would
 * still slow the workers: mapping, faulting in and unmapping 64 MiB per check holds the
 * process's memory-map lock, which every worker needs for its connections' memory, and a
 * low-priority thread holding it stalls them all (measured: the p99 of normal requests
 * with 8 clients guessing a secret was 2-5 times higher than with the same clients
 * sending unknown token ids, which need no hash). The helper holds no database, socket
 * or secret of the server beyond the hash and the secret it is sent; it exits when the
 * server closes its end. If it cannot be started or dies, the thread verifies itself. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sodium.h>

#include "http_internal.h"

/* Checks waiting at most; each costs ~0.1-1 s, so a full queue is seconds of work. */
#define HASH_QUEUE 16
/* Nice value of the helper process: the workers keep the cores first. */
#define HASH_NICE 10
/* One request to the helper: hash NUL secret NUL (both well below this). */
#define HASH_MSG 512

struct http_hasher {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t thread;
    http_auth_job *head, *tail;
    size_t queued;
    bool stop;
    const char *db_path;
    int helper_fd; /* the helper process's socket, -1 when none */
    pid_t helper;
};

/* ---- the helper process ---- */

static _Noreturn void helper_main(int fd)
{
    setpriority(PRIO_PROCESS, 0, HASH_NICE);
    char msg[HASH_MSG + 1];
    for (;;) {
        ssize_t n = recv(fd, msg, HASH_MSG, 0);
        if (n <= 0)
            _exit(0); /* the server closed its end (or is gone) */
        msg[n] = '\0';
        size_t hl = strnlen(msg, (size_t)n);
        char ok = hl + 1 < (size_t)n &&
                          crypto_pwhash_str_verify(msg, msg + hl + 1, strlen(msg + hl + 1)) == 0
                      ? '1'
                      : '0';
        sodium_memzero(msg, sizeof msg);
        if (send(fd, &ok, 1, MSG_NOSIGNAL) != 1)
            _exit(0);
    }
}

/* Forks the helper; on failure the hashing thread verifies itself. */
static void helper_start(http_hasher *h)
{
    int sv[2];
    h->helper_fd = -1;
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
        return;
    pid_t pid = fork();
    if (pid == 0) {
        close(sv[0]);
        helper_main(sv[1]);
    }
    close(sv[1]);
    if (pid < 0) {
        close(sv[0]);
        return;
    }
    h->helper = pid;
    h->helper_fd = sv[0];
}

static void helper_stop(http_hasher *h)
{
    if (h->helper_fd < 0)
        return;
    close(h->helper_fd); /* the helper reads end-of-file and exits */
    h->helper_fd = -1;
    waitpid(h->helper, NULL, 0);
}

/* zl_secret_verify_fn: asks the helper; verifies here when there is none (any more). */
static bool verify(void *ctx, const char *hash, const char *secret)
{
    http_hasher *h = ctx;
    char msg[HASH_MSG];
    int n = snprintf(msg, sizeof msg, "%s%c%s", hash, '\0', secret);
    char ok = 0;
    bool asked = h->helper_fd >= 0 && n > 0 && (size_t)n < sizeof msg &&
                 send(h->helper_fd, msg, (size_t)n, MSG_NOSIGNAL) == n &&
                 recv(h->helper_fd, &ok, 1, 0) == 1;
    sodium_memzero(msg, sizeof msg);
    if (asked)
        return ok == '1';
    if (h->helper_fd >= 0) { /* the helper died: no more asking it */
        close(h->helper_fd);
        h->helper_fd = -1;
        /* Blocking: the kernel closes a killed helper's socket before the helper
         * becomes a zombie, so WNOHANG could find it not yet exited and leave it
         * unreaped for ever. A helper still alive reads end-of-file and exits. */
        waitpid(h->helper, NULL, 0);
    }
    return crypto_pwhash_str_verify(hash, secret, strlen(secret)) == 0;
}

/* ---- the hashing thread ---- */

static void finish(http_auth_job *job)
{
    job->state = AUTH_JOB_DONE;
    MHD_resume_connection(job->conn);
}

static void check(http_hasher *h, zl_store **store, http_auth_job *job)
{
    zl_err err = {0};
    zl_status st = *store ? ZL_OK : zl_store_open(h->db_path, 0, store, &err);
    if (st == ZL_OK)
        st = zl_token_check_with(*store, job->token, verify, h, &job->who, &err);
    sodium_memzero(job->token, sizeof job->token);
    job->st = st;
    job->err = err;
}

static void *hasher_main(void *arg)
{
    http_hasher *h = arg;
    zl_store *store = NULL;
    pthread_mutex_lock(&h->lock);
    for (;;) {
        while (!h->head && !h->stop)
            pthread_cond_wait(&h->wake, &h->lock);
        if (!h->head)
            break; /* stopping and nothing left */
        http_auth_job *job = h->head;
        h->head = job->next;
        if (!h->head)
            h->tail = NULL;
        h->queued--;
        pthread_mutex_unlock(&h->lock);
        check(h, &store, job);
        pthread_mutex_lock(&h->lock);
        finish(job);
    }
    pthread_mutex_unlock(&h->lock);
    zl_store_close(store);
    return NULL;
}

zl_status http_hasher_start(http_hasher **out, const char *db_path, zl_err *err)
{
    http_hasher *h = calloc(1, sizeof *h);
    if (!h)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    h->db_path = db_path;
    helper_start(h); /* before the thread: fork copies only the calling thread */
    pthread_mutex_init(&h->lock, NULL);
    pthread_cond_init(&h->wake, NULL);
    if (pthread_create(&h->thread, NULL, hasher_main, h) != 0) {
        helper_stop(h);
        pthread_cond_destroy(&h->wake);
        pthread_mutex_destroy(&h->lock);
        free(h);
        return zl_fail(err, ZL_EINTERNAL, "cannot start the token-hashing thread");
    }
    *out = h;
    return ZL_OK;
}

bool http_hasher_submit(http_hasher *h, http_auth_job *job, struct MHD_Connection *conn,
                        const char *token)
{
    assert(job->state == AUTH_JOB_NONE);
    pthread_mutex_lock(&h->lock);
    bool room = !h->stop && h->queued < HASH_QUEUE;
    if (room) {
        /* Suspended before the job is visible to the thread, so the resume always
         * follows the suspend. */
        MHD_suspend_connection(conn);
        snprintf(job->token, sizeof job->token, "%s", token);
        job->conn = conn;
        job->state = AUTH_JOB_QUEUED;
        job->next = NULL;
        if (h->tail)
            h->tail->next = job;
        else
            h->head = job;
        h->tail = job;
        h->queued++;
        pthread_cond_signal(&h->wake);
    }
    pthread_mutex_unlock(&h->lock);
    return room;
}

void http_hasher_stop(http_hasher *h)
{
    if (!h)
        return;
    /* Checks still waiting are answered "busy" at once; the one being hashed finishes.
     * Every suspended connection is resumed before the daemon stops, which
     * libmicrohttpd requires. */
    pthread_mutex_lock(&h->lock);
    h->stop = true;
    for (http_auth_job *job = h->head, *next; job; job = next) {
        next = job->next;
        sodium_memzero(job->token, sizeof job->token);
        job->refused = true;
        job->st = zl_fail(&job->err, ZL_EBUSY, "the server is stopping; try again shortly");
        finish(job);
    }
    h->head = h->tail = NULL;
    h->queued = 0;
    pthread_cond_signal(&h->wake);
    pthread_mutex_unlock(&h->lock);
    pthread_join(h->thread, NULL);
    helper_stop(h);
    pthread_cond_destroy(&h->wake);
    pthread_mutex_destroy(&h->lock);
    free(h);
}
