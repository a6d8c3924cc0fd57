/* Benchmark of the rare-disease finder (issue 3): ORDO import time, then 10,000 finder
 * queries (a fixed-seed mix of exact, prefix, typo and code queries drawn from the
 * nomenclature) through zl_finder_search, side by side with the named reference, a plain
 * SQL LIKE '%query%' over the same names in the same database (zl_rare_like_search), and
 * a stronger one, SQLite FTS5 with its trigram tokenizer over the names and codes ranked
 * by bm25 (zl_rare_fts_search; every 10th query of the mix), in the same run. Prints medians of
 * RUNS runs: qps, p50, p99 and how often the intended disorder is among the first 10 results, per
 * query kind. The sides disagree, and the program exits 1, when a reference ranks the intended
 * disorder first and the finder does not have it among its first 10.
 * usage: finder_bench ORDO.json.gz [RUNS [DEMO_DB]]
 * BENCH_DUMP=FILE writes the query mix to FILE, one per line, and stops (bench/http).
 *
 * With DEMO_DB (a database made by `zl demo`: networks, shared care, travel times), the
 * whole answer with networks and a postcode (issue 16): the same 10,000 queries, each with
 * a random PC4, through zl_rare_find_text_opts (atlas: minutes read at build time), side
 * by side with the reference, one SQL query over the travel table for the top hit's
 * nearest shared-care partner (zl_rare_nearest_partner_sql). The sides disagree when their
 * nearest partners' minutes differ. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <math.h>

#include "zorglandschap/rare.h"
#include "zorglandschap/rare_atlas.h"
#include "zorglandschap/store_rare_network.h"
#include "zorglandschap/rare_finder.h"
#include "zorglandschap/store_rare.h"
#include "zorglandschap/util.h"

#define NQ 10000
/* FTS5 answers the OR of a query's trigrams in ~15 ms CPU: it runs every 10th query of the
 * mix (1,000, the same kinds in the same proportions). */
#define FTS_STRIDE 10

typedef struct query {
    char text[160];
    int64_t want;
    const char *kind;
} query;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_d);
    return v[n / 2];
}

static void die(const zl_err *err)
{
    fprintf(stderr, "finder_bench: %s\n", err->msg);
    exit(1);
}

/* One random edit (substitute, delete, insert, swap) inside a word of 5+ letters. */
static void add_typo(char *s, unsigned *seed)
{
    size_t n = strlen(s);
    for (int tries = 0; tries < 20; tries++) {
        size_t at = (size_t)rand_r(seed) % (n ? n : 1);
        size_t b = at, e = at;
        while (b > 0 && s[b - 1] != ' ')
            b--;
        while (e < n && s[e] != ' ')
            e++;
        if (e - b < 5 || at + 1 >= e)
            continue;
        switch (rand_r(seed) % 4) {
        case 0:
            s[at] = (char)('a' + rand_r(seed) % 26);
            break;
        case 1:
            memmove(s + at, s + at + 1, n - at);
            break;
        case 2:
            memmove(s + at + 1, s + at, n - at + 1);
            s[at] = (char)('a' + rand_r(seed) % 26);
            break;
        default: {
            char t = s[at];
            s[at] = s[at + 1];
            s[at + 1] = t;
        }
        }
        return;
    }
}

static void make_queries(zl_store *s, query *q, unsigned seed)
{
    zl_rows names = {0};
    zl_err err = {0};
    if (zl_rare_all_names(s, &names, &err) != ZL_OK)
        die(&err);
    for (int i = 0; i < NQ; i++) {
        size_t r;
        do
            r = (size_t)rand_r(&seed) % names.n;
        while (strcmp(zl_rows_get(&names, r, 4), "active") != 0);
        const char *name = zl_rows_get(&names, r, 3);
        q[i].want = zl_rows_int(&names, r, 0);
        int pick = rand_r(&seed) % 100;
        snprintf(q[i].text, sizeof q[i].text, "%s", name);
        if (pick < 40) {
            q[i].kind = "exact";
        } else if (pick < 60) {
            q[i].kind = "prefix";
            size_t n = strlen(q[i].text), cut = n * 6 / 10;
            if (cut < 4)
                cut = n < 4 ? n : 4;
            q[i].text[cut] = 0;
        } else if (pick < 85) {
            q[i].kind = "typo";
            add_typo(q[i].text, &seed);
        } else {
            q[i].kind = "code";
            zl_rows x = {0};
            if (zl_rare_get_xrefs(s, q[i].want, &x, &err) != ZL_OK)
                die(&err);
            size_t k = x.n ? (size_t)rand_r(&seed) % x.n : 0;
            if (x.n && strcmp(zl_rows_get(&x, k, 0), "ICD10") == 0)
                snprintf(q[i].text, sizeof q[i].text, "%s", zl_rows_get(&x, k, 1));
            else
                snprintf(q[i].text, sizeof q[i].text, "ORPHA:%lld", (long long)q[i].want);
            zl_rows_free(&x);
        }
    }
    zl_rows_free(&names);
}

