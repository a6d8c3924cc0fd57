#!/usr/bin/env bash
# The acute-care endpoints and page over HTTP: /acute/reach (same figures as the CLI, a
# closure scenario), /acute/close, /acute/posts, POST /route/table, JSON errors; the page
# in headless Chromium (its DOM after the scripts ran: figures, the municipality table, a
# linked closure scenario) with a screenshot in tests/artifacts/, and driven by
# tests/browser/acute_test.mjs: clicking a location's marker closes it (the figure rises by
# the sensitivity the table promised), Enter on the marker opens it again, reset.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http_lib.sh"
NL="$ZL_SOURCE_DIR/data/nl"
DB=$(new_db acute)
for kv in "areas $NL/pc4.csv" "locations $ZL_SOURCE_DIR/data/sample/locations.csv" \
  "ferries $NL/ferries.csv" "hospitals-2019 $NL/acute_2019/hospitals.csv" \
  "ambulance-posts-2019 $NL/acute_2019/ambulance_posts.csv"; do
  set -- $kv
  "$ZL" --db "$DB" import "$1" "$2" >/dev/null
done
cli=$("$ZL" --db "$DB" acute reach --function seh_24h --json)
http_start "$DB" --threads 2 --quiet
U="http://127.0.0.1:$HTTP_PORT"
get() { curl -s -o "$TMP/body" -w '%{http_code}' "$U$1"; }
code=$(get "/api/v1/acute/reach?function=seh_24h")
check "reach: 200 ($code)" test "$code" = 200
check "reach: the CLI's document" python3 -c '
import json, sys
a, b = json.load(open(sys.argv[1])), json.loads(sys.argv[2])
assert a == b, "differs"' "$TMP/body" "$cli"
code=$(get "/api/v1/acute/reach?function=seh_24h&close=109201&areas=1")
check "reach with a closure: 200 ($code)" test "$code" = 200
check "closing Leeuwarden puts its increase beyond too, areas present" python3 -c '
import json, sys
a, b = json.load(open(sys.argv[1])), json.loads(sys.argv[2])
inc = {s["id"]: s["increase"] for s in b["sensitive"]}["109201"]
assert a["closed"] == ["109201"] and a["population_beyond"] >= b["population_beyond"] + inc
assert len(a["areas"]) == 4065' "$TMP/body" "$cli"
code=$(get "/api/v1/acute/reach?function=cardio")
check "unknown function: 400 ($code)" test "$code" = 400
check "error body is JSON" python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["error"]; assert "unknown function" in e["message"]' "$TMP/body"
code=$(get "/api/v1/acute/reach?function=seh_24h&date=2010-01-01")
check "date with no locations: 400 ($code)" test "$code" = 400
code=$(get "/api/v1/acute/reach?function=seh_24h&bogus=1")
check "unknown parameter: 400 ($code)" test "$code" = 400
code=$(get "/api/v1/acute/close?function=acute_obstetrics&location=102902")
check "close: 200 ($code)" test "$code" = 200
check "close: births move" python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["births_moved"] > 4000 and d["receivers"]' "$TMP/body"
code=$(get "/api/v1/acute/close?function=acute_obstetrics")
check "close without location: 400 ($code)" test "$code" = 400
code=$(get "/api/v1/acute/posts?date=2019-03-01")
check "posts: 200 with 280 posts, 249 around the clock" python3 -c '
import json,sys; d=json.load(open(sys.argv[1])); assert d["count"] == 280
assert sum(p["around_clock"] for p in d["posts"]) == 249' "$TMP/body"
body='{"from":[{"id":"texel","lat":53.055,"lon":4.798}],"to":[{"id":"denhelder","lat":52.9578,"lon":4.7447}],"profile":"ambulance"}'
code=$(curl -s -o "$TMP/body" -w '%{http_code}' -H 'Content-Type: application/json' -d "$body" "$U/api/v1/route/table")
check "route table: 200 ($code)" test "$code" = 200
check "route table: Texel to Den Helder through the ferry (> 50 min)" python3 -c '
import json,sys; d=json.load(open(sys.argv[1])); r=d["rows"][0]
assert d["count"] == 1 and d["profile"] == "ambulance" and r["minutes"] > 50, d' "$TMP/body"
code=$(curl -s -o "$TMP/body" -w '%{http_code}' -H 'Content-Type: application/json' -d '{"from":[],"to":[]}' "$U/api/v1/route/table")
check "route table without points: 400 ($code)" test "$code" = 400

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
  not_ok "headless Chromium is required (scripts/install-deps.sh --browser)"
  finish
  exit 1
fi
ART="$ZL_SOURCE_DIR/tests/artifacts"
mkdir -p "$ART"
dom() { timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --user-data-dir="$TMP/chrome" \
  --virtual-time-budget=20000 --dump-dom "$1" 2>/dev/null; }
dom "$U/acute.html" >"$TMP/page.html"
check "page: municipality table lists Texel" grep -q 'data-name="Texel"' "$TMP/page.html"
check "page: the 33.820 beyond of the API" grep -q '33.820' "$TMP/page.html"
check "page: sensitive locations table" grep -q 'data-id="109201"' "$TMP/page.html"
check "page: map drawn with PC4 areas" grep -q 'data-pc4=' "$TMP/page.html"
dom "$U/acute.html?function=seh_24h&close=109201" >"$TMP/closed.html"
check "page: a linked closure scenario" grep -q 'Gesloten in dit scenario: Medisch centrum Leeuwarden' "$TMP/closed.html"
timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --user-data-dir="$TMP/chrome" \
  --window-size=1300,2000 --virtual-time-budget=20000 --screenshot="$ART/acute.png" "$U/acute.html" 2>/dev/null || true
check "screenshot acute.png kept" test -s "$ART/acute.png"

BROWSER_CHECKS=10
browser_runner browser-acute acute_test.mjs
read -r beyond inc < <(python3 -c '
import json, sys
d = json.loads(sys.argv[1])
print(d["population_beyond"], {s["id"]: s["increase"] for s in d["sensitive"]}["109201"])' "$cli")
rm -f "$ART/acute-closed.png"
rc=0
env CHROMIUM="$CHROMIUM" node "$RUNNER/acute_test.mjs" "$U" "$ART" "$beyond" 109201 "$inc" \
  >"$TMP/ui.out" 2>&1 || rc=$?
tap_lines "$TMP/ui.out"
check_eq "acute_test.mjs exit status" "$rc" 0
check "screenshot acute-closed.png taken by this run" test -s "$ART/acute-closed.png"
finish $((21 + BROWSER_CHECKS + 2))
