/* zl version, zl db info|init|migrate (copy and checksum: cmd_db_copy.c), zl generate: what
 * this build is, what a database holds, and the man page and bash completion written from
 * the command descriptions. */
#include <getopt.h>
#include <jansson.h>
#include <string.h>

#include "cli.h"
#include "zorglandschap/report.h"

const zl_cmd_spec version_spec = {"", NULL, NULL, NULL, ZL_CMD_NO_DB};

int cmd_version(zl_cli *cli, int argc, char **argv)
{
    fprintf(cli->out, "zorglandschap %s (schema %d)\n", ZL_VERSION, zl_store_schema_latest());
    return ZL_EXIT_OK;
}

static const zl_command db_subs[] = {
    {"info", NULL, "print the database's path and schema version",
     &(const zl_cmd_spec){"", NULL, NULL, NULL, 0}},
    {"init", NULL, "create an empty database at the current schema (or migrate one)",
     &(const zl_cmd_spec){"", NULL, NULL, NULL, ZL_CMD_CREATES_DB}},
    {"migrate", NULL,
     "apply the pending migrations to an existing database (SQLite file or PostgreSQL URI)",
     &(const zl_cmd_spec){"", NULL, NULL, NULL, 0}},
    {"copy", cmd_db_copy, "copy every table between SQLite and PostgreSQL, verified",
     &db_copy_spec},
    {"checksum", cmd_db_checksum, "row count and checksum of every table", &db_checksum_spec},
    {0}};
const zl_cmd_spec db_spec = {NULL, NULL, NULL, db_subs, 0};

int cmd_db(zl_cli *cli, int argc, char **argv)
{
    if (argc > 2)
        return cli_usage("zl db %s: unexpected argument '%s'", argv[1], argv[2]);
    zl_store *s = cli_store(cli);
    if (!s)
        return ZL_EXIT_FAIL;
    char name[1024];
    zl_store_display_name(cli->db_path, name, sizeof name);
    if (strcmp(argv[1], "init") == 0 || strcmp(argv[1], "migrate") == 0)
        fprintf(cli->out, "database %s ready (schema %d)\n", name, zl_store_schema_version(s));
    else
        fprintf(cli->out, "database: %s\nschema version: %d\n", name, zl_store_schema_version(s));
    return ZL_EXIT_OK;
}

static const zl_opt generate_opts[] = {{"out", 'o', "FILE", "write to FILE instead of stdout"},
                                       {0}};
static const zl_command generate_subs[] = {
    {"man", NULL, "the man page zl(1) in troff",
     &(const zl_cmd_spec){"[--out FILE]", NULL, generate_opts, NULL, ZL_CMD_NO_DB}},
    {"bash-completion", NULL, "the bash completion script",
     &(const zl_cmd_spec){"[--out FILE]", NULL, generate_opts, NULL, ZL_CMD_NO_DB}},
    {"json", NULL, "the command descriptions as JSON (for tools and tests)",
     &(const zl_cmd_spec){"[--out FILE]", NULL, generate_opts, NULL, ZL_CMD_NO_DB}},
    {0}};
const zl_cmd_spec generate_spec = {
    NULL,
    "Both are written from the same description of the commands that --help prints; the\n"
    "build makes them and `make install` installs them.\n",
    NULL, generate_subs, ZL_CMD_NO_DB};

int cmd_generate(zl_cli *cli, int argc, char **argv)
{
    const char *out = NULL;
    int ch;
    optind = 1;
    while ((ch = cli_getopt(cli, argc - 1, argv + 1)) != -1)
        if (ch == 'o')
            out = optarg;
        else
            return ZL_EXIT_USAGE;
    if (optind != argc - 1)
        return cli_usage("zl generate %s: unexpected argument", argv[1]);
    FILE *f = out ? fopen(out, "w") : cli->out;
    if (!f) {
        perror(out);
        return ZL_EXIT_FAIL;
    }
    int n;
    const zl_command *root = cli_commands(&n);
    if (strcmp(argv[1], "man") == 0)
        cli_write_man(f, root);
    else if (strcmp(argv[1], "json") == 0) {
        json_t *j = cli_commands_json(root);
        json_dumpf(j, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputc('\n', f);
        json_decref(j);
    } else
        cli_write_bash_completion(f, root);
    if (out && fclose(f) != 0) {
        perror(out);
        return ZL_EXIT_FAIL;
    }
    return ZL_EXIT_OK;
}
