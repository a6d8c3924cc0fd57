#!/usr/bin/env python3
"""API tests over real HTTP against `zl serve` on the HTTP fixture database (started by
tests/e2e/test_http_api.sh). Every JSON answer is checked against docs/openapi.json.
usage: api_test.py PORT OPENAPI ADMIN_TOKEN ANALYST_TOKEN LOCATION_TOKEN"""
import json
import sys

from apicheck import Api

port, openapi, admin, analyst, loc_token = sys.argv[1:6]
api = Api("127.0.0.1", int(port), openapi)

# ---- service ----
v = api.expect("health", "GET", "/health", 200)
api.ok(v and v["schema_version"] == v["schema_latest"], "schema is current")
v = api.expect("openapi document", "GET", "/openapi.json", 200)
api.ok(v and v.get("openapi", "").startswith("3."), "openapi version 3")

# ---- landscape ----
v = api.expect("areas", "GET", "/areas", 200)
api.ok(v and v["count"] == 4065 == len(v["areas"]), "all 4065 PC4 areas")
v = api.expect("areas of a province", "GET", "/areas?province=Utrecht", 200)
api.ok(v and v["count"] > 50 and all(a["province"] == "Utrecht" for a in v["areas"]),
       "province filter")
v = api.expect("one area", "GET", "/areas/1011", 200)
api.ok(v and v["municipality"] == "Amsterdam", "PC4 1011 is in Amsterdam")
api.expect("unknown area", "GET", "/areas/1000", 404)
api.expect("malformed PC4", "GET", "/areas/abc", 400)
v = api.expect("locations", "GET", "/locations", 200)
api.ok(v and v["count"] == 13, "thirteen fixture locations")
api.expect("locations of a bad kind", "GET", "/locations?kind=castle", 400)
v = api.expect("one location", "GET", "/locations/100101", 200)
api.ok(v and v["name"] == "Academisch Medisch Centrum", "location 100101 by id")
api.expect("unknown location", "GET", "/locations/nope", 404)
v = api.expect("interventions", "GET", "/interventions", 200)
api.ok(v and [i["code"] for i in v["interventions"]] == ["AAA", "LUNG"], "two interventions")
v = api.expect("one intervention", "GET", "/interventions/LUNG", 200)
api.ok(v and v["norm"]["per_year"] == 20 and v["proposed"]["norm"] == 60 and v["synthetic"],
       "LUNG norms 20 and proposed 60, synthetic flows")
api.expect("regions", "GET", "/regions", 200)
v = api.expect("travel from an area", "GET", "/travel?pc4=1011", 200)
api.ok(v and v["count"] == 13 and v["travel"][0]["minutes"] < 20
       and all(a["minutes"] <= b["minutes"] for a, b in zip(v["travel"], v["travel"][1:])),
       "travel from 1011: every location, nearest first")
v = api.expect("travel to a location", "GET", "/travel?location=100101", 200)
api.ok(v and v["count"] == 4065, "travel to 100101 from every area")
api.expect("travel needs one parameter", "GET", "/travel", 400)
api.expect("travel with both parameters", "GET", "/travel?pc4=1011&location=100101", 400)
api.expect("travel from an unknown area", "GET", "/travel?pc4=1000", 404)

# ---- norms and impact ----
v = api.expect("norm check", "GET", "/norms?intervention=LUNG", 200)
api.ok(v and v["summary"]["below"] == 1, "one location below the LUNG norm of 20")
api.expect("norm check needs an intervention", "GET", "/norms", 400)
api.expect("norm check of an unknown intervention", "GET", "/norms?intervention=NOPE", 404)
v = api.expect("impact, current norm", "GET", "/impact?intervention=LUNG", 200)
api.ok(v and v["summary"]["stopping"] == 1 and v["synthetic"] is True, "one stops at the current norm; synthetic")
v = api.expect("impact, proposed norm", "GET", "/impact?intervention=LUNG&norm=proposed", 200)
stops = sorted(l["id"] for l in v["locations"] if l["status"] == "stops") if v else []
api.ok(stops == ["100101", "100201", "103301", "107401"], f"four stop at 60: {stops}")
api.ok(v and v["patients"]["total"] % 10 == 0 and all(
       l[k] is None or l[k] % 10 == 0 for l in v["locations"]
       for k in ("volume_before", "volume_after")), "public counts are multiples of 10 or null")
