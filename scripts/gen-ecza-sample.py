#!/usr/bin/env python3
"""Generates data/sample/ecza.csv: a SYNTHETIC expertise-centre (ECZA) register.

Real ingredients: the UMC and children's-hospital locations of
data/nl/hospital_locations_2016.csv, real ORPHAcodes (checked against the bundled ORDO
2.6) of disorders and groups, and the ERN that covers each disease group. Synthetic:
which location is recognised for what, the periods and the statuses. Fixed seed, so the
output is the same on every run. Every row carries synthetic=true.

usage: scripts/gen-ecza-sample.py [REPO_DIR]
"""
import csv
import datetime
import gzip
import json
import random
import sys
from pathlib import Path

SEED = 20261123
# Statuses are as they stood on this date (fixed so that the output does not depend on
# the day the script runs).
REFERENCE_DATE = datetime.date(2026, 1, 1)
REPO = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent)

# (cluster, ERN, paediatric?, ORPHAcodes covered, patient organisation or "")
CLUSTERS = [
    ("cystic fibrosis", "ERN-LUNG", False, [586], "Nederlandse Cystic Fibrosis Stichting"),
    ("primary ciliary dyskinesia", "ERN-LUNG", True, [244], ""),
    ("neuromuscular disorders", "ERN EURO-NMD", False, [262, 98896], "Spierziekten Nederland"),
    ("Marfan and related disorders", "VASCERN", False, [284993], ""),
    ("inborn errors of metabolism", "MetabERN", True, [68367], ""),
    ("lysosomal storage disorders", "MetabERN", False, [68366, 324], ""),
    ("phenylketonuria", "MetabERN", True, [716], ""),
    ("haemophilia", "ERN EuroBloodNet", False, [448], ""),
    ("sickle cell disease", "ERN EuroBloodNet", True, [232], ""),
    ("skeletal dysplasias", "ERN BOND", False, [93419], ""),
    ("osteogenesis imperfecta", "ERN BOND", True, [666], ""),
    ("inherited retinal disorders", "ERN-EYE", False, [791], ""),
    ("retinoblastoma", "ERN PaedCan", True, [790], ""),
    ("tuberous sclerosis complex", "ERN EpiCARE", True, [805], ""),
    ("Dravet syndrome", "ERN EpiCARE", True, [33069], ""),
    ("neurofibromatosis type 1", "ERN GENTURIS", False, [636], ""),
    ("Lynch syndrome", "ERN GENTURIS", False, [144], ""),
    ("Huntington disease", "ERN-RND", False, [399], ""),
    ("Alport syndrome", "ERKNet", False, [63], ""),
    ("biliary atresia", "ERN RARE-LIVER", True, [30391], ""),
    ("Hirschsprung disease", "ERNICA", True, [388], ""),
    ("inherited cardiac arrhythmias", "ERN GUARD-HEART", False, [101934, 130, 768], ""),
    ("systemic sclerosis", "ERN ReCONNET", False, [90291], ""),
    ("primary immunodeficiencies", "ERN RITA", True, [101997], ""),
    ("congenital adrenal hyperplasia", "Endo-ERN", True, [418], ""),
    ("epidermolysis bullosa", "ERN-Skin", False, [79361], ""),
]


def ordo_labels():
    path = REPO / "data/orphanet/ordo-2.6-2018-07-12.json.gz"
    graph = json.load(gzip.open(path))["graphs"][0]
    pre = "http://www.orpha.net/ORDO/Orphanet_"
    return {n["id"][len(pre):]: n.get("lbl") for n in graph["nodes"] if n["id"].startswith(pre)}


def locations():
    with open(REPO / "data/nl/hospital_locations_2016.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    umc = [r for r in rows if r["kind"] == "umc"]
    orgs = {r["organisation_id"] for r in umc}
    kids = [r for r in rows if r["kind"] == "children" and r["organisation_id"] in orgs]
    return umc, kids


def main():
    rng = random.Random(SEED)
    labels = ordo_labels()
    umc, kids = locations()
    out = []
    for ci, (cluster, ern, paed, codes, org) in enumerate(CLUSTERS):
        for c in codes:
            assert labels.get(str(c)) and not labels[str(c)].startswith("OBSOLETE"), c
        pool = kids if paed else umc
        for loc in sorted(rng.sample(pool, rng.randint(1, min(3, len(pool)))),
                          key=lambda r: r["location_id"]):
            centre = f"ECZA-{loc['location_id']}-{ci + 1:02d}"
            start_year = rng.choice([2019, 2020, 2021, 2022, 2023, 2024])
            status = rng.choices(["recognised", "objection pending", "withdrawn"],
                                 [0.86, 0.08, 0.06])[0]
            periods = []
            if rng.random() < 0.35:  # an earlier, expired period just before this one
                periods.append((datetime.date(start_year - 5, 1, 1),
                                datetime.date(start_year - 1, 12, 31), "expired"))
            end = datetime.date(start_year + 4, 12, 31)
            if status == "withdrawn":
                end = datetime.date(start_year + 2, 6, 30)
            if status == "recognised" and end < REFERENCE_DATE:
                status = "expired"
            periods.append((datetime.date(start_year, 1, 1), end, status))
            for c in codes:
                for frm, to, st in periods:
                    out.append({
                        "centre_id": centre, "location_id": loc["location_id"],
                        "centre": f"{loc['name']}: expertisecentrum {cluster}",
                        "orpha": f"ORPHA:{c}", "ern": ern,
                        "recognised_from": frm.isoformat(), "recognised_to": to.isoformat(),
                        "status": st, "patient_organisation": org, "synthetic": "true"})
    dest = REPO / "data/sample/ecza.csv"
    with open(dest, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(out[0].keys()), lineterminator="\n")
        w.writeheader()
        w.writerows(out)
    print(f"wrote {dest}: {len(out)} rows (SYNTHETIC, seed {SEED})")


if __name__ == "__main__":
    main()
