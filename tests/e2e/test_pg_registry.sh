#!/usr/bin/env bash
# End-to-end on PostgreSQL (issue 18): the test starts its own throw-away cluster
# (tests/pg/pg_server.sh, Unix socket only, removed afterwards). The registry flow (import,
# resubmission, bad rows, submissions, counts per viewer, roll-up, breakdowns, VSOP) gives
# the same answers on PostgreSQL as on SQLite; an import that fails leaves PostgreSQL as it
# was; tokens work on PostgreSQL; and the bad inputs give clear errors and exit codes: an
# unreachable server, a wrong password, a database at a newer schema version.
source "$(dirname "$0")/lib.sh"
PGS="$ZL_SOURCE_DIR/tests/pg/pg_server.sh"
F="$FIX/registry"
PGDIR=$(mktemp -d /tmp/zl-pg-e2e.XXXXXX)
at_exit "bash '$PGS' stop '$PGDIR'"
bash "$PGS" start "$PGDIR" >/dev/null
psql_on() { PGPASSWORD=zl_test psql -qAtX -v ON_ERROR_STOP=1 -h "$PGDIR" -U zl_test -d "$1" "${@:2}"; }
PG=$(bash "$PGS" createdb "$PGDIR" reg)
LITE="$TMP/reg.db"

# --- the same flow on both backends ---
check "SQLite: create the store" "$ZL" --db "$LITE" db init
check "PostgreSQL: create the store" "$ZL" --db "$PG" db init
check "SQLite: reference data" sqlite3 "$LITE" ".read $F/reference.sql"
check "PostgreSQL: reference data (the same SQL file)" psql_on reg -f "$F/reference.sql"
run_both() { # run_both NAME zl-args...: the output of each backend into $TMP/NAME.{lite,pg}
  local name=$1; shift
  "$ZL" --db "$LITE" "$@" >"$TMP/$name.lite" 2>&1 || echo "exit $?" >>"$TMP/$name.lite"
  "$ZL" --db "$PG" "$@" >"$TMP/$name.pg" 2>&1 || echo "exit $?" >>"$TMP/$name.pg"
}
# same NAME: both outputs equal, with the submission log's timestamps and ids masked: a
# PostgreSQL identity never hands a number out twice, so the rolled-back import leaves a
# gap there where SQLite reuses the number (docs/deploy.md).
mask() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z/TIME/g; s/submission [0-9]+/submission N/; s/"id": [0-9]+/"id": N/' "$1"; }
same() {
  local a b
  a=$(mask "$TMP/$1.lite")
  b=$(mask "$TMP/$1.pg")
  if [ "$a" = "$b" ] && [ -n "$a" ]; then ok "same answer on both backends: $1"
  else not_ok "$1 differs: SQLite '$(head -c 300 <<<"$a")' PostgreSQL '$(head -c 300 <<<"$b")'"; fi
}
run_both import1 registry import "$F/good.csv"
same import1
run_both import2 registry import "$F/good.csv"
same import2
check "resubmission changes nothing on PostgreSQL" grep -q "5 accepted (0 new, 0 updated, 5 unchanged)" "$TMP/import2.pg"
before=$(psql_on reg -c 'SELECT count(*) FROM registration')
run_both bad registry import "$F/bad.csv"
same bad
check "PostgreSQL: rejected rows without --allow-partial: exit 3" grep -q "^exit 3" "$TMP/bad.pg"
check_eq "PostgreSQL: ... and nothing stored" "$(psql_on reg -c 'SELECT count(*) FROM registration')" "$before"
run_both partial registry import --allow-partial "$F/bad.csv"
same partial
run_both newer registry import "$F/newer.csv"
same newer
run_both subs registry submissions --json
same subs
run_both public registry counts
same public
run_both own registry counts --location L_A
same own
run_both admin registry counts --viewer admin --rollup --json
same admin
run_both rollup50 registry counts --viewer admin --rollup --code 50
same rollup50
run_both byloc registry counts --viewer admin --by location --json
same byloc
run_both byage registry counts --viewer admin --code 300 --by age --json
same byage
run_both byregion registry counts --code 300 --by region --layer province --json
same byregion
run_both vsop concentration 300 --date 2025-06-01 --viewer admin --json
same vsop
d1=$(sqlite3 "$LITE" "SELECT orpha, hex(pseudonym), location_id, diagnosis_date, birth_year, sex, pc4, contact_date FROM registration ORDER BY 1, 2, 3" | tr '[:upper:]' '[:lower:]')
d2=$(psql_on reg -F '|' -c "SELECT orpha, encode(pseudonym, 'hex'), location_id, diagnosis_date, birth_year, sex, pc4, contact_date FROM registration ORDER BY 1, 2, 3" | tr '[:upper:]' '[:lower:]')
check_eq "the stored registrations are identical" "$(sha256sum <<<"$d2")" "$(sha256sum <<<"$d1")"
check "PostgreSQL types: date, bytea, boolean" test "$(psql_on reg -c "SELECT pg_typeof(contact_date)::text || ',' || pg_typeof(pseudonym)::text || ',' || pg_typeof(synthetic)::text FROM registration, registry_submission LIMIT 1")" = "date,bytea,boolean"

