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

# listening_port OUT_FILE: waits up to 5 s for `zl serve` to print its address into
# OUT_FILE and prints the port (nothing when it did not start).
listening_port() {
  local port=
  for _ in $(seq 1 100); do
    port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$1")
    [ -n "$port" ] && break
    sleep 0.05
  done
  echo "$port"
}

# bench_db DB LOG: the full sample (zl demo) with the ORDO nomenclature, the ERNs and the
# sample ECZA register, built into DB when the demo does not bring them.
bench_db() {
  echo "building the full sample database (zl demo) ..." >&2
  "$ZL" --db "$1" demo >"$2" 2>&1 || { cat "$2" >&2; return 1; }
  local hits
  hits=$("$ZL" --db "$1" rare find marfan --json 2>/dev/null |
         python3 -c 'import json,sys; print(len(json.load(sys.stdin)["hits"]))' 2>/dev/null || echo 0)
  if [ "$hits" = 0 ]; then
    "$ZL" --db "$1" rare import ordo "$ROOT/data/orphanet/ordo-2.6-2018-07-12.json.gz" >/dev/null
    "$ZL" --db "$1" rare import ern "$ROOT/data/orphanet/ern.csv" >/dev/null
    "$ZL" --db "$1" rare import ecza "$ROOT/data/sample/ecza.csv" >/dev/null
  fi
}
