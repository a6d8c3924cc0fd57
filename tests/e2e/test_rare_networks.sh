#!/usr/bin/env bash
# zl rare networks (issue 16): networks and shared-care partners imported from the
# fixtures and shown; bad input names file, line and column and changes nothing; the
# SYNTHETIC sample of zl demo's rare-disease data on the real ORDO file.
source "$(dirname "$0")/lib.sh"
R="$FIX/rare"
DB=$(new_db net)
zl() { "$ZL" --db "$DB" "$@"; }

zl rare import ordo "$R/ordo_mini.json" >/dev/null
zl rare import ern "$R/ern_mini.csv" >/dev/null
sql_file "$DB" "$R/network.sql"
zl rare import ecza "$R/ecza_network.csv" >/dev/null
check "import networks" zl rare import networks "$R/networks_ok.csv"
check "import shared care" zl rare import shared-care "$R/shared_care_ok.csv"

out=$(zl rare networks --date 2024-06-01)
grep -q "coordinating UMC Utrecht: CF test centre" <<<"$out" &&
  [ "$(grep -c '^  member ' <<<"$out")" = 2 ] && [ "$(grep -c 'shared care' <<<"$out")" = 3 ] &&
  grep -q "SYNTHETIC" <<<"$out" &&
  ok "a network: coordinating centre, two members, three partners, labelled" ||
  not_ok "networks: $out"
n=$(zl rare networks NET-CF --date 2026-07-01 --json | python3 -c \
  'import json,sys; d=json.load(sys.stdin); print(len(d["networks"][0]["partners"]))')
check_eq "an agreement that ended is not shown" "$n" 2
expect_fail "an unknown network" "no network 'NET-X'" --db "$DB" rare networks NET-X

before=$(db_digest "$DB")
expect_fail "a partner that is not a location" \
  "shared_care_not_location.csv:3: column 'partner_location_id': partner '999999' is not a location" \
  --db "$DB" rare import shared-care "$R/shared_care_not_location.csv"
expect_fail "an unknown member centre" "networks_unknown_centre.csv:2: column 'member_centres'" \
  --db "$DB" rare import networks "$R/networks_unknown_centre.csv"
expect_fail "overlapping agreements" "overlaps" \
  --db "$DB" rare import shared-care "$R/shared_care_overlap.csv"
check_eq "failed imports change nothing" "$(db_digest "$DB")" "$before"

# The finder with networks and care close to home.
out=$(zl rare find "cystic fibrosis" --date 2024-06-01 --postcode 3511)
grep -q "network: NET-CF Test network pulmonary (ERN-LUNG)" <<<"$out" &&
  grep -q "nearest centre: Universitair Medisch Centrum Utrecht (14 min by car)" <<<"$out" &&
  grep -q "nearest shared-care partner: St. Antonius Ziekenhuis Nieuwegein (17 min by car)" <<<"$out" &&
  ok "find with a postcode: network, nearest centre and nearest partner by travel time" ||
  not_ok "find: $out"

# The recognition cycle.
check "import recognitions" zl rare import recognitions "$R/recognitions_ok.csv"
check "import assessments" zl rare import assessments "$R/assessments_ok.csv"
out=$(zl rare recognitions --due 12m --date 2026-12-31)
grep -q "recognitions ending 2026-12-31..2027-12-31: 1" <<<"$out" && grep -q "N-LEI" <<<"$out" &&
  ! grep -q "N-UTR" <<<"$out" && ok "due within 12 months: N-LEI; N-UTR is renewed" ||
  not_ok "due: $out"
n=$(zl rare recognitions --due 12m --date 2026-12-30 --json | python3 -c \
  'import json,sys; print(json.load(sys.stdin)["count"])')
check_eq "a day earlier nothing is due" "$n" 0
out=$(zl rare list --date 2027-01-01)
grep -q "N-UTR" <<<"$out" && grep -q "2027-01-01..2031-12-31" <<<"$out" &&
  ok "the list on a date comes from the recognition records" || not_ok "list: $out"
out=$(zl rare history N-UTR --date 2026-10-01)
grep -q "awaiting its term" <<<"$out" && grep -q "research .*with remarks" <<<"$out" &&
  ok "history of a centre with its assessments and states" || not_ok "history: $out"
before=$(db_digest "$DB")
expect_fail "overlapping terms" "recognitions_overlap.csv:2: column 'recognised_from'" \
  --db "$DB" rare import recognitions "$R/recognitions_overlap.csv"
expect_fail "unknown criterion" "assessments_unknown.csv:3: column 'criterion': unknown criterion" \
  --db "$DB" rare import assessments "$R/assessments_unknown.csv"