x = api.expect("impact, proposed norm, admin", "GET", "/impact?intervention=LUNG&norm=proposed",
               200, token=admin)
api.ok(x and x["patients"]["total"] == sum(l["volume_after"] for l in x["locations"]),
       "patients conserved (exact view)")
w = api.expect("impact by POST mirrors GET", "POST", "/impact", 200,
               body={"intervention": "LUNG", "norm": 60})
api.ok(v and w and v["patients"] == w["patients"] and v["locations"] == w["locations"],
       "POST norm 60 equals GET norm=proposed")
w = api.expect("impact with keep and stop", "POST", "/impact", 200,
               body={"intervention": "LUNG", "norm": "proposed", "keep": ["100101"],
                     "stop": ["107901"]})
st = {l["id"]: l["status"] for l in w["locations"]} if w else {}
api.ok(st.get("100101") != "stops" and st.get("107901") == "stops", "keep and stop honoured")
v = api.expect("impact with the map", "GET", "/impact?intervention=LUNG&norm=60&map=true", 200)
if v:
    a = v["areas"]
    api.ok(len(a["pc4"]) == 4065 and all(x is None or y is None or y >= x - 1e-9 for x, y in
           zip(a["minutes_before"], a["minutes_after"])), "map: 4065 areas, none nearer after stops")
    bins = [b["patients"] for b in v["histogram"]["bins"]]
    api.ok(v["small_counts_suppressed"] and v["histogram"]["small_counts_suppressed"],
           "public impact report says small counts are suppressed")
    api.ok(all(n is None or n == 0 or n >= 10 for n in bins) and bins.count(None) != 1,
           "public histogram: no count 1-9 shown, never exactly one bin suppressed")
    api.ok(all(l["volume_before"] is None or l["volume_before"] == 0 or l["volume_before"] >= 10
               for l in v["locations"]), "public location volumes: no count 1-9 shown")
v = api.expect("impact with the map as admin", "GET", "/impact?intervention=LUNG&norm=60&map=true",
               200, token=admin)
if v:
    api.ok(not v["small_counts_suppressed"] and
           sum(b["patients"] for b in v["histogram"]["bins"]) == v["patients"]["displaced"],
           "admin: unsuppressed histogram counts every displaced patient")
api.expect("impact needs an intervention", "GET", "/impact", 400)
api.expect("impact, unknown intervention", "GET", "/impact?intervention=NOPE", 404)
api.expect("impact, bad norm", "GET", "/impact?intervention=LUNG&norm=-3", 400)
api.expect("impact, bad year", "GET", "/impact?intervention=LUNG&year=12", 400)
api.expect("impact, unknown location to stop", "GET", "/impact?intervention=LUNG&stop=zzz", 404)
api.expect("impact, region rule without layer", "GET", "/impact?intervention=LUNG&rule=region", 400)
api.expect("impact POST, norm of the wrong type", "POST", "/impact", 400,
           body={"intervention": "LUNG", "norm": [60]})
api.expect("impact POST, stop not a list", "POST", "/impact", 400,
           body={"intervention": "LUNG", "stop": "100101"})
api.expect("impact POST, unknown member", "POST", "/impact", 400,
           body={"intervention": "LUNG", "nrom": 60})

# ---- optimiser ----
OPT = {"intervention": "LUNG", "norm": 60, "method": "heuristic"}
api.expect("optimiser without a token", "POST", "/optimise", 401, body=OPT)
api.expect("optimiser as a location", "POST", "/optimise", 403, token=loc_token, body=OPT)
v = api.expect("optimiser as analyst", "POST", "/optimise", 200, token=analyst, body=OPT)
if v:
    opened = [l for l in v["locations"] if l["open"]]
    api.ok(v["method"] == "heuristic" and all(l["volume_after"] >= 60 for l in opened),
           "every open location meets the norm of 60")
    api.ok(sum(l["volume_after"] for l in v["locations"]) == v["impact"]["patients"]["total"],
           "optimiser conserves patients")
    api.ok(v["lower_bound"] <= v["value"] + 1e-6, "lower bound below the answer")
v = api.expect("optimiser, at most 3 locations", "POST", "/optimise", 200, token=admin,
               body=dict(OPT, max_locations=3))
