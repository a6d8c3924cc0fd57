# Shared by the HTTP benchmarks (sourced): reading wrk's output and taking medians.

# wrk_summary "WRK OUTPUT": prints "rps p99_ms errors" (non-2xx answers and socket errors).
wrk_summary() {
  python3 - "$1" <<'PY'
import re, sys
out = sys.argv[1]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
m = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
p99 = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
errs = 0
for pat in (r"Non-2xx or 3xx responses:\s+(\d+)", r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"):
    s = re.search(pat, out)
    if s: errs += sum(int(x) for x in s.groups())
print(f"{rps:.0f} {p99:.2f} {errs}")
PY
}

# median: reads "rps p99 errors" rows (one per round) on stdin; prints the median rate and
# p99 and the sum of the errors.
median() { python3 -c '
import statistics, sys
rows = [l.split() for l in sys.stdin.read().strip().splitlines()]
print(f"{statistics.median(float(r[0]) for r in rows):.0f}",
      f"{statistics.median(float(r[1]) for r in rows):.2f}", sum(int(r[2]) for r in rows))'; }
