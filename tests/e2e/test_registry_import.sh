#!/usr/bin/env bash
# Registry import for data managers (issue 13): semicolon (Dutch Excel) and tab files are
# read like comma files; an unsupported delimiter is named; every error of every row is
# reported; --rejects writes the rejected rows with their reasons; any rejected row means
# exit 3 and nothing stored unless --allow-partial; a file with all rows rejected is no
# success; the counts of every --by variant sum to the same total.
source "$(dirname "$0")/lib.sh"
F="$FIX/registry"
DB=$(new_db reg)
"$ZL" --db "$DB" db init >/dev/null
sql_file "$DB" "$F/reference.sql"
count() { sql "$DB" 'SELECT count(*) FROM registration'; }

# The same rows in three delimiters give the same submission.
tr ',' ';' <"$F/good.csv" >"$TMP/semicolon.csv"
tr ',' '\t' <"$F/good.csv" >"$TMP/tab.csv"
out=$("$ZL" --db "$DB" registry import "$TMP/semicolon.csv" 2>"$TMP/err")
check "semicolon-separated file imports (5 accepted)" grep -q "5 accepted (5 new" <<<"$out"
check "... and says how it was read" grep -q "read as semicolon-separated" "$TMP/err"
out=$("$ZL" --db "$DB" registry import "$TMP/tab.csv" 2>/dev/null)
check "tab-separated file: the same rows, unchanged" grep -q "5 accepted (0 new, 0 updated, 5 unchanged)" <<<"$out"
tr ',' '|' <"$F/good.csv" >"$TMP/pipe.csv"
expect_fail "an unsupported delimiter is named" "seems separated by '|'" --db "$DB" registry import "$TMP/pipe.csv"

# Every error of a row, every row; exit 3 and nothing stored.
P=1111111111111111111111111111111111111111111111111111111111111111
cat >"$TMP/multi.csv" <<CSV
location_id;pseudonym;orpha;diagnosis_date;birth_year;sex;pc4;contact_date
L_X;$P;ORPHA:12345;2019-02-30;1980;Q;123;2020-01-01
L_A;nothex;ORPHA:200;2019-03-01;1850;F;1011;2999-01-01
L_A;abababababababababababababababababababababababababababababababab;ORPHA:300;2019-03-01;1980;F;1011;2024-05-01
CSV
before=$(count)
rc=0
"$ZL" --db "$DB" registry import "$TMP/multi.csv" --rejects "$TMP/rejects.csv" >"$TMP/out" 2>"$TMP/err" || rc=$?
check "rows rejected: exit 3 ($rc)" test "$rc" -eq 3
check "nothing stored" test "$(count)" = "$before"
check "the report says nothing was stored" grep -q "nothing stored: 2 of 3 rows were rejected" "$TMP/out"
for e in "multi.csv:2: column 'location_id': unknown location 'L_X'" \
         "multi.csv:2: column 'orpha': unknown ORPHAcode ORPHA:12345" \
         "multi.csv:2: column 'diagnosis_date': bad date '2019-02-30'" \
         "multi.csv:2: column 'sex': bad sex 'Q'" \
         "multi.csv:2: column 'pc4': invalid PC4 '123'" \
         "multi.csv:3: column 'pseudonym': malformed pseudonym" \
         "multi.csv:3: column 'birth_year': bad year of birth '1850'" \
         "multi.csv:3: column 'contact_date': date 2999-01-01 is in the future"; do
  check "reported: $e" grep -qF "$e" "$TMP/err"
done
check "8 errors in 2 rows counted" grep -q "2 rejected (8 errors)" "$TMP/out"
rows=$(python3 -c "import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); print(len(r), r[0]['location_id'], r[0]['line'], r[1]['pseudonym'], r[0]['reason'].count('; ') + 1)" "$TMP/rejects.csv")
check "--rejects: the 2 rejected rows as they were, with line and all reasons ($rows)" \
  test "$rows" = "2 L_X 2 nothex 5"
