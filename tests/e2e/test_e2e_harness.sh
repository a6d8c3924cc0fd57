#!/usr/bin/env bash
# The end-to-end harness itself (lib.sh): a test fails when a check fails, when fewer or
# more checks ran than it planned, when it stops before finish (even with exit 0) and when
# it gives no plan; and test_impact.sh, whose JSON checks run in Python, fails when that
# Python dies (an audit found it printing "12 passed, 0 failed" then).
source "$(dirname "$0")/lib.sh"

# status SCRIPT-BODY: exit status of a test made of lib.sh and the body.
status() {
  printf 'source %q\n%s\n' "$ZL_SOURCE_DIR/tests/e2e/lib.sh" "$1" >"$TMP/t.sh"
  local rc=0
  bash "$TMP/t.sh" >"$TMP/t.out" 2>&1 || rc=$?
  echo "$rc"
}
check_eq "two passing checks, two planned: passes" "$(status 'check a true; check b true; finish 2')" 0
check_eq "a failing check fails the test" "$(status 'check a true; check b false; finish 2')" 1
check_eq "fewer checks than planned fail the test" "$(status 'check a true; finish 2')" 1
check "... and say so" grep -q "not ok - 1 checks ran, 2 planned" "$TMP/t.out"
check_eq "more checks than planned fail the test" "$(status 'check a true; check b true; finish 1')" 1
check_eq "no plan fails the test" "$(status 'check a true; finish')" 1
check_eq "exit 0 before finish fails the test" "$(status 'check a true; exit 0; finish 1')" 1
check "... and says so" grep -q "not ok - the test stopped (exit 0) before finish, after 1 checks" "$TMP/t.out"
check_eq "a failing command stops the test" "$(status 'check a true; false; finish 1')" 1
check_eq "a failing pipe stops the test (pipefail)" "$(status 'false | cat; check a true; finish 1')" 1
check_eq "a failing command substitution stops the test" \
  "$(status 'x=$(false; echo y); check a true; finish 1')" 1
check_eq "exit hooks run" "$(status 'at_exit "echo hook ran"; check a true; finish 1')" 0
check "... before the end" grep -qx "hook ran" "$TMP/t.out"

# test_impact.sh with a python3 that exits 1 at once: it must fail.
mkdir -p "$TMP/bin"
printf '#!/bin/sh\nexit 1\n' >"$TMP/bin/python3"
chmod +x "$TMP/bin/python3"
rc=0
PATH="$TMP/bin:$PATH" bash "$ZL_SOURCE_DIR/tests/e2e/test_impact.sh" >"$TMP/impact.out" 2>&1 || rc=$?
check_eq "test_impact.sh fails when its Python checker dies" "$rc" 1
check "... and says which checks did not run" grep -q "not ok - impact_invariants.py: lines and exit status" "$TMP/impact.out"
finish 15
