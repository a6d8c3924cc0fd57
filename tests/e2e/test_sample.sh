#!/usr/bin/env bash
# The bundled sample (data/sample): it imports through the CLI, its province layer covers
# every area and location, its synthetic flows are labelled, add up to its volumes, and are
# reproduced byte for byte by `zl synth flows` with the documented seed.
source "$ZL_SOURCE_DIR/tests/e2e/lib.sh"
D="$ZL_SOURCE_DIR/data"
S="$D/sample"
DB=$(new_db sample)
q() { sql "$DB" "$1"; }

"$ZL" --db "$DB" import areas "$D/nl/pc4.csv" >/dev/null
"$ZL" --db "$DB" import area-ages "$D/nl/pc4_age.csv" >/dev/null
check "sample locations import" "$ZL" --db "$DB" import locations "$S/locations.csv"
check "province layer imports" "$ZL" --db "$DB" import regions "$S/regions_province.csv"
check "interventions import" "$ZL" --db "$DB" import interventions "$S/interventions.csv"
check "travel build" "$ZL" --db "$DB" travel build

check "no outpatient clinics among the sample locations" test "$(q "SELECT count(*) FROM location WHERE kind = 'outpatient'")" -eq 0
check "121 sample locations" test "$(q "SELECT count(*) FROM location")" -eq 121
check "every area is in a province" test "$(q "SELECT count(*) FROM area WHERE pc4 NOT IN (SELECT pc4 FROM region_area WHERE layer = 'province')")" -eq 0
check "every location is in a province" test "$(q "SELECT count(*) FROM location WHERE id NOT IN (SELECT location_id FROM region_location WHERE layer = 'province')")" -eq 0
check "twelve provinces" test "$(q "SELECT count(*) FROM region WHERE layer = 'province'")" -eq 12
check "seven interventions, each with a proposed norm and sources" \
  test "$(q "SELECT count(*) FROM intervention WHERE proposed_norm IS NOT NULL AND norm_source <> '' AND proposed_source <> ''")" -eq 7
check "lung resection: proposed norm 60" test "$(q "SELECT proposed_norm FROM intervention WHERE code = 'LUNG'")" -eq 60

# Regenerate the synthetic files with the documented seed: same bytes as committed.
"$ZL" --db "$DB" synth flows --seed 20240601 --years 2021-2023 --out "$TMP/flows.csv" \
  --volumes-out "$TMP/volumes.csv" >/dev/null
check "zl synth flows reproduces data/sample/flows.csv" cmp -s "$TMP/flows.csv" "$S/flows.csv"
check "zl synth flows reproduces data/sample/volumes.csv" cmp -s "$TMP/volumes.csv" "$S/volumes.csv"
"$ZL" --db "$DB" synth flows --seed 7 --years 2022 --out "$TMP/other.csv" >/dev/null
check "another seed gives other flows" bash -c "! cmp -s '$TMP/other.csv' '$S/flows.csv'"

out=$("$ZL" --db "$DB" import volumes "$S/volumes.csv")
check "volumes import and are marked synthetic" grep -q "\[synthetic\]" <<<"$out"
check "flows import" "$ZL" --db "$DB" import flows "$S/flows.csv"
check "every flow is labelled synthetic" test "$(q "SELECT count(*) FROM flow WHERE NOT synthetic")" -eq 0
check "import log records the synthetic flag" test "$(q "SELECT CASE WHEN synthetic THEN 1 ELSE 0 END FROM import_log WHERE kind = 'flows'")" -eq 1
check "volumes equal summed flows" test "$(q "SELECT count(*) FROM volume v WHERE count <> (SELECT coalesce(sum(patients), 0) FROM flow f WHERE f.location_id = v.location_id AND f.intervention = v.intervention AND f.year = v.year)")" -eq 0
check "flows only to the intervention's providers" test "$(q "SELECT count(*) FROM flow f WHERE NOT EXISTS (SELECT 1 FROM volume v WHERE v.location_id = f.location_id AND v.intervention = f.intervention AND v.year = f.year)")" -eq 0
nprov=$(q "SELECT count(DISTINCT location_id) FROM volume WHERE intervention = 'LUNG' AND year = 2023")
check "lung resection: 45 synthetic providers ($nprov)" test "$nprov" -eq 45
below=$(q "SELECT count(*) FROM volume WHERE intervention = 'LUNG' AND year = 2023 AND count < 60")
check "lung resection: some providers below the proposed norm of 60 ($below)" test "$below" -gt 5

finish 22
