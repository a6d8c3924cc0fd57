#!/usr/bin/env bash
# Runs every libFuzzer harness of a fuzz build (make fuzz) for a bounded time each, under
# ASan+UBSan: new inputs go to BUILD/fuzz-work/NAME (the seed corpus fuzz/corpus/NAME and
# the regressions fuzz/regress/NAME are read, never written). A crash leaves its input in
# BUILD/fuzz-crashes/; copy it to fuzz/regress/NAME/ so the replay tests keep it fixed.
# Usage: scripts/fuzz.sh BUILD_DIR SECONDS_EACH [NAME...]
# env FUZZ_SEED: libFuzzer's -seed (make fuzz-smoke sets 1, so that CI's short run takes the
# same mutations on every machine and a finding there can be reproduced; make fuzz leaves
# it random to explore).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$1 SECONDS_EACH=$2
shift 2
NAMES=("$@")
[ ${#NAMES[@]} -gt 0 ] || NAMES=(csv import ordo orphadata http find osm)
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
mkdir -p "$BUILD/fuzz-crashes"
failed=()
for name in "${NAMES[@]}"; do
  exe="$BUILD/fuzz/fuzz_$name"
  [ -x "$exe" ] || { echo "fuzz: $exe missing (make fuzz builds it)" >&2; exit 1; }
  work="$BUILD/fuzz-work/$name"
  mkdir -p "$work"
  echo "fuzz: $name for ${SECONDS_EACH}s"
  # A harness with a known third-party leak has its own suppressions (fuzz/lsan-NAME.supp).
  supp=$ROOT/fuzz/lsan-$name.supp
  if [ -f "$supp" ]; then export LSAN_OPTIONS=suppressions=$supp; else unset LSAN_OPTIONS; fi
  # -timeout: one input taking longer is a finding (a hang); -rss_limit_mb bounds memory.
  if ! "$exe" ${FUZZ_SEED:+-seed="$FUZZ_SEED"} -max_total_time="$SECONDS_EACH" -timeout=25 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 -artifact_prefix="$BUILD/fuzz-crashes/$name-" \
      "$work" "$ROOT/fuzz/corpus/$name" "$ROOT/fuzz/regress/$name" >"$BUILD/fuzz-$name.log" 2>&1; then
    failed+=("$name")
    tail -40 "$BUILD/fuzz-$name.log" >&2
  fi
  grep -E "^stat::number_of_executed_units|^stat::new_units_added" "$BUILD/fuzz-$name.log" |
    sed "s/^/fuzz: $name: /" || true
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: crashes in: ${failed[*]} (inputs in $BUILD/fuzz-crashes/)" >&2
  exit 1
fi
echo "fuzz: ${#NAMES[@]} passed, 0 failed"
