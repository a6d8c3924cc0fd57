/* zl demo: builds the sample database from scratch (real geography, population and
 * hospital locations; synthetic flows, volumes, centre recognitions and registrations) and
 * prints the impact of raising one norm. The main job of the README. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "zorglandschap/demo.h"
#include "zorglandschap/demo_assess.h"
#include "zorglandschap/demo_choice.h"
#include "zorglandschap/demo_quality.h"
#include "zorglandschap/demo_rare.h"
#include "zorglandschap/demo_registry.h"
#include "zorglandschap/impact.h"
#include "zorglandschap/norms.h"
#include "zorglandschap/store_copy.h"
#include "zorglandschap/store_landscape.h"
#include "zorglandschap/util.h"

#ifndef ZL_SOURCE_DIR
#define ZL_SOURCE_DIR "."
#endif

static const zl_opt demo_opts[] = {
    {"data", 'd', "DIR", "the repository's data/ directory (default $ZL_DATA or the source's)",
     NULL, 0},
    {"intervention", 'i', "C", "intervention whose impact is shown (default LUNG)", NULL, 0},
    {"norm", 'n', "N", "norm: a number, current or proposed (default proposed)", NULL, 0},
    {0}};

const zl_cmd_spec demo_spec = {
    "[--data DIR] [--intervention C] [--norm N|current|proposed]",
    "Builds the database (default " ZL_DEFAULT_DB ") from scratch with everything the\n"
    "project has: the care landscape (CBS PC4 areas 2021, hospital locations 2016, travel\n"
    "times), the synthetic patient flows and volumes, rare-disease data and registrations,\n"
    "and prints the impact of raising a norm (default: LUNG to its proposed norm of 60).\n"
    "An existing database is replaced only when an earlier `zl demo` made it. --db may be\n"
    "a postgresql:// URI: the database must exist, empty or made by `zl demo`.\n",
    demo_opts, NULL, ZL_CMD_CREATES_DB};

typedef zl_status (*demo_step)(zl_store *, const char *, FILE *, zl_err *);

/* Every part of the project contributes its sample data here, in dependency order. */
static const demo_step demo_steps[] = {
    zl_demo_import_landscape, /* the travel matrix is built by the acute step, once */
    zl_demo_build_acute,      zl_demo_build_rare,    zl_demo_build_registry,
    zl_demo_build_choice,     zl_demo_build_quality, zl_demo_build_assess,
};

/* PostgreSQL has no file to remove: an earlier demo's rows are deleted instead (the
 * database must exist, empty or made by `zl demo`). */
static int clear_old_demo_pg(zl_cli *cli)
{
    zl_store *s = cli_store(cli);
    if (!s)
        return ZL_EXIT_FAIL;
    zl_err err = {0};
    bool empty;
    char first[64], *marker = NULL, name[1024];
    if (zl_store_is_empty(s, &empty, first, &err) != ZL_OK)
        return cli_fail(&err);
    if (empty)
        return ZL_EXIT_OK;
    if (zl_store_setting_get(s, "demo", &marker, &err) != ZL_OK)
        return cli_fail(&err);
    bool is_demo = marker && strcmp(marker, "1") == 0;
    free(marker);
    zl_store_display_name(cli->db_path, name, sizeof name);
    if (!is_demo) {
        fprintf(stderr,
                "zl: %s holds data (table %s) not made by `zl demo`; refusing to replace it "
                "(choose another --db)\n",
                name, first);
        return ZL_EXIT_FAIL;
    }
    return zl_store_clear(s, &err) == ZL_OK ? ZL_EXIT_OK : cli_fail(&err);
}

