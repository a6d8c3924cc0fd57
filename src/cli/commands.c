/* The table of `zl` commands. Add a line here, a cmd_*.c file with the command and its
 * zl_cmd_spec (usage, help, options, subcommands): that one description gives --help,
 * argument checking with "did you mean", the man page, bash completion and the
 * conventions test (tests/e2e/test_cli_conventions.sh) walking it. */
#include "cli.h"

static const zl_command commands[] = {
    {"version", cmd_version, "print the version and schema version", &version_spec},
    {"demo", cmd_demo, "build the sample database from scratch and show an impact", &demo_spec},
    {"db", cmd_db, "database housekeeping", &db_spec},
    {"serve", cmd_serve, "run the HTTP API and browser UI", &serve_spec},
    {"token", cmd_token, "API tokens for the HTTP server", &token_spec},
    {"import", cmd_import, "import a CSV file of the care landscape", &import_spec},
    {"travel", cmd_travel, "travel times: build, export, estimate", &travel_spec},
    {"acute", cmd_acute, "acute care within 45 minutes: reach, close, calibrate (RIVM method)",
     &acute_spec},
    {"route", cmd_route, "batch travel table through the travel provider", &route_spec},
    {"synth", cmd_synth, "synthetic sample data", &synth_spec},
    {"norms", cmd_norms, "volume-norm check per location", &norms_spec},
    {"impact", cmd_impact, "impact of a volume norm", &impact_spec},
    {"choice", cmd_choice, "hospital-choice model: fit, show", &choice_spec},
    {"quality", cmd_quality, "quality indicators: funnel, volume-outcome, publish-status, compare",
     &quality_spec},
    {"assess", cmd_assess, "regional impact assessment: four dimensions, verdicts, mitigation",
     &assess_spec},
    {"report", cmd_report, "reports as documents: report impact (HTML, PDF, PNG, XLSX, CSV)",
     &report_spec},
    {"optimise", cmd_optimise, "which locations keep an intervention", &optimise_spec},
    {"pseudonymise", cmd_pseudonymise, "turn BSNs into registry pseudonyms (at the hospital)",
     &pseudonymise_spec},
    {"registry", cmd_registry, "diagnosis registrations: import, submissions, counts, synth",
     &registry_spec},
    {"concentration", cmd_concentration, "VSOP concentration rule per disease",
     &concentration_spec},
    {"rare", cmd_rare, "rare diseases: import, list, find, show, concentration", &rare_spec},
    {"generate", cmd_generate, "write the man page or the bash completion script", &generate_spec},
    {0}};

const zl_command *cli_commands(int *count)
{
    *count = (int)(sizeof commands / sizeof commands[0]) - 1;
    return commands;
}
