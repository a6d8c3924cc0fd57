#!/usr/bin/env python3
"""The three differencing attacks of issue 12, replayed over real HTTP (against `zl serve`
on a demo database, started by tests/e2e/test_privacy_attacks.sh) and through the CLI.

(a) Sweeping the reference year of the age table of ORPHA:202 and differencing the 65+
    band recovers patients per year of birth.
(b) The displaced patients of the LUNG impact report with and without keep=106802 differ
    by that location's suppressed volume (3); one report alone gives it as displaced minus
    the shown volumes of the stopping locations.
(c) patients_seen of the concentration report of ORPHA:33 on 2024-01-27 and 2024-01-28
    differ by one patient's contact.

Each attack is first run on the exact view (admin token / --viewer admin / no --public) to
show it does recover counts of 1-9 there (so the check below can fail), then on the public
view, where no difference or remainder may be a count of 1-9 and every published count is
a multiple of 10 or null. docs/privacy.md describes the method.

usage: privacy_attacks.py PORT OPENAPI ADMIN_TOKEN ZL DB"""
import itertools
import json
import subprocess
import sys
import urllib.parse

from apicheck import Api

port, openapi, admin, zl, db = sys.argv[1:6]
api = Api("127.0.0.1", int(port), openapi)
checks = {"passed": 0, "failed": 0}


def ok(cond, what):
    checks["passed" if cond else "failed"] += 1
    print(("ok - " if cond else "not ok - ") + what)


def small(v):
    return v is not None and 1 <= v <= 9


def http(path, params, exact):
    """GET /api/v1<path>?params as the public or as admin: (status, json)."""
    q = urllib.parse.urlencode(params)
    return api.call("GET", f"{path}?{q}", token=admin if exact else None)


def cli(args):
    """zl --db DB ARGS --json: (exit status, json or None)."""
    p = subprocess.run([zl, "--db", db] + args + ["--json"], capture_output=True, text=True)
    return p.returncode, (json.loads(p.stdout) if p.returncode == 0 else None)


# ---------------------------------------------------------------- (a) registry counts

def age_table(front, year, exact):
    if front == "http":
        st, v = http("/registry/counts", {"by": "age", "code": "ORPHA:202", "year": year}, exact)
        return v if st == 200 else None
    args = ["registry", "counts", "--by", "age", "--code", "202", "--year", str(year)]
    rc, v = cli(args + (["--viewer", "admin"] if exact else []))
    return v


def year_sweep(front, years, exact):
    """Birth-year counts the attacker recovers: 65+ band of year Y+1 minus that of Y."""
    tables = {y: age_table(front, y, exact) for y in years}
    got = {}
    for y in years:
        a, b = tables.get(y), tables.get(y + 1)
        if not a or not b:
            continue
        old = {r["key"]: r["patients"] for r in a["rows"]}
        new = {r["key"]: r["patients"] for r in b["rows"]}
        if old["65+"] is not None and new["65+"] is not None:
            got[y + 1 - 65] = new["65+"] - old["65+"]
    return tables, got


def every_count(doc, keys=("patients", "national", "total", "patients_seen")):
    """Every published count in a JSON document (any depth)."""
    if isinstance(doc, dict):
        for k, v in doc.items():
            if k in keys and (v is None or isinstance(v, int)):
                yield k, v
            else:
                yield from every_count(v, keys)
    elif isinstance(doc, list):
        for v in doc:
            yield from every_count(v, keys)


def all_rounded(doc, keys=("patients", "national", "total", "patients_seen")):
    return all(v is None or v % 10 == 0 for _, v in every_count(doc, keys))


for front in ("http", "cli"):
    years = range(1990, 2031) if front == "http" else range(2015, 2028)
    _, exact = year_sweep(front, years, True)
    ok(any(small(v) for v in exact.values()),
       f"(a) {front}: the year sweep recovers birth-year counts of 1-9 from exact answers "
       f"({sum(small(v) for v in exact.values())} of {len(exact)})")
    tables, public = year_sweep(front, years, False)
    answered = [y for y, t in tables.items() if t]
    ok(len(answered) == 1, f"(a) {front}: the public age table exists for one reference year "
       f"only ({answered})")
    ok(not any(small(v) for v in public.values()),
       f"(a) {front}: no birth-year count of 1-9 recovered from public answers ({public})")
    ok(all(all_rounded(t) for t in tables.values() if t),
       f"(a) {front}: public age table counts are multiples of 10 or <10")

# Every `by` variant of ORPHA:202, with and without roll-up: public counts are multiples
# of 10, so differences between tables (a national count against the total of a
# breakdown, one table's total against its shown cells) are too.
variants = [{"by": "code"}, {"by": "location"}, {"by": "age"},
            {"by": "region", "layer": "province"}]
published = []
for v, rollup in itertools.product(variants, ("false", "true")):
    if v["by"] == "location" and rollup == "true":
        continue
    st, t = http("/registry/counts", dict(v, code="ORPHA:202", rollup=rollup), False)
    ok(st == 200 and all_rounded(t), f"(a) http: by {v['by']} rollup={rollup}: counts are "
       "multiples of 10 or <10")
    if st == 200:
        published += [n for _, n in every_count(t) if n is not None]
        shown = [r["patients"] for r in t["rows"]]
        if t.get("total") is not None and None in shown:
            rest = t["total"] - sum(n for n in shown if n is not None)
            ok(not small(rest), f"(a) http: by {v['by']}: total minus shown cells ({rest}) "
               "is no count of 1-9")
