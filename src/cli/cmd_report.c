/* zl report impact: the impact report of one intervention (or, with --all-interventions,
 * the national roll-up) written as HTML, PDF, PNG maps, XLSX or a folder of CSV files. The
 * library builds the document (zorglandschap/report.h) and renders it (doc.h); this file
 * parses options and names the output. */
#include <getopt.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "zorglandschap/report.h"
#include "zorglandschap/util.h"

#ifndef ZL_BINARY_DIR
#define ZL_BINARY_DIR "build"
#endif

static const zl_opt impact_opts[] = {
    {"intervention", 'i', "C", "intervention code (any case)", NULL, 0},
    {"all-interventions", 'A', NULL, "the national roll-up of every intervention with a proposed norm",
     NULL, 0},
    {"norm", 'n', "N", "the norm: a number, current or proposed (default proposed, else current)",
     NULL, 0},
    {"rule", 'r', "RULE", "where patients of a stopping location go (default: the default rule)",
     "choice|share|nearest|region|partner|capacity", 0},
    {"region-layer", 'l', "LAYER", "the regions of the per-region pages (default province)", NULL, 0},
    {"network-layer", 'w', "LAYER",
     "the care networks (a region layer of locations only; default: the store's one, of "
     "several the one matching the intervention group; none: no networks)",
     NULL, 0},
    {"thresholds", 't', "FILE", "acceptability thresholds (default: data/assess/thresholds.conf)",
     NULL, 0},
    {"keep", 'k', "ID,...", "locations that keep the intervention whatever their volume", NULL, 0},
    {"stop", 's', "ID,...", "locations that stop whatever their volume", NULL, 0},
    {"year", 'y', "Y", "last year of the norm's window (default: latest with data)", NULL, 0},
    {"out", 'o', "FILE", "the report: a file (html, pdf, xlsx) or a folder (png, csv)", NULL, 0},
    {"format", 'f', "F", "output format (default: from the extension of --out, else html)",
     "html|pdf|png|xlsx|csv", 0},
    {"geometry", 'g', "FILE", "map geometry (default: the browser UI's build/www/data/nl.topo.json)",
     NULL, 0},
    {"public", 'p', NULL, "publish counts as for the public (docs/privacy.md)", NULL, 0},
    {0}};

static int impact_report(zl_cli *cli, int argc, char **argv);

static const zl_command report_subs[] = {
    {"impact", impact_report, "the impact report of a norm, or the national roll-up",
     &(const zl_cmd_spec){
         "(--intervention C [--norm N|current|proposed] | --all-interventions)\n"
         " [--rule R] [--region-layer L] [--network-layer L|none] [--thresholds FILE] [--year Y]\n"
         " [--keep ID,...] [--stop ID,...]\n"
         " --out FILE [--format html|pdf|png|xlsx|csv]\n"
         " [--geometry FILE] [--public]",
         "A report people can read and share: a summary with the verdicts per region, a\n"
         "chapter per dimension (patients, professionals, providers, networks: zl assess)\n"
         "with maps of the PC4 areas, histograms and tables, a page per region, the\n"
         "mitigation suggestions, the rule sensitivity band, the quality chapter, the method and the data sources with their dates, the\n"
         "synthetic labels and the command and version that made it (docs/report.md).\n"
         "html is one self-contained file; pdf is rendered with cairo; png writes the maps\n"
         "and charts into the folder FILE; xlsx writes every table to one workbook; csv a\n"
         "folder of CSV files with index.csv. --all-interventions assembles every\n"
         "intervention with a proposed norm into one national report.\n",
         impact_opts, NULL, 0}},
    {0}};

const zl_cmd_spec report_spec = {NULL,
                                 "Reports of the analyses as documents (HTML, PDF, PNG, XLSX, "
                                 "CSV): docs/report.md.\n",
                                 NULL, report_subs, 0};

typedef struct report_args {
    zl_report_opts o;
    const char *out, *format, *geometry, *keep, *stop;
    bool all;
    int64_t year;
} report_args;

