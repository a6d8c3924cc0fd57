/* The token-hashing thread: argon2id checks of token secrets off the event threads.
 * Checking a secret this server has not verified yet costs argon2id at the interactive
 * cost (64 MiB, 0.1 s on an idle core, up to 1 s on a loaded one). Done by the worker
 * thread that read the request, it would block every other connection of that thread for
 * as long, and a few clients sending wrong secrets would hold every worker. Instead the
 * worker suspends the connection (MHD_suspend_connection), queues the check here and
 * serves its other connections; this thread checks the token against its own store
 * connection and resumes the connection, whose handler then finishes the request with
 * the result. The queue is bounded (HASH_QUEUE): when it is full the request is answered
 * 503 with Retry-After at once. The thread runs at a lower CPU priority than the
 * workers, so requests that need no hashing keep the cores first. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <sodium.h>

#include "http_internal.h"

/* Checks waiting at most; each costs ~0.1-1 s, so a full queue is seconds of work. */
#define HASH_QUEUE 16
/* Nice value of the hashing thread, relative to the workers. */
#define HASH_NICE 10

struct http_hasher {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t thread;
    http_auth_job *head, *tail;
    size_t queued;
    bool stop;
    const char *db_path;
};

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
        st = zl_token_check(*store, job->token, false, &job->who, &err);
    sodium_memzero(job->token, sizeof job->token);
    job->st = st;
    job->err = err;
}

static void *hasher_main(void *arg)
{
    http_hasher *h = arg;
    /* Linux applies a nice value to one thread when given its thread id. */
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), HASH_NICE);
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
    pthread_mutex_init(&h->lock, NULL);
    pthread_cond_init(&h->wake, NULL);
    if (pthread_create(&h->thread, NULL, hasher_main, h) != 0) {
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
    pthread_cond_destroy(&h->wake);
    pthread_mutex_destroy(&h->lock);
    free(h);
}
