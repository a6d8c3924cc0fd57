#!/usr/bin/env bash
# zl rare: importers on the fixtures, the register on a date, the finder and show, bad
# input that changes nothing, and the shipped sample register on the real ORDO file.
source "$(dirname "$0")/lib.sh"
R="$FIX/rare"
DB="$TMP/rare.db"
zl() { "$ZL" --db "$DB" "$@"; }

check "import ORDO fixture" zl rare import ordo "$R/ordo_mini.json"
check "import product1 (en)" zl rare import product1 "$R/en_product1.xml"
check "import product1 (nl, ISO-8859-1)" zl rare import product1 "$R/nl_product1.xml"
check "import product3" zl rare import product3 "$R/en_product3.xml"
check "import product7" zl rare import product7 "$R/en_product7.xml"
check "import product9" zl rare import product9 "$R/en_product9_prev.xml"
check "import ERNs" zl rare import ern "$ZL_SOURCE_DIR/data/orphanet/ern.csv"
sqlite3 "$DB" < "$R/locations.sql"
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
set +e
"$ZL" --db "$DB" rare import nonsense x 2>/dev/null; rc=$?
set -e
[ "$rc" -eq 2 ] && ok "unknown kind is a usage error" || not_ok "unknown kind exit $rc"

# The shipped sample register is valid against the real ORDO file and the real locations.
DB2="$TMP/sample.db"
check "import real ORDO" "$ZL" --db "$DB2" rare import ordo "$ZL_SOURCE_DIR/data/orphanet/ordo-2.6-2018-07-12.json.gz"
check "import real ERNs" "$ZL" --db "$DB2" rare import ern "$ZL_SOURCE_DIR/data/orphanet/ern.csv"
sqlite3 "$DB2" ".mode csv" ".import --skip 1 $ZL_SOURCE_DIR/data/nl/hospital_locations_2016.csv location"
check "import the synthetic sample register" "$ZL" --db "$DB2" rare import ecza "$ZL_SOURCE_DIR/data/sample/ecza.csv"
out=$("$ZL" --db "$DB2" rare find duchenne --date 2025-06-01 --limit 1)
grep -q "ORPHA:98896" <<<"$out" && grep -q "SYNTHETIC" <<<"$out" &&
  ok "sample: Duchenne finds centres, labelled synthetic" || not_ok "sample find: $out"
finish 28
