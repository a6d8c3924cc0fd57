/* zl registry: import submissions, list them, print counts (suppressed unless the viewer
 * may see them), generate synthetic registrations. */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "zorglandschap/csv.h"
#include "zorglandschap/registry.h"

static const zl_opt import_opts[] = {
    {"synthetic", 's', NULL, "the file holds synthetic registrations", NULL, 0},
    {"rejects", 'r', "FILE", "write the rejected rows with their reasons (CSV)", NULL, 0},
    {"allow-partial", 'p', NULL, "store the valid rows even when some are rejected", NULL, 0},
    {"json", 'j', NULL, "the validation report as JSON", NULL, 0},
    {"threads", 't', "N", "reading threads: 1, or 2 (default: 2 for files from 4 MB)", NULL, 0},
    {0}};
static const zl_opt submissions_opts[] = {{"json", 'j', NULL, "JSON instead of a table", NULL, 0},
                                          {"csv", 'c', NULL, "CSV instead of a table", NULL, 0},
                                          {0}};
static const zl_opt counts_opts[] = {
    {"code", 'c', "C", "one ORPHAcode (ORPHA:166 or 166)", NULL, 0},
    {"rollup", 'r', NULL, "count a group with everything classified under it", NULL, 0},
    {"by", 'b', "BY", "break the counts down", "code|location|age|region", 0},
    {"layer", 'l', "L", "region layer of --by region (e.g. province)", NULL, 0},
    {"location", 'L', "ID", "a hospital location's own, unsuppressed view", NULL, 0},
    {"viewer", 'v', "ROLE", "who looks: public sees 1-9 as <10", "public|analyst|admin", 0},
    {"year", 'y', "Y", "reference year for ages (default this year)", NULL, 0},
    {"json", 'j', NULL, "JSON instead of a table", NULL, 0},
    {"csv", 'C', NULL, "CSV instead of a table", NULL, 0},
    {0}};
static const zl_command registry_subs[] = {
    {"import", NULL, "import a submission of registrations (CSV)",
     &(const zl_cmd_spec){
         "FILE [--rejects FILE] [--allow-partial] [--synthetic] [--json] [--threads N]",
         "FILE is comma, semicolon (Excel) or tab separated. Every field of every row is\n"
         "checked and every error reported (stderr, or the JSON report). When a row is\n"
         "rejected nothing is stored and zl exits 3, unless --allow-partial: then the valid\n"
         "rows are stored in one transaction (exit 0). --rejects writes the rejected rows as\n"
         "they were, with a column 'reason' (docs/registry.md).\n",
         import_opts, NULL, ZL_CMD_CREATES_DB}},
    {"submissions", NULL, "list the submissions and what each did",
     &(const zl_cmd_spec){"[--json | --csv]", NULL, submissions_opts, NULL, 0}},
    {"counts", NULL, "patients per disease, deduplicated and suppressed",
     &(const zl_cmd_spec){
         "[--code C] [--rollup] [--by code|location|age|region] [--layer L]\n"
         " [--location L | --viewer public|analyst|admin] [--year Y] [--json | --csv]",
         "Counts are patients deduplicated by pseudonym; 1-9 show as <10 with secondary\n"
         "suppression. --location L is a hospital location's own view: its own counts\n"
         "unsuppressed (the HTTP server checks the location's token; the rule is\n"
         "zl_may_see_unsuppressed). --viewer admin is the registry holder's unsuppressed\n"
         "view. Counts a viewer may not see exactly are rounded to multiples of 10 by a cell\n"
         "key, and public age tables exist for 1 January of this year only\n"
         "(docs/privacy.md).\n",
         counts_opts, NULL, 0}},
    {"synth", cmd_registry_synth, "write synthetic registrations", &registry_synth_spec},
    {0}};
const zl_cmd_spec registry_spec = {NULL, NULL, NULL, registry_subs, 0};

/* Where rejected rows go: every reason to stderr, the rows to the --rejects file. */
typedef struct reject_sink {
    FILE *rejects; /* NULL: none */
    bool header_done, quiet_text;
} reject_sink;

static void on_reject(void *ctx, const zl_registry_rejected_row *row)
{
    reject_sink *k = ctx;
    if (!k->quiet_text)
        fprintf(stderr, "rejected: %s\n", row->reasons);
    if (!k->rejects)
        return;
    if (!k->header_done) {
        for (size_t i = 0; row->header[i]; i++) {
            zl_csv_write_field(k->rejects, row->header[i]);
            fputc(',', k->rejects);
        }
        fputs("line,reason\n", k->rejects);
        k->header_done = true;
    }
    for (size_t i = 0; i < row->nfields; i++) {
        zl_csv_write_field(k->rejects, row->fields[i]);
        fputc(',', k->rejects);
    }
    for (size_t i = row->nfields; row->header[i]; i++)
        fputc(',', k->rejects); /* a short row: the missing fields empty */
    fprintf(k->rejects, "%ld,", row->line);
    zl_csv_write_field(k->rejects, row->reasons);
    fputc('\n', k->rejects);
}

