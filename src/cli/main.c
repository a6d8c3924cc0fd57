/* zl: the command-line front end of zorglandschap. Parses the global options, opens the
 * store lazily and dispatches to a command. Holds no domain logic. */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "zorglandschap/landscape.h"
#include "zorglandschap/norms.h"

zl_store *cli_store(zl_cli *cli)
{
    if (cli->store)
        return cli->store;
    zl_err err = {0};
    if (zl_store_open(cli->db_path, 0, &cli->store, &err) != ZL_OK) {
        cli_fail(&err);
        return NULL;
    }
    return cli->store;
}

int cli_fail(const zl_err *err)
{
    fprintf(stderr, "zl: %s\n", err->msg[0] ? err->msg : zl_status_name(err->code));
    return ZL_EXIT_FAIL;
}

int cli_usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("zl: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\n", stderr);
    va_end(ap);
    return ZL_EXIT_USAGE;
}

int cli_print_json(zl_cli *cli, json_t *v)
{
    if (!v) {
        fprintf(stderr, "zl: out of memory building JSON\n");
        return ZL_EXIT_FAIL;
    }
    int rc =
        json_dumpf(v, cli->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    fputc('\n', cli->out);
    json_decref(v);
    return rc == 0 ? ZL_EXIT_OK : ZL_EXIT_FAIL;
}

int cli_norm(const char *arg, const zl_case *c, int64_t *norm)
{
    zl_err err = {0};
    if (zl_norm_resolve(&c->intervention, arg, norm, &err) != ZL_OK)
        return cli_usage("--norm: %s", err.msg);
    return ZL_EXIT_OK;
}

static void usage(FILE *f)
{
    int n;
    const zl_command *cmds = cli_commands(&n);
    fprintf(f, "usage: zl [--db FILE] COMMAND [ARGS]\n\n"
               "Decision support for the Dutch landscape of specialist hospital care.\n"
               "The database defaults to ./" ZL_DEFAULT_DB " (or $ZL_DB).\n\ncommands:\n");
    for (int i = 0; i < n; i++)
        fprintf(f, "  %-12s %s\n", cmds[i].name, cmds[i].summary);
    fprintf(f, "\n'zl COMMAND --help' describes a command.\n");
}

int main(int argc, char **argv)
{
    zl_cli cli = {.db_path = getenv("ZL_DB") ? getenv("ZL_DB") : ZL_DEFAULT_DB, .out = stdout};
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            cli.db_path = argv[++i];
        } else if (strncmp(argv[i], "--db=", 5) == 0) {
            cli.db_path = argv[i] + 5;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return ZL_EXIT_OK;
        } else {
            usage(stderr);
            return cli_usage("unknown option '%s'", argv[i]);
        }
    }
    if (i >= argc) {
        usage(stderr);
        return ZL_EXIT_USAGE;
    }
    int n;
    const zl_command *cmds = cli_commands(&n);
    for (int k = 0; k < n; k++) {
        if (strcmp(cmds[k].name, argv[i]) == 0) {
            int rc = cmds[k].fn(&cli, argc - i, argv + i);
            zl_store_close(cli.store);
            return rc;
        }
    }
    usage(stderr);
    return cli_usage("unknown command '%s'", argv[i]);
}
