/* zl: the command-line front end of zorglandschap. Walks the command line against the
 * one description of the commands (args.c), opens the store lazily and dispatches to a
 * command. Holds no domain logic. */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "zorglandschap/csv.h"
#include "zorglandschap/landscape.h"
#include "zorglandschap/norms.h"

zl_store *cli_store(zl_cli *cli)
{
    if (cli->store)
        return cli->store;
    zl_err err = {0};
    int flags = (cli->flags & ZL_CMD_CREATES_DB) ? 0 : ZL_STORE_MUST_EXIST;
    zl_status st = zl_store_open(cli->db_path, flags, &cli->store, &err);
    if (st == ZL_ENOTFOUND) {
        fprintf(stderr, "zl: %s: run `zl demo` or import data first\n", err.msg);
        return NULL;
    }
    if (st != ZL_OK) {
        cli_fail(&err);
        return NULL;
    }
    zl_store_set_progress(cli->store, &cli->progress);
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

int cli_print_csv(zl_cli *cli, json_t *doc, const char *rows_key)
{
    if (!doc) {
        fprintf(stderr, "zl: out of memory building the table\n");
        return ZL_EXIT_FAIL;
    }
    json_t *rows = rows_key ? json_object_get(doc, rows_key) : doc;
    zl_err err = {0};
    zl_status st = zl_csv_write_json_rows(cli->out, rows,
                                          json_is_true(json_object_get(doc, "synthetic")), &err);
    json_decref(doc);
    return st == ZL_OK ? ZL_EXIT_OK : cli_fail(&err);
}

int cli_norm(const char *arg, const zl_case *c, int64_t *norm)
{
    zl_err err = {0};
    if (zl_norm_resolve(&c->intervention, arg, norm, &err) != ZL_OK)
        return cli_usage("--norm: %s", err.msg);
    return ZL_EXIT_OK;
}

static int run(zl_cli *cli, const zl_command *root, cli_args *a)
{
    if (a->help) {
        cli_help(stdout, root, a->cmd, a->node);
        return ZL_EXIT_OK;
    }
    if (a->version)
        return cmd_version(cli, 0, NULL);
    if (!a->cmd) {
        cli_help(stderr, root, NULL, NULL);
        return ZL_EXIT_USAGE;
    }
    if (a->node == a->cmd && a->cmd->spec && a->cmd->spec->subs) {
        cli_help(stderr, root, a->cmd, a->node);
        return cli_usage("'zl %s' needs a subcommand", a->cmd->name);
    }
    cli->cmd = a->cmd;
    cli->node = a->node;
    cli->flags = a->flags;
    cli->quiet = a->quiet;
    cli_progress_init(cli);
    /* A subcommand with its own function gets argv from its name on. */
    bool own = a->node != a->cmd && a->node->fn;
    int rc = own ? a->node->fn(cli, a->argc - 1, a->argv + 1) : a->cmd->fn(cli, a->argc, a->argv);
    zl_store_close(cli->store);
    cli_progress_free(cli);
    free(cli->longopts);
    return rc;
}

int main(int argc, char **argv)
{
    zl_cli cli = {.db_path = getenv("ZL_DB") ? getenv("ZL_DB") : ZL_DEFAULT_DB, .out = stdout};
    int n;
    const zl_command *root = cli_commands(&n);
    cli_args a = {0};
    int rc = cli_args_parse(&a, root, argc, argv);
    if (rc < 0) {
        if (a.db_path)
            cli.db_path = a.db_path;
        rc = run(&cli, root, &a);
    }
    cli_args_free(&a);
    return rc;
}
