#!/usr/bin/env bash
# zl report impact on the demo database (zl demo: CBS areas, RIVM locations, SYNTHETIC flows
# and quality values): the report for LUNG at 60 in every format — the HTML passes tidy
# (errors and warnings fail) and its numbers equal `zl impact --json`'s; the PDF opens
# (pdfinfo) and rendered pages (pdftoppm) are not blank; the XLSX opens (zipfile + XML)
# with the same numbers; the PNG and CSV folders hold the expected files — the national
# roll-up of every intervention with a proposed norm, and bad input.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http_lib.sh"
DB=$(new_db demo)
GEO="$ZL_BUILD_DIR/www/data/nl.topo.json"
CHECK="$ZL_SOURCE_DIR/tests/e2e/report_check.py"
demo_copy "$DB"
"$ZL" --db "$DB" impact --intervention LUNG --norm 60 --json >"$TMP/lung.json"
# The report's band runs every rule the database allows, the region rule on provinces too.
"$ZL" --db "$DB" impact --intervention LUNG --norm 60 --rules all --region-layer province --json \
  >"$TMP/rules.json"
"$ZL" --db "$DB" assess --intervention LUNG --norm 60 --network-layer oncology_network --json \
  >"$TMP/assess.json"
R=("$ZL" --db "$DB" report impact --intervention LUNG --norm 60 --geometry "$GEO"
   --network-layer oncology_network)

# py KIND FILE: the checker's lines are checks of this test; its exit status must agree.
py() {
  local rc=0
  python3 "$CHECK" "$@" "$TMP/lung.json" "$TMP/rules.json" >"$TMP/py.out" 2>&1 || rc=$?
  tap_lines "$TMP/py.out"
  check_eq "report_check.py $1: exit status agrees with its checks" "$rc" \
    "$(grep -c '^not ok - ' "$TMP/py.out" | sed 's/^[1-9][0-9]*$/1/')"
}

check "HTML report written" "${R[@]}" --out "$TMP/lung.html" -q
tidy -e -q "$TMP/lung.html" >"$TMP/tidy.out" 2>&1 && rc=0 || rc=$?
check_eq "tidy: no errors and no warnings in the HTML ($(head -3 "$TMP/tidy.out"))" "$rc" 0
py html "$TMP/lung.html"
rc=0
python3 "$CHECK" assess "$TMP/lung.html" "$TMP/assess.json" >"$TMP/py.out" 2>&1 || rc=$?
tap_lines "$TMP/py.out"
check_eq "report_check.py assess: exit status agrees with its checks" "$rc" \
  "$(grep -c '^not ok - ' "$TMP/py.out" | sed 's/^[1-9][0-9]*$/1/')"

check "PDF report written" "${R[@]}" --out "$TMP/lung.pdf" -q
pages=$(pdfinfo "$TMP/lung.pdf" | sed -n 's/^Pages: *//p')
check "pdfinfo opens the PDF: $pages pages, titled" bash -c \
  "[ '${pages:-0}' -ge 10 ] && pdfinfo '$TMP/lung.pdf' | grep -q 'Title: *Impact of a volume norm of 60 for Lung resection'"
pdftoppm -r 40 -gray -f 1 -l 1 "$TMP/lung.pdf" "$TMP/p1"
pdftoppm -r 40 -gray -f 3 -l 3 "$TMP/lung.pdf" "$TMP/p3"
python3 "$CHECK" pgm "$TMP"/p1-*1.pgm >"$TMP/py.out" && tap_lines "$TMP/py.out" || { tap_lines "$TMP/py.out"; }
python3 "$CHECK" pgm "$TMP"/p3-*3.pgm >"$TMP/py.out" && tap_lines "$TMP/py.out" || { tap_lines "$TMP/py.out"; }
check "pdftotext: the summary and the synthetic label are text in the PDF" bash -c \
  "pdftotext -f 1 -l 1 '$TMP/lung.pdf' - | grep -q 'Key figures' && pdftotext '$TMP/lung.pdf' - | grep -q SYNTHETIC"

check "XLSX report written" "${R[@]}" --out "$TMP/lung.xlsx" -q
py xlsx "$TMP/lung.xlsx"
check "CSV report written (folder)" "${R[@]}" --format csv --out "$TMP/lung-csv" -q
py csv "$TMP/lung-csv"
check "PNG maps written (folder)" "${R[@]}" --format png --out "$TMP/lung-png" -q
py png "$TMP/lung-png"

