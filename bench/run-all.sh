#!/usr/bin/env bash
# Runs every benchmark in bench/*/run.sh in turn (each compares our code with a named
# reference in the same run and prints the ratio). Figures go into docs/performance.md by
# hand, with the date and the machine's load. Usage: bench/run-all.sh [AREA ...]
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh --bench
make build >/dev/null
areas=("$@")
if [ ${#areas[@]} -eq 0 ]; then
  for d in bench/*/run.sh; do areas+=("$(basename "$(dirname "$d")")"); done
fi
# Every benchmark runs even when one fails (the sides disagree or a target is missed);
# the exit status is 1 when any failed, and the failures are listed at the end.
failed=()
for a in "${areas[@]}"; do
  [ -x "bench/$a/run.sh" ] || { echo "bench/$a/run.sh: not found" >&2; failed+=("$a"); continue; }
  echo "=== bench/$a ($(date -u +%FT%TZ), load $(cut -d' ' -f1 /proc/loadavg))"
  "bench/$a/run.sh" || failed+=("$a")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]}" >&2
  exit 1
fi
