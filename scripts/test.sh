#!/usr/bin/env bash
# One command: install what is needed, then build (plain and ASan+UBSan) and run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh --browser
make test
