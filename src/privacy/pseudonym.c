/* Pseudonyms for registrations: the hospital turns a citizen service number (BSN) into
 * hex(HMAC-SHA-256(key, BSN)) with a key shared by all hospitals of the registry, so one
 * person gets the same pseudonym everywhere while the BSN never leaves the hospital. */
#include "zorglandschap/privacy.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define KEY_HEADER "zl-pseudonym-key v1\n"

static zl_status sodium_ready(zl_err *err)
{
    if (sodium_init() < 0)
        return zl_fail(err, ZL_EINTERNAL, "libsodium could not be initialised");
    return ZL_OK;
}

zl_status zl_hmac_sha256(const unsigned char *key, size_t keylen, const unsigned char *msg,
                         size_t msglen, unsigned char out[32], zl_err *err)
{
    if (sodium_ready(err) != ZL_OK)
        return err ? err->code : ZL_EINTERNAL;
    crypto_auth_hmacsha256_state st;
    if (crypto_auth_hmacsha256_init(&st, key, keylen) != 0 ||
        crypto_auth_hmacsha256_update(&st, msg, msglen) != 0 ||
        crypto_auth_hmacsha256_final(&st, out) != 0)
        return zl_fail(err, ZL_EINTERNAL, "HMAC-SHA-256 failed");
    sodium_memzero(&st, sizeof st);
    return ZL_OK;
}

bool zl_bsn_check(const char *bsn, char out[ZL_BSN_DIGITS + 1], const char **why)
{
    char d[ZL_BSN_DIGITS + 1];
    size_t n = 0;
    const char *p = bsn;
    while (*p == ' ' || *p == '\t')
        p++;
    for (; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (n == ZL_BSN_DIGITS) {
                *why = "a BSN has 9 digits, found more";
                return false;
            }
            d[n++] = *p;
        } else if (*p == ' ' || *p == '.' || *p == '-' || *p == '\r' || *p == '\t') {
            continue;
        } else {
            *why = "a BSN contains only digits";
            return false;
        }
    }
    if (n != 8 && n != 9) {
        *why = n == 0 ? "empty, a BSN is required"
                      : "a BSN has 9 digits (or 8 with the leading 0 left off)";
        return false;
    }
    size_t shift = ZL_BSN_DIGITS - n;
    memset(out, '0', shift);
    memcpy(out + shift, d, n);
    out[ZL_BSN_DIGITS] = '\0';
    /* Eleven-test: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a multiple of 11. */
    long sum = 0;
    for (int i = 0; i < 8; i++)
        sum += (9 - i) * (out[i] - '0');
    sum -= out[8] - '0';
    if (sum == 0 || sum % 11 != 0) {
        *why = "fails the eleven-test";
        return false;
    }
    return true;
}

zl_status zl_pseudonym_key_generate(const char *path, zl_err *err)
{
    if (sodium_ready(err) != ZL_OK)
        return ZL_EINTERNAL;
    unsigned char key[ZL_PSEUDONYM_KEY_BYTES];
    char hex[2 * ZL_PSEUDONYM_KEY_BYTES + 1];
    randombytes_buf(key, sizeof key);
    sodium_bin2hex(hex, sizeof hex, key, sizeof key);
    sodium_memzero(key, sizeof key);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        zl_status st =
            zl_fail(err, ZL_EIO, "%s: cannot create key file: %s", path,
                    errno == EEXIST ? "it exists (a key is never overwritten)" : strerror(errno));
        sodium_memzero(hex, sizeof hex);
        return st;
    }
    char text[sizeof KEY_HEADER + sizeof hex + 1];
    int len = snprintf(text, sizeof text, "%s%s\n", KEY_HEADER, hex);
    ssize_t w = write(fd, text, (size_t)len);
    sodium_memzero(hex, sizeof hex);
    sodium_memzero(text, sizeof text);
    if (close(fd) != 0 || w != len) {
        unlink(path);
        return zl_fail(err, ZL_EIO, "%s: cannot write key file", path);
    }
    return ZL_OK;
}

zl_status zl_pseudonym_key_read(const char *path, unsigned char key[ZL_PSEUDONYM_KEY_BYTES],
                                zl_err *err)
{
    if (sodium_ready(err) != ZL_OK)
        return ZL_EINTERNAL;
    char *data;
    size_t len;
    if (zl_read_file(path, &data, &len, err) != ZL_OK)
        return err ? err->code : ZL_EIO;
    zl_status st = ZL_OK;
    size_t hl = strlen(KEY_HEADER);
    const char *hex = data + hl;
    size_t bin_len = 0;
    const char *end = NULL;
    if (len < hl || memcmp(data, KEY_HEADER, hl) != 0)
        st = zl_fail(err, ZL_EINPUT, "%s: not a pseudonym key file (first line must be '%.*s')",
                     path, (int)hl - 1, KEY_HEADER);
    else if (sodium_hex2bin(key, ZL_PSEUDONYM_KEY_BYTES, hex, len - hl, NULL, &bin_len, &end) !=
                 0 ||
             bin_len != ZL_PSEUDONYM_KEY_BYTES || (*end && strcmp(end, "\n") != 0))
        st = zl_fail(err, ZL_EINPUT, "%s:2: expected %d hex digits of key", path,
                     2 * ZL_PSEUDONYM_KEY_BYTES);
    sodium_memzero(data, len);
    free(data);
    return st;
}

zl_status zl_pseudonym_of_bsn(const unsigned char key[ZL_PSEUDONYM_KEY_BYTES], const char *bsn9,
                              char out[ZL_PSEUDONYM_HEX + 1], zl_err *err)
{
    unsigned char mac[32];
    if (zl_hmac_sha256(key, ZL_PSEUDONYM_KEY_BYTES, (const unsigned char *)bsn9, strlen(bsn9), mac,
                       err) != ZL_OK)
        return ZL_EINTERNAL;
    sodium_bin2hex(out, ZL_PSEUDONYM_HEX + 1, mac, sizeof mac);
    return ZL_OK;
}

/* Hex digit value + 1 (0 for anything else): a table because pseudonym parsing runs for
 * every registration row. */
static const unsigned char hex_digit_plus1[256] = {
    ['0'] = 1,  ['1'] = 2,  ['2'] = 3,  ['3'] = 4,  ['4'] = 5,  ['5'] = 6,  ['6'] = 7,  ['7'] = 8,
    ['8'] = 9,  ['9'] = 10, ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
    ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

static int hexval(char c)
{
    return (int)hex_digit_plus1[(unsigned char)c] - 1;
}

bool zl_pseudonym_parse(const char *hex, unsigned char out[32])
{
    for (int i = 0; i < 32; i++) {
        int hi = hexval(hex[2 * i]);
        if (hi < 0)
            return false;
        int lo = hexval(hex[2 * i + 1]);
        if (lo < 0)
            return false;
        out[i] = (unsigned char)(hi << 4 | lo);
    }
    return hex[64] == '\0';
}
