/* Making and checking API tokens (see zorglandschap/token.h). The secret is random from
 * libsodium and hashed with argon2id at the interactive cost, so a stolen database does
 * not give working tokens. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "zorglandschap/store_tokens.h"
#include "zorglandschap/token.h"
#include "zorglandschap/util.h"

#define SECRET_BYTES 32
#define SECRET_B64   43 /* base64url without padding of 32 bytes */

static const char *const role_names[] = {"none", "admin", "analyst", "location"};

const char *zl_role_name(zl_role r)
{
    return (unsigned)r < 4 ? role_names[r] : "none";
}

bool zl_role_parse(const char *s, zl_role *out)
{
    for (int r = ZL_ROLE_ADMIN; r <= ZL_ROLE_LOCATION; r++) {
        if (strcmp(s, role_names[r]) == 0) {
            *out = (zl_role)r;
            return true;
        }
    }
    return false;
}

void zl_principal_clear(zl_principal *p)
{
    free(p->location_id);
    memset(p, 0, sizeof *p);
}

static zl_status sodium_ready(zl_err *err)
{
    if (sodium_init() < 0)
        return zl_fail(err, ZL_EINTERNAL, "libsodium could not be initialised");
    return ZL_OK;
}

/* UTC time `ahead` seconds from now as "YYYY-MM-DDTHH:MM:SSZ" (the store's format, so
 * that text order is time order). */