# --- tokens on PostgreSQL ---
tok=$("$ZL" --db "$PG" token create --role location --location L_A --label pg 2>/dev/null | grep -o 'zlt_[A-Za-z0-9_-]*' | head -1 || true)
check "a location token is created on PostgreSQL" test -n "$tok"
check "... and listed" sh -c "'$ZL' --db '$PG' token list | grep -q pg"

# --- backup and restore: pg_dump of the database, restored into a new one, answers the same ---
PGBIN=${ZL_PG_BIN:-/usr/lib/postgresql/15/bin}
check "pg_dump of the registry database" env PGPASSWORD=zl_test "$PGBIN/pg_dump" -h "$PGDIR" -U zl_test -Fc -f "$TMP/reg.dump" reg
RESTORED=$(bash "$PGS" createdb "$PGDIR" restored)
check "pg_restore into a new database" env PGPASSWORD=zl_test "$PGBIN/pg_restore" -h "$PGDIR" -U zl_test -d restored --no-owner "$TMP/reg.dump"
check_eq "zl db migrate on the restored copy: nothing to do" "$("$ZL" --db "$RESTORED" db migrate | sed 's/.*(//')" "schema $("$ZL" --db "$PG" db info | sed -n 's/^schema version: //p'))"
check_eq "the restored copy gives the same counts" "$("$ZL" --db "$RESTORED" registry counts --viewer admin --rollup --json | sha256sum)" \
  "$("$ZL" --db "$PG" registry counts --viewer admin --rollup --json | sha256sum)"

# --- bad input ---
rc=0; err=$("$ZL" --db "postgresql://zl_test:zl_test@/reg?host=$TMP/nowhere" db info 2>&1) || rc=$?
if [ "$rc" = 1 ] && grep -q "cannot connect to PostgreSQL" <<<"$err" && ! grep -q "zl_test:zl_test" <<<"$err"; then
  ok "unreachable server: exit 1, clear error, password not shown"; else not_ok "unreachable: $rc $err"; fi
rc=0; err=$("$ZL" --db "postgresql://zl_test:wrong@/reg?host=$PGDIR" db info 2>&1) || rc=$?
if [ "$rc" = 1 ] && grep -q "password authentication failed" <<<"$err" && ! grep -q ":wrong@" <<<"$err"; then
  ok "wrong password: exit 1, clear error, password not shown"; else not_ok "wrong password: $rc $err"; fi
rc=0; err=$("$ZL" --db "$(bash "$PGS" createdb "$PGDIR" new)" db info 2>&1) || rc=$?
check_eq "a new empty database is migrated on first use" "$rc" 0
latest=$("$ZL" --db "$PG" db info | sed -n 's/^schema version: //p')
psql_on reg -c "UPDATE schema_version SET version = $((latest + 1))"
rc=0; err=$("$ZL" --db "$PG" registry counts 2>&1) || rc=$?
if [ "$rc" = 1 ] && grep -q "schema version $((latest + 1)) is newer than this build understands ($latest)" <<<"$err"; then
  ok "newer schema version: exit 1 and says so"; else not_ok "newer schema: $rc $err"; fi
finish 33
