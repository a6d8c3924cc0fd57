/* zl rare concentration [CODE] (also reachable as zl concentration): the VSOP rule per
 * disease with registered patients, centre shares, verdict and centre contact. */
#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "zorglandschap/registry.h"

static const zl_opt conc_opts[] = {
    {"date", 'd', "YYYY-MM-DD", "centres recognised on this date (default today)", NULL, 0},
    {"viewer", 'v', "ROLE", "who looks: public sees 1-9 as <10", "public|analyst|admin", 0},
    {"json", 'j', NULL, "JSON instead of a table", NULL, 0},
    {"csv", 'c', NULL, "CSV instead of a table", NULL, 0},
    {0}};

const zl_cmd_spec concentration_spec = {
    "[CODE] [--date YYYY-MM-DD] [--viewer public|analyst|admin] [--json | --csv]",
    "The VSOP rule of thumb per disease with registered patients: centre shares, verdict\n"
    "and centre contact. Without CODE every disease with registered patients. Centres are\n"
    "those recognised on --date (default today); the contact indicator looks back five\n"
    "years from it. Without --viewer admin the date is 1 January of its year and counts\n"
    "are rounded to multiples of 10 by a cell key (docs/privacy.md).\n",
    conc_opts, NULL, 0};

int cmd_concentration(zl_cli *cli, int argc, char **argv)
{
    const char *date = NULL;
    bool json = false, csv = false;
    zl_viewer viewer = {ZL_VIEWER_PUBLIC, NULL};
    int o;
    optind = 1;
    while ((o = cli_getopt(cli, argc, argv)) != -1) {
        switch (o) {
        case 'd':
            date = optarg;
            break;
        case 'j':
            json = true;
            break;
        case 'c':
            csv = true;
            break;
        case 'v':
            if (!zl_viewer_role_parse(optarg, &viewer.role))
                return cli_usage("--viewer: expected public, analyst or admin");
            break;
        default:
            return ZL_EXIT_USAGE;
        }
    }
    int64_t code = -1;
    if (argc - optind > 1)
        return cli_usage("zl concentration: one CODE at most");
    if (optind < argc && !zl_orpha_parse(argv[optind], &code))
        return cli_usage("'%s' is not an ORPHAcode (ORPHA:586 or 586)", argv[optind]);
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
    else if (csv)
        rc = cli_print_csv(cli, zl_conc_report_to_json(&r), "diseases");
    else
        zl_conc_report_print(&r, cli->out);
    zl_conc_report_free(&r);
    return rc;
}