typedef struct result {
    double qps, p50, p99, cpu_p50, cpu_p99, found;
} result;

/* Per query: rank (1-based) of the intended disorder in each side's first 10, 0 if absent;
 * filled on every run (the answers do not change between runs). */
enum { SIDE_FINDER, SIDE_LIKE, SIDE_FTS, NSIDES };
static const char *side_name[NSIDES] = {"finder", "LIKE", "FTS5"};
static unsigned char rank_of[NSIDES][NQ];

/* Wall-clock latencies include time the process waited for a core on a shared machine;
 * thread CPU-time latencies do not. Both are reported. */
static double cpu_lat[NQ];

static result summarise(double *lat, int n, int found, double total_ms)
{
    result r = {.qps = n / (total_ms / 1e3), .found = 100.0 * found / n};
    qsort(lat, (size_t)n, sizeof *lat, cmp_d);
    qsort(cpu_lat, (size_t)n, sizeof *cpu_lat, cmp_d);
    r.p50 = lat[n / 2];
    r.p99 = lat[n * 99 / 100];
    r.cpu_p50 = cpu_lat[n / 2];
    r.cpu_p99 = cpu_lat[n * 99 / 100];
    return r;
}

static int slow_idx[NQ];

static result run_finder(zl_store *s, zl_finder *f, const query *q, double *lat)
{
    zl_finder_hit hits[10];
    zl_err err = {0};
    int found = 0, n;
    double t0 = now_ms();
    for (int i = 0; i < NQ; i++) {
        double a = now_ms(), c = cpu_ms();
        if (zl_finder_search(f, s, q[i].text, NULL, hits, 10, &n, &err) != ZL_OK)
            die(&err);
        cpu_lat[i] = cpu_ms() - c;
        lat[i] = now_ms() - a;
        slow_idx[i] = i;
        rank_of[SIDE_FINDER][i] = 0;
        for (int k = 0; k < n; k++)
            if (hits[k].orpha == q[i].want) {
                found++;
                rank_of[SIDE_FINDER][i] = (unsigned char)(k + 1);
                break;
            }
    }
    double total = now_ms() - t0;
    if (getenv("BENCH_SLOW"))
        for (int i = 0; i < NQ; i++)
            if (lat[i] > 1.0)
                fprintf(stderr, "slow %.3f ms (cpu %.3f) [%s] %s\n", lat[i], cpu_lat[i], q[i].kind,
                        q[i].text);
    return summarise(lat, NQ, found, total);
}

typedef zl_status (*sql_search)(zl_store *, const char *, int, zl_rows *, zl_err *);

/* A reference side: the first 10 rows of search for every stride-th query (column 0 the
 * code); the other queries keep rank NOT_RUN. */
#define NOT_RUN 255
static result run_sql(zl_store *s, sql_search search, int side, int stride, const query *q,
                      double *lat)
{
    zl_err err = {0};
    int found = 0, m = 0;
    double t0 = now_ms();
    memset(rank_of[side], NOT_RUN, sizeof rank_of[side]);
    for (int i = 0; i < NQ; i += stride, m++) {
        zl_rows r = {0};
        double a = now_ms(), c = cpu_ms();
        if (search(s, q[i].text, 10, &r, &err) != ZL_OK)
            die(&err);
        cpu_lat[m] = cpu_ms() - c;
        lat[m] = now_ms() - a;
        rank_of[side][i] = 0;
        for (size_t k = 0; k < r.n; k++)
            if (zl_rows_int(&r, k, 0) == q[i].want) {
                found++;
                rank_of[side][i] = (unsigned char)(k + 1);
                break;
            }
        zl_rows_free(&r);
    }
    return summarise(lat, m, found, now_ms() - t0);
}

