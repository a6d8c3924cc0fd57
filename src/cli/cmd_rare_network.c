/* `zl rare networks|recognitions|history|pathway`: the organisation of rare-disease care
 * (docs/rare-networks.md). Each command parses its options, asks the library for the
 * JSON document and prints it as JSON, CSV or a short table. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "zorglandschap/rare.h"
#include "zorglandschap/rare_network.h"
#include "zorglandschap/util.h"

static const zl_opt networks_opts[] = {{"date", 'd', "YYYY-MM-DD",
                                        "shared-care agreements valid on this date (default today)",
                                        NULL, 0},
                                       {"json", 'j', NULL, "JSON instead of text", NULL, 0},
                                       {"csv", 'c', NULL, "the networks as CSV", NULL, 0},
                                       {0}};
const zl_cmd_spec rare_networks_spec = {
    "[ID] [--date YYYY-MM-DD] [--json | --csv]",
    "Every ECZA network (or the one with ID): the disease codes it covers, its ERN and\n"
    "patient organisations, the coordinating and member centres, the shared-care\n"
    "partners (general hospitals) of its centres valid on --date and the completeness of\n"
    "its care pathway. Import with zl rare import networks|shared-care FILE.\n",
    networks_opts, NULL, 0};

typedef struct net_opts {
    const char *date;
    bool json, csv;
    int months;
    char today[11];
} net_opts;

/* Options shared by these commands; positional arguments stay in argv[optind..]. */
static int parse(zl_cli *cli, int argc, char **argv, net_opts *o)
{
    zl_date_today(o->today);
    o->date = o->today;
    o->json = o->csv = false;
    o->months = 12;
    optind = 1;
    int ch;
    while ((ch = cli_getopt(cli, argc, argv)) != -1) {
        if (ch == 'd')
            o->date = optarg;
        else if (ch == 'j')
            o->json = true;
        else if (ch == 'c')
            o->csv = true;
        else if (ch == 'u') {
            char *end;
            long m = strtol(optarg, &end, 10);
            if (end == optarg || (strcmp(end, "m") != 0 && *end) || m < 1 || m > 120)
                return cli_usage("--due: '%s' is not a number of months 1..120 (e.g. 12m)", optarg);
            o->months = (int)m;
        } else
            return ZL_EXIT_USAGE;
    }
    if (!zl_date_valid(o->date))
        return cli_usage("--date '%s' is not a date YYYY-MM-DD", o->date);
    return 0;
}

