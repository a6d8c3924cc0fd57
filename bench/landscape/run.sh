#!/usr/bin/env bash
# Benchmarks of the landscape data path, each side by side with a named reference in the
# same run (medians of RUNS runs, wall clock):
#   1. zl import area-ages data/nl/pc4_age.csv (81,480 rows: parse, validate, check every
#      PC4, reject duplicates, upsert, one transaction) vs the sqlite3 shell's
#      `.import --csv` of the same file into a bare table (no validation at all).
#   2. zl travel build --force on the sample (4,065 areas x 121 locations) vs the same
#      crow-fly model written as one INSERT ... SELECT in SQL (SQLite math functions), run
#      by the sqlite3 shell (foreign-key checks off there, as in zl's bulk rebuild).
# The two sides must agree or the script exits 1: the same population per PC4 and age band
# (rows without a count are skipped by zl), and the same travel matrix up to the exported
# precision (one unit in the last exported digit: 0.01 minute, 0.001 km; every pair present
# on both sides).
# Usage: bench/landscape/run.sh [ZL binary]   (default build/zl)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ZL=${1:-$ROOT/build/zl}
RUNS=${RUNS:-5}
NL=$ROOT/data/nl
S=$ROOT/data/sample
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# time_it CMD...: prints seconds
time_it() { local t0 t1; t0=$(now); "$@" >/dev/null; t1=$(now); echo "$t1 - $t0" | bc -l; }

base="$W/base.db"
"$ZL" --db "$base" import areas "$NL/pc4.csv" >/dev/null

zl_import() { cp "$base" "$W/a.db"; rm -f "$W/a.db-wal" "$W/a.db-shm"; time_it "$ZL" --db "$W/a.db" import area-ages "$NL/pc4_age.csv"; }
sql_import() {
  rm -f "$W/b.db"
  sqlite3 "$W/b.db" "CREATE TABLE area_age(pc4, age_band, population, male, female);"
  time_it sqlite3 "$W/b.db" ".import --csv --skip 1 $NL/pc4_age.csv area_age"
}
a=$(for _ in $(seq "$RUNS"); do zl_import; done | median)
b=$(for _ in $(seq "$RUNS"); do sql_import; done | median)
printf 'import pc4_age.csv (81,480 rows): zl %.3f s, sqlite3 .import %.3f s, ratio zl/sqlite3 %.2f\n' \
  "$a" "$b" "$(echo "$a / $b" | bc -l)"
FAILED=0
# The imports agree: every counted row of the bare table is in zl's, with the same numbers.
zl_rows=$(sqlite3 "$W/a.db" "SELECT pc4, band, population, male, female FROM area_age ORDER BY 1, 2" | md5sum)
sql_rows=$(sqlite3 "$W/b.db" "SELECT CAST(pc4 AS INTEGER), age_band, population, male, female FROM area_age
  WHERE population <> '' ORDER BY 1, 2" | md5sum)
if [ "$zl_rows" = "$sql_rows" ]; then echo "the imports agree on every counted row"
else echo "FAIL: the imports DIFFER"; FAILED=1; fi

db="$W/sample.db"
for kv in areas:$NL/pc4.csv locations:$S/locations.csv; do
  "$ZL" --db "$db" import "${kv%%:*}" "${kv#*:}" >/dev/null
done
"$ZL" --db "$db" travel build >/dev/null
SQL="BEGIN; DELETE FROM travel;
WITH d AS (SELECT a.pc4, l.id,
  1.25 * 2 * 6371.0088 * asin(min(1.0, sqrt(
    pow(sin(radians(l.lat - a.lat) / 2), 2) +
    cos(radians(a.lat)) * cos(radians(l.lat)) * pow(sin(radians(l.lon - a.lon) / 2), 2)))) AS km
  FROM area a, location l)
INSERT INTO travel(pc4, location_id, minutes, km, method)
SELECT pc4, id, 5.0 + 60.0 * (min(km, 3.0) / 30.0 + min(max(km - 3.0, 0.0), 12.0) / 60.0
                        + max(km - 15.0, 0.0) / 100.0),
       km, 'crowfly1:1.25/5/3@30/12@60/100' FROM d;
COMMIT;"
c=$(for _ in $(seq "$RUNS"); do time_it "$ZL" --db "$db" travel build --force; done | median)
d=$(for _ in $(seq "$RUNS"); do time_it sqlite3 "$db" "$SQL"; done | median)
printf 'travel build (491,865 pairs): zl %.3f s, SQL INSERT...SELECT %.3f s, ratio SQL/zl %.2f\n' \
  "$c" "$d" "$(echo "$d / $c" | bc -l)"
# The two formulations agree (the SQL run was last, so compare against a fresh zl build).
"$ZL" --db "$db" travel export --csv --out "$W/sql.csv"
"$ZL" --db "$db" travel build --force >/dev/null
"$ZL" --db "$db" travel export --csv --out "$W/zl.csv"
python3 - "$W/zl.csv" "$W/sql.csv" <<'PY' || FAILED=1
import csv, sys
def load(p):
    return {(r["pc4"], r["location_id"]): (float(r["minutes"]), float(r["km"])) for r in csv.DictReader(open(p))}
z, s = load(sys.argv[1]), load(sys.argv[2])
if set(z) != set(s) or not z:
    print(f"FAIL: the matrices have different pairs ({len(z)} zl, {len(s)} SQL)")
    sys.exit(1)
dm = max(abs(z[k][0] - s[k][0]) for k in z)
dk = max(abs(z[k][1] - s[k][1]) for k in z)
exact = sum(z[k] == s[k] for k in z)
print(f"travel matrices: {len(z)} pairs, {exact} identical as exported; largest difference "
      f"{dm:.3f} minutes, {dk:.4f} km")
if dm > 0.01 + 1e-9 or dk > 0.001 + 1e-9:
    bad = [k for k in z if abs(z[k][0] - s[k][0]) > 0.01 + 1e-9 or abs(z[k][1] - s[k][1]) > 0.001 + 1e-9]
    print(f"FAIL: {len(bad)} pairs differ by more than the exported precision, e.g. "
          + "; ".join(f"{k}: zl {z[k]} SQL {s[k]}" for k in bad[:5]))
    sys.exit(1)
print("SQL and zl matrices agree to the exported precision")
PY
exit "$FAILED"