static void print_report(zl_cli *cli, const zl_registry_import_result *res, const char *path)
{
    if (res->delimiter != ',')
        fprintf(stderr, "zl: %s read as %s-separated\n", path,
                zl_csv_delimiter_name(res->delimiter));
    fprintf(cli->out,
            "submission %lld: %lld rows, %lld accepted (%lld new, %lld updated, %lld "
            "unchanged), %lld rejected (%lld errors)\n",
            (long long)res->submission_id, (long long)res->rows, (long long)res->accepted,
            (long long)res->inserted, (long long)res->updated, (long long)res->unchanged,
            (long long)res->rejected, (long long)res->errors);
    if (!res->stored)
        fprintf(cli->out,
                "nothing stored: %lld of %lld rows were rejected (fix them, or import "
                "the valid rows with --allow-partial)\n",
                (long long)res->rejected, (long long)res->rows);
}

static int import(zl_cli *cli, int argc, char **argv)
{
    zl_registry_import_opts opts = {0};
    reject_sink sink = {0};
    const char *rejects = NULL;
    bool json = false;
    int64_t threads = 0;
    int o;
    optind = 1;
    while ((o = cli_getopt(cli, argc, argv)) != -1) {
        if (o == 's')
            opts.synthetic = true;
        else if (o == 'j')
            json = true;
        else if (o == 'r')
            rejects = optarg;
        else if (o == 'p')
            opts.allow_partial = true;
        else if (o == 't' && zl_parse_i64(optarg, &threads) && (threads == 1 || threads == 2))
            opts.threads = (int)threads;
        else if (o == 't')
            return cli_usage("zl registry import: --threads must be 1 or 2, not '%s'", optarg);
        else
            return ZL_EXIT_USAGE;
    }
    if (argc - optind != 1)
        return cli_usage("usage: zl registry import FILE [--rejects FILE] [--allow-partial] "
                         "[--synthetic] [--json] [--threads N]");
    zl_store *s = cli_store(cli);
    if (!s)
        return ZL_EXIT_FAIL;
    if (rejects && !(sink.rejects = fopen(rejects, "w"))) {
        perror(rejects);
        return ZL_EXIT_FAIL;
    }
    sink.quiet_text = json;
    opts.on_reject = on_reject;
    opts.ctx = &sink;
    zl_registry_import_result res;
    zl_err err = {0};
    zl_status st = zl_registry_import_ex(s, argv[optind], &opts, &res, &err);
    if (sink.rejects && fclose(sink.rejects) != 0 && st == ZL_OK)
        st = zl_fail(&err, ZL_EIO, "%s: write failed", rejects);
    if (st != ZL_OK)
        return cli_fail(&err);
    int rc = ZL_EXIT_OK;
    if (json)
        rc = cli_print_json(cli, zl_registry_import_to_json(&res));
    else
        print_report(cli, &res, argv[optind]);
    if (rc == ZL_EXIT_OK && res.rejected > 0 && !opts.allow_partial)
        rc = ZL_EXIT_PARTIAL;
    zl_registry_import_result_free(&res);
    return rc;
}

static int submissions(zl_cli *cli, int argc, char **argv)
{
    bool json = false, csv = false;
    int o;
    optind = 1;
    while ((o = cli_getopt(cli, argc, argv)) != -1) {
        if (o == 'j')
            json = true;
        else if (o == 'c')
            csv = true;
        else
            return ZL_EXIT_USAGE;
    }
    if (optind != argc)
        return cli_usage("zl registry submissions: unexpected argument '%s'", argv[optind]);
    zl_store *s = cli_store(cli);
    if (!s)
        return ZL_EXIT_FAIL;
    zl_err err = {0};
    json_t *a = zl_registry_submissions_json(s, &err);
    if (!a)
        return cli_fail(&err);
    if (json)
        return cli_print_json(cli, a);
    if (csv)
        return cli_print_csv(cli, a, NULL);
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
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    zl_count_query q = {.code = -1, .ref_year = tm.tm_year + 1900};
    bool json = false, csv = false, viewer_set = false;
    int o;
    int64_t v;
    optind = 1;
    while ((o = cli_getopt(cli, argc, argv)) != -1) {
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
        case 'C':
            csv = true;
            break;
        default:
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
    else if (csv)
        rc = cli_print_csv(cli, zl_count_table_to_json(&t), "rows");
    else
        zl_count_table_print(&t, cli->out);
    zl_count_table_free(&t);
    return rc;
}

int cmd_registry(zl_cli *cli, int argc, char **argv)
{
    /* main matched the subcommand against registry_spec (synth has its own function). */
    if (strcmp(argv[1], "import") == 0)
        return import(cli, argc - 1, argv + 1);
    if (strcmp(argv[1], "submissions") == 0)
        return submissions(cli, argc - 1, argv + 1);
    return counts(cli, argc - 1, argv + 1);
}
