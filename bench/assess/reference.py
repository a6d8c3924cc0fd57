#!/usr/bin/env python3
"""Independent recomputation of the regional assessment (docs/assess.md) straight from the
database with SQL and plain Python, for bench/assess/run.sh: every intervention under its
proposed norm, the nearest rule (like-for-like nearest baseline), the province layer and a
network layer, the default thresholds. Prints the same per-region lines as
assess_bench.c; it shares no code with the library (travel minutes are rounded to float32
as the case loader stores them).

Usage: reference.py DB NETWORK_LAYER"""
import sqlite3
import struct
import sys
from collections import defaultdict

db, network_layer = sys.argv[1], sys.argv[2]
con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
q = lambda sql, *a: con.execute(sql, a).fetchall()


def f32(x):
    return struct.unpack("f", struct.pack("f", x))[0]


travel = defaultdict(dict)
for pc4, loc, minutes in q("SELECT pc4, location_id, minutes FROM travel"):
    travel[pc4][loc] = f32(minutes)
areas = sorted(travel)
locs = sorted({l for row in travel.values() for l in row})
pop = dict(q("SELECT pc4, population FROM area"))
province_area = dict(q("SELECT pc4, code FROM region_area WHERE layer = 'province'"))
province_loc = dict(q("SELECT location_id, code FROM region_location WHERE layer = 'province'"))
network = dict(q("SELECT location_id, code FROM region_location WHERE layer = ?", network_layer))
regions = sorted(c for (c,) in q("SELECT code FROM region WHERE layer = 'province'"))


def nearest(pc4, open_set):
    """Nearest open location (ties: lowest id), or None."""
    best, best_l = float("inf"), None
    for l in locs:
        if l in open_set:
            m = travel[pc4].get(l, float("inf"))
            if m < best:
                best, best_l = m, l
    return best, best_l


def assess(code):
    norm, proposed, window = q("SELECT norm, proposed_norm, window_years FROM intervention"
                               " WHERE code = ?", code)[0]
    year = q("SELECT max(year) FROM flow WHERE intervention = ?", code)[0][0]
    if year is None or proposed is None:
        return []
    flows = q("SELECT pc4, location_id, patients FROM flow WHERE intervention = ? AND year = ?",
              code, year)
    # windowed mean: per year the volume record, else the year's flows; over years with one
    rec = {(l, y): n for l, y, n in q("SELECT location_id, year, count FROM volume WHERE"
                                      " intervention = ? AND year BETWEEN ? AND ?",
                                      code, year - window + 1, year)}
    for l, y, n in q("SELECT location_id, year, sum(patients) FROM flow WHERE intervention = ?"
                     " AND year BETWEEN ? AND ? GROUP BY location_id, year",
                     code, year - window + 1, year):
        rec.setdefault((l, y), n)
    per_loc = defaultdict(list)
    for (l, _), n in rec.items():
        per_loc[l].append(n)
    mean = {l: sum(v) / len(v) for l, v in per_loc.items()}
    observed = defaultdict(int)
    area_patients = defaultdict(int)
    for pc4, l, n in flows:
        observed[l] += n
        area_patients[pc4] += n
    before = {l for l in locs if mean.get(l, 0) > 0 or observed.get(l, 0) > 0}
    after = {l for l in before if mean.get(l, 0) >= proposed}
    stopping = before - after
    surgeons = dict(q("SELECT location_id, surgeons FROM staff WHERE intervention = ?", code))
    capacity = dict(q("SELECT location_id, capacity FROM capacity WHERE intervention = ?", code))
    near_b = {a: nearest(a, before) for a in areas}
    near_a = {a: nearest(a, after) for a in areas}
    # volume after under the nearest rule: flows of remaining locations stay, others go
    # to the area's nearest remaining location
    vol_after = defaultdict(float)
    for pc4, l, n in flows:
        vol_after[l if l in after else near_a[pc4][1]] += n
    net_after = defaultdict(int)
    for l in after:
        if l in network:
            net_after[network[l]] += 1
    lines = []
    for r in regions + ["NL"]:
        in_r = (lambda a: True) if r == "NL" else (lambda a: province_area.get(a) == r)
        loc_in = (lambda l: True) if r == "NL" else (lambda l: province_loc.get(l) == r)
        total = displaced = extra = crossing = 0.0
        for a in areas:
            n = area_patients.get(a, 0)
            if not in_r(a) or n <= 0 or near_b[a][1] is None or near_a[a][1] is None:
                continue
            (tb, lb), (ta, la) = near_b[a], near_a[a]
            total += n
            if lb != la:
                displaced += n
                extra += n * (ta - tb)
                nb, na = network.get(lb), network.get(la)
                if nb != na or nb is None:
                    crossing += n
        new45 = sum(pop.get(a, 0) for a in areas
                    if in_r(a) and near_b[a][0] <= 45 and near_a[a][0] > 45)
        beyond45 = sum(pop.get(a, 0) for a in areas if in_r(a) and near_a[a][0] > 45)
        lost = sum(observed.get(l, 0) for l in stopping if loc_in(l))
        s_stop = sum(surgeons.get(l, 0) for l in stopping if loc_in(l))
        nets = {network[l] for l in before if loc_in(l) and l in network}
        without = sum(1 for n in nets if net_after[n] == 0)
        over = sum(1 for l in after if loc_in(l) and vol_after[l] > capacity.get(l, float("inf")) + 1e-9)
        mean_extra = extra / displaced if displaced else 0.0
        breaches = [k for k, bad in (("new_inhabitants_beyond_45", new45 > 0),
                                     ("mean_extra_minutes", mean_extra > 15 + 1e-9),
                                     ("over_capacity", over > 0),
                                     ("networks_without_location", without > 0)) if bad]
        lines.append(f"{code}|{r}|{total:.0f}|{displaced:.0f}|{mean_extra:.1f}|{new45}|"
                     f"{beyond45:.0f}|{lost:.0f}|{s_stop}|{crossing:.0f}|{without}|"
                     f"{'+'.join(breaches) or '-'}")
    return lines


for (code,) in q("SELECT code FROM intervention ORDER BY code"):
    lines = assess(code)
    if lines:
        print("\n".join(lines))
