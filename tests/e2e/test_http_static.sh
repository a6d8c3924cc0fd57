#!/usr/bin/env bash
# The browser UI as served: precompressed gzip when accepted (and identical to the plain
# file once inflated), validators answering revalidation with 304, long caching for the
# vendored libraries and the map, no caching without revalidation for pages, and the
# compact map well under 1 MB on the wire.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http_lib.sh"

DB=$(new_db http)
http_fixture_copy "$DB"
http_start "$DB" --threads 2 --quiet
B="http://127.0.0.1:$HTTP_PORT"

hdr() { curl -s -o /dev/null -D - "$@" | tr -d '\r'; }

h=$(hdr -H 'Accept-Encoding: gzip, deflate, br' "$B/impact.html")
check "impact.html gzip when accepted" grep -qi '^Content-Encoding: gzip' <<<"$h"
check "impact.html Vary: Accept-Encoding" grep -qi '^Vary: Accept-Encoding' <<<"$h"
check "impact.html revalidated (no-cache)" grep -qi '^Cache-Control: no-cache' <<<"$h"
h=$(hdr "$B/impact.html")
check "impact.html plain without Accept-Encoding" bash -c "! grep -qi '^Content-Encoding' <<<'$h'"
h=$(hdr -H 'Accept-Encoding: gzip;q=0, identity' "$B/impact.html")
check "gzip;q=0 refuses gzip" bash -c "! grep -qi '^Content-Encoding' <<<'$h'"

curl -s -H 'Accept-Encoding: gzip' "$B/vendor/leaflet.js" | gunzip >"$TMP/leaflet.js"
curl -s "$B/vendor/leaflet.js" >"$TMP/leaflet.plain.js"
check "inflated gzip equals the plain file" cmp -s "$TMP/leaflet.js" "$TMP/leaflet.plain.js"
check "vendored Leaflet served" grep -q 'Leaflet' "$TMP/leaflet.js"
h=$(hdr -H 'Accept-Encoding: gzip' "$B/vendor/leaflet.js")
check "vendored library cached for a day" grep -qi '^Cache-Control: public, max-age=86400' <<<"$h"

etag=$(hdr -H 'Accept-Encoding: gzip' "$B/app.js" | sed -n 's/^ETag: //Ip')
check "ETag sent" test -n "$etag"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept-Encoding: gzip' -H "If-None-Match: $etag" "$B/app.js")
check "matching If-None-Match answers 304 (got $code)" test "$code" = 304
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'If-None-Match: "other"' "$B/app.js")
check "other ETag answers 200 (got $code)" test "$code" = 200

size=$(curl -s -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: gzip' "$B/data/nl.map.svg")
check "PC4 map transferred under 1 MB ($size bytes)" test "$size" -lt 1000000
curl -s --compressed "$B/data/nl.map.svg" >"$TMP/map.svg"
check "map has every PC4 area and the 12 provinces, projected at its zoom" python3 -c "
import sys, xml.etree.ElementTree as ET
ns = '{http://www.w3.org/2000/svg}'
r = ET.parse('$TMP/map.svg').getroot()
g = {e.get('class'): e for e in r.iter(ns + 'g')}
pc = [p for p in g['zl-pc4'] if p.get('data-pc4') and p.get('d', '').startswith('M')]
pr = list(g['zl-provinces'])
x, y, w, h = map(float, r.get('viewBox').split())
# Amsterdam (4.9 E, 52.37 N) in Web Mercator pixels at zoom data-zoom lies inside the box.
import math
z = 256 * 2 ** int(r.get('data-zoom'))
ax = z * (4.9 + 180) / 360
ay = z * (0.5 - math.log(math.tan(math.pi / 4 + math.radians(52.37) / 2)) / (2 * math.pi))
sys.exit(0 if len(pc) > 4000 and len(pr) == 12 and x < ax < x + w and y < ay < y + h else 1)"
check "place labels from the bundled data" python3 -c "
import json,sys; p=json.load(open('/dev/stdin'))['places']; sys.exit(0 if p[0]['name']=='Amsterdam' and len(p)>=25 else 1)" \
  < <(curl -s "$B/data/places.json")
code=$(curl -s --path-as-is -o /dev/null -w "%{http_code}" "$B/vendor/../../CMakeCache.txt")
check "no path outside the web directory (got $code)" test "$code" = 404
finish 15
