/* Per-thread state of the server's workers: a store connection of their own (SQLite
 * connections are not shared between threads), the cache of loaded cases, and the
 * digests of token secrets already verified with argon2id. Caches are dropped when
 * another connection commits to the database (zl_store_data_version changes: PRAGMA
 * data_version, asked at most once a millisecond; on PostgreSQL the data change log of
 * migration 17, at most every 10 ms, which also keeps the connection's memo of reference
 * reads for that version). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http_internal.h"
#include "zorglandschap/alloc.h"
#include "zorglandschap/geo.h"
#include "zorglandschap/store_tokens.h"

/* An import committed by another process is seen by every worker within this time. On
 * PostgreSQL asking is a round trip to the server (about as long as a finder answer), so
 * it is asked at most every 10 ms there. */
#define DATA_CHECK_NS    1000000
#define DATA_CHECK_NS_PG 10000000

static void drop_answers(http_worker *w)
{
    for (size_t i = 0; i < w->n_answers; i++) {
        free(w->answers[i].key);
        free(w->answers[i].body);
        memset(&w->answers[i], 0, sizeof w->answers[i]);
    }
}

static void drop_cases(http_worker *w)
{
    drop_answers(w);
    zl_finder_free(w->finder);
    w->finder = NULL;
    zl_rare_atlas_free(w->atlas);
    w->atlas = NULL;
    for (size_t i = 0; i < CASE_CACHE; i++) {
        free(w->cases[i].key);
        zl_alloc_inputs_free(w->cases[i].inputs);
        zl_case_free(w->cases[i].c);
        memset(&w->cases[i], 0, sizeof w->cases[i]);
    }
}

void http_worker_free(void *p)
{
    http_worker *w = p;
    if (!w)
        return;
    drop_cases(w);
    zl_geo_free(w->geo);
    free(w->answers);
    free(w->uncached);
    zl_store_close(w->store);
    sodium_memzero(w->tokens, sizeof w->tokens);
    free(w);
}

http_worker *http_worker_get(zl_http_server *srv, zl_err *err)
{
    http_worker *w = pthread_getspecific(srv->worker_key);
    if (!w) {
        if (!(w = calloc(1, sizeof *w))) {
            zl_fail(err, ZL_ENOMEM, "out of memory");
            return NULL;
        }
        if (zl_store_open(srv->cfg.db_path, 0, &w->store, err) != ZL_OK ||
            pthread_setspecific(srv->worker_key, w) != 0) {
            http_worker_free(w);
            return NULL;
        }
        w->data_version = -1;
        size_t n = (size_t)srv->cfg.answer_cache;
        if (n && !(w->answers = calloc(n, sizeof *w->answers))) {
            zl_fail(err, ZL_ENOMEM, "out of memory");
            return NULL; /* the worker stays registered and is freed at thread exit */
        }
        w->n_answers = n;
    }
    /* Asking costs a read transaction (file locks: several system calls), about a tenth of
     * a finder request; imports by another process are rare, so ask at most every
     * DATA_CHECK_NS. Writes through this server only touch tokens, which are never cached. */
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    int64_t ns = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
    int64_t every = zl_store_path_is_pg(srv->cfg.db_path) ? DATA_CHECK_NS_PG : DATA_CHECK_NS;
    if (w->data_version >= 0 && ns - w->data_checked_ns < every)
        return w;
    w->data_checked_ns = ns;
    long long v;
    if (zl_store_data_version(w->store, &v, err) != ZL_OK)
        return NULL;
    if (v != w->data_version) {
        drop_cases(w);
        memset(w->tokens, 0, sizeof w->tokens);
        w->data_version = v;
    }
    return w;
}

