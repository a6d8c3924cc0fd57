#!/usr/bin/env bash
# zl demo: builds one sample database with every part of the project, prints the impact of
# the proposed lung norm, replaces only a database it made itself, and the routes that
# reach other modules (zl import ecza, zl rare concentration) work on the result.
source "$(dirname "$0")/lib.sh"
DB="$TMP/demo.db"

check "demo builds the sample" bash -c "'$ZL' --db '$DB' demo >'$TMP/out' 2>'$TMP/log'"
check "impact of the proposed lung norm" grep -q "Lung resection (LUNG)" "$TMP/out"
check "norm 60 shown" grep -q "Norm 60 per year (proposed" "$TMP/out"
check "output labelled synthetic" grep -q "SYNTHETIC DATA" "$TMP/out"
check "landscape step logged" grep -q "imported flows" "$TMP/log"
check "travel matrix built once, with 3 RIVM 2019 locations and the ferries" \
  test "$(grep -c "travel times  4065 areas x 124 locations (crowfly1:.*+ferries:" "$TMP/log")" = 1
check "acute step logged" grep -q "imported ambulance-posts-2019     280 rows" "$TMP/log"
check "rare step logged" grep -q "rare: Orphanet nomenclature" "$TMP/log"
check "registry step logged" grep -q "registrations: 3000 synthetic rows" "$TMP/log"

n() { sqlite3 "$DB" "SELECT count(*) FROM $1"; }
# The data, without the two logs whose rows carry the time of the import, the choice
# models' headers (they carry the time of the fit; coefficients are compared) and the
# random per-database disclosure key (docs/privacy.md).
data_digest() { sqlite3 "$1" .dump | grep -v -e '^INSERT INTO import_log' -e '^INSERT INTO registry_submission' -e '^INSERT INTO choice_model' -e '^INSERT INTO disclosure_key' | sha256sum; }
check "every part has data" test "$(n area)" = 4065 -a "$(n flow)" -gt 0 \
  -a "$(n orpha_disorder)" -gt 9000 -a "$(n ecza_coverage)" -gt 0 -a "$(n registration)" = 3000 \
  -a "$(n ferry)" = 5 -a "$(n ambulance_post)" = 280 -a "$(n location_function)" -gt 160

before=$(data_digest "$DB")
check "demo again replaces its own database" bash -c "'$ZL' --db '$DB' demo >/dev/null 2>&1"
check "the rebuilt database is the same" test "$(data_digest "$DB")" = "$before"

check "zl import ecza routes to the rare importer" \
  bash -c "'$ZL' --db '$DB' import ecza '$ZL_SOURCE_DIR/data/sample/ecza.csv' | grep -q '84 records'"
check "re-importing the register changes nothing" test "$(data_digest "$DB")" = "$before"
check "zl rare concentration runs the VSOP rule" \
  bash -c "'$ZL' --db '$DB' rare concentration --date 2025-06-01 --json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d'"

other="$TMP/other.db"
"$ZL" --db "$other" db init >/dev/null
expect_fail "demo refuses to replace a database it did not make" "refusing to replace" \
  --db "$other" demo
expect_fail "demo rejects a bad norm" "--norm: 'x' is not a number" --db "$DB" demo --norm x
finish
