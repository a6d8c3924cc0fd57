/* Results of read-only statements kept per PostgreSQL connection: a server's worker asks
 * for the same names, prevalences, population and disclosure key with every counts request,
 * and on PostgreSQL each is a round trip (several times SQLite's in-process cost). The
 * results are kept while the data version the worker polls stays the same
 * (zl_store_data_version), and forgotten when it moves and when this connection writes
 * (db_pg.c). An open-addressed table; when a key finds no free place among its probes
 * everything is forgotten (a few statements per code asked for, a few global ones). */
#include "db_pg_memo.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "zorglandschap/util.h"

#define MEMO_SLOTS  4096 /* about 1,000 codes' names and prevalences: a few MB at most */
#define MEMO_PROBES 8
#define MEMO_KEY    1024 /* longer keys (long text parameters) are not remembered */

typedef struct memo_slot {
    char *key;
    size_t len;
    uint64_t hash;
    PGresult *res;
} memo_slot;

struct zl_pgmemo {
    int64_t version;
    size_t used; /* slots holding a result: clearing an empty memo costs nothing */
    memo_slot slot[MEMO_SLOTS];
};

zl_pgmemo *zl_pgmemo_new(int64_t version)
{
    zl_pgmemo *m = calloc(1, sizeof *m);
    if (m)
        m->version = version;
    return m;
}

void zl_pgmemo_clear(zl_pgmemo *m)
{
    for (size_t i = 0; m->used && i < MEMO_SLOTS; i++) {
        m->used -= m->slot[i].key != NULL;
        free(m->slot[i].key);
        PQclear(m->slot[i].res);
        m->slot[i] = (memo_slot){0};
    }
}

void zl_pgmemo_free(zl_pgmemo *m)
{
    if (!m)
        return;
    zl_pgmemo_clear(m);
    free(m);
}

void zl_pgmemo_at_version(zl_pgmemo *m, int64_t version)
{
    if (m->version != version)
        zl_pgmemo_clear(m);
    m->version = version;
}

/* The key: the statement's name, then each parameter as its length (4 bytes, all ones
 * for NULL) and its bytes, so no two parameter lists share a key; false when a parameter
 * is binary or the key too long. */
static bool make_key(char *buf, size_t *len, const char *name, int n, const char *const *values,
                     const int *formats)
{
    size_t k = strlen(name) + 1;
    if (k >= MEMO_KEY)
        return false;
    memcpy(buf, name, k);
    for (int i = 0; i < n; i++) {
        if (formats[i])
            return false;
        size_t v = values[i] ? strlen(values[i]) : 0;
        if (k + 4 + v > MEMO_KEY)
            return false;
        uint32_t v32 = values[i] ? (uint32_t)v : UINT32_MAX;
        memcpy(buf + k, &v32, 4);
        memcpy(buf + k + 4, values[i] ? values[i] : "", v);
        k += 4 + v;
    }
    *len = k;
    return true;
}

static bool slot_holds(const memo_slot *s, uint64_t h, const char *key, size_t len)
{
    return s->key && s->hash == h && s->len == len && memcmp(s->key, key, len) == 0;
}

PGresult *zl_pgmemo_get(const zl_pgmemo *m, const char *name, int n, const char *const *values,
                        const int *formats)
{
    char key[MEMO_KEY];
    size_t len;
    if (!make_key(key, &len, name, n, values, formats))
        return NULL;
    uint64_t h = zl_hash_bytes(key, len);
    for (size_t p = 0; p < MEMO_PROBES; p++) {
        const memo_slot *s = &m->slot[(h + p) % MEMO_SLOTS];
        if (!s->key)
            return NULL;
        if (slot_holds(s, h, key, len))
            return PQcopyResult(s->res, PG_COPYRES_ATTRS | PG_COPYRES_TUPLES);
    }
    return NULL;
}

void zl_pgmemo_put(zl_pgmemo *m, const char *name, int n, const char *const *values,
                   const int *formats, const PGresult *r)
{
    char key[MEMO_KEY];
    size_t len;
    if (!make_key(key, &len, name, n, values, formats))
        return;
    uint64_t h = zl_hash_bytes(key, len);
    memo_slot *free_slot = NULL;
    for (size_t p = 0; p < MEMO_PROBES && !free_slot; p++) {
        memo_slot *s = &m->slot[(h + p) % MEMO_SLOTS];
        if (!s->key || slot_holds(s, h, key, len))
            free_slot = s;
    }
    if (!free_slot) { /* full around this key: start again */
        zl_pgmemo_clear(m);
        free_slot = &m->slot[h % MEMO_SLOTS];
    }
    m->used -= free_slot->key != NULL;
    free(free_slot->key);
    PQclear(free_slot->res);
    *free_slot = (memo_slot){0};
    char *k = malloc(len);
    PGresult *copy = k ? PQcopyResult(r, PG_COPYRES_ATTRS | PG_COPYRES_TUPLES) : NULL;
    if (!copy) {
        free(k);
        return;
    }
    memcpy(k, key, len);
    *free_slot = (memo_slot){k, len, h, copy};
    m->used++;
}
