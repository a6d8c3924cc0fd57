#!/usr/bin/env bash
# Builds and runs the rare-disease finder benchmark against the plain build's library:
# ORDO import time and 10,000 finder queries next to a plain SQL LIKE search (same DB,
# same run) and SQLite FTS5 with its trigram tokenizer; exits 1 when the sides disagree
# (finder_bench.c); then the whole answer with networks and a postcode on a `zl demo`
# database (BENCH_DEMO_DB, or one made here) next to the SQL reference for the nearest
# shared-care partner. usage: bench/rare/run.sh [RUNS]   (run `make build` first)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${BUILD:-$root/build}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cc -std=c17 -O2 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I"$root/include" \
  "$here/finder_bench.c" "$build/libzorglandschap.a" \
  $(cat "$build/link-flags.txt") \
  -o "$out/finder_bench"
demo=${BENCH_DEMO_DB:-}
if [ -z "$demo" ]; then
  demo="$out/demo.db"
  "$build/zl" --db "$demo" --quiet demo >/dev/null
fi
"$out/finder_bench" "$root/data/orphanet/ordo-2.6-2018-07-12.json.gz" "${1:-3}" "$demo"
