#!/usr/bin/env bash
# The HTTP side of everyday use: error messages in the language asked for (?lang=,
# Accept-Language), table exports (CSV parsed, .xlsx opened with openpyxl, bad tables
# refused), and registry uploads: a location's bad file gets a report with every rejected
# row and its reason (another location's row among them), the database keeps only what
# was valid, the history is the location's own, the registry holder sees every upload,
# anonymous callers are refused, and a large file passes the upload limit.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http_lib.sh"

DB=$(new_db http)
http_fixture_copy "$DB"
ADMIN=$("$ZL" --db "$DB" token create --role admin 2>/dev/null)
LOC=$("$ZL" --db "$DB" token create --role location --location 100101 2>/dev/null)
LOC2=$("$ZL" --db "$DB" token create --role location --location 100201 2>/dev/null)
http_start "$DB" --threads 2 --quiet
B="http://127.0.0.1:$HTTP_PORT/api/v1"
PY=/usr/bin/python3
# check_eq "description" GOT EXPECTED (lib.sh may already have it).
type check_eq >/dev/null 2>&1 || check_eq() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: got '$2', expected '$3'"; fi; }
jget() { $PY -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {'d': d}))" "$1"; }

# ---- localised errors ----
m=$(curl -s -H 'Accept-Language: nl-NL,nl;q=0.9,en;q=0.5' "$B/interventions/NOPE" | jget 'd["error"]["message"], d["error"]["lang"]')
check_eq "Accept-Language nl: Dutch message" "$m" "('geen interventie met deze code', 'nl')"
m=$(curl -s -H 'Accept-Language: en-GB,nl;q=0.5' "$B/interventions/NOPE" | jget 'd["error"]["lang"]')
check_eq "Accept-Language en first: English" "$m" "en"
m=$(curl -s "$B/impact?intervention=LUNG&bogus=1&lang=nl" | jget 'd["error"]["message"]')
check "?lang=nl: pieces of the message kept in the Dutch one" grep -q "^onbekende parameter 'bogus' (toegestaan: intervention" <<<"$m"
m=$(curl -s -H 'Accept-Language: nl' "$B/registry/counts?code=ORPHA:558&by=nonsense" | jget 'd["error"]["lang"]')
check_eq "an untranslated message says it is English (lang en)" "$m" "en"

# ---- exports ----
TABLE='{"title":"T","columns":["name","n, count"],"rows":[["a \"quoted\" name",1.5],[null,2]],"synthetic":true}'
curl -s -X POST -H 'Content-Type: application/json' -d "$TABLE" "$B/export?format=csv" -D "$TMP/h" >"$TMP/t.csv"
check "CSV export: attachment" grep -qi '^Content-Disposition: attachment; filename="zorglandschap.csv"' "$TMP/h"
check "CSV export parses back (quotes, commas, synthetic column)" $PY -c "
import csv,sys; r=list(csv.reader(open('$TMP/t.csv', newline='')))
sys.exit(0 if r == [['name','n, count','synthetic'],['a \"quoted\" name','1.5','yes'],['','2','yes']] else 1)"
curl -s -X POST -H 'Content-Type: application/json' -d "$TABLE" "$B/export?format=xlsx" -o "$TMP/t.xlsx"
check "XLSX export opens in openpyxl with numbers as numbers" $PY -c "
import openpyxl,sys; rows=list(openpyxl.load_workbook('$TMP/t.xlsx').active.iter_rows(values_only=True))
sys.exit(0 if rows[0][0]=='T' and rows[1][0].startswith('synthetic') and rows[2]==('name','n, count') and rows[3]==('a \"quoted\" name',1.5) else 1)"
code=$(curl -s -o "$TMP/e.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' -d '{"columns":["a"],"rows":[["x","y"]]}' "$B/export?format=csv")
check_eq "a row of the wrong width is refused (400)" "$code" 400
check "the refusal names the row" grep -q "'rows'\[0\]" "$TMP/e.json"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -d "$TABLE" "$B/export?format=pdf")
check_eq "unknown export format refused (400)" "$code" 400

