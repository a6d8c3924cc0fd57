#!/usr/bin/env bash
# zl db copy (issue 18, point 5), against a throw-away cluster
# (tests/pg/pg_server.sh, Unix socket only, removed afterwards). The demo database, with
# every table filled (tokens and capacities added), is copied SQLite -> PostgreSQL ->
# a new SQLite file: every table of the schema is copied (the lists come from sqlite3 and
# psql, apart from zl), the row counts and checksums agree, the round-tripped file holds
# the same rows as the original (sqlite3 .dump), and zl answers the same on all three.
# Bad input: a target that is not empty, an unreachable server, schema versions that
# differ, bad arguments. (zl demo on PostgreSQL: test_pg_demo.sh.)
source "$(dirname "$0")/lib.sh"
export LC_ALL=C # sort in byte order, as SQLite's ORDER BY does
PGS="$ZL_SOURCE_DIR/tests/pg/pg_server.sh"
PGDIR=$(mktemp -d /tmp/zl-pg-copy.XXXXXX)
at_exit "bash '$PGS' stop '$PGDIR'"
bash "$PGS" start "$PGDIR" >/dev/null
psql_on() { PGPASSWORD=zl_test psql -qAtX -v ON_ERROR_STOP=1 -h "$PGDIR" -U zl_test -d "$1" "${@:2}"; }
LITE="$TMP/demo.db"
BACK="$TMP/back.db"
PG=$(bash "$PGS" createdb "$PGDIR" copy1)
check "zl demo on SQLite" sh -c "'$ZL' --db '$LITE' -q demo >/dev/null 2>&1"

