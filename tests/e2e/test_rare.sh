#!/usr/bin/env bash
# zl rare: importers on the fixtures, the register on a date, the finder and show, bad
# input that changes nothing, and the shipped sample register on the real ORDO file.
source "$(dirname "$0")/lib.sh"
R="$FIX/rare"
DB=$(new_db rare)
zl() { "$ZL" --db "$DB" "$@"; }

check "import ORDO fixture" zl rare import ordo "$R/ordo_mini.json"
check "import product1 (en)" zl rare import product1 "$R/en_product1.xml"
check "import product1 (nl, ISO-8859-1)" zl rare import product1 "$R/nl_product1.xml"
check "import product3" zl rare import product3 "$R/en_product3.xml"
check "import product7" zl rare import product7 "$R/en_product7.xml"
check "import product9" zl rare import product9 "$R/en_product9_prev.xml"
check "import ERNs" zl rare import ern "$ZL_SOURCE_DIR/data/orphanet/ern.csv"
sql_file "$DB" "$R/locations.sql"
check "import ECZA register" zl rare import ecza "$R/ecza_ok.csv"

before=$(db_digest "$DB")
zl rare import product1 "$R/en_product1.xml" >/dev/null
zl rare import ecza "$R/ecza_ok.csv" >/dev/null
[ "$(db_digest "$DB")" = "$before" ] && ok "importing the same files again changes nothing" ||
  not_ok "re-import changed the database"

out=$(zl rare list --date 2022-06-01 --json)
grep -q '"count": 1' <<<"$out" && grep -q '"synthetic": true' <<<"$out" &&
  ok "list on 2022-06-01: one recognition, labelled synthetic" || not_ok "list: $out"
out=$(zl rare list --date 2023-01-01)
grep -q "1 recognitions" <<<"$out" && ! grep -q "T-2" <<<"$out" &&
  ok "objection pending is not listed" || not_ok "list text: $out"

out=$(zl rare find "cistic fibrosis" --date 2022-06-01 --json)
grep -q '"code": "ORPHA:586"' <<<"$out" && grep -q '"code": "ORPHA:101944"' <<<"$out" &&
  ok "find with a typo, adjacent expertise via the group" || not_ok "find: $out"
out=$(zl rare find --lang nl taaislijmziekte)
grep -q "ORPHA:586" <<<"$out" && grep -q "Cystische fibrose" <<<"$out" &&
  ok "find a Dutch name" || not_ok "find nl: $out"
out=$(zl rare find "ORPHA:1235")
grep -q "ORPHA:1658" <<<"$out" && grep -q "obsolete ORPHA:1235" <<<"$out" &&
  ok "an obsolete code resolves to its successor" || not_ok "find obsolete: $out"
out=$(zl rare find "xyzzy qqqq")
grep -q "ORPHA:616874" <<<"$out" && ok "no hit advises ORPHA:616874" || not_ok "no hit: $out"
out=$(zl rare show 586 --json)
grep -q '"Cystische fibrose"' <<<"$out" && grep -q '"linearisation": 101944' <<<"$out" &&
  grep -q '"geography": "Europe"' <<<"$out" && ok "show 586 has names, linearisation, prevalence" ||
  not_ok "show: $out"

before=$(db_digest "$DB")
expect_fail "truncated XML" "truncated or malformed XML" --db "$DB" rare import product1 "$R/truncated_product1.xml"
expect_fail "wrong root element" "wrong root element" --db "$DB" rare import product9 "$R/wrong_root.xml"
expect_fail "corrupt gzip" "corrupt gzip data" --db "$DB" rare import ordo "$R/corrupt.json.gz"
expect_fail "unknown ORPHAcode" "ORPHA:999999999 does not exist" --db "$DB" rare import ecza "$R/ecza_unknown_code.csv"
expect_fail "overlapping periods" "overlaps the period starting 2020-01-01" --db "$DB" rare import ecza "$R/ecza_overlap.csv"
expect_fail "unknown code in show" "ORPHA:424242 is not in the nomenclature" --db "$DB" rare show 424242
[ "$(db_digest "$DB")" = "$before" ] && ok "failed imports changed nothing" || not_ok "database changed"
# Issue 13: generic words, ICD-10 categories, show = find's adjacent expertise, postcode.
out=$(zl rare find "xyzzy syndrome")
grep -q "no good match for 'xyzzy syndrome'" <<<"$out" && grep -q "ERN-LUNG" <<<"$out" &&
  ok "informative words matching nothing: no good match, the ERNs listed" || not_ok "generic: $out"
