# Shared helpers for the end-to-end tests (sourced). $ZL is the zl binary under test.
# A test counts every check and ends with `finish N`, N being the number of checks it
# runs: it FAILS when a check fails, when fewer or more than N checks ran (a checker that
# died silently, a loop that ran zero times) and when it stops before reaching finish, even
# with exit status 0 (tests/e2e/test_e2e_harness.sh shows each of these).
set -euo pipefail
shopt -s inherit_errexit
: "${ZL:?ZL must point at the zl binary}"
: "${ZL_SOURCE_DIR:?}"
FIX="$ZL_SOURCE_DIR/tests/fixtures"
TMP=$(mktemp -d)
PASSED=0
FAILED=0
FINISHED=0
EXIT_HOOKS=()

# at_exit "command": run (eval) the command when the test exits, before TMP is removed.
at_exit() { EXIT_HOOKS+=("$1"); }

_zl_on_exit() {
  local rc=$? hook
  for hook in "${EXIT_HOOKS[@]}"; do eval "$hook" || true; done
  rm -rf "$TMP"
  if [ "$FINISHED" != 1 ]; then
    echo "not ok - the test stopped (exit $rc) before finish, after $((PASSED + FAILED)) checks"
    [ "$rc" -ne 0 ] || rc=1
  fi
  exit "$rc"
}
trap _zl_on_exit EXIT

ok() { PASSED=$((PASSED + 1)); echo "ok - $*"; }
not_ok() { FAILED=$((FAILED + 1)); echo "not ok - $*"; }

# check "description" command...: passes when the command exits 0.
check() { local d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }

# check_eq "description" GOT EXPECTED: passes when the two strings are equal; says both if not.
check_eq() {
  if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: got '$2', expected '$3'"; fi
}

# expect_fail "description" "expected message fragment" zl-args...: zl must exit non-zero
# and print the fragment on stderr.
expect_fail() {
  local d=$1 frag=$2; shift 2
  local err
  if err=$("$ZL" "$@" 2>&1 >/dev/null); then not_ok "$d (exit 0)"; return; fi
  if grep -qF -- "$frag" <<<"$err"; then ok "$d"; else not_ok "$d: got '$err'"; fi
}

# tap_lines FILE: counts the "ok - " / "not ok - " lines a checker printed into FILE as
# checks of this test (echoing them); other lines are shown as they are.
tap_lines() {
  local line
  while IFS= read -r line; do
    case "$line" in
    "ok - "*) PASSED=$((PASSED + 1)); echo "$line" ;;
    "not ok - "*) FAILED=$((FAILED + 1)); echo "$line" ;;
    *) echo "# $line" ;;
    esac
  done <"$1"
}

# run_impact_checks CHECKS.tsv: runs the JSON checks queued in CHECKS.tsv
# (tests/e2e/impact_invariants.py) in one Python start-up; each line it prints is a check
# of this test, and its exit status must agree with them.
run_impact_checks() {
  local rc=0 queued ran bad
  queued=$(wc -l <"$1")
  python3 "$ZL_SOURCE_DIR/tests/e2e/impact_invariants.py" "$1" >"$TMP/impact_checks.out" 2>&1 || rc=$?
  tap_lines "$TMP/impact_checks.out"
  ran=$(grep -c -e '^ok - ' -e '^not ok - ' "$TMP/impact_checks.out" || true)
  bad=$(grep -c '^not ok - ' "$TMP/impact_checks.out" || true)
  check_eq "impact_invariants.py: lines and exit status of all $queued queued checks" \
    "$ran $rc" "$queued $((bad > 0))"
}

# --- the backend under test (issue 18: the whole suite runs on SQLite and PostgreSQL) ---
# ctest runs each e2e test twice: e2e.test_x on SQLite and e2e.pg.test_x with
# ZL_TEST_BACKEND=pg and ZL_TEST_PG_HOST, the socket directory of the throw-away cluster of
# the ctest fixture "pg" (tests/pg/pg_server.sh). A test names its databases with new_db and
# reads them with sql, so that one text serves both backends.
ZL_BACKEND=${ZL_TEST_BACKEND:-sqlite}
case "$ZL_BACKEND" in
sqlite) ;;
pg) : "${ZL_TEST_PG_HOST:?ZL_TEST_BACKEND=pg needs ZL_TEST_PG_HOST, the socket directory of the cluster}" ;;
*) echo "lib.sh: ZL_TEST_BACKEND must be sqlite or pg, not '$ZL_BACKEND'" >&2; exit 2 ;;
esac
# The prefix of this test's PostgreSQL databases, e2e.TEST. (unique per test script: tests
# run in parallel; the dots keep test_x's prefix from being the start of test_x_y's).
_ZL_PG_PREFIX=$(basename "$0" .sh | tr 'A-Z' 'a-z' | tr -c 'a-z0-9_\n' _)
_ZL_PG_PREFIX="e2e.${_ZL_PG_PREFIX:0:40}."