check_eq "failed cycle imports change nothing" "$(db_digest "$DB")" "$before"
expect_fail "--due must be months" "--due" --db "$DB" rare recognitions --due soon

# Care pathways.
check "import pathways" zl rare import pathways "$R/pathways_ok.csv"
out=$(zl rare pathway ORPHA:586)
grep -q "NET-CF .*ORPHA:101944 .*completeness 25%" <<<"$out" &&
  grep -q "multidisciplinary_team *partly" <<<"$out" &&
  grep -q "gaps: multidisciplinary_team (partly), follow_up (absent), transition (not recorded)" <<<"$out" &&
  ok "pathway of a disease: its group's checklist, score and gaps" || not_ok "pathway: $out"
out=$(zl rare networks NET-CF)
grep -q "care pathway completeness: 25%" <<<"$out" && ok "completeness per network" ||
  not_ok "networks: $out"
expect_fail "no pathway for an uncovered code" "no care pathway" --db "$DB" rare pathway ORPHA:558
before=$(db_digest "$DB")
expect_fail "unknown checklist item" "pathways_bad_item.csv:3: column 'item'" \
  --db "$DB" rare import pathways "$R/pathways_bad_item.csv"
check_eq "a failed pathway import changes nothing" "$(db_digest "$DB")" "$before"

# The sample of zl demo on the real ORDO file (without the rest of the demo).
S=$(new_db sample)
zs() { "$ZL" --db "$S" "$@"; }
zs import locations "$ZL_SOURCE_DIR/data/sample/locations.csv" >/dev/null
zs rare import ordo "$ZL_SOURCE_DIR/data/orphanet/ordo-2.6-2018-07-12.json.gz" >/dev/null
zs rare import ern "$ZL_SOURCE_DIR/data/orphanet/ern.csv" >/dev/null
zs rare import ecza "$ZL_SOURCE_DIR/data/sample/ecza.csv" >/dev/null
check "sample networks import" zs rare import networks "$ZL_SOURCE_DIR/data/sample/rare_networks.csv"
check "sample shared care import" \
  zs rare import shared-care "$ZL_SOURCE_DIR/data/sample/rare_shared_care.csv"
check "sample recognitions import" \
  zs rare import recognitions "$ZL_SOURCE_DIR/data/sample/rare_recognitions.csv"
check "sample assessments import" \
  zs rare import assessments "$ZL_SOURCE_DIR/data/sample/rare_assessments.csv"
check "sample pathways import" zs rare import pathways "$ZL_SOURCE_DIR/data/sample/rare_pathways.csv"
out=$(zs rare networks --date 2026-01-01 --json)
python3 - "$out" <<'PY' && ok "sample: every network has a coordinating centre and is synthetic" ||
import json, sys
d = json.loads(sys.argv[1])
assert d["count"] >= 15 and d["synthetic"], d["count"]
for n in d["networks"]:
    assert n["synthetic"] and n["centres"][0]["role"] == "coordinating", n["id"]
    assert all(p["synthetic"] for p in n["partners"])
    assert 0 < n["pathway"]["score"] <= 100 and n["pathway"]["checklists"] == len(n["codes"])
PY
  not_ok "sample networks"

# Concentration in context on synthetic registrations of the sample.
zs import areas "$ZL_SOURCE_DIR/data/nl/pc4.csv" >/dev/null
zs registry synth --seed 4 --rows 500 --codes 12 --date 2025-12-31 --out "$TMP/reg.csv" 2>/dev/null
zs registry import "$TMP/reg.csv" --synthetic >/dev/null
conc() { zs rare concentration --viewer admin --date 2025-12-31 "$@"; }
out=$(conc --json)
python3 - "$out" <<'PY' && ok "concentration: networks and partners next to the verdict, no flag" ||
import json, sys
d = json.loads(sys.argv[1])["diseases"]
with_net = [x for x in d if x["networks"]]
assert with_net and all(x["shared_care_partners"] for x in with_net), d
assert not any(x["outside_network"] for x in d)
assert all(c["in_network"] for x in with_net for c in x["centres"])
PY
  not_ok "concentration: $out"
sql "$S" "DELETE FROM rare_network_member WHERE centre_id = 'ECZA-107601-10'"
out=$(conc ORPHA:157215)
grep -q "network: NET-10" <<<"$out" && grep -q "ECZA-107601-10 .*no network" <<<"$out" &&
  grep -q "FLAG: patients are seen at a centre outside any network" <<<"$out" &&
  ok "a centre with patients outside the network flags the disease" ||
  not_ok "concentration flag: $out"
finish 34
