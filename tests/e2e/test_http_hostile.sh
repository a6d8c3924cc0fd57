#!/usr/bin/env bash
# Hostile clients over real HTTP (issue 12): invalid UTF-8 and NUL bytes, ambiguous headers,
# repeated parameters, throttled authentication, expired tokens, a locked database,
# OPTIONS without CORS, connection limits per address, requests trickled past the time
# limit (tests/http/hostile_test.py); graceful stop on SIGTERM with a request in progress
# and a grace period that ends (tests/http/shutdown_test.py); token checks off the event
# threads (tests/http/hasher_test.py).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http_lib.sh"

DB=$(new_db http)
http_fixture_copy "$DB"
ADMIN=$("$ZL" --db "$DB" token create --role admin 2>/dev/null)
ANALYST=$("$ZL" --db "$DB" token create --role analyst --expires 90d 2>/dev/null)
EXPIRED=$("$ZL" --db "$DB" token create --role analyst --expires 1d 2>/dev/null)
check "tokens created" test -n "$ADMIN" -a -n "$ANALYST" -a -n "$EXPIRED"
check "schema version 8 or later (token expiry)" \
  test "$(sql_schema_version "$DB")" -ge 8
ANALYST_ID=$(cut -d_ -f2 <<<"$ANALYST")
row=$(sql "$DB" "SELECT created_at, expires_at FROM api_token WHERE id = '$ANALYST_ID'")
IFS='|' read -r created expires <<<"$row"
DAYS=$((($(date -d "$expires" +%s) - $(date -d "$created" +%s)) / 86400))
check "a 90-day token expires in 90 days ($DAYS; $created to $expires)" test "$DAYS" = 90
check "token list shows the expiry" bash -c "'$ZL' --db '$DB' token list | grep -q 'expires'"
expect_fail "a malformed lifetime is refused" "--expires" --db "$DB" token create --role analyst --expires 90
EXPIRED_ID=$(cut -d_ -f2 <<<"$EXPIRED")
sql "$DB" "UPDATE api_token SET expires_at = '2020-01-01T00:00:00Z' WHERE id = '$EXPIRED_ID'"

http_start "$DB" --threads 2 --max-per-ip 4 --request-timeout 3
check "hostile clients" python3 "$ZL_SOURCE_DIR/tests/http/hostile_test.py" "$HTTP_PORT" \
  "$ADMIN" "$ANALYST" "$EXPIRED" "$DB" 4 3
check "busy database logged as busy, not as an error" grep -q 'busy: /api/v1/tokens' "$HTTP_LOG"
check "server still alive after the hostile clients" kill -0 "$HTTP_PID"

# Graceful stop: a request in progress finishes, new clients are refused, exit 0.
PID=$HTTP_PID
check "graceful stop" python3 "$ZL_SOURCE_DIR/tests/http/shutdown_test.py" "$HTTP_PORT" "$PID" "$ADMIN" "$DB"
for _ in $(seq 1 200); do kill -0 "$PID" 2>/dev/null || break; sleep 0.05; done
check "server stopped after SIGTERM" bash -c "! kill -0 $PID 2>/dev/null"
kill -KILL "$PID" 2>/dev/null || true # never wait for ever below
rc=0; wait "$PID" || rc=$?
check "clean exit status after the graceful stop ($rc)" test "$rc" -eq 0
HTTP_PID=

# Token checks off the event threads (src/http/hasher.c): a single worker thread answers
# other requests while argon2id checks wait; the queue is bounded; a stop with checks
# waiting answers them all and exits cleanly (libmicrohttpd aborts when stopped with
# suspended connections).
TOKENS=()
for _ in $(seq 1 13); do TOKENS+=("$("$ZL" --db "$DB" token create --role analyst 2>/dev/null)"); done
check "13 tokens for the hashing tests" bash -c '[ $# -eq 13 ] && for t; do [ -n "$t" ] || exit 1; done' _ "${TOKENS[@]}"
http_start "$DB" --threads 1 --grace 1
HELPER=$(pgrep -P "$HTTP_PID" -x zl || true)
check "argon2id runs in a helper process of the server ($HELPER)" test -n "$HELPER"
check "token checks wait off the worker thread, bounded queue" \
  python3 "$ZL_SOURCE_DIR/tests/http/hasher_test.py" "$HTTP_PORT" queue "${TOKENS[@]:0:9}"
PID=$HTTP_PID
check "stop with token checks waiting" \
  python3 "$ZL_SOURCE_DIR/tests/http/hasher_test.py" "$HTTP_PORT" stop "$PID" "${TOKENS[@]:9:3}"
for _ in $(seq 1 400); do kill -0 "$PID" 2>/dev/null || break; sleep 0.05; done
check "server stopped after SIGTERM with checks waiting" bash -c "! kill -0 $PID 2>/dev/null"
kill -KILL "$PID" 2>/dev/null || true # never wait for ever below
rc=0; wait "$PID" || rc=$?
check "clean exit status with checks waiting ($rc)" test "$rc" -eq 0
check "the helper process ends with the server" bash -c "! kill -0 $HELPER 2>/dev/null"
HTTP_PID=

# A helper that dies (killed, out of memory): the server verifies tokens itself.
http_start "$DB" --threads 1
HELPER=$(pgrep -P "$HTTP_PID" -x zl || true)
check "helper process started" test -n "$HELPER"
kill -KILL "$HELPER"
check "a new token is checked after the helper died" \
  curl -sf -o /dev/null -H "Authorization: Bearer ${TOKENS[12]}" "http://127.0.0.1:$HTTP_PORT/api/v1/whoami"
check "the dead helper is reaped" bash -c "! kill -0 $HELPER 2>/dev/null"
check "the server is still alive" kill -0 "$HTTP_PID"
kill -TERM "$HTTP_PID"
for _ in $(seq 1 400); do kill -0 "$HTTP_PID" 2>/dev/null || break; sleep 0.05; done
kill -KILL "$HTTP_PID" 2>/dev/null || true # never wait for ever below
rc=0; wait "$HTTP_PID" || rc=$?
check "clean exit status without a helper ($rc)" test "$rc" -eq 0
HTTP_PID=

# A request that never completes does not hold the stop beyond the grace period.
http_start "$DB" --threads 1 --grace 1 --request-timeout 60
exec 7<>"/dev/tcp/127.0.0.1/$HTTP_PORT"
printf 'POST /api/v1/impact HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"interv' >&7
sleep 0.3
PID=$HTTP_PID
kill -TERM "$PID"
for _ in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.05; done
check "stopped within the grace period despite an unfinished request" bash -c "! kill -0 $PID 2>/dev/null"
kill -KILL "$PID" 2>/dev/null || true # never wait for ever below
rc=0; wait "$PID" || rc=$?
check "clean exit status after the grace period ($rc)" test "$rc" -eq 0
check "the unfinished request is logged" grep -q 'unfinished after the grace period' "$HTTP_LOG"
exec 7>&-
HTTP_PID=
finish 26
