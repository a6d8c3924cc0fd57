/* Fixed-width UTF-8 columns: width counts characters, long text is cut on a character
 * boundary, short text is padded. */
#include <stdio.h>
#include <stdlib.h>

#include "testutil.h"
#include "zorglandschap/textcol.h"

static char *column(const char *s, int width)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    zl_fput_column(f, s, width);
    fclose(f);
    return text;
}

static void pads_and_cuts(void **state)
{
    struct {
        const char *in;
        int width;
        const char *out;
    } cases[] = {
        {"abc", 5, "abc  "},     {"abcdef", 3, "abc"}, {"Máxima", 6, "Máxima"},
        {"Máxima MC", 3, "Máx"}, {"Máx", 5, "Máx  "},  {"", 2, "  "},
        {NULL, 1, " "},          {"€uro", 1, "€"},     {"abc", 0, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = column(cases[i].in, cases[i].width);
        assert_string_equal(got, cases[i].out);
        free(got);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(pads_and_cuts)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