/* found@10 per query kind and side, and the disagreements: queries a reference answers
 * with the intended disorder first while the finder misses it. Returns their number. */
static int compare_sides(const query *q)
{
    static const char *kinds[] = {"exact", "prefix", "typo", "code"};
    printf("found@10 %% by query kind  %8s %8s %8s %8s\n", kinds[0], kinds[1], kinds[2], kinds[3]);
    for (int side = 0; side < NSIDES; side++) {
        printf("%-26s", side_name[side]);
        for (int k = 0; k < 4; k++) {
            int n = 0, f = 0;
            for (int i = 0; i < NQ; i++)
                if (rank_of[side][i] != NOT_RUN && strcmp(q[i].kind, kinds[k]) == 0) {
                    n++;
                    f += rank_of[side][i] > 0;
                }
            printf(" %8.1f", n ? 100.0 * f / n : 0.0);
        }
        printf("\n");
    }
    int disagree = 0;
    for (int i = 0; i < NQ; i++)
        for (int side = SIDE_LIKE; side < NSIDES; side++)
            if (rank_of[side][i] == 1 && rank_of[SIDE_FINDER][i] == 0) {
                if (disagree++ < 20)
                    printf("DISAGREE: %s ranks ORPHA:%lld first for [%s] '%s'; the finder misses "
                           "it\n",
                           side_name[side], (long long)q[i].want, q[i].kind, q[i].text);
                break;
            }
    printf("disagreements (a reference ranks the intended disorder first, the finder misses "
           "it): %d\n",
           disagree);
    return disagree;
}

/* The median over runs of one field of result. */
static double med_field(const result *r, int runs, size_t off)
{
    double v[16];
    for (int i = 0; i < runs; i++)
        memcpy(&v[i], (const char *)&r[i] + off, sizeof v[i]);
    return median(v, runs);
}

/* The minutes of the top hit's nearest partner in a finder answer, or -1 (none). */
static double answer_partner(const char *text, size_t len, int64_t *orpha)
{
    json_error_t e;
    json_t *doc = json_loadb(text, len, 0, &e),
           *h = json_array_get(json_object_get(doc, "hits"), 0);
    *orpha = h ? json_integer_value(json_object_get(h, "orpha")) : 0;
    json_t *np = json_object_get(h, "nearest_partner");
    double m = np ? json_number_value(json_object_get(np, "minutes")) : -1;
    json_decref(doc);
    return m;
}

/* The answers with networks and a postcode on the demo database, and the SQL reference
 * for the nearest partner. Returns the number of disagreements. */
