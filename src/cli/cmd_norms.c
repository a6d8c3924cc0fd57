/* zl norms [--intervention C] [--year Y] [--json [--public]]: the volume-norm check per
 * location. */
#include <getopt.h>
#include <jansson.h>
#include <string.h>

#include "cli.h"
#include "zorglandschap/norms.h"
#include "zorglandschap/store_disclosure.h"
#include "zorglandschap/store_landscape.h"
#include "zorglandschap/util.h"

static const zl_opt norms_opts[] = {
    {"intervention", 'i', "C", "intervention code (any case; default: every one)", NULL, 0},
    {"year", 'y', "Y", "last year of the norm's window (default: latest with data)", NULL, 0},
    {"json", 'j', NULL, "JSON instead of a table", NULL, 0},
    {"public", 'p', NULL, "with --json: volumes published as for the public (docs/privacy.md)",
     NULL, 0},
    {"csv", 'c', NULL, "CSV instead of a table (one row per intervention and location)", NULL, 0},
    {0}};

const zl_cmd_spec norms_spec = {
    "[--intervention C] [--year Y] [--json [--public] | --csv]",
    "Per location offering the intervention: the yearly volume averaged over the norm's\n"
    "window (years Y-w+1..Y that have a record) and whether it meets the norm. Norms that\n"
    "could not be verified are marked illustrative. Without --intervention every\n"
    "intervention is checked; Y defaults to the latest year with data. --public publishes\n"
    "the volumes as the HTTP API does for viewers without an exact view (docs/privacy.md).\n"
    "Method: docs/impact.md.\n",
    norms_opts, NULL, 0};

/* Checks one intervention; adds its JSON to `all` or prints its table. */
static zl_status check_one(zl_cli *cli, const char *code, int year, json_t *all,
                           const zl_disclosure *d, zl_err *err)
{
    zl_case *c = NULL;
    zl_norm_check *nc = NULL;
    zl_status st = zl_case_load_volumes(cli->store, code, year, &c, err);
    if (st == ZL_OK)
        st = zl_norm_check_run(c, -1, &nc, err);
    if (st == ZL_OK && all)
        json_array_append_new(all, zl_norm_check_to_json_public(nc, d));
    else if (st == ZL_OK)
        zl_norm_check_print(nc, cli->out);
    zl_norm_check_free(nc);
    zl_case_free(c);
    return st;
}

/* One table of every checked intervention's locations, each row naming its intervention
 * and norm. */
static int print_csv(zl_cli *cli, json_t *all)
{
    json_t *rows = json_array(), *doc, *r;
    bool synthetic = false;
    size_t i, k;
    json_array_foreach(all, i, doc)
    {
        synthetic = synthetic || json_is_true(json_object_get(doc, "synthetic"));
        json_array_foreach(json_object_get(doc, "locations"), k, r)
        {
            json_t *row = json_pack(
                "{s:O,s:O,s:O}", "intervention", json_object_get(doc, "intervention"), "year",
                json_object_get(doc, "year"), "norm", json_object_get(doc, "norm"));
            json_object_update(row, r);
            json_array_append_new(rows, row);
        }
    }
    json_decref(all);
    return cli_print_csv(cli, json_pack("{s:b,s:o}", "synthetic", synthetic, "rows", rows), "rows");
}

static int run_checks(zl_cli *cli, const char *code, int year, bool json, bool csv, bool public)
{
    zl_err err = {0};
    zl_disclosure d;
    if (public && zl_store_disclosure_key(cli->store, &d, &err) != ZL_OK)
        return cli_fail(&err);
    char **codes = NULL;
    size_t n = 0;
    if (!code && zl_store_list_intervention_codes(cli->store, &codes, &n, &err) != ZL_OK)
        return cli_fail(&err);
    if (!code && n == 0) {
        zl_strv_free(codes);
        zl_fail(&err, ZL_EINPUT, "no interventions in %s (zl import interventions FILE)",
                cli->db_path);
        return cli_fail(&err);
    }
    json = json || csv;
    json_t *all = json ? json_array() : NULL;
    int rc = ZL_EXIT_OK;
    size_t checked = 0;
    for (size_t i = 0; i < (code ? 1 : n); i++) {
        const char *c = code ? code : codes[i];
        if (i > 0 && !json)
            fputc('\n', cli->out);
        if (check_one(cli, c, year, all, public ? &d : NULL, &err) == ZL_OK) {
            checked++;
            continue;
        }
        /* One intervention without data does not hide the others. */
        if (!code && err.code == ZL_EINPUT) {
            fprintf(stderr, "zl: skipping %s: %s\n", c, err.msg);
            continue;
        }
        rc = cli_fail(&err);
        break;
    }
    zl_strv_free(codes);
    if (rc == ZL_EXIT_OK && checked == 0) {
        fprintf(stderr, "zl: no intervention has volumes%s\n", year ? " in that year" : "");
        rc = ZL_EXIT_FAIL;
    }
    if (rc != ZL_EXIT_OK || !json) {
        json_decref(all);
        return rc;
    }
    return csv ? print_csv(cli, all) : cli_print_json(cli, all);
}

int cmd_norms(zl_cli *cli, int argc, char **argv)
{
    const char *code = NULL;
    int64_t year = 0;
    bool json = false, public = false, csv = false;
    int ch;
    optind = 0;
    while ((ch = cli_getopt(cli, argc, argv)) != -1) {
        switch (ch) {
        case 'i':
            code = optarg;
            break;
        case 'y':
            if (!zl_parse_i64(optarg, &year) || year < 1900 || year > 2200)
                return cli_usage("--year: '%s' is not a year", optarg);
            break;
        case 'j':
            json = true;
            break;
        case 'p':
            public
            = true;
            break;
        case 'c':
            csv = true;
            break;
        default:
            return ZL_EXIT_USAGE;
        }
    }
    if (optind < argc)
        return cli_usage("zl norms: unexpected argument '%s'", argv[optind]);
    if (!cli_store(cli))
        return ZL_EXIT_FAIL;
    if (public && !json)
        return cli_usage("zl norms: --public applies to --json");
    return run_checks(cli, code, (int)year, json, csv, public);
}
