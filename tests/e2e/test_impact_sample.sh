#!/usr/bin/env bash
# zl impact and zl norms on the full bundled sample (data/nl + data/sample, SYNTHETIC flows):
# the invariants of every report for every intervention under its current and proposed
# norm, the region rule, and the norm check of every intervention.
source "$(dirname "$0")/lib.sh"
DB=$(new_db sample)
N="$ZL_SOURCE_DIR/data/nl"
S="$ZL_SOURCE_DIR/data/sample"
CHECKS="$TMP/checks.tsv"
: >"$CHECKS"
# JSON checks are queued and run in one Python start-up at the end.
inv() { printf 'inv\t%s\t%s\n' "$1" "$2" >>"$CHECKS"; }
equals() { printf 'eq\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$CHECKS"; }

for kv in "areas $N/pc4.csv" "locations $S/locations.csv" "regions $S/regions_province.csv" \
  "interventions $S/interventions.csv" "volumes $S/volumes.csv" "flows $S/flows.csv"; do
  set -- $kv
  "$ZL" --db "$DB" import "$1" "$2" >/dev/null
done
"$ZL" --db "$DB" travel build >/dev/null

codes=$(tail -n +2 "$S/interventions.csv" | cut -d, -f1 | sort | tr '\n' ' ')
for code in $codes; do
  for norm in current proposed; do
    "$ZL" --db "$DB" impact --intervention "$code" --norm "$norm" --json >"$TMP/$code-$norm.json"
    inv "$code $norm: invariants" "$TMP/$code-$norm.json"
  done
done

# The proposed lung norm stops locations; everything is labelled synthetic.
equals "LUNG proposed: locations stop, synthetic, whole population" "$TMP/LUNG-proposed.json" \
  "(r['summary']['stopping'] > 0, r['synthetic'], r['population_total'] > 16_000_000)" \
  "(True, True, True)"

"$ZL" --db "$DB" impact --intervention LUNG --norm proposed --rule region \
  --region-layer province --json >"$TMP/region.json"
inv "LUNG proposed, region rule: invariants" "$TMP/region.json"
equals "region rule reported" "$TMP/region.json" "(r['rule'], r['region_layer'])" \
  "('region', 'province')"

"$ZL" --db "$DB" norms --json >"$TMP/norms.json"
equals "norms: every intervention checked" "$TMP/norms.json" \
  "' '.join(sorted(x['intervention'] for x in r)) + ' '" "$codes"
equals "norms: meeting + below = locations" "$TMP/norms.json" \
  "all(x['summary']['locations'] == x['summary']['meeting'] + x['summary']['below'] for x in r)" \
  "True"

run_impact_checks "$CHECKS"
# 7 interventions x 2 norms, 5 more JSON checks, and the runner's own check.
finish $((7 * 2 + 5 + 1))