zl_status api_case(api_req *r, const char *intervention, int year, const char *layer,
                   const zl_case **out, zl_err *err)
{
    http_worker *w = r->w;
    char key[256];
    snprintf(key, sizeof key, "%s|%d|%s", intervention, year, layer ? layer : "");
    case_slot *victim = &w->cases[0];
    for (size_t i = 0; i < CASE_CACHE; i++) {
        case_slot *s = &w->cases[i];
        if (s->key && strcmp(s->key, key) == 0) {
            s->used = ++w->tick;
            *out = s->c;
            return ZL_OK;
        }
        if (!s->key || (victim->key && s->used < victim->used))
            victim = s;
    }
    zl_case *c;
    zl_status st = zl_case_load(w->store, intervention, year, layer, &c, err);
    if (st != ZL_OK)
        return st;
    char *k = strdup(key);
    if (!k) {
        zl_case_free(c);
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    free(victim->key);
    zl_alloc_inputs_free(victim->inputs);
    zl_case_free(victim->c);
    *victim = (case_slot){.key = k, .c = c, .used = ++w->tick};
    *out = c;
    return ZL_OK;
}

zl_status api_case_inputs(api_req *r, const zl_case *c, const zl_alloc_inputs **out, zl_err *err)
{
    http_worker *w = r->w;
    for (size_t i = 0; i < CASE_CACHE; i++) {
        case_slot *s = &w->cases[i];
        if (s->c != c)
            continue;
        if (!s->inputs) {
            zl_status st = zl_alloc_inputs_load(w->store, c, &s->inputs, err);
            if (st != ZL_OK)
                return st;
        }
        *out = s->inputs;
        return ZL_OK;
    }
    return zl_fail(err, ZL_EINTERNAL, "allocation inputs for a case outside the cache");
}

zl_status api_finder(api_req *r, zl_finder **finder, zl_rare_atlas **atlas, zl_err *err)
{
    http_worker *w = r->w;
    zl_status st = ZL_OK;
    if (!w->finder)
        st = zl_finder_build(w->store, &w->finder, err);
    if (st == ZL_OK && !w->atlas)
        st = zl_rare_atlas_build(w->store, &w->atlas, err);
    if (st != ZL_OK)
        return st;
    *finder = w->finder;
    *atlas = w->atlas;
    return ZL_OK;
}

zl_status api_geo(api_req *r, const zl_geo **out, zl_err *err)
{
    http_worker *w = r->w;
    *out = NULL;
    if (!w->geo && r->srv->cfg.web_dir) {
        char path[4096];
        snprintf(path, sizeof path, "%s/data/nl.topo.json", r->srv->cfg.web_dir);
        zl_status st = zl_geo_load(path, &w->geo, err);
        if (st != ZL_OK)
            return st;
    }
    *out = w->geo;
    return ZL_OK;
}

/* The answer cache is set-associative: a key may live only in the ANSWER_WAYS slots of
 * its set, the least recently used of them giving way, so both look-up and insertion
 * cost a few comparisons however large the cache. */
#define ANSWER_WAYS 4

static answer_slot *answer_set(const http_worker *w, uint64_t hash, size_t *ways)
{
    *ways = w->n_answers < ANSWER_WAYS ? w->n_answers : ANSWER_WAYS;
    size_t sets = w->n_answers / *ways;
    return &w->answers[(hash % sets) * *ways];
}

bool api_answer_get(api_req *r, const char *key)
{
    http_worker *w = r->w;
    if (!w->n_answers)
        return false;
    uint64_t h = zl_hash_str(key);
    size_t ways;
    answer_slot *set = answer_set(w, h, &ways);
    for (size_t i = 0; i < ways; i++) {
        answer_slot *a = &set[i];
        if (a->key && a->hash == h && strcmp(a->key, key) == 0) {
            a->used = ++w->tick;
            r->raw = a->body;
            r->raw_len = a->len;
            return true;
        }
    }
    return false;
}

zl_status api_answer_put(api_req *r, const char *key, char *body, size_t len, zl_err *err)
{
    http_worker *w = r->w;
    if (!w->n_answers) { /* no cache: the answer is still sent from here */
        free(w->uncached);
        w->uncached = body;
        r->raw = body;
        r->raw_len = len;
        return ZL_OK;
    }
    char *k = strdup(key);
    if (!k) {
        free(body);
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    uint64_t h = zl_hash_str(key);
    size_t ways;
    answer_slot *set = answer_set(w, h, &ways), *victim = &set[0];
    for (size_t i = 1; i < ways && victim->key; i++)
        if (!set[i].key || set[i].used < victim->used)
            victim = &set[i];
    free(victim->key);
    free(victim->body);
    *victim = (answer_slot){h, k, body, len, ++w->tick};
    r->raw = victim->body;
    r->raw_len = victim->len;
    return ZL_OK;
}

bool api_is(const api_req *r, zl_role role)
{
    return r->who.role == role;
}

/* A keyed digest of a token, so the cache never holds a usable secret. */
static void token_digest(const zl_http_server *srv, const char *token, unsigned char out[32])
{
    crypto_generichash(out, 32, (const unsigned char *)token, strlen(token), srv->token_key,
                       sizeof srv->token_key);
}

/* Takes an attempt from the throttle's buckets of the client's address and, when the
 * token names an id, of that id; refund gives it back. */
static void charge(zl_http_server *srv, const char *ip, const char *id, bool refund)
{
    char key[HTTP_THROTTLE_KEY];
    int64_t now = http_now_ns();
    void (*op)(http_throttle *, const char *, int64_t) =
        refund ? http_throttle_refund : http_throttle_fail;
    snprintf(key, sizeof key, "ip:%s", ip);
    op(srv->throttle, key, now);
    if (id && *id) {
        snprintf(key, sizeof key, "id:%s", id);
        op(srv->throttle, key, now);
    }
}

/* Seconds until this address or token id may try again (0: now). */
static unsigned throttled(zl_http_server *srv, const char *ip, const char *id)
{
    char key[HTTP_THROTTLE_KEY];
    int64_t now = http_now_ns();
    snprintf(key, sizeof key, "ip:%s", ip);
    unsigned wait = http_throttle_wait(srv->throttle, key, now);
    if (id && *id) {
        snprintf(key, sizeof key, "id:%s", id);
        unsigned w2 = http_throttle_wait(srv->throttle, key, now);
        wait = w2 > wait ? w2 : wait;
    }
    return wait;
}

/* Whether this worker or any other has verified this token since the server started. */
static bool verified_before(api_req *r, const char *id, const unsigned char digest[32])
{
    http_worker *w = r->w;
    for (size_t i = 0; i < TOKEN_CACHE; i++)
        if (strcmp(w->tokens[i].id, id) == 0 && sodium_memcmp(w->tokens[i].digest, digest, 32) == 0)
            return true;
    return http_throttle_vouched(r->srv->throttle, digest);
}

static void remember(api_req *r, const char *id, const unsigned char digest[32])
{
    http_throttle_vouch(r->srv->throttle, digest);
    token_slot *slot = &r->w->tokens[r->w->next_token++ % TOKEN_CACHE];
    snprintf(slot->id, sizeof slot->id, "%s", id);
    memcpy(slot->digest, digest, 32);
}

/* Takes the hashing thread's result of the check queued by the previous call. */
static zl_status take_result(api_req *r, unsigned *retry_s, zl_err *err)
{
    http_auth_job *job = r->auth;
    job->state = AUTH_JOB_NONE;
    *err = job->err;
    if (job->refused) {
        *retry_s = 1;
        return ZL_EBUSY;
    }
    r->who = job->who;
    memset(&job->who, 0, sizeof job->who);
    return job->st;
}

zl_status http_authenticate(api_req *r, const char *authorization, const char *ip,
                            unsigned *retry_s, bool *pending, zl_err *err)
{
    *retry_s = 0;
    *pending = false;
    char id[ZL_TOKEN_ID_LEN + 1] = "";
    const char *token = authorization + 7, *secret;
    bool bearer = strncasecmp(authorization, "Bearer ", 7) == 0;
    while (bearer && *token == ' ')
        token++;
    bool well_formed =
        bearer && strlen(token) <= ZL_TOKEN_MAX && zl_token_split(token, id, &secret);
    unsigned char digest[32];
    if (well_formed)
        token_digest(r->srv, token, digest);
    zl_status st;
    if (r->auth->state == AUTH_JOB_DONE) {
        /* The attempt was charged when the check was queued: given back on success. */
        st = take_result(r, retry_s, err);
        if (st != ZL_EAUTH)
            charge(r->srv, ip, id, true);
    } else if (well_formed && verified_before(r, id, digest)) {
        /* Never throttled: an attacker guessing a token's secret cannot lock its holder
         * out once the holder has used it. Revocation and expiry are still read. */
        if ((st = zl_token_check(r->w->store, token, true, &r->who, err)) == ZL_EAUTH)
            charge(r->srv, ip, id, false);
        return st;
    } else if ((*retry_s = throttled(r->srv, ip, id)) > 0) {
        return zl_fail(err, ZL_EAUTH, "too many failed authentication attempts; try again later");
    } else if (!well_formed) {
        charge(r->srv, ip, id, false);
        return bearer ? zl_fail(err, ZL_EAUTH, "invalid token")
                      : zl_fail(err, ZL_EAUTH, "use 'Authorization: Bearer <token>'");
    } else {
        /* Charged before the check, so that guesses arriving together cannot all pass
         * the throttle while the first ones are being hashed. */
        charge(r->srv, ip, id, false);
        if (http_hasher_submit(r->srv->hasher, r->auth, r->conn, token)) {
            *pending = true;
            return ZL_OK;
        }
        charge(r->srv, ip, id, true);
        *retry_s = 1;
        return zl_fail(err, ZL_EBUSY, "too many token checks are waiting; try again shortly");
    }
    if (st == ZL_OK)
        remember(r, id, digest);
    return st;
}
