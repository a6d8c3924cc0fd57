#!/usr/bin/env bash
# zl demo: builds one sample database with every part of the project, prints the impact of
# the proposed lung norm, replaces only a database it made itself, and the routes that
# reach other modules (zl import ecza, zl rare concentration) work on the result.
source "$(dirname "$0")/lib.sh"
DB=$(new_db demo)

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
check "quality step logged: 12 indicators, their synthetic values" bash -c \
  "grep -q 'imported indicators         12 rows' '$TMP/log' && grep -q 'imported indicator-values    1410 rows, generated (synthetic' '$TMP/log'"
check "quality works on the demo: PANC funnel labelled synthetic" bash -c \
  "'$ZL' --db '$DB' quality funnel --indicator PANC_MORT | grep -q '^SYNTHETIC'"

n() { sql "$DB" "SELECT count(*) FROM $1"; }
# The data, without the two logs whose rows carry the time of the import, the choice
# models' headers (they carry the time of the fit; coefficients are compared) and the
# random per-database disclosure key (docs/privacy.md).
data_digest() { db_digest "$1" registry_submission choice_model disclosure_key; }
check "every part has data" test "$(n area)" = 4065 -a "$(n flow)" -gt 0 \
  -a "$(n orpha_disorder)" -gt 9000 -a "$(n ecza_coverage)" -gt 0 -a "$(n registration)" = 3000 \
  -a "$(n ferry)" = 5 -a "$(n ambulance_post)" = 280 -a "$(n location_function)" -gt 160

before=$(data_digest "$DB")
check "demo again replaces its own database" bash -c "'$ZL' --db '$DB' demo >/dev/null 2>&1"
check "the rebuilt database is the same" test "$(data_digest "$DB")" = "$before"

out=$("$ZL" --db "$DB" import ecza "$ZL_SOURCE_DIR/data/sample/ecza.csv")
check "zl import ecza routes to the rare importer" grep -q '84 records' <<<"$out"
check "re-importing the register changes nothing" test "$(data_digest "$DB")" = "$before"

# zl rare concentration: every verdict re-derived from the report's own numbers by the rule
# in docs/registry.md, the figures of one disease, and small counts suppressed in public.
"$ZL" --db "$DB" rare concentration --date 2025-06-01 --viewer admin --json >"$TMP/conc.json"
rc=0
python3 "$ZL_SOURCE_DIR/tests/e2e/concentration_check.py" <"$TMP/conc.json" >"$TMP/conc.txt" || rc=$?
check_eq "zl rare concentration: the VSOP rule holds for every disease" "$rc $(tail -1 "$TMP/conc.txt")" \
  "0 checked 40 diseases: 6 within the rule, 14 too fragmented, 20 no centre"
py() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print($2)" "$1"; }
check_eq "ORPHA:33: 28 patients, two centres of 12 and 11, too fragmented" \
  "$(py "$TMP/conc.json" "[(d['patients'], [c['patients'] for c in d['centres']], d['advice']['band'], d['verdict']) for d in r['diseases'] if d['orpha'] == 33]")" \
  "[(28, [12, 11], '<50', 'too fragmented')]"
"$ZL" --db "$DB" rare concentration --date 2025-06-01 --json >"$TMP/pub.json"
check_eq "public concentration: counts under 10 suppressed, the rest shown" \
  "$(py "$TMP/pub.json" "(r['viewer'], all((c['patients'] is None) == (a['patients'] < 10) for d, e in zip(r['diseases'], json.load(open('$TMP/conc.json'))['diseases']) for c, a in zip(d['centres'], e['centres'])), sum(c['patients'] is None for d in r['diseases'] for c in d['centres']))")" \
  "('public', True, 19)"

# A database holding data zl demo did not make (on PostgreSQL, where the database must exist
# before zl can use it, an empty one is fine for the demo, as an empty SQLite file is not).
other=$(new_db other)
"$ZL" --db "$other" db init >/dev/null
"$ZL" --db "$other" import areas "$FIX/landscape/areas.csv" >/dev/null
expect_fail "demo refuses to replace a database it did not make" "refusing to replace" \
  --db "$other" demo
expect_fail "demo rejects a bad norm" "--norm: 'x' is not a number" --db "$DB" demo --norm x
finish 21
