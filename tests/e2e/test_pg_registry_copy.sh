#!/usr/bin/env bash
# The registry import on PostgreSQL goes through COPY into a staging table and one
# INSERT ... ON CONFLICT plus one UPDATE (src/store/registry_write.c); on SQLite through
# multi-row INSERTs. On the test's own throw-away cluster, with 20 000 seeded synthetic
# registrations: both backends report the same counts and store the same rows for a first
# import, a resubmission (all unchanged), a file in which some keys come back with a newer
# contact and other values (updated), an older contact (unchanged) or the same values
# (unchanged), and new keys; a bad row in the middle of the file without --allow-partial
# leaves PostgreSQL exactly as it was; with --allow-partial the rest is stored as on SQLite.
source "$(dirname "$0")/lib.sh"
PGS="$ZL_SOURCE_DIR/tests/pg/pg_server.sh"
F="$FIX/registry"
PGDIR=$(mktemp -d /tmp/zl-pg-e2e.XXXXXX)
at_exit "bash '$PGS' stop '$PGDIR'"
bash "$PGS" start "$PGDIR" >/dev/null
psql_on() { PGPASSWORD=zl_test psql -qAtX -v ON_ERROR_STOP=1 -h "$PGDIR" -U zl_test -d copy "$@"; }
PG=$(bash "$PGS" createdb "$PGDIR" copy)
LITE="$TMP/copy.db"
for db in "$LITE" "$PG"; do "$ZL" --db "$db" db init >/dev/null; done
sqlite3 "$LITE" ".read $F/reference.sql"
psql_on -f "$F/reference.sql"

# The seeded generator on the small reference landscape (labelled synthetic in every row).
check "20 000 synthetic registrations (seed 11)" \
  "$ZL" --db "$LITE" registry synth --seed 11 --rows 20000 --codes 2 --date 2025-06-01 --out "$TMP/reg.csv"
check "... labelled synthetic" grep -q synthetic "$TMP/reg.csv"
# changed.csv: the first 300 data lines in another PC4 (updated: same contact date, other
# values), the next 300 in another PC4 with the diagnosis date as contact (unchanged where
# that is older than the stored contact, else updated), the next 300 as they were
# (unchanged), and 300 new keys (a new pseudonym prefix).
awk -F, -v OFS=, 'BEGIN { next_pc4["1011"] = 3511; next_pc4["3511"] = 9711; next_pc4["9711"] = 1011 }
  NR == 1 { print; next }
  NR <= 301 { $7 = next_pc4[$7]; print; next }
  NR <= 601 { $7 = next_pc4[$7]; $8 = $4; print; next }
  NR <= 901 { print; next }
  NR <= 1201 { $2 = "ff" substr($2, 3); print }' "$TMP/reg.csv" >"$TMP/changed.csv"
# bad.csv: a new file whose row in the middle has an unknown ORPHAcode.
awk -F, -v OFS=, 'NR == 1 { print; next } NR <= 5001 { $2 = "ee" substr($2, 3);
  if (NR == 2500) $3 = "ORPHA:12345"; print }' "$TMP/reg.csv" >"$TMP/bad.csv"

rows() { # rows DB: a digest of the stored registrations (submission and line masked)
  if [ "$1" = "$LITE" ]; then
    sqlite3 "$LITE" "SELECT orpha, lower(hex(pseudonym)), location_id, diagnosis_date, birth_year, sex, pc4, contact_date FROM registration ORDER BY 1, 2, 3"
  else
    psql_on -F '|' -c "SELECT orpha, encode(pseudonym, 'hex'), location_id, diagnosis_date, birth_year, sex, pc4, contact_date FROM registration ORDER BY 1, 2, 3"
  fi | sha256sum | cut -c1-16
}
counts() { grep -o '[0-9]* accepted ([0-9]* new, [0-9]* updated, [0-9]* unchanged), [0-9]* rejected' "$1" || echo "no summary: $(head -c 300 "$1")"; }
import_both() { # import_both NAME zl-args...: runs the import on both backends, compares
  local name=$1 rc; shift
  for b in lite pg; do
    db=$LITE; [ $b = pg ] && db=$PG
    rc=0; "$ZL" --db "$db" registry import "$@" >"$TMP/$name.$b" 2>&1 || rc=$?
    echo "exit $rc" >>"$TMP/$name.$b"
  done
  check_eq "$name: the same counts on both backends" "$(counts "$TMP/$name.pg")" "$(counts "$TMP/$name.lite")"
  check_eq "$name: the same exit status" "$(tail -1 "$TMP/$name.pg")" "$(tail -1 "$TMP/$name.lite")"
  check_eq "$name: the same rows stored" "$(rows "$PG")" "$(rows "$LITE")"
}
import_both first "$TMP/reg.csv"
check "first: every row new on PostgreSQL" grep -q "20000 accepted (20000 new, 0 updated, 0 unchanged)" "$TMP/first.pg"
import_both again "$TMP/reg.csv"
check "again: every row unchanged" grep -q "20000 accepted (0 new, 0 updated, 20000 unchanged)" "$TMP/again.pg"
import_both changed "$TMP/changed.csv"
upd=$(sed -n 's/.*1200 accepted (300 new, \([0-9]*\) updated, \([0-9]*\) unchanged).*/\1 \2/p' "$TMP/changed.pg")
check "changed: 300 new, 300-599 updated, the rest unchanged ($upd)" \
  test -n "$upd" -a "${upd% *}" -ge 300 -a "${upd% *}" -lt 600 -a "$((${upd% *} + ${upd#* }))" = 900
check_eq "changed: the updated rows carry the new submission on PostgreSQL" \
  "$(psql_on -c "SELECT count(*) FROM registration WHERE submission = (SELECT max(id) FROM registry_submission)")" "$((300 + ${upd% *}))"

before=$(rows "$PG")
subs=$(psql_on -c 'SELECT count(*) FROM registry_submission')
import_both bad "$TMP/bad.csv"
check "bad: one row in the middle rejected, exit 3" grep -q "^exit 3" "$TMP/bad.pg"
check "... line 2500 named" grep -q "bad.csv:2500: column 'orpha'" "$TMP/bad.pg"
check_eq "bad: PostgreSQL unchanged (rows)" "$(rows "$PG")" "$before"
check_eq "bad: ... and no submission logged" "$(psql_on -c 'SELECT count(*) FROM registry_submission')" "$subs"
import_both partial --allow-partial "$TMP/bad.csv"
check "partial: the other 4999 stored" grep -q "4999 accepted (.*), 1 rejected" "$TMP/partial.pg"
finish 26
