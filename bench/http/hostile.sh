#!/usr/bin/env bash
# HTTP hostile-mix benchmark (issue 12): normal finder traffic (wrk, the 15 repeating
# queries of bench/http/finder_mix.lua, from 127.0.0.1) measured alone and then alongside
# hostile clients (bench/http/hostile_clients.py): 520 slow clients trickling one header
# line every 2 s from 127.0.0.2, reconnecting when cut, and 8 clients guessing the secret of
# a real token id from 127.0.0.3. The two runs take turns for --rounds rounds; medians of
# requests/s and p99. The reference is the same server without the hostile clients. Exits
# non-zero when the normal traffic under attack has errors, a p99 of 10 ms or more, or
# answers that differ from the answers without attack.
# --slow N and --guessers N change the attackers (0: none), to see what each costs.
# Usage: bench/http/hostile.sh [--duration 20s] [--rounds 3] [--db FILE] [--slow 520] [--guessers 8]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/bench/http/common.sh"
ZL=${ZL:-$ROOT/build/zl}
DURATION=20s ROUNDS=3 DB= CONNECTIONS=16 THREADS=2 SLOW=520 GUESSERS=8
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --db) DB=$2; shift 2 ;;
    --slow) SLOW=$2; shift 2 ;;
    --guessers) GUESSERS=$2; shift 2 ;;
    *) echo "usage: $0 [--duration 20s] [--rounds 3] [--db FILE] [--slow 520] [--guessers 8]" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "bench/http: wrk missing (scripts/install-deps.sh --bench)" >&2; exit 1; }
[ -x "$ZL" ] || { echo "bench/http: $ZL not built (make build)" >&2; exit 1; }
WORK=$(mktemp -d)
ZL_PID=
cleanup() {
  [ -n "$ZL_PID" ] && kill -TERM "$ZL_PID" 2>/dev/null && wait "$ZL_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
if [ -z "$DB" ]; then
  DB=$WORK/bench.db
  bench_db "$DB" "$WORK/demo.log"
fi
TOKEN=$("$ZL" --db "$DB" token create --role analyst --label bench-hostile 2>/dev/null)
TOKEN_ID=$(cut -d_ -f2 <<<"$TOKEN")
"$ZL" --db "$DB" serve --listen 127.0.0.1:0 --threads "$THREADS" --quiet >"$WORK/serve.out" 2>"$WORK/serve.err" &
ZL_PID=$!
PORT=$(listening_port "$WORK/serve.out")
[ -n "${PORT:-}" ] || { cat "$WORK/serve.err" >&2; exit 1; }
URL=http://127.0.0.1:$PORT
MIX=$ROOT/bench/http/finder_mix.lua
FINDER="/api/v1/rare/find?q=marfan&lang=nl&limit=10&date=2025-06-01"

# The answers of the mix, to compare with the answers under attack.
answers() { for q in "cystic%20fibrosis" "marfan" "ORPHA%3A558" "huntington"; do
  curl -sf "$URL/api/v1/rare/find?q=$q&lang=nl&limit=10&date=2025-06-01"; echo; done | sha256sum; }
BEFORE=$(answers)

# run: "rps p99_ms errors" of one wrk run of the mix
run() {
  local out
  out=$(wrk -t 2 -c "$CONNECTIONS" -d "$DURATION" --latency -s "$MIX" "$URL$FINDER")
  wrk_summary "$out"
}
secs=${DURATION%s}
wrk -t 2 -c "$CONNECTIONS" -d 3s -s "$MIX" "$URL$FINDER" >/dev/null # warm-up
echo "HTTP hostile mix $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), wrk -t2 -c$CONNECTIONS -d$DURATION, zl serve --threads $THREADS (defaults: --max-per-ip 64, --request-timeout 10)"
declare -A ACC
for round in $(seq "$ROUNDS"); do
  ACC[alone]+=$(run)$'\n'
  python3 "$ROOT/bench/http/hostile_clients.py" "$PORT" "$((secs + 4))" "$SLOW" "$GUESSERS" "$TOKEN_ID" "$WORK/attack.json" &
  APID=$!
  sleep 3 # the slow clients connect and the guessers get throttled
  ACC[attack]+=$(run)$'\n'
  wait "$APID"
  echo "round $round done, load average $(cut -d' ' -f1 /proc/loadavg), attackers saw $(cat "$WORK/attack.json")" >&2
  sleep 1
done
AFTER=$(answers)
A=$(printf '%s' "${ACC[alone]}" | median)
H=$(printf '%s' "${ACC[attack]}" | median)
printf "%-52s %10s %10s %8s\n" "normal finder traffic" "req/s" "p99 ms" "errors"
read -r ar ap ae <<<"$A"; read -r hr hp he <<<"$H"
printf "%-52s %10s %10s %8s\n" "alone (reference)" "$ar" "$ap" "$ae"
printf "%-52s %10s %10s %8s\n" "with $SLOW slow clients and $GUESSERS token guessers" "$hr" "$hp" "$he"
printf "%-52s %10s %10s\n" "ratio attack/alone" "$(python3 -c "print(f'{$hr/$ar:.2f}')")" "$(python3 -c "print(f'{$hp/$ap:.2f}')")"
echo "attackers in the last round: $(cat "$WORK/attack.json")"
echo "medians of $ROUNDS rounds (alone and under attack taking turns); errors summed."
status=0
[ "$BEFORE" = "$AFTER" ] || { echo "FAIL: answers differ after the attack" >&2; status=1; }
[ "$he" -eq 0 ] || { echo "FAIL: $he errors in normal traffic under attack" >&2; status=1; }
python3 -c "import sys; sys.exit(0 if $hp < 10 else 1)" || { echo "FAIL: p99 $hp ms >= 10 ms under attack" >&2; status=1; }
exit $status
