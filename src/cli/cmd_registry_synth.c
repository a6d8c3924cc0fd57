/* zl registry synth: writes synthetic registrations (labelled so in every row) that
 * validate against the landscape and rare-disease data in the store. */
#include <getopt.h>
#include <stdlib.h>

#include "cli.h"
#include "zorglandschap/registry.h"

static const zl_opt synth_opts[] = {
    {"seed", 's', "S", "random seed (required)", NULL, 0},
    {"rows", 'r', "N", "registrations to write (default 3000)", NULL, 0},
    {"codes", 'c', "K", "distinct ORPHAcodes (default 40)", NULL, 0},
    {"date", 'd', "YYYY-MM-DD", "registrations up to this date (default 2025-12-31)", NULL, 0},
    {"out", 'o', "FILE", "the CSV to write (required)", NULL, 0},
    {0}};

const zl_cmd_spec registry_synth_spec = {
    "--seed S [--rows N] [--codes K] [--date YYYY-MM-DD] --out FILE",
    "Writes SYNTHETIC registrations (labelled so in every row) that validate against the\n"
    "landscape and rare-disease data in the database.\n",
    synth_opts, NULL, 0};

int cmd_registry_synth(zl_cli *cli, int argc, char **argv)
{
    zl_registry_synth_opts o = {.rows = 3000, .codes = 40, .date = "2025-12-31"};
    const char *path = NULL;
    bool seeded = false;
    int64_t v;
    int c;
    optind = 1;
    while ((c = cli_getopt(cli, argc, argv)) != -1) {
        switch (c) {
        case 's':
            if (!zl_parse_i64(optarg, &v) || v < 0)
                return cli_usage("--seed: expected a non-negative integer");
            o.seed = (uint64_t)v;
            seeded = true;
            break;
        case 'r':
            if (!zl_parse_i64(optarg, &o.rows) || o.rows < 1)
                return cli_usage("--rows: expected a positive integer");
            break;
        case 'c':
            if (!zl_parse_i64(optarg, &v) || v < 1 || v > 100000)
                return cli_usage("--codes: expected a positive integer");
            o.codes = (int)v;
            break;
        case 'd':
            o.date = optarg;
            break;
        case 'o':
            path = optarg;
            break;
        default:
            return ZL_EXIT_USAGE;
        }
    }
    if (!seeded || !path)
        return cli_usage("zl registry synth: --seed S and --out FILE are required");
    if (optind < argc)
        return cli_usage("zl registry synth: unexpected argument '%s'", argv[optind]);
    zl_store *s = cli_store(cli);
    if (!s)
        return ZL_EXIT_FAIL;
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        return ZL_EXIT_FAIL;
    }
    zl_err err = {0};
    int64_t patients;
    zl_status st = zl_registry_synth(s, &o, f, &patients, &err);
    if (fclose(f) != 0 && st == ZL_OK)
        st = zl_fail(&err, ZL_EIO, "%s: write failed", path);
    if (st != ZL_OK)
        return cli_fail(&err);
    fprintf(stderr, "zl: wrote %lld synthetic registrations of %lld patients to %s (seed %llu)\n",
            (long long)o.rows, (long long)patients, path, (unsigned long long)o.seed);
    return ZL_EXIT_OK;
}
