#!/usr/bin/env bash
# Builds data/sample/registrations.csv: SYNTHETIC diagnosis registrations (every row has
# synthetic=1) made by `zl registry synth` with a fixed seed against the same reference data
# the demo loads (real PC4 areas, the sample hospital locations, ORDO 2.6, the ERNs and the
# synthetic expertise-centre register), so that every row validates. docs/registry.md.
# Usage: scripts/build-registry-sample.sh [ZL binary]   (default build/zl)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ZL=${1:-${ZL:-$ROOT/build/zl}}
SEED=4
ROWS=3000
CODES=40
DATE=2025-12-31
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DB=$WORK/ref.db
"$ZL" --db "$DB" import areas "$ROOT/data/nl/pc4.csv" >/dev/null
"$ZL" --db "$DB" import locations "$ROOT/data/sample/locations.csv" >/dev/null
"$ZL" --db "$DB" rare import ordo "$ROOT/data/orphanet/ordo-2.6-2018-07-12.json.gz" >/dev/null
"$ZL" --db "$DB" rare import ern "$ROOT/data/orphanet/ern.csv" >/dev/null
"$ZL" --db "$DB" rare import ecza "$ROOT/data/sample/ecza.csv" >/dev/null
"$ZL" --db "$DB" registry synth --seed $SEED --rows $ROWS --codes $CODES --date $DATE \
  --out "$ROOT/data/sample/registrations.csv"
