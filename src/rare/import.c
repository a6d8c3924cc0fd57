/* Dispatch of `zl rare import KIND FILE` to the importers, and the small parsers the
 * rare-disease module shares: ORPHAcodes and calendar dates. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "zorglandschap/rare.h"
#include "zorglandschap/rare_network.h"
#include "zorglandschap/util.h"

static const char *const kinds[] = {"ordo",        "product1",     "product3",    "product7",
                                    "product9",    "ern",          "ecza",        "networks",
                                    "shared-care", "recognitions", "assessments", "pathways"};

const char *const *zl_rare_kinds(size_t *n)
{
    *n = sizeof kinds / sizeof kinds[0];
    return kinds;
}

bool zl_rare_kind_known(const char *kind)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kind, kinds[i]) == 0)
            return true;
    return false;
}

zl_status zl_rare_import(zl_store *s, const char *kind, const char *path,
                         zl_rare_import_stats *stats, zl_err *err)
{
    if (strcmp(kind, "ordo") == 0)
        return zl_rare_import_ordo(s, path, stats, err);
    if (strncmp(kind, "product", 7) == 0 && zl_rare_kind_known(kind))
        return zl_rare_import_orphadata(s, kind[7] - '0', path, stats, err);
    if (strcmp(kind, "ern") == 0)
        return zl_rare_import_ern(s, path, stats, err);
    if (strcmp(kind, "ecza") == 0)
        return zl_rare_import_ecza(s, path, stats, err);
    if (strcmp(kind, "networks") == 0)
        return zl_rare_import_networks(s, path, stats, err);
    if (strcmp(kind, "shared-care") == 0)
        return zl_rare_import_shared_care(s, path, stats, err);
    if (strcmp(kind, "recognitions") == 0)
        return zl_rare_import_recognitions(s, path, stats, err);
    if (strcmp(kind, "assessments") == 0)
        return zl_rare_import_assessments(s, path, stats, err);
    if (strcmp(kind, "pathways") == 0)
        return zl_rare_import_pathways(s, path, stats, err);
    return zl_fail(err, ZL_EINPUT,
                   "unknown kind '%s' (ordo, product1, product3, product7, product9, ern, ecza, "
                   "networks, shared-care, recognitions, assessments, pathways)",
                   kind);
}

bool zl_orpha_parse(const char *text, int64_t *orpha)
{
    if (!text)
        return false;
    while (isspace((unsigned char)*text))
        text++;
    if (strncasecmp(text, "ORPHA:", 6) == 0)
        text += 6;
    else if (strncasecmp(text, "ORPHA ", 6) == 0)
        text += 6;
    else if (strncasecmp(text, "Orphanet_", 9) == 0)
        text += 9;
    char buf[24];
    size_t n = strlen(text);
    while (n && isspace((unsigned char)text[n - 1]))
        n--;
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, text, n);
    buf[n] = 0;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)buf[i]))
            return false;
    int64_t v;
    if (!zl_parse_i64(buf, &v) || v <= 0)
        return false;
    *orpha = v;
    return true;
}

bool zl_date_valid(const char *d)
{
    if (!d || strlen(d) != 10 || d[4] != '-' || d[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)d[i]))
            return false;
    int y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
    int m = (d[5] - '0') * 10 + (d[6] - '0'), day = (d[8] - '0') * 10 + (d[9] - '0');
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || m < 1 || m > 12 || day < 1)
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return day <= mdays[m - 1] + (m == 2 && leap);
}

void zl_date_today(char buf[11])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, 11, "%Y-%m-%d", &tm);
}