out=$(zl rare find syndrome)
grep -q "no good match" <<<"$out" && ok "a generic word alone is no match" || not_ok "syndrome: $out"
out=$(zl rare find E84 --json)
grep -q '"code": "ORPHA:586"' <<<"$out" && grep -q '"match": "icd10"' <<<"$out" &&
  ok "ICD-10 category E84 finds E84.0" || not_ok "E84: $out"
rc=0; zl rare find "  " >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 2 ] && ok "an empty query is a usage error" || not_ok "empty query exit $rc"
out=$(zl rare show 586 --date 2022-06-01)
grep -q "adjacent expertise via Cystic fibrosis > " <<<"$out" && grep -q "pulmonary test centre" <<<"$out" &&
  ok "show uses the adjacent-expertise path of find" || not_ok "show adjacent: $out"
PC=$(new_db postcode)
db_copy "$DB" "$PC"
sql "$PC" "INSERT INTO area(pc4, population, lat, lon) VALUES (3584, 100, 52.09, 5.18), (2333, 100, 52.17, 4.48);
  INSERT INTO travel VALUES (3584, '107601', 8, 5, 'test'), (3584, '103302', 45, 60, 'test'),
                            (2333, '107601', 50, 60, 'test'), (2333, '103302', 6, 4, 'test');"
printf '%s\n' "centre_id,location_id,centre,orpha,ern,recognised_from,recognised_to,status,patient_organisation,synthetic" \
  "T-3,103302,LUMC: pulmonary test centre,ORPHA:101944,ERN-LUNG,2020-01-01,2024-12-31,recognised,,true" >"$TMP/ecza3.csv"
"$ZL" --db "$PC" rare import ecza "$TMP/ecza3.csv" >/dev/null
first() { "$ZL" --db "$PC" rare find "cystic fibrosis" --date 2022-06-01 --limit 1 --postcode "$1" | grep -m1 "min by car"; }
l=$(first 2333); u=$(first 3584)
grep -q "6 min by car: LUMC" <<<"$l" && grep -q "8 min by car: UMC Utrecht" <<<"$u" &&
  ok "--postcode orders the centres by car minutes and shows them" || not_ok "postcode: '$l' '$u'"
expect_fail "an unknown postcode" "unknown postcode 9999" --db "$PC" rare find marfan --postcode 9999
expect_fail "a malformed postcode" "not a PC4" --db "$PC" rare find marfan --postcode 12a
set +e
"$ZL" --db "$DB" rare import nonsense x 2>/dev/null; rc=$?
set -e
[ "$rc" -eq 2 ] && ok "unknown kind is a usage error" || not_ok "unknown kind exit $rc"

# The shipped sample register is valid against the real ORDO file and the real locations.
DB2=$(new_db sample)
check "import real ORDO" "$ZL" --db "$DB2" rare import ordo "$ZL_SOURCE_DIR/data/orphanet/ordo-2.6-2018-07-12.json.gz"
check "import real ERNs" "$ZL" --db "$DB2" rare import ern "$ZL_SOURCE_DIR/data/orphanet/ern.csv"
sql_import_csv "$DB2" "$ZL_SOURCE_DIR/data/nl/hospital_locations_2016.csv" location
check "import the synthetic sample register" "$ZL" --db "$DB2" rare import ecza "$ZL_SOURCE_DIR/data/sample/ecza.csv"
out=$("$ZL" --db "$DB2" rare find duchenne --date 2025-06-01 --limit 1)
grep -q "ORPHA:98896" <<<"$out" && grep -q "SYNTHETIC" <<<"$out" &&
  ok "sample: Duchenne finds centres, labelled synthetic" || not_ok "sample find: $out"
finish 36
