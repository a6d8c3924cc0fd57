#!/usr/bin/env bash
# End-to-end: the bundled synthetic registrations import without a rejected row into the
# reference data the demo loads, and every output says it is synthetic.
source "$(dirname "$0")/lib.sh"
D="$ZL_SOURCE_DIR/data"
DB="$TMP/s.db"
check "areas" "$ZL" --db "$DB" import areas "$D/nl/pc4.csv"
check "locations" "$ZL" --db "$DB" import locations "$D/sample/locations.csv"
check "regions" "$ZL" --db "$DB" import regions "$D/sample/regions_province.csv"
check "ordo" "$ZL" --db "$DB" rare import ordo "$D/orphanet/ordo-2.6-2018-07-12.json.gz"
check "ern" "$ZL" --db "$DB" rare import ern "$D/orphanet/ern.csv"
check "ecza" "$ZL" --db "$DB" rare import ecza "$D/sample/ecza.csv"
out=$("$ZL" --db "$DB" registry import "$D/sample/registrations.csv" 2>&1)
if grep -q "3000 accepted (3000 new, 0 updated, 0 unchanged), 0 rejected" <<<"$out"; then
  ok "sample imports cleanly"; else not_ok "sample import: $out"; fi
subs=$("$ZL" --db "$DB" registry submissions)
if grep -q "(synthetic)" <<<"$subs"; then ok "submission labelled synthetic"; else not_ok "synthetic label"; fi
counts=$("$ZL" --db "$DB" registry counts --json)
if grep -q '"synthetic": true' <<<"$counts"; then ok "counts say synthetic"; else not_ok "counts synthetic"; fi
byreg=$("$ZL" --db "$DB" registry counts --code 2406 --by region --layer province)
if grep -qE '^total +[0-9]+' <<<"$byreg"; then
  ok "region breakdown"; else not_ok "region breakdown"; fi
conc=$("$ZL" --db "$DB" concentration --date 2025-06-01 --json)
if grep -q '"synthetic": true' <<<"$conc" && grep -q '"verdict": "within the rule"' <<<"$conc" &&
   grep -q '"verdict": "no centre"' <<<"$conc"; then ok "concentration over the sample"; else not_ok "concentration"; fi
finish
