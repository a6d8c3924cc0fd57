#!/usr/bin/env python3
"""Generates the SYNTHETIC sample of rare-disease care organisation (docs/rare-networks.md):

  data/sample/rare_networks.csv      ECZA networks, one per disease group of ecza.csv
  data/sample/rare_shared_care.csv   shared-care agreements with general hospitals
  data/sample/rare_recognitions.csv  applications for renewal, objections, withdrawals
  data/sample/rare_assessments.csv   assessments per criterion
  data/sample/rare_pathways.csv      care-pathway checklists per network

Real ingredients: the synthetic register data/sample/ecza.csv (its centres, codes, ERNs),
the general-hospital locations of data/sample/locations.csv, the ERN list. Synthetic:
everything else (which hospital partners with whom, dates, states, assessments). Fixed
seed; every row carries synthetic=true.

usage: scripts/gen-rare-networks-sample.py [REPO_DIR]
"""
import csv
import random
import sys
from collections import defaultdict
from pathlib import Path

SEED = 20261203
REPO = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent)
SAMPLE = REPO / "data/sample"
CRITERIA = ["expertise_volume", "multidisciplinary_team", "care_pathway", "continuity_of_care",
            "patient_participation", "research", "education", "ern_participation",
            "quality_registration", "collaboration"]
ITEMS = ["diagnosis", "treatment_plan", "multidisciplinary_team", "follow_up", "transition",
         "shared_care", "patient_information", "orpha_registration", "ern_participation",
         "research"]


def write(name, header, rows):
    with open(SAMPLE / name, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main():
    rnd = random.Random(SEED)
    reg = list(csv.DictReader(open(SAMPLE / "ecza.csv")))
    locs = {r["location_id"]: r for r in csv.DictReader(open(SAMPLE / "locations.csv"))}
    general = [i for i, r in locs.items() if r["kind"] == "general"]

    def near(centre_loc, k=8):  # the k general hospitals nearest to a centre
        c = locs[centre_loc]
        d = lambda i: ((float(locs[i]["lat"]) - float(c["lat"])) ** 2 +
                       ((float(locs[i]["lon"]) - float(c["lon"])) * 0.6) ** 2)
        return sorted(general, key=d)[:k]
    groups = defaultdict(list)  # the disease group: the ERN and the centre's cluster number
    for r in reg:
        groups[(r["ern"], r["centre_id"].rsplit("-", 1)[1])].append(r)
    networks, shared, recs, assess, paths = [], [], [], [], []
    for (ern, cluster), rows in sorted(groups.items(), key=lambda kv: kv[0][1]):
        current = sorted({r["centre_id"] for r in rows if r["status"] == "recognised"})
        if not current:
            continue
        codes = sorted({r["orpha"] for r in rows}, key=lambda c: int(c.split(":")[1]))
        label = rows[0]["centre"].split(": expertisecentrum ")[-1]
        nid = "NET-" + cluster
        coord = current[0]
        orgs = sorted({r["patient_organisation"] for r in rows if r["patient_organisation"]})
        networks.append([nid, "ECZA network " + label, ";".join(codes), coord,
                         ";".join(current[1:]), ern, ";".join(orgs), "true"])
        for centre in current:  # one to three general hospitals near each centre
            for loc in sorted(rnd.sample(near(centre.split("-")[1]), rnd.randint(1, 3))):
                start = "%d-%02d-01" % (rnd.choice([2021, 2022, 2023, 2024]), rnd.randint(1, 12))
                end = "%d-12-31" % (int(start[:4]) + rnd.choice([3, 4, 5]))
                shared.append([centre, loc, ";".join(codes), start, end, "true"])
        for code in codes:
            for item in ITEMS:
                state = rnd.choices(["in place", "partly", "absent"], [6, 3, 1])[0]
                evidence = {"in place": "documented in the network's care pathway",
                            "partly": "in place at some centres of the network",
                            "absent": ""}[state]
                paths.append([nid, code, item, state, evidence,
                              "2025-%02d-%02d" % (rnd.randint(1, 12), rnd.randint(1, 28)), "true"])
    for r in reg:  # assessments of the current terms, and renewal applications
        if r["status"] != "recognised":
            continue
        rid = "%s/%s/%s" % (r["centre_id"], r["orpha"].split(":")[1], r["recognised_from"])
        day = "%d-%02d-15" % (int(r["recognised_from"][:4]) - 1, rnd.randint(3, 10))
        for c in CRITERIA:
            res = rnd.choices(["met", "with remarks", "not met"], [8, 2, 0])[0]
            assess.append([rid, c, res, "" if res == "met" else "improvement plan agreed", day,
                           "true"])
        end = r["recognised_to"]
        if end <= "2027-12-31":
            nxt_from = "%d-01-01" % (int(end[:4]) + 1)
            nxt_to = "%d-12-31" % (int(end[:4]) + 5)
            state = rnd.choice(["applied", "assessed", "objection pending", "withdrawn"])
            app = "APP-%s-%s-%s" % (r["centre_id"], r["orpha"].split(":")[1], nxt_from[:4])
            applied = "2026-%02d-01" % rnd.randint(1, 6)  # before the sample's 2026-12
            decided = "" if state in ("applied", "assessed") else "2026-10-01"
            term = state == "objection pending"
            recs.append([app, r["centre_id"], r["orpha"], r["ern"], applied, decided, state,
                         nxt_from if term else "", nxt_to if term else "", "true"])
            if state != "applied":
                for c in CRITERIA:
                    res = rnd.choices(["met", "with remarks", "not met"], [7, 2, 1])[0]
                    assess.append([app, c, res, "" if res == "met" else "see assessment report",
                                   "2026-09-01", "true"])
    write("rare_networks.csv", ["network_id", "name", "orpha", "coordinating_centre",
                                "member_centres", "ern", "patient_organisations", "synthetic"],
          networks)
    write("rare_shared_care.csv", ["centre_id", "partner_location_id", "orpha", "valid_from",
                                   "valid_to", "synthetic"], shared)
    write("rare_recognitions.csv", ["id", "centre_id", "orpha", "ern", "applied_on",
                                    "decided_on", "status", "recognised_from", "recognised_to",
                                    "synthetic"], recs)
    write("rare_assessments.csv", ["recognition_id", "criterion", "result", "remarks",
                                   "assessed_on", "synthetic"], assess)
    write("rare_pathways.csv", ["network_id", "orpha", "item", "state", "evidence",
                                "assessed_on", "synthetic"], paths)


if __name__ == "__main__":
    main()
