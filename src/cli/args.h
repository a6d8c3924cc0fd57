/* The command line walk of `zl` (args.c): global options anywhere, the command and
 * subcommand, every option checked against the one description of the commands. */
#ifndef ZL_CLI_ARGS_H
#define ZL_CLI_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"

typedef struct cli_args {
    const zl_command *cmd, *node; /* NULL when no command was given */
    const char *db_path;          /* --db, or NULL */
    bool quiet, help, version;
    unsigned flags; /* ZL_CMD_* of node (or of cmd) */
    int node_args;  /* positional words after the node's name */
    /* What the command sees: argv[0] is the command's name; options normalised. */
    int argc;
    char **argv;
    size_t cap;
    char **owned;
    size_t nowned;
} cli_args;

/* Walks argv against the command table root (terminated by {0}). Returns -1 when the
 * command should run (or help/version be printed), otherwise the exit code after having
 * printed a usage error ("did you mean" included). Free with cli_args_free either way. */
int cli_args_parse(cli_args *a, const zl_command *root, int argc, char **argv);
void cli_args_free(cli_args *a);

#endif
