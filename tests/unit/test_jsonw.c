/* The streaming JSON writer: commas and nesting, escaping, numbers as jansson writes
 * them, and text that jansson reads back to the same values. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "zorglandschap/jsonw.h"

static char *finish(zl_jw *w)
{
    char *out = NULL;
    size_t len = 0;
    zl_err err = {0};
    assert_int_equal(zl_jw_finish(w, &out, &len, &err), ZL_OK);
    assert_int_equal(len, strlen(out));
    return out;
}

static void nesting_and_commas(void **state)
{
    (void)state;
    zl_jw w = {0};
    zl_jw_object(&w, NULL);
    zl_jw_int(&w, "a", 1);
    zl_jw_array(&w, "b");
    zl_jw_int(&w, NULL, -9223372036854775807LL - 1);
    zl_jw_object(&w, NULL);
    zl_jw_close(&w, '}');
    zl_jw_array(&w, NULL);
    zl_jw_close(&w, ']');
    zl_jw_null(&w, NULL);
    zl_jw_close(&w, ']');
    zl_jw_bool(&w, "c", true);
    zl_jw_bool(&w, "d", false);
    zl_jw_str(&w, "e", NULL);
    zl_jw_close(&w, '}');
    char *out = finish(&w);
    assert_string_equal(out, "{\"a\":1,\"b\":[-9223372036854775808,{},[],null],\"c\":true,"
                             "\"d\":false,\"e\":null}");
    free(out);
    assert_null(w.buf.data); /* handed over */
}

static void escaping(void **state)
{
    (void)state;
    zl_jw w = {0};
    zl_jw_array(&w, NULL);
    zl_jw_str(&w, NULL, "say \"hi\"\\ \n\t\r\b\f\x01\x1f / Sj\xc3\xb6gren");
    zl_jw_close(&w, ']');
    char *out = finish(&w);
    assert_string_equal(out, "[\"say \\\"hi\\\"\\\\ \\n\\t\\r\\b\\f\\u0001\\u001f / "
                             "Sj\xc3\xb6gren\"]");
    json_error_t jerr;
    json_t *v = json_loads(out, 0, &jerr);
    assert_non_null(v);
    assert_string_equal(json_string_value(json_array_get(v, 0)),
                        "say \"hi\"\\ \n\t\r\b\f\x01\x1f / Sj\xc3\xb6gren");
    json_decref(v);
    free(out);
}

/* Reals as jansson's JSON_REAL_PRECISION(10): a fraction or exponent always. */
static void reals(void **state)
{
    (void)state;
    const double in[] = {1, 0.125, 1.02, -3.5e-12, 12345678901.0, NAN, INFINITY};
    zl_jw w = {0};
    zl_jw_array(&w, NULL);
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++)
        zl_jw_real(&w, NULL, in[i]);
    zl_jw_close(&w, ']');
    char *out = finish(&w);
    assert_string_equal(out, "[1.0,0.125,1.02,-3.5e-12,1.23456789e+10,null,null]");
    json_t *same = json_pack("[f,f,f,f]", 1.0, 0.125, 1.02, -3.5e-12);
    char *ref = json_dumps(same, JSON_COMPACT | JSON_REAL_PRECISION(10));
    assert_memory_equal(out, ref, strlen(ref) - 1); /* the same four, before the ']' */
    free(ref);
    json_decref(same);
    free(out);
}

static void long_strings_grow_the_buffer(void **state)
{
    (void)state;
    char big[20000];
    memset(big, '"', sizeof big - 1); /* every byte escaped: 2 bytes each */
    big[sizeof big - 1] = 0;
    zl_jw w = {0};
    for (int i = 0; i < 3; i++)
        zl_jw_str(&w, NULL, big);
    char *out = finish(&w);
    assert_int_equal(strlen(out), 3 * (2 * (sizeof big - 1) + 2) + 2);
    free(out);
}

static void too_deep_fails(void **state)
{
    (void)state;
    zl_jw w = {0};
    for (int i = 0; i < ZL_JW_DEPTH + 2; i++)
        zl_jw_array(&w, NULL);
    char *out = NULL;
    size_t len;
    zl_err err = {0};
    assert_int_equal(zl_jw_finish(&w, &out, &len, &err), ZL_EINTERNAL);
    assert_null(out);
    assert_null(w.buf.data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nesting_and_commas),
        cmocka_unit_test(escaping),
        cmocka_unit_test(reals),
        cmocka_unit_test(long_strings_grow_the_buffer),
        cmocka_unit_test(too_deep_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
