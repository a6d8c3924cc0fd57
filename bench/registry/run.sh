#!/usr/bin/env bash
# Registry benchmark (issue 4). Generates ROWS synthetic registrations (default 1.2 million,
# the size of the Dutch rare-disease population) against the real landscape and ORDO
# data, then in one run and RUNS times each (medians reported):
#   ours:      zl registry import (validation of every field against locations, ORPHAcodes
#              and PC4 areas, natural-key upsert, indexes, submission log) into a fresh copy
#              of the reference database;
#   reference: the sqlite3 shell's `.import --csv` of the same file into a bare table
#              (no validation, no key, no index) of an empty database;
# and the national deduplicated counts for all codes (zl registry counts --viewer admin,
# which also looks up names and expected patients); then the roll-up of every group along
# the classification (zl registry counts --viewer admin --rollup, computed in memory)
# beside the one recursive SQL query that computes the same numbers in the sqlite3 shell
# (the closure of (code, ancestor) joined to the registrations, a distinct count per group).
# The two sides must agree, number for number, or the script exits 1: rows imported by zl
# and by the shell, the national count of every code (zl against a COUNT(DISTINCT) query)
# and the roll-up count of every group (zl against the recursive query).
# Usage: bench/registry/run.sh [ZL_BINARY]   env: ROWS, RUNS, WORK (scratch directory)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ZL=${1:-$ROOT/build/zl}
ROWS=${ROWS:-1200000}
RUNS=${RUNS:-3}
WORK=${WORK:-$(mktemp -d)}
trap 'rm -rf "$WORK"' EXIT
command -v sqlite3 >/dev/null || { echo "sqlite3 shell needed" >&2; exit 1; }

now() { date +%s.%N; }
# cpu CMD...: runs CMD, appends "wall cpu" (cpu = user + sys seconds) to $WORK/cpu.
cpu() { /usr/bin/time -f "%e %U %S" -o "$WORK/t" "$@"; awk '{printf "%s %.2f\n", $1, $2 + $3}' "$WORK/t" >>"$WORK/cpu"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

REF="$WORK/reference.db"
"$ZL" --db "$REF" import areas "$ROOT/data/nl/pc4.csv" >/dev/null
"$ZL" --db "$REF" import locations "$ROOT/data/nl/hospital_locations_2016.csv" >/dev/null
"$ZL" --db "$REF" rare import ordo "$ROOT/data/orphanet/ordo-2.6-2018-07-12.json.gz" >/dev/null
"$ZL" --db "$REF" rare import ern "$ROOT/data/orphanet/ern.csv" >/dev/null
[ -f "$ROOT/data/sample/ecza.csv" ] && "$ZL" --db "$REF" rare import ecza "$ROOT/data/sample/ecza.csv" >/dev/null
sqlite3 "$REF" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null

CSV="$WORK/registrations.csv"
t0=$(now)
"$ZL" --db "$REF" registry synth --seed 1 --rows "$ROWS" --codes 2000 --out "$CSV" 2>/dev/null
t1=$(now)
echo "generated $ROWS synthetic registrations ($(du -h "$CSV" | cut -f1)) in $(echo "$t1 - $t0" | bc) s"

ours=() bare=() counts=() ours_cpu=() bare_cpu=() counts_cpu=() roll=() roll_cpu=() rsql=() rsql_cpu=()
ROLLUP_SQL="WITH RECURSIVE up(code, grp) AS (SELECT DISTINCT orpha, orpha FROM registration
  UNION SELECT up.code, p.parent FROM up JOIN orpha_parent p ON p.child = up.grp)
  SELECT up.grp, count(DISTINCT r.pseudonym) FROM up JOIN registration r ON r.orpha = up.code
  GROUP BY up.grp;"
