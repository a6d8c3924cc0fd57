/* The HTTP server's defences without a server: the raw-URI guard (NUL bytes, control
 * characters, invalid UTF-8 once percent-decoded), safe error text, and the throttle of
 * failed authentication with the clock passed in (buckets, refill, refunds, vouched
 * tokens). Over real HTTP: tests/e2e/test_http_hostile.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/http_internal.h"
#include "testutil.h"

#define SEC INT64_C(1000000000)

static void uri_guard(void **state)
{
    /* Clean URIs, also with percent-encoded UTF-8 and a malformed escape kept as is. */
    assert_null(http_uri_problem("/api/v1/norms?intervention=LUNG"));
    assert_null(http_uri_problem("/api/v1/rare/find?q=%C3%A9chec&lang=nl"));
    assert_null(http_uri_problem("/api/v1/rare/find?q=%F0%9F%98%80"));
    assert_null(http_uri_problem("/a%zz"));
    /* NUL anywhere: the path would be cut where libmicrohttpd decodes it. */
    assert_non_null(http_uri_problem("/index.html%00.png"));
    assert_non_null(http_uri_problem("/api/v1/norms?intervention=LUNG%00"));
    assert_non_null(strstr(http_uri_problem("/x?a=%00"), "NUL"));
    /* Control characters, DEL. */
    assert_non_null(strstr(http_uri_problem("/x?a=%0a"), "control"));
    assert_non_null(strstr(http_uri_problem("/x?a=%1b[31m"), "control"));
    assert_non_null(strstr(http_uri_problem("/x?a=%7f"), "control"));
    /* Invalid UTF-8: stray continuation, truncated, overlong, surrogate, beyond U+10FFFF,
     * also as raw bytes. */
    const char *bad[] = {"%ff",    "%80",       "%c3",          "%c3%28",          "%e2%82",
                         "%c0%af", "%ed%a0%80", "%f4%90%80%80", "%f8%88%80%80%80", "a%ffb",
                         "\xff",   "\xc3"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char uri[64];
        snprintf(uri, sizeof uri, "/api/v1/norms?intervention=%s", bad[i]);
        const char *p = http_uri_problem(uri);
        assert_non_null(p);
        assert_non_null(strstr(p, "UTF-8"));
    }
    /* Too long for the guard's buffer. */
    char *huge = malloc(HTTP_URI_MAX + 16);
    assert_non_null(huge);
    memset(huge, 'a', HTTP_URI_MAX + 15);
    huge[0] = '/';
    huge[HTTP_URI_MAX + 15] = '\0';
    assert_non_null(strstr(http_uri_problem(huge), "too long"));
    free(huge);
}

static void safe_text(void **state)
{
    char out[16];
    http_safe_text("plain text", out, sizeof out);
    assert_string_equal(out, "plain text");
    http_safe_text("a\xff"
                   "b\x01"
                   "c",
                   out, sizeof out);
    assert_string_equal(out, "a?b?c");
    http_safe_text("\xc3\xa9t\xc3\xa9", out, sizeof out); /* valid UTF-8 kept */
    assert_string_equal(out, "\xc3\xa9t\xc3\xa9");
    http_safe_text("\xc3(", out, sizeof out); /* a truncated sequence */
    assert_string_equal(out, "?(");
    /* Never cut inside a character: 7 x "é" (14 bytes) into 12 bytes keeps 5 (10 bytes). */
    char small[12];
    http_safe_text("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", small, sizeof small);
    assert_int_equal(strlen(small), 10);
    assert_int_equal(zl_utf8_invalid_at(small, strlen(small)), -1);
}

/* A token id's bucket: 5 failures, then one every 2 s. An address's: 20, then one a
 * second. */
