#!/usr/bin/env bash
# Mutation testing: applies each small bug listed in tests/mutations.txt to a copy of the
# tree (build-mutate/), rebuilds incrementally, runs only that mutation's tests and reports
# the survivors (mutations no test caught). Exit 0 when every mutation was caught.
# Run it before calling an issue resolved; not part of `make test` (it takes minutes).
#   scripts/mutate.sh [-k NAME-REGEX] [--list] [--jobs N]
# See docs/testing.md for the list format and the current result.
set -euo pipefail
cd "$(dirname "$0")/.."
exec nice -n 10 python3 scripts/mutate.py "$@"
