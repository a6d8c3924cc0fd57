#!/usr/bin/env bash
# zl quality and the indicator imports through the CLI (HTTP fixture landscape +
# tests/fixtures/quality/http_*.csv, SYNTHETIC values): bad files rejected with file,
# line, column and reason and the database unchanged; the funnel as a table, JSON (public:
# no numerators; admin: exact), CSV, SVG and PNG; volume-outcome with a norm's expected
# change and its caveat; publication status; the comparison page; the generator's values
# import again; usage errors.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http_lib.sh"

DB=$(new_db q)
http_fixture_copy "$DB"
Q="$FIX/quality"
check "import indicators" "$ZL" --db "$DB" import indicators "$Q/http_indicators.csv"
check "import indicator values" "$ZL" --db "$DB" import indicator-values "$Q/http_values.csv"
before=$(db_digest "$DB")
printf 'location_id,indicator,year,numerator,denominator,expected,published\n100101,LUNG_MORT,2021,1,18,,yes\n100201,LUNG_MORT,2021,30,25,,yes\n' >"$TMP/bad.csv"
expect_fail "numerator above the denominator: file, line, column, reason" \
  "bad.csv:3: column 'numerator': numerator 30 is larger than the denominator 25" \
  --db "$DB" import indicator-values "$TMP/bad.csv"
printf 'location_id,indicator,year,numerator,denominator,expected,published\n100101,LUNG_XX,2021,1,18,,yes\n' >"$TMP/bad2.csv"
expect_fail "unknown indicator named" "unknown indicator 'LUNG_XX'" \
  --db "$DB" import indicator-values "$TMP/bad2.csv"
check "failed imports left the database unchanged" test "$(db_digest "$DB")" = "$before"

"$ZL" --db "$DB" quality funnel --indicator lung_mort --viewer admin >"$TMP/funnel.txt"
check "funnel table: 107901 worse, labelled synthetic" bash -c \
  "grep -q '^SYNTHETIC' '$TMP/funnel.txt' && grep '^107901' '$TMP/funnel.txt' | grep -q 'worse'"
"$ZL" --db "$DB" quality funnel --indicator LUNG_MORT --json >"$TMP/pub.json"
"$ZL" --db "$DB" quality funnel --indicator LUNG_MORT --json --viewer admin >"$TMP/exact.json"
check "funnel JSON: public without numerators, admin exact" python3 - "$TMP/pub.json" "$TMP/exact.json" <<'PY'
import json, sys
pub, ex = (json.load(open(p)) for p in sys.argv[1:3])
assert pub["public"] and all("numerator" not in p for p in pub["points"])
e = {p["location_id"]: p for p in ex["points"]}
assert not ex["public"] and e["107901"]["numerator"] == 12 and e["107901"]["flag"] == 2
PY
"$ZL" --db "$DB" quality funnel --indicator AAA_COMPL --csv >"$TMP/aaa.csv"
check "funnel CSV: header, one row per location, <10 for denominators of 9" bash -c \
  "head -1 '$TMP/aaa.csv' | grep -q '^location_id,name' && test \$(wc -l <'$TMP/aaa.csv') = 8 && grep -c ',<10,' '$TMP/aaa.csv' | grep -qx 2"
check "funnel SVG written" bash -c \
  "'$ZL' --db '$DB' quality funnel --indicator LUNG_MORT --svg '$TMP/f.svg' && grep -q '<svg' '$TMP/f.svg'"
check "funnel PNG written" bash -c \
  "'$ZL' --db '$DB' quality funnel --indicator LUNG_MORT --overdispersion --png '$TMP/f.png' && head -c 8 '$TMP/f.png' | od -An -tx1 | grep -q '89 50 4e 47'"
"$ZL" --db "$DB" quality volume-outcome --intervention lung --norm 60 >"$TMP/vo.txt"
check "volume-outcome: ratio per doubling, the norm's expected change, the caveat" bash -c \
  "grep -q 'odds ratio per doubling of volume' '$TMP/vo.txt' && grep -q 'Raising the norm to 60 is expected to change' '$TMP/vo.txt' && grep -q 'Association is not causation' '$TMP/vo.txt'"
check "zl impact: the quality chapter under the report's scenario" bash -c \
  "'$ZL' --db '$DB' impact --intervention LUNG --norm 60 | grep -A2 '^Quality: expected outcomes under this scenario' | grep -q 'Mortality after lung resection: '"
"$ZL" --db "$DB" quality publish-status >"$TMP/ps.txt"
check "publish status: 81.2% of 16 results published" grep -q "81.2% of 16 provider-indicator results" "$TMP/ps.txt"
"$ZL" --db "$DB" quality compare --intervention LUNG --postcode 3584 --csv >"$TMP/cmp.csv"
check "compare CSV: one row per provider of LUNG (one indicator), with minutes" bash -c \
  "test \$(tail -n +2 '$TMP/cmp.csv' | wc -l) = 8 && head -1 '$TMP/cmp.csv' | grep -q 'minutes'"
"$ZL" --db "$DB" quality synth --seed 5 --out "$TMP/gen.csv" 2>/dev/null
check "the generator's values import again, labelled synthetic" bash -c \
  "'$ZL' --db '$DB' import indicator-values '$TMP/gen.csv' | grep -q 'synthetic'"
expect_fail "unknown indicator lists the known ones" "known: AAA_COMPL, LUNG_MORT" \
  --db "$DB" quality funnel --indicator NOPE
rc=0; "$ZL" --db "$DB" quality funnel 2>/dev/null || rc=$?
check_eq "missing --indicator is a usage error" "$rc" 2
finish 17
