#!/usr/bin/env bash
# zl optimise through the CLI on the hand-computed fixture in tests/fixtures/impact:
# the exact optimum of a few questions (worked out in docs/optimise.md), every
# constraint checked from the JSON, infeasibility messages and determinism.
source "$(dirname "$0")/lib.sh"
F="$FIX/impact"
DB=$(new_db opt)
CHECK="python3 $ZL_SOURCE_DIR/tests/e2e/optimise_check.py"

for kind in areas locations regions interventions volumes flows; do
  "$ZL" --db "$DB" import "$kind" "$F/$kind.csv" >/dev/null
done
sql_import_csv "$DB" "$F/travel.csv" travel

json_get() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print($2)" "$1"; }
equals() {
  local got; got=$(json_get "$2" "$3")
  if [ "$got" = "$4" ]; then ok "$1"; else not_ok "$1: $3 = '$got', expected '$4'"; fi
}
opt() { local out=$1; shift; "$ZL" --db "$DB" optimise --intervention LUNG --json "$@" >"$out"; }

# Norm 6: all three stay; PC4 1004 (1 patient) goes to a to lift it to 6: 363 minutes.
# The plain rule stops b (mean volume 5) and costs 483.
opt "$TMP/n6.json" --norm 6
check "norm 6: constraints" $CHECK <"$TMP/n6.json"
equals "norm 6: optimum" "$TMP/n6.json" "(r['value'], r['proven_optimal'], r['open'])" \
  "(363.0, True, 3)"
equals "norm 6: plain rule" "$TMP/n6.json" \
  "(r['plain']['objectives']['total_minutes'], r['plain']['objectives']['open'])" "(483.0, 2)"
equals "norm 6: volumes" "$TMP/n6.json" "[x['volume_after'] for x in r['locations']]" "[6, 6, 9]"

# Proposed norm 8: b and c (400); at most one location: b alone (532).
opt "$TMP/n8.json" --norm proposed
check "norm 8: constraints" $CHECK <"$TMP/n8.json"
equals "norm 8: b and c" "$TMP/n8.json" "(r['value'], [x['open'] for x in r['locations']])" \
  "(400.0, [False, True, True])"
opt "$TMP/k1.json" --norm 8 --max-locations 1 --method exact
check "K=1: constraints" $CHECK <"$TMP/k1.json"
equals "K=1: b alone" "$TMP/k1.json" "(r['value'], r['method'])" "(532.0, 'glpk')"
equals "K=1: GLPK warm-started" "$TMP/k1.json" "r['methods']['glpk']['warm_start']" "True"
# GLPK cold (no heuristic answer as its first incumbent): the same proven optimum.
opt "$TMP/cold.json" --norm 8 --max-locations 1 --method exact --no-warm-start
check "cold GLPK: constraints" $CHECK <"$TMP/cold.json"
equals "cold GLPK: same optimum" "$TMP/cold.json" \
  "(r['value'], r['method'], r['proven_optimal'], r['methods']['glpk']['warm_start'])" \
  "(532.0, 'glpk', True, False)"
equals "cold GLPK: same locations" "$TMP/cold.json" "[x['open'] for x in r['locations']]" \
  "[False, True, False]"
"$ZL" --db "$DB" optimise --intervention LUNG --norm 8 --method exact --no-warm-start \
  >"$TMP/cold.txt"
check "table says GLPK started cold" grep -q "cold start" "$TMP/cold.txt"
# GLPK with its MIR and cover cuts: the same optimum, and the report says so.
opt "$TMP/cuts.json" --norm 8 --max-locations 1 --method exact --mip-cuts
equals "cuts: same optimum" "$TMP/cuts.json" \
  "(r['value'], r['proven_optimal'], r['methods']['glpk']['cuts'])" "(532.0, True, True)"
equals "no cuts by default" "$TMP/k1.json" "r['methods']['glpk']['cuts']" "False"

# One per province at norm 10: b and c, 1004 moves to c to lift it to 10 (428).
opt "$TMP/reg.json" --norm 10 --min-per-region province
check "regions: constraints" $CHECK <"$TMP/reg.json"
equals "regions: optimum" "$TMP/reg.json" "(r['value'], r['proven_optimal'])" "(428.0, True)"

# The other objectives: nobody can be under 46 minutes from 1003; its 3 patients are
# beyond 45 whatever happens.
opt "$TMP/max.json" --norm 6 --objective max
check "max: constraints" $CHECK <"$TMP/max.json"
equals "max: 46 minutes, then least total" "$TMP/max.json" \
  "(r['value'], r['objectives']['total_minutes'])" "(46.0, 363.0)"
opt "$TMP/b45.json" --norm 6 --objective beyond45 --method heuristic
check "beyond45: constraints" $CHECK <"$TMP/b45.json"
equals "beyond45: 3 patients" "$TMP/b45.json" "(r['value'], r['method'])" "(3.0, 'heuristic')"
opt "$TMP/cap.json" --norm 6 --capacity-factor 1.2 --keep a --exclude d
check "capacity factor: constraints" $CHECK <"$TMP/cap.json"

# Infeasible questions say which constraint fails.
expect_fail "max minutes" "PC4 1003 (3 patients): the nearest candidate location c is 46.0 minutes away, more than --max-minutes 40" \
  --db "$DB" optimise --intervention LUNG --norm 6 --max-minutes 40
expect_fail "norm above demand" "total demand 21 patients < norm 22" \
  --db "$DB" optimise --intervention LUNG --norm 22
expect_fail "kept location" "location a (kept) cannot reach the norm 8: only 5 patients live within 20 minutes of it" \
  --db "$DB" optimise --intervention LUNG --norm 8 --keep a --max-minutes 20
expect_fail "regions and norm" "2 x 11 = 22 > total demand 21" \
  --db "$DB" optimise --intervention LUNG --norm 11 --min-per-region province
expect_fail "unknown objective" "--objective: 'far' is not one of total, max, beyond45" \
  --db "$DB" optimise --intervention LUNG --objective far

# The same question gives the same answer (timings aside).
strip='del r["methods"]["heuristic"]["seconds"]; g = r["methods"]["glpk"]; g["seconds"] = g["seconds_to_heuristic_gap"] = None; print(json.dumps(r, sort_keys=True))'
opt "$TMP/again.json" --norm 8 --max-locations 1 --method exact
first=$(json_get "$TMP/k1.json" "exec('$strip') or ''")
again=$(json_get "$TMP/again.json" "exec('$strip') or ''")
check "deterministic" test -n "$first" -a "$first" = "$again"
"$ZL" --db "$DB" optimise --intervention LUNG --norm 6 >"$TMP/table.txt"
check "table names the method and the plain rule" grep -q "versus the plain norm rule" "$TMP/table.txt"
finish 29