# on_pg: true when this run is against PostgreSQL.
on_pg() { [ "$ZL_BACKEND" = pg ]; }

# _psql_admin SQL...: runs statements as zl_test on the cluster's maintenance database.
_psql_admin() {
  PGPASSWORD=zl_test PGOPTIONS="-c client_min_messages=warning" psql -qAtX -v ON_ERROR_STOP=1 \
    -h "$ZL_TEST_PG_HOST" -U zl_test -d postgres "${@/#/-c}" >/dev/null
}

# pg_uri DBNAME: the connection URI of a database of the test cluster.
pg_uri() { echo "postgresql://zl_test:zl_test@/$1?host=$ZL_TEST_PG_HOST"; }

# new_db NAME: prints the --db value of a new, empty database: $TMP/NAME.db on SQLite (not
# created: zl creates it), the URI of a freshly created database on PostgreSQL (dropped when
# the test exits). Call it as DB=$(new_db NAME).
new_db() {
  local name=${1:?new_db NAME}
  if on_pg; then
    name="${_ZL_PG_PREFIX}$(tr 'A-Z' 'a-z' <<<"$name" | tr -c 'a-z0-9_\n' _)"
    _psql_admin "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" "CREATE DATABASE \"$name\""
    pg_uri "$name"
  else
    echo "$TMP/$name.db"
  fi
}