static int parse(zl_cli *cli, int argc, char **argv, report_args *a)
{
    int ch;
    optind = 0;
    while ((ch = cli_getopt(cli, argc, argv)) != -1) {
        switch (ch) {
        case 'i': a->o.intervention = optarg; break;
        case 'A': a->all = true; break;
        case 'n': a->o.norm = optarg; break;
        case 'r': a->o.rule = optarg; break;
        case 'l': a->o.region_layer = optarg; break;
        case 'w': a->o.network_layer = optarg; break;
        case 't': a->o.thresholds = optarg; break;
        case 'o': a->out = optarg; break;
        case 'f': a->format = optarg; break;
        case 'g': a->geometry = optarg; break;
        case 'p': a->o.public_counts = true; break;
        case 'k': a->keep = optarg; break;
        case 's': a->stop = optarg; break;
        case 'y':
            if (!zl_parse_i64(optarg, &a->year) || a->year < 1900 || a->year > 2200)
                return cli_usage("--year: '%s' is not a year", optarg);
            a->o.year = (int)a->year;
            break;
        default: return ZL_EXIT_USAGE;
        }
    }
    if (optind < argc)
        return cli_usage("zl report impact: unexpected argument '%s'", argv[optind]);
    if (!a->all == !a->o.intervention)
        return cli_usage("zl report impact: give --intervention C or --all-interventions");
    if (a->all && a->o.norm)
        return cli_usage("--norm: the national report uses each intervention's proposed norm");
    if (a->all && (a->keep || a->stop))
        return cli_usage("--keep/--stop: the national report has no scenario overrides");
    if (!a->out)
        return cli_usage("zl report impact: --out FILE is required");
    return ZL_EXIT_OK;
}

/* --format, else the extension of --out, else html. */
static int format_of(const report_args *a, zl_doc_format *f)
{
    if (a->format)
        return zl_doc_format_parse(a->format, f) ? ZL_EXIT_OK
                                                 : cli_usage("--format: '%s' is not html, pdf, "
                                                             "png, xlsx or csv",
                                                             a->format);
    const char *dot = strrchr(a->out, '.');
    if (!dot || !zl_doc_format_parse(dot + 1, f))
        *f = ZL_DOC_HTML;
    return ZL_EXIT_OK;
}

/* The command as typed, for the report's provenance line. */
static void command_line(char *buf, size_t size, int argc, char **argv)
{
    size_t n = (size_t)snprintf(buf, size, "zl report");
    for (int i = 0; i < argc && n < size; i++) {
        bool quote = strpbrk(argv[i], " \t\"'") != NULL;
        n += (size_t)snprintf(buf + n, size - n, quote ? " '%s'" : " %s", argv[i]);
    }
}

static zl_geo *geometry(const report_args *a)
{
    const char *path = a->geometry ? a->geometry : ZL_BINARY_DIR "/www/data/nl.topo.json";
    zl_geo *g = NULL;
    zl_err err = {0};
    if (zl_geo_load(path, &g, &err) != ZL_OK)
        fprintf(stderr, "zl: warning: the report has no maps: %s (build the browser UI or give "
                        "--geometry FILE)\n",
                err.msg);
    return g;
}

static int impact_report(zl_cli *cli, int argc, char **argv)
{
    report_args a = {0};
    zl_doc_format f;
    int rc = parse(cli, argc, argv, &a);
    if (rc != ZL_EXIT_OK || (rc = format_of(&a, &f)) != ZL_EXIT_OK)
        return rc;
    if (a.geometry && access(a.geometry, R_OK) != 0)
        return cli_usage("--geometry: cannot read '%s'", a.geometry);
    if (!cli_store(cli))
        return ZL_EXIT_FAIL;
    char cmd[2048];
    command_line(cmd, sizeof cmd, argc, argv);
    a.o.command = cmd;
    a.o.version = ZL_VERSION;
    char **keep = NULL, **stop = NULL;
    zl_err err = {0};
    if (zl_split_list(a.keep ? a.keep : "", &keep, &a.o.n_keep, &err) != ZL_OK ||
        zl_split_list(a.stop ? a.stop : "", &stop, &a.o.n_stop, &err) != ZL_OK) {
        zl_strv_free(keep);
        return cli_fail(&err);
    }
    a.o.keep = (const char *const *)keep;
    a.o.stop = (const char *const *)stop;
    zl_geo *g = geometry(&a);
    zl_doc *d = NULL;
    zl_status st = a.all ? zl_report_national(cli->store, g, &a.o, &d, &err)
                         : zl_report_impact(cli->store, g, &a.o, &d, &err);
    if (st == ZL_OK)
        st = zl_doc_write(d, f, a.out, &err);
    zl_doc_free(d);
    zl_geo_free(g);
    zl_strv_free(keep);
    zl_strv_free(stop);
    if (st != ZL_OK)
        return cli_fail(&err);
    if (!cli->quiet)
        fprintf(stderr, "zl: wrote the %s report to %s\n", zl_doc_format_name(f), a.out);
    return ZL_EXIT_OK;
}

int cmd_report(zl_cli *cli, int argc, char **argv)
{
    /* Every subcommand has its own function; main never gets here with one. */
    return cli_usage("'zl report' needs a subcommand");
}
