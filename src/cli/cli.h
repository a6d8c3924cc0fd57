/* Shared pieces of the `zl` front end: the invocation context, the command table and
 * helpers to report errors. Commands parse arguments, call the library, print. */
#ifndef ZL_CLI_H
#define ZL_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct option;

#include "zorglandschap/err.h"
#include "zorglandschap/progress.h"
#include "zorglandschap/store.h"

/* ONE description of the commands drives everything the user sees of them: argument
 * checking with "did you mean" (args.c), --help, the man page and bash completion
 * (help.c, `zl __generate man|bash-completion`, installed by `make install`) and the
 * conventions test that walks every command (tests/e2e/test_cli_conventions.sh). A new
 * command adds a line to commands.c pointing at a zl_cmd_spec in its cmd_*.c file. */

/* One option: its long name (no dashes), the key cli_getopt returns for it, the value's
 * metavariable (NULL for a flag), an optional short letter, the valid values (NULL: any;
 * "a|b|c": one of these, matched case-insensitively and passed on in this spelling) and
 * one line of help. */
typedef struct zl_opt {
    const char *name;
    int key;
    const char *arg;
    const char *help;
    const char *choices;
    char short_name;
} zl_opt;

struct zl_cli;
typedef int (*zl_cmd_fn)(struct zl_cli *cli, int argc, char **argv);
typedef struct zl_cmd_spec zl_cmd_spec;

/* A command or subcommand. fn receives argv[0] = its own name; a subcommand without fn
 * is dispatched by its parent's fn (which receives the parent's name first). */
typedef struct zl_command {
    const char *name;
    zl_cmd_fn fn;
    const char *summary; /* one line, no final period */
    const zl_cmd_spec *spec;
} zl_command;

enum {
    ZL_CMD_CREATES_DB = 1, /* may create the database (imports, demo); others need one */
    ZL_CMD_NO_DB = 2,      /* never opens the database */
};

struct zl_cmd_spec {
    const char *usage;      /* synopsis after "zl NAME ", lines separated by '\n' */
    const char *help;       /* what it does: paragraphs, or NULL */
    const zl_opt *opts;     /* terminated by {0}; NULL: none */
    const zl_command *subs; /* terminated by {0}; NULL: none */
    unsigned flags;
};

/* The options every command accepts anywhere on the line. */
extern const zl_opt zl_global_opts[];

typedef struct zl_cli {
    const char *db_path;
    zl_store *store; /* opened on first use by cli_store() */
    FILE *out;
    bool quiet;              /* --quiet: no progress */
    const zl_command *cmd;   /* the command, e.g. rare */
    const zl_command *node;  /* the deepest command matched, e.g. rare find */
    unsigned flags;          /* ZL_CMD_* of node (inherited from cmd when unset) */
    struct option *longopts; /* getopt table built from node's opts (cli_getopt) */
    char optstring[64];
    zl_progress progress; /* stderr reporter, attached to the store (progress.c) */
    void *progress_state;
} zl_cli;

/* Exit codes of zl (documented in the man page): 0 ok, 1 error, 2 usage (bad command,
 * option or argument), 3 partial import (some rows rejected, without --allow-partial). */
enum { ZL_EXIT_OK = 0, ZL_EXIT_FAIL = 1, ZL_EXIT_USAGE = 2, ZL_EXIT_PARTIAL = 3 };

/* getopt_long over the options of cli->node (set optind before the first call as with
 * getopt). Returns the option's key, '?' on an error, -1 at the end; optarg as getopt. */
int cli_getopt(struct zl_cli *cli, int argc, char **argv);

/* Prints the help of a command (usage, description, options) to f. */
void cli_help(FILE *f, const zl_command *root, const zl_command *cmd, const zl_command *node);

/* The man page and the bash completion script, from the same description. */
void cli_write_man(FILE *f, const zl_command *root);
void cli_write_bash_completion(FILE *f, const zl_command *root);
/* The descriptions as JSON ({global_options, commands: [{path, summary, options,
 * subcommands, creates_db, no_db}]}), for tools and the conventions test. */
struct json_t *cli_commands_json(const zl_command *root);

/* The closest of the candidates to s by edit distance, or NULL when none is close. */
const char *cli_closest(const char *s, const char *const *cands, size_t n);

/* The progress reporter of the CLI: a bar with rate and time left on a terminal, plain
 * lines otherwise, nothing with --quiet (progress.c). */
void cli_progress_init(zl_cli *cli);
void cli_progress_free(zl_cli *cli);

/* The store at cli->db_path, opened (and migrated) once; NULL after printing an error.
 * Unless the command may create the database (ZL_CMD_CREATES_DB), a missing file is an
 * error ("no database at PATH: run `zl demo` or import data first"), never created. */
zl_store *cli_store(zl_cli *cli);

/* Prints "zl: <message>" to stderr and returns ZL_EXIT_FAIL (ZL_EXIT_USAGE for input
 * errors in arguments is the caller's choice). */
int cli_fail(const zl_err *err);
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Writes a jansson value as pretty JSON followed by a newline; steals the reference. */
struct json_t;
int cli_print_json(zl_cli *cli, struct json_t *v);
/* Writes the table doc[rows_key] (an array of objects; rows_key NULL: doc itself) as CSV
 * (zl_csv_write_json_rows; labelled synthetic when doc says so); steals doc. */
int cli_print_csv(zl_cli *cli, struct json_t *doc, const char *rows_key);

/* The canonical spelling of an import KIND (landscape or rare-disease; case-insensitive),
 * or NULL after printing a usage error that lists the kinds and suggests the closest. */
const char *cli_import_kind(const char *kind);

/* zl rare import KIND FILE with argv = {"import", KIND, FILE}. */
int cli_rare_import(zl_cli *cli, int argc, char **argv);

/* The command table, terminated by {0}; *count excludes the terminator. */
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
int cmd_generate(zl_cli *cli, int argc, char **argv);
int cmd_quality(zl_cli *cli, int argc, char **argv);
int cmd_assess(zl_cli *cli, int argc, char **argv);
int cmd_report(zl_cli *cli, int argc, char **argv);

/* zl db copy|checksum (cmd_db_copy.c). */
int cmd_db_copy(zl_cli *cli, int argc, char **argv);
int cmd_db_checksum(zl_cli *cli, int argc, char **argv);
extern const zl_cmd_spec db_copy_spec, db_checksum_spec;

/* zl rare networks|recognitions|history|pathway (cmd_rare_network.c). */
int cmd_rare_networks(zl_cli *cli, int argc, char **argv);
int cmd_rare_recognitions(zl_cli *cli, int argc, char **argv);
int cmd_rare_history(zl_cli *cli, int argc, char **argv);
int cmd_rare_pathway(zl_cli *cli, int argc, char **argv);
extern const zl_cmd_spec rare_networks_spec, rare_recognitions_spec, rare_history_spec,
    rare_pathway_spec;

/* Their descriptions (in the same files). */
extern const zl_cmd_spec version_spec, demo_spec, db_spec, serve_spec, token_spec, import_spec,
    travel_spec, synth_spec, norms_spec, impact_spec, optimise_spec, pseudonymise_spec,
    registry_spec, registry_synth_spec, concentration_spec, rare_spec, generate_spec, route_spec,
    choice_spec, acute_spec, quality_spec, assess_spec, report_spec;

#endif
