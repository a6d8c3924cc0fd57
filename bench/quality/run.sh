#!/usr/bin/env bash
# The quality module against a named reference in the same run (docs/performance.md,
# "Quality transparency (issue 17)"): the funnel data of one indicator over all locations
# and 5 years (target < 10 ms) and the volume-outcome fit on 10 years x 60 locations
# (target < 200 ms), each against plain SQL + GSL (a linear quantile search; BFGS on the
# likelihood). Medians of RUNS runs, CPU ms; exits non-zero when the two sides disagree.
# Usage: bench/quality/run.sh   (RUNS=21 by default)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${RUNS:-21}
OUT=$ROOT/bench/out
mkdir -p "$OUT"
[ -f "$ROOT/build/libzorglandschap.a" ] || { echo "bench: run 'make build' first" >&2; exit 1; }
BIN=$OUT/quality_bench
# shellcheck disable=SC2046
cc -O2 -std=c17 -D_POSIX_C_SOURCE=200809L -I"$ROOT/include" "$ROOT/bench/quality/quality_bench.c" \
  "$ROOT/build/libzorglandschap.a" $(cat "$ROOT/build/link-flags.txt") -o "$BIN"
echo "quality: medians of $RUNS runs, CPU ms ($(date -u +%FT%TZ), load $(cut -d' ' -f1 /proc/loadavg))"
"$BIN" "$ROOT" "$OUT" "$RUNS"
