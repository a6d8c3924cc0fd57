#!/usr/bin/env bash
# HTTP benchmark (issue 6): wrk on loopback against the finder and the impact endpoints of
# `zl serve`, side by side in the same run with nginx serving the same responses as static
# files (an upper bound for serving). Prints requests/s, p99 latency, errors and the ratio.
# Finder traffic: the 10,000 distinct queries of bench/rare (fixed seed; exact names,
# prefixes, typos, codes), every request a different query, against zl with its default
# answer cache and with --cache 0, and against nginx serving zl's answer to each query as
# its own static file; and a 15-query mix that repeats (suggestions while typing), where
# the answer cache serves.
# Usage: bench/http/run.sh [--duration 30s] [--rounds 3] [--connections 16] [--threads 2]
#                          [--db FILE]
#   --rounds N every server is measured N times, taking turns; medians are printed
#   --db FILE  use an existing database with the full sample (else `zl demo` builds one,
#              plus the ORDO nomenclature, the ERNs and the sample ECZA register)
# Needs wrk and nginx (scripts/install-deps.sh --bench), a C compiler and a built zl
# (make build).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/bench/http/common.sh"
ZL=${ZL:-$ROOT/build/zl}
DURATION=30s CONNECTIONS=16 THREADS=2 DB= ROUNDS=3
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --db) DB=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    *) echo "usage: $0 [--duration 30s] [--rounds 3] [--connections N] [--threads N] [--db FILE]" >&2; exit 2 ;;
  esac
