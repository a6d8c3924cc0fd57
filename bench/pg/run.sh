#!/usr/bin/env bash
# PostgreSQL backend benchmark (issue 18): our code on PostgreSQL beside named references,
# in one run, on a throw-away PostgreSQL 15 cluster (tests/pg/pg_server.sh: Unix socket,
# fsync=off, shared_buffers=64MB) and the same data on both backends:
#  (a) registry import of ROWS (default 1.2 million) synthetic registrations from the
#      seeded generator (zl registry synth --seed 1): zl registry import (validation, then
#      COPY, src/store/registry_write.c) into a fresh copy of the reference database, against
#      psql \copy of the same file into a bare table (no validation, key or index) of an
#      empty database (goal: ours >= 0.5x its speed);
#  (b) the impact engine: case load and zl_impact_run in process (bench/impact's
#      impact_bench, every intervention) and a whole `zl impact` process (LUNG, norm 60,
#      --json) on PostgreSQL against SQLite (goal: within 2x);
#  (c) finder and counts over HTTP (wrk, as bench/http): zl serve on PostgreSQL against zl
#      serve on SQLite, --cache 0 so every finder request runs (goal: >= 1/1.5 of SQLite);
#      counts for one code of median frequency, and for 200 codes in turn (counts_mix.lua).
# Medians of RUNS runs (HTTP: ROUNDS rounds, servers taking turns). The sides must agree or
# the script exits 1: rows imported by zl and by \copy, every impact figure of every
# intervention, the `zl impact` answers, and the HTTP answers of both servers (finder
# queries and counts, byte for byte, with one disclosure key).
# Usage: bench/pg/run.sh [ZL_BINARY]  env: ROWS, RUNS (3), ROUNDS (3), DURATION (10s), WORK,
# PARTS (abc: which of (a), (b), (c) to run; b alone skips the rare-disease and registry
# data), PROC_RUNS (9: runs of the whole `zl impact` process in (b))
# Needs PostgreSQL 15 server binaries, psql, wrk, sqlite3, /usr/bin/time
# (scripts/install-deps.sh --bench) and a built tree (make build).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/bench/http/common.sh"
ZL=${1:-$ROOT/build/zl}
BUILD=$(dirname "$ZL")
ROWS=${ROWS:-1200000}
RUNS=${RUNS:-3}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
PARTS=${PARTS:-abc}
PROC_RUNS=${PROC_RUNS:-9}
has() { [[ $PARTS == *$1* ]]; }
ours=() bare=() floor=() il=() ip=()
WORK=${WORK:-$(mktemp -d)}
PGS=$ROOT/tests/pg/pg_server.sh
PGDIR=$(mktemp -d /tmp/zl-pg-bench.XXXXXX) # its own: the cluster runs as another user when root
for tool in psql wrk sqlite3 curl; do
  command -v "$tool" >/dev/null || { echo "bench/pg: $tool missing" >&2; exit 1; }
