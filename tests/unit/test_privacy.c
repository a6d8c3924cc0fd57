/* Privacy: HMAC-SHA-256 against RFC 4231, the BSN eleven-test, pseudonyms, key files,
 * bulk pseudonymisation, primary and secondary suppression, the access rule and the
 * cell-key rounding of public counts. */
#include <math.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "zorglandschap/privacy.h"

static void hex_of(const unsigned char *b, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", b[i]);
}

static void check_hmac(const unsigned char *key, size_t keylen, const char *msg, size_t msglen,
                       const char *expect)
{
    unsigned char mac[32];
    char hex[65];
    zl_err err = {0};
    assert_int_equal(zl_hmac_sha256(key, keylen, (const unsigned char *)msg, msglen, mac, &err),
                     ZL_OK);
    hex_of(mac, 32, hex);
    assert_string_equal(hex, expect);
}

static void rfc4231_vectors(void **state)
{
    unsigned char k[131];
    memset(k, 0x0b, 20);
    check_hmac(k, 20, "Hi There", 8,
               "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    check_hmac((const unsigned char *)"Jefe", 4, "what do ya want for nothing?", 28,
               "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    memset(k, 0xaa, 20);
    char d[50];
    memset(d, 0xdd, 50);
    check_hmac(k, 20, d, 50, "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
    for (int i = 0; i < 25; i++)
        k[i] = (unsigned char)(i + 1);
    memset(d, 0xcd, 50);
    check_hmac(k, 25, d, 50, "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
    memset(k, 0xaa, 131);
    const char *m6 = "Test Using Larger Than Block-Size Key - Hash Key First";
    check_hmac(k, 131, m6, strlen(m6),
               "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    const char *m7 = "This is a test using a larger than block-size key and a larger than "
                     "block-size data. The key needs to be hashed before being used by the "
                     "HMAC algorithm.";
    check_hmac(k, 131, m7, strlen(m7),
               "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

static void bsn_eleven_test(void **state)
{
    char out[10];
    const char *why;
    assert_true(zl_bsn_check("111222333", out, &why));
    assert_string_equal(out, "111222333");
    assert_true(zl_bsn_check("123456782", out, &why));
    assert_true(zl_bsn_check(" 1234.56.782 ", out, &why));
    assert_string_equal(out, "123456782");
    /* 8 digits: a leading zero was left off (010000008: 9*0+8*1+...-8 = 0 mod 11). */
    assert_true(zl_bsn_check("10000008", out, &why) == zl_bsn_check("010000008", out, &why));
    assert_false(zl_bsn_check("123456789", out, &why));
    assert_string_equal(why, "fails the eleven-test");
    assert_false(zl_bsn_check("000000000", out, &why));
    assert_false(zl_bsn_check("12345678a", out, &why));
    assert_false(zl_bsn_check("1234567", out, &why));
    assert_false(zl_bsn_check("1234567820", out, &why));
    assert_false(zl_bsn_check("", out, &why));
}

static void pseudonyms_and_keys(void **state)
{
    char *path = tu_temp_path(".key");
    zl_err err = {0};
    unsigned char key[32], key2[32];
    assert_int_equal(zl_pseudonym_key_generate(path, &err), ZL_OK);
    assert_int_equal(zl_pseudonym_key_generate(path, &err), ZL_EIO); /* never overwritten */
    assert_int_equal(zl_pseudonym_key_read(path, key, &err), ZL_OK);
    assert_int_equal(access(path, R_OK), 0);
    /* The pseudonym is HMAC-SHA-256 of the 9 digits under the key. */
    char ps[65], expect[65];
    unsigned char mac[32];
    assert_int_equal(zl_pseudonym_of_bsn(key, "111222333", ps, &err), ZL_OK);
    zl_hmac_sha256(key, 32, (const unsigned char *)"111222333", 9, mac, &err);
    hex_of(mac, 32, expect);
    assert_string_equal(ps, expect);
    assert_true(zl_pseudonym_parse(ps, key2));
    assert_memory_equal(key2, mac, 32);
    assert_false(zl_pseudonym_parse("abc", key2));
    unlink(path);
    /* A malformed key file. */
    char *bad = tu_write_temp(".key", "zl-pseudonym-key v1\nnothex\n");
    assert_int_equal(zl_pseudonym_key_read(bad, key, &err), ZL_EINPUT);
    assert_contains(err.msg, "hex digits");
    unlink(bad);
    free(bad);
    free(path);
}

static void pseudonymise_csv_and_lines(void **state)
{
    unsigned char key[32];
    memset(key, 7, 32);
    zl_buf out = {0}, problems = {0};
    zl_err err = {0};
    const char *csv = "location_id,bsn,orpha\n100101,111222333,558\n100102,123456782,586\n";
    assert_int_equal(zl_pseudonymise_text(key, "x.csv", csv, strlen(csv), "bsn", "pseudonym", &out,
                                          &problems, &err),
                     ZL_OK);
    char ps[65];
    zl_pseudonym_of_bsn(key, "111222333", ps, &err);
    assert_contains(out.data, "location_id,pseudonym,orpha\n100101,");
    assert_contains(out.data, ps);
    assert_null(strstr(out.data, "111222333"));
    zl_buf_reset(&out);
    const char *bad = "location_id,bsn,orpha\n100101,123456789,558\n100102,12,586\n";
    assert_int_equal(zl_pseudonymise_text(key, "x.csv", bad, strlen(bad), "bsn", "pseudonym", &out,
                                          &problems, &err),
                     ZL_EINPUT);
    assert_contains(problems.data, "x.csv:2: column 'bsn': fails the eleven-test");
    assert_contains(problems.data, "x.csv:3: column 'bsn'");
    assert_contains(err.msg, "2 invalid BSNs");
    zl_buf_reset(&out);
    zl_buf_reset(&problems);
    const char *lines = "111222333\n\n123456782\n";
    assert_int_equal(
        zl_pseudonymise_text(key, "-", lines, strlen(lines), NULL, NULL, &out, &problems, &err),
        ZL_OK);
    assert_int_equal(out.len, 2 * 65);
    assert_memory_equal(out.data, ps, 64);
    zl_buf_free(&out);
    zl_buf_free(&problems);
}

static void primary_and_secondary(void **state)
{
    zl_cell_state st[5];
    /* No small cell: nothing suppressed. */
    int64_t a[] = {12, 0, 40};
    assert_int_equal(zl_suppress_table(a, 3, st), 0);
    /* One small cell: the smallest other non-zero cell goes too (zeros stay). */
    int64_t b[] = {5, 0, 40, 12, 30};
    assert_int_equal(zl_suppress_table(b, 5, st), 2);
    assert_int_equal(st[0], ZL_CELL_PRIMARY);
    assert_int_equal(st[1], ZL_CELL_SHOWN);
    assert_int_equal(st[3], ZL_CELL_SECONDARY);
    assert_int_equal(st[2], ZL_CELL_SHOWN);
    /* Two small cells protect each other. */
    int64_t c[] = {5, 3, 40};
    assert_int_equal(zl_suppress_table(c, 3, st), 2);
    assert_int_equal(st[2], ZL_CELL_SHOWN);
    char buf[24];
    assert_string_equal(zl_count_text(5, ZL_CELL_PRIMARY, buf, sizeof buf), "<10");
    assert_string_equal(zl_count_text(10, ZL_CELL_SHOWN, buf, sizeof buf), "10");
    assert_false(zl_suppress_primary(0));
    assert_true(zl_suppress_primary(1)); /* the smallest count is the most identifying */
    assert_true(zl_suppress_primary(9));
    assert_false(zl_suppress_primary(10));
    /* A viewer who knows its own small cell: the remaining hidden small cell needs a
     * partner among the hidden ones. */
    int64_t d[] = {5, 8, 40, 30};
    bool vis[] = {true, false, false, false};
    zl_suppress_for_viewer(d, vis, 4, st);
    assert_int_equal(st[0], ZL_CELL_SHOWN);
    assert_int_equal(st[1], ZL_CELL_PRIMARY);
    assert_int_equal(st[3], ZL_CELL_SECONDARY);
    assert_int_equal(st[2], ZL_CELL_SHOWN);
}

static void access_rule(void **state)
{
    zl_viewer pub = {ZL_VIEWER_PUBLIC, NULL}, loc = {ZL_VIEWER_LOCATION, "100101"},
              an = {ZL_VIEWER_ANALYST, NULL}, adm = {ZL_VIEWER_ADMIN, NULL};
    assert_false(zl_may_see_unsuppressed(&pub, "100101"));
    assert_false(zl_may_see_unsuppressed(&pub, NULL));
    assert_true(zl_may_see_unsuppressed(&loc, "100101"));
    assert_false(zl_may_see_unsuppressed(&loc, "100102"));
    assert_false(zl_may_see_unsuppressed(&loc, NULL)); /* national counts combine locations */
    assert_false(zl_may_see_unsuppressed(&an, "100101"));
    assert_true(zl_may_see_unsuppressed(&adm, NULL));
    assert_false(zl_may_see_unsuppressed(NULL, "100101"));
}

static void viewer_role_names(void **state)
{
    zl_viewer_role r = ZL_VIEWER_LOCATION;
    assert_true(zl_viewer_role_parse("admin", &r));
    assert_int_equal(r, ZL_VIEWER_ADMIN);
    assert_true(zl_viewer_role_parse("analyst", &r));
    assert_int_equal(r, ZL_VIEWER_ANALYST);
    assert_true(zl_viewer_role_parse("public", &r));
    assert_int_equal(r, ZL_VIEWER_PUBLIC);
    /* A location's view is never claimed by a role word. */
    assert_false(zl_viewer_role_parse("location", &r));
    assert_false(zl_viewer_role_parse("Admin", &r));
    assert_string_equal(zl_viewer_role_name(ZL_VIEWER_ANALYST), "analyst");
}

/* A disclosure key made from a seed (the tests need no randomness). */
static zl_disclosure key_of(unsigned char seed)
{
    zl_disclosure d;
    for (size_t i = 0; i < sizeof d.key; i++)
        d.key[i] = (unsigned char)(seed + 7 * i);
    return d;
}

/* Every rounded count is a multiple of 10 within 10 of the count (0 and multiples of 10
 * unchanged), and the same cell and count always give the same answer. */
static void cellkey_multiples_and_stable(void **state)
{
    zl_disclosure d = key_of(1);
    char cell[64];
    for (int64_t x = 0; x <= 1000; x++) {
        snprintf(cell, sizeof cell, "test/cell/%lld", (long long)(x % 37));
        int64_t r = zl_cellkey_round(&d, cell, x);
        assert_int_equal(r % ZL_ROUND_BASE, 0);
        assert_true(r > x - ZL_ROUND_BASE && r < x + ZL_ROUND_BASE);
        if (x % ZL_ROUND_BASE == 0)
            assert_int_equal(r, x);
        assert_int_equal(zl_cellkey_round(&d, cell, x), r);
    }
}

/* Over many cells with the same count x, the share rounded up is (x mod 10) / 10: the
 * rounding is unbiased. 20000 cells: the share is within 0.02 of its expectation (more
 * than 4 standard deviations). */
static void cellkey_unbiased_over_cells(void **state)
{
    zl_disclosure d = key_of(2);
    char cell[64];
    const int cells = 20000;
    for (int64_t x = 41; x <= 49; x += 4) {
        int up = 0;
        double sum = 0;
        for (int i = 0; i < cells; i++) {
            snprintf(cell, sizeof cell, "registry/patients/%d", i);
            int64_t r = zl_cellkey_round(&d, cell, x);
            up += r == 50;
            sum += (double)r;
        }
        double expect = (double)(x % 10) / 10.0;
        assert_true(fabs((double)up / cells - expect) < 0.02);
        assert_true(fabs(sum / cells - (double)x) < 0.2);
    }
}

/* The direction depends on the key, the cell and the count: another key or another cell
 * rounds some counts the other way. */
static void cellkey_depends_on_key_cell_and_count(void **state)
{
    zl_disclosure a = key_of(3), b = key_of(4);
    int differ_key = 0, differ_cell = 0, differ_count = 0;
    for (int64_t x = 14; x < 1000; x += 10) { /* x mod 10 = 4: up 40% of the time */
        int64_t r = zl_cellkey_round(&a, "c", x);
        differ_key += r != zl_cellkey_round(&b, "c", x);
        differ_cell += r != zl_cellkey_round(&a, "d", x);
        /* the same cell, a count 10 higher: an independent direction */
        differ_count += r - x != zl_cellkey_round(&a, "c", x + 10) - (x + 10);
    }
    assert_true(differ_key > 10);
    assert_true(differ_cell > 10);
    assert_true(differ_count > 10);
}

/* Publishing: 0 shown as 0, 1..9 suppressed (their published value 0 or 10), 10 and
 * more shown rounded. */
static void cellkey_publish(void **state)
{
    zl_disclosure d = key_of(5);
    int64_t shown = -1;
    assert_int_equal(zl_cellkey_publish(&d, "p", 0, &shown), ZL_CELL_SHOWN);
    assert_int_equal(shown, 0);
    for (int64_t x = 1; x <= 9; x++) {
        assert_int_equal(zl_cellkey_publish(&d, "p", x, &shown), ZL_CELL_PRIMARY);
        assert_true(shown == 0 || shown == 10);
    }
    for (int64_t x = 10; x <= 200; x++) {
        assert_int_equal(zl_cellkey_publish(&d, "p", x, &shown), ZL_CELL_SHOWN);
        assert_int_equal(shown, zl_cellkey_round(&d, "p", x));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(viewer_role_names),
        cmocka_unit_test(rfc4231_vectors),
        cmocka_unit_test(bsn_eleven_test),
        cmocka_unit_test(pseudonyms_and_keys),
        cmocka_unit_test(pseudonymise_csv_and_lines),
        cmocka_unit_test(primary_and_secondary),
        cmocka_unit_test(access_rule),
        cmocka_unit_test(cellkey_multiples_and_stable),
        cmocka_unit_test(cellkey_unbiased_over_cells),
        cmocka_unit_test(cellkey_depends_on_key_cell_and_count),
        cmocka_unit_test(cellkey_publish),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
