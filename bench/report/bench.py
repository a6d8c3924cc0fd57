"""Timing and agreement of bench/report/run.sh: runs each command RUNS times, prints the
medians of wall and CPU time (the process and its children), checks the agreement and exits
1 when it fails."""
import json
import os
import resource
import statistics
import subprocess
import sys
import time

zl, db, out, runs, runs_nat, runs_chrome = sys.argv[1], sys.argv[2], sys.argv[3], *map(int, sys.argv[4:7])
NET = ["--network-layer", "oncology_network"]
LUNG = [zl, "--db", db, "-q", "report", "impact", "--intervention", "LUNG", "--norm", "60"] + NET
NAT = [zl, "--db", db, "-q", "report", "impact", "--all-interventions"] + NET
HTML, PDF = f"{out}/lung.html", f"{out}/lung.pdf"
CHROME_PDF = f"{out}/lung-chromium.pdf"
CHROME = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
          f"--print-to-pdf={CHROME_PDF}", f"file://{HTML}"]


def timed(cmd, n, ok_codes=(0,)):
    wall, cpu = [], []
    for _ in range(n):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wall.append((time.perf_counter() - t0) * 1000)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append((r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime) * 1000)
        if p.returncode not in ok_codes:
            sys.exit(f"bench: {' '.join(cmd)} failed: {p.stderr.decode()[:500]}")
    return statistics.median(wall), statistics.median(cpu)


rows = []
def row(name, goal, t):
    rows.append((name, goal, *t))

row("ours: LUNG at 60, HTML", "< 1000", timed(LUNG + ["--out", HTML], runs))
row("ours: LUNG at 60, PDF", "< 3000", timed(LUNG + ["--out", PDF], runs))
row("reference: tidy checks that HTML", "", timed(["tidy", "-e", "-q", HTML], runs, (0, 1)))
row("reference: chromium prints that HTML to PDF", "", timed(CHROME, runs_chrome))
row("ours: national, 7 interventions, HTML", "< 20000", timed(NAT + ["--out", f"{out}/national.html"], runs_nat))
row("ours: national, 7 interventions, PDF", "", timed(NAT + ["--out", f"{out}/national.pdf"], runs_nat))

print(f"{'':<46} {'goal':>8} {'wall':>9} {'cpu':>9}")
for name, goal, w, c in rows:
    print(f"{name:<46} {goal:>8} {w:9.0f} {c:9.0f}")
print(f"ratios: chromium/ours PDF wall {rows[3][2] / rows[1][2]:.1f}x; ours HTML/tidy wall "
      f"{rows[0][2] / rows[2][2]:.1f}x")
sizes = {f: os.path.getsize(f"{out}/{f}") for f in ("lung.html", "lung.pdf", "lung-chromium.pdf", "national.html", "national.pdf")}
print("sizes (bytes): " + ", ".join(f"{k} {v:,}" for k, v in sizes.items()))

# Agreement.
bad = []
t = subprocess.run(["tidy", "-e", "-q", HTML], capture_output=True)
if t.returncode != 0:
    bad.append(f"tidy: {t.stderr.decode()[:300]}")
j = json.loads(subprocess.run([zl, "--db", db, "impact", "--intervention", "LUNG", "--norm", "60", "--json"],
                              capture_output=True, check=True).stdout)
want = {"displaced patients": str(j["patients"]["displaced"]),
        "locations that stop": str(j["summary"]["stopping"]),
        "mean extra minutes of displaced patients": f"{j['patients']['extra_minutes']['mean']:.1f}"}
for name, pdf in (("ours", PDF), ("chromium", CHROME_PDF)):
    text = " ".join(subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, check=True)
                    .stdout.decode().split())
    for k, v in want.items():
        if f"{k} {v}" not in text:
            bad.append(f"{name}'s PDF lacks '{k} {v}'")
print("agreement: " + ("tidy clean; both PDFs carry the JSON's key figures (" +
                       ", ".join(f"{k} {v}" for k, v in want.items()) + ")" if not bad else "FAILED"))
for b in bad:
    print("  " + b)
sys.exit(1 if bad else 0)
