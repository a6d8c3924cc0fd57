#!/usr/bin/env bash
# zl optimise on the full bundled sample (all Dutch PC4 areas, SYNTHETIC flows): for every
# intervention under its current norm, and under its proposed norm with one location per
# province and a capacity factor of 2 together, every constraint holds in the JSON report
# (tests/e2e/optimise_check.py); the other objectives and constraints on a few. The
# sanitizer build (-O0, about 30x slower here) runs the two smallest interventions only;
# the plain build runs everything.
source "$(dirname "$0")/lib.sh"
DB=$(new_db sample)
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
case "${ZL_BUILD_DIR:-}" in
*asan*) codes="PANC OESO_STOM" ;;
esac
for code in $codes; do
  run "$code-current" --intervention "$code" --norm current
  run "$code-proposed-province-capacity2" --intervention "$code" --norm proposed \
    --min-per-region province --capacity-factor 2
done
first=${codes%% *}
run "$first-max" --intervention "$first" --norm proposed --objective max
run "$first-k-beyond45" --intervention "$first" --norm proposed --max-locations 12 \
  --objective beyond45
run "$first-within90" --intervention "$first" --norm proposed --max-minutes 90
# One checker run for all reports (one line each, each a check of this test).
nreports=$(($(wc -w <<<"$codes") * 2 + 3))
rc=0
$CHECK "$TMP"/reports/*.json >"$TMP/check.txt" 2>&1 || rc=$?
tap_lines "$TMP/check.txt"
check_eq "optimise_check.py exit status" "$rc" 0
check "synthetic is labelled" python3 -c "
import json,sys; sys.exit(json.load(open(sys.argv[1]))['synthetic'] is not True)" \
  "$TMP/reports/$first-current.json"
# Every report ran and passed the checker, its exit status, the synthetic label.
finish $((nreports + 2))
