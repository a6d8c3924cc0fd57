#!/usr/bin/env bash
# zl optimise on the full bundled sample (all Dutch PC4 areas, SYNTHETIC flows): for every
# intervention under its current and proposed norm, and with each optional constraint,
# every constraint holds in the JSON report (tests/e2e/optimise_check.py).
source "$(dirname "$0")/lib.sh"
DB="$TMP/sample.db"
N="$ZL_SOURCE_DIR/data/nl"
S="$ZL_SOURCE_DIR/data/sample"
CHECK="python3 $ZL_SOURCE_DIR/tests/e2e/optimise_check.py"

for kv in "areas $N/pc4.csv" "locations $S/locations.csv" "regions $S/regions_province.csv" \
  "interventions $S/interventions.csv" "volumes $S/volumes.csv" "flows $S/flows.csv"; do
  set -- $kv
  "$ZL" --db "$DB" import "$1" "$2" >/dev/null
done
"$ZL" --db "$DB" travel build >/dev/null

codes=$(python3 -c "import csv,sys; print(' '.join(r['code'] for r in csv.DictReader(open(sys.argv[1]))))" \
  "$S/interventions.csv")
mkdir -p "$TMP/reports"
run() { # run NAME args...: zl optimise must succeed; its report is checked below.
  local name=$1; shift
  if ! "$ZL" --db "$DB" optimise --method heuristic --json "$@" >"$TMP/reports/$name.json" \
    2>"$TMP/err"; then
    not_ok "$name: $(cat "$TMP/err")"
    rm -f "$TMP/reports/$name.json"
  fi
}
for code in $codes; do
  for norm in current proposed; do
    run "$code-$norm" --intervention "$code" --norm "$norm"
  done
  run "$code-province" --intervention "$code" --norm proposed --min-per-region province
  run "$code-capacity2" --intervention "$code" --norm proposed --capacity-factor 2
  run "$code-max" --intervention "$code" --norm proposed --objective max
done
run "LUNG-k12-beyond45" --intervention LUNG --norm proposed --max-locations 12 \
  --objective beyond45
run "LUNG-within90" --intervention LUNG --norm proposed --max-minutes 90
# One checker run for all reports (one line each).
if $CHECK "$TMP"/reports/*.json >"$TMP/check.txt"; then
  ok "every constraint holds in $(wc -l <"$TMP/check.txt") reports"
else
  not_ok "constraints: $(grep -v '^ok' "$TMP/check.txt")"
fi
check "synthetic is labelled" python3 -c "
import json,sys; sys.exit(json.load(open(sys.argv[1]))['synthetic'] is not True)" \
  "$TMP/reports/LUNG-proposed.json"
finish
