/* `zl rare`: the rare-disease commands. import KIND FILE loads the Orphanet nomenclature,
 * the ERN list or the expertise-centre register; list prints the register as published on
 * a date; find searches the nomenclature; show prints one record. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "zorglandschap/rare.h"
#include "zorglandschap/rare_atlas.h"
#include "zorglandschap/rare_finder.h"
#include "zorglandschap/util.h"

static const zl_opt list_opts[] = {
    {"date", 'd', "YYYY-MM-DD", "the register as published on this date (default today)", NULL, 0},
    {"json", 'j', NULL, "JSON instead of a table", NULL, 0},
    {"csv", 'c', NULL, "CSV instead of a table", NULL, 0},
    {0}};
static const zl_opt find_opts[] = {
    {"lang", 'l', "LANG", "language of the query and names", "nl|en", 0},
    {"postcode", 'p', "PC4", "order the centres by car minutes from this postcode", NULL, 0},
    {"limit", 'n', "N", "at most N answers (default 10)", NULL, 0},
    {"date", 'd', "YYYY-MM-DD", "centres recognised on this date (default today)", NULL, 0},
    {"json", 'j', NULL, "JSON instead of text", NULL, 0},
    {"csv", 'c', NULL, "the hits as CSV", NULL, 0},
    {0}};
static const zl_opt show_opts[] = {
    {"date", 'd', "YYYY-MM-DD", "centres recognised on this date (default today)", NULL, 0},
    {"postcode", 'p', "PC4", "order the centres by car minutes from this postcode", NULL, 0},
    {"json", 'j', NULL, "JSON instead of text", NULL, 0},
    {0}};
static const zl_command rare_subs[] = {
    {"import", NULL, "import Orphanet data, the ERN list or the expertise-centre register",
     &(const zl_cmd_spec){"KIND FILE",
                          "KIND: ordo, product1, product3, product7, product9, ern, ecza\n"
                          "(docs/formats-rare.md); networks, shared-care, recognitions,\n"
                          "assessments, pathways (docs/rare-networks.md).\n",
                          NULL, NULL, ZL_CMD_CREATES_DB}},
    {"list", NULL, "the expertise-centre (ECZA) register on a date",
     &(const zl_cmd_spec){"[--date YYYY-MM-DD] [--json | --csv]", NULL, list_opts, NULL, 0}},
    {"find", NULL, "find a rare disease and its expertise centres (typo-tolerant)",
     &(const zl_cmd_spec){"QUERY [--lang nl|en] [--limit N] [--date D] [--postcode PC4]\n"
                          " [--json | --csv]",
                          "QUERY is a name in Dutch or English (typos allowed), an ORPHAcode, an\n"
                          "ICD-10 code (a category such as E84 finds its subcodes) or an OMIM\n"
                          "number. Generic words (syndrome, disease, ...) alone are no match.\n"
                          "A disorder without a recognised centre shows the centres of its\n"
                          "nearest group that has one (adjacent expertise). --postcode orders\n"
                          "the centres by car minutes from that PC4 and shows the minutes.\n"
                          "Method: docs/rare-finder.md.\n",
                          find_opts, NULL, 0}},
    {"show", NULL, "one disorder: names, classification, prevalence, centres",
     &(const zl_cmd_spec){"CODE [--date D] [--postcode PC4] [--json]",
                          "Centres as in zl rare find: the disorder's own or, without any, the\n"
                          "adjacent expertise of its nearest group that has some.\n",
                          show_opts, NULL, 0}},
    {"networks", cmd_rare_networks, "ECZA networks: centres, shared-care partners, pathways",
     &rare_networks_spec},
    {"recognitions", cmd_rare_recognitions, "recognised terms due for renewal",
     &rare_recognitions_spec},
    {"history", cmd_rare_history, "the recognition history of a centre", &rare_history_spec},
    {"pathway", cmd_rare_pathway, "care-pathway checklist, completeness and gaps",
     &rare_pathway_spec},
    {"concentration", cmd_concentration, "VSOP concentration rule (needs registrations)",
     &concentration_spec},
    {0}};
const zl_cmd_spec rare_spec = {NULL, NULL, NULL, rare_subs, 0};

int cli_rare_import(zl_cli *cli, int argc, char **argv)
{
    if (argc != 3)
        return cli_usage("zl rare import needs KIND and FILE (zl rare import --help)");
    const char *kind = cli_import_kind(argv[1]);
    if (!kind)
        return ZL_EXIT_USAGE;
    if (!zl_rare_kind_known(kind))
        return cli_usage("'%s' is not a rare-disease kind; use zl import %s FILE", kind, kind);
    zl_store *s = cli_store(cli);
    if (!s)
        return ZL_EXIT_FAIL;
    zl_err err = {0};
    zl_rare_import_stats st;
    if (zl_rare_import(s, kind, argv[2], &st, &err) != ZL_OK)
        return cli_fail(&err);
    fprintf(cli->out, "imported %s from %s: %lld records", kind, argv[2], (long long)st.records);
    if (st.classes)
        fprintf(cli->out, " (%lld classes read)", (long long)st.classes);
    if (st.names)
        fprintf(cli->out, ", %lld names (%lld synonyms)", (long long)st.names,
                (long long)st.synonyms);
    if (st.obsolete)
        fprintf(cli->out, ", %lld obsolete or deprecated", (long long)st.obsolete);
    if (st.xrefs)
        fprintf(cli->out, ", %lld cross-references (%lld ICD-10)", (long long)st.xrefs,
                (long long)st.icd10);
    if (st.parents)
        fprintf(cli->out, ", %lld classification edges", (long long)st.parents);
    if (st.prevalence)
        fprintf(cli->out, ", %lld prevalence rows", (long long)st.prevalence);
    fputc('\n', cli->out);
    return ZL_EXIT_OK;
}

typedef struct rare_opts {
    const char *date, *lang;
    int limit;
    int32_t postcode;
    bool json, csv;
    char today[11];
} rare_opts;

static bool parse_pc4(const char *s, int32_t *pc4)
{
    int64_t v;
    if (strlen(s) != 4 || !zl_parse_i64(s, &v) || v < 1000 || v > 9999)
        return false;
    *pc4 = (int32_t)v;
    return true;
}

/* Parses the shared options; leaves positional arguments in argv[optind..]. */
static int parse_opts(zl_cli *cli, int argc, char **argv, rare_opts *o)
{
    zl_date_today(o->today);
    o->date = o->today;
    o->lang = NULL;
    o->limit = 10;
    o->json = o->csv = false;
    o->postcode = 0;
    optind = 0;
    int ch;
    while ((ch = cli_getopt(cli, argc, argv)) != -1) {
        if (ch == 'd')
            o->date = optarg;
        else if (ch == 'l')
            o->lang = optarg;
        else if (ch == 'n')
            o->limit = atoi(optarg);
        else if (ch == 'j')
            o->json = true;
        else if (ch == 'c')
            o->csv = true;
        else if (ch == 'p' && !parse_pc4(optarg, &o->postcode))
            return cli_usage("--postcode: '%s' is not a PC4 (four digits, 1000-9999)", optarg);
        else if (ch != 'p')
            return ZL_EXIT_USAGE;
    }
    if (!zl_date_valid(o->date))
        return cli_usage("--date '%s' is not a date YYYY-MM-DD", o->date);
    if (o->lang && strcmp(o->lang, "nl") != 0 && strcmp(o->lang, "en") != 0)
        return cli_usage("--lang must be nl or en");
    if (o->limit < 1 || o->limit > 1000)
        return cli_usage("--limit must be 1..1000");
    return 0;
}