api.ok(v and sum(l["open"] for l in v["locations"]) <= 3, "at most three open")
api.expect("optimiser, time limit too long", "POST", "/optimise", 400, token=analyst,
           body=dict(OPT, time_limit=3600))
api.expect("optimiser, bad objective", "POST", "/optimise", 400, token=analyst,
           body=dict(OPT, objective="cheapest"))
api.expect("optimiser, unknown member", "POST", "/optimise", 400, token=analyst,
           body=dict(OPT, colour="red"))
api.expect("optimiser, infeasible", "POST", "/optimise", 422, token=analyst,
           body=dict(OPT, norm=100000))

# ---- rare diseases ----
D = "&date=2025-06-01"
v = api.expect("finder", "GET", "/rare/find?q=cystic+fibrosis" + D, 200)
top = v["hits"][0] if v and v["hits"] else {}
api.ok(top.get("code") == "ORPHA:586", "cystic fibrosis is ORPHA:586")
api.ok(any("Maastricht" in c["centre"] for c in top.get("centres", [])), "with the Maastricht centre")
v = api.expect("finder with a typo", "GET", "/rare/find?q=cistic%20fibrosis" + D, 200)
api.ok(v and v["hits"] and v["hits"][0]["code"] == "ORPHA:586", "typo tolerated")
v = api.expect("finder in Dutch", "GET", "/rare/find?q=Marfan+syndroom&lang=nl&limit=3" + D, 200)
api.ok(v and v["hits"] and v["hits"][0]["code"] == "ORPHA:558" and len(v["hits"]) <= 3, "Marfan syndroom, limit 3")
adj = v["hits"][0]["adjacent_expertise"] if v and v["hits"] else []
api.ok(adj and adj[0]["path"][0]["orpha"] == 558 and adj[0]["erns"], "adjacent expertise with path and ERN")
v = api.expect("finder by code", "GET", "/rare/find?q=ORPHA:558" + D, 200)
api.ok(v and v["hits"] and v["hits"][0]["orpha"] == 558, "look-up by ORPHAcode")
v = api.expect("finder without a hit", "GET", "/rare/find?q=xyzzyq" + D, 200)
api.ok(v and not v["hits"] and v["advice"]["code"] == "ORPHA:616874", "advice without a hit")
api.expect("finder needs q", "GET", "/rare/find", 400)
api.expect("finder, bad language", "GET", "/rare/find?q=marfan&lang=de", 400)
api.expect("finder, bad limit", "GET", "/rare/find?q=marfan&limit=0", 400)
api.expect("finder, bad date", "GET", "/rare/find?q=marfan&date=2025-02-30", 400)
api.expect("finder, invalid UTF-8", "GET", "/rare/find?q=%ff%fe", 400)
v = api.expect("finder from a postcode", "GET", "/rare/find?q=cystic+fibrosis&postcode=1011" + D, 200)
cs = v["hits"][0]["centres"] if v and v["hits"] else []
mins = [c.get("minutes") for c in cs]
api.ok(v and v.get("postcode") == 1011 and cs and None not in mins and mins == sorted(mins),
       "centres ordered by car minutes from 1011: %s" % mins)
api.expect("finder, unknown postcode", "GET", "/rare/find?q=marfan&postcode=1000", 400)
api.expect("finder, malformed postcode", "GET", "/rare/find?q=marfan&postcode=12", 400)
api.expect("finder, only generic words", "GET", "/rare/find?q=syndrome" + D, 200)
v = api.expect("finder, ICD-10 category", "GET", "/rare/find?q=E84" + D, 200)
api.ok(v and any(h["code"] == "ORPHA:586" for h in v["hits"]), "E84 finds cystic fibrosis (E84.0)")
v = api.expect("disease record with adjacent expertise", "GET", "/rare/diseases/558?date=2025-06-01", 200)
api.ok(v and not v["centres"] and v["adjacent_expertise"] and v["adjacent_expertise"][0]["path"][0]["orpha"] == 558,
       "ORPHA:558 without centres of its own: the finder's adjacent expertise")
