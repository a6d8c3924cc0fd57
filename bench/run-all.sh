#!/usr/bin/env bash
# Runs every benchmark in bench/*/run.sh in turn (each compares our code with a named
# reference in the same run and prints the ratio). Figures go into docs/performance.md by
# hand, with the date and the machine's load. Usage: bench/run-all.sh [AREA ...]
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh --bench
make build >/dev/null
areas=("$@")
[ ${#areas[@]} -eq 0 ] && areas=(landscape impact rare registry optimise http)
for a in "${areas[@]}"; do
  [ -x "bench/$a/run.sh" ] || { echo "bench/$a/run.sh: not found" >&2; continue; }
  echo "=== bench/$a ($(date -u +%FT%TZ), load $(cut -d' ' -f1 /proc/loadavg))"
  "bench/$a/run.sh"
done