static const char *js(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

static int rare_list(zl_cli *cli, int argc, char **argv)
{
    rare_opts o;
    int rc = parse_opts(cli, argc, argv, &o);
    if (rc)
        return rc;
    if (optind != argc)
        return cli_usage("zl rare list: unexpected argument '%s'", argv[optind]);
    zl_store *s = cli_store(cli);
    if (!s)
        return ZL_EXIT_FAIL;
    zl_err err = {0};
    json_t *reg;
    if (zl_rare_register_json(s, o.date, &reg, &err) != ZL_OK)
        return cli_fail(&err);
    if (o.json)
        return cli_print_json(cli, reg);
    if (o.csv)
        return cli_print_csv(cli, reg, "recognitions");
    fprintf(cli->out, "expertise centres (ECZA) as published on %s: %lld recognitions%s\n", o.date,
            (long long)json_integer_value(json_object_get(reg, "count")),
            json_is_true(json_object_get(reg, "synthetic")) ? " (SYNTHETIC sample register)" : "");
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(reg, "recognitions"), i, r)
    {
        fprintf(cli->out, "%-10s %-40.40s %-14.14s ORPHA:%-7lld %-45.45s %-12s %s..%s\n",
                js(r, "centre_id"), js(r, "location"), js(r, "city"),
                (long long)json_integer_value(json_object_get(r, "orpha")), js(r, "disorder"),
                js(r, "ern"), js(r, "recognised_from"), js(r, "recognised_to"));
    }
    json_decref(reg);
    return ZL_EXIT_OK;
}