# pg_dbname URI: the database name of a URI from new_db.
pg_dbname() { local n=${1#postgresql://*@/}; echo "${n%%\?*}"; }

# pg_template_copy TEMPLATE BUILDER DEST: DEST (a URI from new_db) becomes a copy of the
# cluster's database TEMPLATE, which `BUILDER URI` fills the first time (under a lock: the
# tests run concurrently; CREATE DATABASE ... TEMPLATE copies it in a moment).
pg_template_copy() {
  local tmpl=zl_tmpl_$1 builder=$2 dest
  dest=$(pg_dbname "$3")
  (
    flock 9
    if [ -z "$(sql "$(pg_uri postgres)" "SELECT 1 FROM pg_database WHERE datname = '$tmpl'")" ]; then
      _psql_admin "DROP DATABASE IF EXISTS \"${tmpl}_building\" WITH (FORCE)" \
        "CREATE DATABASE \"${tmpl}_building\""
      "$builder" "$(pg_uri "${tmpl}_building")"
      _psql_admin "ALTER DATABASE \"${tmpl}_building\" RENAME TO \"$tmpl\""
    fi
  ) 9>"$ZL_TEST_PG_HOST/$tmpl.lock"
  _psql_admin "DROP DATABASE IF EXISTS \"$dest\" WITH (FORCE)" \
    "CREATE DATABASE \"$dest\" TEMPLATE \"$tmpl\""
}

# db_copy SRC DEST: DEST (from new_db) becomes a copy of the database SRC (cp of the file
# on SQLite; CREATE DATABASE ... TEMPLATE on PostgreSQL: SRC must have no session open).
db_copy() {
  if on_pg; then
    local dest
    dest=$(pg_dbname "$2")
    _psql_admin "DROP DATABASE IF EXISTS \"$dest\" WITH (FORCE)" \
      "CREATE DATABASE \"$dest\" TEMPLATE \"$(pg_dbname "$1")\""
  else
    cp "$1" "$2"
  fi
}

# db_exists DB: whether DB holds a database: the file exists (SQLite); the database exists
# and has a table (PostgreSQL: new_db makes it empty; zl opening it creates the schema).
db_exists() {
  if ! on_pg; then [ -e "$1" ]; return; fi
  [ -n "$(sql "$(pg_uri postgres)" "SELECT 1 FROM pg_database WHERE datname = '$(pg_dbname "$1")'")" ] &&
    [ -n "$(sql_tables "$1")" ]
}
db_absent() { ! db_exists "$1"; }

# db_remove DB: no database at DB: rm -f (SQLite); DROP DATABASE (PostgreSQL).
db_remove() {
  if on_pg; then _psql_admin "DROP DATABASE IF EXISTS \"$(pg_dbname "$1")\" WITH (FORCE)"; else rm -f "$1"; fi
}

# missing_db NAME: the --db value of a database that does not exist: $TMP/NAME.db; on
# PostgreSQL the URI of a database the server does not have (zl cannot create one there: an
# existing empty database is a database to migrate, like an existing empty SQLite file).
missing_db() { if on_pg; then pg_uri "${_ZL_PG_PREFIX}$1"; else echo "$TMP/$1.db"; fi; }

# db_shown DB: DB as zl names it in messages (a URI's password as ***).
db_shown() { sed -E 's|^(postgres(ql)?://[^:/@]*:)[^@]*@|\1***@|' <<<"$1"; }

# demo_copy DEST [OUT ERR]: DEST (from new_db) becomes a copy of the database `zl demo`
# builds, built once per build directory (on PostgreSQL once per cluster) for this zl
# binary and these data files, under a lock (the tests run in parallel; the demo takes a
# minute of CPU); OUT and ERR get that run's standard output and error. test_demo runs
# `zl demo` itself.
demo_copy() {
  local dir="$ZL_BUILD_DIR/demo-fixture" key
  mkdir -p "$dir"
  key=$({ cat "$ZL"; find "$ZL_SOURCE_DIR/data" -type f -printf '%P %s %T@\n' | LC_ALL=C sort; } |
        sha256sum | cut -c1-16)
  if on_pg; then
    pg_template_copy "demo_$key" _demo_build "$1"
    dir="$ZL_TEST_PG_HOST"
  else
    (
      flock 9
      if [ ! -f "$dir/$key.db" ]; then
        rm -f "$dir"/*.db "$dir"/*.db-wal "$dir"/*.db-shm "$dir"/*.out "$dir"/*.err
        _demo_build "$dir/building.db"
        sqlite3 "$dir/building.db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
        rm -f "$dir/building.db-wal" "$dir/building.db-shm"
        mv "$dir/building.db" "$dir/$key.db"
      fi
    ) 9>"$dir/lock"
    cp "$dir/$key.db" "$1"
  fi
  [ -z "${2:-}" ] || cp "$dir/demo_$key.out" "$2"
  [ -z "${3:-}" ] || cp "$dir/demo_$key.err" "$3"
}

# _demo_build DB: zl demo into DB, its output beside the cache as demo_<key>.out/.err
# (key and dir from demo_copy).
_demo_build() {
  local d="$dir"
  on_pg && d="$ZL_TEST_PG_HOST"
  ZL_DATA="$ZL_SOURCE_DIR/data" "$ZL" --db "$1" demo >"$d/demo_$key.out" 2>"$d/demo_$key.err" || {
    cat "$d/demo_$key.err" >&2
    return 1
  }
}

# _drop_test_dbs: drops every PostgreSQL database this test made (at exit).
_drop_test_dbs() {
  local name
  for name in $(PGPASSWORD=zl_test psql -qAtX -h "$ZL_TEST_PG_HOST" -U zl_test -d postgres \
    -c "SELECT datname FROM pg_database WHERE starts_with(datname, '$_ZL_PG_PREFIX')"); do
    _psql_admin "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" || true
  done
}
if on_pg; then
  at_exit _drop_test_dbs
  echo "# backend: PostgreSQL (cluster $ZL_TEST_PG_HOST)"
fi

# sql DB "SQL": runs the SQL (one or more statements) on DB (a file or a URI) with the
# sqlite3 shell or psql, printing rows the same way: fields separated by '|', NULL as an
# empty field, no headers. Booleans differ (1/0 against t/f): compare them through CASE.
sql() {
  local db=${1:?sql DB SQL}
  shift
  if on_pg; then
    PGOPTIONS="-c client_min_messages=warning" psql -qAtX -v ON_ERROR_STOP=1 -F '|' -d "$db" <<<"$*"
  else
    sqlite3 -bail "$db" <<<"$*"
  fi
}

# sql_csv DB "SELECT ...": the rows as CSV without a header (sqlite3 -csv, psql --csv).
sql_csv() {
  if on_pg; then
    PGOPTIONS="-c client_min_messages=warning" psql -qAtX --csv -v ON_ERROR_STOP=1 -d "$1" -c "$2"
  else
    sqlite3 -csv "$1" "$2"
  fi
}

# sql_file DB FILE: runs the SQL file (portable SQL) on DB, stopping at the first error.
sql_file() {
  if on_pg; then
    PGOPTIONS="-c client_min_messages=warning" psql -qAtX -v ON_ERROR_STOP=1 -d "$1" -f "$2" >/dev/null
  else
    sqlite3 -bail "$1" <"$2" >/dev/null
  fi
}

# sql_import_csv DB FILE TABLE: loads the CSV FILE (its first line a header) into TABLE,
# its columns in the table's order (sqlite3 .import, psql \copy).
sql_import_csv() {
  if on_pg; then
    sql "$1" "\\copy $3 FROM '$2' WITH (FORMAT csv, HEADER true)"
  else
    sqlite3 -bail "$1" ".mode csv" ".import --skip 1 $2 $3"
  fi
}

# sql_dump DB: every table's rows as INSERT statements (sqlite3 .dump; pg_dump --inserts
# with the schema name left out, so that `INSERT INTO table` reads the same).
sql_dump() {
  if on_pg; then
    pg_dump --inserts --no-owner --no-privileges -d "$1" | sed 's/^INSERT INTO public\./INSERT INTO /'
  else
    sqlite3 "$1" .dump
  fi
}

# sql_schema_version DB: the store's schema version (PRAGMA user_version; schema_version).
sql_schema_version() {
  if on_pg; then sql "$1" "SELECT version FROM schema_version"; else sql "$1" "PRAGMA user_version"; fi
}

# sql_hex EXPR: the SQL expression giving a blob's bytes in upper-case hex on this backend.
sql_hex() { if on_pg; then echo "upper(encode($1, 'hex'))"; else echo "hex($1)"; fi; }

# sql_tables DB: the names of the store's tables, one a line, sorted (on PostgreSQL not
# zl_data_change, the log behind the data version: bookkeeping, not data).
sql_tables() {
  if on_pg; then
    sql "$1" "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()
              AND tablename <> 'zl_data_change' ORDER BY 1"
  else
    sql "$1" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1"
  fi
}

# db_digest DB [TABLE...]: a digest of every table's contents (rows sorted, so the same on a
# backend that stores them in another order) and of the tables' columns, leaving out
# import_log and any TABLE named: shows that a failed import changed nothing.
db_digest() {
  local db=$1 t skip=" import_log ${*:2} " q=""
  for t in $(sql_tables "$db"); do
    case "$skip" in *" $t "*) ;; *) q+="SELECT '$t', * FROM $t;" ;; esac
  done
  {
    if on_pg; then
      sql "$db" "SELECT table_name, column_name, data_type FROM information_schema.columns
                 WHERE table_schema = current_schema() ORDER BY 1, 2"
    else
      sql "$db" "SELECT sql FROM sqlite_master ORDER BY name"
    fi
    sql "$db" "$q" | LC_ALL=C sort
  } | sha256sum | cut -d' ' -f1
}

# impact_fixture_db DB: the hand-computed impact fixture (tests/fixtures/impact: provinces of
# areas and locations, no care network layer) imported into DB, its travel matrix as given.
impact_fixture_db() {
  local kind
  for kind in areas locations regions interventions volumes flows; do
    "$ZL" --db "$1" import "$kind" "$FIX/impact/$kind.csv" >/dev/null
  done
  sql_import_csv "$1" "$FIX/impact/travel.csv" travel
}

# finish N: the tally; fails unless every check passed and exactly N checks ran.
finish() {
  local planned=${1:?finish needs the number of checks the test runs}
  local ran=$((PASSED + FAILED))
  FINISHED=1
  echo "$PASSED passed, $FAILED failed, $ran of $planned planned checks ran"
  if [ "$ran" -ne "$planned" ]; then
    echo "not ok - $ran checks ran, $planned planned"
    return 1
  fi
  [ "$FAILED" -eq 0 ]
}
