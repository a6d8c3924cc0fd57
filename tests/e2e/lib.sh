# Shared helpers for the end-to-end tests (sourced). $ZL is the zl binary under test.
# A test counts every check and ends with `finish N`, N being the number of checks it
# runs: it FAILS when a check fails, when fewer or more than N checks ran (a checker that
# died silently, a loop that ran zero times) and when it stops before reaching finish, even
# with exit status 0 (tests/e2e/test_e2e_harness.sh shows each of these).
set -euo pipefail
shopt -s inherit_errexit
: "${ZL:?ZL must point at the zl binary}"
: "${ZL_SOURCE_DIR:?}"
FIX="$ZL_SOURCE_DIR/tests/fixtures"
TMP=$(mktemp -d)
PASSED=0
FAILED=0
FINISHED=0
EXIT_HOOKS=()

# at_exit "command": run (eval) the command when the test exits, before TMP is removed.
at_exit() { EXIT_HOOKS+=("$1"); }

_zl_on_exit() {
  local rc=$? hook
  for hook in "${EXIT_HOOKS[@]}"; do eval "$hook" || true; done
  rm -rf "$TMP"
  if [ "$FINISHED" != 1 ]; then
    echo "not ok - the test stopped (exit $rc) before finish, after $((PASSED + FAILED)) checks"
    [ "$rc" -ne 0 ] || rc=1
  fi
  exit "$rc"
}
trap _zl_on_exit EXIT

ok() { PASSED=$((PASSED + 1)); echo "ok - $*"; }
not_ok() { FAILED=$((FAILED + 1)); echo "not ok - $*"; }

# check "description" command...: passes when the command exits 0.
check() { local d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }

# check_eq "description" GOT EXPECTED: passes when the two strings are equal; says both if not.
check_eq() {
  if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: got '$2', expected '$3'"; fi
}

# expect_fail "description" "expected message fragment" zl-args...: zl must exit non-zero
# and print the fragment on stderr.
expect_fail() {
  local d=$1 frag=$2; shift 2
  local err
  if err=$("$ZL" "$@" 2>&1 >/dev/null); then not_ok "$d (exit 0)"; return; fi
  if grep -qF -- "$frag" <<<"$err"; then ok "$d"; else not_ok "$d: got '$err'"; fi
}

# tap_lines FILE: counts the "ok - " / "not ok - " lines a checker printed into FILE as
# checks of this test (echoing them); other lines are shown as they are.
tap_lines() {
  local line
  while IFS= read -r line; do
    case "$line" in
    "ok - "*) PASSED=$((PASSED + 1)); echo "$line" ;;
    "not ok - "*) FAILED=$((FAILED + 1)); echo "$line" ;;
    *) echo "# $line" ;;
    esac
  done <"$1"
}

# run_impact_checks CHECKS.tsv: runs the JSON checks queued in CHECKS.tsv
# (tests/e2e/impact_invariants.py) in one Python start-up; each line it prints is a check
# of this test, and its exit status must agree with them.
run_impact_checks() {
  local rc=0 queued ran bad
  queued=$(wc -l <"$1")
  python3 "$ZL_SOURCE_DIR/tests/e2e/impact_invariants.py" "$1" >"$TMP/impact_checks.out" 2>&1 || rc=$?
  tap_lines "$TMP/impact_checks.out"
  ran=$(grep -c -e '^ok - ' -e '^not ok - ' "$TMP/impact_checks.out" || true)
  bad=$(grep -c '^not ok - ' "$TMP/impact_checks.out" || true)
  check_eq "impact_invariants.py: lines and exit status of all $queued queued checks" \
    "$ran $rc" "$queued $((bad > 0))"
}

# A digest of every table's contents, to show a failed import changed nothing.
db_digest() {
  local dump
  dump=$(sqlite3 "$1" .dump)
  grep -v '^INSERT INTO import_log' <<<"$dump" | sha256sum | cut -d' ' -f1
}

# impact_fixture_db DB: the hand-computed impact fixture (tests/fixtures/impact: provinces of
# areas and locations, no care network layer) imported into DB, its travel matrix as given.
impact_fixture_db() {
  local kind
  for kind in areas locations regions interventions volumes flows; do
    "$ZL" --db "$1" import "$kind" "$FIX/impact/$kind.csv" >/dev/null
  done
  sqlite3 "$1" ".mode csv" ".import --skip 1 $FIX/impact/travel.csv travel"
}

# finish N: the tally; fails unless every check passed and exactly N checks ran.
finish() {
  local planned=${1:?finish needs the number of checks the test runs}
  local ran=$((PASSED + FAILED))
  FINISHED=1
  echo "$PASSED passed, $FAILED failed, $ran of $planned planned checks ran"
  if [ "$ran" -ne "$planned" ]; then
    echo "not ok - $ran checks ran, $planned planned"
    return 1
  fi
  [ "$FAILED" -eq 0 ]
}
