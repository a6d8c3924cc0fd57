#!/usr/bin/env bash
# End-to-end: the hospital pseudonymises its extract, the registry imports it (bad rows
# reported, resubmission idempotent), counts are suppressed unless the viewer may see
# them, and the VSOP report runs.
source "$(dirname "$0")/lib.sh"
F="$FIX/registry"
DB=$(new_db reg)

# --- at the hospital: a key, and a registration extract with BSNs ---
check "new key" "$ZL" pseudonymise --new-key "$TMP/key"
expect_fail "key never overwritten" "exists" pseudonymise --new-key "$TMP/key"
cat >"$TMP/extract.csv" <<'CSV'
location_id,bsn,orpha,diagnosis_date,birth_year,sex,pc4,contact_date
L_A,111222333,ORPHA:200,2019-03-01,1980,F,1011,2024-05-01
L_B,111222333,ORPHA:200,2019-03-01,1980,F,1011,2023-01-01
L_A,123456782,ORPHA:300,2010-06-15,2001,M,3511,2018-01-01
CSV
check "pseudonymise the extract" sh -c "'$ZL' pseudonymise --key-file '$TMP/key' --csv '$TMP/extract.csv' >'$TMP/sub.csv'"
if head -1 "$TMP/sub.csv" | grep -q '^location_id,pseudonym,orpha,' && ! grep -q 111222333 "$TMP/sub.csv"; then
  ok "pseudonym column replaces the BSN"; else not_ok "pseudonymised CSV: $(head -2 "$TMP/sub.csv")"; fi
if [ "$(cut -d, -f2 "$TMP/sub.csv" | sed -n 2p)" = "$(cut -d, -f2 "$TMP/sub.csv" | sed -n 3p)" ]; then
  ok "same person, same pseudonym at two hospitals"; else not_ok "pseudonyms differ"; fi
printf 'location_id,bsn\nL_A,123456789\n' >"$TMP/badbsn.csv"
expect_fail "eleven-test failure names the line" "badbsn.csv:2: column 'bsn': fails the eleven-test" \
  pseudonymise --key-file "$TMP/key" --csv "$TMP/badbsn.csv"
out=$("$ZL" pseudonymise --key-file "$TMP/key" --csv "$TMP/badbsn.csv" 2>/dev/null || true)
if [ -z "$out" ]; then ok "nothing written on a bad BSN"; else not_ok "partial output"; fi
if [ "$(echo 111222333 | "$ZL" pseudonymise --key-file "$TMP/key")" = "$(cut -d, -f2 "$TMP/sub.csv" | sed -n 2p)" ]; then
  ok "line mode gives the same pseudonym"; else not_ok "line mode differs"; fi

# --- at the registry ---
check "create the store" "$ZL" --db "$DB" db init
check "reference data" sql_file "$DB" "$F/reference.sql"
check "import the pseudonymised extract" "$ZL" --db "$DB" registry import "$TMP/sub.csv"
check "import good.csv" "$ZL" --db "$DB" registry import "$F/good.csv"
d1=$(sql "$DB" "SELECT $(sql_hex pseudonym), orpha, location_id, contact_date FROM registration ORDER BY 1,2,3" | sha256sum)
out=$("$ZL" --db "$DB" registry import "$F/good.csv")
d2=$(sql "$DB" "SELECT $(sql_hex pseudonym), orpha, location_id, contact_date FROM registration ORDER BY 1,2,3" | sha256sum)
if [ "$d1" = "$d2" ] && grep -q "5 accepted (0 new, 0 updated, 5 unchanged)" <<<"$out"; then
  ok "resubmission changes nothing"; else not_ok "resubmission: $out"; fi
before=$(sql "$DB" 'SELECT count(*) FROM registration')
rc=0; "$ZL" --db "$DB" registry import "$F/bad.csv" >/dev/null 2>&1 || rc=$?
check "rejected rows without --allow-partial: exit 3 ($rc)" test "$rc" -eq 3
check "... and nothing stored" test "$(sql "$DB" 'SELECT count(*) FROM registration')" = "$before"
err=$("$ZL" --db "$DB" registry import --allow-partial "$F/bad.csv" 2>&1 >/dev/null)
if grep -q "bad.csv:7: column 'location_id': unknown location 'L_X'" <<<"$err" &&
   grep -q "bad.csv:3: column 'orpha': unknown ORPHAcode" <<<"$err"; then
  ok "bad rows reported with line and reason"; else not_ok "bad rows: $err"; fi
if "$ZL" --db "$DB" registry submissions | grep -q "bad.csv"; then ok "submissions logged"; else not_ok "submissions"; fi
n=$("$ZL" --db "$DB" registry submissions --json | grep -c '"rejected": 13' || true)
if [ "$n" = 1 ]; then ok "rejected count logged"; else not_ok "rejected count: $n"; fi

# --- counts ---
pub=$("$ZL" --db "$DB" registry counts)
if grep -q "<10" <<<"$pub" && ! grep -qE '^300 +[0-9]' <<<"$pub"; then ok "public counts suppressed"; else not_ok "public: $pub"; fi
own=$("$ZL" --db "$DB" registry counts --location L_A)
if grep -qE '^300 +3 +<10' <<<"$own"; then ok "a location sees its own counts"; else not_ok "own view: $own"; fi
adm=$("$ZL" --db "$DB" registry counts --viewer admin --rollup --code 50)
if grep -qE "^50 +5 " <<<"$adm"; then ok "roll-up counts each patient once"; else not_ok "rollup: $adm"; fi
all=$("$ZL" --db "$DB" registry counts --viewer admin --rollup)
if grep -qE "^50 +5 " <<<"$all" && grep -qE "^101 +4 " <<<"$all" && grep -qE "^300 +4 " <<<"$all"; then
  ok "roll-up of all groups counts each patient once per group"; else not_ok "rollup all: $all"; fi
expect_fail "region breakdown needs a layer" "needs a region layer" --db "$DB" registry counts --code 300 --by region
expect_fail "location view takes no viewer" "takes no --viewer" --db "$DB" registry counts --location L_A --viewer admin
if "$ZL" --db "$DB" registry counts --code 300 --by region --layer province --json | grep -q '"total_display": "<10"'; then
  ok "region breakdown with suppressed total"; else not_ok "region json"; fi

# --- VSOP ---
conc=$("$ZL" --db "$DB" concentration 300 --date 2025-06-01 --viewer admin --json)
if grep -q '"verdict": "within the rule"' <<<"$conc" && grep -q '"centre_id": "C1"' <<<"$conc"; then
  ok "concentration verdict"; else not_ok "concentration: $conc"; fi
expect_fail "concentration of an unregistered code" "no registered patients" --db "$DB" concentration 101
finish 27
