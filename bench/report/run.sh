#!/usr/bin/env bash
# The impact report against named references in the same run (docs/performance.md, "Impact
# report (issue 15)"), on the demo database:
#   ours   `zl report impact` as a user runs it (case load, every rule, the assessment with
#          mitigation and the optimiser, the document, the back end): LUNG at 60 as HTML and
#          as PDF (goals: < 1 s and < 3 s), and the national roll-up of the seven
#          interventions with a proposed norm as HTML and PDF (goal: < 20 s);
#   tidy   HTML Tidy parsing and checking the same HTML (the validator the tests use): what
#          reading the document costs a well-kept C HTML library;
#   chromium  headless Chromium printing the same HTML to PDF (--print-to-pdf): the browser
#          route the report avoids.
# Medians of RUNS runs (wall and CPU of the process and its children, ms). Agreement (exit 1
# when it fails): tidy finds no error in our HTML, and our PDF and Chromium's PDF of our
# HTML carry the same key figures as the JSON of `zl impact` (pdftotext).
# Usage: bench/report/run.sh [DB]   (default: builds bench/out/report-demo.db with zl demo)
#        RUNS=5 (national: RUNS_NATIONAL=3, chromium: RUNS_CHROMIUM=3); ZL=path/to/zl.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ZL=${ZL:-$ROOT/build/zl}
OUT=$ROOT/bench/out/report
mkdir -p "$OUT"
DB=${1:-$ROOT/bench/out/report-demo.db}
[ -x "$ZL" ] || { echo "bench: run 'make build' first" >&2; exit 1; }
if [ ! -f "$DB" ]; then
  echo "building the demo database $DB ..." >&2
  "$ZL" --db "$DB" demo >/dev/null 2>&1
fi
for tool in tidy pdftotext chromium; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is required" >&2; exit 1; }
done
echo "report: medians, ms ($(date -u +%FT%TZ), load $(cut -d' ' -f1 /proc/loadavg), $(nproc) cores)"
python3 "$ROOT/bench/report/bench.py" "$ZL" "$DB" "$OUT" "${RUNS:-5}" "${RUNS_NATIONAL:-3}" \
  "${RUNS_CHROMIUM:-3}"
