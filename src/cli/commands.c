/* The table of `zl` commands. Add a line here and a cmd_*.c file for a new command. */
#include "cli.h"

static const zl_command commands[] = {
    {"version", cmd_version, "print the version and schema version"},
    {"demo", cmd_demo, "build the sample database from scratch and show an impact"},
    {"db", cmd_db, "database housekeeping: db info"},
    {"serve", cmd_serve, "run the HTTP API and browser UI"},
    {"token", cmd_token, "API tokens: token create|list|revoke"},
    {"import", cmd_import, "import a CSV file: zl import KIND FILE"},
    {"travel", cmd_travel, "travel times: zl travel build | export --csv | estimate"},
    {"acute", cmd_acute, "acute care within 45 minutes: zl acute reach | close (RIVM method)"},
    {"route", cmd_route, "batch travel table: zl route table --from FILE --to FILE"},
    {"synth", cmd_synth, "synthetic sample data: zl synth flows"},
    {"norms", cmd_norms, "volume-norm check per location: zl norms [--intervention C]"},
    {"impact", cmd_impact, "impact of a volume norm: zl impact --intervention C [--norm N]"},
    {"choice", cmd_choice, "hospital-choice model: zl choice fit|show --intervention C"},
    {"optimise", cmd_optimise, "which locations keep an intervention: zl optimise --intervention C"},
    {"pseudonymise", cmd_pseudonymise, "turn BSNs into registry pseudonyms (at the hospital)"},
    {"registry", cmd_registry, "diagnosis registrations: import, submissions, counts, synth"},
    {"concentration", cmd_concentration, "VSOP concentration rule per disease (zl rare concentration)"},
    {"rare", cmd_rare, "rare diseases: import, list, find, show"},
};

const zl_command *cli_commands(int *count)
{
    *count = (int)(sizeof commands / sizeof commands[0]);
    return commands;
}
