#!/usr/bin/env bash
# Issue 12's differencing attacks on a demo database, over real HTTP against a server this
# test starts and through the CLI (tests/http/privacy_attacks.py): each recovers counts of
# 1-9 from the exact views and none from the public ones (docs/privacy.md).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http_lib.sh"

DB=$(new_db demo)
check "demo database" demo_copy "$DB"
ADMIN=$("$ZL" --db "$DB" token create --role admin --label privacy-test 2>/dev/null)
check "admin token" test -n "$ADMIN"
http_start "$DB" --threads 2
check "the three attacks recover no count of 1-9 from public answers" \
  python3 "$ZL_SOURCE_DIR/tests/http/privacy_attacks.py" "$HTTP_PORT" \
  "$ZL_SOURCE_DIR/docs/openapi.json" "$ADMIN" "$ZL" "$DB"

# A fresh database gets its own random disclosure key; the key is never printed.
check "disclosure key is 32 random bytes" \
  test "$(sql "$DB" 'SELECT length(key) FROM disclosure_key')" = 32
check "disclosure key not in any answer" bash -c \
  "! curl -s 'http://127.0.0.1:$HTTP_PORT/api/v1/registry/counts' | grep -qi \
   '$(sql "$DB" "SELECT $(sql_hex key) FROM disclosure_key")'"
finish 5
