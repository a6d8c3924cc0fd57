#!/usr/bin/env bash
# SIGKILL of a real `zl registry import` at several moments (issue 12): afterwards PRAGMA
# integrity_check answers ok and the database holds either the whole submission (its
# registrations and its log entry) or nothing of it. tests/unit/test_faults.c kills at
# chosen writes and syncs; this test kills the command-line program as an operator would.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http_lib.sh"

BASE="$TMP/base.db"
http_fixture_copy "$BASE"
"$ZL" --db "$BASE" registry synth --seed 11 --rows 30000 --codes 40 --date 2025-06-01 \
  --out "$TMP/big.csv" 2>/dev/null
state() { sqlite3 "$1" 'SELECT count(*) FROM registration; SELECT count(*) FROM registry_submission;' | paste -sd' '; }
before=$(state "$BASE")
cp "$BASE" "$TMP/full.db"
check "a clean import succeeds" bash -c "'$ZL' --db '$TMP/full.db' registry import '$TMP/big.csv' --synthetic >/dev/null"
after=$(state "$TMP/full.db")
check "the clean import adds rows ($before -> $after)" test "$before" != "$after"

killed=0
for delay in 0 0.02 0.05 0.1 0.2 0.4 0.8 1.6; do
  cp "$BASE" "$TMP/k.db"
  "$ZL" --db "$TMP/k.db" registry import "$TMP/big.csv" --synthetic >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -KILL "$pid" 2>/dev/null && killed=$((killed + 1)) || true
  wait "$pid" 2>/dev/null || true
  check "killed after ${delay}s: integrity_check ok" \
    test "$(sqlite3 "$TMP/k.db" 'PRAGMA integrity_check')" = ok
  now=$(state "$TMP/k.db")
  check "killed after ${delay}s: all or nothing ($now)" \
    bash -c "[ '$now' = '$before' ] || [ '$now' = '$after' ]"
done
check "the import was killed while running ($killed of 8 times)" test "$killed" -ge 4
finish 19
