#!/usr/bin/env python3
"""The rare-disease networks API over real HTTP (issue 16), started by
tests/e2e/test_http_rare_networks.sh on the HTTP fixture database with the network
fixture (tests/fixtures/rare: networks_ok, shared_care_ok, recognitions_ok, pathways_ok).
Every answer is checked against docs/openapi.json.
usage: rare_networks_test.py PORT OPENAPI"""
import sys

from apicheck import Api

port, openapi = sys.argv[1:3]
api = Api("127.0.0.1", int(port), openapi)

v = api.expect("networks", "GET", "/rare/networks?date=2024-06-01", 200)
n = v and v["networks"][0]
api.ok(v and v["count"] == 1 and n["id"] == "NET-CF" and v["synthetic"], "one synthetic network")
api.ok(n and [c["role"] for c in n["centres"]] == ["coordinating", "member", "member"],
       "coordinating centre first, two members")
api.ok(n and len(n["partners"]) == 3 and all(p["lat"] and p["lon"] for p in n["partners"]),
       "three partners with coordinates for the map")
api.ok(n and n["pathway"]["score"] == 25 and n["pathway"]["checklists"] == 1, "completeness 25%")
v = api.expect("one network", "GET", "/rare/networks/NET-CF?date=2026-07-01", 200)
api.ok(v and len(v["networks"][0]["partners"]) == 2, "an ended agreement is not shown")
api.expect("unknown network", "GET", "/rare/networks/NET-X", 404)
api.expect("bad date", "GET", "/rare/networks?date=2024-13-01", 400)

v = api.expect("due", "GET", "/rare/recognitions?due=12&date=2026-12-31", 200)
due = {d["centre_id"]: d for d in v["due"]} if v else {}
api.ok(due.get("N-LEI", {}).get("days_left") == 365 and "N-UTR" not in due
       and v["count"] == len(v["due"]), "N-LEI due in 365 days; N-UTR is renewed")
v = api.expect("due a day earlier", "GET", "/rare/recognitions?due=12&date=2026-12-30", 200)
api.ok(v and all(d["centre_id"] != "N-LEI" for d in v["due"]), "N-LEI not due a day earlier")
api.expect("due out of range", "GET", "/rare/recognitions?due=0", 400)

v = api.expect("history", "GET", "/rare/centres/N-UTR/history?date=2026-10-01", 200)
api.ok(v and [r["state"] for r in v["records"]] == ["expired", "recognised", "awaiting its term"],
       "states of N-UTR's records on 2026-10-01")
api.expect("history of an unknown centre", "GET", "/rare/centres/N-X/history", 404)

v = api.expect("pathway by code", "GET", "/rare/pathways/ORPHA:586", 200)
p = v and v["pathways"][0]
api.ok(p and p["code"] == "ORPHA:101944" and p["score"] == 25 and len(p["gaps"]) == 8,
       "the group's checklist: score and gaps")
api.expect("no pathway", "GET", "/rare/pathways/ORPHA:558", 404)

v = api.expect("finder with a postcode", "GET",
               "/rare/find?q=cystic%20fibrosis&limit=1&date=2024-06-01&postcode=3511", 200)
h = v and v["hits"][0]
api.ok(h and h["networks"][0]["id"] == "NET-CF", "the hit's network")
api.ok(h and h["nearest_partner"]["location_id"] == "105801"
       and h["nearest_partner"]["minutes"] == 17, "nearest partner by travel time")
api.ok(h and "minutes" in h["nearest_centre"], "nearest centre with minutes")

print(f"{api.passed} passed, {api.failed} failed")
sys.exit(1 if api.failed else 0)