v = api.expect("disease record", "GET", "/rare/diseases/ORPHA:586?date=2025-06-01", 200)
api.ok(v and v["name"] == "Cystic fibrosis" and v["centres"], "record of ORPHA:586 with centres")
api.expect("unknown disease", "GET", "/rare/diseases/999999999", 404)
api.expect("malformed code", "GET", "/rare/diseases/marfan", 400)
v = api.expect("register on a date", "GET", "/rare/centres?date=2025-06-01", 200)
api.ok(v and v["count"] > 10 and v["synthetic"] is True, "register: recognitions, labelled synthetic")
w = api.expect("register long ago", "GET", "/rare/centres?date=2000-01-01", 200)
api.ok(w is not None and w["count"] == 0, "nothing recognised in 2000")

# ---- registry ----
v = api.expect("national counts, public", "GET", "/registry/counts", 200)
api.ok(v and v["viewer"] == "public" and v["synthetic"] and len(v["rows"]) > 10, "public national counts, synthetic")
api.ok(v and all(r["patients"] is None or r["patients"] == 0 or r["patients"] >= 10 for r in v["rows"])
       and all(r["patients"] is not None or r["patients_display"] == "<10" for r in v["rows"]),
       "public counts 1-9 suppressed as <10")
pub = api.expect("counts by location, public", "GET", "/registry/counts?code=133&by=location", 200)
row = next((r for r in pub["rows"] if r.get("location_id") == "100101"), None) if pub else None
api.ok(row is not None and row["patients"] is None and row["patients_display"] == "<10",
       "public: location 100101's small count of ORPHA:133 suppressed")
own = api.expect("own counts with a location token", "GET", "/registry/counts", 200, token=loc_token)
mine = {r["orpha"]: r for r in own["rows"]} if own else {}
api.ok(own and own["viewer"] == "location" and own["location"] == "100101", "a location's own view by default")
api.ok(133 in mine and mine[133]["patients"] == 5 and mine[133]["patients_display"] == "5",
       "location token: own small count of ORPHA:133 unsuppressed (5)")
other = api.expect("another location with a location token", "GET",
                   "/registry/counts?location=101801", 200, token=loc_token)
api.ok(other and all(r["patients"] is None or r["patients"] == 0 or r["patients"] >= 10
                     for r in other["rows"]), "another location's counts stay suppressed")
v = api.expect("counts as analyst", "GET", "/registry/counts?code=133&by=location", 200, token=analyst)
api.ok(v and v["viewer"] == "analyst" and v["rows"] == pub["rows"], "analysts see what the public sees")
v = api.expect("counts as admin", "GET", "/registry/counts?code=133&by=location", 200, token=admin)
row = next((r for r in v["rows"] if r.get("location_id") == "100101"), None) if v else None
api.ok(row is not None and row["patients"] == 5, "admin sees every count")
api.expect("counts with a bad token", "GET", "/registry/counts", 401, token="zlt_000000000000_" + "B" * 43)
api.expect("counts, bad code", "GET", "/registry/counts?code=abc", 400)
api.expect("counts, bad breakdown", "GET", "/registry/counts?by=colour", 400)
v = api.expect("concentration", "GET", "/registry/concentration?date=2025-06-01", 200)
api.ok(v and len(v["diseases"]) > 10 and {d["verdict"] for d in v["diseases"]} <= {"no centre", "within the rule", "too fragmented"},
       "a verdict per disease")
v = api.expect("concentration of one code", "GET", "/registry/concentration?code=ORPHA:50&date=2025-06-01", 200)
api.ok(v and len(v["diseases"]) == 1 and v["diseases"][0]["orpha"] == 50, "one disease")
api.expect("concentration, bad date", "GET", "/registry/concentration?date=yesterday", 400)
api.expect("submissions without a token", "GET", "/registry/submissions", 401)
v = api.expect("submissions as a location: its own uploads only", "GET", "/registry/submissions", 200,
               token=loc_token)
api.ok(v == [], "a location that uploaded nothing has an empty history")
api.expect("submissions as admin", "GET", "/registry/submissions", 200, token=admin)

# ---- strictness ----
api.expect("unknown query parameter", "GET", "/areas?provinse=Utrecht", 400)
api.expect("unknown endpoint", "GET", "/nothing", 404)
api.expect("wrong method", "DELETE", "/areas", 405)
api.expect("body on GET", "GET", "/areas", 400, body={"x": 1})

