"""Checks of `zl report impact` outputs against the JSON of `zl impact` (tests/e2e/test_report.sh).

usage: report_check.py KIND FILE JSON [RULES_JSON]
KIND: html (tables of the HTML), xlsx (sheets of the workbook), csv (files of the folder),
png (files of the folder), pgm (a rendered PDF page). Prints one TAP line per check and
exits non-zero when one fails."""
import csv
import json
import os
import re
import struct
import sys
import zipfile
from html.parser import HTMLParser
from xml.etree import ElementTree as ET

FAILED = 0


def check(desc, cond):
    global FAILED
    print(("ok - " if cond else "not ok - ") + desc)
    FAILED += 0 if cond else 1


class Tables(HTMLParser):
    """Every <table id=...> as a list of rows of cell texts; counts <use> and <figure>."""

    def __init__(self):
        super().__init__()
        self.tables, self.cur, self.row, self.cell = {}, None, None, None
        self.uses, self.figures, self.text = 0, [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.cur = self.tables.setdefault(a.get("id", ""), [])
        elif tag == "tr" and self.cur is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ""
        elif tag == "use":
            self.uses += 1
        elif tag == "figure":
            self.figures.append(a.get("id"))

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.cur.append(self.row)
            self.row = None
        elif tag == "table":
            self.cur = None

    def handle_data(self, data):
        self.text.append(data)
        if self.cell is not None:
            self.cell += data


def expected(j):
    """figure -> number of the JSON, as in the key-figures table."""
    p = j["patients"]
    return {
        "locations offering before": j["summary"]["offering_before"],
        "locations offering after": j["summary"]["offering_after"],
        "locations that stop": j["summary"]["stopping"],
        "patients": p["total"],
        "displaced patients": p["displaced"],
        "mean extra minutes of displaced patients": p["extra_minutes"]["mean"],
        "90th percentile of extra minutes": p["extra_minutes"]["p90"],
        "patients beyond 45 minutes after": p["beyond"][1]["after"],
        "inhabitants beyond 45 minutes after": j["population_beyond"][1]["after"],
    }


def same(a, b):
    return a is not None and b is not None and abs(float(a) - float(b)) < 0.051


def key_figures(rows, j, where):
    got = {r[0]: r[1] for r in rows[1:] if len(r) == 2}
    for k, v in expected(j).items():
        check(f"{where}: {k} = {v} as in the JSON (got {got.get(k)})", same(got.get(k), v))


def html(path, j, rules):
    t = Tables()
    t.feed(open(path, encoding="utf-8").read())
    key_figures(t.tables.get("t-key_figures", []), j, "HTML key figures")
    travel = {r[0]: r[1:] for r in t.tables.get("t-travel", [])[1:]}
    check("HTML travel table: mean before/after as in the JSON",
          same(travel["mean"][0], j["patients"]["minutes_before"]["mean"])
          and same(travel["mean"][1], j["patients"]["minutes_after"]["mean"]))
    band = {r[0]: r[1:] for r in t.tables.get("t-band", [])[1:]}
    b = rules["band"]["extra_minutes_mean"]
    check("HTML band: extra_minutes_mean default/lowest/highest as in --rules all --json",
          all(same(x, y) for x, y in zip(band["extra_minutes_mean"], [b["default"], b["lowest"], b["highest"]])))
    locs = {r[0]: r for r in t.tables.get("t-locations", [])[1:]}
    check("HTML locations: every location of the JSON with its status and volumes",
          len(locs) == len(j["locations"]) and all(
              locs[l["id"]][3] == l["status"] and same(locs[l["id"]][4], l["volume_before"])
              and same(locs[l["id"]][5], l["volume_after"]) for l in j["locations"]))
    q = t.tables.get("t-quality_outcomes", [])
    fits = [f for f in j.get("quality", {}).get("fits", []) if "scenario" in f]
    check("HTML quality chapter: each indicator's expected change as in the JSON",
          len(q) - 1 == len(j["quality"]["fits"]) and all(
              any(r[0] == f["indicator"]["name_en"] and same(r[3], f["scenario"]["change"]) for r in q)
              for f in fits))
    text = " ".join(t.text)
    check("HTML: synthetic labels, command and version", "synthetic" in text
          and "zl report impact --intervention LUNG --norm 60" in text and "zorglandschap 0.1.0" in text)
    check("HTML: three national maps and the histogram, areas drawn by reference",
          {"m-map_minutes_after", "m-map_change", "m-map_new_beyond_45", "c-extra_minutes"} <= set(t.figures)
          and t.uses > 3 * 3000)
    regions = [f for f in t.figures if f and f.startswith("m-region_")]
    check(f"HTML: a map per province page ({len(regions)})", len(regions) == 12)
    check("HTML: data sources with their dates", any(re.match(r"\d{4}-\d\d-\d\d", r[4] or "")
                                                     for r in t.tables.get("t-sources", [])[1:]))


def assess(path, a, _):
    """The assessment's chapters against `zl assess --json`."""
    t = Tables()
    t.feed(open(path, encoding="utf-8").read())
    regions = [a["national"]] + a["regions"]
    verdicts = {r[0]: r for r in t.tables.get("t-verdicts", [])[1:]}
    check(f"HTML verdicts: every region's verdict as in zl assess ({len(verdicts)} rows)",
          len(verdicts) == len(regions) and all(verdicts[g["code"]][2] == g["verdict"] for g in regions))
    check("HTML verdicts: the exceptions that restore a region are the mitigation search's",
          all((verdicts[g["code"]][4] == "keep " + ", ".join(g["mitigation"]["keep"]))
              for g in regions if g["mitigation"] and g["mitigation"]["found"]))
    def table(name):
        return {r[0]: r for r in t.tables.get(name, [])[1:]}
    pro, prov, net = table("t-professionals_regions"), table("t-providers_regions"), table("t-networks_regions")
    n = a["national"]
    check("HTML professionals: surgeons, at stopping locations, per surgeon before/after (NL)",
          same(pro["NL"][1], n["professionals"]["surgeons"]) and same(pro["NL"][2], n["professionals"]["surgeons_stopping"])
          and same(pro["NL"][3], n["professionals"]["per_surgeon_before"]) and same(pro["NL"][4], n["professionals"]["per_surgeon_after"]))
    check("HTML providers: volume and revenue lost, services threatened, per region",
          all(same(prov[g["code"]][1], g["providers"]["volume_lost"]) and same(prov[g["code"]][3], g["providers"]["revenue_lost"])
              and same(prov[g["code"]][7], g["providers"]["services_threatened"]) for g in regions))
    check("HTML networks: patients crossing a border, networks without a location, per region",
          all(same(net[g["code"]][1], g["networks"]["patients_crossing"])
              and same(net[g["code"]][3], g["networks"]["networks_without_location"]) for g in regions))
    nets = table("t-networks_list")
    check(f"HTML networks list: {len(a['networks'])} networks with locations before/after",
          len(nets) == len(a["networks"]) and all(same(nets[x["code"]][2], x["locations_before"])
                                                    and same(nets[x["code"]][3], x["locations_after"]) for x in a["networks"]))
    pat = table("t-patients_regions")
    check("HTML patients per region: displaced 75+ (estimate) and newly beyond 45",
          all(same(pat[g["code"]][4], g["patients"]["displaced_by_age"]["75+"])
              and same(pat[g["code"]][8], g["patients"]["new_inhabitants_beyond_45"]) for g in regions))
    mit = table("t-mitigation_regions")
    check("HTML mitigation: a row per region that needs it",
          set(mit) == {g["code"] for g in regions if g["mitigation"]})
    hist_ok = True
    for g in a["regions"]:
        rows = t.tables.get(f"t-region_{g['code']}_figures_minutes", [])[1:]
        h = g["patients"]["minutes_histogram"]
        hist_ok &= len(rows) == len(h["after"]) and all(
            same(r[1], b) and same(r[2], x) for r, b, x in zip(rows, h["before"], h["after"]))
    check("HTML region pages: patients by travel minutes before/after as the assessment's histograms",
          hist_ok and len(a["regions"]) == 12)
    th = table("t-thresholds")
    check("HTML thresholds: as used by the assessment",
          all(str(v) == th[k][1] or same(th[k][1], v if v != "off" else None) or (v == "off" and th[k][1] == "off")
              for k, v in a["thresholds"]["max"].items()))


def xlsx(path, j, rules):
    z = zipfile.ZipFile(path)
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    sheets = {s.get("name"): "xl/" + target[s.get("{%s}id" % ns["r"])]
              for s in wb.find("m:sheets", ns)}
    strings = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns):
            strings.append("".join(x.text or "" for x in si.iter("{%s}t" % ns["m"])))
    check("XLSX: about, key_figures, locations, band, quality_outcomes sheets",
          {"about", "key_figures", "locations", "band", "quality_outcomes"} <= set(sheets))
    rows = []
    for row in ET.fromstring(z.read(sheets["key_figures"])).iter("{%s}row" % ns["m"]):
        vals = []
        for c in row.findall("m:c", ns):
            v = c.find("m:v", ns)
            vals.append(strings[int(v.text)] if c.get("t") == "s" else (v.text if v is not None else ""))
        rows.append(vals)
    key_figures(rows[1:], j, "XLSX key_figures")


