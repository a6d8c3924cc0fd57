#!/usr/bin/env bash
# HTTP benchmark (issue 6): wrk on loopback against the finder and the impact endpoints of
# `zl serve`, side by side in the same run with nginx serving the same responses as static
# files (an upper bound for serving). Prints requests/s, p99 latency, errors and the ratio.
# Usage: bench/http/run.sh [--duration 30s] [--connections 16] [--threads 2] [--db FILE]
#   --db FILE  use an existing database with the full sample (else `zl demo` builds one,
#              plus the ORDO nomenclature, the ERNs and the sample ECZA register)
# Needs wrk and nginx (scripts/install-deps.sh --bench) and a built zl (make build).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ZL=${ZL:-$ROOT/build/zl}
DURATION=30s CONNECTIONS=16 THREADS=2 DB=
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --db) DB=$2; shift 2 ;;
    *) echo "usage: $0 [--duration 30s] [--connections N] [--threads N] [--db FILE]" >&2; exit 2 ;;
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
  echo "building the full sample database (zl demo) ..." >&2
  "$ZL" --db "$DB" demo >"$WORK/demo.log" 2>&1 || { cat "$WORK/demo.log" >&2; exit 1; }
  hits=$("$ZL" --db "$DB" rare find marfan --json 2>/dev/null |
         python3 -c 'import json,sys; print(len(json.load(sys.stdin)["hits"]))' 2>/dev/null || echo 0)
  if [ "$hits" = 0 ]; then
    "$ZL" --db "$DB" rare import ordo "$ROOT/data/orphanet/ordo-2.6-2018-07-12.json.gz" >/dev/null
    "$ZL" --db "$DB" rare import ern "$ROOT/data/orphanet/ern.csv" >/dev/null
    "$ZL" --db "$DB" rare import ecza "$ROOT/data/sample/ecza.csv" >/dev/null
  fi
fi

"$ZL" --db "$DB" serve --listen 127.0.0.1:0 --threads "$THREADS" --quiet >"$WORK/serve.out" 2>"$WORK/serve.err" &
ZL_PID=$!
for _ in $(seq 1 100); do
  PORT=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$WORK/serve.out")
  [ -n "${PORT:-}" ] && break
  sleep 0.05
done
[ -n "${PORT:-}" ] || { cat "$WORK/serve.err" >&2; exit 1; }
ZLURL=http://127.0.0.1:$PORT
# A second server without the finder's answer cache: every request runs the finder.
"$ZL" --db "$DB" serve --listen 127.0.0.1:0 --threads "$THREADS" --cache 0 --quiet >"$WORK/serve2.out" 2>&1 &
ZL2_PID=$!
for _ in $(seq 1 100); do
  PORT2=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$WORK/serve2.out")
  [ -n "${PORT2:-}" ] && break
  sleep 0.05
done
ZLURL2=http://127.0.0.1:$PORT2
IMPACT="/api/v1/impact?intervention=LUNG&norm=60"
FINDER="/api/v1/rare/find?q=marfan&lang=nl&limit=10&date=2025-06-01"

# The same answers as static files for nginx.
mkdir -p "$WORK/nginx/html/api/v1/rare" "$WORK/nginx/logs"
curl -sf "$ZLURL$IMPACT" >"$WORK/nginx/html/api/v1/impact"
curl -sf "$ZLURL$FINDER" >"$WORK/nginx/html/api/v1/rare/find"
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

# run NAME URL [lua]: prints "rps p99_ms errors"
run() {
  local url=$1 script=${2:-}
  local out
  out=$(wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency ${script:+-s "$script"} "$url")
  python3 - "$out" <<'PY'
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

# Warm-up (not measured): every worker loads its case and builds its finder index once.
wrk -t "$THREADS" -c "$CONNECTIONS" -d 3s -s "$ROOT/bench/http/finder_mix.lua" "$ZLURL2$FINDER" >/dev/null
wrk -t "$THREADS" -c "$CONNECTIONS" -d 3s -s "$ROOT/bench/http/finder_mix.lua" "$ZLURL$FINDER" >/dev/null
wrk -t "$THREADS" -c "$CONNECTIONS" -d 3s "$ZLURL$IMPACT" >/dev/null
sleep 2

echo "HTTP benchmark $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, wrk -t$THREADS -c$CONNECTIONS -d$DURATION, zl serve --threads $THREADS, nginx worker_processes $THREADS"
printf "%-28s %10s %10s %8s\n" "endpoint / server" "req/s" "p99 ms" "errors"
declare -A R
for ep in finder impact; do
  if [ $ep = finder ]; then
    ng_res=$(run "$NGURL$FINDER")
    zl_res=$(run "$ZLURL$FINDER" "$ROOT/bench/http/finder_mix.lua")
    z2_res=$(run "$ZLURL2$FINDER" "$ROOT/bench/http/finder_mix.lua")
    sleep 2 # let the uncached server finish the requests still queued
  else
    ng_res=$(run "$NGURL$IMPACT"); zl_res=$(run "$ZLURL$IMPACT")
  fi
  read -r zr zp ze <<<"$zl_res"; read -r nr np ne <<<"$ng_res"
  printf "%-28s %10s %10s %8s\n" "$ep: zl serve" "$zr" "$zp" "$ze"
  if [ $ep = finder ]; then
    read -r z2r z2p z2e <<<"$z2_res"
    printf "%-28s %10s %10s %8s\n" "$ep: zl serve --cache 0" "$z2r" "$z2p" "$z2e"
  fi
  printf "%-28s %10s %10s %8s\n" "$ep: nginx static" "$nr" "$np" "$ne"
  printf "%-28s %10s\n" "$ep: ratio zl/nginx" "$(python3 -c "print(f'{$zr/$nr:.2f}')")"
  [ $ep = finder ] && printf "%-28s %10s\n" "$ep: ratio uncached/nginx" "$(python3 -c "print(f'{$z2r/$nr:.2f}')")"
done
echo "finder: a mix of queries rotated by bench/http/finder_mix.lua; impact: LUNG, norm 60, full sample;"
echo "nginx serves zl's answer to one such request as a static file; after a 3 s warm-up of zl"