# ---- authentication and roles ----
api.expect("whoami without a token", "GET", "/whoami", 401)
api.expect("garbage token", "GET", "/whoami", 401, token="not-a-token")
api.expect("well-formed unknown token", "GET", "/whoami", 401,
           token="zlt_000000000000_" + "A" * 43)
api.expect("right id, wrong secret", "GET", "/whoami", 401,
           token=admin[:-5] + ("AAAAA" if not admin.endswith("AAAAA") else "BBBBB"))
v = api.expect("whoami admin", "GET", "/whoami", 200, token=admin)
api.ok(v and v["role"] == "admin", "admin role")
v = api.expect("whoami location", "GET", "/whoami", 200, token=loc_token)
api.ok(v and v["role"] == "location" and v["location_id"] == "100101", "location role bound to 100101")
api.expect("public endpoint with a bad token", "GET", "/areas/1011", 401, token="zlt_bad")
api.expect("tokens without a token", "GET", "/tokens", 401)
api.expect("tokens as analyst", "GET", "/tokens", 403, token=analyst)
api.expect("tokens as location", "GET", "/tokens", 403, token=loc_token)
v = api.expect("tokens as admin", "GET", "/tokens", 200, token=admin)
api.ok(v and v["count"] >= 3 and all("secret" not in json.dumps(t) and "zlt_" not in json.dumps(t)
                                     for t in v["tokens"]), "no secret in the token list")

# ---- JSON bodies ----
api.expect("malformed JSON", "POST", "/tokens", 400, token=admin, raw_body=b'{"role": "analyst",')
api.expect("duplicate keys", "POST", "/tokens", 400, token=admin,
           raw_body=b'{"role": "analyst", "role": "admin"}')
api.expect("JSON that is not an object", "POST", "/tokens", 400, token=admin, raw_body=b'["analyst"]')
api.expect("empty body", "POST", "/tokens", 400, token=admin, raw_body=b"")
api.expect("wrong content type", "POST", "/tokens", 400, token=admin,
           raw_body=b'{"role": "analyst"}', ctype="text/plain")
api.expect("unknown member", "POST", "/tokens", 400, token=admin, body={"role": "analyst", "x": 1})
api.expect("bad role", "POST", "/tokens", 400, token=admin, body={"role": "root"})
api.expect("location token without location", "POST", "/tokens", 400, token=admin,
           body={"role": "location"})
api.expect("location token for an unknown location", "POST", "/tokens", 400, token=admin,
           body={"role": "location", "location_id": "nope"})
api.expect("oversized body", "POST", "/tokens", 413, token=admin,
           raw_body=b'{"label": "' + b"x" * 200000 + b'"}')
api.expect("create as analyst", "POST", "/tokens", 403, token=analyst, body={"role": "admin"})
made = api.expect("create an analyst token", "POST", "/tokens", 201, token=admin,
                  body={"role": "analyst", "label": "made over HTTP"})
if made:
    api.expect("new token works", "GET", "/whoami", 200, token=made["token"])
    api.expect("revoke it", "DELETE", "/tokens/" + made["id"], 200, token=admin)
    api.expect("revoked token refused", "GET", "/whoami", 401, token=made["token"])
api.expect("revoke an unknown token", "DELETE", "/tokens/ffffffffffff", 404, token=admin)

# ---- static files and headers ----
status, hdrs, body = api.raw("GET", "/")
api.ok(status == 200 and b"<html" in body.lower(), "the UI's index page")
api.ok("default-src 'self'" in hdrs.get("content-security-policy", ""), "CSP: no other origins")
status, hdrs, body = api.raw("GET", "/data/pc4.geojson")
api.ok(status == 200 and hdrs.get("content-type") == "application/geo+json", "map geometry")
status, _, _ = api.raw("GET", "/../../etc/passwd")
api.ok(status in (400, 404), "no path traversal")
status, _, _ = api.raw("GET", "/data/pc4.csv")
api.ok(status == 404, "only the map files of data/ are served")
status, hdrs, _ = api.raw("GET", "/api/v1/health", headers={"Origin": "http://evil.example"})
api.ok("access-control-allow-origin" not in hdrs, "CORS off by default")

print(f"{api.passed} passed, {api.failed} failed")
sys.exit(1 if api.failed else 0)
