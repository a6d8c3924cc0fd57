/* The command line walk of `zl`, driven by the one description of the commands: finds the
 * command and subcommand, takes the global options (--db, --quiet, --help, --version)
 * from anywhere on the line, checks every option against the command's description
 * (suggesting the closest when unknown), normalises values that have a fixed set of
 * choices (case-insensitively) and builds the argv the command itself parses. */
#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "args.h"
#include "zorglandschap/rare_finder.h"

const zl_opt zl_global_opts[] = {
    {"db", 'D', "FILE|URI",
     "the database: an SQLite file or a postgresql:// URI (default ./" ZL_DEFAULT_DB " or $ZL_DB)",
     NULL, 0},
    {"quiet", 'q', NULL, "no progress output on stderr", NULL, 'q'},
    {"help", 'h', NULL, "describe the command (to stdout) and exit 0", NULL, 'h'},
    {"version", 'V', NULL, "print the version and exit 0", NULL, 'V'},
    {NULL, 0, NULL, NULL, NULL, 0}};

/* The finder's Damerau-Levenshtein distance (rare_finder.h), case-insensitive. */
static size_t distance(const char *a, const char *b)
{
    char la[65], lb[65];
    size_t n = strlen(a), m = strlen(b);
    if (n > 64 || m > 64)
        return 99;
    for (size_t i = 0; i <= n; i++)
        la[i] = (char)tolower((unsigned char)a[i]);
    for (size_t i = 0; i <= m; i++)
        lb[i] = (char)tolower((unsigned char)b[i]);
    return (size_t)zl_edit_distance(la, n, lb, m, 8);
}

const char *cli_closest(const char *s, const char *const *cands, size_t n)
{
    const char *best = NULL;
    size_t best_d = 99, len = strlen(s);
    for (size_t i = 0; i < n; i++) {
        size_t d = distance(s, cands[i]);
        /* A prefix of a candidate ("--inter") is as good as a small typo. */
        if (len >= 3 && strncasecmp(s, cands[i], len) == 0)
            d = 1;
        if (d < best_d) {
            best_d = d;
            best = cands[i];
        }
    }
    size_t limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
    return best_d <= limit ? best : NULL;
}

static size_t count_opts(const zl_opt *o)
{
    size_t n = 0;
    while (o && o[n].name)
        n++;
    return n;
}

/* Finds an option by exact long name, or by a unique prefix as getopt allows. */
static const zl_opt *find_long(const zl_opt *opts, const char *name, size_t len, int *matches)
{
    const zl_opt *hit = NULL;
    for (size_t i = 0; opts && opts[i].name; i++) {
        if (strncmp(opts[i].name, name, len) != 0)
            continue;
        if (strlen(opts[i].name) == len) {
            *matches = 1;
            return &opts[i];
        }
        hit = hit ? hit : &opts[i];
        (*matches)++;
    }
    return hit;
}

static const zl_opt *find_short(const zl_opt *opts, char c)
{
    for (size_t i = 0; opts && opts[i].name; i++)
        if (opts[i].short_name == c)
            return &opts[i];
    return NULL;
}

static const char *path_of(const cli_args *a, char *buf, size_t n)
{
    snprintf(buf, n, "zl%s%s%s%s", a->cmd ? " " : "", a->cmd ? a->cmd->name : "",
             a->node && a->node != a->cmd ? " " : "",
             a->node && a->node != a->cmd ? a->node->name : "");
    return buf;
}

static int unknown_option(const cli_args *a, const char *opt)
{
    const zl_opt *sets[2] = {a->node && a->node->spec ? a->node->spec->opts : NULL, zl_global_opts};
    const char *names[128];
    char store[128][48];
    size_t n = 0;
    for (size_t s = 0; s < 2; s++)
        for (size_t i = 0; sets[s] && sets[s][i].name && n < 128; i++, n++) {
            snprintf(store[n], sizeof store[n], "--%s", sets[s][i].name);
            names[n] = store[n];
        }
    const char *eq = strchr(opt, '=');
    char bare[64];
    snprintf(bare, sizeof bare, "%.*s", (int)(eq ? (size_t)(eq - opt) : strlen(opt)), opt);
    const char *best = cli_closest(bare, names, n);
    char where[128];
    path_of(a, where, sizeof where);
    if (best)
        return cli_usage("unknown option '%s' for '%s'; did you mean '%s'? (%s --help)", bare,
                         where, best, where);
    return cli_usage("unknown option '%s' for '%s' (%s --help lists the options)", bare, where,
                     where);
}

