#!/usr/bin/env python3
"""Re-derives the VSOP verdict of every disease in a `zl rare concentration --json` report
(stdin) from its own numbers, by the rule in docs/registry.md#concentration: the band and
maximum number of centres from N, each centre's share and threshold (35% of N, at least 200
from N = 200, 500 per centre above N = 1000), and the verdict. Prints one line per failed
disease and a last line "checked D diseases: V within the rule, F too fragmented, C no
centre"; exits 1 on any disagreement or an empty report."""
import json
import math
import sys

BANDS = [(49, "<50", "1 centre", 1), (199, "50-199", "1 centre, exceptionally 2", 2),
         (600, "200-600", "at most 2", 2), (1000, "601-1000", "preferably 2, at most 3", 3)]


def expected(d):
    n = d["patients"]
    for top, band, rule, most in BANDS:
        if n <= top:
            break
    else:
        band, most = ">1000", n // 500
    if n > 1000:
        threshold = 500
    elif n >= 200:
        threshold = max(math.ceil(0.35 * n), 200)
    else:
        threshold = math.ceil(0.35 * n)
    centres = d["centres"]
    meets = [c["patients"] >= threshold for c in centres]
    if not centres:
        verdict = "no centre"
    elif len(centres) > most or not all(meets):
        verdict = "too fragmented"
    else:
        verdict = "within the rule"
    return band, most, meets, verdict


def main():
    r = json.load(sys.stdin)
    bad, tally = [], {}
    for d in r["diseases"]:
        band, most, meets, verdict = expected(d)
        n = d["patients"]
        got = (d["advice"]["band"], d["advice"]["max_centres"],
               [c["meets_rule_of_thumb"] for c in d["centres"]], d["verdict"])
        if got != (band, most, meets, verdict):
            bad.append(f"ORPHA:{d['orpha']} N={n}: got {got}, expected {(band, most, meets, verdict)}")
        for c in d["centres"]:
            if abs(c["share"] - c["patients"] / n) > 1e-9:
                bad.append(f"ORPHA:{d['orpha']} {c['centre_id']}: share {c['share']} != {c['patients']}/{n}")
        tally[d["verdict"]] = tally.get(d["verdict"], 0) + 1
    for b in bad:
        print(b)
    print(f"checked {len(r['diseases'])} diseases: {tally.get('within the rule', 0)} within the rule, "
          f"{tally.get('too fragmented', 0)} too fragmented, {tally.get('no centre', 0)} no centre")
    return 1 if bad or not r["diseases"] else 0


sys.exit(main())
