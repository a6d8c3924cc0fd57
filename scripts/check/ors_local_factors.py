#!/usr/bin/env python3
"""Could local road factors explain why Steenwijk and Baarle-Nassau come out within 45
minutes where RIVM counts them beyond? (docs/acute.md, "How the numbers were obtained").

Fits, for every PC4 point, one factor on its car minutes to all 89 hospitals that makes
the model's bands (<= 25, 25-30, > 30 minutes) agree best with OpenRouteService's reach
(data/nl/acute_2019/ors_reach.csv, after the one global factor of docs/travel.md), the
factor nearest 1 among equals. Agreement is reported in sample and held out (factors
fitted on the even hospital ids, scored on the odd ones). The factors then scale both
ambulance legs of the RIVM chain (3 min dispatch + response + 10 min on scene +
transport), the speed level is re-fitted to RIVM's ~33,000 beyond 45 minutes of a 24/7
SEH, and the municipalities beyond are listed. Independent of the C library except for
the minutes, which come from `zl route table` (the same profiles as `zl acute reach`).

usage: scripts/check/ors_local_factors.py [ZL_BINARY]   (about a minute)"""
import collections, csv, os, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NL = os.path.join(ROOT, "data", "nl")
ZL = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "zl")
GRID = [x / 100 for x in range(70, 201)]


def table(src, dst, profile):
    out = subprocess.run([ZL, "route", "table", "--from", src, "--to", dst, "--profile", profile,
                          "--csv"], check=True, capture_output=True, text=True).stdout
    d = collections.defaultdict(dict)
    for r in csv.DictReader(out.splitlines()):
        if r["minutes"]:
            d[r["from_id"]][r["to_id"]] = float(r["minutes"])
    return d


def points(tmp):
    pc4 = {r["pc4"]: r for r in csv.DictReader(open(os.path.join(NL, "pc4.csv")))}
    with open(os.path.join(tmp, "pc4.csv"), "w") as f:
        f.write("id,lat,lon\n" + "".join(f"{k},{r['lat']},{r['lon']}\n" for k, r in pc4.items()))
    with open(os.path.join(tmp, "posts.csv"), "w") as f:
        f.write("id,lat,lon\n")
        for k, r in enumerate(csv.DictReader(open(os.path.join(NL, "acute_2019", "ambulance_posts.csv")))):
            if r["availability"].startswith("24 uur"):
                f.write(f"p{k},{r['lat']},{r['lon']}\n")
    return pc4


def band(t):
    return 0 if t <= 25 else 1 if t <= 30 else 2


def score(car, ors, pcs, hosp, F, fac):
    alike = n = 0
    for i in pcs:
        r = fac.get(i, 1.0)
        for h in hosp:
            if h in car[i]:
                rb, mb = ors[i].get(h, 2), band(car[i][h] * F * r)
                if rb < 2 or mb < 2:
                    n, alike = n + 1, alike + (rb == mb)
    return alike / n


def fit_local(car, ors, pcs, hosp, F):
    fac = {}
    for i in pcs:
        best = None
        for r in GRID:
            a = sum((ors[i].get(h, 2) == band(t * F * r)) - 1 for h, t in car[i].items()
                    if h in hosp and (ors[i].get(h, 2) < 2 or band(t * F * r) < 2))
            key = (a, -abs(r - 1))
            if best is None or key > best[0]:
                best = (key, r)
        fac[i] = best[1]
    return fac


def beyond(pc4, amb, resp, seh, s, fac):
    tot, mun = 0, collections.Counter()
    for i, row in pc4.items():
        tr = min((amb[i][h] for h in seh if h in amb[i]), default=float("inf"))
        r = fac.get(i, 1.0)
        if 3 + s * r * resp.get(i, float("inf")) + 10 + s * r * tr > 45:
            pop = int(row["population"] or 0)
            tot += pop
            mun[row["municipality"]] += pop
    return tot, mun


def main():
    tmp = tempfile.mkdtemp(prefix="zl-ors-")
    pc4 = points(tmp)
    hospitals = os.path.join(NL, "acute_2019", "hospitals.csv")
    H = {r["id"]: r for r in csv.DictReader(open(hospitals))}
    seh = [h for h in H if H[h]["seh_24h"] == "1"]
    car = table(os.path.join(tmp, "pc4.csv"), hospitals, "car")
    amb = table(os.path.join(tmp, "pc4.csv"), hospitals, "ambulance")
    resp = {}
    for row in table(os.path.join(tmp, "posts.csv"), os.path.join(tmp, "pc4.csv"), "ambulance").values():
        for a, m in row.items():
            resp[a] = min(m, resp.get(a, m))
    ors = collections.defaultdict(dict)
    for r in csv.DictReader(open(os.path.join(NL, "acute_2019", "ors_reach.csv"))):
        ors[r["pc4"]][r["hospital_id"]] = 0 if r["band"] == "0-25" else 1
    pcs, allh = list(pc4), set(H)
    even, odd = {h for h in H if int(h) % 2 == 0}, {h for h in H if int(h) % 2}
    F = max(GRID[20:45], key=lambda f: score(car, ors, pcs, allh, f, {}))
    print(f"global factor {F:.2f}: alike {100 * score(car, ors, pcs, allh, F, {}):.1f} %")
    fac = fit_local(car, ors, pcs, allh, F)
    print(f"local factors, in sample: alike {100 * score(car, ors, pcs, allh, F, fac):.1f} %")
    held = fit_local(car, ors, pcs, even, F)
    print(f"held out (fitted on even ids, scored on odd): {100 * score(car, ors, pcs, odd, F, held):.1f} %"
          f" vs global {100 * score(car, ors, pcs, odd, F, {}):.1f} %")
    for name, f in (("global", {}), ("local", fac)):
        lo, hi = 0.5, 2.0
        for _ in range(40):
            s = (lo + hi) / 2
            lo, hi = (lo, s) if beyond(pc4, amb, resp, seh, s, f)[0] > 33000 else (s, hi)
        tot, mun = beyond(pc4, amb, resp, seh, s, f)
        print(f"{name}: time scale {s:.3f} for RIVM's 33,000: {tot} beyond; "
              + ", ".join(f"{m} {n}" for m, n in mun.most_common() if n))
        for m in ("Steenwijkerland", "Baarle-Nassau"):
            print(f"  {m}: {mun.get(m, 0)} beyond")
    for i in ("8331", "8373", "5111"):
        near = sorted((ors[i].get(h, 2), car[i][h] * F, H[h]["place"]) for h in seh if h in car[i])[:2]
        print(f"PC4 {i}: local factor {fac[i]:.2f}; ORS band / model car minutes of the two nearest"
              f" 24/7 SEHs: " + "; ".join(f"{('<=25', '25-30', '>30')[b]} / {t:.1f} {p}" for b, t, p in near))


if __name__ == "__main__":
    main()
