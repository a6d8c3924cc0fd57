#!/usr/bin/env bash
# The network page and the finder's care close to home in headless Chromium
# (tests/browser/network_test.mjs) against the HTTP fixture with the SYNTHETIC network
# fixture of tests/fixtures/rare. Every check of network_test.mjs counts here
# (BROWSER_CHECKS must run); the screenshot of an earlier run is deleted first. Needs
# Debian's chromium and Node (scripts/install-deps.sh --browser): FAILS without.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http_lib.sh"

ART="$ZL_SOURCE_DIR/tests/artifacts"
BROWSER_CHECKS=19
R="$FIX/rare"
mkdir -p "$ART"
rm -f "$ART/network-nl.png" "$ART/network-failure.png"
browser_runner browser-rare network_test.mjs

DB=$(new_db http)
http_fixture_copy "$DB"
sql_file "$DB" "$R/network.sql"
for f in "ecza $R/ecza_network.csv" "networks $R/networks_ok.csv" \
  "shared-care $R/shared_care_ok.csv" "recognitions $R/recognitions_ok.csv" \
  "pathways $R/pathways_ok.csv"; do
  set -- $f
  "$ZL" --db "$DB" rare import "$1" "$2" >/dev/null
done
http_start "$DB" --threads 2 --quiet
rc=0
env CHROMIUM="$CHROMIUM" node "$RUNNER/network_test.mjs" "http://127.0.0.1:$HTTP_PORT" "$ART" \
  >"$TMP/ui.out" 2>&1 || rc=$?
tap_lines "$TMP/ui.out"
check_eq "network_test.mjs exit status" "$rc" 0
is_png() { [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; }
check "screenshot network-nl.png taken by this run" is_png "$ART/network-nl.png"
finish $((BROWSER_CHECKS + 2))