done
for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] ||
    { echo "bench/http: $tool missing (scripts/install-deps.sh --bench)" >&2; exit 1; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$ZL" ] || { echo "bench/http: $ZL not built (make build)" >&2; exit 1; }

WORK=$(mktemp -d)
chmod 755 "$WORK" # nginx workers (user nobody when started as root) read the static files
ZL_PID= ZL2_PID= NGINX_STARTED=
cleanup() {
  [ -n "$ZL_PID" ] && kill -TERM "$ZL_PID" 2>/dev/null && wait "$ZL_PID" 2>/dev/null
  [ -n "$ZL2_PID" ] && kill -TERM "$ZL2_PID" 2>/dev/null && wait "$ZL2_PID" 2>/dev/null
  [ -n "$NGINX_STARTED" ] && "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -s stop 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ -z "$DB" ]; then
  DB=$WORK/bench.db
  bench_db "$DB" "$WORK/demo.log"
fi

"$ZL" --db "$DB" serve --listen 127.0.0.1:0 --threads "$THREADS" --quiet >"$WORK/serve.out" 2>"$WORK/serve.err" &
ZL_PID=$!
PORT=$(listening_port "$WORK/serve.out")
[ -n "${PORT:-}" ] || { cat "$WORK/serve.err" >&2; exit 1; }
ZLURL=http://127.0.0.1:$PORT
# A second server without the finder's answer cache: every request runs the finder.
"$ZL" --db "$DB" serve --listen 127.0.0.1:0 --threads "$THREADS" --cache 0 --quiet >"$WORK/serve2.out" 2>&1 &
ZL2_PID=$!
PORT2=$(listening_port "$WORK/serve2.out")
ZLURL2=http://127.0.0.1:$PORT2
IMPACT="/api/v1/impact?intervention=LUNG&norm=60"
FINDER="/api/v1/rare/find?q=marfan&lang=nl&limit=10&date=2025-06-01"

# The query mix: bench/rare's generator writes its 10,000 queries (BENCH_DUMP).
BUILD_DIR=$(dirname "$ZL")
cc -std=c17 -O2 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I"$ROOT/include" \
  "$ROOT/bench/rare/finder_bench.c" "$BUILD_DIR/libzorglandschap.a" \
  $(cat "$ROOT/build/link-flags.txt") \
  -o "$WORK/finder_bench"
BENCH_DUMP="$WORK/queries.txt" "$WORK/finder_bench" "$ROOT/data/orphanet/ordo-2.6-2018-07-12.json.gz" 1
export ZL_BENCH_QUERIES="$WORK/queries.txt"

# The same answers as static files for nginx: zl's answer to query i is /q/i.json.
mkdir -p "$WORK/nginx/html/api/v1/rare" "$WORK/nginx/html/q" "$WORK/nginx/logs"
curl -sf "$ZLURL$IMPACT" >"$WORK/nginx/html/api/v1/impact"
curl -sf "$ZLURL$FINDER" >"$WORK/nginx/html/api/v1/rare/find"
python3 - "$PORT2" "$WORK/queries.txt" "$WORK/nginx/html/q" <<'PY'
import http.client, sys, urllib.parse
port, queries, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
conn = http.client.HTTPConnection("127.0.0.1", port)
for i, q in enumerate(open(queries, encoding="utf-8").read().splitlines(), 1):
    conn.request("GET", "/api/v1/rare/find?q=" + urllib.parse.quote(q, safe="-._~")
                 + "&lang=nl&limit=10&date=2025-06-01")
    r = conn.getresponse()
    body = r.read()
    if r.status != 200:
        sys.exit(f"query {i} ({q!r}): HTTP {r.status}")
    open(f"{out}/{i}.json", "wb").write(body)
PY
NPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes $THREADS;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/tmp;
  proxy_temp_path $WORK/nginx/tmp;
  fastcgi_temp_path $WORK/nginx/tmp;
  uwsgi_temp_path $WORK/nginx/tmp;
  scgi_temp_path $WORK/nginx/tmp;
  server {
    listen 127.0.0.1:$NPORT;
    root $WORK/nginx/html;
    default_type application/json;
    keepalive_requests 1000000;
  }
}
CONF
mkdir -p "$WORK/nginx/tmp"
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
NGINX_STARTED=1
NGURL=http://127.0.0.1:$NPORT
curl -sf "$NGURL$IMPACT" -o /dev/null ||
  { echo "nginx did not serve:" >&2; cat "$WORK/nginx/logs/error.log" >&2; exit 1; }

# The sides must give the same answers before anything is timed: zl with its answer cache
# against zl without it (nginx's files), for every query of the mix, and nginx's impact
# against zl's. A difference fails the run.
python3 - "$PORT" "$WORK/queries.txt" "$WORK/nginx/html/q" <<'PY'
import http.client, sys, urllib.parse
port, queries, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
conn = http.client.HTTPConnection("127.0.0.1", port)
bad = 0
for i, q in enumerate(open(queries, encoding="utf-8").read().splitlines(), 1):
    for _ in range(2):  # the second time from the answer cache
        conn.request("GET", "/api/v1/rare/find?q=" + urllib.parse.quote(q, safe="-._~")
                     + "&lang=nl&limit=10&date=2025-06-01")
        r = conn.getresponse()
        body = r.read()
        if r.status != 200 or body != open(f"{out}/{i}.json", "rb").read():
            bad += 1
            if bad <= 3:
                print(f"DISAGREE: query {i} ({q!r}): zl (cache) and zl --cache 0 differ", file=sys.stderr)
if bad:
    sys.exit(f"bench/http: {bad} answers differ between the cached and the uncached finder")
print(f"agreement: {i} queries, cached and uncached answers identical (twice each)", file=sys.stderr)
PY
cmp -s <(curl -sf "$NGURL$IMPACT") <(curl -sf "$ZLURL$IMPACT") ||
  { echo "DISAGREE: impact answers of nginx and zl differ" >&2; exit 1; }

# run NAME URL [lua]: prints "rps p99_ms errors"
run() {
  local url=$1 script=${2:-}
  local out
  out=$(wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency ${script:+-s "$script"} "$url")
  wrk_summary "$out"
}
# Warm-up (not measured): every worker loads its case and builds its finder index once.
wrk -t "$THREADS" -c "$CONNECTIONS" -d 3s -s "$ROOT/bench/http/finder_mix.lua" "$ZLURL2$FINDER" >/dev/null
ZL_BENCH_STATIC=1 wrk -t "$THREADS" -c "$CONNECTIONS" -d 3s -s "$ROOT/bench/http/finder_queries.lua" "$NGURL/" >/dev/null
wrk -t "$THREADS" -c "$CONNECTIONS" -d 3s -s "$ROOT/bench/http/finder_mix.lua" "$ZLURL$FINDER" >/dev/null
wrk -t "$THREADS" -c "$CONNECTIONS" -d 3s "$ZLURL$IMPACT" >/dev/null
sleep 2

echo "HTTP benchmark $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), wrk -t$THREADS -c$CONNECTIONS -d$DURATION, zl serve --threads $THREADS, nginx worker_processes $THREADS"
printf "%-44s %10s %10s %8s\n" "endpoint / server" "req/s" "p99 ms" "errors"
row() { read -r r p e <<<"$2"; printf "%-44s %10s %10s %8s\n" "$1" "$r" "$p" "$e"; }
ratio() { printf "%-44s %10s\n" "$1" "$(python3 -c "print(f'{${2%% *}/${3%% *}:.2f}')")"; }
Q=$ROOT/bench/http/finder_queries.lua
# The servers take turns, ROUNDS times, so a change in the machine's load hits all alike.
declare -A ACC
for round in $(seq "$ROUNDS"); do
  ACC[ng]+=$(ZL_BENCH_STATIC=1 run "$NGURL/" "$Q")$'\n'
  ACC[zc]+=$(run "$ZLURL/" "$Q")$'\n'
  ACC[zu]+=$(run "$ZLURL2/" "$Q")$'\n'
  sleep 1 # let the servers finish the requests still queued
  ACC[ng1]+=$(run "$NGURL$FINDER")$'\n'
  ACC[zc1]+=$(run "$ZLURL$FINDER" "$ROOT/bench/http/finder_mix.lua")$'\n'
  ACC[ngi]+=$(run "$NGURL$IMPACT")$'\n'
  ACC[zi]+=$(run "$ZLURL$IMPACT")$'\n'
  echo "round $round done, load average $(cut -d' ' -f1 /proc/loadavg)" >&2
done
for k in "${!ACC[@]}"; do ACC[$k]=$(printf '%s' "${ACC[$k]}" | median); done
row "finder, 10,000 distinct: nginx static" "${ACC[ng]}"
row "finder, 10,000 distinct: zl serve" "${ACC[zc]}"
row "finder, 10,000 distinct: zl serve --cache 0" "${ACC[zu]}"
ratio "finder, 10,000 distinct: ratio zl/nginx" "${ACC[zc]}" "${ACC[ng]}"
ratio "finder, 10,000 distinct: ratio --cache 0/nginx" "${ACC[zu]}" "${ACC[ng]}"
row "finder, 15 repeating: nginx static (one)" "${ACC[ng1]}"
row "finder, 15 repeating: zl serve" "${ACC[zc1]}"
ratio "finder, 15 repeating: ratio zl/nginx" "${ACC[zc1]}" "${ACC[ng1]}"
row "impact: nginx static" "${ACC[ngi]}"
row "impact: zl serve" "${ACC[zi]}"
ratio "impact: ratio zl/nginx" "${ACC[zi]}" "${ACC[ngi]}"
echo "medians of $ROUNDS rounds (servers taking turns); errors summed over the rounds."
echo "finder, 10,000 distinct: bench/http/finder_queries.lua walks the queries of bench/rare, each"
echo "wrk thread from its own offset; nginx serves zl's answer to each query as its own file."
echo "finder, 15 repeating: bench/http/finder_mix.lua (nginx serves one answer); impact: LUNG,"
echo "norm 60, full sample. zl was warmed up for 3 s first."
# Errors (non-2xx answers, socket errors) on any side fail the run: a fast wrong answer is
# no result.
errors=0
for k in "${!ACC[@]}"; do errors=$((errors + $(cut -d' ' -f3 <<<"${ACC[$k]}"))); done
if [ "$errors" -ne 0 ]; then
  echo "FAIL: $errors errors during the measured runs" >&2
  exit 1
fi
