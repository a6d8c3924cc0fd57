#!/usr/bin/env bash
# The quality page in headless Chromium (tests/browser/quality_test.mjs) against the HTTP
# fixture with the quality fixture's SYNTHETIC values. Every check of quality_test.mjs
# counts here (BROWSER_CHECKS must run); the screenshot of an earlier run is deleted first.
# Needs Debian's chromium and Node (scripts/install-deps.sh --browser): FAILS without.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http_lib.sh"

ART="$ZL_SOURCE_DIR/tests/artifacts"
BROWSER_CHECKS=17
mkdir -p "$ART"
rm -f "$ART/quality-nl.png" "$ART/quality-failure.png"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ] || ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  not_ok "headless Chromium and Node are required (run scripts/install-deps.sh --browser)"
  exit 1
fi
RUNNER="$ZL_BUILD_DIR/browser-quality"
mkdir -p "$RUNNER"
cp "$ZL_SOURCE_DIR/tests/browser/package.json" "$ZL_SOURCE_DIR/tests/browser/package-lock.json" \
  "$ZL_SOURCE_DIR/tests/browser/quality_test.mjs" "$RUNNER/"
if ! cmp -s "$RUNNER/package-lock.json" "$RUNNER/node_modules/.zl-lock" 2>/dev/null; then
  if (cd "$RUNNER" && npm ci --no-audit --no-fund --loglevel=error >"$TMP/npm.log" 2>&1); then
    cp "$RUNNER/package-lock.json" "$RUNNER/node_modules/.zl-lock"
  else
    cat "$TMP/npm.log" >&2
    not_ok "npm ci of tests/browser (playwright-core)"
    exit 1
  fi
fi

DB="$TMP/http.db"
http_fixture_copy "$DB"
"$ZL" --db "$DB" import indicators "$FIX/quality/http_indicators.csv" >/dev/null
"$ZL" --db "$DB" import indicator-values "$FIX/quality/http_values.csv" >/dev/null
http_start "$DB" --threads 2 --quiet
rc=0
env CHROMIUM="$CHROMIUM" node "$RUNNER/quality_test.mjs" "http://127.0.0.1:$HTTP_PORT" "$ART" \
  >"$TMP/ui.out" 2>&1 || rc=$?
tap_lines "$TMP/ui.out"
check_eq "quality_test.mjs exit status" "$rc" 0
is_png() { [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; }
check "screenshot quality-nl.png taken by this run" is_png "$ART/quality-nl.png"
finish $((BROWSER_CHECKS + 2))
