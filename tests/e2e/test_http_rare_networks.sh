#!/usr/bin/env bash
# The rare-disease networks endpoints over real HTTP (issue 16): networks with partners,
# recognitions due, a centre's history, care pathways and the finder's care close to
# home, every answer checked against docs/openapi.json (tests/http/rare_networks_test.py).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http_lib.sh"
R="$FIX/rare"
DB=$(new_db http)
http_fixture_copy "$DB"
sql_file "$DB" "$R/network.sql"
for f in "ecza $R/ecza_network.csv" "networks $R/networks_ok.csv" \
  "shared-care $R/shared_care_ok.csv" "recognitions $R/recognitions_ok.csv" \
  "assessments $R/assessments_ok.csv" "pathways $R/pathways_ok.csv"; do
  set -- $f
  "$ZL" --db "$DB" rare import "$1" "$2" >/dev/null
done
ok "fixture imported"
http_start "$DB" --threads 2
rc=0
python3 "$ZL_SOURCE_DIR/tests/http/rare_networks_test.py" "$HTTP_PORT" \
  "$ZL_SOURCE_DIR/docs/openapi.json" >"$TMP/api.out" 2>&1 || rc=$?
tap_lines "$TMP/api.out"
check_eq "rare_networks_test.py exit status" "$rc" 0
finish 26