static const char *js(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

/* A command of this file: what it asks the library for and how it prints the answer as
 * text (--json and --csv print the library's document as it is). */
typedef struct doc_cmd {
    int min_args, max_args; /* positional arguments */
    const char *usage;      /* the usage error when their number is wrong */
    const char *rows;       /* the array that --csv prints */
    zl_status (*get)(zl_store *s, const char *arg, const net_opts *o, json_t **doc, zl_err *err);
    void (*print)(zl_cli *cli, json_t *doc, const net_opts *o);
} doc_cmd;

static int run_doc(zl_cli *cli, int argc, char **argv, const doc_cmd *d)
{
    net_opts o;
    int rc = parse(cli, argc, argv, &o);
    if (rc)
        return rc;
    int n = argc - optind;
    if (n < d->min_args || n > d->max_args)
        return cli_usage("%s", d->usage);
    zl_store *s = cli_store(cli);
    if (!s)
        return ZL_EXIT_FAIL;
    zl_err err = {0};
    json_t *doc;
    if (d->get(s, n ? argv[optind] : NULL, &o, &doc, &err) != ZL_OK)
        return cli_fail(&err);
    if (o.json)
        return cli_print_json(cli, doc);
    if (o.csv)
        return cli_print_csv(cli, doc, d->rows);
    d->print(cli, doc, &o);
    json_decref(doc);
    return ZL_EXIT_OK;
}

static void print_network(zl_cli *cli, json_t *n)
{
    fprintf(cli->out, "%s  %s (%s)%s\n", js(n, "id"), js(n, "name"),
            js(n, "ern")[0] ? js(n, "ern") : "no ERN",
            json_is_true(json_object_get(n, "synthetic")) ? " [synthetic]" : "");
    size_t i;
    json_t *v;
    fprintf(cli->out, "  codes:");
    json_array_foreach(json_object_get(n, "codes"), i, v)
        fprintf(cli->out, "%s %s %s", i ? ";" : "", js(v, "code"), js(v, "name"));
    fputc('\n', cli->out);
    json_array_foreach(json_object_get(n, "patient_organisations"), i, v)
        fprintf(cli->out, "  patient organisation: %s\n", json_string_value(v));
    json_array_foreach(json_object_get(n, "centres"), i, v)
        fprintf(cli->out, "  %-12s %s, %s (%s)\n", js(v, "role"), js(v, "centre"),
                js(v, "location"), js(v, "city"));
    json_array_foreach(json_object_get(n, "partners"), i, v)
        fprintf(cli->out, "  shared care  %s (%s) with %s, until %s\n", js(v, "location"),
                js(v, "city"), js(v, "centre_id"), js(v, "valid_to"));
    json_t *p = json_object_get(n, "pathway");
    if (p)
        fprintf(cli->out, "  care pathway completeness: %.0f%%\n",
                json_number_value(json_object_get(p, "score")));
}

static zl_status get_networks(zl_store *s, const char *id, const net_opts *o, json_t **doc,
                              zl_err *err)
{
    return zl_rare_networks_json(s, id, o->date, doc, err);
}

static void print_networks(zl_cli *cli, json_t *doc, const net_opts *o)
{
    fprintf(cli->out, "ECZA networks on %s: %lld%s\n", o->date,
            (long long)json_integer_value(json_object_get(doc, "count")),
            json_is_true(json_object_get(doc, "synthetic")) ? " (SYNTHETIC sample)" : "");
    size_t i;
    json_t *n;
    json_array_foreach(json_object_get(doc, "networks"), i, n) print_network(cli, n);
}

int cmd_rare_networks(zl_cli *cli, int argc, char **argv)
{
    static const doc_cmd d = {
        0, 1, "zl rare networks: one ID at most", "networks", get_networks, print_networks};
    return run_doc(cli, argc, argv, &d);
}

static const zl_opt recognitions_opts[] = {
    {"due", 'u', "Nm", "terms ending within N months (default 12m)", NULL, 0},
    {"date", 'd', "YYYY-MM-DD", "as on this date (default today)", NULL, 0},
    {"json", 'j', NULL, "JSON instead of a table", NULL, 0},
    {"csv", 'c', NULL, "CSV instead of a table", NULL, 0},
    {0}};
const zl_cmd_spec rare_recognitions_spec = {
    "[--due 12m] [--date YYYY-MM-DD] [--json | --csv]",
    "Recognised terms in force on --date that end within --due months and have no later\n"
    "recognised term, soonest first, with the state of a renewal application if any.\n",
    recognitions_opts, NULL, 0};

static zl_status get_due(zl_store *s, const char *arg, const net_opts *o, json_t **doc, zl_err *err)
{
    (void)arg;
    return zl_rare_recognitions_due_json(s, o->date, o->months, doc, err);
}

static void print_due(zl_cli *cli, json_t *doc, const net_opts *o)
{
    fprintf(cli->out, "recognitions ending %s..%s: %lld%s\n", o->date, js(doc, "until"),
            (long long)json_integer_value(json_object_get(doc, "count")),
            json_is_true(json_object_get(doc, "synthetic")) ? " (SYNTHETIC sample)" : "");
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(doc, "due"), i, d) fprintf(
        cli->out, "%s %4lld days  %-16s %-13s %-40.40s renewal: %s\n", js(d, "recognised_to"),
        (long long)json_integer_value(json_object_get(d, "days_left")), js(d, "centre_id"),
        js(d, "code"), js(d, "disorder"), js(d, "renewal")[0] ? js(d, "renewal") : "none");
}

int cmd_rare_recognitions(zl_cli *cli, int argc, char **argv)
{
    static const doc_cmd d = {
        0, 0, "zl rare recognitions takes no arguments (--due, --date)", "due", get_due, print_due};
    return run_doc(cli, argc, argv, &d);
}

static const zl_opt history_opts[] = {
    {"date", 'd', "YYYY-MM-DD", "the state of each record on this date (default today)", NULL, 0},
    {"json", 'j', NULL, "JSON instead of text", NULL, 0},
    {"csv", 'c', NULL, "the records as CSV", NULL, 0},
    {0}};
