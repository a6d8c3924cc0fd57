/* zl import KIND FILE: loads one CSV file into the store (formats in docs/formats.md). */
#include <string.h>

#include "cli.h"
#include "zorglandschap/import.h"
#include "zorglandschap/rare.h"

static int import_usage(void)
{
    return cli_usage("usage: zl import KIND FILE\n"
                     "  KIND: areas, area-ages, locations, regions, interventions, volumes,"
                     " flows,\n"
                     "        functions, ambulance-posts, ferries, hospitals-2019,"
                     " ambulance-posts-2019,\n"
                     "        partners, capacity,\n"
                     "        ordo, product1, product3, product7, product9, ern, ecza"
                     " (as zl rare import)");
}

int cmd_import(zl_cli *cli, int argc, char **argv)
{
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fprintf(cli->out, "usage: zl import KIND FILE\n"
                          "Imports one CSV file in one transaction (docs/formats.md).\n"
                          "KIND: areas, area-ages, locations, regions, interventions,"
                          " volumes, flows;\n"
                          "acute care (docs/formats.md): functions, ambulance-posts, ferries,"
                          " hospitals-2019,\n  ambulance-posts-2019 (RIVM's 2019 files as"
                          " they are);\n"
                          "partners, capacity (allocation rules, docs/choice.md)\n"
                          "rare-disease kinds (docs/formats-rare.md): ordo, product1, product3,"
                          " product7, product9, ern, ecza\n");
        return ZL_EXIT_OK;
    }
    if (argc != 3)
        return import_usage();
    if (zl_rare_kind_known(argv[1])) {
        char *rare_argv[] = {"rare", "import", argv[1], argv[2], NULL};
        return cmd_rare(cli, 4, rare_argv);
    }
    zl_store *s = cli_store(cli);
    if (!s)
        return ZL_EXIT_FAIL;
    zl_err err = {0};
    zl_import_result r;
    if (zl_import_file(s, argv[1], argv[2], &r, &err) != ZL_OK)
        return cli_fail(&err);
    fprintf(cli->out, "imported %s from %s: %lld rows, %lld changed", argv[1], argv[2],
            (long long)r.rows, (long long)r.changed);
    if (r.skipped)
        fprintf(cli->out, ", %lld skipped (no data)", (long long)r.skipped);
    if (r.matched_position || r.matched_name || r.added)
        fprintf(cli->out,
                "; locations matched by position (within 250 m) %lld, by name %lld, added %lld",
                (long long)r.matched_position, (long long)r.matched_name, (long long)r.added);
    fprintf(cli->out, "%s\n", r.synthetic ? " [synthetic]" : "");
    return ZL_EXIT_OK;
}