json=$("$ZL" --db "$DB" registry import "$TMP/multi.csv" --json 2>/dev/null || true)
check "--json: the validation report (stored false, 8 errors with their columns)" \
  python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert d['stored'] is False and d['errors'] == 8 and d['delimiter'] == ';' and d['rejections'][0]['column'] == 'location_id', d" "$json"
rc=0
"$ZL" --db "$DB" registry import "$TMP/multi.csv" --allow-partial >"$TMP/out" 2>/dev/null || rc=$?
check "--allow-partial: exit 0 ($rc)" test "$rc" -eq 0
check "--allow-partial: the valid row is stored" test "$(count)" = "$((before + 1))"

# A file with every row rejected is no success.
python3 - "$TMP/allbad.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("location_id,pseudonym,orpha,diagnosis_date,birth_year,sex,pc4,contact_date\n")
    for i in range(3000):
        f.write("L_A,%064x,ORPHA:200,2019-03-01,1980,Z,1011,2024-05-01\n" % i)
PY
rc=0
"$ZL" --db "$DB" registry import "$TMP/allbad.csv" --rejects "$TMP/allbad.rej" >"$TMP/out" 2>"$TMP/err" || rc=$?
check "3,000 of 3,000 rows rejected: exit 3 ($rc)" test "$rc" -eq 3
check "every one of the 3,000 errors on stderr" test "$(grep -c "column 'sex'" "$TMP/err")" -eq 3000
check "every rejected row in --rejects" test "$(($(wc -l <"$TMP/allbad.rej") - 1))" -eq 3000

# Two reading threads (the file in halves): the same report, errors and rejected rows.
for t in 1 2; do
  "$ZL" --db "$DB" registry import "$TMP/allbad.csv" --threads "$t" --json --rejects "$TMP/t$t.rej" \
    >"$TMP/t$t.json" 2>"$TMP/t$t.err" || true
done
# (the submission number aside: PostgreSQL's rolled-back submissions use up theirs)
check "--threads 2: the JSON report of --threads 1" \
  test "$(jq -S 'del(.submission)' "$TMP/t1.json")" = "$(jq -S 'del(.submission)' "$TMP/t2.json")"
check "--threads 2: the rejected rows of --threads 1, in order" cmp -s "$TMP/t1.rej" "$TMP/t2.rej"
check "--threads 2: the errors of --threads 1, in order" cmp -s "$TMP/t1.err" "$TMP/t2.err"
expect_fail "--threads other than 1 or 2 is refused" "--threads must be 1 or 2" \
  --db "$DB" registry import "$TMP/allbad.csv" --threads 3

# Progress on stderr is plain lines off a terminal, silenced by --quiet.
ZL_PROGRESS_DELAY=0 "$ZL" --db "$DB" registry import "$F/good.csv" >/dev/null 2>"$TMP/err"
check "progress: a plain line when not on a terminal" grep -q "^zl: reading registrations: .* bytes (100%).*done in" "$TMP/err"
ZL_PROGRESS_DELAY=0 "$ZL" --db "$DB" registry import "$F/good.csv" --quiet >/dev/null 2>"$TMP/err"
check "--quiet: no progress" bash -c "! grep -q 'reading registrations' '$TMP/err'"

# Counts: every breakdown of the same query sums to the same total.
"$ZL" --db "$DB" registry import "$F/rollup.csv" --allow-partial >/dev/null 2>&1 || true
for q in "--code 200" "--code 300"; do
  # shellcheck disable=SC2086
  nat=$("$ZL" --db "$DB" registry counts $q --viewer admin --json | python3 -c 'import json,sys; print(sum(r["patients"] for r in json.load(sys.stdin)["rows"]))')
  for by in location age "region --layer province"; do
    # shellcheck disable=SC2086
    sum=$("$ZL" --db "$DB" registry counts $q --by $by --viewer admin --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(sum(r["patients"] for r in d["rows"]), d.get("total"))')
    check "counts $q --by ${by%% *}: rows and total equal the national count $nat ($sum)" test "$sum" = "$nat $nat"
  done
done
expect_fail "an unknown code is an error" "ORPHA:999999 is not in the nomenclature" \
  --db "$DB" registry counts --code 999999 --by location
finish 36