# ---- registry uploads ----
before=$(sql "$DB" "SELECT count(*) FROM registration")
$PY - "$TMP/upload.json" <<'PY'
import json, sys
rows = ["location_id,pseudonym,orpha,diagnosis_date,birth_year,sex,pc4,contact_date",
        "100101," + "a" * 64 + ",ORPHA:558,2019-03-01,1980,F,1011,2024-05-01",   # valid
        "100101," + "b" * 64 + ",ORPHA:99999999,2019-03-01,1980,F,1011,2024-05-01",  # unknown code
        "100101," + "c" * 64 + ",ORPHA:558,2019-13-01,1980,F,1011,2024-05-01",   # bad date
        "100201," + "d" * 64 + ",ORPHA:558,2019-03-01,1980,F,6229,2024-05-01"]   # another location
json.dump({"name": "../bad upload.csv", "csv": "\n".join(rows) + "\n"}, open(sys.argv[1], "w"))
PY
code=$(curl -s -o "$TMP/rep.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $LOC" \
  -H 'Content-Type: application/json' --data-binary @"$TMP/upload.json" "$B/registry/submissions")
check_eq "upload by a location answers 201" "$code" 201
check_eq "report: 4 rows, 1 accepted, 3 rejected" "$(jget 'd["rows"], d["accepted"], d["rejected"], len(d["rejections"])' <"$TMP/rep.json")" "(4, 1, 3, 3)"
check "report: another location's row rejected with its reason" grep -q "location '100201' is not the location of this upload" "$TMP/rep.json"
check "report: names the uploaded file, never the server's temporary path" \
  bash -c "grep -q '\"_bad_upload.csv:3' '$TMP/rep.json' && ! grep -q 'zl-upload-' '$TMP/rep.json'"
after=$(sql "$DB" "SELECT count(*) FROM registration")
check_eq "only the valid row was stored" "$((after - before))" 1
check_eq "the submission records the uploading location" \
  "$(sql "$DB" "SELECT location_id, source FROM registry_submission ORDER BY id DESC LIMIT 1")" "100101|_bad_upload.csv"
h=$(curl -s -H "Authorization: Bearer $LOC" "$B/registry/submissions" | jget '[(s["source"], s["rejected"]) for s in d]')
check_eq "the location's history holds its upload" "$h" "[('_bad_upload.csv', 3)]"
h=$(curl -s -H "Authorization: Bearer $LOC2" "$B/registry/submissions" | jget 'len(d)')
check_eq "another location's history is its own (empty)" "$h" 0
h=$(curl -s -H "Authorization: Bearer $ADMIN" "$B/registry/submissions" | jget 'len(d) >= 2')
check_eq "the registry holder sees every submission" "$h" True
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' --data-binary @"$TMP/upload.json" "$B/registry/submissions")
check_eq "anonymous upload refused (401)" "$code" 401
code=$(curl -s -o "$TMP/e.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $LOC" -H 'Accept-Language: nl' \
  -H 'Content-Type: application/json' -d '{"name":"x.csv","csv":"a,b\n1,2\n"}' "$B/registry/submissions")
check_eq "a file without the columns is refused as a whole (400)" "$code" 400
check "the whole-file error names the file, in Dutch where translated" grep -q "x.csv" "$TMP/e.json"
# A file larger than the ordinary body limit (64 KiB): 2,000 rows of the location's own.
$PY - "$TMP/big.json" <<'PY'
import json, sys
rows = ["location_id,pseudonym,orpha,diagnosis_date,birth_year,sex,pc4,contact_date"]
rows += ["100101,%064x,ORPHA:558,2019-03-01,1980,F,1011,2024-05-01" % (i + 1000) for i in range(2000)]
json.dump({"name": "big.csv", "csv": "\n".join(rows) + "\n"}, open(sys.argv[1], "w"))
PY
code=$(curl -s -o "$TMP/big.rep" -w '%{http_code}' -X POST -H "Authorization: Bearer $LOC" \
  -H 'Content-Type: application/json' --data-binary @"$TMP/big.json" "$B/registry/submissions")
check_eq "a 2,000-row file ($(wc -c <"$TMP/big.json") bytes) is accepted" "$code $(jget 'd["accepted"]' <"$TMP/big.rep")" "201 2000"
finish 23
