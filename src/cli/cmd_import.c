/* zl import KIND FILE: loads one CSV file into the store (formats in docs/formats.md). */
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "zorglandschap/import.h"
#include "zorglandschap/rare.h"

const zl_cmd_spec import_spec = {
    "KIND FILE",
    "Imports one CSV file in one transaction (docs/formats.md): bad input fails with the\n"
    "file, line, column and reason and leaves the database unchanged.\n"
    "KIND: areas, area-ages, locations, regions, interventions, volumes, flows;\n"
    "acute care (docs/formats.md): functions, ambulance-posts, ferries, hospitals-2019,\n"
    "ambulance-posts-2019 (RIVM's 2019 files as they are);\n"
    "allocation rules (docs/choice.md): partners, capacity;\n"
    "quality indicators (docs/quality.md): indicators, indicator-values;\n"
    "rare-disease kinds (docs/formats-rare.md, as zl rare import): ordo, product1,\n"
    "product3, product7, product9, ern, ecza.\n",
    NULL, NULL, ZL_CMD_CREATES_DB};

/* The canonical spelling of a kind of either family (case-insensitive), or NULL after a usage error
 * that lists the kinds and suggests the closest. */
const char *cli_import_kind(const char *kind)
{
    size_t n;
    const char *const *lk = zl_import_kinds(&n);
    const char *all[64];
    size_t k = 0;
    for (size_t i = 0; i < n && k < 50; i++)
        all[k++] = lk[i];
    const char *const *rk = zl_rare_kinds(&n);
    for (size_t i = 0; i < n && k < 64; i++)
        all[k++] = rk[i];
    for (size_t i = 0; i < k; i++)
        if (strcasecmp(all[i], kind) == 0)
            return all[i];
    char list[512] = "";
    for (size_t i = 0; i < k; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", all[i]);
    const char *best = cli_closest(kind, all, k);
    cli_usage("unknown kind '%s'%s%s%s; the kinds are %s", kind, best ? "; did you mean '" : "",
              best ? best : "", best ? "'" : "", list);
    return NULL;
}

int cmd_import(zl_cli *cli, int argc, char **argv)
{
    if (argc != 3)
        return cli_usage("usage: zl import KIND FILE (zl import --help)");
    const char *kind = cli_import_kind(argv[1]);
    if (!kind)
        return ZL_EXIT_USAGE;
    if (zl_rare_kind_known(kind)) {
        char *rare_argv[] = {"import", (char *)kind, argv[2], NULL};
        return cli_rare_import(cli, 3, rare_argv);
    }
    zl_store *s = cli_store(cli);
    if (!s)
        return ZL_EXIT_FAIL;
    zl_err err = {0};
    zl_import_result r;
    if (zl_import_file(s, kind, argv[2], &r, &err) != ZL_OK)
        return cli_fail(&err);
    fprintf(cli->out, "imported %s from %s: %lld rows, %lld changed", kind, argv[2],
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
