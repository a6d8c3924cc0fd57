#!/usr/bin/env bash
# Optimiser, heuristic vs GLPK, on the full sample (docs/performance.md, "Optimiser
# (issue 5)"). For every intervention under its current and proposed norm, on all Dutch
# PC4 areas (objective: total patient minutes):
#   heuristic  `zl optimise --method heuristic`, RUNS times; median of the solver seconds
#              it reports (greedy closing + local search + Lagrangian bound, case load
#              excluded)
#   GLPK       `zl optimise --method exact --no-warm-start --time-limit TL` once: GLPK on
#              the full model, cold (it is NOT handed the heuristic's answer, so its time
#              does not depend on our heuristic; only the provably safe arc reduction uses
#              the heuristic's value). Its report gives GLPK's value, bound, status, CPU
#              seconds, and the CPU time at which GLPK's own incumbent and own bound first
#              proved a gap <= the heuristic's proven gap ("to the same gap").
#   GLPK+cuts  the same with --mip-cuts (GLPK's MIR and cover cuts on). GLPK is the
#              reference, so its best time counts: the faster of the two settings.
#   GLPK-k     the same with --mip-neighbours K (each PC4 sees its K nearest candidates
#              only, cold as well): often solved to optimality, but that optimum holds for
#              the restricted model, so it is a feasible reference value, not a proof.
# All times are CPU seconds of the process (the machine is shared); the time limit is
# GLPK's own (wall clock).
# Printed per case: heuristic value/gap/time, GLPK value/bound/status/time, the objective
# gap of the heuristic to GLPK's value (meaningful where GLPK proved optimality) and the
# time ratio GLPK-to-the-same-gap / heuristic. When GLPK never got there within its time
# limit the ratio is printed as "> x": x = GLPK's CPU seconds until it stopped / heuristic
# time, a lower bound. Run it on a quiet machine, under the shared benchmark lock:
#   flock /tmp/zl-bench.lock bench/optimise/run.sh
# The two sides must be consistent, or the script exits 1 (after the table): every value
# GLPK found (full or restricted model) is at least the heuristic's proven lower bound, and
# every bound GLPK proved is at most the heuristic's value; a GLPK run that fails is a
# failure too.
# Usage: bench/optimise/run.sh [DB]   RUNS=5 TL=60 K=5 NORMS=proposed by default;
#        CODES="PANC LUNG" to run some interventions only.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ZL=${ZL:-$ROOT/build/zl}
RUNS=${RUNS:-5}
TL=${TL:-60}
K=${K:-5}
NORMS=${NORMS:-proposed}
OUT=$ROOT/bench/out
mkdir -p "$OUT/optimise"
DB=${1:-$OUT/optimise-sample.db}
[ -x "$ZL" ] || { echo "bench: $ZL not found; run 'make build' first" >&2; exit 1; }

if [ ! -f "$DB" ]; then
  echo "building the sample database $DB ..." >&2
  S=$ROOT/data/sample N=$ROOT/data/nl
  for kv in "areas $N/pc4.csv" "locations $S/locations.csv" "regions $S/regions_province.csv" \
    "interventions $S/interventions.csv" "volumes $S/volumes.csv" "flows $S/flows.csv"; do
    set -- $kv
    "$ZL" --db "$DB" import "$1" "$2" >/dev/null
  done
  "$ZL" --db "$DB" travel build >/dev/null
fi

codes=${CODES:-$(python3 -c "import csv,sys; print(' '.join(r['code'] for r in csv.DictReader(open(sys.argv[1]))))" \
  "$ROOT/data/sample/interventions.csv")}
# SUMMARY_ONLY=1: only print the table of the reports already in bench/out/optimise.
[ -z "${SUMMARY_ONLY:-}" ] && echo "load before: $(uptime)" | tee "$OUT/optimise/load.txt" >&2
for code in $codes; do
  [ -n "${SUMMARY_ONLY:-}" ] && break
  for norm in $NORMS; do
    for k in $(seq "$RUNS"); do
      "$ZL" --db "$DB" optimise --intervention "$code" --norm "$norm" --method heuristic \
        --json >"$OUT/optimise/$code-$norm-h$k.json"
    done
    "$ZL" --db "$DB" optimise --intervention "$code" --norm "$norm" --method exact \
      --no-warm-start --time-limit "$TL" --json >"$OUT/optimise/$code-$norm-glpk.json" || true
    "$ZL" --db "$DB" optimise --intervention "$code" --norm "$norm" --method exact \
      --no-warm-start --mip-cuts --time-limit "$TL" \
      --json >"$OUT/optimise/$code-$norm-glpk-cuts.json" || true
    "$ZL" --db "$DB" optimise --intervention "$code" --norm "$norm" --method exact \
      --no-warm-start --time-limit "$TL" --mip-neighbours "$K" \
      --json >"$OUT/optimise/$code-$norm-glpk-k.json" || true
    echo "done $code $norm ($(uptime | sed 's/.*load/load/'))" | tee -a "$OUT/optimise/load.txt" >&2
  done