done
LITE_PID= PG_PID=
cleanup() {
  [ -n "$LITE_PID" ] && kill "$LITE_PID" 2>/dev/null && wait "$LITE_PID" 2>/dev/null
  [ -n "$PG_PID" ] && kill "$PG_PID" 2>/dev/null && wait "$PG_PID" 2>/dev/null
  bash "$PGS" stop "$PGDIR" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
bash "$PGS" start "$PGDIR" >/dev/null
psql_on() { PGOPTIONS="-c client_min_messages=warning" PGPASSWORD=zl_test psql -qAtX -v ON_ERROR_STOP=1 -h "$PGDIR" -U zl_test -d "$1" "${@:2}"; }
uri() { echo "postgresql://zl_test:zl_test@/$1?host=$PGDIR"; }
FAIL=0
disagree() { echo "DISAGREE: $*" >&2; FAIL=1; }
t_wall() { # t_wall OUT CMD...: runs CMD (stdout to OUT), prints its wall seconds
  local t0 t1
  t0=$(date +%s.%N)
  "${@:2}" >"$1"
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc
}
med() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# --- the same data on both backends (zl's own importers) ---
LITE=$WORK/lite.db
psql_on postgres -c "CREATE DATABASE ref"
S=$ROOT/data/sample N=$ROOT/data/nl O=$ROOT/data/orphanet
t0=$(date +%s)
for db in "$LITE" "$(uri ref)"; do
  for kv in "areas $N/pc4.csv" "area-ages $N/pc4_age.csv" "locations $S/locations.csv" \
    "regions $S/regions_province.csv" "interventions $S/interventions.csv" \
    "volumes $S/volumes.csv" "flows $S/flows.csv"; do
    set -- $kv
    "$ZL" -q --db "$db" import "$1" "$2" >/dev/null
  done
  [ "$db" = "$LITE" ] && "$ZL" -q --db "$db" travel build >/dev/null
  has a || has c || continue # the registry's codes and the finder's names
  "$ZL" -q --db "$db" rare import ordo "$O/ordo-2.6-2018-07-12.json.gz" >/dev/null
  "$ZL" -q --db "$db" rare import ern "$O/ern.csv" >/dev/null
  "$ZL" -q --db "$db" rare import ecza "$S/ecza.csv" >/dev/null
done
# zl travel build on PostgreSQL (COPY in batches) took 5.2 s here against SQLite's 1.5 s; the
# bench builds once, on SQLite, and copies the travel times and matrix, every double with
# 17 digits, so both backends hold the same numbers and the set-up stays short.
sqlite3 -csv "$LITE" "SELECT pc4, location_id, printf('%.17g', minutes), printf('%.17g', km), method FROM travel" >"$WORK/travel.csv"
sqlite3 -csv "$LITE" "SELECT method, fingerprint, n_areas, n_locations, hex(pc4), hex(location_ids), hex(minutes), hex(km) FROM travel_matrix" >"$WORK/matrix.csv"
psql_on ref -c "\\copy travel(pc4, location_id, minutes, km, method) FROM '$WORK/travel.csv' WITH (FORMAT csv)" \
  -c "CREATE TEMP TABLE m(method text, fingerprint text, n_areas integer, n_locations integer, pc4 text, location_ids text, minutes text, km text)" \
  -c "\\copy m FROM '$WORK/matrix.csv' WITH (FORMAT csv)" \
  -c "INSERT INTO travel_matrix SELECT method, fingerprint, n_areas, n_locations, decode(pc4, 'hex'), decode(location_ids, 'hex'), decode(minutes, 'hex'), decode(km, 'hex') FROM m"
[ "$(psql_on ref -c 'SELECT count(*) FROM travel')" = "$(sqlite3 "$LITE" 'SELECT count(*) FROM travel')" ] ||
  disagree "travel rows copied to PostgreSQL"
# What autovacuum does within a minute of a bulk load (statistics, hint bits, visibility
# map), and a checkpoint so that no timed part competes with writing the pages out: without
# them the first reads of the fresh tables pay for it (case loads 6x slower).
psql_on ref -c "VACUUM ANALYZE" -c CHECKPOINT
echo "reference data on both backends in $(($(date +%s) - t0)) s" >&2
CSV=$WORK/registrations.csv
PGDB=ref # the database (b) and (c) use: imp, with the registrations, after (a)
if has a || has c; then
"$ZL" --db "$LITE" registry synth --seed 1 --rows "$ROWS" --codes 2000 --out "$CSV" 2>/dev/null
echo "generated $ROWS synthetic registrations ($(du -h "$CSV" | cut -f1))" >&2
fi

# --- (a) registry import: zl on PostgreSQL against psql \copy into a bare table ---
if has a; then
ours=() bare=() floor=() one=()
for i in $(seq "$RUNS"); do
  psql_on postgres -c "DROP DATABASE IF EXISTS imp" -c "CREATE DATABASE imp TEMPLATE ref" \
    -c "DROP DATABASE IF EXISTS bare" -c "CREATE DATABASE bare"
  psql_on bare -c "CREATE TABLE bare(location_id text, pseudonym text, orpha text,
    diagnosis_date text, birth_year text, sex text, pc4 text, contact_date text, synthetic text)"
  # A checkpoint before each timed load, so that no side pays for the other's dirty pages.
  psql_on postgres -c CHECKPOINT
  ours+=("$(t_wall "$WORK/import.out" "$ZL" --db "$(uri imp)" registry import "$CSV")")
  psql_on postgres -c CHECKPOINT
  bare+=("$(t_wall /dev/null psql_on bare -c "\\copy bare FROM '$CSV' WITH (FORMAT csv, HEADER true)")")
  # The floor of any validated import: the server's own binary COPY of the very rows zl
  # stored into registration's real shape (key, checks), no client work at all.
  [ -f "$WORK/reg.bin" ] || psql_on imp -c "\\copy registration TO '$WORK/reg.bin' (FORMAT binary)"
  psql_on postgres -c "DROP DATABASE IF EXISTS floor" -c "CREATE DATABASE floor TEMPLATE ref" -c CHECKPOINT
  floor+=("$(t_wall /dev/null psql_on floor -c "\\copy registration FROM '$WORK/reg.bin' (FORMAT binary)")")
  # The same import with one reading thread (--threads 1), to show what the second gives.
  psql_on postgres -c "DROP DATABASE IF EXISTS imp1" -c "CREATE DATABASE imp1 TEMPLATE ref" -c CHECKPOINT
  one+=("$(t_wall /dev/null "$ZL" --db "$(uri imp1)" registry import --threads 1 "$CSV")")
  echo "import run $i: zl ${ours[-1]} s (one reader ${one[-1]} s), \\copy ${bare[-1]} s, keyed binary \\copy ${floor[-1]} s, load $(cut -d' ' -f1 /proc/loadavg)" >&2