last() { tail -1 "$WORK/cpu" | cut -d' ' -f"$1"; }
for i in $(seq "$RUNS"); do
  cp "$REF" "$WORK/run.db"
  cpu "$ZL" --db "$WORK/run.db" registry import "$CSV" >"$WORK/import.out"
  ours+=("$(last 1)"); ours_cpu+=("$(last 2)")
  rm -f "$WORK/bare.db"
  printf '%s\n' "CREATE TABLE bare(location_id TEXT, pseudonym TEXT, orpha TEXT, diagnosis_date TEXT,
  birth_year TEXT, sex TEXT, pc4 TEXT, contact_date TEXT, synthetic TEXT);" \
    ".import --csv --skip 1 $CSV bare" >"$WORK/bare.sql"
  cpu sqlite3 "$WORK/bare.db" ".read $WORK/bare.sql"
  bare+=("$(last 1)"); bare_cpu+=("$(last 2)")
  cpu "$ZL" --db "$WORK/run.db" registry counts --viewer admin --json >"$WORK/counts.json"
  counts+=("$(last 1)"); counts_cpu+=("$(last 2)")
  cpu "$ZL" --db "$WORK/run.db" registry counts --viewer admin --rollup --json >"$WORK/rollup.json"
  roll+=("$(last 1)"); roll_cpu+=("$(last 2)")
  cpu sqlite3 "$WORK/run.db" "$ROLLUP_SQL" >"$WORK/rollup.sql.out"
  rsql+=("$(last 1)"); rsql_cpu+=("$(last 2)")
done
cat "$WORK/import.out"
n_bare=$(sqlite3 "$WORK/bare.db" 'SELECT count(*) FROM bare')
codes=$(grep -c '"key"' "$WORK/counts.json")
med() { printf '%s\n' "$@" | median; }
mo=$(med "${ours[@]}"); mb=$(med "${bare[@]}"); mc=$(med "${counts[@]}")
co=$(med "${ours_cpu[@]}"); cb=$(med "${bare_cpu[@]}"); cc=$(med "${counts_cpu[@]}")
echo "rows in bare table: $n_bare; codes counted: $codes; $RUNS runs, medians (wall / cpu s)"
echo "zl registry import (validated):    $mo / $co   runs: ${ours[*]}"
echo "sqlite3 .import (bare table):      $mb / $cb   runs: ${bare[*]}"
echo "speed ratio ours/bare:             $(echo "scale=2; $mb / $mo" | bc)x wall, $(echo "scale=2; $cb / $co" | bc)x cpu  (goal >= 0.5x)"
echo "national deduplicated counts, all: $mc / $cc  (goal < 1 s)"
groups=$(grep -c '"key"' "$WORK/rollup.json")
groups_sql=$(wc -l <"$WORK/rollup.sql.out")
mr=$(med "${roll[@]}"); cr=$(med "${roll_cpu[@]}"); ms=$(med "${rsql[@]}"); cs=$(med "${rsql_cpu[@]}")
echo "roll-up, all $groups groups (zl):    $mr / $cr   runs: ${roll[*]}"
echo "roll-up, $groups_sql groups (one SQL query): $ms / $cs   runs: ${rsql[*]}"
echo "roll-up speed ratio ours/SQL:      $(echo "scale=1; $ms / $mr" | bc)x wall, $(echo "scale=1; $cs / $cr" | bc)x cpu"

# The two sides agree number for number.
sqlite3 "$WORK/run.db" "SELECT orpha, count(DISTINCT pseudonym) FROM registration GROUP BY orpha" \
  >"$WORK/counts.sql.out"
python3 - "$WORK" "$ROWS" "$n_bare" <<'PY'
import json, sys
work, rows, n_bare = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
bad = []
imported = open(f"{work}/import.out").read()
if f"{rows} accepted" not in imported or n_bare != rows:
    bad.append(f"rows: zl says '{imported.strip()}', sqlite3 .import {n_bare}, generated {rows}")
def zl_counts(path):
    return {int(r["orpha"]): r["patients"] for r in json.load(open(path))["rows"]}
def sql_counts(path):
    return {int(a): int(b) for a, b in (l.strip().split("|") for l in open(path) if l.strip())}
for what, z, s in (("national counts", zl_counts(f"{work}/counts.json"), sql_counts(f"{work}/counts.sql.out")),
                   ("roll-up", zl_counts(f"{work}/rollup.json"), sql_counts(f"{work}/rollup.sql.out"))):
    z = {k: v for k, v in z.items() if v}  # zl may list codes without patients; SQL cannot
    diff = sorted(k for k in set(z) | set(s) if z.get(k) != s.get(k))
    print(f"{what}: {len(z)} codes from zl, {len(s)} from SQL, {len(diff)} differ")
    if diff or not z:
        bad.append(f"{what}: " + ", ".join(f"{k}: zl {z.get(k)} SQL {s.get(k)}" for k in diff[:10]))
if bad:
    print("FAIL: zl and SQL disagree\n  " + "\n  ".join(bad))
    sys.exit(1)
print("zl and SQL agree on every row count, national count and roll-up count")
PY
