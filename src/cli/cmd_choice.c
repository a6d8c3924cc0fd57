/* zl choice fit|show: the hospital-choice model (docs/choice.md). `fit` estimates the
 * conditional logit on one year's flows and stores it; `show` prints a stored fit. */
#include <getopt.h>
#include <jansson.h>
#include <string.h>

#include "cli.h"
#include "zorglandschap/choice.h"
#include "zorglandschap/store_choice.h"
#include "zorglandschap/util.h"

static const zl_opt fit_opts[] = {
    {"intervention", 'i', "C", "intervention code (any case)", NULL, 0},
    {"year", 'y', "Y", "the year's flows (default: the latest)", NULL, 0},
    {"age-interaction", 'a', NULL, "travel x share aged 75+ as a term", NULL, 0},
    {"max-iterations", 'm', "N", "BFGS iterations at most (1..100000)", NULL, 0},
    {"json", 'j', NULL, "JSON instead of a table", NULL, 0},
    {"csv", 'c', NULL, "the coefficients as CSV", NULL, 0},
    {0}};
static const zl_opt show_opts[] = {
    {"intervention", 'i', "C", "intervention code (any case)", NULL, 0},
    {"year", 'y', "Y", "the fit of this year (default: the latest)", NULL, 0},
    {"json", 'j', NULL, "JSON instead of a table", NULL, 0},
    {"csv", 'c', NULL, "the coefficients as CSV", NULL, 0},
    {0}};
static const zl_command choice_subs[] = {
    {"fit", NULL, "estimate the model on one year's flows and store it",
     &(const zl_cmd_spec){"--intervention C [--year Y] [--age-interaction]\n"
                          " [--max-iterations N] [--json | --csv]",
                          NULL, fit_opts, NULL, 0}},
    {"show", NULL, "print a stored fit",
     &(const zl_cmd_spec){"--intervention C [--year Y] [--json | --csv]", NULL, show_opts, NULL,
                          0}},
    {0}};
const zl_cmd_spec choice_spec = {
    NULL,
    "fit estimates the hospital-choice model (conditional logit: piecewise-linear travel\n"
    "minutes with knots 15/30/45/60, a fixed effect per location, optionally travel x share\n"
    "aged 75+) by maximum likelihood on the year's flows (default: the latest year) and\n"
    "stores it; impact analyses then use it for the `choice`, `share`, `partner` and\n"
    "`capacity` rules. show prints the stored fit. Method: docs/choice.md.\n",
    NULL, choice_subs, 0};

typedef struct choice_args {
    const char *code;
    int64_t year, max_iter;
    bool json, csv, age;
} choice_args;

static int parse(zl_cli *cli, int argc, char **argv, choice_args *a)
{
    int ch;
    optind = 0;
    while ((ch = cli_getopt(cli, argc, argv)) != -1) {
        if (ch == 'i')
            a->code = optarg;
        else if (ch == 'y' && (!zl_parse_i64(optarg, &a->year) || a->year < 1900 || a->year > 2200))
            return cli_usage("--year: '%s' is not a year", optarg);
        else if (ch == 'm' &&
                 (!zl_parse_i64(optarg, &a->max_iter) || a->max_iter < 1 || a->max_iter > 100000))
            return cli_usage("--max-iterations: '%s' is not a number 1..100000", optarg);
        else if (ch == 'a')
            a->age = true;
        else if (ch == 'j')
            a->json = true;
        else if (ch == 'c')
            a->csv = true;
        else if (ch != 'y' && ch != 'm')
            return ZL_EXIT_USAGE;
    }
    if (optind < argc)
        return cli_usage("zl choice: unexpected argument '%s'", argv[optind]);
    if (!a->code)
        return cli_usage("zl choice: --intervention C is required");
    return ZL_EXIT_OK;
}

static int report(zl_cli *cli, const choice_args *a, zl_choice_model *m)
{
    int rc = ZL_EXIT_OK;
    if (a->json)
        rc = cli_print_json(cli, zl_choice_to_json(m));
    else if (a->csv)
        rc = cli_print_csv(cli, zl_choice_to_json(m), "coefficients");
    else
        zl_choice_print(m, cli->out);
    zl_choice_model_free(m);
    return rc;
}

int cmd_choice(zl_cli *cli, int argc, char **argv)
{
    /* main matched the subcommand (fit or show) against choice_spec. */
    bool fit = strcmp(argv[1], "fit") == 0;
    choice_args a = {0};
    int rc = parse(cli, argc - 1, argv + 1, &a);
    if (rc != ZL_EXIT_OK)
        return rc;
    zl_store *s = cli_store(cli);
    if (!s)
        return ZL_EXIT_FAIL;
    zl_err err = {0};
    zl_choice_model *m = NULL;
    if (fit) {
        zl_choice_fit_opts o = {.age_interaction = a.age, .max_iterations = (int)a.max_iter};
        if (zl_choice_fit_store(s, a.code, (int)a.year, &o, &m, &err) != ZL_OK)
            return cli_fail(&err);
    } else {
        if (zl_store_choice_load(s, a.code, (int)a.year, &m, &err) != ZL_OK)
            return cli_fail(&err);
        if (!m) {
            zl_fail(&err, ZL_ENOTFOUND, "no choice model stored for %s (zl choice fit)", a.code);
            return cli_fail(&err);
        }
    }
    return report(cli, &a, m);
}
