/* zl token create|list|revoke: API tokens for the HTTP server, managed by whoever has
 * the database file (the administrator). The token is printed once; only its hash is
 * stored. */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "zorglandschap/csv.h"
#include "zorglandschap/store_tokens.h"
#include "zorglandschap/token.h"

static const zl_opt create_opts[] = {
    {"role", 'r', "ROLE", "what the token may do", "admin|analyst|location", 0},
    {"location", 'l', "ID", "the location a location token speaks for", NULL, 0},
    {"label", 'b', "TEXT", "a note for whoever lists the tokens", NULL, 0},
    {"expires", 'e', "LIFETIME", "the token expires after 90d, 12h or 30m (default: never)", NULL,
     0},
    {0}};
static const zl_opt list_opts[] = {{"json", 'j', NULL, "JSON instead of a table", NULL, 0},
                                   {"csv", 'c', NULL, "CSV instead of a table", NULL, 0},
                                   {0}};
static const zl_command token_subs[] = {
    {"create", NULL, "make a token; it is printed once, only its hash is stored",
     &(const zl_cmd_spec){"--role admin|analyst|location [--location ID] [--label TEXT]\n"
                          " [--expires 90d|12h|30m]",
                          NULL, create_opts, NULL, 0}},
    {"list", NULL, "list the tokens (never the tokens themselves)",
     &(const zl_cmd_spec){"[--json | --csv]", NULL, list_opts, NULL, 0}},
    {"revoke", NULL, "revoke a token by its id", &(const zl_cmd_spec){"ID", NULL, NULL, NULL, 0}},
    {0}};
const zl_cmd_spec token_spec = {
    NULL,
    "API tokens for the HTTP server, managed by whoever has the database file (the\n"
    "administrator).\n",
    NULL, token_subs, 0};

static int token_create(zl_cli *cli, int argc, char **argv)
{
    const char *role_s = NULL, *loc = NULL, *label = "";
    int64_t lifetime = 0;
    int c;
    optind = 1;
    while ((c = cli_getopt(cli, argc, argv)) != -1) {
        switch (c) {
        case 'r':
            role_s = optarg;
            break;
        case 'l':
            loc = optarg;
            break;
        case 'b':
            label = optarg;
            break;
        case 'e':
            if (!zl_token_lifetime_parse(optarg, &lifetime))
                return cli_usage(
                    "--expires: a lifetime such as 90d, 12h or 30m (at most 10 years)");
            break;
        default:
            return ZL_EXIT_USAGE;
        }
    }
    zl_role role;
    if (optind != argc)
        return cli_usage("zl token create: unexpected argument '%s'", argv[optind]);
    if (!role_s)
        return cli_usage("zl token create: --role is required");
    if (!zl_role_parse(role_s, &role))
        return cli_usage("--role: one of admin, analyst, location");
    zl_store *s = cli_store(cli);
    if (!s)
        return ZL_EXIT_FAIL;
    zl_err err = {0};
    char *token, id[ZL_TOKEN_ID_LEN + 1];
    if (zl_token_create(s, role, loc, label, lifetime, &token, id, &err) != ZL_OK)
        return err.code == ZL_EINPUT ? (cli_fail(&err), ZL_EXIT_USAGE) : cli_fail(&err);
    fprintf(cli->out, "%s\n", token);
    fprintf(stderr, "zl: token %s (%s%s%s) created; it is shown only this once\n", id, role_s,
            loc ? " for " : "", loc ? loc : "");
    free(token);
    return ZL_EXIT_OK;
}

static int token_list(zl_cli *cli, int argc, char **argv)
{
    bool json = false, csv = false;
    int c;
    optind = 1;
    while ((c = cli_getopt(cli, argc, argv)) != -1) {
        if (c == 'j')
            json = true;
        else if (c == 'c')
            csv = true;
        else
            return ZL_EXIT_USAGE;
    }
    if (optind != argc)
        return cli_usage("zl token list: unexpected argument '%s'", argv[optind]);
    zl_store *s = cli_store(cli);
    if (!s)
        return ZL_EXIT_FAIL;
    zl_err err = {0};
    zl_token_row *rows;
    size_t n;
    if (zl_store_token_list(s, &rows, &n, &err) != ZL_OK)
        return cli_fail(&err);
    json_t *arr = json ? json_array() : NULL;
    if (csv)
        fprintf(cli->out, "id,role,location,created,revoked,expires,label\n");
    else if (!json)
        fprintf(cli->out, "%-12s  %-8s  %-16s  %-20s  %-20s  %-20s  %s\n", "id", "role", "location",
                "created", "revoked", "expires", "label");
    for (size_t i = 0; i < n; i++) {
        zl_token_row *t = &rows[i];
        if (json && arr)
            json_array_append_new(arr,
                                  json_pack("{s:s,s:s,s:s?,s:s,s:s,s:s?,s:s?}", "id", t->id, "role",
                                            t->role, "location_id", t->location_id, "label",
                                            t->label, "created_at", t->created_at, "revoked_at",
                                            t->revoked_at, "expires_at", t->expires_at));
        else if (csv)
            zl_csv_write_row(cli->out, 7,
                             (const char *[]){t->id, t->role, t->location_id ? t->location_id : "",
                                              t->created_at, t->revoked_at ? t->revoked_at : "",
                                              t->expires_at ? t->expires_at : "", t->label});
        else if (!json)
            fprintf(cli->out, "%-12s  %-8s  %-16s  %-20s  %-20s  %-20s  %s\n", t->id, t->role,
                    t->location_id ? t->location_id : "-", t->created_at,
                    t->revoked_at ? t->revoked_at : "-", t->expires_at ? t->expires_at : "-",
                    t->label);
        zl_token_row_clear(t);
    }
    free(rows);
    return json ? cli_print_json(cli, arr) : ZL_EXIT_OK;
}

static int token_revoke(zl_cli *cli, int argc, char **argv)
{
    if (argc != 2)
        return cli_usage("usage: zl token revoke ID");
    zl_store *s = cli_store(cli);
    if (!s)
        return ZL_EXIT_FAIL;
    zl_err err = {0};
    if (zl_token_revoke(s, argv[1], &err) != ZL_OK)
        return cli_fail(&err);
    fprintf(cli->out, "token %s revoked\n", argv[1]);
    return ZL_EXIT_OK;
}

int cmd_token(zl_cli *cli, int argc, char **argv)
{
    /* main matched the subcommand against token_spec. */
    if (strcmp(argv[1], "create") == 0)
        return token_create(cli, argc - 1, argv + 1);
    if (strcmp(argv[1], "list") == 0)
        return token_list(cli, argc - 1, argv + 1);
    return token_revoke(cli, argc - 1, argv + 1);
}
