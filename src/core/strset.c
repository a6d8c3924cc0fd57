/* An open-addressing hash set of strings, used to detect duplicate keys within one file. */
#include "zorglandschap/util.h"

#include <stdlib.h>
#include <string.h>

struct zl_strset {
    char **slots;
    size_t cap, count;
};

zl_status zl_strset_new(zl_strset **out, zl_err *err)
{
    zl_strset *s = calloc(1, sizeof *s);
    if (s) {
        s->cap = 64;
        s->slots = calloc(s->cap, sizeof *s->slots);
    }
    if (!s || !s->slots) {
        free(s);
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    *out = s;
    return ZL_OK;
}

void zl_strset_free(zl_strset *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->cap; i++)
        free(s->slots[i]);
    free(s->slots);
    free(s);
}

static size_t find_slot(char *const *slots, size_t cap, const char *key)
{
    size_t i = zl_hash_str(key) & (cap - 1);
    while (slots[i] && strcmp(slots[i], key) != 0)
        i = (i + 1) & (cap - 1);
    return i;
}

static zl_status rehash(zl_strset *s, zl_err *err)
{
    size_t ncap = s->cap * 2;
    char **n = calloc(ncap, sizeof *n);
    if (!n)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t i = 0; i < s->cap; i++)
        if (s->slots[i])
            n[find_slot(n, ncap, s->slots[i])] = s->slots[i];
    free(s->slots);
    s->slots = n;
    s->cap = ncap;
    return ZL_OK;
}

zl_status zl_strset_add(zl_strset *s, const char *key, bool *added, zl_err *err)
{
    if ((s->count + 1) * 2 > s->cap && rehash(s, err) != ZL_OK)
        return ZL_ENOMEM;
    size_t i = find_slot(s->slots, s->cap, key);
    if (s->slots[i]) {
        *added = false;
        return ZL_OK;
    }
    if (!(s->slots[i] = strdup(key)))
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    s->count++;
    *added = true;
    return ZL_OK;
}

bool zl_strset_has(const zl_strset *s, const char *key)
{
    return s->slots[find_slot(s->slots, s->cap, key)] != NULL;
}

size_t zl_strset_count(const zl_strset *s)
{
    return s->count;
}
