/* zl version, zl db info: what this build is and what a database holds. */
#include <string.h>

#include "cli.h"

int cmd_version(zl_cli *cli, int argc, char **argv)
{
    fprintf(cli->out, "zorglandschap 0.1.0 (schema %d)\n", zl_store_schema_latest());
    return ZL_EXIT_OK;
}

int cmd_db(zl_cli *cli, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "info") != 0)
        return cli_usage("usage: zl db info");
    zl_store *s = cli_store(cli);
    if (!s)
        return ZL_EXIT_FAIL;
    fprintf(cli->out, "database: %s\nschema version: %d\n", cli->db_path,
            zl_store_schema_version(s));
    return ZL_EXIT_OK;
}