const zl_cmd_spec rare_history_spec = {
    "CENTRE [--date YYYY-MM-DD] [--json | --csv]",
    "Every recognition record of an expertise centre (applications, assessments per\n"
    "criterion, terms, objections, withdrawals) in date order, with its state on --date.\n",
    history_opts, NULL, 0};

static zl_status get_history(zl_store *s, const char *centre, const net_opts *o, json_t **doc,
                             zl_err *err)
{
    return zl_rare_centre_history_json(s, centre, o->date, doc, err);
}

static void print_history(zl_cli *cli, json_t *doc, const net_opts *o)
{
    fprintf(cli->out, "%s  %s, %s (%s)%s\n", js(doc, "centre_id"), js(doc, "centre"),
            js(doc, "location"), js(doc, "city"),
            json_is_true(json_object_get(doc, "synthetic")) ? " [synthetic]" : "");
    size_t i, k;
    json_t *r, *a;
    json_array_foreach(json_object_get(doc, "records"), i, r)
    {
        fprintf(
            cli->out, "  %-13s %-30.30s applied %-10s decided %-10s term %s..%s  %s (on %s: %s)\n",
            js(r, "code"), js(r, "disorder"), js(r, "applied_on")[0] ? js(r, "applied_on") : "-",
            js(r, "decided_on")[0] ? js(r, "decided_on") : "-", js(r, "recognised_from"),
            js(r, "recognised_to"), js(r, "status"), o->date, js(r, "state"));
        json_array_foreach(json_object_get(r, "assessments"), k, a)
            fprintf(cli->out, "      %-24s %-12s %s\n", js(a, "criterion"), js(a, "result"),
                    js(a, "remarks"));
    }
}

int cmd_rare_history(zl_cli *cli, int argc, char **argv)
{
    static const doc_cmd d = {
        1,         1,           "zl rare history needs one CENTRE id (zl rare list shows them)",
        "records", get_history, print_history};
    return run_doc(cli, argc, argv, &d);
}

static const zl_opt pathway_opts[] = {{"json", 'j', NULL, "JSON instead of text", NULL, 0},
                                      {"csv", 'c', NULL, "the checklists as CSV", NULL, 0},
                                      {0}};
const zl_cmd_spec rare_pathway_spec = {
    "CODE [--json | --csv]",
    "The care-pathway checklist of a disease group per network: CODE is an ORPHAcode (its\n"
    "own checklists and those of the groups above it) or a network id. Each item in\n"
    "place, partly or absent with its evidence and date; the completeness score (in place\n"
    "1, partly 0.5, absent or not recorded 0, in % of the ten items) and the gaps.\n",
    pathway_opts, NULL, 0};

static zl_status get_pathway(zl_store *s, const char *code, const net_opts *o, json_t **doc,
                             zl_err *err)
{
    (void)o;
    return zl_rare_pathway_json(s, code, doc, err);
}

static void print_pathway(zl_cli *cli, json_t *doc, const net_opts *o)
{
    (void)o;
    size_t i, k;
    json_t *p, *it;
    json_array_foreach(json_object_get(doc, "pathways"), i, p)
    {
        fprintf(cli->out, "%s %s, %s %s: completeness %.0f%%%s\n", js(p, "network_id"),
                js(p, "network"), js(p, "code"), js(p, "disorder"),
                json_number_value(json_object_get(p, "score")),
                json_is_true(json_object_get(doc, "synthetic")) ? " (SYNTHETIC sample)" : "");
        json_array_foreach(json_object_get(p, "items"), k, it)
            fprintf(cli->out, "  %-24s %-13s %s %s\n", js(it, "item"), js(it, "state"),
                    js(it, "assessed_on"), js(it, "evidence"));
        fprintf(cli->out, "  gaps:");
        json_array_foreach(json_object_get(p, "gaps"), k, it)
            fprintf(cli->out, "%s %s (%s)", k ? "," : "", js(it, "item"), js(it, "state"));
        fprintf(cli->out, "%s\n", json_array_size(json_object_get(p, "gaps")) ? "" : " none");
    }
}

int cmd_rare_pathway(zl_cli *cli, int argc, char **argv)
{
    static const doc_cmd d = {
        1,          1,           "zl rare pathway needs one CODE (ORPHA:586 or a network id)",
        "pathways", get_pathway, print_pathway};
    return run_doc(cli, argc, argv, &d);
}
