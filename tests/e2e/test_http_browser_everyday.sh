#!/usr/bin/env bash
# Browser test of everyday use in headless Chromium (tests/browser/everyday_test.mjs):
# language across pages, localised API errors, the scenario URL round trip, the comparison
# view, the regional rule and the optimiser, the map by keyboard, CSV/XLSX/SVG/PNG exports
# opened and checked, the finder by postcode, the registry upload of a bad file with its
# report and history, axe-core on every page and the 390 px layout. Screenshots are kept in
# tests/artifacts/ (the ones of an earlier run are deleted first). Needs Debian's chromium,
# Node and python3-openpyxl (scripts/install-deps.sh --browser); without them it FAILS.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http_lib.sh"

ART="$ZL_SOURCE_DIR/tests/artifacts"
SHOTS="impact-compare.png impact-optimiser.png registry-upload-bad.png finder-postcode.png
  mobile-index.png mobile-impact.png mobile-finder.png mobile-registry.png"
EVERYDAY_CHECKS=60
mkdir -p "$ART"
for f in $SHOTS everyday-failure.png; do rm -f "$ART/$f"; done
if ! /usr/bin/python3 -c 'import openpyxl' 2>/dev/null; then
  not_ok "python3-openpyxl is required to open the XLSX export (scripts/install-deps.sh --browser)"
  exit 1
fi
browser_runner browser-everyday everyday_test.mjs

DB=$(new_db http)
http_fixture_copy "$DB"
# A province layer for the regional rule: every area by its province, the fixture's
# locations by the province of their postcode's area.
/usr/bin/python3 - "$ZL_SOURCE_DIR/data/nl/pc4.csv" "$ZL_SOURCE_DIR/tests/fixtures/http/locations.csv" \
  >"$TMP/regions.csv" <<'PY'
import csv, sys
areas = {r["pc4"]: r["province"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
codes = {p: "P%02d" % i for i, p in enumerate(sorted(set(areas.values())), 1)}
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["layer", "code", "name", "pc4", "location_id"])
for pc4, p in sorted(areas.items()):
    w.writerow(["province", codes[p], p, pc4, ""])
for r in csv.DictReader(open(sys.argv[2], encoding="utf-8")):
    p = areas[r["postcode"][:4]]
    w.writerow(["province", codes[p], p, "", r["location_id"]])
PY
"$ZL" --db "$DB" import regions "$TMP/regions.csv" >/dev/null
ANALYST=$("$ZL" --db "$DB" token create --role analyst 2>/dev/null)
LOCTOKEN=$("$ZL" --db "$DB" token create --role location --location 100101 2>/dev/null)
# A bad upload: an unknown ORPHAcode, a bad date and another location's row.
cat >"$TMP/bad-upload.csv" <<'CSV'
location_id,pseudonym,orpha,diagnosis_date,birth_year,sex,pc4,contact_date
100101,1111111111111111111111111111111111111111111111111111111111111111,ORPHA:99999999,2019-03-01,1980,F,1011,2024-05-01
100101,2222222222222222222222222222222222222222222222222222222222222222,ORPHA:558,2019-13-01,1980,F,1011,2024-05-01
100201,3333333333333333333333333333333333333333333333333333333333333333,ORPHA:558,2019-03-01,1980,F,6229,2024-05-01
CSV
http_start "$DB" --threads 2 --quiet
ok=0
env CHROMIUM="$CHROMIUM" ZL_ANALYST_TOKEN="$ANALYST" ZL_LOCATION_TOKEN="$LOCTOKEN" \
  ZL_BAD_UPLOAD="$TMP/bad-upload.csv" PYTHON=/usr/bin/python3 \
  node "$RUNNER/everyday_test.mjs" "http://127.0.0.1:$HTTP_PORT" "$ART" >"$TMP/browser.out" 2>&1 || ok=$?
cat "$TMP/browser.out"
check "everyday browser test exits 0" test "$ok" = 0
n=$(grep -c '^ok - ' "$TMP/browser.out" || true)
check "all $EVERYDAY_CHECKS browser checks ran and passed ($n)" test "$n" = "$EVERYDAY_CHECKS"
for f in $SHOTS; do
  check "screenshot $f kept" test -s "$ART/$f"
done
finish $((2 + $(wc -w <<<"$SHOTS")))
