/* zl db copy, zl db checksum: moving a whole database between SQLite and PostgreSQL and
 * the per-table figures that verify it (the work is zl_store_copy and zl_store_checksums,
 * store_copy.h); this file parses, opens the two stores and prints. */
#include <getopt.h>
#include <jansson.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "zorglandschap/store_copy.h"

static const zl_opt copy_opts[] = {
    {"from", 'f', "FILE|URI", "the database to copy (SQLite file or postgresql:// URI)", NULL, 0},
    {"to", 't', "FILE|URI", "the empty database to fill (created or migrated first)", NULL, 0},
    {"json", 'j', NULL, "the verification as JSON instead of a table", NULL, 0},
    {"csv", 'c', NULL, "the verification as CSV instead of a table", NULL, 0},
    {0}};
static const zl_opt sum_opts[] = {{"json", 'j', NULL, "JSON instead of a table", NULL, 0},
                                  {"csv", 'c', NULL, "CSV instead of a table", NULL, 0},
                                  {0}};

/* How the figures are printed: a table, JSON or CSV. */
enum { OUT_TABLE, OUT_JSON, OUT_CSV };

static int out_option(int ch, int *out)
{
    if (ch != 'j' && ch != 'c')
        return ZL_EXIT_USAGE;
    *out = ch == 'j' ? OUT_JSON : OUT_CSV;
    return ZL_EXIT_OK;
}

/* Prints doc (its "tables" as CSV), or the text table when out is OUT_TABLE. */
static int print_doc(zl_cli *cli, json_t *doc, int out)
{
    return out == OUT_JSON ? cli_print_json(cli, doc) : cli_print_csv(cli, doc, "tables");
}

const zl_cmd_spec db_copy_spec = {
    "--from FILE|URI --to FILE|URI [--json | --csv]",
    "Copies every table of one database into another, SQLite or PostgreSQL in either\n"
    "direction, in one transaction on the target: all or nothing. The target is created\n"
    "(SQLite) or migrated first and must be empty and at the same schema version. Before\n"
    "committing, every table is read back from the target and its row count and SHA-256\n"
    "checksum (rows in key order, values in one canonical form, docs/deploy.md) compared\n"
    "with the source's; the table of figures is printed, and any difference rolls the copy\n"
    "back and exits 1.\n",
    copy_opts, NULL, ZL_CMD_NO_DB};

const zl_cmd_spec db_checksum_spec = {
    "[--json | --csv]",
    "Row count and SHA-256 checksum of every table, the figures `zl db copy` verifies with:\n"
    "the same data gives the same checksums on SQLite and on PostgreSQL.\n",
    sum_opts, NULL, 0};

static json_t *sums_json(const zl_table_sums *t, bool copy)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < t->n; i++) {
        const zl_table_sum *s = &t->tables[i];
        json_t *o = json_pack("{s:s,s:I,s:s}", "table", s->name, "rows", (json_int_t)s->rows,
                              "checksum", s->checksum);
        if (o && copy) {
            json_object_set_new(o, "target_rows", json_integer(s->target_rows));
            json_object_set_new(o, "target_checksum", json_string(s->target_checksum));
            json_object_set_new(o, "match", json_boolean(s->match));
        }
        json_array_append_new(arr, o);
    }
    return arr;
}

static void sums_table(FILE *f, const zl_table_sums *t, bool copy)
{
    fprintf(f, "%-22s %9s  %-64s%s\n", "table", "rows", "checksum", copy ? "  match" : "");
    for (size_t i = 0; i < t->n; i++) {
        const zl_table_sum *s = &t->tables[i];
        fprintf(f, "%-22s %9lld  %s%s\n", s->name, (long long)s->rows, s->checksum,
                !copy      ? ""
                : s->match ? "  yes"
                           : "  NO");
        if (copy && !s->match)
            fprintf(f, "%-22s %9lld  %s  (target)\n", "", (long long)s->target_rows,
                    s->target_checksum);
    }
}