static int run_care(const char *db, const query *q, int runs)
{
    zl_store *s = NULL;
    zl_err err = {0};
    zl_finder *f = NULL;
    zl_rare_atlas *a = NULL;
    zl_rows areas = {0};
    if (zl_store_open(db, 0, &s, &err) != ZL_OK || zl_finder_build(s, &f, &err) != ZL_OK)
        die(&err);
    double t0 = now_ms();
    if (zl_rare_atlas_build(s, &a, &err) != ZL_OK || zl_rare_area_codes(s, &areas, &err) != ZL_OK)
        die(&err);
    double build = now_ms() - t0;
    static int32_t pc[NQ];
    static double lat[NQ], ref_lat[NQ], ref_cpu[NQ];
    unsigned seed = 20261203u;
    for (int i = 0; i < NQ; i++)
        pc[i] = (int32_t)zl_rows_int(&areas, (size_t)rand_r(&seed) % areas.n, 0);
    zl_rows_free(&areas);
    const char *date = "2026-06-01";
    result fr[16], sr[16];
    int disagree = 0, with_partner = 0;
    double rq[16];
    for (int r = 0; r < runs; r++) {
        double total = now_ms();
        int n_ref = 0, m = 0;
        for (int i = 0; i < NQ; i++) {
            /* a typo can split a multi-byte character: an input error, not an answer */
            if (zl_utf8_invalid_at(q[i].text, strlen(q[i].text)) >= 0)
                continue;
            zl_rare_find_opts o = {NULL, 10, date, pc[i]};
            char *text;
            size_t len;
            double w = now_ms(), c = cpu_ms();
            if (zl_rare_find_text_opts(s, f, a, q[i].text, &o, &text, &len, &err) != ZL_OK)
                die(&err);
            cpu_lat[m] = cpu_ms() - c;
            lat[m++] = now_ms() - w;
            int64_t orpha;
            double mine = answer_partner(text, len, &orpha);
            free(text);
            if (r > 0 || orpha == 0)
                continue; /* the answers do not change between runs: compare once */
            zl_rows ref = {0};
            w = now_ms(), c = cpu_ms();
            if (zl_rare_nearest_partner_sql(s, orpha, date, pc[i], &ref, &err) != ZL_OK)
                die(&err);
            ref_cpu[n_ref] = cpu_ms() - c;
            ref_lat[n_ref++] = now_ms() - w;
            double theirs = ref.n ? strtod(zl_rows_get(&ref, 0, 1), NULL) : -1;
            with_partner += ref.n > 0;
            if (fabs(mine - theirs) > 0.051 && disagree++ < 10)
                printf("DISAGREE: '%s' from %04d: finder's nearest partner %.1f min, SQL %.1f\n",
                       q[i].text, (int)pc[i], mine, theirs);
            zl_rows_free(&ref);
        }
        fr[r] = summarise(lat, m, 0, now_ms() - total);
        /* the search alone on the same queries: what the answer adds on top of it */
        zl_finder_hit hits[10];
        int nh, k = 0;
        double t1 = now_ms();
        for (int i = 0; i < NQ; i++) {
            if (zl_utf8_invalid_at(q[i].text, strlen(q[i].text)) >= 0)
                continue;
            double w = now_ms(), c = cpu_ms();
            if (zl_finder_search(f, s, q[i].text, NULL, hits, 10, &nh, &err) != ZL_OK)
                die(&err);
            cpu_lat[k] = cpu_ms() - c;
            lat[k++] = now_ms() - w;
        }
        sr[r] = summarise(lat, k, 0, now_ms() - t1);
        if (r == 0) {
            memcpy(cpu_lat, ref_cpu, sizeof ref_cpu);
            result rr = summarise(ref_lat, n_ref, 0, 1);
            rq[0] = rr.p50, rq[1] = rr.p99, rq[2] = rr.cpu_p50, rq[3] = rr.cpu_p99;
        }
    }
#define CMED(field) med_field(fr, runs, offsetof(result, field))
    printf("\nanswers with networks and a postcode (zl_rare_find_text_opts, limit 10, %s; atlas "
           "build %.0f ms)\n",
           db, build);
    printf("%-28s %9s %8s %8s %9s %9s\n", "10,000 queries", "qps", "p50 ms", "p99 ms", "cpu p50",
           "cpu p99");
    printf("%-28s %9.0f %8.3f %8.3f %9.3f %9.3f\n", "finder answer + postcode", CMED(qps),
           CMED(p50), CMED(p99), CMED(cpu_p50), CMED(cpu_p99));
#define SMED(field) med_field(sr, runs, offsetof(result, field))
    printf("%-28s %9.0f %8.3f %8.3f %9.3f %9.3f\n", "  of which the search alone", SMED(qps),
           SMED(p50), SMED(p99), SMED(cpu_p50), SMED(cpu_p99));
    printf("%-28s %9s %8.3f %8.3f %9.3f %9.3f\n", "SQL nearest partner (ref.)", "-", rq[0], rq[1],
           rq[2], rq[3]);
    printf("nearest partner: %d top hits have one; answer p99 %.3f ms, cpu p99 %.3f ms (goal "
           "< 1 ms); disagreements: %d\n",
           with_partner, CMED(p99), CMED(cpu_p99), disagree);
    zl_finder_free(f);
    zl_rare_atlas_free(a);
    zl_store_close(s);
    return disagree;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: finder_bench ORDO.json.gz [RUNS]\n");
        return 2;
    }
    int runs = argc > 2 ? atoi(argv[2]) : 3;
    if (runs < 1)
        runs = 1;
    if (runs > 16)
        runs = 16;
    char path[] = "/tmp/zlbenchXXXXXX";
    int fd = mkstemp(path);
    close(fd);
    double imp[16];
    zl_store *s = NULL;
    zl_err err = {0};
    for (int r = 0; r < runs && r < 16; r++) {
        unlink(path);
        zl_store_close(s);
        s = NULL;
        if (zl_store_open(path, 0, &s, &err) != ZL_OK)
            die(&err);
        double t0 = now_ms();
        if (zl_rare_import_ordo(s, argv[1], NULL, &err) != ZL_OK)
            die(&err);
        imp[r] = now_ms() - t0;
    }
    double t0 = now_ms();
    zl_finder *f = NULL;
    if (zl_finder_build(s, &f, &err) != ZL_OK)
        die(&err);
    double build = now_ms() - t0;
    const char *one = getenv("BENCH_QUERY");
    if (one) { /* time one query, repeated: intrinsic cost without the mix */
        zl_finder_hit hits[10];
        int n;
        double c = cpu_ms();
        for (int i = 0; i < 1000; i++)
            if (zl_finder_search(f, s, one, NULL, hits, 10, &n, &err) != ZL_OK)
                die(&err);
        printf("'%s': %.4f ms cpu per query, %d hits\n", one, (cpu_ms() - c) / 1000, n);
    }
    query *q = calloc(NQ, sizeof *q);
    double *lat = calloc(NQ, sizeof *lat);
    make_queries(s, q, 20261123u);
    const char *dump = getenv("BENCH_DUMP");
    if (dump) { /* the same 10,000 queries for the HTTP benchmark (bench/http) */
        FILE *out = fopen(dump, "w");
        if (!out)
            return perror(dump), 1;
        /* A typo can split a multi-byte character; the server rightly refuses those. */
        for (int i = 0; i < NQ; i++)
            if (zl_utf8_invalid_at(q[i].text, strlen(q[i].text)) < 0)
                fprintf(out, "%s\n", q[i].text);
        return fclose(out) != 0;
    }
    t0 = now_ms();
    if (zl_rare_fts_build(s, &err) != ZL_OK)
        die(&err);
    double fts_build = now_ms() - t0;
    if (getenv("BENCH_CARE_ONLY") && argc > 3) /* only the answers with networks */
        return run_care(argv[3], q, runs) ? 1 : 0;
    result fr[16], lr[16], tr[16];
    for (int r = 0; r < runs && r < 16; r++) {
        fr[r] = run_finder(s, f, q, lat);
        lr[r] = run_sql(s, zl_rare_like_search, SIDE_LIKE, 1, q, lat);
        tr[r] = run_sql(s, zl_rare_fts_search, SIDE_FTS, FTS_STRIDE, q, lat);
    }
