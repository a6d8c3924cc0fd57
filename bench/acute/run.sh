#!/usr/bin/env bash
# Acute care within 45 minutes with the sensitivity of every location (24/7 SEH, all PC4s):
# `zl acute reach` against the same computation in plain SQL, in one run
# (docs/performance.md, "Acute care (issue 11)").
#   engine  zl --db DB acute reach --function seh_24h --json: the whole command (process
#           start, loading, all 1.7 million ambulance drives, chain, totals, sensitivity of
#           all 83 locations, JSON); wall time per run, median of RUNS
#   SQL     bench/acute/reach.sql in sqlite3 on tables holding the ambulance drives that
#           `zl route table --profile ambulance` wrote (posts x areas, areas x locations),
#           i.e. SQL gets the travel times for free; the whole sqlite3 process, median of RUNS
# Exits non-zero when the two disagree (population beyond, every sensitive location and
# its increase). Usage: bench/acute/run.sh  (RUNS=5; ZL=build/zl; `make build` first)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ZL=${ZL:-$ROOT/build/zl}
RUNS=${RUNS:-5}
OUT=$ROOT/bench/out/acute
mkdir -p "$OUT"
[ -x "$ZL" ] || { echo "bench: $ZL not found; run 'make build' first" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "bench: needs sqlite3" >&2; exit 1; }
DB=$OUT/acute.db SQLDB=$OUT/acute-sql.db
N=$ROOT/data/nl
rm -f "$DB" "$SQLDB"
for kv in "areas $N/pc4.csv" "locations $ROOT/data/sample/locations.csv" "ferries $N/ferries.csv" \
  "hospitals-2019 $N/acute_2019/hospitals.csv" "ambulance-posts-2019 $N/acute_2019/ambulance_posts.csv"; do
  set -- $kv
  "$ZL" --db "$DB" import "$1" "$2" >/dev/null
done

# The SQL side's inputs, exported by zl itself (ids, points; the ambulance drives).
sqlite3 -csv -header "$DB" "SELECT pc4 AS id, lat, lon FROM area ORDER BY pc4" >"$OUT/areas.csv"
sqlite3 -csv -header "$DB" "SELECT l.id, l.lat, l.lon FROM location_function f JOIN location l
  ON l.id = f.location_id WHERE f.function = 'seh_24h' AND '2019-03-01' BETWEEN f.valid_from
  AND f.valid_to ORDER BY l.id" >"$OUT/locs.csv"
sqlite3 -csv -header "$DB" "SELECT name AS id, lat, lon FROM ambulance_post WHERE around_clock
  AND '2019-03-01' BETWEEN valid_from AND valid_to ORDER BY name" >"$OUT/posts.csv"
F="--ferries $N/ferries.csv --profile ambulance --csv --precision 6"
"$ZL" route table --from "$OUT/posts.csv" --to "$OUT/areas.csv" $F >"$OUT/post_area.csv"
"$ZL" route table --from "$OUT/areas.csv" --to "$OUT/locs.csv" $F >"$OUT/amb.csv"
sqlite3 "$SQLDB" <<SQL
CREATE TABLE area(pc4 INTEGER PRIMARY KEY, population INTEGER, municipality TEXT);
CREATE TABLE loc(id TEXT PRIMARY KEY);
CREATE TABLE loctmp(id TEXT, lat REAL, lon REAL);
CREATE TABLE post_area(post TEXT, pc4 INTEGER, minutes REAL, km REAL);
CREATE TABLE amb(pc4 INTEGER, loc TEXT, minutes REAL, km REAL);
ATTACH '$DB' AS z;
INSERT INTO area SELECT pc4, population, municipality FROM z.area;
DETACH z;
.mode csv
.import --skip 1 $OUT/locs.csv loctmp
INSERT INTO loc SELECT id FROM loctmp;
DROP TABLE loctmp;
.import --skip 1 $OUT/post_area.csv post_area
.import --skip 1 $OUT/amb.csv amb
CREATE INDEX amb_by_pc4 ON amb(pc4, loc, minutes);
CREATE INDEX post_area_by_pc4 ON post_area(pc4, minutes);
ANALYZE;
SQL

python3 - "$ZL" "$DB" "$SQLDB" "$ROOT/bench/acute/reach.sql" "$RUNS" <<'PY'
import json, os, statistics, subprocess, sys, time
zl, db, sqldb, sql, runs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
import resource
cpu = {}
def timed(cmd, stdin=None):
    """Wall ms of the child process; its CPU ms (user + sys) is added to cpu[cmd[0]]."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, input=stdin).stdout
    wall = (time.perf_counter() - t) * 1000
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu.setdefault(cmd[0], []).append((r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime) * 1000)
    return wall, out
query = open(sql).read()
eng, sq = [], []
for _ in range(runs):  # take turns, so both sides see the same machine load
    ms, e_out = timed([zl, "--db", db, "acute", "reach", "--function", "seh_24h", "--json"])
    eng.append(ms)
    ms, s_out = timed(["sqlite3", sqldb], query)
    sq.append(ms)
d = json.loads(e_out)
engine = ["beyond|%d" % d["population_beyond"]] + \
         ["sensitive|%s|%d" % (s["id"], s["increase"]) for s in d["sensitive"]]
sqlres = [l for l in s_out.splitlines() if l]
me, ms_ = statistics.median(eng), statistics.median(sq)
load = os.getloadavg()[0]
print("acute reach with the sensitivity of all %d locations, %d PC4s, %d posts; medians of %d runs"
      % (len(d["locations"]), d["population_total"] and len(open(os.path.dirname(db) + "/areas.csv").readlines()) - 1,
         d["ambulance_posts"], runs))
print("engine (zl acute reach, whole process)  %8.1f ms   (runs: %s)" % (me, " ".join("%.0f" % x for x in eng)))
print("SQL (sqlite3, travel times given)       %8.1f ms   (runs: %s)" % (ms_, " ".join("%.0f" % x for x in sq)))
print("ratio SQL/engine                        %8.1f x" % (ms_ / me))
ce, cs = statistics.median(cpu[zl]), statistics.median(cpu["sqlite3"])
print("CPU time (user + sys): engine %.1f ms, SQL %.1f ms, ratio %.1f x" % (ce, cs, cs / ce))
print("load average during the run            %8.2f" % load)
print("population beyond 45 min: engine %s, SQL %s; sensitive locations: engine %d, SQL %d"
      % (engine[0].split("|")[1], sqlres[0].split("|")[1] if sqlres else "-", len(engine) - 1, len(sqlres) - 1))
if engine != sqlres:
    print("DISAGREE:\n engine %s\n SQL    %s" % (engine, sqlres))
    sys.exit(1)
print("results identical")
PY
