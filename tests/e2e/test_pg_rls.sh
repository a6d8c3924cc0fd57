#!/usr/bin/env bash
# Defence in depth for the registry on PostgreSQL (issue 18, migration 15), on the test's
# own throw-away cluster. Queried directly as the role zl_location with psql (SET ROLE, and
# as a login role that is a member of it): another location's registrations and
# submissions are invisible and cannot be inserted or changed even with hand-written SQL,
# tokens are out of reach, national counts come only suppressed from
# zl_registry_national. Through zl serve: a location token's own view, upload and
# submission list run as that role (taking its SELECT grant away breaks exactly those
# requests), answer as on SQLite, and the connection serves public requests as the
# registry holder again afterwards.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http_lib.sh"
PGS="$ZL_SOURCE_DIR/tests/pg/pg_server.sh"
F="$FIX/registry"
PGDIR=$(mktemp -d /tmp/zl-pg-e2e.XXXXXX)
at_exit "bash '$PGS' stop '$PGDIR'"
bash "$PGS" start "$PGDIR" >/dev/null
psql_on() { PGPASSWORD=zl_test psql -qAtX -v ON_ERROR_STOP=1 -h "$PGDIR" -U zl_test -d rls "$@"; }
# as_loc LOCATION SQL: one statement as the role zl_location acting for LOCATION; prints
# the answer or the error.
as_loc() {
  PGPASSWORD=zl_test psql -qAtX -h "$PGDIR" -U zl_test -d rls -c "SET ROLE zl_location" \
    -c "SET zl.location = '$1'" -c "$2" 2>&1
}
PG=$(bash "$PGS" createdb "$PGDIR" rls)
LITE="$TMP/rls.db"

# good.csv (L_A 2 patients, L_B 1, L_C 1) and 12 more patients of ORPHA:200 at L_B: 13
# nationally (published), ORPHA:300 has 3 (suppressed).
{
  head -1 "$F/good.csv"
  for i in $(seq 1 12); do printf 'L_B,%064d,ORPHA:200,2019-03-01,1970,F,3511,2024-01-01\n' $((500 + i)); done
} >"$TMP/more.csv"
for db in "$LITE" "$PG"; do
  "$ZL" --db "$db" db init >/dev/null
  if [ "$db" = "$PG" ]; then psql_on -f "$F/reference.sql"; else sqlite3 "$db" ".read $F/reference.sql"; fi
  "$ZL" --db "$db" -q registry import "$F/good.csv" >/dev/null
  "$ZL" --db "$db" -q registry import "$TMP/more.csv" >/dev/null
done
# One cell key for both, so that both round the same counts alike.
psql_on -c "UPDATE disclosure_key SET key = decode('$(sqlite3 "$LITE" 'SELECT hex(key) FROM disclosure_key')', 'hex')"
check_eq "both backends at schema version 15 or later" \
  "$(psql_on -c 'SELECT version >= 15 FROM schema_version'),$(sqlite3 "$LITE" 'SELECT user_version >= 15 FROM pragma_user_version')" "t,1"
check_eq "row-level security on registration and registry_submission" \
  "$(psql_on -c "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relrowsecurity")" \
  "registration,registry_submission"

# --- psql as the role ---
check_eq "as zl_location for L_A: only L_A's registrations" \
  "$(as_loc L_A "SELECT string_agg(DISTINCT location_id, ','), count(*) FROM registration")" "L_A|3"
check_eq "... a hand-written WHERE for L_B finds nothing" \
  "$(as_loc L_A "SELECT count(*) FROM registration WHERE location_id = 'L_B'")" "0"
check_eq "... nor a join over all patients of ORPHA:200" \
  "$(as_loc L_A "SELECT count(DISTINCT pseudonym) FROM registration WHERE orpha = 200")" "1"
check_eq "as zl_location for L_B: only L_B's" \
  "$(as_loc L_B "SELECT string_agg(DISTINCT location_id, ','), count(*) FROM registration")" "L_B|13"
check_eq "without zl.location: nothing" \
  "$(PGPASSWORD=zl_test psql -qAtX -h "$PGDIR" -U zl_test -d rls -c 'SET ROLE zl_location' -c 'SELECT count(*) FROM registration')" "0"
ins="INSERT INTO registration(orpha, pseudonym, location_id, diagnosis_date, birth_year, sex, pc4, contact_date, submission, line) VALUES (200, decode(repeat('33', 32), 'hex'), 'L_B', '2020-01-01', 1990, 'F', 1011, '2024-01-01', 1, 1)"
check "inserting a row of L_B as L_A is refused by the policy" \
  grep -q "violates row-level security policy" <<<"$(as_loc L_A "$ins")"
check_eq "... and nothing was stored" "$(psql_on -c "SELECT count(*) FROM registration WHERE pseudonym = decode(repeat('33', 32), 'hex')")" "0"
check_eq "updating L_B's rows as L_A changes nothing" \
  "$(as_loc L_A "UPDATE registration SET pc4 = 9711 WHERE location_id = 'L_B'")" ""
check_eq "... L_B's rows still in 3511" "$(psql_on -c "SELECT count(*) FROM registration WHERE location_id = 'L_B' AND pc4 = 3511")" "12"
check "moving an own row to L_B is refused" \
  grep -q "violates row-level security policy" <<<"$(as_loc L_A "UPDATE registration SET location_id = 'L_B' WHERE location_id = 'L_A'")"
check "deleting is not granted" grep -q "permission denied" <<<"$(as_loc L_A "DELETE FROM registration")"
check "tokens are out of reach" grep -q "permission denied" <<<"$(as_loc L_A "SELECT count(*) FROM api_token")"
check "submissions of the holder (no location) are invisible" \
  test "$(as_loc L_A "SELECT count(*) FROM registry_submission")" = 0
