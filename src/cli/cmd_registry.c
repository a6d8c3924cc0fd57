/* zl registry: import submissions, list them, print counts (suppressed unless the viewer
 * may see them), generate synthetic registrations. */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "zorglandschap/registry.h"

static const char usage_text[] =
    "usage: zl registry import FILE [--synthetic] [--json]\n"
    "       zl registry submissions [--json]\n"
    "       zl registry counts [--code C] [--rollup] [--by location|age|region] [--layer L]\n"
    "                          [--location L | --viewer public|analyst|admin] [--year Y] [--json]\n"
    "       zl registry synth --seed S [--patients N] [--codes K] --out FILE\n"
    "Counts are patients deduplicated by pseudonym; 1-9 show as <10 with secondary\n"
    "suppression. --location L is a hospital location's own view: its own counts\n"
    "unsuppressed (the HTTP server checks the location's token; the rule is\n"
    "zl_may_see_unsuppressed). --viewer admin is the registry holder's unsuppressed view.\n"
    "Counts a viewer may not see exactly are rounded to multiples of 10 by a cell key, and\n"
    "public age tables exist for 1 January of this year only (docs/privacy.md).\n";

static int import(zl_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"synthetic", no_argument, NULL, 's'},
                                         {"json", no_argument, NULL, 'j'},
                                         {NULL, 0, NULL, 0}};
    bool synthetic = false, json = false;
    int o;
    optind = 1;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 's')
            synthetic = true;
        else if (o == 'j')
            json = true;
        else
            return cli_usage("usage: zl registry import FILE [--synthetic] [--json]");
    }
    if (argc - optind != 1)
        return cli_usage("usage: zl registry import FILE [--synthetic] [--json]");
    zl_store *s = cli_store(cli);
    if (!s)
        return ZL_EXIT_FAIL;
    zl_registry_import_result res;
    zl_err err = {0};
    if (zl_registry_import(s, argv[optind], synthetic, &res, &err) != ZL_OK)
        return cli_fail(&err);
    int rc = ZL_EXIT_OK;
    if (json) {
        rc = cli_print_json(cli, zl_registry_import_to_json(&res));
    } else {
        for (size_t i = 0; i < res.nrejects; i++)
            fprintf(stderr, "rejected: %s\n", res.rejects[i].reason);
        if (res.rejected > (int64_t)res.nrejects)
            fprintf(stderr, "rejected: ... and %lld more\n",
                    (long long)(res.rejected - (int64_t)res.nrejects));
        fprintf(cli->out,
                "submission %lld: %lld rows, %lld accepted (%lld new, %lld updated, %lld "
                "unchanged), %lld rejected\n",
                (long long)res.submission_id, (long long)res.rows, (long long)res.accepted,
                (long long)res.inserted, (long long)res.updated, (long long)res.unchanged,
                (long long)res.rejected);
    }
    zl_registry_import_result_free(&res);
    return rc;
}

static int submissions(zl_cli *cli, int argc, char **argv)
{
    bool json = argc > 1 && strcmp(argv[1], "--json") == 0;
    if (argc > (json ? 2 : 1))
        return cli_usage("usage: zl registry submissions [--json]");
    zl_store *s = cli_store(cli);
    if (!s)
        return ZL_EXIT_FAIL;
    zl_err err = {0};
    json_t *a = zl_registry_submissions_json(s, &err);
    if (!a)
        return cli_fail(&err);
    if (json)
        return cli_print_json(cli, a);
    fprintf(cli->out, "%4s  %-20s %8s %8s %8s %8s %8s %8s  %s\n", "id", "submitted", "rows",
            "accepted", "rejected", "new", "updated", "same", "source");
    size_t i;
    json_t *r;
    json_array_foreach(a, i, r)
    {
        fprintf(cli->out, "%4lld  %-20s %8lld %8lld %8lld %8lld %8lld %8lld  %s%s\n",
                (long long)json_integer_value(json_object_get(r, "id")),
                json_string_value(json_object_get(r, "submitted_at")),
                (long long)json_integer_value(json_object_get(r, "rows")),
                (long long)json_integer_value(json_object_get(r, "accepted")),
                (long long)json_integer_value(json_object_get(r, "rejected")),
                (long long)json_integer_value(json_object_get(r, "inserted")),
                (long long)json_integer_value(json_object_get(r, "updated")),
                (long long)json_integer_value(json_object_get(r, "unchanged")),
                json_string_value(json_object_get(r, "source")),
                json_is_true(json_object_get(r, "synthetic")) ? " (synthetic)" : "");
    }
    json_decref(a);
    return ZL_EXIT_OK;
}

