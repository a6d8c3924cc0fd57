#!/usr/bin/env bash
# The choice model and the allocation rules over HTTP (HTTP fixture, SYNTHETIC flows): the
# list of fits and one fit (per-location counts published by the cell key), the
# rule and rules=all on /impact with the band, and clear JSON errors for a rule whose
# inputs are missing, an unknown rule and an intervention without a fit.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http_lib.sh"

DB=$(new_db http)
http_fixture_copy "$DB"
check "fit the fixture's LUNG model" sh -c "'$ZL' --db '$DB' choice fit --intervention LUNG >/dev/null"
ADMIN=$("$ZL" --db "$DB" token create --role admin --label test 2>/dev/null)
http_start "$DB" --threads 2
check "choice endpoints and rules on /impact" python3 - "$HTTP_PORT" "$ADMIN" <<'PY'
import json, sys, urllib.error, urllib.request
port, admin = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{port}/api/v1"
def get(path, token=None, body=None):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode() if body else None,
                                 headers={"Content-Type": "application/json"} if body else {})
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)
st, r = get("/choice")
assert st == 200 and {"intervention": "LUNG", "year": r["models"][0]["year"]} in r["models"], r
st, pub = get("/choice/LUNG")
assert st == 200 and pub["intervention"] == "LUNG" and pub["small_counts_suppressed"] is True
assert 0 < pub["rho2"] < 1 and pub["coefficients"][0]["name"] == "travel_0_15"
small = [l for l in pub["locations"] if l["observed"] is None]
st, full = get("/choice/LUNG", admin)
assert st == 200 and full["small_counts_suppressed"] is False
assert all(l["observed"] is not None for l in full["locations"])
assert len(small) == sum(1 for l in full["locations"] if 0 < l["observed"] < 9.5), small
# The public fit publishes each location's patients as the public impact report publishes
# its volume (the same cell-key rounding, docs/privacy.md): the same numbers, and the
# total as their sum, like the report's patients.total.
st, imp = get(f"/impact?intervention=LUNG&year={pub['year']}")
assert st == 200 and imp["small_counts_suppressed"] is True, st
vol = {l["id"]: l["volume_before"] for l in imp["locations"]}
exact = {l["id"]: l["observed"] for l in full["locations"]}
for l in pub["locations"]:
    assert l["observed"] == vol[l["id"]] == l["predicted"], (l, vol[l["id"]])
    assert l["observed"] is None or (l["observed"] % 10 == 0 and abs(l["observed"] - exact[l["id"]]) < 10), l
assert pub["patients"] == imp["patients"]["total"] and pub["patients"] % 10 == 0, (pub["patients"], imp["patients"]["total"])
assert full["patients"] == sum(exact.values()), full["patients"]
st, e = get("/choice/AAA")
assert st == 404 and "zl choice fit" in e["error"]["message"], e
st, r = get("/impact?intervention=LUNG&norm=60&rules=all")
assert st == 200 and r["rule"] == "choice" and r["baseline"] == "observed", r.get("rule")
assert [x["rule"] for x in r["rules"]] == ["nearest", "choice", "share", "capacity"], r["rules"]
assert r["band"]["extra_minutes_mean"]["lowest"] <= r["band"]["extra_minutes_mean"]["highest"]
assert "across 4 rules" in r["reading"]
st, r = get("/impact", body={"intervention": "LUNG", "norm": 60, "rule": "nearest", "map": True})
assert st == 200 and r["baseline"] == "nearest" and "patients_nearest_baseline" in r
assert r["histogram"]["bins"], "histogram of the headline"
st, e = get("/impact", body={"intervention": "LUNG", "norm": 60, "rule": "partner"})
assert st in (400, 422) and "zl import partners" in e["error"]["message"], (st, e)
st, e = get("/impact?intervention=LUNG&rule=bogus")
assert st == 400 and "'rule'" in e["error"]["message"], (st, e)
st, e = get("/impact?intervention=LUNG&rules=some")
assert st == 400 and "'rules'" in e["error"]["message"], (st, e)
print("ok")
PY
finish 2