static void throttle_buckets(void **state)
{
    http_throttle *t;
    zl_err err = {0};
    assert_int_equal(http_throttle_new(&t, &err), ZL_OK);
    int64_t now = 1000 * SEC;
    assert_int_equal(http_throttle_wait(t, "id:abc", now), 0); /* unknown: not throttled */
    for (int i = 0; i < 5; i++) {
        assert_int_equal(http_throttle_wait(t, "id:abc", now), 0);
        http_throttle_fail(t, "id:abc", now);
    }
    unsigned w = http_throttle_wait(t, "id:abc", now);
    assert_true(w >= 1 && w <= 3);
    assert_int_equal(http_throttle_wait(t, "id:other", now), 0); /* keys are separate */
    /* One attempt back after 2 s, not after 1.9 s. */
    assert_true(http_throttle_wait(t, "id:abc", now + 19 * SEC / 10) > 0);
    assert_int_equal(http_throttle_wait(t, "id:abc", now + 2 * SEC), 0);
    http_throttle_fail(t, "id:abc", now + 2 * SEC);
    assert_true(http_throttle_wait(t, "id:abc", now + 2 * SEC) > 0);
    /* A long pause refills to the burst, never beyond. */
    now += 3600 * SEC;
    for (int i = 0; i < 5; i++)
        http_throttle_fail(t, "id:abc", now);
    assert_true(http_throttle_wait(t, "id:abc", now) > 0);
    /* An address allows 20. */
    for (int i = 0; i < 20; i++) {
        assert_int_equal(http_throttle_wait(t, "ip:10.0.0.1", now), 0);
        http_throttle_fail(t, "ip:10.0.0.1", now);
    }
    assert_true(http_throttle_wait(t, "ip:10.0.0.1", now) > 0);
    assert_int_equal(http_throttle_wait(t, "ip:10.0.0.1", now + SEC), 0);
    http_throttle_free(t);
}

/* An attempt charged when a check is queued and refunded when the secret matched costs
 * nothing: a client with many valid tokens is never throttled. A refund never lifts a
 * bucket above its burst. */
static void throttle_refund(void **state)
{
    http_throttle *t;
    zl_err err = {0};
    assert_int_equal(http_throttle_new(&t, &err), ZL_OK);
    int64_t now = 5 * SEC;
    for (int i = 0; i < 100; i++) {
        assert_int_equal(http_throttle_wait(t, "ip:10.0.0.2", now), 0);
        http_throttle_fail(t, "ip:10.0.0.2", now);
        http_throttle_refund(t, "ip:10.0.0.2", now);
    }
    for (int i = 0; i < 3; i++)
        http_throttle_refund(t, "id:r", now); /* unknown key: nothing to give back */
    for (int i = 0; i < 5; i++)
        http_throttle_fail(t, "id:r", now);
    assert_true(http_throttle_wait(t, "id:r", now) > 0);
    http_throttle_free(t);
}

/* Many keys: the table stays bounded and a busy attacker can reset another key's bucket
 * at worst; a key just throttled is still throttled after a few other keys. */
static void throttle_many_keys(void **state)
{
    http_throttle *t;
    zl_err err = {0};
    assert_int_equal(http_throttle_new(&t, &err), ZL_OK);
    int64_t now = 7 * SEC;
    for (int i = 0; i < 5; i++)
        http_throttle_fail(t, "id:victim", now);
    char key[32];
    for (int i = 0; i < 5; i++) {
        snprintf(key, sizeof key, "id:k%d", i);
        http_throttle_fail(t, key, now + 1);
    }
    assert_true(http_throttle_wait(t, "id:victim", now + 1) > 0);
    for (int i = 0; i < 100000; i++) {
        snprintf(key, sizeof key, "ip:%d", i);
        http_throttle_fail(t, key, now + 2);
    }
    http_throttle_free(t);
}

static void vouched_tokens(void **state)
{
    http_throttle *t;
    zl_err err = {0};
    assert_int_equal(http_throttle_new(&t, &err), ZL_OK);
    unsigned char a[32], b[32];
    memset(a, 0xaa, sizeof a);
    memset(b, 0xaa, sizeof b);
    b[31] = 0xab;
    assert_false(http_throttle_vouched(t, a));
    http_throttle_vouch(t, a);
    assert_true(http_throttle_vouched(t, a));
    assert_false(http_throttle_vouched(t, b)); /* one byte differs */
    http_throttle_vouch(t, a);                 /* twice: still one entry */
    http_throttle_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(uri_guard),          cmocka_unit_test(safe_text),
        cmocka_unit_test(throttle_buckets),   cmocka_unit_test(throttle_refund),
        cmocka_unit_test(throttle_many_keys), cmocka_unit_test(vouched_tokens),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
