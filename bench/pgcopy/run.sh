#!/usr/bin/env bash
# zl db copy (issue 18): moving the demo database (61 MB, 47 tables, 0.75 million rows)
# between SQLite and PostgreSQL, verified, against PostgreSQL's own tools moving the same
# database, in one run (docs/performance.md, "zl db copy"). Median wall time of RUNS:
#   zl SQLite -> PG   zl db copy --from demo.db --to postgresql://... (COPY, verified)
#   zl PG -> SQLite   zl db copy --from postgresql://... --to new.db (verified)
#   zl PG -> PG       zl db copy between two PostgreSQL databases (verified)
#   pg_dump+restore   pg_dump -Fc of the same database and pg_restore into a new one (the
#                     reference: PostgreSQL's tools, no verification)
# Exits non-zero when the copies and the reference disagree (zl db checksum of every table).
# A throw-away cluster (tests/pg/pg_server.sh, fsync off) is started and removed.
# Usage: bench/pgcopy/run.sh  (RUNS=3; ZL=build/zl; `make build` first)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ZL=${ZL:-$ROOT/build/zl}
RUNS=${RUNS:-3}
OUT=$ROOT/bench/out/pgcopy
PGS=$ROOT/tests/pg/pg_server.sh
BIN=${ZL_PG_BIN:-/usr/lib/postgresql/15/bin}
[ -x "$ZL" ] || { echo "bench: $ZL not found; run 'make build' first" >&2; exit 1; }
rm -rf "$OUT" && mkdir -p "$OUT"
PGDIR=$(mktemp -d /tmp/zl-pg-bench.XXXXXX)
trap 'bash "$PGS" stop "$PGDIR"' EXIT
bash "$PGS" start "$PGDIR" >/dev/null
export PGPASSWORD=zl_test
"$ZL" --db "$OUT/demo.db" -q demo >/dev/null 2>&1

secs() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
sums() { "$ZL" --db "$1" db checksum --json | jq -c '.tables | sort_by(.table)'; } # the order follows creation
for r in $(seq "$RUNS"); do
  pg=$(bash "$PGS" createdb "$PGDIR" "c$r") pg2=$(bash "$PGS" createdb "$PGDIR" "p$r")
  bash "$PGS" createdb "$PGDIR" "r$r" >/dev/null
  echo "s2p $(secs "$ZL" db copy --from "$OUT/demo.db" --to "$pg")"
  echo "p2s $(secs "$ZL" db copy --from "$pg" --to "$OUT/back$r.db")"
  echo "p2p $(secs "$ZL" db copy --from "$pg" --to "$pg2")"
  echo "ref $(secs sh -c "'$BIN/pg_dump' -h '$PGDIR' -U zl_test -Fc -f '$OUT/d$r.dump' c$r &&
    '$BIN/pg_restore' -h '$PGDIR' -U zl_test --no-owner -d r$r '$OUT/d$r.dump'")"
done >"$OUT/times"
want=$(sums "$OUT/demo.db")
bad=0
for db in "postgresql://zl_test:zl_test@/c1?host=$PGDIR" "$OUT/back1.db" \
  "postgresql://zl_test:zl_test@/p1?host=$PGDIR" "postgresql://zl_test:zl_test@/r1?host=$PGDIR"; do
  [ "$(sums "$db")" = "$want" ] || { echo "bench: $db disagrees with the original" >&2; bad=1; }
done
m() { grep "^$1 " "$OUT/times" | cut -d' ' -f2 | median; }
ref=$(m ref)
printf '%-34s %8s %8s\n' "move the demo database" "median s" "vs ref"
for k in "s2p zl db copy SQLite -> PostgreSQL" "p2s zl db copy PostgreSQL -> SQLite" \
  "p2p zl db copy PostgreSQL -> PostgreSQL" "ref pg_dump -Fc + pg_restore (ref)"; do
  v=$(m "${k%% *}")
  printf '%-34s %8.1f %7.2fx\n' "${k#* }" "$v" "$(echo "$v / $ref" | bc -l)"
done
echo "agreement: zl db checksum of every table equal on the original and all copies: $([ $bad = 0 ] && echo yes || echo NO)"
exit $bad
