#!/usr/bin/env bash
# Impact analysis, engine vs plain SQL, on the full sample (docs/performance.md, "Impact
# analysis (issue 2)"). For every intervention under its proposed norm:
#   engine  zl_case_load once, then zl_impact_run (all metrics incl. sensitivity) RUNS
#           times in process (bench/impact/impact_bench.c); median of the runs
#   SQL     bench/impact/impact.sql in the sqlite3 shell on the same database (.timer, so
#           process start-up is not counted); median of RUNS runs
# Both print the same figures, which must agree: the script exits 1 when any figure of any
# intervention differs (or an intervention is missing on one side). Peak memory by
# /usr/bin/time -v.
# End to end: a whole `zl impact` process (open, case load, analysis, print) against a whole
# `sqlite3` process running impact.sql, wall clock, median of RUNS (goal: >= 20x).
# Usage: bench/impact/run.sh [DB]   (default: builds bench/out/impact-sample.db from data/)
#        RUNS=5 by default; ZL=path/to/zl (default build/zl; run `make build` first).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ZL=${ZL:-$ROOT/build/zl}
RUNS=${RUNS:-5}
OUT=$ROOT/bench/out
mkdir -p "$OUT"
DB=${1:-$OUT/impact-sample.db}
[ -x "$ZL" ] || { echo "bench: $ZL not found; run 'make build' first" >&2; exit 1; }
[ -f "$ROOT/build/libzorglandschap.a" ] || { echo "bench: run 'make build' first" >&2; exit 1; }
command -v sqlite3 >/dev/null && [ -x /usr/bin/time ] ||
  { echo "bench: needs sqlite3 and /usr/bin/time (scripts/install-deps.sh --bench)" >&2; exit 1; }

if [ ! -f "$DB" ]; then
  echo "building the sample database $DB ..." >&2
  S=$ROOT/data/sample N=$ROOT/data/nl
  for kv in "areas $N/pc4.csv" "area-ages $N/pc4_age.csv" "locations $S/locations.csv" \
    "regions $S/regions_province.csv" "interventions $S/interventions.csv" \
    "volumes $S/volumes.csv" "flows $S/flows.csv"; do
    set -- $kv
    "$ZL" --db "$DB" import "$1" "$2" >/dev/null
  done
  "$ZL" --db "$DB" travel build >/dev/null
fi

BIN=$OUT/impact_bench
# shellcheck disable=SC2046
cc -O2 -std=c17 -D_POSIX_C_SOURCE=200809L -I"$ROOT/include" "$ROOT/bench/impact/impact_bench.c" \
  "$ROOT/build/libzorglandschap.a" $(cat "$ROOT/build/link-flags.txt") -o "$BIN"

/usr/bin/time -v "$BIN" "$DB" "$RUNS" >"$OUT/engine.txt" 2>"$OUT/engine.err"
ENGINE_RSS=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/engine.err")
CODES=$(cut -d'|' -f1 "$OUT/engine.txt")

: >"$OUT/sql.txt"
: >"$OUT/sql.times"
SQL_RSS=0
for code in $CODES; do
  for i in $(seq "$RUNS"); do
    { echo ".timer on"; sed "s/@CODE@/$code/" "$ROOT/bench/impact/impact.sql"; } |
      /usr/bin/time -v sqlite3 "$DB" >"$OUT/sql.run" 2>"$OUT/sql.err"
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/sql.err")
    [ "$rss" -gt "$SQL_RSS" ] && SQL_RSS=$rss
    ms=$(awk '/^Run Time: real/ {printf "%.3f", $4 * 1000}' "$OUT/sql.run")
    echo "$code $ms" >>"$OUT/sql.times"
  done
  grep -v '^Run Time' "$OUT/sql.run" >>"$OUT/sql.txt"
done

python3 - "$OUT" "$ENGINE_RSS" "$SQL_RSS" "$RUNS" "$ZL" "$DB" "$ROOT/bench/impact/impact.sql" <<'PY'
import statistics, subprocess, sys, time
out, engine_rss, sql_rss, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
zl, db, sql_file = sys.argv[5], sys.argv[6], sys.argv[7]
eng = {}
for line in open(f"{out}/engine.err"):
    parts = line.split()
    if len(parts) == 4 and parts[1].startswith("load_ms="):
        eng[parts[0]] = {k: float(v) for k, v in (p.split("=") for p in parts[1:])}
sql = {}
for line in open(f"{out}/sql.times"):
    code, ms = line.split()
    sql.setdefault(code, []).append(float(ms))
e_rows = {l.split("|")[0]: l.strip() for l in open(f"{out}/engine.txt")}
s_rows = {l.split("|")[0]: l.strip() for l in open(f"{out}/sql.txt")}
print(f"impact analysis, proposed norms, full sample; medians of {runs} runs (ms)")
print(f"{'intervention':<12} {'engine':>8} {'load':>8} {'SQL':>9} {'SQL/engine':>11} "
      f"{'SQL/(load+engine)':>18}  results")
ratios, runs_ms, differ = [], [], []
if not e_rows or set(e_rows) != set(s_rows):
    differ.append(f"interventions: engine {sorted(e_rows)}, SQL {sorted(s_rows)}")
for code in e_rows:
    e, s = eng[code], statistics.median(sql[code])
    same = "identical" if e_rows[code] == s_rows.get(code) else "DIFFER"
    ratios.append(s / e["run_ms"])
    runs_ms.append(e["run_ms"])
    print(f"{code:<12} {e['run_ms']:8.3f} {e['load_ms']:8.1f} {s:9.1f} {s / e['run_ms']:10.0f}x "
          f"{s / (e['load_ms'] + e['run_ms']):17.1f}x  {same}")
    if same != "identical":
        differ.append(code)
        print(f"  engine {e_rows[code]}\n  SQL    {s_rows.get(code)}")
print(f"engine per intervention: max {max(runs_ms):.3f} ms; SQL/engine ratio: min "
      f"{min(ratios):.0f}x, median {statistics.median(ratios):.0f}x")
print(f"peak memory: engine {engine_rss / 1024:.1f} MB (all interventions, one process), "
      f"sqlite3 {sql_rss / 1024:.1f} MB")

def wall_ms(cmd, stdin_text=None):
    t = time.perf_counter()
    subprocess.run(cmd, input=stdin_text, stdout=subprocess.DEVNULL, check=True, text=True)
    return (time.perf_counter() - t) * 1000

print(f"\nend to end (whole processes, wall clock), medians of {runs} runs (ms)")
print(f"{'intervention':<12} {'zl impact':>10} {'sqlite3':>9} {'ratio':>7}")
e2e = []
sql_text = open(sql_file).read()
for code in e_rows:
    z = [wall_ms([zl, "--db", db, "impact", "--intervention", code, "--norm", "proposed"])
         for _ in range(int(runs))]
    q = [wall_ms(["sqlite3", db], sql_text.replace("@CODE@", code)) for _ in range(int(runs))]
    zm, qm = statistics.median(z), statistics.median(q)
    e2e.append(qm / zm)
    print(f"{code:<12} {zm:10.1f} {qm:9.1f} {qm / zm:6.1f}x")
print(f"end to end: zl impact faster than SQL by min {min(e2e):.1f}x, median "
      f"{statistics.median(e2e):.1f}x (goal >= 20x)")
if differ:
    print(f"FAIL: the engine and SQL disagree: {', '.join(differ)}")
    sys.exit(1)
print(f"the engine and SQL agree on every figure of {len(e_rows)} interventions")
PY
