/* The HTTP router: path patterns with {placeholders}, methods, HEAD as GET, 405 versus 404. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/http_internal.h"
#include "testutil.h"

static const api_route *match(const char *method, const char *path, const char **params,
                              bool *known)
{
    static char scratch[512];
    const api_route *r;
    api_match(method, path, &r, params, scratch, sizeof scratch, known);
    return r;
}

static void patterns(void **state)
{
    const char *p[MAX_PATH_PARAMS] = {0};
    bool known;
    const api_route *r = match("GET", "/locations/100101", p, &known);
    assert_non_null(r);
    assert_string_equal(r->pattern, "/locations/{id}");
    assert_string_equal(p[0], "100101");
    r = match("GET", "/locations", p, &known);
    assert_non_null(r);
    assert_string_equal(r->pattern, "/locations");
    r = match("GET", "/rare/diseases/ORPHA:558", p, &known);
    assert_non_null(r);
    assert_string_equal(p[0], "ORPHA:558");
    assert_null(match("GET", "/locations/100101/extra", p, &known));
    assert_false(known);
    assert_null(match("GET", "/locations/", p, &known)); /* an empty segment is no id */
    assert_null(match("GET", "/nothing", p, &known));
    assert_false(known);
}

static void methods(void **state)
{
    const char *p[MAX_PATH_PARAMS] = {0};
    bool known;
    assert_null(match("DELETE", "/areas", p, &known));
    assert_true(known); /* 405, not 404 */
    const api_route *r = match("HEAD", "/areas", p, &known);
    assert_non_null(r);
    assert_string_equal(r->method, "GET");
    r = match("POST", "/impact", p, &known);
    assert_non_null(r);
    assert_string_equal(r->method, "POST");
    r = match("DELETE", "/tokens/abc", p, &known);
    assert_non_null(r);
    assert_int_equal(r->allow, ALLOW_ADMIN);
    r = match("POST", "/optimise", p, &known);
    assert_non_null(r);
    assert_true(r->allow & ALLOW_ANALYST);
    assert_false(r->allow & ALLOW_LOCATION);
}

static void every_route_documented(void **state)
{
    /* Every route of the table is in the OpenAPI document the tests validate against. */
    char *doc;
    size_t len;
    zl_err err = {0};
    assert_int_equal(zl_read_file(ZL_SOURCE_DIR "/docs/openapi.json", &doc, &len, &err), ZL_OK);
    size_t n;
    const api_route *t = api_routes(&n);
    for (size_t i = 0; i < n; i++) {
        char key[128];
        snprintf(key, sizeof key, "\"%s\": {", t[i].pattern);
        assert_contains(doc, key);
    }
    free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(patterns),
        cmocka_unit_test(methods),
        cmocka_unit_test(every_route_documented),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
