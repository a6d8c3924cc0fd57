#!/usr/bin/env bash
# The choice model and the choice allocation, engine vs plain SQL, on the demo database
# (docs/performance.md, "Patient choice (issue 10)"). For every intervention:
#   engine  zl_case_load once; then, median of RUNS runs each: zl_choice_fit (the fit alone,
#           75+ interaction), zl_impact_run under the rule `choice` at the proposed norm (else
#           twice the current one), zl_impact_run_rules (every rule) — bench/choice/choice_bench.c
#   SQL     bench/choice/choice.sql in the sqlite3 shell (.timer: start-up not counted; its
#           "user" CPU time): the same stop decision and choice allocation from the stored
#           model; median of RUNS
# Both sides report CPU time (the machine is shared).
# The expected patients per location, the displaced patients and their extra minutes must
# agree (to 1e-3); the script exits non-zero when they do not.
# Usage: bench/choice/run.sh [DB]   (default: builds bench/out/choice-demo.db with zl demo)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ZL=${ZL:-$ROOT/build/zl}
RUNS=${RUNS:-5}
OUT=$ROOT/bench/out
mkdir -p "$OUT"
DB=${1:-$OUT/choice-demo.db}
[ -x "$ZL" ] && [ -f "$ROOT/build/libzorglandschap.a" ] || { echo "bench: run 'make build' first" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "bench: needs sqlite3" >&2; exit 1; }
[ -f "$DB" ] || ZL_DATA="$ROOT/data" "$ZL" --db "$DB" demo >/dev/null 2>&1

BIN=$OUT/choice_bench
# shellcheck disable=SC2046
cc -O2 -std=c17 -D_POSIX_C_SOURCE=200809L -I"$ROOT/include" "$ROOT/bench/choice/choice_bench.c" \
  "$ROOT/build/libzorglandschap.a" $(cat "$ROOT/build/link-flags.txt") -o "$BIN"
# Interventions with patient flows (the acute ones of the demo have none: nothing to fit).
# shellcheck disable=SC2046
"$BIN" "$DB" "$RUNS" $(sqlite3 "$DB" "SELECT DISTINCT intervention FROM flow ORDER BY 1") \
  >"$OUT/choice-engine.txt" 2>"$OUT/choice-engine.err"

: >"$OUT/choice-sql.txt"
: >"$OUT/choice-sql.times"
for code in $(cut -d'|' -f1 "$OUT/choice-engine.txt"); do
  norm=$(sqlite3 "$DB" "SELECT coalesce(proposed_norm, 2 * norm) FROM intervention WHERE code = '$code'")
  for i in $(seq "$RUNS"); do
    { echo ".timer on"; sed -e "s/@CODE@/$code/" -e "s/@NORM@/$norm/" "$ROOT/bench/choice/choice.sql"; } |
      sqlite3 "$DB" >"$OUT/choice-sql.run"
    awk -v c="$code" '/^Run Time: real/ {printf "%s %.3f\n", c, ($6 + $8) * 1000}' "$OUT/choice-sql.run" >>"$OUT/choice-sql.times"
  done
  grep -v '^Run Time' "$OUT/choice-sql.run" >>"$OUT/choice-sql.txt"
done

python3 - "$OUT" "$RUNS" <<'PY'
import statistics, sys
out, runs = sys.argv[1], sys.argv[2]
eng = {}
for line in open(f"{out}/choice-engine.err"):
    parts = line.split()
    if len(parts) == 5 and parts[1].startswith("load_ms="):
        eng[parts[0]] = {k: float(v) for k, v in (p.split("=") for p in parts[1:])}
sql = {}
for line in open(f"{out}/choice-sql.times"):
    code, ms = line.split()
    sql.setdefault(code, []).append(float(ms))
def parse(line):
    code, disp, extra, locs = line.strip().split("|")
    vol = {k: float(v) for k, v in (x.split(":") for x in locs.split(",") if x)}
    return code, float(disp), float(extra), vol
e_rows = {c: (d, x, v) for c, d, x, v in map(parse, open(f"{out}/choice-engine.txt"))}
s_rows = {c: (d, x, v) for c, d, x, v in map(parse, open(f"{out}/choice-sql.txt"))}
print(f"choice model and allocation, full sample; medians of {runs} runs (CPU ms)")
print(f"{'intervention':<12} {'fit':>8} {'choice':>8} {'all rules':>10} {'SQL':>9} "
      f"{'SQL/choice':>11}  results")
bad, ratios = 0, []
for code, (d, x, v) in e_rows.items():
    sd, sx, sv = s_rows[code]
    keys = set(v) | set(sv)
    same = abs(d - sd) < 2e-3 and abs(x - sx) < 1e-4 * max(1, abs(x)) + 2e-3 and \
        all(abs(v.get(k, 0) - sv.get(k, 0)) < 2e-3 for k in keys)
    bad += not same
    e, s = eng[code], statistics.median(sql[code])
    ratios.append(s / e["run_ms"])
    print(f"{code:<12} {e['fit_ms']:8.1f} {e['run_ms']:8.3f} {e['rules_ms']:10.3f} {s:9.1f} "
          f"{s / e['run_ms']:10.0f}x  {'identical' if same else 'DIFFER'}")
    if not same:
        print(f"  engine {d} {x}\n  SQL    {sd} {sx}")
print(f"max: fit {max(e['fit_ms'] for e in eng.values()):.1f} ms, choice "
      f"{max(e['run_ms'] for e in eng.values()):.3f} ms, all rules "
      f"{max(e['rules_ms'] for e in eng.values()):.3f} ms; SQL/choice median "
      f"{statistics.median(ratios):.0f}x")
sys.exit(1 if bad else 0)
PY