ok(not any(small(abs(a - b)) for a, b in itertools.combinations(published, 2)),
   "(a) http: no difference of two published registry counts is 1-9")
rc, t = cli(["registry", "counts", "--rollup"])
ok(rc == 0 and all_rounded(t), "(a) cli: public roll-up list is multiples of 10 or <10")

# ---------------------------------------------------------------- (b) impact reports

def impact(front, extra, exact):
    if front == "http":
        st, v = http("/impact", dict({"intervention": "LUNG"}, **extra), exact)
        return v
    args = ["impact", "--intervention", "LUNG"]
    for k, val in extra.items():
        args += ["--" + k, val]
    rc, v = cli(args + ([] if exact else ["--public"]))
    return v


def displaced(r):
    return r["patients"]["displaced"]


for front in ("http", "cli"):
    base = impact(front, {}, True)
    kept = impact(front, {"keep": "106802"}, True)
    ok(displaced(base) - displaced(kept) == 3,
       f"(b) {front}: exact answers give 106802's volume of 3 by differencing keep")
    base = impact(front, {}, False)
    reports = [base]
    stops = [l["id"] for l in base["locations"] if l["status"] == "stops"]
    for loc in stops:
        reports.append(impact(front, {"keep": loc}, False))
    small_locs = [l["id"] for l in base["locations"]
                  if l["status"] != "stops" and l["volume_before"] is None][:3]
    for loc in small_locs:
        reports.append(impact(front, {"stop": loc}, False))
    diffs = [displaced(base) - displaced(r) for r in reports[1:]]
    ok(all(d is not None and not small(abs(d)) for d in diffs),
       f"(b) {front}: keep/stop scenarios change displaced by {diffs}: no count of 1-9")
    ok(all(d % 10 == 0 for d in diffs if d is not None),
       f"(b) {front}: differences are multiples of 10")
    for r in reports:
        shown = [l["volume_before"] for l in r["locations"] if l["status"] == "stops"]
        if displaced(r) is not None:
            rest = displaced(r) - sum(v for v in shown if v is not None)
            ok(not small(rest), f"(b) {front}: one report: displaced minus the shown stopping "
               f"volumes is {rest}, no count of 1-9")
        # (population counts are published CBS figures and stay exact)
        ok(all_rounded(r["patients"], ("total", "displaced", "displaced_shorter", "n",
                                       "before", "after")) and
           all_rounded(r["locations"], ("volume_before", "volume_after")),
           f"(b) {front}: every public patient count is a multiple of 10 or null")

st, m = http("/impact", {"intervention": "LUNG", "map": "true", "keep": "106802"}, False)
bins = [b["patients"] for b in m["histogram"]["bins"]] if st == 200 else [1]
ok(all(n is None or n % 10 == 0 for n in bins), f"(b) http: public histogram bins {bins}")
st, n = http("/norms", {"intervention": "LUNG"}, False)
means = [(l["volume_mean"], l["years_with_record"]) for l in n["locations"]] if st == 200 else []
ok(means and all(v is None or round(v * y) % 10 == 0 for v, y in means),
   "(b) http: public norm check: every windowed volume is a multiple of 10 over its years")
ok(dict((l["id"], l["volume_mean"]) for l in n["locations"]).get("106802", 0) is None,
   "(b) http: public norm check hides 106802's volume of 3")
rc, n = cli(["norms", "--intervention", "LUNG", "--public"])
ok(rc == 0 and all(l["volume_mean"] is None or round(l["volume_mean"] * l["years_with_record"])
                   % 10 == 0 for l in n[0]["locations"]), "(b) cli: zl norms --public likewise")

# ---------------------------------------------------------------- (c) concentration

def seen(front, date, exact):
    if front == "http":
        st, v = http("/registry/concentration", {"code": "ORPHA:33", "date": date}, exact)
    else:
        rc, v = cli(["rare", "concentration", "ORPHA:33", "--date", date] +
                    (["--viewer", "admin"] if exact else []))
    return v["date"], v["diseases"][0]["centre_contact"]["patients_seen"]


for front in ("http", "cli"):
    d1, a = seen(front, "2024-01-27", True)
    d2, b = seen(front, "2024-01-28", True)
    ok(small(b - a), f"(c) {front}: exact answers rise by {b - a} from 2024-01-27 to -28")
    days = [f"2024-01-{d:02d}" for d in range(1, 32)] + [f"{y}-06-30" for y in range(2019, 2027)]
    answers = [seen(front, d, False) for d in days]
    ok(all(d.endswith("-01-01") for d, _ in answers),
       f"(c) {front}: public reports use the fixed reference date 1 January")
    vals = [n for _, n in answers]
    ok(not any(small(abs(x - y)) for x, y in itertools.combinations(
        [v for v in vals if v is not None], 2)),
       f"(c) {front}: no difference of public patients_seen is 1-9 ({sorted(set(vals), key=str)})")
    ok(all(v is None or v % 10 == 0 for v in vals),
       f"(c) {front}: public patients_seen are multiples of 10 or <10")

print(f"{checks['passed']} passed, {checks['failed']} failed (schema checks: "
      f"{api.passed} passed, {api.failed} failed)")
sys.exit(1 if checks["failed"] or api.failed else 0)
