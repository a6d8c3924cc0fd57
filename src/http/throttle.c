/* Throttling of failed authentication, shared by every worker thread. Each key (a token
 * id, a client address) has a bucket of attempts that refills over time; every failed
 * authentication takes one. A token id ("id:...") allows 5 failures, then one every 2 s;
 * a client address ("ip:...") allows 20, then one a second, because several people may
 * share an address and mistype a token, while a guesser needs millions. While a bucket
 * is empty, requests with a token for that key are answered 429 before any argon2id
 * hash is computed, so guessing a real token's secret costs the server almost nothing
 * and cannot slow other requests. The table has a fixed size: when it is full the entry
 * idle longest gives way (an attacker can at worst reset another key's bucket, never
 * grow memory). Tokens verified since the server started are remembered (as keyed
 * digests) and never throttled, so an attacker guessing a token's secret cannot lock out
 * its holder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "http_internal.h"

#define THROTTLE_SLOTS 1024
#define THROTTLE_WAYS  8

typedef struct throttle_rule {
    double burst, refill_s;
} throttle_rule;

static throttle_rule rule_of(const char *key)
{
    return strncmp(key, "ip:", 3) == 0 ? (throttle_rule){20.0, 1.0} : (throttle_rule){5.0, 2.0};
}

typedef struct throttle_slot {
    char key[HTTP_THROTTLE_KEY];
    double tokens;   /* attempts left, refilled over time */
    int64_t last_ns; /* when tokens was last brought up to date */
} throttle_slot;

#define VOUCHED 256

struct http_throttle {
    pthread_mutex_t lock;
    throttle_slot slots[THROTTLE_SLOTS];
    unsigned char vouched[VOUCHED][32]; /* keyed digests of verified tokens */
    size_t next_vouched;
};

zl_status http_throttle_new(http_throttle **out, zl_err *err)
{
    http_throttle *t = calloc(1, sizeof *t);
    if (!t)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    pthread_mutex_init(&t->lock, NULL);
    *out = t;
    return ZL_OK;
}

void http_throttle_free(http_throttle *t)
{
    if (!t)
        return;
    pthread_mutex_destroy(&t->lock);
    sodium_memzero(t->vouched, sizeof t->vouched);
    free(t);
}

/* The key's slot, brought up to date at now; NULL when absent and !create. */
static throttle_slot *find(http_throttle *t, const char *key, int64_t now, bool create)
{
    size_t base = (size_t)(zl_hash_str(key) % (THROTTLE_SLOTS / THROTTLE_WAYS)) * THROTTLE_WAYS;
    throttle_slot *victim = &t->slots[base], *hit = NULL;
    for (size_t i = 0; i < THROTTLE_WAYS && !hit; i++) {
        throttle_slot *s = &t->slots[base + i];
        if (strcmp(s->key, key) == 0)
            hit = s;
        else if (s->last_ns < victim->last_ns)
            victim = s;
    }
    if (!hit && !create)
        return NULL;
    throttle_rule rule = rule_of(key);
    if (!hit) {
        hit = victim;
        snprintf(hit->key, sizeof hit->key, "%s", key);
        hit->tokens = rule.burst;
        hit->last_ns = now;
    }
    double refill = (double)(now - hit->last_ns) / 1e9 / rule.refill_s;
    if (refill > 0) {
        hit->tokens = hit->tokens + refill > rule.burst ? rule.burst : hit->tokens + refill;
        hit->last_ns = now;
    }
    return hit;
}

unsigned http_throttle_wait(http_throttle *t, const char *key, int64_t now_ns)
{
    pthread_mutex_lock(&t->lock);
    throttle_slot *s = find(t, key, now_ns, false);
    unsigned wait = 0;
    if (s && s->tokens < 1.0)
        wait = (unsigned)((1.0 - s->tokens) * rule_of(key).refill_s) + 1;
    pthread_mutex_unlock(&t->lock);
    return wait;
}

void http_throttle_fail(http_throttle *t, const char *key, int64_t now_ns)
{
    pthread_mutex_lock(&t->lock);
    throttle_slot *s = find(t, key, now_ns, true);
    s->tokens = s->tokens >= 1.0 ? s->tokens - 1.0 : 0.0;
    pthread_mutex_unlock(&t->lock);
}

void http_throttle_refund(http_throttle *t, const char *key, int64_t now_ns)
{
    pthread_mutex_lock(&t->lock);
    throttle_slot *s = find(t, key, now_ns, false);
    if (s) {
        double burst = rule_of(key).burst;
        s->tokens = s->tokens + 1.0 > burst ? burst : s->tokens + 1.0;
    }
    pthread_mutex_unlock(&t->lock);
}

bool http_throttle_vouched(http_throttle *t, const unsigned char digest[32])
{
    bool found = false;
    pthread_mutex_lock(&t->lock);
    for (size_t i = 0; i < VOUCHED && !found; i++)
        found = sodium_memcmp(t->vouched[i], digest, 32) == 0;
    pthread_mutex_unlock(&t->lock);
    return found;
}

void http_throttle_vouch(http_throttle *t, const unsigned char digest[32])
{
    pthread_mutex_lock(&t->lock);
    bool found = false;
    for (size_t i = 0; i < VOUCHED && !found; i++)
        found = sodium_memcmp(t->vouched[i], digest, 32) == 0;
    if (!found)
        memcpy(t->vouched[t->next_vouched++ % VOUCHED], digest, 32);
    pthread_mutex_unlock(&t->lock);
}