static void print_rel(zl_cli *cli, json_t *rec, const char *key, const char *title)
{
    json_t *a = json_object_get(rec, key), *r;
    size_t i;
    if (json_array_size(a) == 0)
        return;
    fprintf(cli->out, "%s:\n", title);
    json_array_foreach(a, i, r)
    {
        fprintf(cli->out, "  ORPHA:%-7lld %s (%s)\n",
                (long long)json_integer_value(json_object_get(r, "orpha")), js(r, "name"),
                js(r, "type"));
    }
}

static void print_centres(zl_cli *cli, json_t *centres, const char *indent)
{
    size_t i;
    json_t *c;
    json_array_foreach(centres, i, c)
    {
        json_t *min = json_object_get(c, "minutes");
        if (min)
            fprintf(cli->out, "%s%.0f min by car: ", indent, json_number_value(min));
        fprintf(cli->out, "%s%s, %s (%s), %s, %s..%s%s\n", min ? "" : indent, js(c, "centre"),
                js(c, "location"), js(c, "city"), js(c, "ern")[0] ? js(c, "ern") : "no ERN",
                js(c, "recognised_from"), js(c, "recognised_to"),
                json_is_true(json_object_get(c, "synthetic")) ? " [synthetic]" : "");
    }
}

/* The centres of a finder hit or a record: its own, or the adjacent expertise of its
 * nearest groups with the path to them. */
static void print_expertise(zl_cli *cli, json_t *h, const char *indent)
{
    char deeper[16];
    snprintf(deeper, sizeof deeper, "%s  ", indent);
    json_t *centres = json_object_get(h, "centres"), *v;
    if (json_array_size(centres)) {
        fprintf(cli->out, "%sexpertise centres:\n", indent);
        print_centres(cli, centres, deeper);
        return;
    }
    json_t *adj = json_object_get(h, "adjacent_expertise");
    if (!json_array_size(adj)) {
        fprintf(cli->out, "%sno recognised centre for this disorder or its groups\n", indent);
        return;
    }
    size_t i;
    json_array_foreach(adj, i, v)
    {
        fprintf(cli->out, "%sno centre for this disorder itself; adjacent expertise via", indent);
        size_t k;
        json_t *p;
        json_array_foreach(json_object_get(v, "path"), k, p)
            fprintf(cli->out, "%s%s", k ? " > " : " ", js(p, "name"));
        fputc('\n', cli->out);
        print_centres(cli, json_object_get(v, "centres"), deeper);
    }
}