done
[ -z "${SUMMARY_ONLY:-}" ] && echo "load after: $(uptime)" | tee -a "$OUT/optimise/load.txt" >&2

python3 - "$OUT/optimise" "$RUNS" "$TL" $codes -- $NORMS <<'PY'
import json, statistics, sys
d, runs, tl = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
rest = sys.argv[4:]
codes, norms = rest[:rest.index("--")], rest[rest.index("--") + 1:]
print("| intervention | norm | arcs | cand. | open | heuristic value | LR gap | heuristic s "
      "| GLPK status | GLPK value | GLPK bound | GLPK s | GLPK s to gap "
      "| GLPK+cuts status | GLPK+cuts s | GLPK+cuts s to gap | ratio | ≥ 100× "
      "| GLPK-k status | GLPK-k value | GLPK-k s | heur. vs GLPK-k |")
print("|" + "---|" * 22)
fmt = lambda v, p=1: "-" if v is None else f"{v:.{p}f}"
worst_time, ratios, disagree = 0.0, [], []
for code in codes:
    for norm in norms:
        hs = [json.load(open(f"{d}/{code}-{norm}-h{k}.json")) for k in range(1, runs + 1)]
        try:
            runs_g = [json.load(open(f"{d}/{code}-{norm}-{v}.json"))["methods"]["glpk"]
                      for v in ("glpk", "glpk-cuts", "glpk-k")]
        except ValueError:
            print(f"| {code} | a GLPK run failed: see its output |")
            disagree.append(f"{code} {norm}: a GLPK run failed")
            continue
        gl, gc, glk = runs_g
        assert not any(g["warm_start"] for g in runs_g), "GLPK must run cold"
        assert gc["cuts"] and not gl["cuts"]
        h = hs[0]
        ht = statistics.median(x["methods"]["heuristic"]["seconds"] for x in hs)
        worst_time = max(worst_time, ht)
        hv = h["value"]
        # GLPK's time to the heuristic's gap: the faster setting. A setting that never got
        # there ran its CPU seconds without; if that is less than the other's time to the
        # gap, only a lower bound is known.
        reached = [g["seconds_to_heuristic_gap"] for g in (gl, gc)
                   if g["seconds_to_heuristic_gap"] is not None]
        lower = min(g["seconds_to_heuristic_gap"] if g["seconds_to_heuristic_gap"] is not None
                    else g["seconds"] for g in (gl, gc))
        if reached and min(reached) == lower:
            ratio = f"{lower / ht:.0f}"
        else:
            ratio = f"> {lower / ht:.0f} (lower bound)"
        ratios.append(lower / ht)
        met = "yes" if lower / ht >= 100 else "no" if reached and min(reached) == lower else "not shown"
        tol = lambda v: 0.01 + 1e-6 * abs(v)
        for name, g in (("GLPK", gl), ("GLPK+cuts", gc), ("GLPK-k", glk)):
            if g["value"] is not None and g["value"] < h["lower_bound"] - tol(g["value"]):
                disagree.append(f"{code} {norm}: {name} value {g['value']} below the heuristic's "
                                f"bound {h['lower_bound']}")
            if name != "GLPK-k" and g["lower_bound"] is not None and g["lower_bound"] > hv + tol(hv):
                disagree.append(f"{code} {norm}: {name} bound {g['lower_bound']} above the "
                                f"heuristic's value {hv}")
        kv = glk["value"]
        diff = "-" if kv is None else f"{(hv - kv) / kv * 100:+.3f}%"
        print(f"| {code} | {h['constraints']['norm']} | {gl['all_arcs']} | {h['candidates']} | "
              f"{h['open']} | {hv:.1f} | {h['gap'] * 100:.3f}% | {ht:.4f} | {gl['status']} | "
              f"{fmt(gl['value'])} | {fmt(gl['lower_bound'])} | {fmt(gl['seconds'], 2)} | "
              f"{fmt(gl['seconds_to_heuristic_gap'], 3)} | {gc['status']} | "
              f"{fmt(gc['seconds'], 2)} | {fmt(gc['seconds_to_heuristic_gap'], 3)} | {ratio} | "
              f"{met} | {glk['status']} ({glk['arcs']} arcs) | {fmt(kv)} | "
              f"{fmt(glk['seconds'])} | {diff} |")
print(f"\nslowest heuristic (median of {runs}): {worst_time:.4f} s; "
      f"smallest time ratio: {min(ratios):.0f}" if ratios else "\nno case compared")
if disagree or not ratios:
    print("FAIL: heuristic and GLPK disagree:\n  " + "\n  ".join(disagree))
    sys.exit(1)
print("heuristic and GLPK are consistent in every case (values >= bounds on both sides)")
PY