# The national roll-up: one row per intervention with a proposed norm (all seven).
check "national report written" "$ZL" --db "$DB" report impact --all-interventions --geometry "$GEO" \
  --out "$TMP/nat.html" -q
tidy -e -q "$TMP/nat.html" >/dev/null 2>&1 && rc=0 || rc=$?
check_eq "tidy: the national report is clean" "$rc" 0
check "national report: the seven interventions, each with its chapter" python3 - "$TMP/nat.html" <<'PY'
import re, sys
h = open(sys.argv[1]).read()
rows = re.search(r'<table id="t-national">.*?</table>', h, re.S).group(0).count("<tr>") - 1
codes = re.findall(r'<h2 id="([A-Z_]+)-summary">', h)
assert rows == 7 and sorted(codes) == ["AAA", "CEA", "HEADNECK", "KIDNEY", "LUNG", "OESO_STOM", "PANC"], (rows, codes)
PY

# GET /api/v1/report/impact: the same report as HTML in the browser; counts published for the
# public, exact for an admin token (as GET /impact).
ADMIN=$("$ZL" --db "$DB" token create --role admin 2>/dev/null)
ANALYST=$("$ZL" --db "$DB" token create --role analyst 2>/dev/null)
http_start "$DB" --threads 2 --quiet
U="http://127.0.0.1:$HTTP_PORT/api/v1"
code=$(curl -s -D "$TMP/h.txt" -o "$TMP/api.html" -w '%{http_code}' "$U/report/impact?intervention=lung&norm=60")
check_eq "GET /report/impact: 200" "$code" 200
check "GET /report/impact: inline HTML with a strict CSP" bash -c \
  "grep -qi '^Content-Type: text/html' '$TMP/h.txt' && grep -qi '^Content-Disposition: inline' '$TMP/h.txt' && grep -qi \"^Content-Security-Policy: default-src 'none'\" '$TMP/h.txt'"
tidy -e -q "$TMP/api.html" >/dev/null 2>&1 && rc=0 || rc=$?
check_eq "tidy: the served report is clean" "$rc" 0
curl -s "$U/impact?intervention=LUNG&norm=60" >"$TMP/pub.json"
curl -s -H "Authorization: Bearer $ADMIN" -o "$TMP/admin.html" "$U/report/impact?intervention=LUNG&norm=60"
check "served report: public counts as GET /impact publishes them, exact for an admin" python3 - \
  "$TMP/api.html" "$TMP/pub.json" "$TMP/admin.html" "$TMP/lung.json" <<'PY'
import json, re, sys
def figures(p):
    t = re.search(r'<table id="t-key_figures">.*?</table>', open(p).read(), re.S).group(0)
    return dict(re.findall(r"<tr><td>([^<]*)</td><td[^>]*>([^<]*)</td></tr>", t))
pub, exact = figures(sys.argv[1]), figures(sys.argv[3])
pj, ej = json.load(open(sys.argv[2])), json.load(open(sys.argv[4]))
assert "published as for the public" in open(sys.argv[1]).read()
assert pub["displaced patients"] == str(pj["patients"]["displaced"]), (pub, pj["patients"]["displaced"])
assert int(pub["displaced patients"]) % 10 == 0
assert exact["displaced patients"] == str(ej["patients"]["displaced"]), exact
assert "published as for the public" not in open(sys.argv[3]).read()
PY
# GET /assess is for analysts, who see published counts like the public.
curl -s -H "Authorization: Bearer $ANALYST" "$U/assess?intervention=LUNG&norm=60" >"$TMP/assess-pub.json"
check "served report: the assessment's figures as GET /assess publishes them" python3 - \
  "$TMP/api.html" "$TMP/assess-pub.json" <<'PY'
import json, re, sys
h, a = open(sys.argv[1]).read(), json.load(open(sys.argv[2]))
def table(name):
    t = re.search(r'<table id="%s">.*?</table>' % name, h, re.S).group(0)
    return {r[0]: r for r in (re.findall(r"<td[^>]*>([^<]*)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", t)) if r}
