/* zl rare concentration [CODE] (also reachable as zl concentration): the VSOP rule per
 * disease with registered patients, centre shares, verdict and centre contact. */
#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "zorglandschap/registry.h"

static const char usage_text[] =
    "usage: zl rare concentration [CODE] [--date YYYY-MM-DD] [--viewer public|admin] [--json]\n"
    "Without CODE every disease with registered patients. Centres are those recognised on\n"
    "--date (default today); the contact indicator looks back five years from it.\n"
    "Without --viewer admin the date is 1 January of its year and counts are rounded to\n"
    "multiples of 10 by a cell key (docs/privacy.md).\n";

int cmd_concentration(zl_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"date", required_argument, NULL, 'd'},
                                         {"viewer", required_argument, NULL, 'v'},
                                         {"json", no_argument, NULL, 'j'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *date = NULL;
    bool json = false;
    zl_viewer viewer = {ZL_VIEWER_PUBLIC, NULL};
    int o;
    optind = 1;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (o) {
        case 'd':
            date = optarg;
            break;
        case 'j':
            json = true;
            break;
        case 'v':
            if (!zl_viewer_role_parse(optarg, &viewer.role))
                return cli_usage("--viewer: expected public, analyst or admin");
            break;
        case 'h':
            fputs(usage_text, cli->out);
            return ZL_EXIT_OK;
        default:
            fputs(usage_text, stderr);
            return ZL_EXIT_USAGE;
        }
    }
    int64_t code = -1;
    if (argc - optind > 1 || (optind < argc && !zl_orpha_parse(argv[optind], &code))) {
        fputs(usage_text, stderr);
        return ZL_EXIT_USAGE;
    }
    zl_store *s = cli_store(cli);
    if (!s)
        return ZL_EXIT_FAIL;
    zl_conc_report r;
    zl_err err = {0};
    zl_status st = zl_registry_concentration(s, code, date, &viewer, &r, &err);
    if (st == ZL_EINPUT)
        return cli_usage("%s", err.msg);
    if (st != ZL_OK)
        return cli_fail(&err);
    int rc = ZL_EXIT_OK;
    if (json)
        rc = cli_print_json(cli, zl_conc_report_to_json(&r));
    else
        zl_conc_report_print(&r, cli->out);
    zl_conc_report_free(&r);
    return rc;
}
