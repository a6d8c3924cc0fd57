#!/usr/bin/env python3
"""Checks every constraint of `zl optimise --json` reports (stdin, or each FILE given;
one line per file), using only
the report itself: open locations meet the norm, stay within F x current volume, at most
K open, kept open and excluded closed, one per region with a provider, no patient beyond
T minutes, patients conserved, lower bound <= value, and the embedded impact analysis
describes the same outcome. Exit 1 with the reasons on failure."""
import json
import sys

def check(r):
    errors = []
    c = r["constraints"]
    locs = r["locations"]
    norm = c["norm"]
    opened = [x for x in locs if x["open"]]
    for x in opened:
        if x["volume_after"] < norm:
            errors.append(f"{x['id']}: volume {x['volume_after']} < norm {norm}")
        if c["capacity_factor"] is not None and \
                x["volume_after"] > int(c["capacity_factor"] * x["volume_before"] + 1e-9):
            errors.append(f"{x['id']}: volume {x['volume_after']} over capacity")
    for x in locs:
        if not x["open"] and x["volume_after"] != 0:
            errors.append(f"{x['id']}: closed but receives {x['volume_after']}")
        if x["kept"] and not x["open"]:
            errors.append(f"{x['id']}: kept but closed")
        if x["excluded"] and x["open"]:
            errors.append(f"{x['id']}: excluded but open")
    if c["max_locations"] is not None and len(opened) > c["max_locations"]:
        errors.append(f"{len(opened)} open > max_locations {c['max_locations']}")
    if c["min_per_region"] is not None:
        regions = {x["region"] for x in locs if x["region"] is not None}
        for reg in sorted(regions):
            if not any(x["open"] for x in locs if x["region"] == reg):
                errors.append(f"region {reg}: no open location")
    o = r["objectives"]
    if c["max_minutes"] is not None and o["max_minutes"] > c["max_minutes"] + 0.05:
        errors.append(f"max minutes {o['max_minutes']} > {c['max_minutes']}")
    before = sum(x["volume_before"] for x in locs)
    after = sum(x["volume_after"] for x in locs)
    if not (before == after == o["patients"]):
        errors.append(f"patients not conserved: {before} / {after} / {o['patients']}")
    if o["below_norm"] != 0 or r["open"] != len(opened):
        errors.append("objectives disagree with the locations")
    if r["lower_bound"] > r["value"] + 1e-6 or not (0 <= r["gap"] <= 1):
        errors.append(f"bound {r['lower_bound']} / value {r['value']} / gap {r['gap']}")
    primary = {"total": o["total_minutes"], "max": o["max_minutes"], "beyond45": o["beyond45"]}
    if abs(primary[r["objective"]] - r["value"]) > 0.1 + 1e-6 * abs(r["value"]):
        errors.append(f"value {r['value']} != objective {primary[r['objective']]}")
    imp = r["impact"]
    if imp["patients"]["total"] != o["patients"]:
        errors.append("impact: patient total differs")
    open_ids = {x["id"] for x in opened}
    imp_open = {x["id"] for x in imp["locations"] if x["status"] != "stops"}
    if imp_open != open_ids:
        errors.append(f"impact: open {sorted(imp_open)} != {sorted(open_ids)}")
    if r["plain"] is None or r["plain"]["impact"]["norm"] != norm:
        errors.append("plain norm scenario missing")
    return errors


def main():
    if len(sys.argv) == 1:
        errors = check(json.load(sys.stdin))
        print("\n".join(errors), file=sys.stderr)
        return 1 if errors else 0
    failed = 0
    for path in sys.argv[1:]:
        with open(path) as f:
            errors = check(json.load(f))
        failed += bool(errors)
        print(("not ok - " if errors else "ok - ") + path + ("" if not errors else ": " + "; ".join(errors)))
    return 1 if failed else 0


sys.exit(main())
