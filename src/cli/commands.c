/* The table of `zl` commands. Add a line here and a cmd_*.c file for a new command. */
#include "cli.h"

static const zl_command commands[] = {
    {"version", cmd_version, "print the version and schema version"},
    {"db", cmd_db, "database housekeeping: db info"},
    {"pseudonymise", cmd_pseudonymise, "turn BSNs into registry pseudonyms (at the hospital)"},
    {"registry", cmd_registry, "diagnosis registrations: import, submissions, counts, synth"},
    {"concentration", cmd_concentration, "VSOP concentration rule per disease (zl rare concentration)"},
    {"import", cmd_import, "import a CSV file: zl import KIND FILE"},
    {"rare", cmd_rare, "rare diseases: import, list, find, show"},
};

const zl_command *cli_commands(int *count)
{
    *count = (int)(sizeof commands / sizeof commands[0]);
    return commands;
}
