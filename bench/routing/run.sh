#!/usr/bin/env bash
# Road router against OSRM v5.27.1, side by side (docs/performance.md, "Road network"):
#   agreement  the same random points (SOURCES x DESTS, seeded, kept where a road is within
#              300 m) on Monaco and Andorra: zl route table --osm (car, driving time only)
#              against OSRM's car profile (table service, CH): median and 95th percentile of
#              the relative duration difference, and the share of pairs with the same
#              routable/unroutable verdict;
#   speed      zl's preprocessing + table (one `zl route table --osm` process, graph cache
#              removed first) against osrm-extract + osrm-contract + the table query;
#              medians of RUNS;
#   scale      a generated (synthetic) network of the Netherlands' size, the 4,065 x 121
#              matrix (bench/routing/nl_bench.c), time and peak memory.
# Exits non-zero when agreement misses its goal (median <= 3 %, p95 <= 15 %, verdict >= 99 %).
#
# Usage: bench/routing/run.sh OSRM_SOURCE_DIR
#   OSRM_SOURCE_DIR: a checkout of github.com/Project-OSRM/osrm-backend at tag v5.27.1 (never
#   inside this repository). It is built once into $OSRM_BUILD (default bench/out/osrm-build)
#   with the flags below, niced; on Debian 12 it needs `scripts/install-deps.sh --bench`.
#   Env: RUNS=3, SOURCES=100, DESTS=20, ANDORRA=path (default ../shared/data/osm/andorra.osm.pbf),
#   PORT=18801 (osrm-routed on 127.0.0.1), SKIP_NL=1 to leave out the scale run.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ZL=${ZL:-$ROOT/build/zl}
OUT=$ROOT/bench/out/routing
RUNS=${RUNS:-3}
SOURCES=${SOURCES:-100}
DESTS=${DESTS:-20}
PORT=${PORT:-18801}
OSRM_SRC=${1:?usage: bench/routing/run.sh OSRM_SOURCE_DIR (osrm-backend at v5.27.1)}
OSRM_BUILD=${OSRM_BUILD:-$ROOT/bench/out/osrm-build}
ANDORRA=${ANDORRA:-$ROOT/../shared/data/osm/andorra.osm.pbf}
mkdir -p "$OUT"
[ -x "$ZL" ] || { echo "bench: $ZL not found; run 'make build' first" >&2; exit 1; }
for t in curl python3 /usr/bin/time; do
  command -v "$t" >/dev/null || { echo "bench: needs $t (scripts/install-deps.sh --bench)" >&2; exit 1; }
done

if [ ! -x "$OSRM_BUILD/osrm-routed" ]; then
  echo "building OSRM from $OSRM_SRC into $OSRM_BUILD (takes long) ..." >&2
  mkdir -p "$OSRM_BUILD"
  (cd "$OSRM_BUILD" && nice -n 19 cmake "$OSRM_SRC" -DCMAKE_BUILD_TYPE=Release -DENABLE_LTO=OFF \
    -DBUILD_TOOLING=OFF -DENABLE_CCACHE=OFF \
    -DCMAKE_CXX_FLAGS="-Wno-error=array-bounds -Wno-array-bounds -Wno-error=stringop-overflow -Wno-error=uninitialized -Wno-error=maybe-uninitialized" \
    >/dev/null && nice -n 19 make -j2 osrm-extract osrm-contract osrm-routed >/dev/null)
fi

now() { date +%s.%N; }

