#!/usr/bin/env python3
"""Checks `zl impact --json` reports (docs/impact.md) in one Python start-up.

Usage: impact_invariants.py CHECKS.tsv
Each line of CHECKS.tsv is tab-separated, one of:
  inv          DESCRIPTION  FILE   the invariants of the report in FILE
  inv-shorter  DESCRIPTION  FILE   the same, and no displaced patient travels less than
                                   before (holds when every displaced flow was at its
                                   nearest location, as in the fixture)
  eq           DESCRIPTION  FILE  EXPR  EXPECTED   str(EXPR) on the report `r` == EXPECTED
Prints a TAP-like line per check ("ok - ..." / "not ok - ..."); exits 1 when any check
failed, so a caller that ignores the lines still sees the failure."""
import json
import sys

TOP = ["small_counts_suppressed", "intervention", "year", "norm", "norm_basis", "window_years", "method", "rule",
       "region_layer", "travel_method", "definitions", "synthetic", "summary", "locations", "patients",
       "population_total", "population_beyond", "sensitivity"]
LOC = ["id", "name", "volume_before", "volume_after", "meets_norm_before", "meets_norm_after",
       "status", "kept", "norm_volume_before", "norm_volume_after"]
STAT = ["n", "mean", "p50", "p90", "min", "max"]


def check(r, no_shorter):
    bad = []
    for k in TOP:
        if k not in r:
            bad.append(f"missing key {k}")
    p = r["patients"]
    for k in ["total", "displaced", "displaced_shorter", "minutes_before", "minutes_after",
              "extra_minutes", "beyond"]:
        if k not in p:
            bad.append(f"missing key patients.{k}")
    for k in ["minutes_before", "minutes_after", "extra_minutes"]:
        for s in STAT:
            if s not in p[k]:
                bad.append(f"missing key patients.{k}.{s}")
    locs = r["locations"]
    for loc in locs:
        for k in LOC:
            if k not in loc:
                bad.append(f"missing key locations[].{k}")
    # Patients are conserved.
    before = sum(x["volume_before"] for x in locs)
    after = sum(x["volume_after"] for x in locs)
    if not before == after == p["total"]:
        bad.append(f"patients not conserved: {before} before, {after} after, {p['total']} total")
    if p["minutes_before"]["n"] != p["total"] or p["minutes_after"]["n"] != p["total"]:
        bad.append("minutes_before/after do not cover every patient")
    if p["extra_minutes"]["n"] != p["displaced"]:
        bad.append("extra_minutes does not cover the displaced patients")
    # Stopped locations treat nobody; remaining ones meet the norm unless kept.
    for x in locs:
        if x["status"] == "stops" and (x["volume_after"] != 0 or x["meets_norm_after"]):
            bad.append(f"{x['id']} stops but has patients or meets the norm after")
        if x["status"] in ("keeps", "receives") and not (x["meets_norm_after"] or x["kept"]):
            bad.append(f"{x['id']} remains below the norm without being kept")
        if x["status"] == "receives" and x["volume_after"] <= x["volume_before"]:
            bad.append(f"{x['id']} receives but did not gain patients")
    displaced = sum(x["volume_before"] for x in locs if x["status"] == "stops")
    if r["method"] == "norm" and displaced != p["displaced"]:
        bad.append(f"displaced {p['displaced']} != patients of stopping locations {displaced}")
    if no_shorter and (p["displaced_shorter"] != 0 or
                       (p["extra_minutes"]["n"] and p["extra_minutes"]["min"] < 0)):
        bad.append("a displaced patient travels less than before")
    # Thresholds: fewer people beyond a longer time; closing never brings anyone nearer.
    for name, rows in (("patients.beyond", p["beyond"]),
                       ("population_beyond", r["population_beyond"])):
        mins = [b["minutes"] for b in rows]
        if mins != [30, 45, 60]:
            bad.append(f"{name}: thresholds {mins}")
        for side in ("before", "after"):
            vals = [b[side] for b in rows]
            if vals != sorted(vals, reverse=True):
                bad.append(f"{name}.{side} not monotone: {vals}")
    for b in r["population_beyond"]:
        if b["after"] < b["before"]:
            bad.append(f"population beyond {b['minutes']} fell from {b['before']} to {b['after']}")
        if b["before"] > r["population_total"]:
            bad.append("population beyond exceeds the population")
    base45 = r["population_beyond"][1]["after"]
    remaining = {x["id"] for x in locs if x["status"] != "stops"}
    if {s["id"] for s in r["sensitivity"]} != remaining:
        bad.append("sensitivity does not list exactly the remaining locations")
    for s in r["sensitivity"]:
        if s["minutes"] != 45 or s["population_beyond"] != base45 + s["increase"]:
            bad.append(f"sensitivity of {s['id']} inconsistent")
        if s["increase"] < 0:
            bad.append(f"sensitivity of {s['id']} negative")
    return bad


def run(kind, desc, path, rest):
    with open(path) as f:
        r = json.load(f)
    if kind in ("inv", "inv-shorter"):
        return check(r, kind == "inv-shorter")
    expr, expected = rest
    got = str(eval(expr, {"r": r}))
    return [] if got == expected else [f"{expr} = {got!r}, expected {expected!r}"]


def main():
    failed = 0
    for line in open(sys.argv[1]):
        kind, desc, path, *rest = line.rstrip("\n").split("\t")
        try:
            bad = run(kind, desc, path, rest)
        except Exception as e:  # a missing key or bad file is a failed check
            bad = [f"{type(e).__name__}: {e}"]
        failed += bool(bad)
        print(("not ok - " if bad else "ok - ") + desc + "".join("; " + b for b in bad))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
