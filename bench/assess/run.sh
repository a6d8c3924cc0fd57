#!/usr/bin/env bash
# Regional assessment, engine vs an independent Python/SQL recomputation, on the demo
# database (docs/performance.md, "Regional assessment (issue 15)"). For every intervention
# under its proposed norm, rule nearest, province layer, network layer oncology_network:
#   engine     the case, allocation inputs and assessment inputs loaded once, then
#              zl_assess_run (+ its JSON) RUNS times with mitigation and the optimiser's
#              alternative, and RUNS times verdicts only (bench/assess/assess_bench.c);
#              medians, wall clock and CPU (goal: whole assessment < 100 ms after load)
#   reference  bench/assess/reference.py: the same per-region figures and verdicts from SQL
#              and plain Python, sharing no code with the library; one run, timed
# The two must print identical per-region lines (patients, displaced, mean extra minutes,
# new inhabitants beyond 45, inhabitants beyond 45 after, volume lost, surgeons stopping,
# patients crossing networks, networks without a location, broken thresholds): the script
# exits 1 when any line differs.
# Usage: bench/assess/run.sh [DB]  (default: builds bench/out/assess-demo.db with zl demo)
#        RUNS=7 by default; ZL=path/to/zl (default build/zl; run `make build` first).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ZL=${ZL:-$ROOT/build/zl}
RUNS=${RUNS:-7}
OUT=$ROOT/bench/out
mkdir -p "$OUT"
DB=${1:-$OUT/assess-demo.db}
[ -x "$ZL" ] && [ -f "$ROOT/build/libzorglandschap.a" ] ||
  { echo "bench: run 'make build' first" >&2; exit 1; }
if [ ! -f "$DB" ]; then
  echo "building the demo database $DB ..." >&2
  "$ZL" --db "$DB" demo >/dev/null 2>&1
fi

BIN=$OUT/assess_bench
# shellcheck disable=SC2046
cc -O2 -std=c17 -D_POSIX_C_SOURCE=200809L -I"$ROOT/include" "$ROOT/bench/assess/assess_bench.c" \
  "$ROOT/build/libzorglandschap.a" $(cat "$ROOT/build/link-flags.txt") -o "$BIN"

"$BIN" "$DB" oncology_network "$RUNS" >"$OUT/assess-engine.txt" 2>"$OUT/assess-engine.err"
t0=$(date +%s%N)
python3 "$ROOT/bench/assess/reference.py" "$DB" oncology_network >"$OUT/assess-ref.txt"
REF_MS=$(( ($(date +%s%N) - t0) / 1000000 ))

python3 - "$OUT" "$RUNS" "$REF_MS" <<'PY'
import sys
if not any(l.split()[1:2] and l.split()[1].startswith("load_ms=") for l in open(f"{sys.argv[1]}/assess-engine.err")):
    sys.exit("FAIL: the engine printed no timings (bench/out/assess-engine.err)")
out, runs, ref_ms = sys.argv[1], sys.argv[2], int(sys.argv[3])
times = {}
for line in open(f"{out}/assess-engine.err"):
    p = line.split()
    if len(p) == 8 and p[1].startswith("load_ms="):
        times[p[0]] = {k: float(v) for k, v in (x.split("=") for x in p[1:])}
eng = [l.strip() for l in open(f"{out}/assess-engine.txt")]
ref = [l.strip() for l in open(f"{out}/assess-ref.txt")]
print(f"regional assessment, proposed norms, rule nearest, 12 provinces + national; "
      f"medians of {runs} runs (ms)")
print("full = verdicts + exception search + the optimiser's alternative; search = without the "
      "optimiser")
print(f"{'intervention':<12} {'load':>7} {'full':>8} {'cpu':>8} {'search':>8} {'cpu':>8} "
      f"{'verdicts':>9} {'cpu':>7}")
for code, t in times.items():
    print(f"{code:<12} {t['load_ms']:7.1f} {t['full_ms']:8.2f} {t['full_cpu_ms']:8.2f} "
          f"{t['search_ms']:8.2f} {t['search_cpu_ms']:8.2f} {t['verdict_ms']:9.2f} "
          f"{t['verdict_cpu_ms']:7.2f}")
for key, what in (("full", "with the search and the optimiser"), ("search", "with the search"),
                  ("verdict", "verdicts only")):
    w = max(t[f"{key}_ms"] for t in times.values())
    c = max(t[f"{key}_cpu_ms"] for t in times.values())
    print(f"whole assessment {what}: max {w:.2f} ms wall, {c:.2f} ms CPU per intervention "
          f"(goal < 100 ms after load: {'met' if c < 100 else 'MISSED'} on CPU time)")
print(f"reference (Python + SQL, all interventions, one run): {ref_ms} ms")
diff = [(e, r) for e, r in zip(eng, ref) if e != r]
if len(eng) != len(ref) or diff or not eng:
    print(f"FAIL: engine and reference disagree ({len(eng)} vs {len(ref)} lines)")
    for e, r in diff[:20]:
        print(f"  engine    {e}\n  reference {r}")
    sys.exit(1)
print(f"engine and reference agree on all {len(eng)} region lines "
      f"({len(times)} interventions x 13)")
PY
