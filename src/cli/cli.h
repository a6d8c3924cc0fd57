/* Shared pieces of the `zl` front end: the invocation context, the command table and
 * helpers to report errors. Commands parse arguments, call the library, print. */
#ifndef ZL_CLI_H
#define ZL_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "zorglandschap/err.h"
#include "zorglandschap/store.h"

typedef struct zl_cli {
    const char *db_path;
    zl_store *store; /* opened on first use by cli_store() */
    FILE *out;
} zl_cli;

typedef int (*zl_cmd_fn)(zl_cli *cli, int argc, char **argv);

typedef struct zl_command {
    const char *name;
    zl_cmd_fn fn;
    const char *summary;
} zl_command;

/* Exit codes of zl. */
enum { ZL_EXIT_OK = 0, ZL_EXIT_FAIL = 1, ZL_EXIT_USAGE = 2 };

/* The store at cli->db_path, opened (and migrated) once; NULL after printing an error. */
zl_store *cli_store(zl_cli *cli);

/* Prints "zl: <message>" to stderr and returns ZL_EXIT_FAIL (ZL_EXIT_USAGE for input
 * errors in arguments is the caller's choice). */
int cli_fail(const zl_err *err);
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Writes a jansson value as pretty JSON followed by a newline; steals the reference. */
struct json_t;
int cli_print_json(zl_cli *cli, struct json_t *v);

const zl_command *cli_commands(int *count);

/* --norm N|current|proposed against a loaded case (zl_norm_resolve); prints the usage
 * error and returns ZL_EXIT_USAGE when the argument is bad. */
struct zl_case;
int cli_norm(const char *arg, const struct zl_case *c, int64_t *norm);

/* Commands, one file each (src/cli/cmd_*.c). */
int cmd_version(zl_cli *cli, int argc, char **argv);
int cmd_choice(zl_cli *cli, int argc, char **argv);
int cmd_db(zl_cli *cli, int argc, char **argv);
int cmd_serve(zl_cli *cli, int argc, char **argv);
int cmd_token(zl_cli *cli, int argc, char **argv);
int cmd_demo(zl_cli *cli, int argc, char **argv);
int cmd_import(zl_cli *cli, int argc, char **argv);
int cmd_travel(zl_cli *cli, int argc, char **argv);
int cmd_route(zl_cli *cli, int argc, char **argv);
int cmd_acute(zl_cli *cli, int argc, char **argv);
int cmd_synth(zl_cli *cli, int argc, char **argv);
int cmd_norms(zl_cli *cli, int argc, char **argv);
int cmd_impact(zl_cli *cli, int argc, char **argv);
int cmd_optimise(zl_cli *cli, int argc, char **argv);
int cmd_pseudonymise(zl_cli *cli, int argc, char **argv);
int cmd_registry(zl_cli *cli, int argc, char **argv);
int cmd_concentration(zl_cli *cli, int argc, char **argv);
int cmd_registry_synth(zl_cli *cli, int argc, char **argv);
int cmd_rare(zl_cli *cli, int argc, char **argv);

#endif