# Every table gets rows: API tokens (one revoked, one expiring) and capacities.
"$ZL" --db "$LITE" token create --role admin --label ops >/dev/null 2>&1
"$ZL" --db "$LITE" token create --role location --location 100101 --expires 90d >/dev/null 2>&1
"$ZL" --db "$LITE" token revoke "$("$ZL" --db "$LITE" token list --json | jq -r '.[0].id')" >/dev/null 2>&1
printf 'location_id,intervention,capacity\n100101,LUNG,120.5\n100201,LUNG,80\n' >"$TMP/cap.csv"
"$ZL" --db "$LITE" -q import capacity "$TMP/cap.csv" >/dev/null
tables=$(sqlite3 "$LITE" "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY 1")
empty=$(for t in $tables; do [ "$(sqlite3 "$LITE" "SELECT count(*) FROM \"$t\"")" -gt 0 ] || echo "$t"; done)
check_eq "every table of the demo database has rows" "$empty" ""

# --- SQLite -> PostgreSQL ---
check "zl db copy SQLite -> PostgreSQL" sh -c "'$ZL' db copy --from '$LITE' --to '$PG' >'$TMP/c1.txt' 2>'$TMP/c1.err'"
check_eq "the table of figures: table, rows, checksum, match (yes) for every table" \
  "$(grep -Ec '^[a-z_0-9]+ +[0-9]+ +[0-9a-f]{64} +yes$' "$TMP/c1.txt") $(head -1 "$TMP/c1.txt" | tr -s ' ')" \
  "$(wc -w <<<"$tables") table rows checksum match"
check_eq "every table of the schema was copied (sqlite3's list)" "$(awk '{print $1}' "$TMP/c1.txt" | grep -v '^table$' | sort)" "$tables"
check_eq "... and is every table on PostgreSQL (psql's list)" \
  "$(psql_on copy1 -c "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('schema_version', 'zl_data_change') ORDER BY 1" | sort)" \
  "$tables"
counts=$(for t in $tables; do echo "$t $(sqlite3 "$LITE" "SELECT count(*) FROM \"$t\"")"; done)
check_eq "the rows reported are sqlite3's counts" "$(awk '$4 == "yes" {print $1, $2}' "$TMP/c1.txt" | sort)" "$counts"
check_eq "the rows on PostgreSQL are psql's counts" \
  "$(for t in $tables; do echo "$t $(psql_on copy1 -c "SELECT count(*) FROM \"$t\"")"; done)" "$counts"
check "the copy says it verified every table" grep -q "every table verified" "$TMP/c1.err"
next=$(psql_on copy1 -c "SELECT max(id) + 1 FROM import_log")
printf 'location_id,intervention,capacity\n100101,LUNG,90\n' >"$TMP/cap2.csv"
"$ZL" --db "$PG" -q import capacity "$TMP/cap2.csv" >/dev/null
check_eq "PostgreSQL's identity continues after the copied ids" "$(psql_on copy1 -c "SELECT max(id) FROM import_log")" "$next"
psql_on copy1 -c "DELETE FROM import_log WHERE id = $next; UPDATE capacity SET capacity = 120.5 WHERE location_id = '100101'"

# --- PostgreSQL -> SQLite ---
check "zl db copy PostgreSQL -> a new SQLite file" sh -c "'$ZL' db copy --from '$PG' --to '$BACK' --json >'$TMP/c2.json' 2>/dev/null"
check_eq "... every table verified in the JSON: rows and checksum match" \
  "$(jq '[.tables[] | select(.match and .rows == .target_rows and .checksum == .target_checksum)] | length' "$TMP/c2.json") $(jq .copied "$TMP/c2.json")" \
  "$(wc -w <<<"$tables") true"
for db in "$LITE" "$PG" "$BACK"; do "$ZL" --db "$db" db checksum --json; done >"$TMP/sums"
check_eq "zl db checksum: the same figures on the original, PostgreSQL and the round trip" \
  "$(jq -c . "$TMP/sums" | sort -u | wc -l)" 1
# .dump lists the rows of a rowid table in rowid order: a table with a text key has its
# rows in insertion order, which the copy makes key order. Sorted, the dumps are equal.
check_eq "sqlite3 .dump: the round-tripped file holds the original's schema and rows" \
  "$(sqlite3 "$BACK" .dump | sort | sha256sum)" "$(sqlite3 "$LITE" .dump | sort | sha256sum)"
check_eq "... and the same PRAGMA user_version" "$(sqlite3 "$BACK" 'PRAGMA user_version')" "$(sqlite3 "$LITE" 'PRAGMA user_version')"

# zl answers the same on all three (public counts use the copied disclosure key).
same3() { # same3 NAME zl-args...
  local name=$1 db; shift
  for db in "$LITE" "$PG" "$BACK"; do "$ZL" --db "$db" "$@" 2>&1 | sha256sum; done >"$TMP/$name.sums"
  check_eq "same answer on the original, PostgreSQL and the round trip: $name" "$(sort -u "$TMP/$name.sums" | wc -l)" 1
}
same3 impact impact --intervention LUNG --norm proposed --json
same3 counts registry counts --rollup --json
same3 find rare find "cystic fibrosis" --postcode 1011 --json
same3 tokens token list --json

# --- bad input ---
before=$("$ZL" --db "$PG" db checksum --json | sha256sum)
rc=0; err=$("$ZL" db copy --from "$LITE" --to "$PG" 2>&1 >/dev/null) || rc=$?
check_eq "a target that is not empty: exit 1 and says which table" "$rc $(grep -o 'the target is not empty: table [a-z_]* has rows' <<<"$err")" "1 the target is not empty: table import_log has rows"
check_eq "... and the target is unchanged" "$("$ZL" --db "$PG" db checksum --json | sha256sum)" "$before"
rc=0; err=$("$ZL" db copy --from "$LITE" --to "postgresql://zl_test:zl_test@/x?host=$TMP/nowhere" 2>&1) || rc=$?
if [ "$rc" = 1 ] && grep -q "cannot connect to PostgreSQL" <<<"$err" && ! grep -q "zl_test:zl_test" <<<"$err"; then
  ok "unreachable server: exit 1, clear error, password not shown"; else not_ok "unreachable server: $rc $err"; fi
latest=$(sqlite3 "$LITE" 'PRAGMA user_version')
cp "$LITE" "$TMP/old.db"
sqlite3 "$TMP/old.db" "PRAGMA user_version = $((latest - 1))"
expect_fail "a source at an older schema version" "schema version $((latest - 1)), expected $latest" \
  db copy --from "$TMP/old.db" --to "$TMP/new1.db"
NEWER=$(bash "$PGS" createdb "$PGDIR" newer)
"$ZL" --db "$NEWER" db init >/dev/null
psql_on newer -c "UPDATE schema_version SET version = $((latest + 1))"
expect_fail "a target at a newer schema version" "schema version $((latest + 1)) is newer than this build understands ($latest)" \
  db copy --from "$LITE" --to "$NEWER"
expect_fail "a source at a newer schema version" "schema version $((latest + 1)) is newer than this build understands" \
  db copy --from "$NEWER" --to "$TMP/new2.db"
expect_fail "a missing source" "no database at $TMP/missing.db" db copy --from "$TMP/missing.db" --to "$TMP/new3.db"
rc=0; "$ZL" db copy --from "$LITE" >/dev/null 2>&1 || rc=$?
check_eq "--to missing: usage error" "$rc" 2
rc=0; "$ZL" db copy --from "$LITE" --to "$LITE" >/dev/null 2>&1 || rc=$?
check_eq "--from and --to the same: usage error" "$rc" 2

finish 28
