#!/usr/bin/env bash
# zl demo on PostgreSQL (issue 18), against a throw-away cluster (tests/pg/pg_server.sh):
# the whole sample database is built on PostgreSQL and equals the one built on SQLite:
# the same impact, the same tables and row counts, and the same checksums (zl db checksum)
# except where the data differ by nature (timestamps, the random disclosure key). A
# database holding other data is refused.
source "$(dirname "$0")/lib.sh"
PGS="$ZL_SOURCE_DIR/tests/pg/pg_server.sh"
PGDIR=$(mktemp -d /tmp/zl-pg-demo.XXXXXX)
at_exit "bash '$PGS' stop '$PGDIR'"
bash "$PGS" start "$PGDIR" >/dev/null
PGDEMO=$(bash "$PGS" createdb "$PGDIR" demo)
LITE="$TMP/demo.db"

# The demo on PostgreSQL waits on the server far more than it computes: both run at once.
("$ZL" --db "$PGDEMO" -q demo >"$TMP/demo.pg.out" 2>&1; echo "exit $?" >>"$TMP/demo.pg.out") &
demo_pid=$!
at_exit "kill $demo_pid 2>/dev/null"
check "zl demo on SQLite" sh -c "'$ZL' --db '$LITE' -q demo >'$TMP/demo.lite.out' 2>&1"
"$ZL" --db "$LITE" db checksum --json >"$TMP/demo.lite.sums"
wait "$demo_pid" || true
check_eq "zl demo on PostgreSQL: exit 0" "$(tail -1 "$TMP/demo.pg.out")" "exit 0"
check_eq "... the same impact as on SQLite" "$(grep -v -e '^Sample database' -e '^exit' "$TMP/demo.pg.out")" \
  "$(grep -v '^Sample database' "$TMP/demo.lite.out")"
check "... and says where, password masked" grep -q "Sample database postgresql://zl_test:\*\*\*@/demo" "$TMP/demo.pg.out"
"$ZL" --db "$PGDEMO" db checksum --json >"$TMP/demo.pg.sums"
check_eq "... the same tables and row counts as on SQLite" "$(jq -c '[.tables[] | [.table, .rows]]' "$TMP/demo.pg.sums")" \
  "$(jq -c '[.tables[] | [.table, .rows]]' "$TMP/demo.lite.sums")"
# Legitimately different: import_log, registry_submission and choice_model record when they
# were written (imported_at, submitted_at, fitted_at); disclosure_key is random per database.
differ='["choice_model","disclosure_key","import_log","registry_submission"]'
sums_but() { jq -c --argjson x "$differ" '[.tables[] | select(.table as $t | $x | index($t) | not) | [.table, .checksum]]' "$1"; }
check_eq "... the same checksums but for timestamps and the random key" "$(sums_but "$TMP/demo.pg.sums")" "$(sums_but "$TMP/demo.lite.sums")"
check_eq "... (and those four do differ, so the comparison is not vacuous)" \
  "$(jq -r --argjson x "$differ" '.tables[] | select(.table as $t | $x | index($t)) | .checksum' "$TMP/demo.pg.sums" "$TMP/demo.lite.sums" | sort -u | wc -l)" 8
DATA=$(bash "$PGS" createdb "$PGDIR" notdemo)
"$ZL" --db "$DATA" token create --role admin >/dev/null 2>&1
expect_fail "zl demo refuses a PostgreSQL database with other data" "holds data (table api_token) not made by \`zl demo\`" --db "$DATA" demo
finish 8
