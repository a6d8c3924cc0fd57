#!/usr/bin/env bash
# End-to-end browser test in headless Chromium: the finder page (type a query, see the
# expected centre, switch to English) and the impact page (change the norm, see the map
# and the table change, open the report of the scenario with a kept and a stopped location).
# Screenshots go to tests/artifacts/; the ones of an earlier run are
# deleted first, so a kept screenshot proves this run reached that step. Every check of
# ui_test.mjs counts here (BROWSER_CHECKS of them must run). Needs Debian's chromium and
# Node (scripts/install-deps.sh --browser); without them this test FAILS, it never skips.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http_lib.sh"

ART="$ZL_SOURCE_DIR/tests/artifacts"
SHOTS="finder-nl.png finder-en.png registry-location.png impact-norm20.png impact-norm60.png impact-report.png"
BROWSER_CHECKS=44
mkdir -p "$ART"
for f in $SHOTS failure.png; do rm -f "$ART/$f"; done
browser_runner browser-test ui_test.mjs

DB=$(new_db http)
http_fixture_copy "$DB"
# The impact page's choice-model summary (web/choice.js) needs a fitted model for LUNG.
"$ZL" --db "$DB" choice fit --intervention LUNG >/dev/null
LOCTOKEN=$("$ZL" --db "$DB" token create --role location --location 100101 2>/dev/null)
http_start "$DB" --threads 2 --quiet
rc=0
env CHROMIUM="$CHROMIUM" ZL_LOCATION_TOKEN="$LOCTOKEN" node "$RUNNER/ui_test.mjs" \
  "http://127.0.0.1:$HTTP_PORT" "$ART" "cistic fibrosis" "Maastricht UMC+" >"$TMP/ui.out" 2>&1 ||
  rc=$?
tap_lines "$TMP/ui.out"
check_eq "ui_test.mjs exit status" "$rc" 0
is_png() { [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; }
for f in $SHOTS; do
  check "screenshot $f taken by this run" is_png "$ART/$f"
done
finish $((BROWSER_CHECKS + 1 + 6))