done
[ "$(psql_on floor -c 'SELECT count(*) FROM registration')" = "$ROWS" ] || disagree "rows in the keyed binary copy"
n_zl=$(psql_on imp -c 'SELECT count(*) FROM registration')
n_bare=$(psql_on bare -c 'SELECT count(*) FROM bare')
[ "$(psql_on imp1 -c 'SELECT count(*) FROM registration')" = "$ROWS" ] || disagree "rows imported by one reader"
[ "$n_zl" = "$ROWS" ] && [ "$n_bare" = "$ROWS" ] ||
  disagree "rows imported: zl $n_zl, \\copy $n_bare, file $ROWS"
grep -q "$ROWS accepted ($ROWS new" "$WORK/import.out" || disagree "zl import: $(cat "$WORK/import.out")"
lite_import=$(t_wall /dev/null "$ZL" --db "$LITE" registry import "$CSV")
PGDB=imp
fi # (a)
PG=$(uri "$PGDB")
# (c) needs the registrations: without (a) they go in unmeasured.
if has c && ! has a; then "$ZL" -q --db "$PG" registry import "$CSV" >/dev/null; "$ZL" -q --db "$LITE" registry import "$CSV" >/dev/null; fi

# --- (b) impact: PostgreSQL against SQLite ---
if has b; then
IB=$WORK/impact_bench
# shellcheck disable=SC2046
cc -O2 -std=c17 -D_POSIX_C_SOURCE=200809L -I"$ROOT/include" "$ROOT/bench/impact/impact_bench.c" \
  "$BUILD/libzorglandschap.a" $(cat "$BUILD/link-flags.txt") -o "$IB"
"$IB" "$LITE" "$RUNS" >"$WORK/engine.lite" 2>"$WORK/engine.lite.err"
"$IB" "$PG" "$RUNS" >"$WORK/engine.pg" 2>"$WORK/engine.pg.err"
cmp -s "$WORK/engine.lite" "$WORK/engine.pg" ||
  disagree "impact figures differ: $(diff "$WORK/engine.lite" "$WORK/engine.pg" | head -4)"
load_sum() { awk '{for (i = 2; i <= NF; i++) if ($i ~ /^load_ms=/) {sub("load_ms=", "", $i); s += $i}} END {printf "%.0f", s}' "$1"; }
run_sum() { awk '{for (i = 2; i <= NF; i++) if ($i ~ /^run_ms=/) {sub("run_ms=", "", $i); s += $i}} END {printf "%.1f", s}' "$1"; }
il=() ip=()
for i in $(seq "$PROC_RUNS"); do
  il+=("$(t_wall "$WORK/impact.lite" "$ZL" --db "$LITE" impact --intervention LUNG --norm 60 --json)")
  ip+=("$(t_wall "$WORK/impact.pg" "$ZL" --db "$PG" impact --intervention LUNG --norm 60 --json)")