# Seeded random points inside the network's box, kept where zl finds a road within 300 m.
make_points() { # extract name lat0 lat1 lon0 lon1 seed road_lat road_lon -> <name>.{src,dst}.csv
  local osm=$1 name=$2
  python3 - "$3" "$4" "$5" "$6" "$7" >"$OUT/$name.cand.csv" <<'PY'
import random, sys
lat0, lat1, lon0, lon1, seed = map(float, sys.argv[1:])
r = random.Random(int(seed))
print("id,lat,lon")
for i in range(3000):
    print(f"p{i},{r.uniform(lat0, lat1):.6f},{r.uniform(lon0, lon1):.6f}")
PY
  printf 'id,lat,lon\nc,%s,%s\n' "$8" "$9" >"$OUT/$name.one.csv" # a point on a road
  "$ZL" --db "$OUT/bench.db" route table --osm "$osm" --from "$OUT/$name.cand.csv" \
    --to "$OUT/$name.one.csv" --csv --max-snap-m 300 --quiet >"$OUT/$name.near.csv" 2>/dev/null
  python3 - "$OUT/$name" "$SOURCES" "$DESTS" "$OUT/$name.cand.csv" <<'PY'
import csv, sys
base, ns, nd, cand = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
near = {row["from_id"] for row in csv.DictReader(open(f"{base}.near.csv")) if row["minutes"] != ""}
pts = [r for r in csv.DictReader(open(cand)) if r["id"] in near]
assert len(pts) >= ns + nd, f"only {len(pts)} points near a road"
for name, part in (("src", pts[:ns]), ("dst", pts[ns:ns + nd])):
    with open(f"{base}.{name}.csv", "w") as f:
        f.write("id,lat,lon\n")
        for r in part:
            f.write(f"{r['id']},{r['lat']},{r['lon']}\n")
PY
}

zl_side() { # extract name -> medians in $OUT/<name>.zl.times, table in <name>.zl.csv
  local osm=$1 name=$2
  : >"$OUT/$name.zl.times"
  for i in $(seq "$RUNS"); do
    rm -f "$OUT"/bench.db.roads-*
    local t0 t1
    t0=$(now)
    "$ZL" --db "$OUT/bench.db" route table --osm "$osm" --from "$OUT/$name.src.csv" \
      --to "$OUT/$name.dst.csv" --csv --quiet >"$OUT/$name.zl.csv" 2>/dev/null
    t1=$(now)
    echo "$t0 $t1" | awk '{printf "%.3f\n", $2 - $1}' >>"$OUT/$name.zl.times"
  done
  /usr/bin/time -v "$ZL" --db "$OUT/bench.db" route table --osm "$osm" --from "$OUT/$name.src.csv" \
    --to "$OUT/$name.dst.csv" --csv --quiet >/dev/null 2>"$OUT/$name.zl.rss"
}

osrm_side() { # extract name -> extract/contract/query times, table in <name>.osrm.json
  local osm=$1 name=$2 dir="$OUT/osrm-$2"
  : >"$OUT/$name.osrm.times"
  local coords
  coords=$(tail -n +2 "$OUT/$name.src.csv" "$OUT/$name.dst.csv" | grep -v '^==>' | grep . |
    awk -F, '{printf "%s%s,%s", (NR > 1 ? ";" : ""), $3, $2}')
  local srcs dsts
  srcs=$(seq -s';' 0 $((SOURCES - 1)))
  dsts=$(seq -s';' "$SOURCES" $((SOURCES + DESTS - 1)))
  for i in $(seq "$RUNS"); do
    rm -rf "$dir" && mkdir -p "$dir" && cp "$osm" "$dir/x.osm.pbf"
    local t0 t1 t2 t3 t4
    t0=$(now)
    "$OSRM_BUILD/osrm-extract" -p "$OSRM_SRC/profiles/car.lua" "$dir/x.osm.pbf" >"$dir/extract.log" 2>&1
    t1=$(now)
    "$OSRM_BUILD/osrm-contract" "$dir/x.osrm" >"$dir/contract.log" 2>&1
    t2=$(now)
    "$OSRM_BUILD/osrm-routed" --algorithm ch --ip 127.0.0.1 --port "$PORT" \
      --max-table-size 100000 "$dir/x.osrm" >"$dir/routed.log" 2>&1 &
    local pid=$!
    for _ in $(seq 100); do
      curl -sf "http://127.0.0.1:$PORT/nearest/v1/driving/$(echo "$coords" | cut -d';' -f1)" \
        >/dev/null 2>&1 && break
      sleep 0.2
    done
    t3=$(now)
    curl -sf "http://127.0.0.1:$PORT/table/v1/driving/$coords?sources=$srcs&destinations=$dsts&annotations=duration,distance" \
      >"$OUT/$name.osrm.json"
    t4=$(now)
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    echo "$t0 $t1 $t2 $t3 $t4" | awk '{printf "%.3f %.3f %.3f\n", $2 - $1, $3 - $2, $5 - $4}' \
      >>"$OUT/$name.osrm.times"
  done
}

