#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster for the tests: `pg_server.sh start DIR` initdb's a
# cluster into DIR (a new directory, e.g. from mktemp -d) as an unprivileged user (the
# current one; when run as root, $ZL_PG_OS_USER, default `postgres`, which owns DIR then), listening on a Unix socket in DIR
# only (listen_addresses = ''), with password authentication for the role zl_test, and
# prints the environment to use:
#   ZL_PG_HOST=DIR  ZL_PG_URI=postgresql://zl_test:zl_test@/postgres?host=DIR
# `pg_server.sh stop DIR` stops it and removes DIR; `restart DIR` stops and starts. `pg_server.sh createdb DIR NAME`
# makes a fresh database and prints its URI. No server is assumed to be running; the
# binaries come from Debian's postgresql-15 (pg_config --bindir or /usr/lib/postgresql/15).
set -euo pipefail
cmd=${1:?usage: pg_server.sh start|stop|createdb DIR [NAME]}
dir=${2:?usage: pg_server.sh start|stop|createdb DIR [NAME]}
bin=${ZL_PG_BIN:-/usr/lib/postgresql/15/bin}
[ -x "$bin/initdb" ] || bin=$(dirname "$(command -v initdb || echo /nonexistent/initdb)")
[ -x "$bin/initdb" ] || { echo "pg_server.sh: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
uri() { echo "postgresql://zl_test:zl_test@/$1?host=$dir"; }
# as_owner CMD...: runs CMD as the cluster's unprivileged owner.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u "${ZL_PG_OS_USER:-postgres}" -- "$@"; else "$@"; fi
}

# restart: stop whatever a previous run left in DIR, then start.
if [ "$cmd" = restart ]; then "$0" stop "$dir"; cmd=start; fi
case "$cmd" in
start)
  mkdir -p "$dir"
  chmod 700 "$dir"
  [ "$(id -u)" != 0 ] || chown "${ZL_PG_OS_USER:-postgres}" "$dir"
  as_owner sh -c "echo zl_test >'$dir/pwfile'"
  as_owner "$bin/initdb" -D "$dir/data" -U zl_test --pwfile="$dir/pwfile" -A scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$dir.initdb.log" 2>&1 || { cat "$dir.initdb.log" >&2; exit 1; }
  rm -f "$dir.initdb.log"
  # Unix socket only; small and fast (a test cluster: durability is not needed).
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off \
        -c synchronous_commit=off -c full_page_writes=off -c max_connections=100 \
        -c shared_buffers=64MB" start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  echo "ZL_PG_HOST=$dir"
  echo "ZL_PG_URI=$(uri postgres)"
  ;;
createdb)
  name=${3:?usage: pg_server.sh createdb DIR NAME}
  PGPASSWORD=zl_test PGOPTIONS="-c client_min_messages=warning" "$bin/psql" -qX -v ON_ERROR_STOP=1 -h "$dir" -U zl_test -d postgres \
    -c "DROP DATABASE IF EXISTS \"$name\"" -c "CREATE DATABASE \"$name\"" >/dev/null
  uri "$name"
  ;;
stop)
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  ;;
*) echo "pg_server.sh: unknown command '$cmd'" >&2; exit 2 ;;
esac
