/* zl synth flows: writes synthetic patient flows (and the volumes they add up to) for the
 * sample, from the store's areas, age bands, locations and travel times. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "zorglandschap/synth.h"
#include "zorglandschap/util.h"

static const char synth_help[] =
    "usage: zl synth flows [--seed S] [--years FROM-TO] [--out FILE] [--volumes-out FILE]\n"
    "                      [--beta B] [--sigma S] [--umc-attract A]\n"
    "Generates SYNTHETIC patient flows (docs/sample-data.md): incidence x population by age\n"
    "band, Poisson-sampled, assigned to seeded providers by a gravity model over travel\n"
    "time. Defaults: seed 20240601, years 2021-2023, beta 0.07/min, sigma 0.5, UMC 2.0.\n";

static bool parse_years(const char *s, zl_synth_opts *o)
{
    int a, b, n = 0;
    if (sscanf(s, "%d-%d%n", &a, &b, &n) == 2 && s[n] == '\0') {
        o->year_from = a;
        o->year_to = b;
        return true;
    }
    if (sscanf(s, "%d%n", &a, &n) == 1 && s[n] == '\0') {
        o->year_from = o->year_to = a;
        return true;
    }
    return false;
}

static int parse(int argc, char **argv, zl_synth_opts *o, const char **out, const char **vout)
{
    static const struct option opts[] = {{"seed", required_argument, 0, 's'},
                                         {"years", required_argument, 0, 'y'},
                                         {"out", required_argument, 0, 'o'},
                                         {"volumes-out", required_argument, 0, 'v'},
                                         {"beta", required_argument, 0, 'b'},
                                         {"sigma", required_argument, 0, 'g'},
                                         {"umc-attract", required_argument, 0, 'u'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int ch;
    int64_t seed;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        bool ok = true;
        if (ch == 's')
            ok = zl_parse_i64(optarg, &seed) && seed >= 0 && (o->seed = (uint64_t)seed, true);
        else if (ch == 'y')
            ok = parse_years(optarg, o);
        else if (ch == 'o')
            *out = optarg;
        else if (ch == 'v')
            *vout = optarg;
        else if (ch == 'b')
            ok = zl_parse_f64(optarg, &o->beta);
        else if (ch == 'g')
            ok = zl_parse_f64(optarg, &o->sigma);
        else if (ch == 'u')
            ok = zl_parse_f64(optarg, &o->umc_attract);
        else if (ch == 'h') {
            fputs(synth_help, stdout);
            return ZL_EXIT_OK;
        } else
            return cli_usage("%s", synth_help);
        if (!ok)
            return cli_usage("bad value '%s' for an option\n%s", optarg, synth_help);
    }
    return optind == argc ? -1 : cli_usage("%s", synth_help);
}

int cmd_synth(zl_cli *cli, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "flows") != 0)
        return cli_usage("%s", synth_help);
    zl_synth_opts o = zl_synth_defaults();
    const char *out = NULL, *vout = NULL;
    int rc = parse(argc - 1, argv + 1, &o, &out, &vout);
    if (rc >= 0)
        return rc;
    zl_store *s = cli_store(cli);
    if (!s)
        return ZL_EXIT_FAIL;
    zl_err err = {0};
    FILE *f = out ? fopen(out, "w") : cli->out, *v = vout ? fopen(vout, "w") : NULL;
    zl_synth_summary sum;
    zl_status st = ZL_OK;
    if (!f || (vout && !v))
        st = zl_fail(&err, ZL_EIO, "%s: cannot write", !f ? out : vout);
    if (st == ZL_OK)
        st = zl_synth_flows(s, &o, f, v, &sum, &err);
    if (out && f && fclose(f) != 0 && st == ZL_OK)
        st = zl_fail(&err, ZL_EIO, "%s: write failed", out);
    if (v && fclose(v) != 0 && st == ZL_OK)
        st = zl_fail(&err, ZL_EIO, "%s: write failed", vout);
    if (st != ZL_OK)
        return cli_fail(&err);
    fprintf(out ? cli->out : stderr,
            "synthetic flows (seed %llu, %d-%d): %zu interventions, %lld patients, %lld flow"
            " rows, %lld volume rows\n",
            (unsigned long long)o.seed, o.year_from, o.year_to, sum.interventions,
            (long long)sum.patients, (long long)sum.flow_rows, (long long)sum.volume_rows);
    return ZL_EXIT_OK;
}
