#!/usr/bin/env bash
# Concurrency on PostgreSQL (issue 18), on the test's own throw-away cluster: 20 processes
# submit registrations for 20 different locations at the same time (many patients are
# seen at several of them) while zl serve answers finder and counts requests on the same
# database. No submission is lost or duplicated, the server answers every request, a
# concurrent resubmission of all 20 files changes nothing, and the counts equal those of
# the same 20 files imported one after another into a second database.
source "$(dirname "$0")/lib.sh"
PGS="$ZL_SOURCE_DIR/tests/pg/pg_server.sh"
F="$FIX/registry"
PGDIR=$(mktemp -d /tmp/zl-pg-e2e.XXXXXX)
at_exit "bash '$PGS' stop '$PGDIR'"
bash "$PGS" start "$PGDIR" >/dev/null
psql_on() { PGPASSWORD=zl_test psql -qAtX -v ON_ERROR_STOP=1 -h "$PGDIR" -U zl_test -d "$1" "${@:2}"; }
N=20
ROWS=150

# 20 locations and one submission file each; patient p of location i is i*7+r, so most
# patients appear at several locations (national counts deduplicate them).
for i in $(seq -w 1 $N); do
  echo "INSERT INTO location(id, name, kind, lat, lon) VALUES ('L$i', 'Hospital $i', 'general', 52.0, 5.0);"
done >"$TMP/locations.sql"
echo "INSERT INTO orpha_name(orpha, lang, kind, name) VALUES (200, 'en', 'preferred', 'Disease one'), (300, 'en', 'preferred', 'Disease two');" >>"$TMP/locations.sql"
for i in $(seq 1 $N); do
  awk -v i="$i" -v rows=$ROWS 'BEGIN {
    print "location_id,pseudonym,orpha,diagnosis_date,birth_year,sex,pc4,contact_date"
    split("1011 3511 9711", pc4, " ")
    for (r = 1; r <= rows; r++)
      printf "L%02d,%064d,ORPHA:%d,2019-03-01,%d,%s,%d,2024-0%d-01\n", i, i * 7 + r,
        200 + 100 * (r % 2), 1950 + r % 60, (r % 3 ? "F" : "M"), pc4[1 + r % 3], 1 + r % 9
  }' >"$TMP/sub$i.csv"
done
new_db() { # new_db NAME: a fresh migrated database with the reference data; prints its URI
  local uri
  uri=$(bash "$PGS" createdb "$PGDIR" "$1")
  "$ZL" --db "$uri" db init >/dev/null
  psql_on "$1" -f "$F/reference.sql" -f "$TMP/locations.sql"
  echo "$uri"
}
DB=$(new_db conc)
SERIAL=$(new_db serial)

# --- the server on the concurrent database ---
PORT=$((18400 + $$ % 100))
"$ZL" --db "$DB" serve --listen "127.0.0.1:$PORT" >"$TMP/serve.out" 2>"$TMP/serve.log" &
SERVE=$!
at_exit "kill $SERVE 2>/dev/null; wait $SERVE 2>/dev/null"
for _ in $(seq 1 200); do grep -q listening "$TMP/serve.out" 2>/dev/null && break; sleep 0.05; done
check "zl serve runs on PostgreSQL" grep -q "listening on http://127.0.0.1:$PORT/" "$TMP/serve.out"
check "... and shows no password" sh -c "! grep -q zl_test:zl_test '$TMP/serve.out'"

# requests LABEL: finder and counts requests until $TMP/stop exists; one status per line.
requests() {
  while [ ! -f "$TMP/stop" ]; do
    curl -s -o /dev/null -w '%{http_code}\n' "http://127.0.0.1:$PORT/api/v1/rare/find?q=disease" || true
    curl -s -o /dev/null -w '%{http_code}\n' "http://127.0.0.1:$PORT/api/v1/registry/counts?code=300" || true
  done >"$TMP/http.$1"
}
# submit_all TAG: the 20 imports at the same time; each one's exit status and output kept.
submit_all() {
  local pids=() i
  for i in $(seq 1 $N); do
    ( rc=0; "$ZL" --db "$DB" -q registry import "$TMP/sub$i.csv" >"$TMP/$1.$i.out" 2>&1 || rc=$?
      echo "$rc" >"$TMP/$1.$i.rc" ) &
    pids+=($!)
  done
  wait "${pids[@]}"
}
rm -f "$TMP/stop"
requests a & REQ_A=$!
requests b & REQ_B=$!
submit_all first
touch "$TMP/stop"
wait $REQ_A $REQ_B
check_eq "all 20 concurrent submissions succeeded" "$(cat "$TMP"/first.*.rc | sort -u | tr '\n' ' ')" "0 "
check_eq "each stored all its rows as new" \
  "$(grep -l "$ROWS accepted ($ROWS new, 0 updated, 0 unchanged)" "$TMP"/first.*.out | wc -l)" "$N"
total=$(cat "$TMP"/http.a "$TMP"/http.b | wc -l)
bad=$(cat "$TMP"/http.a "$TMP"/http.b | grep -vc '^200$' || true)
check "the server answered during the imports ($total requests)" test "$total" -ge 4
check_eq "... every finder and counts request with 200" "$bad" 0
[ "$bad" = 0 ] || { sort "$TMP"/http.a "$TMP"/http.b | uniq -c; tail -20 "$TMP/serve.log"; }
check_eq "no submission lost or duplicated" "$(psql_on conc -c 'SELECT count(*), count(DISTINCT digest) FROM registry_submission')" "$N|$N"
check_eq "no registration lost or duplicated" "$(psql_on conc -c 'SELECT count(*) FROM registration')" "$((N * ROWS))"
check_eq "each registration traced to its own location's submission" \
  "$(psql_on conc -c "SELECT count(*) FROM registration r JOIN registry_submission s ON s.id = r.submission WHERE s.source LIKE '%/sub' || ltrim(substr(r.location_id, 2), '0') || '.csv'")" "$((N * ROWS))"

# --- idempotent resubmission, again all at once ---
submit_all again
check_eq "all 20 concurrent resubmissions succeeded" "$(cat "$TMP"/again.*.rc | sort -u | tr '\n' ' ')" "0 "
check_eq "... and each changed nothing" \
  "$(grep -l "$ROWS accepted (0 new, 0 updated, $ROWS unchanged)" "$TMP"/again.*.out | wc -l)" "$N"
check_eq "registrations unchanged after resubmission" "$(psql_on conc -c 'SELECT count(*) FROM registration')" "$((N * ROWS))"

# --- the same files one after another ---
for i in $(seq 1 $N); do "$ZL" --db "$SERIAL" -q registry import "$TMP/sub$i.csv" >/dev/null; done
for q in "--viewer admin --json" "--viewer admin --rollup --json" "--code 300 --by location --viewer admin --json" \
         "--code 300 --by age --viewer admin --json"; do
  # shellcheck disable=SC2086
  check_eq "counts equal a serial run: $q" "$("$ZL" --db "$DB" registry counts $q | sha256sum)" \
    "$("$ZL" --db "$SERIAL" registry counts $q | sha256sum)"
done
pub=$(curl -s "http://127.0.0.1:$PORT/api/v1/registry/counts?code=300")
check "the server's counts after the imports name the code" grep -q '"300"\|: 300' <<<"$pub"
finish 17
