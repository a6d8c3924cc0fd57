/* zl token create|list|revoke: API tokens for the HTTP server, managed by whoever has
 * the database file (the administrator). The token is printed once; only its hash is
 * stored. */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "zorglandschap/store_tokens.h"
#include "zorglandschap/token.h"

static int token_usage(void)
{
    return cli_usage("usage: zl token create --role admin|analyst|location [--location ID]"
                     " [--label TEXT]\n"
                     "                       [--expires 90d|12h|30m]  (default: never)\n"
                     "       zl token list [--json]\n"
                     "       zl token revoke ID");
}

static int token_create(zl_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"role", required_argument, NULL, 'r'},
                                         {"location", required_argument, NULL, 'l'},
                                         {"label", required_argument, NULL, 'b'},
                                         {"expires", required_argument, NULL, 'e'},
                                         {NULL, 0, NULL, 0}};
    const char *role_s = NULL, *loc = NULL, *label = "";
    int64_t lifetime = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
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
            return token_usage();
        }
    }
    zl_role role;
    if (optind != argc || !role_s)
        return token_usage();
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
    bool json = argc == 2 && strcmp(argv[1], "--json") == 0;
    if (argc > 2 || (argc == 2 && !json))
        return token_usage();
    zl_store *s = cli_store(cli);
    if (!s)
        return ZL_EXIT_FAIL;
    zl_err err = {0};
    zl_token_row *rows;
    size_t n;
    if (zl_store_token_list(s, &rows, &n, &err) != ZL_OK)
        return cli_fail(&err);
    json_t *arr = json ? json_array() : NULL;
    if (!json)
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
        return token_usage();
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
    if (argc < 2)
        return token_usage();
    if (strcmp(argv[1], "create") == 0)
        return token_create(cli, argc - 1, argv + 1);
    if (strcmp(argv[1], "list") == 0)
        return token_list(cli, argc - 1, argv + 1);
    if (strcmp(argv[1], "revoke") == 0)
        return token_revoke(cli, argc - 1, argv + 1);
    return token_usage();
}