compare() { # name -> one result line, exit 1 when agreement misses the goal
  python3 - "$OUT" "$1" "$SOURCES" "$DESTS" <<'PY'
import csv, json, statistics, sys
out, name, ns, nd = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
osrm = json.load(open(f"{out}/{name}.osrm.json"))
src = [r["id"] for r in csv.DictReader(open(f"{out}/{name}.src.csv"))]
dst = [r["id"] for r in csv.DictReader(open(f"{out}/{name}.dst.csv"))]
zl = {(r["from_id"], r["to_id"]): r for r in csv.DictReader(open(f"{out}/{name}.zl.csv"))}
rel, same, pairs = [], 0, 0
for i, s in enumerate(src):
    for j, d in enumerate(dst):
        o = osrm["durations"][i][j]
        z = zl[(s, d)]["minutes"]
        pairs += 1
        same += (o is None) == (z == "")
        if o is not None and z != "" and o > 0:
            rel.append(abs(float(z) * 60 - o) / o)
rel.sort()
p95 = rel[int(0.95 * (len(rel) - 1))]
med = statistics.median(rel)
zt = [float(x) for x in open(f"{out}/{name}.zl.times")]
ot = [list(map(float, l.split())) for l in open(f"{out}/{name}.osrm.times")]
ex, co, q = (statistics.median(c) for c in zip(*ot))
z = statistics.median(zt)
rss = [l.split(": ")[1].strip() for l in open(f"{out}/{name}.zl.rss") if "Maximum resident" in l][0]
ok = med <= 0.03 and p95 <= 0.15 and same / pairs >= 0.99
print(f"{name}: {ns}x{nd} pairs; duration difference median {100 * med:.1f} %, p95 "
      f"{100 * p95:.1f} %; same verdict {100 * same / pairs:.1f} %  -> {'OK' if ok else 'MISSED'}")
print(f"{name}: zl preprocessing+table {z:.2f} s (peak {int(rss) / 1024:.0f} MB); OSRM extract "
      f"{ex:.2f} + contract {co:.2f} + table {q:.3f} = {ex + co + q:.2f} s; OSRM/zl "
      f"{(ex + co + q) / z:.2f}x (medians of {len(zt)})")
sys.exit(0 if ok else 1)
PY
}

status=0
: >"$OUT/results.txt"
make_points "$ROOT/data/osm/monaco.osm.pbf" monaco 43.7240 43.7520 7.4090 7.4400 14 \
  43.7416134 7.4304875
make_points "$ANDORRA" andorra 42.4350 42.6550 1.4250 1.7800 15 42.5063 1.5218
for x in "monaco:$ROOT/data/osm/monaco.osm.pbf" "andorra:$ANDORRA"; do
  name=${x%%:*} osm=${x#*:}
  zl_side "$osm" "$name"
  osrm_side "$osm" "$name"
  compare "$name" | tee -a "$OUT/results.txt" || status=1
done

if [ "${SKIP_NL:-0}" != 1 ]; then
  BIN=$OUT/nl_bench
  # shellcheck disable=SC2046
  cc -O2 -std=c17 -D_POSIX_C_SOURCE=200809L -I"$ROOT/include" "$ROOT/bench/routing/nl_bench.c" \
    "$ROOT/build/libzorglandschap.a" $(cat "$ROOT/build/link-flags.txt") -o "$BIN"
  python3 - "$ROOT" "$OUT" <<'PY'
import csv, sys
root, out = sys.argv[1], sys.argv[2]
with open(f"{out}/nl.src.csv", "w") as f:
    f.write("id,lat,lon\n")
    for r in csv.DictReader(open(f"{root}/data/nl/pc4.csv")):
        f.write(f"{r['pc4']},{r['lat']},{r['lon']}\n")
with open(f"{out}/nl.dst.csv", "w") as f:
    f.write("id,lat,lon\n")
    for r in csv.DictReader(open(f"{root}/data/sample/locations.csv")):
        f.write(f"{r['location_id']},{r['lat']},{r['lon']}\n")
PY
  "$BIN" "$OUT/nl.src.csv" "$OUT/nl.dst.csv" 2 | tee -a "$OUT/results.txt" || status=1
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/results.txt"
exit $status