int cmd_db_checksum(zl_cli *cli, int argc, char **argv)
{
    int out = OUT_TABLE, ch;
    optind = 1;
    while ((ch = cli_getopt(cli, argc, argv)) != -1)
        if (out_option(ch, &out) != ZL_EXIT_OK)
            return ZL_EXIT_USAGE;
    if (optind != argc)
        return cli_usage("zl db checksum: unexpected argument '%s'", argv[optind]);
    zl_store *s = cli_store(cli);
    if (!s)
        return ZL_EXIT_FAIL;
    zl_err err = {0};
    zl_table_sums t;
    if (zl_store_checksums(s, &t, &err) != ZL_OK)
        return cli_fail(&err);
    int rc = ZL_EXIT_OK;
    if (out != OUT_TABLE)
        rc = print_doc(cli,
                       json_pack("{s:i,s:o}", "schema_version", t.schema_version, "tables",
                                 sums_json(&t, false)),
                       out);
    else
        sums_table(cli->out, &t, false);
    zl_table_sums_free(&t);
    return rc;
}

/* Opens both stores: the source read-only (it must be at this build's schema), the target
 * read-write (created when it is a missing file, migrated). */
static int open_pair(const char *from, const char *to, zl_store **src, zl_store **dst)
{
    zl_err err = {0};
    if (zl_store_open(from, ZL_STORE_READONLY, src, &err) != ZL_OK)
        return cli_fail(&err);
    if (zl_store_open(to, 0, dst, &err) != ZL_OK) {
        zl_store_close(*src);
        return cli_fail(&err);
    }
    return ZL_EXIT_OK;
}

static int report(zl_cli *cli, const zl_table_sums *t, int out, bool copied)
{
    if (out == OUT_TABLE) {
        sums_table(cli->out, t, true);
        return ZL_EXIT_OK;
    }
    return print_doc(cli,
                     json_pack("{s:i,s:b,s:o}", "schema_version", t->schema_version, "copied",
                               copied, "tables", sums_json(t, true)),
                     out);
}

static int copy(zl_cli *cli, const char *from, const char *to, int out)
{
    zl_store *src, *dst;
    int rc = open_pair(from, to, &src, &dst);
    if (rc != ZL_EXIT_OK)
        return rc;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    zl_err err = {0};
    zl_table_sums t;
    zl_status st = zl_store_copy(src, dst, &t, &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (t.tables) /* the figures, also when they disagree */
        rc = report(cli, &t, out, st == ZL_OK);
    if (st != ZL_OK)
        rc = cli_fail(&err);
    else if (!cli->quiet) {
        char a[1024], b[1024];
        zl_store_display_name(from, a, sizeof a);
        zl_store_display_name(to, b, sizeof b);
        fprintf(stderr, "zl: copied %zu tables from %s to %s in %.1f s; every table verified\n",
                t.n, a, b, (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
    }
    zl_table_sums_free(&t);
    zl_store_close(src);
    zl_store_close(dst);
    return rc;
}

int cmd_db_copy(zl_cli *cli, int argc, char **argv)
{
    const char *from = NULL, *to = NULL;
    int out = OUT_TABLE, ch;
    optind = 1;
    while ((ch = cli_getopt(cli, argc, argv)) != -1) {
        if (ch == 'f')
            from = optarg;
        else if (ch == 't')
            to = optarg;
        else if (out_option(ch, &out) != ZL_EXIT_OK)
            return ZL_EXIT_USAGE;
    }
    if (optind != argc)
        return cli_usage("zl db copy: unexpected argument '%s'", argv[optind]);
    if (!from || !to)
        return cli_usage("zl db copy: --from and --to are both required");
    if (strcmp(from, to) == 0)
        return cli_usage("zl db copy: --from and --to name the same database");
    return copy(cli, from, to, out);
}