static int parse_by(const char *v, zl_count_by *by)
{
    if (strcmp(v, "code") == 0)
        *by = ZL_BY_CODE;
    else if (strcmp(v, "location") == 0)
        *by = ZL_BY_LOCATION;
    else if (strcmp(v, "age") == 0)
        *by = ZL_BY_AGE;
    else if (strcmp(v, "region") == 0)
        *by = ZL_BY_REGION;
    else
        return -1;
    return 0;
}

static int counts(zl_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"code", required_argument, NULL, 'c'},
                                         {"rollup", no_argument, NULL, 'r'},
                                         {"by", required_argument, NULL, 'b'},
                                         {"layer", required_argument, NULL, 'l'},
                                         {"location", required_argument, NULL, 'L'},
                                         {"viewer", required_argument, NULL, 'v'},
                                         {"year", required_argument, NULL, 'y'},
                                         {"json", no_argument, NULL, 'j'},
                                         {NULL, 0, NULL, 0}};
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    zl_count_query q = {.code = -1, .ref_year = tm.tm_year + 1900};
    bool json = false, viewer_set = false;
    int o;
    int64_t v;
    optind = 1;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (o) {
        case 'c':
            if (!zl_orpha_parse(optarg, &q.code))
                return cli_usage("--code: not an ORPHAcode: '%s'", optarg);
            break;
        case 'r':
            q.rollup = true;
            break;
        case 'b':
            if (parse_by(optarg, &q.by) != 0)
                return cli_usage("--by: expected location, age or region, not '%s'", optarg);
            break;
        case 'l':
            q.layer = optarg;
            break;
        case 'L':
            q.location = optarg;
            break;
        case 'v':
            if (!zl_viewer_role_parse(optarg, &q.viewer.role))
                return cli_usage("--viewer: expected public, analyst or admin");
            viewer_set = true;
            break;
        case 'y':
            if (!zl_parse_i64(optarg, &v) || v < 1900 || v > 3000)
                return cli_usage("--year: expected a year, not '%s'", optarg);
            q.ref_year = (int)v;
            break;
        case 'j':
            json = true;
            break;
        default:
            fputs(usage_text, stderr);
            return ZL_EXIT_USAGE;
        }
    }
    if (optind < argc)
        return cli_usage("unexpected argument '%s'", argv[optind]);
    if (q.location && viewer_set)
        return cli_usage("--location is the location's own view; it takes no --viewer");
    if (q.location)
        q.viewer = (zl_viewer){ZL_VIEWER_LOCATION, q.location};
    zl_store *s = cli_store(cli);
    if (!s)
        return ZL_EXIT_FAIL;
    zl_count_table t;
    zl_err err = {0};
    zl_status st = zl_registry_counts(s, &q, &t, &err);
    if (st == ZL_EINPUT)
        return cli_usage("%s", err.msg);
    if (st != ZL_OK)
        return cli_fail(&err);
    int rc = ZL_EXIT_OK;
    if (json)
        rc = cli_print_json(cli, zl_count_table_to_json(&t));
    else
        zl_count_table_print(&t, cli->out);
    zl_count_table_free(&t);
    return rc;
}

int cmd_registry(zl_cli *cli, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        fputs(usage_text, argc < 2 ? stderr : cli->out);
        return argc < 2 ? ZL_EXIT_USAGE : ZL_EXIT_OK;
    }
    if (strcmp(argv[1], "import") == 0)
        return import(cli, argc - 1, argv + 1);
    if (strcmp(argv[1], "submissions") == 0)
        return submissions(cli, argc - 1, argv + 1);
    if (strcmp(argv[1], "counts") == 0)
        return counts(cli, argc - 1, argv + 1);
    if (strcmp(argv[1], "synth") == 0)
        return cmd_registry_synth(cli, argc - 1, argv + 1);
    fputs(usage_text, stderr);
    return cli_usage("unknown registry command '%s'", argv[1]);
}
