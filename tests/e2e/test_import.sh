#!/usr/bin/env bash
# zl import: the real CBS/RIVM files import as they are, a repeated import changes nothing,
# and each kind of bad input fails with file, line, column and reason and leaves the
# database unchanged.
source "$ZL_SOURCE_DIR/tests/e2e/lib.sh"
NL="$ZL_SOURCE_DIR/data/nl"
L="$FIX/landscape"
DB=$(new_db real)

check "areas: real pc4.csv imports" "$ZL" --db "$DB" import areas "$NL/pc4.csv"
check "area-ages: real pc4_age.csv imports" "$ZL" --db "$DB" import area-ages "$NL/pc4_age.csv"
check "locations: real hospital file imports" \
  "$ZL" --db "$DB" import locations "$NL/hospital_locations_2016.csv"
rows=$(sql "$DB" "SELECT (SELECT count(*) FROM area) || ' ' || (SELECT count(*) FROM area_age)
                      || ' ' || (SELECT count(*) FROM location)")
check "real files: 4065 areas, 81180 age rows, 265 locations ($rows)" \
  test "$rows" = "4065 81180 265"
zero=$(sql "$DB" "SELECT count(*) FROM area WHERE population = 0")
check "areas without a published count are stored with population 0 ($zero)" test "$zero" -ge 6

digest=$(db_digest "$DB")
out=$("$ZL" --db "$DB" import area-ages "$NL/pc4_age.csv")
check "second import reports 0 changed" grep -q "81180 rows, 0 changed" <<<"$out"
check "rows without any count are skipped (300)" grep -q "300 skipped (no data)" <<<"$out"
"$ZL" --db "$DB" import areas "$NL/pc4.csv" >/dev/null
"$ZL" --db "$DB" import locations "$NL/hospital_locations_2016.csv" >/dev/null
check "second imports leave the database as it was" test "$(db_digest "$DB")" = "$digest"
check "import log: one row per file" test "$(sql "$DB" "SELECT count(*) FROM import_log")" -eq 3

# The small fixture landscape, then bad inputs against it.
FDB=$(new_db fixture)
for kv in areas:areas area-ages:area_ages locations:locations regions:regions \
          interventions:interventions volumes:volumes flows:flows; do
  check "fixture ${kv%%:*} imports" "$ZL" --db "$FDB" import "${kv%%:*}" "$L/${kv#*:}.csv"
done
fd=$(db_digest "$FDB")
bad() { # description kind file message
  expect_fail "$1" "$4" --db "$FDB" import "$2" "$L/$3"
  check "$1: database unchanged" test "$(db_digest "$FDB")" = "$fd"
}
bad "missing column" flows bad_missing_column.csv \
  "bad_missing_column.csv:1: missing column 'patients' in the header"
bad "non-numeric field" flows bad_non_numeric.csv \
  "bad_non_numeric.csv:3: column 'patients': expected an integer, found 'twelve'"
bad "negative count" flows bad_negative.csv "bad_negative.csv:3: column 'patients': negative count -3"
bad "unknown PC4" flows bad_unknown_pc4.csv "bad_unknown_pc4.csv:3: column 'pc4': unknown PC4 1234"
bad "unknown location" flows bad_unknown_location.csv \
  "bad_unknown_location.csv:3: column 'location_id': unknown location 'L_NOPE'"
bad "duplicate key" flows bad_duplicate.csv "bad_duplicate.csv:4: column 'pc4': duplicate key"
bad "truncated file" flows bad_truncated.csv \
  "bad_truncated.csv:3: expected 5 fields as in the header, found 3 (file truncated?)"
bad "invalid UTF-8" locations bad_utf8.csv "bad_utf8.csv:2: invalid UTF-8"
# Travel times on the fixture: built once, cached, exported.
out=$("$ZL" --db "$FDB" travel build)
check "travel build: 5 areas x 4 locations" grep -q "built: 5 areas x 4 locations = 20 rows" <<<"$out"
out=$("$ZL" --db "$FDB" travel build)
check "travel build again: up to date" grep -q "up to date" <<<"$out"
"$ZL" --db "$FDB" travel export --csv --out "$TMP/travel.csv"
check "travel export: header" test "$(head -1 "$TMP/travel.csv")" = "pc4,location_id,minutes,km"
check "travel export: 20 rows" test "$(($(wc -l <"$TMP/travel.csv") - 1))" -eq 20
check "travel export: 1011 to the AMC by the default model" grep -qx "1011,L_AMS,19.62,11.615" "$TMP/travel.csv"
check "travel export to stdout matches the file" \
  cmp -s <("$ZL" --db "$FDB" travel export --csv) "$TMP/travel.csv"
expect_fail "travel build rejects a bad detour" "detour factor 0.5" --db "$FDB" travel build --detour 0.5

expect_fail "unknown kind is a usage error" "unknown kind 'nope'" --db "$FDB" import nope "$L/areas.csv"

# Issue 12's reproducers: an absurd population (it overflowed the impact sums), a NUL byte
# inside a name (it was stored cut off), CR-only line endings (misread as one header line).
digest=$(db_digest "$FDB")
printf 'pc4,population,lat,lon\n1011,9223372036854775807,52.37,4.90\n' >"$TMP/huge.csv"
expect_fail "population of INT64_MAX refused" \
  "column 'population': 9223372036854775807 is outside the plausible range 0..1000000" \
  --db "$FDB" import areas "$TMP/huge.csv"
printf 'location_id,organisation_id,organisation,name,kind,lat,lon\nL_NUL,O9,Org,Cut\0Off,general,52.1,4.5\n' >"$TMP/nul.csv"
expect_fail "NUL byte in a text field refused" "NUL byte at byte" --db "$FDB" import locations "$TMP/nul.csv"
check "refused imports changed nothing" test "$(db_digest "$FDB")" = "$digest"
printf 'pc4,population,lat,lon\r1011,9630,52.37,4.90\r3511,6090,52.09,5.11\r' >"$TMP/cr.csv"
out=$("$ZL" --db "$FDB" import areas "$TMP/cr.csv")
check "CR-only file imports its 2 rows" grep -q "2 rows" <<<"$out"

finish 44