static void utc_stamp(time_t now, int64_t ahead, char out[32])
{
    time_t t = now + (time_t)ahead;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

bool zl_token_lifetime_parse(const char *text, int64_t *seconds)
{
    size_t n = strlen(text);
    if (n < 2 || n > 12)
        return false;
    char num[16];
    memcpy(num, text, n - 1);
    num[n - 1] = '\0';
    int64_t v, unit;
    switch (text[n - 1]) {
    case 'd':
        unit = 86400;
        break;
    case 'h':
        unit = 3600;
        break;
    case 'm':
        unit = 60;
        break;
    default:
        return false;
    }
    if (!zl_parse_i64(num, &v) || v < 1 || v > 3650 * 86400 / unit)
        return false;
    *seconds = v * unit;
    return true;
}

zl_status zl_token_create(zl_store *s, zl_role role, const char *location_id, const char *label,
                          int64_t expires_in_s, char **token, char id_out[ZL_TOKEN_ID_LEN + 1],
                          zl_err *err)
{
    if (expires_in_s < 0)
        return zl_fail(err, ZL_EINPUT, "a token's lifetime must be positive");
    if (role == ZL_ROLE_LOCATION && (!location_id || !*location_id))
        return zl_fail(err, ZL_EINPUT, "a location token needs a location id");
    if (role != ZL_ROLE_LOCATION && location_id)
        return zl_fail(err, ZL_EINPUT, "only location tokens are bound to a location");
    if (role == ZL_ROLE_NONE)
        return zl_fail(err, ZL_EINPUT, "a token needs a role");
    if (sodium_ready(err) != ZL_OK)
        return err->code;
    if (role == ZL_ROLE_LOCATION) {
        bool known;
        zl_status st = zl_store_token_location_known(s, location_id, &known, err);
        if (st != ZL_OK)
            return st;
        if (!known)
            return zl_fail(err, ZL_ENOTFOUND, "unknown location '%s'", location_id);
    }
    unsigned char idb[ZL_TOKEN_ID_LEN / 2], secret[SECRET_BYTES];
    randombytes_buf(idb, sizeof idb);
    randombytes_buf(secret, sizeof secret);
    char id[ZL_TOKEN_ID_LEN + 1], sec[SECRET_B64 + 1], hash[crypto_pwhash_STRBYTES];
    sodium_bin2hex(id, sizeof id, idb, sizeof idb);
    sodium_bin2base64(sec, sizeof sec, secret, sizeof secret,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(secret, sizeof secret);
    if (crypto_pwhash_str(hash, sec, strlen(sec), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return zl_fail(err, ZL_ENOMEM, "not enough memory to hash the token");
    /* Both stamps from one clock reading: a 90-day token expires exactly 90 days after it
     * was made, even when hashing took us across a second. */
    time_t now = time(NULL);
    char created[32], expires[32];
    utc_stamp(now, 0, created);
    if (expires_in_s > 0)
        utc_stamp(now, expires_in_s, expires);
    zl_token_row row = {.id = id,
                        .created_at = created,
                        .expires_at = expires_in_s > 0 ? expires : NULL,
                        .secret_hash = hash,
                        .role = (char *)zl_role_name(role),
                        .location_id = (char *)location_id,
                        .label = (char *)(label ? label : "")};
    zl_status st = zl_store_token_insert(s, &row, err);
    if (st != ZL_OK)
        return st;
    size_t n = 4 + ZL_TOKEN_ID_LEN + 1 + SECRET_B64 + 1;
    if (!(*token = malloc(n)))
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    snprintf(*token, n, "zlt_%s_%s", id, sec);
    sodium_memzero(sec, sizeof sec);
    memcpy(id_out, id, sizeof id);
    return ZL_OK;
}

bool zl_token_split(const char *token, char id[ZL_TOKEN_ID_LEN + 1], const char **secret)
{
    if (strncmp(token, "zlt_", 4) != 0 || strlen(token) != 4 + ZL_TOKEN_ID_LEN + 1 + SECRET_B64)
        return false;
    const char *p = token + 4;
    for (int i = 0; i < ZL_TOKEN_ID_LEN; i++) {
        if (!strchr("0123456789abcdef", p[i]) || !p[i])
            return false;
    }
    if (p[ZL_TOKEN_ID_LEN] != '_')
        return false;
    memcpy(id, p, ZL_TOKEN_ID_LEN);
    id[ZL_TOKEN_ID_LEN] = '\0';
    *secret = p + ZL_TOKEN_ID_LEN + 1;
    return true;
}

static bool verify_here(void *ctx, const char *hash, const char *secret)
{
    (void)ctx;
    return crypto_pwhash_str_verify(hash, secret, strlen(secret)) == 0;
}

static bool verified_before(void *ctx, const char *hash, const char *secret)
{
    (void)ctx, (void)hash, (void)secret;
    return true;
}

zl_status zl_token_check(zl_store *s, const char *token, bool skip_hash, zl_principal *out,
                         zl_err *err)
{
    return zl_token_check_with(s, token, skip_hash ? verified_before : NULL, NULL, out, err);
}

zl_status zl_token_check_with(zl_store *s, const char *token, zl_secret_verify_fn verify, void *ctx,
                              zl_principal *out, zl_err *err)
{
    memset(out, 0, sizeof *out);
    char id[ZL_TOKEN_ID_LEN + 1];
    const char *secret;
    if (!zl_token_split(token, id, &secret))
        return zl_fail(err, ZL_EAUTH, "invalid token");
    if (sodium_ready(err) != ZL_OK)
        return err->code;
    zl_token_row row;
    zl_err lerr = {0};
    zl_status st = zl_store_token_get(s, id, &row, &lerr);
    if (st == ZL_ENOTFOUND)
        return zl_fail(err, ZL_EAUTH, "invalid token");
    if (st != ZL_OK) {
        *err = lerr;
        return st;
    }
    if (!verify)
        verify = verify_here;
    bool good = !row.revoked_at && verify(ctx, row.secret_hash, secret);
    zl_role role = ZL_ROLE_NONE;
    if (good && !zl_role_parse(row.role, &role))
        good = false;
    if (!good) {
        zl_token_row_clear(&row);
        return zl_fail(err, ZL_EAUTH, "invalid token");
    }
    char now[32];
    utc_stamp(time(NULL), 0, now);
    if (row.expires_at && strcmp(now, row.expires_at) >= 0) {
        zl_token_row_clear(&row);
        return zl_fail(err, ZL_EAUTH, "this token has expired");
    }
    out->role = role;
    memcpy(out->token_id, id, sizeof id);
    out->location_id = row.location_id;
    row.location_id = NULL;
    zl_token_row_clear(&row);
    return ZL_OK;
}

zl_status zl_token_revoke(zl_store *s, const char *id, zl_err *err)
{
    bool was;
    return zl_store_token_revoke(s, id, &was, err);
}