v, p = table("t-verdicts"), table("t-providers_regions")
n = a["national"]
assert a["small_counts_suppressed"] is True
assert v["NL"][2] == n["verdict"], (v["NL"], n["verdict"])
assert p["NL"][1] == str(n["providers"]["volume_lost"]), (p["NL"], n["providers"]["volume_lost"])
PY
# The impact page's scenario: kept and stopped locations (keep=, stop=) are the report's too.
read -r KEEP STOP <<<"$(python3 -c "
import json; r=json.load(open('$TMP/lung.json'))
st=lambda s: [l['id'] for l in r['locations'] if l['status']==s]
print(st('stops')[0], st('receives')[0])")"
curl -s -H "Authorization: Bearer $ADMIN" -o "$TMP/scen.html" \
  "$U/report/impact?intervention=LUNG&norm=60&rule=nearest&keep=$KEEP&stop=$STOP"
check "served report of a scenario: the kept location marked kept, the stopped one stops, the summary names them" \
  python3 - "$TMP/scen.html" "$KEEP" "$STOP" <<'PY'
import re, sys
h, keep, stop = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3]
t = re.search(r'<table id="t-locations">.*?</table>', h, re.S).group(0)
rows = {r[0]: r for r in (re.findall(r"<td[^>]*>([^<]*)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", t)) if r}
assert rows[keep][9] == "kept" and rows[keep][3] in ("keeps", "receives"), rows[keep]
assert rows[stop][9] == "stopped" and rows[stop][3] == "stops", rows[stop]
assert all(r[9] == "" for i, r in rows.items() if i not in (keep, stop)), "only the overrides"
assert f"Scenario: locations kept whatever their volume: {keep}; locations stopped whatever their volume: {stop}." in h
assert f"keep={keep}&amp;stop={stop}" in h or f"keep={keep}&stop={stop}" in h, "the provenance names the request"
PY
check "served report without network_layer: the networks chapter names the default layer and why" \
  grep -q "Networks: network layer oncology_network: of the 2 care network layers in the store, the one matching the intervention group" \
  "$TMP/api.html"
code=$(curl -s -o "$TMP/e.json" -w '%{http_code}' "$U/report/impact")
check "GET /report/impact without intervention: 400 with a JSON error" bash -c \
  "[ $code = 400 ] && grep -q \"'intervention' is required\" '$TMP/e.json'"
code=$(curl -s -o "$TMP/e.json" -w '%{http_code}' "$U/report/impact?intervention=NOPE")
check_eq "GET /report/impact of an unknown intervention: 404" "$code" 404
code=$(curl -s -o "$TMP/e.json" -w '%{http_code}' "$U/report/impact?intervention=LUNG&colour=red")
check_eq "GET /report/impact with an unknown parameter: 400" "$code" 400
http_stop

# Bad input.
expect_fail "unknown intervention" "unknown intervention" --db "$DB" report impact --intervention NOPE --out "$TMP/x.html"
expect_fail "unknown format" "--format: 'doc' is not" --db "$DB" report impact --intervention LUNG --format doc --out "$TMP/x"
expect_fail "--out is required" "--out FILE is required" --db "$DB" report impact --intervention LUNG
expect_fail "intervention or all" "give --intervention C or --all-interventions" --db "$DB" report impact --out "$TMP/x.html"
expect_fail "bad norm" "norm" --db "$DB" report impact --intervention LUNG --norm abc --out "$TMP/x.html"
expect_fail "unwritable output" "cannot write" --db "$DB" report impact --intervention LUNG --geometry "$GEO" --out "$TMP/no/such/dir/x.html"
check "no maps without geometry: a warning, the report still written" bash -c \
  "'$ZL' --db '$DB' report impact --intervention LUNG --geometry /dev/null --out '$TMP/nomap.html' 2>&1 | grep -q 'no maps' && grep -q 'Key figures' '$TMP/nomap.html'"
# The networks chapter says so when the networks are not assessed: left out by choice, or a
# store without a care network layer (the impact fixture: provinces only).
check "--network-layer none: the networks chapter says they are not assessed" bash -c \
  "'$ZL' --db '$DB' report impact --intervention LUNG --geometry /dev/null --network-layer none --out '$TMP/nonet.html' 2>/dev/null && grep -q 'Care networks not assessed (--network-layer none)' '$TMP/nonet.html'"
FDB=$(new_db fixture)
impact_fixture_db "$FDB"
check "a store without a care network layer: the networks chapter says so" bash -c \
  "'$ZL' --db '$FDB' report impact --intervention LUNG --geometry /dev/null --out '$TMP/fix.html' 2>/dev/null && grep -q 'Care networks not assessed: no care network layer in the store' '$TMP/fix.html'"
finish 87
