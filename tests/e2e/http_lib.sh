# Helpers for the HTTP tests (sourced after lib.sh): the fixture database, tokens and a
# server on a free loopback port that is killed when the test exits.
HTTP_FIX="$ZL_SOURCE_DIR/tests/fixtures/http"

# http_fixture_db FILE: the HTTP fixture landscape (real PC4 areas, eight UMC locations,
# synthetic flows for LUNG and AAA) with travel times, the real ORDO nomenclature, the ERNs
# the sample (synthetic) ECZA register and 3000 synthetic registrations (seed 7).
http_fixture_db() {
  local db=$1
  "$ZL" --db "$db" import areas "$ZL_SOURCE_DIR/data/nl/pc4.csv" >/dev/null
  "$ZL" --db "$db" import locations "$HTTP_FIX/locations.csv" >/dev/null
  "$ZL" --db "$db" import interventions "$HTTP_FIX/interventions.csv" >/dev/null
  "$ZL" --db "$db" import volumes "$HTTP_FIX/volumes.csv" >/dev/null
  "$ZL" --db "$db" import flows "$HTTP_FIX/flows.csv" >/dev/null
  "$ZL" --db "$db" travel build >/dev/null
  "$ZL" --db "$db" rare import ordo "$ZL_SOURCE_DIR/data/orphanet/ordo-2.6-2018-07-12.json.gz" >/dev/null
  "$ZL" --db "$db" rare import ern "$ZL_SOURCE_DIR/data/orphanet/ern.csv" >/dev/null
  "$ZL" --db "$db" rare import ecza "$ZL_SOURCE_DIR/data/sample/ecza.csv" >/dev/null
  "$ZL" --db "$db" registry synth --seed 7 --rows 3000 --codes 40 --date 2025-06-01 \
    --out "$TMP/registrations.csv" 2>/dev/null
  "$ZL" --db "$db" registry import "$TMP/registrations.csv" --synthetic >/dev/null
}

# http_fixture_copy DEST: DEST (from new_db) becomes a copy of the fixture database, built
# once per build directory and zl binary (the HTTP tests run concurrently; the first builds
# it under a lock); on PostgreSQL once per cluster, as a template database.
http_fixture_copy() {
  local dir="$ZL_BUILD_DIR/http-fixture" key
  mkdir -p "$dir"
  key=$(cat "$ZL" "$HTTP_FIX"/*.csv "$ZL_SOURCE_DIR/data/sample/ecza.csv" "$BASH_SOURCE" |
        sha256sum | cut -c1-16)
  if on_pg; then
    pg_template_copy "http_fixture_$key" http_fixture_db "$1"
    return
  fi
  (
    flock 9
    if [ ! -f "$dir/$key.db" ]; then
      rm -f "$dir"/*.db "$dir"/*.db-wal "$dir"/*.db-shm
      http_fixture_db "$dir/building.db"
      sqlite3 "$dir/building.db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
      mv "$dir/building.db" "$dir/$key.db"
      rm -f "$dir/building.db-wal" "$dir/building.db-shm"
    fi
  ) 9>"$dir/lock"
  cp "$dir/$key.db" "$1"
}

# http_start DB [serve options...]: starts zl serve on a free port; sets HTTP_PORT,
# HTTP_PID, HTTP_LOG (stderr: the access log). It is stopped when the test exits.
http_start() {
  local db=$1; shift
  HTTP_LOG="$TMP/serve.log"
  # A previous server's address must not be read as this one's (a test may start several).
  rm -f "$TMP/serve.out"
  "$ZL" --db "$db" serve --listen 127.0.0.1:0 "$@" >"$TMP/serve.out" 2>"$HTTP_LOG" &
  HTTP_PID=$!
  at_exit http_stop
  for _ in $(seq 1 200); do
    HTTP_PORT=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$TMP/serve.out" 2>/dev/null || true)
    [ -n "$HTTP_PORT" ] && return 0
    kill -0 "$HTTP_PID" 2>/dev/null || break
    sleep 0.05
  done
  echo "zl serve did not start:" >&2
  cat "$HTTP_LOG" >&2
  return 1
}

http_stop() {
  if [ -n "${HTTP_PID:-}" ] && kill -0 "$HTTP_PID" 2>/dev/null; then
    kill -TERM "$HTTP_PID"
    wait "$HTTP_PID" 2>/dev/null || true
  fi
  HTTP_PID=
}

# browser_runner NAME SCRIPT.mjs: checks for headless Chromium and Node, and sets RUNNER to
# $ZL_BUILD_DIR/NAME holding tests/browser/SCRIPT.mjs with the npm packages pinned by
# tests/browser/package-lock.json (playwright-core, axe-core), installed once per lock
# file. CHROMIUM is the browser to drive. A missing tool fails the test.
browser_runner() {
  CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
  if [ ! -x "$CHROMIUM" ] || ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    not_ok "headless Chromium and Node are required (run scripts/install-deps.sh --browser)"
    exit 1
  fi
  RUNNER="$ZL_BUILD_DIR/$1"
  mkdir -p "$RUNNER"
  cp "$ZL_SOURCE_DIR/tests/browser/package.json" "$ZL_SOURCE_DIR/tests/browser/package-lock.json" \
    "$ZL_SOURCE_DIR/tests/browser/$2" "$ZL_SOURCE_DIR/tests/browser/harness.mjs" "$RUNNER/"
  if ! cmp -s "$RUNNER/package-lock.json" "$RUNNER/node_modules/.zl-lock" 2>/dev/null; then
    if (cd "$RUNNER" && npm ci --no-audit --no-fund --loglevel=error >"$TMP/npm.log" 2>&1); then
      cp "$RUNNER/package-lock.json" "$RUNNER/node_modules/.zl-lock"
    else
      cat "$TMP/npm.log" >&2
      not_ok "npm ci of tests/browser (playwright-core, axe-core)"
      exit 1
    fi
  fi
}