done
cmp -s "$WORK/impact.lite" "$WORK/impact.pg" || disagree "zl impact LUNG answers differ"
fi # (b)

# --- (c) finder and counts over HTTP: PostgreSQL against SQLite ---
declare -A ACC
if has c; then
psql_on "$PGDB" -c "UPDATE disclosure_key SET key = decode('$(sqlite3 "$LITE" 'SELECT hex(key) FROM disclosure_key')', 'hex')"
"$ZL" --db "$LITE" serve --listen 127.0.0.1:0 --threads 2 --cache 0 --quiet >"$WORK/lite.out" 2>"$WORK/lite.err" &
LITE_PID=$!
"$ZL" --db "$PG" serve --listen 127.0.0.1:0 --threads 2 --cache 0 --quiet >"$WORK/pg.out" 2>"$WORK/pg.err" &
PG_PID=$!
LP=$(listening_port "$WORK/lite.out")
PP=$(listening_port "$WORK/pg.out")
[ -n "$LP" ] && [ -n "$PP" ] || { cat "$WORK/lite.err" "$WORK/pg.err" >&2; exit 1; }
# A code of median frequency (the most frequent ones hold a tenth of all rows).
CODE=$(cut -d, -f3 "$CSV" | sed 1d | sort | uniq -c | sort -rn | awk '{c[NR] = $2} END {n = c[int((NR + 1) / 2)]; sub("ORPHA:", "", n); print n}')
COUNTS="/api/v1/registry/counts?code=$CODE"
# 200 codes across the frequency range, for a mix of counts requests (counts_mix.lua).
export COUNTS_CODES=$WORK/codes.txt
cut -d, -f3 "$CSV" | sed 1d | sort | uniq -c | sort -rn | awk '{sub("ORPHA:", "", $2); print $2}' |
  awk '{c[NR] = $1} END {for (k = 0; k < 200; k++) print c[1 + int(k * NR / 200)]}' >"$COUNTS_CODES"
FIND="/api/v1/rare/find?q=marfan&lang=nl&limit=10&date=2025-06-01"
F="/api/v1/rare/find?lang=nl&limit=10&date=2025-06-01&q="
for q in "$COUNTS" "$COUNTS&by=age" $(head -20 "$COUNTS_CODES" | sed 's|^|/api/v1/registry/counts?code=|') "${F}marfan" "${F}cystic%20fibrosis" \
  "${F}cistic%20fibrosis" "${F}ORPHA%3A558" "${F}586" "${F}duchenne" "${F}huntington"; do
  a=$(curl -s "http://127.0.0.1:$LP$q") b=$(curl -s "http://127.0.0.1:$PP$q")
  [ "$a" = "$b" ] && [ -n "$a" ] || disagree "HTTP $q: SQLite '${a:0:120}' PostgreSQL '${b:0:120}'"
done
wrun() { wrk_summary "$(wrk -t 2 -c 16 -d "$DURATION" --timeout 10s --latency ${2:+-s "$2"} "$1")"; }
MIX=$ROOT/bench/http/finder_mix.lua CMIX=$ROOT/bench/pg/counts_mix.lua
for u in "http://127.0.0.1:$LP" "http://127.0.0.1:$PP"; do # warm-up: finder index, caches
  wrk -t 2 -c 16 -d 3s -s "$MIX" "$u$FIND" >/dev/null
  wrk -t 2 -c 16 -d 3s "$u$COUNTS" >/dev/null
done
for r in $(seq "$ROUNDS"); do
  ACC[fl]+=$(wrun "http://127.0.0.1:$LP$FIND" "$MIX")$'\n'
  ACC[fp]+=$(wrun "http://127.0.0.1:$PP$FIND" "$MIX")$'\n'
  ACC[cl]+=$(wrun "http://127.0.0.1:$LP$COUNTS")$'\n'
  ACC[cp]+=$(wrun "http://127.0.0.1:$PP$COUNTS")$'\n'
  ACC[ml]+=$(wrun "http://127.0.0.1:$LP$COUNTS" "$CMIX")$'\n'
  ACC[mp]+=$(wrun "http://127.0.0.1:$PP$COUNTS" "$CMIX")$'\n'