/* Removes an earlier demo database; refuses to touch any other file. */
static int remove_old_demo(zl_cli *cli)
{
    const char *path = cli->db_path;
    if (zl_store_path_is_pg(path))
        return clear_old_demo_pg(cli);
    if (access(path, F_OK) != 0)
        return ZL_EXIT_OK;
    zl_store *s = NULL;
    zl_err err = {0};
    char *marker = NULL;
    bool is_demo = zl_store_open(path, 0, &s, &err) == ZL_OK &&
                   zl_store_setting_get(s, "demo", &marker, &err) == ZL_OK && marker &&
                   strcmp(marker, "1") == 0;
    free(marker);
    zl_store_close(s);
    if (!is_demo) {
        fprintf(stderr,
                "zl: %s exists and was not made by `zl demo`; refusing to replace it "
                "(choose another --db)\n",
                path);
        return ZL_EXIT_FAIL;
    }
    const char *suffixes[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        char name[4096];
        snprintf(name, sizeof name, "%s%s", path, suffixes[i]);
        unlink(name);
    }
    return ZL_EXIT_OK;
}

static int build(zl_cli *cli, const char *data_dir)
{
    zl_err err = {0};
    zl_store *s = cli_store(cli);
    if (!s)
        return ZL_EXIT_FAIL;
    if (zl_store_setting_put(s, "demo", "1", &err) != ZL_OK)
        return cli_fail(&err);
    for (size_t i = 0; i < sizeof demo_steps / sizeof demo_steps[0]; i++)
        if (demo_steps[i](s, data_dir, stderr, &err) != ZL_OK)
            return cli_fail(&err);
    return ZL_EXIT_OK;
}

static int show_impact(zl_cli *cli, const char *code, const char *norm_arg)
{
    zl_err err = {0};
    zl_case *c = NULL;
    zl_impact *r = NULL;
    if (zl_case_load(cli->store, code, 0, NULL, &c, &err) != ZL_OK)
        return cli_fail(&err);
    zl_alloc_inputs *in = NULL;
    if (zl_alloc_inputs_load(cli->store, c, &in, &err) != ZL_OK) {
        zl_case_free(c);
        return cli_fail(&err);
    }
    /* The default rule: the choice model that the demo has just fitted. */
    zl_impact_opts o = {.rule = zl_alloc_default_rule(in), .inputs = in};
    int rc = cli_norm(norm_arg, c, &o.norm);
    if (rc == ZL_EXIT_OK && zl_impact_run(c, &o, &r, &err) != ZL_OK)
        rc = cli_fail(&err);
    else if (rc == ZL_EXIT_OK)
        zl_impact_print(r, cli->out);
    zl_impact_free(r);
    zl_alloc_inputs_free(in);
    zl_case_free(c);
    return rc;
}

int cmd_demo(zl_cli *cli, int argc, char **argv)
{
    const char *data_dir = getenv("ZL_DATA") ? getenv("ZL_DATA") : ZL_SOURCE_DIR "/data";
    const char *code = "LUNG", *norm = "proposed";
    int ch;
    optind = 0;
    while ((ch = cli_getopt(cli, argc, argv)) != -1) {
        if (ch == 'd')
            data_dir = optarg;
        else if (ch == 'i')
            code = optarg;
        else if (ch == 'n')
            norm = optarg;
        else
            return ZL_EXIT_USAGE;
    }
    if (optind < argc)
        return cli_usage("zl demo: unexpected argument '%s'", argv[optind]);
    /* A malformed --norm is refused before the old demo is removed and a minute is spent
     * building (any intervention's proposed norm will do for the check). */
    zl_intervention probe = {.code = (char *)code, .proposed_norm = 0};
    int64_t unused;
    zl_err err = {0};
    if (zl_norm_resolve(&probe, norm, &unused, &err) != ZL_OK)
        return cli_usage("--norm: %s", err.msg);
    int rc = remove_old_demo(cli);
    if (rc == ZL_EXIT_OK)
        rc = build(cli, data_dir);
    if (rc == ZL_EXIT_OK) {
        char name[1024];
        zl_store_display_name(cli->db_path, name, sizeof name);
        fprintf(cli->out, "\nSample database %s is ready. Impact of %s at norm %s:\n\n", name, code,
                norm);
        rc = show_impact(cli, code, norm);
    }
    return rc;
}
