# Shared helpers for the end-to-end tests (sourced). $ZL is the zl binary under test.
set -euo pipefail
: "${ZL:?ZL must point at the zl binary}"
: "${ZL_SOURCE_DIR:?}"
FIX="$ZL_SOURCE_DIR/tests/fixtures"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
PASSED=0
FAILED=0

ok() { PASSED=$((PASSED + 1)); echo "ok - $*"; }
not_ok() { FAILED=$((FAILED + 1)); echo "not ok - $*"; }

# check "description" command...: passes when the command exits 0.
check() { local d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }

# expect_fail "description" "expected message fragment" zl-args...: zl must exit non-zero
# and print the fragment on stderr.
expect_fail() {
  local d=$1 frag=$2; shift 2
  local err
  if err=$("$ZL" "$@" 2>&1 >/dev/null); then not_ok "$d (exit 0)"; return; fi
  if grep -qF -- "$frag" <<<"$err"; then ok "$d"; else not_ok "$d: got '$err'"; fi
}

# A digest of every table's contents, to show a failed import changed nothing.
db_digest() { sqlite3 "$1" .dump | grep -v '^INSERT INTO import_log' | sha256sum | cut -d' ' -f1; }

finish() {
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
}
