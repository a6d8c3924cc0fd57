/* Everything printed ABOUT the commands, from their one description (commands.c and the
 * zl_cmd_spec of each cmd_*.c): --help text, the man page zl(1) and the bash completion
 * script. `zl generate man|bash-completion` writes the last two; the build makes them and
 * `make install` installs them. */
#include <jansson.h>
#include <string.h>

#include "cli.h"

static const char exit_codes[] = "0 ok; 1 error; 2 usage (unknown command or option, bad "
                                 "argument); 3 partial import (rows rejected)";

/* "zl rare find" for a node. */
static void path_name(char *buf, size_t n, const zl_command *cmd, const zl_command *node)
{
    if (!cmd)
        snprintf(buf, n, "zl");
    else if (!node || node == cmd)
        snprintf(buf, n, "zl %s", cmd->name);
    else
        snprintf(buf, n, "zl %s %s", cmd->name, node->name);
}

/* Writes the usage lines of one node: "zl PATH" + each line of its synopsis. */
static void usage_lines(FILE *f, const char *path, const char *usage, bool *first)
{
    size_t indent = strlen("usage: ") + strlen(path) + 1;
    const char *p = usage && *usage ? usage : "";
    do {
        const char *nl = strchr(p, '\n');
        int len = nl ? (int)(nl - p) : (int)strlen(p);
        if (len > 0 && p[0] == ' ')
            fprintf(f, "%*s%.*s\n", (int)indent, "", len - 1, p + 1);
        else
            fprintf(f, "%s%s%s%.*s\n", *first ? "usage: " : "       ", path, len ? " " : "", len,
                    p);
        *first = false;
        p = nl ? nl + 1 : NULL;
    } while (p && *p);
}