def csvdir(path, j, rules):
    files = set(os.listdir(path))
    index = list(csv.DictReader(open(os.path.join(path, "index.csv"))))
    check("CSV folder: index.csv lists every other file", {r["file"] for r in index} | {"index.csv", "about.csv"} == files)
    check("CSV folder: the expected files", {"key_figures.csv", "travel.csv", "beyond.csv", "locations.csv",
                                               "band.csv", "rules_side_by_side.csv", "quality_outcomes.csv",
                                               "sources.csv", "map_minutes_after.csv", "extra_minutes.csv"} <= files)
    check("CSV index: key figures labelled synthetic",
          any(r["file"] == "key_figures.csv" and r["synthetic"] == "true" for r in index))
    rows = list(csv.reader(open(os.path.join(path, "key_figures.csv"))))
    key_figures(rows, j, "CSV key_figures")


def png(path, j, rules):
    names = sorted(os.listdir(path))
    good = 0
    for n in names:
        head = open(os.path.join(path, n), "rb").read(24)
        w, h = struct.unpack(">II", head[16:24])
        good += head[:8] == b"\x89PNG\r\n\x1a\n" and w > 500 and h > 200
    check(f"PNG folder: {len(names)} images, every one a PNG of a map or chart",
          {"map_minutes_after.png", "map_change.png", "map_new_beyond_45.png", "extra_minutes.png"} <= set(names)
          and good == len(names))


def pgm(path, *_):
    data = open(path, "rb").read()
    parts = data.split(maxsplit=4)  # P5 w h max pixels
    w, h = int(parts[1]), int(parts[2])
    pixels = parts[4][-w * h:]
    dark = sum(1 for p in pixels if p < 200)
    check(f"rendered PDF page {os.path.basename(path)} is not blank ({dark} of {w * h} pixels not white)",
          dark > w * h // 100)


kind, path = sys.argv[1], sys.argv[2]
j = json.load(open(sys.argv[3])) if len(sys.argv) > 3 else None
rules = json.load(open(sys.argv[4])) if len(sys.argv) > 4 else None
{"html": html, "assess": assess, "xlsx": xlsx, "csv": csvdir, "png": png, "pgm": pgm}[kind](path, j, rules)
sys.exit(1 if FAILED else 0)
