#!/usr/bin/env python3
"""Generates the SYNTHETIC inputs of the regional assessment in data/sample/ (docs/assess.md,
docs/sample-data.md) from the sample's locations and synthetic volumes, with a fixed seed:

  staff.csv            surgeons per location and intervention (volume / U(8, 25) per surgeon,
                       at least 1) and an illustrative per-surgeon norm per intervention
  providers.csv        per location: dependent services (UMCs: icu, seh_24h, nicu, trauma;
                       general hospitals: icu 90 %, seh_24h 80 %, acute_obstetrics 70 %,
                       pci 40 %) and the volume in each intervention group (the sample
                       interventions' latest volume x U(1.5, 3): the group holds more)
  tariffs.csv          an illustrative tariff per intervention
  networks.csv         region layers 'oncology_network' (each location in the network of its
                       nearest UMC) and 'vascular_network' (nearest of the ten locations with
                       the most AAA procedures in the latest year)

Every row has synthetic = 1: these numbers describe no real hospital or network.
Usage: scripts/gen-assess-sample.py [--seed N]   (default 20261203)"""
import csv, math, random, sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 20261203
rng = random.Random(seed)

locs = list(csv.DictReader(open(SAMPLE / "locations.csv", encoding="utf-8")))
ivs = list(csv.DictReader(open(SAMPLE / "interventions.csv", encoding="utf-8")))
vols = list(csv.DictReader(open(SAMPLE / "volumes.csv", encoding="utf-8")))
latest = max(int(v["year"]) for v in vols)
volume = {(v["location_id"], v["intervention"]): int(v["count"]) for v in vols
          if int(v["year"]) == latest}
group = {i["code"]: i["group"] for i in ivs}

SURGEON_NORM = {"PANC": 10, "OESO_STOM": 10, "LUNG": 20, "KIDNEY": 10, "HEADNECK": 10,
                "AAA": 10, "CEA": 10}
TARIFF = {"PANC": 26000, "OESO_STOM": 28000, "LUNG": 15000, "KIDNEY": 11000,
          "HEADNECK": 13000, "AAA": 18000, "CEA": 8000}

with open(SAMPLE / "staff.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["location_id", "intervention", "surgeons", "surgeon_norm", "synthetic"])
    for (loc, iv), n in sorted(volume.items()):
        if n <= 0:
            continue
        surgeons = max(1, round(n / rng.uniform(8, 25)))
        w.writerow([loc, iv, surgeons, SURGEON_NORM.get(iv, ""), 1])

with open(SAMPLE / "providers.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["location_id", "group", "group_volume", "services", "synthetic"])
    for l in locs:
        if l["kind"] not in ("umc", "general"):
            continue
        if l["kind"] == "umc":
            services = ["icu", "seh_24h", "nicu", "trauma"]
        else:
            services = [s for s, p in (("icu", 0.9), ("seh_24h", 0.8), ("acute_obstetrics", 0.7),
                                       ("pci", 0.4)) if rng.random() < p]
        per_group = defaultdict(int)
        for iv in ivs:
            per_group[iv["group"]] += volume.get((l["location_id"], iv["code"]), 0)
        for g in sorted(per_group):
            w.writerow([l["location_id"], g, round(per_group[g] * rng.uniform(1.5, 3)),
                        ";".join(services), 1])

with open(SAMPLE / "tariffs.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["intervention", "tariff", "source", "synthetic"])
    for iv in ivs:
        w.writerow([iv["code"], TARIFF[iv["code"]],
                    "Illustrative euros per procedure chosen for the demo, not a real tariff", 1])


def dist(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (float(a["lat"]), float(a["lon"]),
                                            float(b["lat"]), float(b["lon"])))
    return math.hypot((lo2 - lo1) * math.cos((la1 + la2) / 2), la2 - la1)


umcs = [l for l in locs if l["kind"] == "umc"]
aaa = sorted((l for l in locs), key=lambda l: (-volume.get((l["location_id"], "AAA"), 0),
                                               l["location_id"]))[:10]
with open(SAMPLE / "networks.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["layer", "code", "name", "pc4", "location_id", "synthetic"])
    for layer, hubs, prefix in (("oncology_network", umcs, "ONC"),
                                ("vascular_network", aaa, "VAS")):
        for l in locs:
            hub = min(hubs, key=lambda h: (dist(l, h), h["location_id"]))
            w.writerow([layer, f"{prefix}-{hub['location_id']}",
                        f"{'Oncology' if prefix == 'ONC' else 'Vascular'} network around "
                        f"{hub['name']} (synthetic)", "", l["location_id"], 1])