static void option_lines(FILE *f, const zl_opt *o)
{
    for (; o && o->name; o++) {
        char left[64];
        snprintf(left, sizeof left, "--%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
        if (o->short_name)
            snprintf(left + strlen(left), sizeof left - strlen(left), ", -%c", o->short_name);
        fprintf(f, "  %-24s %s", left, o->help ? o->help : "");
        if (o->choices) {
            fputs(" (", f);
            for (const char *c = o->choices; *c; c++)
                fputs(*c == '|' ? ", " : (char[2]){*c, 0}, f);
            fputs(")", f);
        }
        fputc('\n', f);
    }
}

static void root_help(FILE *f, const zl_command *root)
{
    fprintf(f, "usage: zl [--db FILE] [--quiet] COMMAND [ARGS]\n"
               "       zl --version | --help\n\n"
               "Decision support for the Dutch landscape of specialist hospital care.\n"
               "The database defaults to ./" ZL_DEFAULT_DB " (or $ZL_DB).\n\ncommands:\n");
    for (const zl_command *c = root; c->name; c++)
        fprintf(f, "  %-14s %s\n", c->name, c->summary);
    fprintf(f, "\nglobal options (anywhere on the line):\n");
    option_lines(f, zl_global_opts);
    fprintf(f, "\nexit codes: %s.\n'zl COMMAND --help' describes a command; man zl.\n", exit_codes);
}

void cli_help(FILE *f, const zl_command *root, const zl_command *cmd, const zl_command *node)
{
    if (!cmd) {
        root_help(f, root);
        return;
    }
    char path[128];
    path_name(path, sizeof path, cmd, node);
    const zl_cmd_spec *sp = node->spec;
    bool first = true;
    if (sp && sp->subs) {
        for (const zl_command *s = sp->subs; s->name; s++) {
            char sub[160];
            snprintf(sub, sizeof sub, "%s %s", path, s->name);
            usage_lines(f, sub, s->spec ? s->spec->usage : "...", &first);
        }
    } else {
        usage_lines(f, path, sp ? sp->usage : "[ARGS]", &first);
    }
    fprintf(f, "\n%s.\n", node->summary);
    if (sp && sp->help)
        fprintf(f, "%s%s", sp->help, sp->help[strlen(sp->help) - 1] == '\n' ? "" : "\n");
    if (sp && sp->subs) {
        fprintf(f, "\nsubcommands:\n");
        for (const zl_command *s = sp->subs; s->name; s++)
            fprintf(f, "  %-14s %s\n", s->name, s->summary);
        fprintf(f, "'%s SUBCOMMAND --help' describes one.\n", path);
    }
    if (sp && sp->opts && sp->opts->name) {
        fprintf(f, "\noptions:\n");
        option_lines(f, sp->opts);
    }
    fprintf(f,
            "\nglobal options: --db FILE, --quiet (-q), --help (-h), --version (-V).\n"
            "exit codes: %s.\n",
            exit_codes);
}

/* troff text: backslashes doubled, '-' as \-, a leading '.' or '\'' protected. */
static void roff(FILE *f, const char *s)
{
    bool bol = true;
    for (; s && *s; s++) {
        if (bol && (*s == '.' || *s == '\''))
            fputs("\\&", f);
        if (*s == '\\')
            fputs("\\e", f);
        else if (*s == '-')
            fputs("\\-", f);
        else
            fputc(*s, f);
        bol = *s == '\n';
    }
}

static void man_options(FILE *f, const zl_opt *o)
{
    for (; o && o->name; o++) {
        fputs(".TP\n\\fB", f);
        roff(f, "--");
        roff(f, o->name);
        fputs("\\fR", f);
        if (o->arg) {
            fputs(" \\fI", f);
            roff(f, o->arg);
            fputs("\\fR", f);
        }
        if (o->short_name)
            fprintf(f, ", \\fB\\-%c\\fR", o->short_name);
        fputc('\n', f);
        roff(f, o->help);
        if (o->choices) {
            fputs(" (one of: ", f);
            roff(f, o->choices);
            fputs(")", f);
        }
        fputc('\n', f);
    }
}

static void man_node(FILE *f, const zl_command *cmd, const zl_command *node)
{
    char path[128];
    path_name(path, sizeof path, cmd, node);
    fputs(node == cmd ? ".SS " : ".TP\n\\fB", f);
    roff(f, path);
    fputs(node == cmd ? "\n" : "\\fR\n", f);
    const zl_cmd_spec *sp = node->spec;
    if (sp && sp->usage && !sp->subs) {
        fputs(".nf\n", f);
        roff(f, path);
        fputc(' ', f);
        roff(f, sp->usage);
        fputs("\n.fi\n", f);
    }
    roff(f, node->summary);
    fputs(".\n", f);
    if (sp && sp->help) {
        fputs(".PP\n", f);
        roff(f, sp->help);
        fputc('\n', f);
    }
    if (sp && sp->opts && sp->opts->name) {
        fputs(".RS\n", f);
        man_options(f, sp->opts);
        fputs(".RE\n", f);
    }
    for (const zl_command *s = sp && sp->subs ? sp->subs : NULL; s && s->name; s++)
        man_node(f, cmd, s);
}

void cli_write_man(FILE *f, const zl_command *root)
{
    fputs(".TH ZL 1 \"\" \"zorglandschap 0.1.0\" \"User Commands\"\n"
          ".SH NAME\nzl \\- decision support for the Dutch landscape of specialist hospital "
          "care\n.SH SYNOPSIS\n\\fBzl\\fR [\\fB\\-\\-db\\fR \\fIFILE\\fR] [\\fB\\-\\-quiet\\fR] "
          "\\fICOMMAND\\fR [\\fIARGS\\fR]\n.br\n\\fBzl\\fR \\fB\\-\\-version\\fR | "
          "\\fB\\-\\-help\\fR\n.SH DESCRIPTION\n"
          "Volume norms and their impact, profile choices, the rare-disease finder and the "
          "diagnosis registry of zorglandschap. Synthetic numbers are labelled as such in "
          "every output.\n.SH GLOBAL OPTIONS\nAccepted anywhere on the line.\n",
          f);
    man_options(f, zl_global_opts);
    fputs(".SH COMMANDS\n", f);
    for (const zl_command *c = root; c->name; c++)
        man_node(f, c, c);
    fputs(".SH EXIT STATUS\n.TP\n0\nsuccess\n.TP\n1\nan error (bad data, missing database, "
          "failed write)\n.TP\n2\nusage: unknown command or option (with the closest one "
          "suggested), bad argument\n.TP\n3\npartial import: some rows were rejected (the "
          "others are kept only with \\fB\\-\\-allow\\-partial\\fR)\n"
          ".SH ENVIRONMENT\n.TP\nZL_DB\nthe database when \\fB\\-\\-db\\fR is not given\n"
          ".TP\nZL_DATA\nthe data directory of \\fBzl demo\\fR\n"
          ".SH NOTES\nTables go to stdout (\\fB\\-\\-csv\\fR or \\fB\\-\\-json\\fR for machines); "
          "messages and progress go to stderr. Read-only commands never create a database.\n",
          f);
}

/* One completion table entry per node: subcommands, options, and each option's value. */
static void bash_node(FILE *f, const char *key, const zl_cmd_spec *sp)
{
    if (sp && sp->subs) {
        fprintf(f, "  [\"%s\"]=\"", key);
        for (const zl_command *s = sp->subs; s->name; s++)
            fprintf(f, "%s%s", s == sp->subs ? "" : " ", s->name);
        fputs("\"\n", f);
    }
}

static void bash_opts(FILE *f, const char *key, const zl_opt *o, bool values)
{
    if (!values) {
        fprintf(f, "  [\"%s\"]=\"", key);
        for (const zl_opt *p = o; p && p->name; p++)
            fprintf(f, "%s--%s", p == o ? "" : " ", p->name);
        fputs("\"\n", f);
        return;
    }
    for (const zl_opt *p = o; p && p->name; p++)
        if (p->arg)
            fprintf(f, "  [\"%s|--%s\"]=\"%s\"\n", key, p->name, p->choices ? p->choices : p->arg);
}

static void bash_tables(FILE *f, const zl_command *root, int table)
{
    if (table == 0) {
        fputs("  [\"zl\"]=\"", f);
        for (const zl_command *c = root; c->name; c++)
            fprintf(f, "%s%s", c == root ? "" : " ", c->name);
        fputs("\"\n", f);
    }
    if (table > 0)
        bash_opts(f, "zl", zl_global_opts, table == 2);
    for (const zl_command *c = root; c->name; c++) {
        char key[128];
        snprintf(key, sizeof key, "zl %s", c->name);
        const zl_cmd_spec *sp = c->spec;
        if (table == 0)
            bash_node(f, key, sp);
        else
            bash_opts(f, key, sp ? sp->opts : NULL, table == 2);
        for (const zl_command *s = sp && sp->subs ? sp->subs : NULL; s && s->name; s++) {
            char sk[192];
            snprintf(sk, sizeof sk, "%s %s", key, s->name);
            if (table > 0)
                bash_opts(f, sk, s->spec ? s->spec->opts : NULL, table == 2);
        }
    }
}

void cli_write_bash_completion(FILE *f, const zl_command *root)
{
    fputs("# bash completion for zl (zorglandschap); generated by `zl generate "
          "bash-completion`\n# from the command descriptions. Do not edit.\n"
          "declare -gA _zl_subs=(\n",
          f);
    bash_tables(f, root, 0);
    fputs(")\ndeclare -gA _zl_opts=(\n", f);
    bash_tables(f, root, 1);
    fputs(")\ndeclare -gA _zl_vals=(\n", f);
    bash_tables(f, root, 2);
    fputs(")\n"
          "_zl() {\n"
          "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
          "  local path=zl i w skip=0\n"
          "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
          "    w=${COMP_WORDS[i]}\n"
          "    if ((skip)); then skip=0; continue; fi\n"
          "    case $w in\n"
          "      --*=*) ;;\n"
          "      -*) [[ -n ${_zl_vals[\"$path|$w\"]+x} || -n ${_zl_vals[\"zl|$w\"]+x} ]] && "
          "skip=1 ;;\n"
          "      *) [[ \" ${_zl_subs[$path]-} \" == *\" $w \"* ]] && path=\"$path $w\" ;;\n"
          "    esac\n"
          "  done\n"
          "  local val=${_zl_vals[\"$path|$prev\"]-${_zl_vals[\"zl|$prev\"]-}}\n"
          "  if [[ -n $val ]]; then\n"
          "    case $val in\n"
          "      *'|'*) COMPREPLY=($(compgen -W \"${val//|/ }\" -- \"$cur\")) ;;\n"
          "      *FILE*|*DIR*) COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n"
          "      *) COMPREPLY=() ;;\n"
          "    esac\n"
          "    return 0\n"
          "  fi\n"
          "  if [[ $cur == -* ]]; then\n"
          "    COMPREPLY=($(compgen -W \"${_zl_opts[$path]-} ${_zl_opts[zl]}\" -- \"$cur\"))\n"
          "  elif [[ -n ${_zl_subs[$path]-} ]]; then\n"
          "    COMPREPLY=($(compgen -W \"${_zl_subs[$path]}\" -- \"$cur\"))\n"
          "  else\n"
          "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
          "  fi\n"
          "}\n"
          "complete -F _zl zl\n",
          f);
}

static json_t *json_opts(const zl_opt *o)
{
    json_t *a = json_array();
    for (; o && o->name; o++) {
        json_t *j = json_pack("{s:s,s:s?,s:s?,s:s?}", "name", o->name, "arg", o->arg, "help",
                              o->help, "choices", o->choices);
        if (j && o->short_name)
            json_object_set_new(j, "short", json_sprintf("%c", o->short_name));
        json_array_append_new(a, j);
    }
    return a;
}

static json_t *json_node(const zl_command *cmd, const zl_command *node)
{
    char path[128];
    path_name(path, sizeof path, cmd, node);
    const zl_cmd_spec *sp = node->spec;
    unsigned flags = sp ? sp->flags : 0;
    if (!flags && node != cmd && cmd->spec)
        flags = cmd->spec->flags;
    json_t *j =
        json_pack("{s:s,s:s,s:b,s:b,s:b,s:o}", "path", path + 3, "summary", node->summary,
                  "described", sp != NULL, "creates_db", (flags & ZL_CMD_CREATES_DB) != 0, "no_db",
                  (flags & ZL_CMD_NO_DB) != 0, "options", json_opts(sp ? sp->opts : NULL));
    json_t *subs = json_array();
    for (const zl_command *s = sp && sp->subs ? sp->subs : NULL; s && s->name; s++)
        json_array_append_new(subs, json_node(cmd, s));
    json_object_set_new(j, "subcommands", subs);
    return j;
}

json_t *cli_commands_json(const zl_command *root)
{
    json_t *cmds = json_array();
    for (const zl_command *c = root; c->name; c++)
        json_array_append_new(cmds, json_node(c, c));
    return json_pack("{s:o,s:o}", "global_options", json_opts(zl_global_opts), "commands", cmds);
}
