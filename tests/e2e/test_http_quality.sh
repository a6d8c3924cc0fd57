#!/usr/bin/env bash
# Quality transparency over HTTP (HTTP fixture + tests/fixtures/quality/http_*.csv,
# SYNTHETIC values): indicator list, the funnel plot (flags, public suppression of small
# denominators and unpublished results, rounded denominators, the admin's exact view),
# overdispersion on request, the volume-outcome report with a norm's expected change and
# its caveat, publication status with the national share, the comparison page with
# intervals, travel minutes and explanations in both languages, and JSON errors.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http_lib.sh"

DB=$(new_db http)
http_fixture_copy "$DB"
check "import the fixture's indicators" \
  "$ZL" --db "$DB" import indicators "$FIX/quality/http_indicators.csv"
check "import the fixture's indicator values" \
  "$ZL" --db "$DB" import indicator-values "$FIX/quality/http_values.csv"
ADMIN=$("$ZL" --db "$DB" token create --role admin --label test 2>/dev/null)
http_start "$DB" --threads 2
python3 - "$HTTP_PORT" "$ADMIN" >"$TMP/checks.out" 2>&1 <<'PY' || true
import json, sys, urllib.error, urllib.request
port, admin = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{port}/api/v1"
def get(path, token=None):
    req = urllib.request.Request(base + path)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)
def check(name, cond):
    print(("ok - " if cond else "not ok - ") + name)

st, r = get("/quality/indicators")
check("indicator list", st == 200 and [i["code"] for i in r["indicators"]] == ["AAA_COMPL", "LUNG_MORT"]
      and r["indicators"][1]["years"] == [2022, 2022])
st, pub = get("/quality/funnel?indicator=LUNG_MORT")
pts = {p["location_id"]: p for p in pub["points"]}
check("public funnel: 2022, national 19/511 to 0.1 %", st == 200 and pub["year"] == 2022
      and pub["target"] == 0.037 and pub["public"] and pub["synthetic"])
check("public funnel: 107901 (12 of 77) above the 99.8 % limit, worse",
      pts["107901"]["flag"] == 2 and pts["107901"]["verdict"] == "worse")
check("public funnel: unpublished result withheld", pts["103301"]["suppressed"] == "not published"
      and pts["103301"]["value"] is None)
check("public funnel: no numerators, denominators multiples of 10, values whole percents",
      all("numerator" not in p for p in pts.values())
      and all(p["denominator"] % 10 == 0 for p in pts.values() if p["denominator"] is not None)
      and all(abs(p["value"] * 100 - round(p["value"] * 100)) < 1e-9
              for p in pts.values() if p["value"] is not None))
check("public funnel: curve of limits for drawing", len(pub["curve"]) > 10
      and all(c["lo998"] <= c["lo95"] <= c["hi95"] <= c["hi998"] for c in pub["curve"]))
st, ex = get("/quality/funnel?indicator=LUNG_MORT", admin)
ept = {p["location_id"]: p for p in ex["points"]}
check("admin funnel: exact numerators and denominators", st == 200 and not ex["public"]
      and ept["107901"]["numerator"] == 12 and ept["107901"]["denominator"] == 77
      and ept["103301"]["suppressed"] is None and ex["totals"]["numerator"] == 19)
st, aaa = get("/quality/funnel?indicator=AAA_COMPL")
apts = {p["location_id"]: p for p in aaa["points"]}
check("O/E funnel: denominators of 9 suppressed as <10", st == 200
      and apts["100101"]["suppressed"] == "<10" and apts["100201"]["suppressed"] == "<10"
      and apts["100101"]["value"] is None and aaa["counts"]["suppressed"] == 3)
st, od = get("/quality/funnel?indicator=LUNG_MORT&overdispersion=true", admin)
check("overdispersion requested: phi reported", st == 200 and od["overdispersion"]["requested"]
      and od["overdispersion"]["phi"] > 0)
st, vo = get("/quality/volume-outcome?intervention=LUNG&norm=60", admin)
f = vo["fits"][0] if st == 200 else {}
check("volume-outcome: fit, scenario and caveat", st == 200 and vo["norm"] == 60
      and f["indicator"]["code"] == "LUNG_MORT" and f["location_years"] == 8
      and f["scenario"] is not None and "Association is not causation" in f["scenario"]["reading_en"]
      and f["scenario"]["lo95"] <= f["scenario"]["change"] <= f["scenario"]["hi95"])
st, ps = get("/quality/publish-status")
check("publish status: 16 cells, 13 published, national share, no data for 107901 AAA",
      st == 200 and ps["national"]["cells"] == 16 and ps["national"]["published"] == 13
      and abs(ps["national"]["share_published"] - 13 / 16) < 1e-9
      and {"intervention": "AAA", "indicator": "AAA_COMPL", "location_id": "107901",
           "name": next(c["name"] for c in ps["cells"] if c["location_id"] == "107901"),
           "status": "no data"} in ps["cells"])
st, cmp = get("/quality/compare?intervention=LUNG&postcode=3584")
locs = cmp.get("locations", [])
mins = [l["minutes"] for l in locs]
check("compare: ordered by travel minutes from 3584, explanations in nl and en",
      st == 200 and len(locs) == 8 and mins == sorted(mins) and cmp["postcode"] == 3584
      and len(cmp["explanation"]["nl"]) == len(cmp["explanation"]["en"]) == 5)
res = [r for l in locs for r in l["results"] if "lo95" in r]
check("compare: intervals contain the values", res and all(r["lo95"] <= r["value"] <= r["hi95"] for r in res))
st, imp = get("/impact?intervention=LUNG&norm=60")
q = imp.get("quality", {})
check("impact report: quality chapter, public volumes summed as the report's total",
      st == 200 and q.get("norm") == 60 and len(q["fits"]) == 1
      and q["fits"][0]["scenario"]["patients_before"] == imp["patients"]["total"]
      and "not causation" in q["caveat_en"])
st, imp = get("/impact?intervention=AAA&norm=30", admin)
check("impact report (admin): exact chapter for AAA's O/E indicator",
      st == 200 and imp["quality"]["fits"][0]["indicator"]["code"] == "AAA_COMPL"
      and imp["quality"]["fits"][0]["scenario"]["patients_before"] == imp["patients"]["total"])
st, e = get("/quality/funnel?indicator=NOPE")
check("unknown indicator: 404 naming the known ones", st == 404 and "LUNG_MORT" in e["error"]["message"])
st, e = get("/quality/funnel")
check("missing indicator: 400", st == 400 and "'indicator'" in e["error"]["message"])
st, e = get("/quality/funnel?indicator=LUNG_MORT&overdispersion=maybe")
check("bad overdispersion: 400", st == 400 and "'overdispersion'" in e["error"]["message"])
st, e = get("/quality/compare?intervention=HEART")
check("unknown intervention: 404", st == 404 and "HEART" in e["error"]["message"])
PY
tap_lines "$TMP/checks.out"
finish 21
