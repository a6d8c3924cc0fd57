/* Helpers for the unit tests. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *tu_temp_path(const char *suffix)
{
    char tmpl[] = "/tmp/zltestXXXXXX";
    int fd = mkstemp(tmpl);
    assert_true(fd >= 0);
    close(fd);
    unlink(tmpl);
    size_t n = strlen(tmpl) + strlen(suffix) + 1;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s%s", tmpl, suffix);
    return p;
}

void tu_remove_db(char *path)
{
    char buf[512];
    unlink(path);
    snprintf(buf, sizeof buf, "%s-wal", path);
    unlink(buf);
    snprintf(buf, sizeof buf, "%s-shm", path);
    unlink(buf);
    free(path);
}

char *tu_write_temp(const char *suffix, const char *text)
{
    char *p = tu_temp_path(suffix);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fwrite(text, 1, strlen(text), f);
    fclose(f);
    return p;
}

zl_store *tu_store_new(char **path_out)
{
    char *p = tu_temp_path(".db");
    zl_store *s = NULL;
    zl_err err = {0};
    if (zl_store_open(p, 0, &s, &err) != ZL_OK)
        fail_msg("opening %s: %s", p, err.msg);
    *path_out = p;
    return s;
}

void tu_assert_contains(const char *haystack, const char *needle, const char *file, int line)
{
    if (!haystack || !strstr(haystack, needle)) {
        print_error("'%s' does not contain '%s'\n", haystack ? haystack : "(null)", needle);
        _fail(file, line);
    }
}