done
for k in "${!ACC[@]}"; do ACC[$k]=$(printf '%s' "${ACC[$k]}" | median); done
fi # (c)

# --- report ---
ratio() { echo "scale=2; $1 / $2" | bc; }
med_or() { [ $# -gt 0 ] && med "$@" || echo -; }
mo=$(med_or "${ours[@]}") mb=$(med_or "${bare[@]}") mf=$(med_or "${floor[@]}") m1=$(med_or "${one[@]}") mil=$(med_or "${il[@]}") mip=$(med_or "${ip[@]}")
first_load() { awk 'NR == 1 {for (i = 2; i <= NF; i++) if ($i ~ /^load_ms=/) {sub("load_ms=", "", $i); printf "%.0f", $i}}' "$1"; }
echo "PostgreSQL benchmark $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); medians of $RUNS runs (HTTP: $ROUNDS rounds of $DURATION)"
if has a; then
echo "(a) registry import, $ROWS rows:"
echo "    zl registry import into PostgreSQL (validated, COPY): $mo s   runs: ${ours[*]}"
echo "    the same with one reading thread (--threads 1):       $m1 s   runs: ${one[*]}"
echo "    psql \\copy into a bare table:                          $mb s   runs: ${bare[*]}"
echo "    ratio ours/bare (speed):                              $(ratio "$mb" "$mo")x   (goal >= 0.5x)"
echo "    psql \\copy of zl's rows, binary, into registration (key, checks): $mf s   runs: ${floor[*]}"
echo "    ratio ours/keyed binary copy (speed):                 $(ratio "$mf" "$mo")x   (the floor; its time is $(ratio "$mf" "$mb")x the bare copy's)"
echo "    (zl registry import into SQLite, one run:             $lite_import s)"
fi
if has b; then
echo "(b) impact, every intervention in process (impact_bench, sums over interventions):"
echo "    case load: SQLite $(load_sum "$WORK/engine.lite.err") ms, PostgreSQL $(load_sum "$WORK/engine.pg.err") ms, ratio PG/SQLite $(ratio "$(load_sum "$WORK/engine.pg.err")" "$(load_sum "$WORK/engine.lite.err")")x   (goal <= 2x)"
echo "    of which the first case load (a new connection, nothing cached): SQLite $(first_load "$WORK/engine.lite.err") ms, PostgreSQL $(first_load "$WORK/engine.pg.err") ms"
echo "    impact runs: SQLite $(run_sum "$WORK/engine.lite.err") ms, PostgreSQL $(run_sum "$WORK/engine.pg.err") ms"
echo "    whole zl impact LUNG --norm 60 --json (median of $PROC_RUNS): SQLite $mil s, PostgreSQL $mip s, ratio $(ratio "$mip" "$mil")x   (goal <= 2x)"
echo "      runs SQLite: ${il[*]}"
echo "      runs PostgreSQL: ${ip[*]}"
fi
if has c; then
echo "(c) HTTP, zl serve --threads 2 --cache 0, wrk -t2 -c16 (req/s, p99 ms, errors):"
echo "    finder (15-query mix): SQLite ${ACC[fl]}, PostgreSQL ${ACC[fp]}, ratio $(ratio "${ACC[fp]%% *}" "${ACC[fl]%% *}")x   (goal >= 0.67x)"
echo "    counts ORPHA:$CODE:     SQLite ${ACC[cl]}, PostgreSQL ${ACC[cp]}, ratio $(ratio "${ACC[cp]%% *}" "${ACC[cl]%% *}")x   (goal >= 0.67x)"
echo "    counts, 200 codes in turn: SQLite ${ACC[ml]}, PostgreSQL ${ACC[mp]}, ratio $(ratio "${ACC[mp]%% *}" "${ACC[ml]%% *}")x"
errors=0
for k in "${!ACC[@]}"; do errors=$((errors + $(cut -d' ' -f3 <<<"${ACC[$k]}"))); done
[ "$errors" = 0 ] || disagree "$errors HTTP errors"
fi
[ "$FAIL" = 0 ] && echo "agreement: rows, impact figures, zl impact answers and HTTP answers identical"
exit "$FAIL"
