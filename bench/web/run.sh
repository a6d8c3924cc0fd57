#!/usr/bin/env bash
# Browser benchmark (issue 13): the impact page's first load over loopback, measured in
# headless Chromium from navigation to the map drawn (every PC4 area filled from the
# impact answer), with an empty cache each time; and the bytes of the PC4 map on the wire.
# Side by side in one run, taking turns: `zl serve` (its precompressed files) and nginx
# serving the same build/www with gzip_static, the API proxied to the same zl (the
# reference for static serving). Both sides must draw the same map (same number of areas,
# same fills) or the run fails. Targets: first load < 1 s, map < 1 MB transferred.
# Usage: bench/web/run.sh [--rounds 9] [--db FILE] [--intervention LUNG]
# Needs nginx (scripts/install-deps.sh --bench), Chromium and Node (--browser), a built zl
# (make build) and the browser test's node_modules (built by the browser tests, or npm ci
# in tests/browser).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ZL=${ZL:-$ROOT/build/zl}
ROUNDS=9 DB= IV=LUNG
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --db) DB=$2; shift 2 ;;
    --intervention) IV=$2; shift 2 ;;
    *) echo "usage: $0 [--rounds N] [--db FILE] [--intervention CODE]" >&2; exit 2 ;;
  esac
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "bench/web: nginx missing (scripts/install-deps.sh --bench)" >&2; exit 1; }
[ -x "$ZL" ] || { echo "bench/web: $ZL not built (make build)" >&2; exit 1; }
WWW=$(dirname "$ZL")/www
[ -f "$WWW/impact.html" ] || { echo "bench/web: $WWW missing (make build)" >&2; exit 1; }
MODULES=
for d in "$(dirname "$ZL")/browser-everyday" "$(dirname "$ZL")/browser-test" "$ROOT/tests/browser"; do
  [ -d "$d/node_modules/playwright-core" ] && { MODULES=$d/node_modules; break; }
done
[ -n "$MODULES" ] || { echo "bench/web: playwright-core missing (npm ci in tests/browser)" >&2; exit 1; }

WORK=$(mktemp -d)
chmod 755 "$WORK"
ZL_PID= NGINX_STARTED=
cleanup() {
  [ -n "$ZL_PID" ] && kill -TERM "$ZL_PID" 2>/dev/null && wait "$ZL_PID" 2>/dev/null
  [ -n "$NGINX_STARTED" ] && "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -s stop 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ -z "$DB" ]; then
  DB=$WORK/bench.db
  echo "building the full sample database (zl demo) ..." >&2
  "$ZL" --db "$DB" demo >"$WORK/demo.log" 2>&1 || { cat "$WORK/demo.log" >&2; exit 1; }
fi

PORT_ZL=18740 PORT_NGINX=18741
"$ZL" --db "$DB" serve --listen 127.0.0.1:$PORT_ZL --web "$WWW" --quiet >"$WORK/zl.out" 2>&1 &
ZL_PID=$!
# nginx: the same files, precompressed copies sent with gzip_static, the API proxied to zl.
cp -r "$WWW" "$WORK/www"
chmod -R a+rX "$WORK/www"
mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp"
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path $WORK/nginx/tmp;
  proxy_temp_path $WORK/nginx/tmp;
  fastcgi_temp_path $WORK/nginx/tmp;
  uwsgi_temp_path $WORK/nginx/tmp;
  scgi_temp_path $WORK/nginx/tmp;
  server {
    listen 127.0.0.1:$PORT_NGINX;
    root $WORK/www;
    gzip_static on;
    location /api/ { proxy_pass http://127.0.0.1:$PORT_ZL; proxy_http_version 1.1; }
  }
}
CONF
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
NGINX_STARTED=1
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$PORT_ZL/impact.html" >/dev/null && curl -sf "http://127.0.0.1:$PORT_NGINX/impact.html" >/dev/null && break
  sleep 0.1
done
# Warm both servers' case cache once (the first impact answer loads the case).
curl -sf "http://127.0.0.1:$PORT_ZL/api/v1/impact?intervention=$IV&map=true" >/dev/null

cp "$ROOT/bench/web/load.mjs" "$MODULES/../zl-bench-load.mjs"
node "$MODULES/../zl-bench-load.mjs" "$ROUNDS" "$IV" "zl=http://127.0.0.1:$PORT_ZL" \
  "nginx=http://127.0.0.1:$PORT_NGINX" >"$WORK/loads.jsonl"
rm -f "$MODULES/../zl-bench-load.mjs"
python3 - "$WORK/loads.jsonl" "$ROUNDS" "$IV" <<'PY'
import json, statistics, sys, os
rows = [json.loads(l) for l in open(sys.argv[1])]
rounds, iv = int(sys.argv[2]), sys.argv[3]
by = {s: [r for r in rows if r["side"] == s] for s in ("zl", "nginx")}
med = {s: statistics.median(r["ms"] for r in v) for s, v in by.items()}
fps = {(r["paths"], r["fingerprint"]) for r in rows}
map_bytes = {s: sorted({r["map_bytes"] for r in v}) for s, v in by.items()}
load = os.getloadavg()[0]
print(f"impact page first load ({iv}), {rounds} rounds each, empty cache, load average {load:.2f}")
for s in ("zl", "nginx"):
    ms = sorted(r["ms"] for r in by[s])
    print(f"  {s:6s} median {med[s]:7.1f} ms  (min {ms[0]:.1f}, max {ms[-1]:.1f})  map on the wire {map_bytes[s]} bytes")
print(f"  ratio zl / nginx: {med['zl'] / med['nginx']:.2f}")
ok = True
if len(fps) != 1:
    print(f"DISAGREE: the two sides drew different maps: {fps}"); ok = False
if med["zl"] >= 1000:
    print(f"TARGET MISSED: first load {med['zl']:.0f} ms >= 1 s"); ok = False
if max(map_bytes["zl"]) >= 1_000_000 or min(map_bytes["zl"]) <= 0:
    print(f"TARGET MISSED: map {map_bytes['zl']} bytes (must be 0 < bytes < 1 MB)"); ok = False
sys.exit(0 if ok else 1)
PY
