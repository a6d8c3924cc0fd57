/* Acceptability thresholds: the built-in default (identical to data/assess/thresholds.conf,
 * which a unit test checks) and the reader of the `key = value` file format. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zorglandschap/assess.h"
#include "zorglandschap/util.h"

void zl_assess_thresholds_default(zl_assess_thresholds *out)
{
    memset(out, 0, sizeof *out);
    out->enabled[ZL_TH_NEW_BEYOND_45] = true;
    out->max[ZL_TH_NEW_BEYOND_45] = 0;
    out->enabled[ZL_TH_MEAN_EXTRA_MINUTES] = true;
    out->max[ZL_TH_MEAN_EXTRA_MINUTES] = 15;
    out->enabled[ZL_TH_OVER_CAPACITY] = true;
    out->max[ZL_TH_OVER_CAPACITY] = 0;
    out->enabled[ZL_TH_NETWORKS_WITHOUT] = true;
    out->max[ZL_TH_NETWORKS_WITHOUT] = 0;
    snprintf(out->source, sizeof out->source, "built-in default");
}

/* Trims spaces and tabs at both ends in place. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static int key_index(const char *k)
{
    for (int i = 0; i < ZL_TH_N; i++)
        if (strcmp(k, zl_threshold_name((zl_threshold_key)i)) == 0)
            return i;
    return -1;
}

/* One non-empty, non-comment line: `key = value`. */
static zl_status parse_line(const char *name, long line, char *text, zl_assess_thresholds *out,
                            bool *seen, zl_err *err)
{
    char *eq = strchr(text, '=');
    if (!eq)
        return zl_fail(err, ZL_EINPUT, "%s:%ld: expected `key = value`, found '%.60s'", name, line,
                       text);
    *eq = '\0';
    char *key = trim(text), *value = trim(eq + 1);
    int k = key_index(key);
    if (k < 0)
        return zl_fail(err, ZL_EINPUT,
                       "%s:%ld: unknown key '%.60s' (new_inhabitants_beyond_45,"
                       " mean_extra_minutes, max_extra_minutes, over_capacity,"
                       " networks_without_location, below_surgeon_norm, services_threatened,"
                       " displaced_75plus)",
                       name, line, key);
    if (seen[k])
        return zl_fail(err, ZL_EINPUT, "%s:%ld: key '%s' given twice", name, line, key);
    seen[k] = true;
    if (strcmp(value, "off") == 0) {
        out->enabled[k] = false;
        out->max[k] = 0;
        return ZL_OK;
    }
    char *end;
    errno = 0;
    double v = strtod(value, &end);
    if (!*value || *end || errno || !isfinite(v) || v < 0)
        return zl_fail(err, ZL_EINPUT,
                       "%s:%ld: key '%s': expected a number >= 0 or off, found '%.40s'", name, line,
                       key, value);
    out->enabled[k] = true;
    out->max[k] = v;
    return ZL_OK;
}

zl_status zl_assess_thresholds_parse(const char *name, const char *text, zl_assess_thresholds *out,
                                     zl_err *err)
{
    zl_assess_thresholds t;
    zl_assess_thresholds_default(&t);
    snprintf(t.source, sizeof t.source, "%s", name);
    bool seen[ZL_TH_N] = {0};
    char buf[512];
    long line = 0;
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, "\n");
        line++;
        if (n >= sizeof buf)
            return zl_fail(err, ZL_EINPUT, "%s:%ld: line longer than %zu bytes", name, line,
                           sizeof buf - 1);
        memcpy(buf, p, n);
        buf[n] = '\0';
        p += n + (p[n] == '\n');
        char *hash = strchr(buf, '#');
        if (hash)
            *hash = '\0';
        char *s = trim(buf);
        if (*s && parse_line(name, line, s, &t, seen, err) != ZL_OK)
            return err->code;
    }
    *out = t;
    return ZL_OK;
}

zl_status zl_assess_thresholds_load(const char *path, zl_assess_thresholds *out, zl_err *err)
{
    char *text = NULL;
    size_t len = 0;
    if (zl_read_file(path, &text, &len, err) != ZL_OK)
        return err->code;
    zl_status st = ZL_OK;
    if (strlen(text) != len)
        st = zl_fail(err, ZL_EINPUT, "%s: not a text file (NUL byte)", path);
    else
        st = zl_assess_thresholds_parse(path, text, out, err);
    free(text);
    return st;
}
