/* Typed access to the API-token table (migration 4): insert, look up by public id, list
 * and revoke. Only the argon2id hash of a token's secret is ever stored; making and
 * checking tokens is the job of zorglandschap/token.h. */
#ifndef ZORGLANDSCHAP_STORE_TOKENS_H
#define ZORGLANDSCHAP_STORE_TOKENS_H

#include <stdbool.h>
#include <stddef.h>

#include "zorglandschap/err.h"
#include "zorglandschap/store.h"

typedef struct zl_token_row {
    char *id;
    char *secret_hash; /* crypto_pwhash_str output */
    char *role;        /* admin, location, analyst */
    char *location_id; /* NULL unless role is location */
    char *label;
    char *created_at; /* UTC "YYYY-MM-DDTHH:MM:SSZ", set by the caller on insert */
    char *revoked_at; /* NULL while valid */
    char *expires_at; /* UTC "YYYY-MM-DDTHH:MM:SSZ" (migration 8); NULL: never */
} zl_token_row;

void zl_token_row_clear(zl_token_row *r);

zl_status zl_store_token_insert(zl_store *s, const zl_token_row *r, zl_err *err);
/* Fills *r (caller clears with zl_token_row_clear); ZL_ENOTFOUND when no such id. */
zl_status zl_store_token_get(zl_store *s, const char *id, zl_token_row *r, zl_err *err);
/* All tokens ordered by creation; caller frees each with zl_token_row_clear and the array. */
zl_status zl_store_token_list(zl_store *s, zl_token_row **out, size_t *n, zl_err *err);
/* Marks a token revoked; ZL_ENOTFOUND when no such id, *was_revoked when it already was. */
zl_status zl_store_token_revoke(zl_store *s, const char *id, bool *was_revoked, zl_err *err);

/* Whether a care-landscape location with this id exists (tokens bind to one). */
zl_status zl_store_token_location_known(zl_store *s, const char *id, bool *known, zl_err *err);

/* A number, never negative, that changes whenever another connection commits (SQLite:
 * PRAGMA data_version; PostgreSQL: whenever a transaction that changed data commits, from
 * the change log of migration 17); long-lived readers use it to drop caches. On
 * PostgreSQL asking also lets the connection remember reads of reference data (names,
 * prevalences, population, disclosure key) until the number moves or it writes itself:
 * a caller that asks must keep asking before its reads (an HTTP worker, at most every
 * 10 ms), or its reads may lag another process's commits. */
zl_status zl_store_data_version(zl_store *s, long long *out, zl_err *err);

#endif
