/* API tokens: making them, checking them, and the roles they carry. A token is the
 * string "zlt_<id>_<secret>": the 12-hex-digit id is public (it names the token in lists
 * and logs of admins), the 256-bit secret is shown once at creation and stored only as an
 * argon2id hash (libsodium crypto_pwhash_str). Roles: admin (manages tokens, sees
 * everything), analyst (named users of the analyses), location (a hospital location; sees
 * its own unsuppressed registry counts). */
#ifndef ZORGLANDSCHAP_TOKEN_H
#define ZORGLANDSCHAP_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zorglandschap/err.h"
#include "zorglandschap/store.h"

typedef enum zl_role { ZL_ROLE_NONE = 0, ZL_ROLE_ADMIN, ZL_ROLE_ANALYST, ZL_ROLE_LOCATION } zl_role;

const char *zl_role_name(zl_role r);
/* Parses "admin", "analyst", "location"; false when unknown. */
bool zl_role_parse(const char *s, zl_role *out);

#define ZL_TOKEN_ID_LEN 12
#define ZL_TOKEN_MAX    96 /* longest well-formed token, with room to spare */

/* Who a checked token speaks for. */
typedef struct zl_principal {
    zl_role role;
    char token_id[ZL_TOKEN_ID_LEN + 1];
    char *location_id; /* owned; NULL unless role is location */
} zl_principal;

void zl_principal_clear(zl_principal *p);

/* Creates a token. location_id is required for (and only for) the location role and
 * must name a known location. expires_in_s > 0 makes the token stop working that many
 * seconds from now (0: never). *token is the full token to hand to its user (caller
 * frees); id_out receives its public id. */
zl_status zl_token_create(zl_store *s, zl_role role, const char *location_id, const char *label,
                          int64_t expires_in_s, char **token, char id_out[ZL_TOKEN_ID_LEN + 1],
                          zl_err *err);

/* Parses a lifetime such as "90d", "12h" or "30m" into seconds (at most 10 years); false
 * when malformed or out of range. */
bool zl_token_lifetime_parse(const char *text, int64_t *seconds);

/* Splits a token into its id and secret without touching the store; false when the
 * text cannot be a token. */
bool zl_token_split(const char *token, char id[ZL_TOKEN_ID_LEN + 1], const char **secret);

/* Checks a token: well-formed, known, not revoked, not expired, secret matching the
 * stored hash. Any failure is ZL_EAUTH with a message that does not reveal which part
 * failed (only a token whose secret matched is told that it expired). When
 * `skip_hash` is true the secret is taken as already verified (a caller that verified it
 * earlier in this process and remembered a keyed digest of it); revocation and role are
 * still read from the store. */
zl_status zl_token_check(zl_store *s, const char *token, bool skip_hash, zl_principal *out,
                         zl_err *err);

/* Verifies a token secret against its stored argon2id hash (crypto_pwhash_str output):
 * true when it matches. */
typedef bool (*zl_secret_verify_fn)(void *ctx, const char *hash, const char *secret);

/* zl_token_check with the argon2id verification done by verify(ctx, ...) (for instance
 * in another process); verify NULL verifies here. */
zl_status zl_token_check_with(zl_store *s, const char *token, zl_secret_verify_fn verify, void *ctx,
                              zl_principal *out, zl_err *err);

/* Revokes a token by id. */
zl_status zl_token_revoke(zl_store *s, const char *id, zl_err *err);

#endif