#define MED(arr, field) med_field(arr, runs, offsetof(result, field))
    double fq = MED(fr, qps), lq = MED(lr, qps), tq = MED(tr, qps);
    printf("rare-disease finder benchmark (%d runs, medians; %zu names indexed)\n", runs,
           zl_finder_names(f));
    printf("ORDO import (%s): %.0f ms\n", argv[1], median(imp, runs));
    printf("finder index build: %.1f ms; FTS5 trigram index build: %.1f ms\n", build, fts_build);
    printf("%-28s %9s %8s %8s %9s %9s %10s\n", "10,000 queries", "qps", "p50 ms", "p99 ms",
           "cpu p50", "cpu p99", "found@10 %");
    printf("%-28s %9.0f %8.3f %8.3f %9.3f %9.3f %10.1f\n", "finder (zl_finder_search)", fq,
           MED(fr, p50), MED(fr, p99), MED(fr, cpu_p50), MED(fr, cpu_p99), MED(fr, found));
    printf("%-28s %9.0f %8.3f %8.3f %9.3f %9.3f %10.1f\n", "SQL LIKE '%q%' (reference)", lq,
           MED(lr, p50), MED(lr, p99), MED(lr, cpu_p50), MED(lr, cpu_p99), MED(lr, found));
    printf("%-28s %9.0f %8.3f %8.3f %9.3f %9.3f %10.1f\n", "FTS5 trigram bm25 (1/10 mix)", tq,
           MED(tr, p50), MED(tr, p99), MED(tr, cpu_p50), MED(tr, cpu_p99), MED(tr, found));
    printf("throughput ratio finder / LIKE: %.1fx; finder / FTS5: %.1fx\n", fq / lq, fq / tq);
    int disagree = compare_sides(q);
    if (argc > 3)
        disagree += run_care(argv[3], q, runs);
    zl_finder_free(f);
    zl_store_close(s);
    unlink(path);
    char side[64];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    free(q);
    free(lat);
    return disagree ? 1 : 0;
}
