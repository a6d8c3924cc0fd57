/* zl pseudonymise: run at the hospital, before anything leaves it. Turns BSNs into
 * registry pseudonyms with the shared key, or makes a new key. */
#include <getopt.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "zorglandschap/privacy.h"

static const zl_opt pseud_opts[] = {
    {"new-key", 'n', "FILE", "create a new secret key in FILE", NULL, 0},
    {"key-file", 'k', "K", "the registry's shared key", NULL, 0},
    {"csv", 'c', NULL, "the input is a CSV with a header", NULL, 0},
    {"column", 'C', "NAME", "the BSN column of the CSV (default bsn)", NULL, 0},
    {"as", 'a', "NAME", "name of the pseudonym column (default pseudonym)", NULL, 0},
    {0}};

const zl_cmd_spec pseudonymise_spec = {
    "--new-key FILE\n--key-file K [--csv] [--column bsn] [--as pseudonym] [FILE]",
    "Reads FILE (or stdin). Without --csv every line is one BSN and becomes one pseudonym.\n"
    "With --csv the column (default 'bsn') of a CSV with a header is replaced by a column\n"
    "named by --as (default 'pseudonym'); other columns are kept. Every BSN must pass the\n"
    "eleven-test: otherwise all bad lines are listed and nothing is written.\n",
    pseud_opts, NULL, ZL_CMD_NO_DB};

static int read_input(const char *path, char **data, size_t *len)
{
    zl_err err = {0};
    if (path)
        return zl_read_file(path, data, len, &err) == ZL_OK ? 0 : cli_fail(&err);
    zl_buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
        if (zl_buf_append(&b, chunk, n, &err) != ZL_OK)
            return cli_fail(&err);
    sodium_memzero(chunk, sizeof chunk);
    if (!b.data && zl_buf_append(&b, "", 0, &err) != ZL_OK)
        return cli_fail(&err);
    *data = b.data;
    *len = b.len;
    return 0;
}

static int transform(zl_cli *cli, const char *key_file, const char *path, const char *column,
                     const char *as)
{
    zl_err err = {0};
    unsigned char key[ZL_PSEUDONYM_KEY_BYTES];
    if (zl_pseudonym_key_read(key_file, key, &err) != ZL_OK)
        return cli_fail(&err);
    char *data = NULL;
    size_t len = 0;
    if (read_input(path, &data, &len) != 0) {
        sodium_memzero(key, sizeof key);
        return ZL_EXIT_FAIL;
    }
    zl_buf out = {0}, problems = {0};
    zl_status st = zl_pseudonymise_text(key, path ? path : "<stdin>", data, len, column, as, &out,
                                        &problems, &err);
    sodium_memzero(key, sizeof key);
    sodium_memzero(data, len);
    free(data);
    if (problems.len)
        fputs(problems.data, stderr);
    if (st == ZL_OK)
        fwrite(out.data ? out.data : "", 1, out.len, cli->out);
    zl_buf_free(&out);
    zl_buf_free(&problems);
    return st == ZL_OK ? ZL_EXIT_OK : cli_fail(&err);
}

int cmd_pseudonymise(zl_cli *cli, int argc, char **argv)
{
    const char *key_file = NULL, *new_key = NULL, *column = NULL, *as = "pseudonym";
    bool csv = false;
    int o;
    optind = 1;
    while ((o = cli_getopt(cli, argc, argv)) != -1) {
        switch (o) {
        case 'k':
            key_file = optarg;
            break;
        case 'n':
            new_key = optarg;
            break;
        case 'c':
            csv = true;
            break;
        case 'C':
            column = optarg;
            csv = true;
            break;
        case 'a':
            as = optarg;
            break;
        default:
            return ZL_EXIT_USAGE;
        }
    }
    if (new_key) {
        zl_err err = {0};
        if (key_file || optind < argc)
            return cli_usage("--new-key takes only the file to create");
        if (zl_pseudonym_key_generate(new_key, &err) != ZL_OK)
            return cli_fail(&err);
        fprintf(stderr,
                "zl: wrote a new pseudonym key to %s (keep it secret; every hospital of "
                "the registry needs the same key)\n",
                new_key);
        return ZL_EXIT_OK;
    }
    if (!key_file)
        return cli_usage("zl pseudonymise: give --key-file K (or --new-key FILE)");
    if (argc - optind > 1)
        return cli_usage("zl pseudonymise: one FILE at most");
    return transform(cli, key_file, optind < argc ? argv[optind] : NULL,
                     csv ? (column ? column : "bsn") : NULL, as);
}
