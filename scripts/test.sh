#!/usr/bin/env bash
# One command: install what is needed, then build (plain and ASan+UBSan) and run every test,
# then run every fuzz harness for 12 s under ASan+UBSan (make fuzz-smoke) so they stay alive.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh --browser
make test
make fuzz-smoke