static void print_record(zl_cli *cli, json_t *rec)
{
    fprintf(cli->out, "%s  %s\n", js(rec, "code"), js(rec, "name"));
    fprintf(cli->out, "type: %s; status: %s", js(rec, "type"), js(rec, "status"));
    if (json_integer_value(json_object_get(rec, "moved_to")))
        fprintf(cli->out, "; moved to ORPHA:%lld",
                (long long)json_integer_value(json_object_get(rec, "moved_to")));
    fputc('\n', cli->out);
    const char *lang;
    json_t *l;
    json_object_foreach(json_object_get(rec, "names"), lang, l)
    {
        fprintf(cli->out, "names (%s): %s", lang, js(l, "preferred"));
        size_t i;
        json_t *v;
        json_array_foreach(json_object_get(l, "synonyms"), i, v)
            fprintf(cli->out, "; %s", json_string_value(v));
        fputc('\n', cli->out);
    }
    if (json_integer_value(json_object_get(rec, "linearisation")))
        fprintf(cli->out, "preferred classification (linearisation): ORPHA:%lld\n",
                (long long)json_integer_value(json_object_get(rec, "linearisation")));
    if (js(rec, "definition")[0])
        fprintf(cli->out, "definition: %s\n", js(rec, "definition"));
    print_rel(cli, rec, "parents", "parents");
    print_rel(cli, rec, "children", "children");
    size_t i;
    json_t *x;
    if (json_array_size(json_object_get(rec, "xrefs")))
        fprintf(cli->out, "cross-references:");
    json_array_foreach(json_object_get(rec, "xrefs"), i, x)
        fprintf(cli->out, " %s:%s", js(x, "db"), js(x, "code"));
    if (json_array_size(json_object_get(rec, "xrefs")))
        fputc('\n', cli->out);
    json_array_foreach(json_object_get(rec, "prevalence"), i, x)
        fprintf(cli->out, "prevalence: %s %s %s (%s)\n", js(x, "type"), js(x, "class"),
                js(x, "geography"), js(x, "source"));
    fprintf(cli->out, "centres recognised on %s:\n", js(rec, "date"));
    print_expertise(cli, rec, "  ");
    if (json_is_true(json_object_get(rec, "synthetic_centres")))
        fprintf(cli->out, "(centres shown come from a SYNTHETIC sample register)\n");
}

static int rare_show(zl_cli *cli, int argc, char **argv)
{
    rare_opts o;
    int rc = parse_opts(cli, argc, argv, &o);
    if (rc)
        return rc;
    int64_t code;
    if (optind + 1 != argc || !zl_orpha_parse(argv[optind], &code))
        return cli_usage("zl rare show needs one ORPHAcode (ORPHA:586 or 586)");
    zl_store *s = cli_store(cli);
    if (!s)
        return ZL_EXIT_FAIL;
    zl_err err = {0};
    json_t *rec = NULL;
    zl_rare_atlas *a = NULL;
    zl_status st = zl_rare_atlas_build(s, &a, &err);
    if (st == ZL_OK)
        st = zl_rare_show_json(s, a, code, o.date, o.postcode, &rec, &err);
    zl_rare_atlas_free(a);
    if (st == ZL_EINPUT)
        return cli_usage("%s", err.msg);
    if (st != ZL_OK)
        return cli_fail(&err);
    if (o.json)
        return cli_print_json(cli, rec);
    print_record(cli, rec);
    json_decref(rec);
    return ZL_EXIT_OK;
}

/* The networks of a hit and its shared-care partners; with a postcode the nearest
 * centre and the nearest partner side by side. */
static void print_care(zl_cli *cli, json_t *h, const char *indent)
{
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(h, "networks"), i, v)
        fprintf(cli->out, "%snetwork: %s %s (%s)\n", indent, js(v, "id"), js(v, "name"),
                js(v, "ern")[0] ? js(v, "ern") : "no ERN");
    json_t *sc = json_object_get(h, "shared_care");
    if (json_array_size(sc))
        fprintf(cli->out, "%scare close to home (shared care):\n", indent);
    json_array_foreach(sc, i, v)
    {
        json_t *min = json_object_get(v, "minutes");
        fprintf(cli->out, "%s  ", indent);
        if (min)
            fprintf(cli->out, "%.0f min by car: ", json_number_value(min));
        fprintf(cli->out, "%s (%s), with %s\n", js(v, "location"), js(v, "city"),
                js(v, "centre_id"));
    }
    json_t *nc = json_object_get(h, "nearest_centre"), *np = json_object_get(h, "nearest_partner");
    if (nc)
        fprintf(cli->out, "%snearest centre: %s (%.0f min by car)\n", indent, js(nc, "location"),
                json_number_value(json_object_get(nc, "minutes")));
    if (np)
        fprintf(cli->out, "%snearest shared-care partner: %s (%.0f min by car)\n", indent,
                js(np, "location"), json_number_value(json_object_get(np, "minutes")));
}