check "a submission in L_B's name is refused" grep -q "violates row-level security policy" \
  <<<"$(as_loc L_A "INSERT INTO registry_submission(source, digest, submitted_at, location_id) VALUES ('x', 'y', '2025-01-01T00:00:00Z', 'L_B')")"
check_eq "national counts through zl_registry_national: 200 shown (13), 300 suppressed (NULL)" \
  "$(as_loc L_A "SELECT string_agg(orpha || '=' || coalesce(patients::text, 'NULL'), ',' ORDER BY orpha) FROM zl_registry_national(NULL)")" \
  "200=13,300=NULL"
check "the function is not for the public" grep -q "permission denied" \
  <<<"$(PGPASSWORD=zl_test psql -qAtX -h "$PGDIR" -U zl_test -d rls -c 'CREATE ROLE zl_rls_nobody' -c 'SET ROLE zl_rls_nobody' -c 'SELECT * FROM zl_registry_national(NULL)' 2>&1)"
# A login role that is a member of zl_location, connecting directly.
psql_on -c "CREATE ROLE zl_rls_login LOGIN PASSWORD 'pw' IN ROLE zl_location" \
  -c "ALTER ROLE zl_rls_login SET zl.location = 'L_C'"
check_eq "a login role in zl_location connecting with psql sees only its location (L_C)" \
  "$(PGPASSWORD=pw psql -qAtX -h "$PGDIR" -U zl_rls_login -d rls -c "SELECT string_agg(DISTINCT location_id, ','), count(*) FROM registration" 2>&1)" "L_C|1"

# --- through zl serve ---
tok() { "$ZL" --db "$1" token create --role location --location L_A --label rls 2>/dev/null | grep -o 'zlt_[A-Za-z0-9_-]*' | head -1; }
TOK_LITE=$(tok "$LITE")
TOK_PG=$(tok "$PG")
http_start "$LITE" --threads 1
PORT_LITE=$HTTP_PORT
PID_LITE=$HTTP_PID
HTTP_PID= # keep it running: stopped at exit below
at_exit "kill $PID_LITE 2>/dev/null; wait $PID_LITE 2>/dev/null"
http_start "$PG" --threads 1
PORT_PG=$HTTP_PORT
get() { # get PORT TOKEN PATH: the body, or "HTTP <status>" when it is not 200/201
  local out code
  out=$(curl -s -w '\n%{http_code}' ${2:+-H "Authorization: Bearer $2"} "http://127.0.0.1:$1/api/v1$3")
  code=${out##*$'\n'}
  if [ "$code" = 200 ] || [ "$code" = 201 ]; then printf '%s' "${out%$'\n'*}"; else echo "HTTP $code"; fi
}
own_pg=$(get "$PORT_PG" "$TOK_PG" /registry/counts)
own_lite=$(get "$PORT_LITE" "$TOK_LITE" /registry/counts)
check_eq "a location's own view on PostgreSQL equals SQLite's" "$own_pg" "$own_lite"
check "... with its own small count exact and ORPHA:300's national count suppressed" \
  jq -e >/dev/null '.rows | map({(.orpha | tostring): [.patients, .national_suppressed]}) | add
         | .["200"][0] == 1 and .["300"] == [2, "primary"] and .["200"][1] == null' <<<"$own_pg"
pub() { get "$1" "" "/registry/counts?code=200&by=location"; }
check_eq "after it the same connection answers public counts as the holder" "$(pub "$PORT_PG")" "$(pub "$PORT_LITE")"
up=$(jq -n --arg a "$(printf 'L_A,%064d,ORPHA:300,2019-03-01,1980,F,1011,2024-06-01' 7)" \
  --arg b "$(printf 'L_B,%064d,ORPHA:300,2019-03-01,1980,F,1011,2024-06-01' 8)" \
  '{name: "up.csv", csv: ("location_id,pseudonym,orpha,diagnosis_date,birth_year,sex,pc4,contact_date\n" + $a + "\n" + $b + "\n")}')
post() { curl -s -H "Authorization: Bearer $2" -H 'Content-Type: application/json' --data "$up" "http://127.0.0.1:$1/api/v1/registry/submissions"; }
mask() { jq -S 'del(.submission)' ; }
up_pg=$(post "$PORT_PG" "$TOK_PG")
check_eq "a location's upload on PostgreSQL reports as on SQLite" "$(mask <<<"$up_pg")" "$(post "$PORT_LITE" "$TOK_LITE" | mask)"
check_eq "... its own row stored, L_B's rejected" "$(jq -c '[.inserted, .rejected]' <<<"$up_pg")" "[1,1]"
check_eq "... the submission carries its location" "$(psql_on -c "SELECT location_id FROM registry_submission WHERE source = 'up.csv'")" "L_A"
subs=$(get "$PORT_PG" "$TOK_PG" /registry/submissions)
check_eq "its submission list: its own upload only" "$(jq -c '[.[] | .source]' <<<"$subs")" '["up.csv"]'
# Take the role's read grant away: exactly the location's requests fail (they run as it).
psql_on -c "REVOKE SELECT ON registration FROM zl_location"
check_eq "without the grant the location's own view fails" "$(get "$PORT_PG" "$TOK_PG" /registry/counts)" "HTTP 500"
check_eq "... while public counts still answer" "$(pub "$PORT_PG")" "$(pub "$PORT_LITE")"
psql_on -c "GRANT SELECT ON registration TO zl_location"
check "with the grant back it answers again" jq -e >/dev/null '.rows | length == 2' <<<"$(get "$PORT_PG" "$TOK_PG" /registry/counts)"
finish 29
