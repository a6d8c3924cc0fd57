#!/usr/bin/env bash
# zl impact and zl norms on the full bundled sample (data/nl + data/sample, SYNTHETIC flows):
# the invariants of every report for every intervention under its current and proposed
# norm, the region rule, and the norm check of every intervention.
source "$(dirname "$0")/lib.sh"
DB="$TMP/sample.db"
N="$ZL_SOURCE_DIR/data/nl"
S="$ZL_SOURCE_DIR/data/sample"
INV="python3 $ZL_SOURCE_DIR/tests/e2e/impact_invariants.py"

for kv in "areas $N/pc4.csv" "locations $S/locations.csv" "regions $S/regions_province.csv" \
  "interventions $S/interventions.csv" "volumes $S/volumes.csv" "flows $S/flows.csv"; do
  set -- $kv
  "$ZL" --db "$DB" import "$1" "$2" >/dev/null
done
"$ZL" --db "$DB" travel build >/dev/null

codes=$(python3 -c "import csv,sys; print(' '.join(r['code'] for r in csv.DictReader(open(sys.argv[1]))))" \
  "$S/interventions.csv")
for code in $codes; do
  for norm in current proposed; do
    "$ZL" --db "$DB" impact --intervention "$code" --norm "$norm" --json >"$TMP/r.json"
    check "$code $norm: invariants" $INV <"$TMP/r.json"
  done
done

# The proposed lung norm stops locations; everything is labelled synthetic.
"$ZL" --db "$DB" impact --intervention LUNG --norm proposed --json >"$TMP/lung.json"
read -r stopping synthetic areas <<<"$(python3 -c "
import json,sys; r=json.load(open(sys.argv[1]))
print(r['summary']['stopping'], r['synthetic'], r['population_total'] > 16_000_000)" "$TMP/lung.json")"
if [ "$stopping" -gt 0 ] && [ "$synthetic" = True ] && [ "$areas" = True ]; then
  ok "LUNG proposed: $stopping locations stop, synthetic, whole population"
else
  not_ok "LUNG proposed: stopping=$stopping synthetic=$synthetic population=$areas"
fi

"$ZL" --db "$DB" impact --intervention LUNG --norm proposed --rule region \
  --region-layer province --json >"$TMP/region.json"
check "LUNG proposed, region rule: invariants" $INV <"$TMP/region.json"
# Within a province where possible: never fewer displaced patients kept in their province.
check "region rule reported" python3 -c "
import json,sys; r=json.load(open(sys.argv[1])); sys.exit(r['rule'] != 'region' or r['region_layer'] != 'province')" \
  "$TMP/region.json"

"$ZL" --db "$DB" norms --json >"$TMP/norms.json"
check "norms: every intervention checked" python3 -c "
import json,sys; r=json.load(open(sys.argv[1])); codes=sys.argv[2].split()
sys.exit(sorted(x['intervention'] for x in r) != sorted(codes) or
         any(x['summary']['locations'] != x['summary']['meeting'] + x['summary']['below'] for x in r))" \
  "$TMP/norms.json" "$codes"
finish
