#!/usr/bin/env bash
# One command on a fresh Debian 12 machine: install what is needed, build, and run the
# main job (`zl demo`) on the bundled sample data.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh "$@"
make demo
