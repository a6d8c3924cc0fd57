#!/usr/bin/env bash
# SIGKILL of a real `zl registry import` at several moments (issue 12): afterwards PRAGMA
# integrity_check answers ok (on PostgreSQL: the server has ended the killed client's session,
# so no transaction or lock is left behind) and the database holds either the whole
# submission (its registrations and its log entry) or nothing of it. tests/unit/test_faults.c
# kills at chosen writes and syncs; this test kills the command-line program as an operator
# would.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http_lib.sh"

BASE=$(new_db base)
http_fixture_copy "$BASE"
"$ZL" --db "$BASE" registry synth --seed 11 --rows 30000 --codes 40 --date 2025-06-01 \
  --out "$TMP/big.csv" 2>/dev/null
state() { sql "$1" 'SELECT count(*) FROM registration; SELECT count(*) FROM registry_submission;' | paste -sd' '; }
# intact DB: SQLite's integrity_check; on PostgreSQL no session of a client left (the
# server notices the killed client and rolls its transaction back; waits up to 20 s).
intact() {
  if on_pg; then
    for _ in $(seq 1 100); do
      [ "$(sql "$1" "SELECT count(*) FROM pg_stat_activity
                     WHERE datname = current_database() AND pid <> pg_backend_pid()")" = 0 ] && return 0
      sleep 0.2
    done
    return 1
  fi
  test "$(sql "$1" 'PRAGMA integrity_check')" = ok
}
before=$(state "$BASE")
FULL=$(new_db full)
db_copy "$BASE" "$FULL"
check "a clean import succeeds" bash -c "'$ZL' --db '$FULL' registry import '$TMP/big.csv' --synthetic >/dev/null"
after=$(state "$FULL")
check "the clean import adds rows ($before -> $after)" test "$before" != "$after"

killed=0
K=$(new_db k)
for delay in 0 0.02 0.05 0.1 0.2 0.4 0.8 1.6; do
  db_copy "$BASE" "$K"
  "$ZL" --db "$K" registry import "$TMP/big.csv" --synthetic >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -KILL "$pid" 2>/dev/null && killed=$((killed + 1)) || true
  wait "$pid" 2>/dev/null || true
  check "killed after ${delay}s: $(on_pg && echo 'no session left' || echo 'integrity_check ok')" intact "$K"
  now=$(state "$K")
  check "killed after ${delay}s: all or nothing ($now)" \
    bash -c "[ '$now' = '$before' ] || [ '$now' = '$after' ]"
done
check "the import was killed while running ($killed of 8 times)" test "$killed" -ge 4
finish 19
