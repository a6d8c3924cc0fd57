#!/usr/bin/env bash
# Registry counts over HTTP stay fresh on a running server: imports by other processes
# (population of an area, new registrations of the code) show in the very next answers of
# every worker. On PostgreSQL a worker remembers reads of reference data (population,
# names, prevalences, disclosure key) for the data version it polls (zl_db_stmt_memo);
# this is where a memo that outlived a change would show. The answers are also the same
# as those of a fresh server started after the imports.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http_lib.sh"

DB=$(new_db counts_fresh)
http_fixture_copy "$DB"
ADMIN=$("$ZL" --db "$DB" token create --role admin --label test 2>/dev/null)
CODE=$(sql "$DB" "SELECT orpha FROM registration GROUP BY orpha ORDER BY count(*) DESC, orpha LIMIT 1")
LOC=$(sql "$DB" "SELECT id FROM location ORDER BY id LIMIT 1")
check "a code and a location to work with (ORPHA:$CODE at $LOC)" test -n "$CODE" -a -n "$LOC"

http_start "$DB" --threads 2
# fields JSON: population, the exact patients of the code, the synthetic flag and the name
fields() {
  python3 -c 'import json, sys
d = json.load(sys.stdin); r = d["rows"][0]
print(d["population"], r["patients"], d["synthetic"], r["name"])'
}
counts() {
  curl -sf -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:$HTTP_PORT/api/v1/registry/counts?code=$CODE" | fields
}
# Several requests, so that every worker has read (and may remember) everything.
for _ in 1 2 3 4 5 6; do counts >/dev/null; done
read -r pop0 n0 synth0 name0 <<<"$(counts)"
check "before: a population, patients and a name ($pop0, $n0, $name0)" \
  test "${pop0:-0}" -gt 0 -a "${n0:-0}" -gt 0 -a -n "$name0"

# Another process changes one area's population and registers 30 new patients of the code.
head -1 "$ZL_SOURCE_DIR/data/nl/pc4.csv" >"$TMP/area.csv"
grep '^"1011",' "$ZL_SOURCE_DIR/data/nl/pc4.csv" |
  awk -F, -v OFS=, '{$6 = $6 + 1000; $7 = $7 + 1000; print}' >>"$TMP/area.csv"
"$ZL" -q --db "$DB" import areas "$TMP/area.csv" >/dev/null
echo "location_id,pseudonym,orpha,diagnosis_date,birth_year,sex,pc4,contact_date" >"$TMP/new.csv"
for i in $(seq 1 30); do
  printf '%s,%064d,ORPHA:%s,2020-01-01,1990,F,1011,2025-01-01\n' "$LOC" "$((900000 + i))" "$CODE"
done >>"$TMP/new.csv"
"$ZL" -q --db "$DB" registry import "$TMP/new.csv" >/dev/null
for i in 1 2 3 4; do
  read -r pop n synth name <<<"$(counts)"
  check_eq "after the imports: population ($i)" "$pop" "$((pop0 + 1000))"
  check_eq "after the imports: patients ($i)" "$n" "$((n0 + 30))"
done

# A fresh server on the same database gives the same answer, byte for byte.
want=$(curl -sf -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:$HTTP_PORT/api/v1/registry/counts?code=$CODE&by=age")
http_stop
http_start "$DB" --threads 2
got=$(curl -sf -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:$HTTP_PORT/api/v1/registry/counts?code=$CODE&by=age")
check "the running server answers as a fresh one" test -n "$want" -a "$want" = "$got"
finish 11
