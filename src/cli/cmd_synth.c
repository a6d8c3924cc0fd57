/* zl synth flows: writes synthetic patient flows (and the volumes they add up to) for the
 * sample, from the store's areas, age bands, locations and travel times. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "zorglandschap/synth.h"
#include "zorglandschap/util.h"

static const zl_opt flows_opts[] = {
    {"seed", 's', "S", "random seed (default 20240601)", NULL, 0},
    {"years", 'y', "FROM-TO", "years to generate (default 2021-2023)", NULL, 0},
    {"out", 'o', "FILE", "flows CSV (default stdout)", NULL, 0},
    {"volumes-out", 'v', "FILE", "volumes CSV the flows add up to", NULL, 0},
    {"beta", 'b', "B", "gravity model: weight of a minute (default 0.07)", NULL, 0},
    {"sigma", 'g', "S", "spread of the seeded provider attraction (default 0.5)", NULL, 0},
    {"umc-attract", 'u', "A", "attraction of university medical centres (default 2.0)", NULL, 0},
    {0}};
static const zl_command synth_subs[] = {
    {"flows", NULL, "SYNTHETIC patient flows and volumes for the sample",
     &(const zl_cmd_spec){
         "[--seed S] [--years FROM-TO] [--out FILE] [--volumes-out FILE]\n"
         " [--beta B] [--sigma S] [--umc-attract A]",
         "Incidence x population by age band, Poisson-sampled, assigned to seeded providers\n"
         "by a gravity model over travel time (docs/sample-data.md).\n",
         flows_opts, NULL, 0}},
    {0}};
const zl_cmd_spec synth_spec = {NULL, NULL, NULL, synth_subs, 0};

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

static int parse(zl_cli *cli, int argc, char **argv, zl_synth_opts *o, const char **out,
                 const char **vout)
{
    int ch;
    int64_t seed;
    optind = 1;
    while ((ch = cli_getopt(cli, argc, argv)) != -1) {
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
        else
            return ZL_EXIT_USAGE;
        if (!ok)
            return cli_usage("%s: bad value '%s'", argv[optind - 2], optarg);
    }
    return optind == argc ? -1
                          : cli_usage("zl synth flows: unexpected argument '%s'", argv[optind]);
}

int cmd_synth(zl_cli *cli, int argc, char **argv)
{
    zl_synth_opts o = zl_synth_defaults();
    const char *out = NULL, *vout = NULL;
    int rc = parse(cli, argc - 1, argv + 1, &o, &out, &vout);
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
