#!/usr/bin/env bash
# Benchmarks of the landscape data path, each side by side with a named reference in the
# same run (medians of RUNS runs, wall clock):
#   1. zl import area-ages data/nl/pc4_age.csv (81,480 rows: parse, validate, check every
#      PC4, reject duplicates, upsert, one transaction) vs the sqlite3 shell's
#      `.import --csv` of the same file into a bare table (no validation at all).
#   2. zl travel build --force on the sample (4,065 areas x 121 locations) vs the same
#      crow-fly model written as one INSERT ... SELECT in SQL (SQLite math functions), run
#      by the sqlite3 shell (foreign-key checks off there, as in zl's bulk rebuild).
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
if cmp -s "$W/sql.csv" "$W/zl.csv"; then echo "SQL and zl matrices agree to the exported precision"
else echo "SQL and zl matrices DIFFER in $(diff "$W/sql.csv" "$W/zl.csv" | grep -c '^<') rows (rounding)"; fi