static int unknown_command(const zl_command *list, const char *word, const char *where)
{
    const char *names[128];
    size_t n = 0;
    for (; list[n].name && n < 128; n++)
        names[n] = list[n].name;
    const char *best = cli_closest(word, names, n);
    if (best)
        return cli_usage("unknown command '%s' for '%s'; did you mean '%s'?", word, where, best);
    return cli_usage("unknown command '%s' for '%s' (%s --help lists the commands)", word, where,
                     where);
}

static bool push(cli_args *a, char *s)
{
    if ((size_t)a->argc + 2 > a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 16;
        char **v = realloc(a->argv, cap * sizeof *v);
        if (!v)
            return false;
        a->argv = v;
        a->cap = cap;
    }
    a->argv[a->argc++] = s;
    a->argv[a->argc] = NULL;
    return true;
}

/* Checks a value against "a|b|c" case-insensitively; *canon points into a static copy
 * of the matching choice. */
static int check_choice(const cli_args *a, const zl_opt *o, const char *value, char **canon)
{
    char buf[256], *save = NULL;
    snprintf(buf, sizeof buf, "%s", o->choices);
    const char *names[32];
    size_t n = 0;
    for (char *t = strtok_r(buf, "|", &save); t && n < 32; t = strtok_r(NULL, "|", &save)) {
        names[n++] = t;
        if (strcasecmp(t, value) == 0) {
            *canon = strdup(t);
            return *canon ? -1 : cli_usage("out of memory");
        }
    }
    char list[256] = "";
    for (size_t i = 0; i < n; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", names[i]);
    const char *best = cli_closest(value, names, n);
    if (best)
        return cli_usage("--%s: '%s' is not one of %s; did you mean '%s'?", o->name, value, list,
                         best);
    return cli_usage("--%s: '%s' is not one of %s", o->name, value, list);
}

/* Handles a global option at argv[*i]; returns -1 to go on, or an exit code. */
static int take_global(cli_args *a, const zl_opt *g, const char *inline_val, int argc, char **argv,
                       int *i)
{
    switch (g->key) {
    case 'D':
        if (!inline_val && *i + 1 >= argc)
            return cli_usage("--db needs a FILE");
        a->db_path = inline_val ? inline_val : argv[++*i];
        return -1;
    case 'q':
        a->quiet = true;
        return -1;
    case 'h':
        a->help = a->help || !a->version;
        return -1;
    default:
        a->version = a->version || !a->help;
        return -1;
    }
}

/* Handles an option word (starting with '-'); returns -1 to go on, or an exit code. */
static int take_option(cli_args *a, int argc, char **argv, int *i)
{
    char *w = argv[*i];
    const zl_opt *node_opts = a->node && a->node->spec ? a->node->spec->opts : NULL;
    const zl_opt *o = NULL;
    const char *inline_val = NULL;
    int matches = 0;
    if (w[1] == '-') {
        const char *eq = strchr(w, '=');
        size_t len = eq ? (size_t)(eq - w - 2) : strlen(w + 2);
        inline_val = eq ? eq + 1 : NULL;
        /* Exact names first (the command's own before the global ones), then prefixes. */
        int gm = 0;
        const zl_opt *g = find_long(zl_global_opts, w + 2, len, &gm);
        o = find_long(node_opts, w + 2, len, &matches);
        bool o_exact = o && strlen(o->name) == len, g_exact = g && strlen(g->name) == len;
        if (g_exact && !o_exact)
            return take_global(a, g, inline_val, argc, argv, i);
        if (!o_exact && matches + gm > 1)
            return cli_usage("option '%.*s' is ambiguous", (int)len + 2, w);
        if (!o && g)
            return take_global(a, g, inline_val, argc, argv, i);
    } else {
        const zl_opt *g = w[2] == '\0' ? find_short(zl_global_opts, w[1]) : NULL;
        if (g)
            return take_global(a, g, NULL, argc, argv, i);
        o = w[2] == '\0' ? find_short(node_opts, w[1]) : NULL;
    }
    /* A command without a description passes its options through unchecked. */
    if (!o && a->cmd && !a->node->spec)
        return push(a, w) ? -1 : cli_usage("out of memory");
    if (!o)
        return unknown_option(a, w);
    if (!o->arg) {
        if (inline_val)
            return cli_usage("--%s takes no value", o->name);
        return push(a, w) ? -1 : cli_usage("out of memory");
    }
    const char *value = inline_val;
    if (!value && *i + 1 >= argc)
        return cli_usage("--%s needs a value (%s)", o->name, o->arg);
    if (!value)
        value = argv[++*i];
    char *canon = NULL;
    if (o->choices) {
        int rc = check_choice(a, o, value, &canon);
        if (rc >= 0)
            return rc;
        value = canon;
    }
    char *flag = malloc(strlen(o->name) + 3);
    /* Passed on as "--name VALUE" so getopt sees the full name and the normalised value. */
    if (!flag) {
        free(canon);
        return cli_usage("out of memory");
    }
    sprintf(flag, "--%s", o->name);
    bool ok = push(a, flag) && push(a, (char *)value);
    if (ok)
        a->owned[a->nowned++] = flag;
    if (ok && canon)
        a->owned[a->nowned++] = canon;
    return ok ? -1 : cli_usage("out of memory");
}

static bool is_option(const char *w)
{
    return w[0] == '-' && w[1] != '\0' && !(w[1] >= '0' && w[1] <= '9') && w[1] != '.';
}

/* Handles a positional word: the command, a subcommand, or an argument. */
static int take_word(cli_args *a, const zl_command *root, char *w)
{
    if (!a->cmd) {
        for (size_t k = 0; root[k].name; k++)
            if (strcmp(root[k].name, w) == 0)
                a->cmd = a->node = &root[k];
        if (!a->cmd)
            return unknown_command(root, w, "zl");
    } else if (a->node == a->cmd && a->cmd->spec && a->cmd->spec->subs && !a->node_args) {
        const zl_command *subs = a->cmd->spec->subs;
        for (size_t k = 0; subs[k].name; k++)
            if (strcmp(subs[k].name, w) == 0)
                a->node = &subs[k];
        if (a->node == a->cmd) {
            char where[64];
            snprintf(where, sizeof where, "zl %s", a->cmd->name);
            return unknown_command(subs, w, where);
        }
    } else {
        a->node_args++;
    }
    return push(a, w) ? -1 : cli_usage("out of memory");
}

int cli_args_parse(cli_args *a, const zl_command *root, int argc, char **argv)
{
    bool dashdash = false;
    if (argc > 64 * 1024)
        return cli_usage("too many arguments");
    a->owned = calloc((size_t)argc * 2 + 1, sizeof *a->owned);
    if (!a->owned)
        return cli_usage("out of memory");
    for (int i = 1; i < argc; i++) {
        char *w = argv[i];
        int rc = -1;
        if (dashdash)
            rc = push(a, w) ? -1 : cli_usage("out of memory");
        else if (strcmp(w, "--") == 0 && a->cmd)
            dashdash = push(a, w);
        else if (is_option(w))
            rc = take_option(a, argc, argv, &i);
        else
            rc = take_word(a, root, w);
        if (rc >= 0)
            return rc;
    }
    if (a->node && a->node != a->cmd && !a->node->spec)
        a->node = a->cmd; /* an undescribed subcommand: the command's description */
    a->flags = a->node && a->node->spec ? a->node->spec->flags : 0;
    if (!a->flags && a->cmd && a->cmd->spec)
        a->flags = a->cmd->spec->flags;
    return -1;
}

void cli_args_free(cli_args *a)
{
    for (size_t i = 0; a->owned && i < a->nowned; i++)
        free(a->owned[i]);
    free(a->owned);
    free(a->argv);
}

int cli_getopt(zl_cli *cli, int argc, char **argv)
{
    const zl_opt *opts = cli->node && cli->node->spec ? cli->node->spec->opts : NULL;
    if (!cli->longopts) {
        size_t n = count_opts(opts), k = 0;
        cli->longopts = calloc(n + 1, sizeof *cli->longopts);
        if (!cli->longopts)
            return '?';
        for (size_t i = 0; i < n; i++) {
            cli->longopts[i] = (struct option){
                opts[i].name, opts[i].arg ? required_argument : no_argument, NULL, opts[i].key};
            if (opts[i].short_name && k + 3 < sizeof cli->optstring) {
                cli->optstring[k++] = opts[i].short_name;
                if (opts[i].arg)
                    cli->optstring[k++] = ':';
            }
        }
        cli->optstring[k] = '\0';
    }
    return getopt_long(argc, argv, cli->optstring, cli->longopts, NULL);
}
