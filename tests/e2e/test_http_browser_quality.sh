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
browser_runner browser-quality quality_test.mjs

DB=$(new_db http)
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