static void print_hit(zl_cli *cli, size_t rank, json_t *h)
{
    fprintf(cli->out, "%zu. %s  %s (%s)", rank, js(h, "code"), js(h, "name"), js(h, "type"));
    if (js(h, "resolved_from")[0])
        fprintf(cli->out, "  [successor of obsolete %s]", js(h, "resolved_from"));
    fputc('\n', cli->out);
    const char *lang;
    json_t *v;
    json_object_foreach(json_object_get(h, "names"), lang, v)
    {
        if (strcmp(lang, "en") != 0)
            fprintf(cli->out, "   %s: %s\n", lang, json_string_value(v));
    }
    if (js(h, "matched_name")[0] && strcmp(js(h, "matched_name"), js(h, "name")) != 0)
        fprintf(cli->out, "   matched: %s\n", js(h, "matched_name"));
    size_t i;
    json_array_foreach(json_object_get(h, "prevalence"), i, v)
    {
        fprintf(cli->out, "   prevalence: %s %s%s%s (%s)\n", js(v, "type"), js(v, "class"),
                js(v, "geography")[0] ? ", " : "", js(v, "geography"), js(v, "source"));
    }
    print_expertise(cli, h, "   ");
    print_care(cli, h, "   ");
}

/* No good match: the advice and the ERNs to ask. */
static void print_advice(zl_cli *cli, const char *query, json_t *adv)
{
    fprintf(cli->out,
            "no good match for '%s': no disorder matches its informative words (generic "
            "words such as 'syndrome' or 'disease' alone are no match).\nadvice: %s %s\n%s\n",
            query, js(adv, "code"), js(adv, "name"), js(adv, "route"));
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(adv, "erns"), i, e)
    {
        fprintf(cli->out, "  %-14s %s\n", js(e, "acronym"), js(e, "scope"));
    }
}

static int rare_find(zl_cli *cli, int argc, char **argv)
{
    rare_opts o;
    int rc = parse_opts(cli, argc, argv, &o);
    if (rc)
        return rc;
    char query[512] = {0};
    for (int i = optind; i < argc; i++)
        snprintf(query + strlen(query), sizeof query - strlen(query), "%s%s", i > optind ? " " : "",
                 argv[i]);
    if (query[strspn(query, " \t\r\n")] == '\0')
        return cli_usage("zl rare find needs a QUERY (a name, an ORPHAcode or an ICD-10 code)");
    zl_store *s = cli_store(cli);
    if (!s)
        return ZL_EXIT_FAIL;
    zl_err err = {0};
    zl_finder *f = NULL;
    zl_rare_atlas *a = NULL;
    json_t *res = NULL;
    zl_status st = zl_finder_build(s, &f, &err);
    if (st == ZL_OK)
        st = zl_rare_atlas_build(s, &a, &err);
    zl_rare_find_opts fo = {o.lang, o.limit, o.date, o.postcode};
    if (st == ZL_OK)
        st = zl_rare_find_json_opts(s, f, a, query, &fo, &res, &err);
    zl_finder_free(f);
    zl_rare_atlas_free(a);
    if (st == ZL_EINPUT)
        return cli_usage("%s", err.msg);
    if (st != ZL_OK)
        return cli_fail(&err);
    if (o.json)
        return cli_print_json(cli, res);
    if (o.csv) {
        json_object_set(res, "synthetic", json_object_get(res, "synthetic_centres"));
        return cli_print_csv(cli, res, "hits");
    }
    json_t *hits = json_object_get(res, "hits"), *h;
    size_t i;
    json_array_foreach(hits, i, h) print_hit(cli, i + 1, h);
    json_t *adv = json_object_get(res, "advice");
    if (adv)
        print_advice(cli, query, adv);
    if (json_is_true(json_object_get(res, "synthetic_centres")))
        fprintf(cli->out, "(centres shown come from a SYNTHETIC sample register)\n");
    json_decref(res);
    return ZL_EXIT_OK;
}

int cmd_rare(zl_cli *cli, int argc, char **argv)
{
    /* main matched the subcommand against rare_spec (concentration has its own function). */
    const char *sub = argv[1];
    if (strcmp(sub, "import") == 0)
        return cli_rare_import(cli, argc - 1, argv + 1);
    if (strcmp(sub, "list") == 0)
        return rare_list(cli, argc - 1, argv + 1);
    if (strcmp(sub, "find") == 0)
        return rare_find(cli, argc - 1, argv + 1);
    return rare_show(cli, argc - 1, argv + 1);
}
