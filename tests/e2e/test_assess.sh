#!/usr/bin/env bash
# zl assess on the demo database (SYNTHETIC sample): the four dimensions per province and
# nationally, the national patients equal to zl impact's own figures under the same rule,
# regions adding up to the nation, the synthetic label in JSON and table, a mitigation
# suggestion that holds when applied (--keep), and bad input: a thresholds file with an
# unknown key, staff for an unknown location (database unchanged), bad options.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http_lib.sh"
DB=$(new_db demo)
demo_copy "$DB"
A=("$ZL" --db "$DB" assess --intervention LUNG --norm 60 --rule nearest
  --network-layer oncology_network)

check "--help prints usage, exit 0" sh -c "'$ZL' assess --help | grep -q 'zl assess'"
"${A[@]}" --json >"$TMP/a.json"
# The impact underneath, by the command the document names (trace.impact_command).
read -ra IMPACT <<<"$(python3 -c "import json; print(json.load(open('$TMP/a.json'))['trace']['impact_command'])")"
"$ZL" --db "$DB" "${IMPACT[@]:1}" --json >"$TMP/i.json"
check_eq "trace names the impact command" "${IMPACT[*]:0:7}" "zl impact --intervention LUNG --norm 60 --year"

py() { python3 -c "import json,sys; a=json.load(open('$TMP/a.json')); i=json.load(open('$TMP/i.json')); $1"; }
check_eq "synthetic label and inputs" "$(py "print(a['label'], a['synthetic'], len(a['synthetic_inputs']))")" \
  "synthetic True 5"
check_eq "12 provinces with names, nearest baseline, network layer" \
  "$(py "print(len(a['regions']), [g['name'] for g in a['regions'] if g['code']=='NH'][0], a['baseline'], a['network_layer'], a['networks'][0]['name'].endswith('(synthetic)'))")" \
  "12 Noord-Holland nearest oncology_network True"
check_eq "national displaced and extra minutes = zl impact's like-for-like figures" \
  "$(py "n=a['national']['patients']; h=i['patients_nearest_baseline']; print(n['displaced']==h['displaced'], n['extra_minutes']==h['extra_minutes'], n['total']==h['total'])")" \
  "True True True"
check_eq "national inhabitants beyond = zl impact's population beyond" \
  "$(py "print(a['national']['patients']['inhabitants_beyond']==i['population_beyond'])")" "True"
check_eq "regions add up to the nation (displaced, inhabitants, volume lost, surgeons)" \
  "$(py "
R=a['regions']; n=a['national']
s=lambda f: round(sum(f(g) for g in R), 6)
print(s(lambda g: g['patients']['displaced'])==n['patients']['displaced'],
      s(lambda g: g['patients']['inhabitants'])==n['patients']['inhabitants'],
      s(lambda g: g['providers']['volume_lost'])==n['providers']['volume_lost'],
      s(lambda g: g['professionals']['surgeons'])==n['professionals']['surgeons'])")" "True True True True"
check_eq "volume lost = volumes of stopping locations; revenue = volume x tariff" \
  "$(py "
st=[l for l in a['locations'] if l['status']=='stops']
v=sum(l['volume_before'] for l in st); n=a['national']['providers']
print(v==n['volume_lost'], n['revenue_lost']==v*a['tariff'], len(st)==i['summary']['stopping'])")" "True True True"
check_eq "every verdict is acceptable or lists the thresholds it breaks" \
  "$(py "print(all((g['verdict']=='acceptable')==(len(g['breaches'])==0) for g in a['regions']+[a['national']]))")" \
  "True"

# The default rule (choice: a model is fitted in the demo) compares with the observed flows;
# the region rule with its own like-for-like baseline; both equal zl impact's figures.
for rule in choice region; do
  "$ZL" --db "$DB" assess --intervention PANC --norm proposed --rule "$rule" --json >"$TMP/r.json"
  "$ZL" --db "$DB" impact --intervention PANC --norm proposed --rule "$rule" \
    $([ "$rule" = region ] && echo --region-layer province) --json >"$TMP/ri.json"
  check_eq "PANC, rule $rule: national patients = zl impact's $( [ "$rule" = region ] && echo nearest || echo observed) block" \
    "$(python3 -c "
import json; a=json.load(open('$TMP/r.json')); i=json.load(open('$TMP/ri.json'))
h=i['patients_nearest_baseline'] if a['baseline']=='nearest' else i['patients']
n=a['national']['patients']
print(a['baseline'], abs(n['displaced']-h['displaced'])<1e-6, n['extra_minutes']==h['extra_minutes'], abs(n['total']-h['total'])<1e-6)")" \
    "$( [ "$rule" = region ] && echo nearest || echo observed) True True True"
done

# A suggested exception set, applied with --keep, makes its region acceptable.
read -r region keep <<<"$(py "
g=[g for g in a['regions'] if g['mitigation'] and g['mitigation']['found']][0]
print(g['code'], ','.join(g['mitigation']['keep']))")"
"${A[@]}" --keep "$keep" --no-mitigation --json >"$TMP/k.json"
check_eq "keeping $keep makes $region acceptable" \
  "$(python3 -c "import json; a=json.load(open('$TMP/k.json')); print([g['verdict'] for g in a['regions'] if g['code']=='$region'][0])")" \
  "acceptable"

"${A[@]}" >"$TMP/table.txt"
check "table: synthetic label, verdicts, a suggestion" sh -c \
  "grep -q '^SYNTHETIC' '$TMP/table.txt' && grep -q 'mitigation needed' '$TMP/table.txt' && grep -q 'keep as exception' '$TMP/table.txt'"

# Bad input: clear errors naming file, line and field; the database is unchanged.
printf 'mean_extra_minutes = 10\nmax_minutes = 5\n' >"$TMP/bad.conf"
expect_fail "thresholds file with an unknown key" "bad.conf:2: unknown key 'max_minutes'" \
  --db "$DB" assess --intervention LUNG --norm 60 --thresholds "$TMP/bad.conf"
# A digest of the assessment's input tables (the whole dump of the demo database is slow).
digest() { sql "$DB" "SELECT * FROM staff; SELECT * FROM surgeon_norm; SELECT * FROM provider;
  SELECT * FROM provider_group; SELECT * FROM tariff; SELECT count(*) FROM import_log;" | sort | sha256sum; }
before=$(digest)
printf 'location_id,intervention,surgeons\n100101,LUNG,5\nNOPE,LUNG,2\n' >"$TMP/staff.csv"
expect_fail "staff for an unknown location" "staff.csv:3: column 'location_id': unknown location 'NOPE'" \
  --db "$DB" import staff "$TMP/staff.csv"
check_eq "database unchanged after the failed import" "$(digest)" "$before"
expect_fail "unknown network layer" "unknown region layer 'nope'" \
  --db "$DB" assess --intervention LUNG --network-layer nope
expect_fail "bad --max-keep" "--max-keep" --db "$DB" assess --intervention LUNG --max-keep 0
# Without --network-layer: the store's care network layer matching the intervention group
# (the demo has two), named with the reason; the networks dimension is filled. --network-layer
# none leaves it out and says so.
for iv in LUNG:oncology_network AAA:vascular_network; do
  "$ZL" --db "$DB" assess --intervention "${iv%%:*}" --norm proposed --no-mitigation --json \
    >"$TMP/n.json"
  check_eq "${iv%%:*} without --network-layer: $(echo "${iv#*:}"), networks filled, note" \
    "$(python3 -c "
import json; a=json.load(open('$TMP/n.json'))
print(a['network_layer'], len(a['networks'])>0, a['national']['networks']['networks']>0, 'matching the intervention group' in a['network_layer_note'])")" \
    "${iv#*:} True True True"
done
check "table names the default network layer and why" sh -c \
  "'$ZL' --db '$DB' assess --intervention LUNG --no-mitigation | grep -q '^Networks: network layer oncology_network: of the 2 care network layers in the store, the one matching'"
check_eq "--network-layer none: no networks, said so" \
  "$("$ZL" --db "$DB" assess --intervention LUNG --no-mitigation --network-layer none --json |
    python3 -c "import json,sys; a=json.load(sys.stdin); print(a['network_layer'], a['networks'], a['network_layer_note'])")" \
  "None [] not assessed (--network-layer none)"
# A store without a care network layer (the impact fixture: provinces of areas and
# locations only): the output says that the networks are not assessed, and why; with one
# network layer imported, that one is the default.
FDB=$(new_db fixture)
impact_fixture_db "$FDB"
check_eq "no care network layer in the store: JSON says so" \
  "$("$ZL" --db "$FDB" assess --intervention LUNG --no-mitigation --json |
    python3 -c "import json,sys; a=json.load(sys.stdin); print(a['network_layer'], a['network_layer_note'].split(' (')[0])")" \
  "None not assessed: no care network layer in the store"
check "no care network layer in the store: the table says so" sh -c \
  "'$ZL' --db '$FDB' assess --intervention LUNG --no-mitigation | grep -q '^Networks: not assessed: no care network layer in the store'"
printf 'layer,code,name,pc4,location_id\nnet,N1,Net one,,a\nnet,N1,Net one,,b\nnet,N2,Net two,,c\n' \
  >"$TMP/net.csv"
"$ZL" --db "$FDB" import regions "$TMP/net.csv" >/dev/null
check_eq "the only care network layer is the default" \
  "$("$ZL" --db "$FDB" assess --intervention LUNG --no-mitigation --json |
    python3 -c "import json,sys; a=json.load(sys.stdin); print(a['network_layer'], sorted(n['code'] for n in a['networks']), 'the only care network layer' in a['network_layer_note'])")" \
  "net ['N1', 'N2'] True"
check_eq "re-importing the sample changes nothing" \
  "$("$ZL" --db "$DB" import staff "$ZL_SOURCE_DIR/data/sample/staff.csv" 2>&1 | grep -o '0 changed' || true)" \
  "0 changed"
# GET /api/v1/assess: an administrator gets the CLI's exact document, an analyst the
# published one (the same as --public); JSON errors otherwise.
ADMIN=$("$ZL" --db "$DB" token create --role admin --label test 2>/dev/null)
ANALYST=$("$ZL" --db "$DB" token create --role analyst --label test 2>/dev/null)
"${A[@]}" --json --public >"$TMP/pub.json"
check_eq "--public: small counts suppressed, national figures as the public zl impact's" \
  "$(python3 -c "
import json, subprocess
a=json.load(open('$TMP/pub.json'))
i=json.loads(subprocess.run(['$ZL','--db','$DB','impact','--intervention','LUNG','--norm','60','--rule','nearest','--json','--public'],capture_output=True,text=True,check=True).stdout)
n=a['national']['patients']; h=i['patients_nearest_baseline']
counts=[l['volume_before'] for l in a['locations']]+[g['patients']['displaced'] for g in a['regions']]
print(a['small_counts_suppressed'], n['total']==h['total'] and n['displaced']==h['displaced'], all(c is None or c%10==0 for c in counts), any(c is None for c in counts))")" \
  "True True True True"
http_start "$DB" --threads 2
check "GET /assess: admin exact as the CLI, analyst published; public, bad rule, bad layer refused" \
  python3 - "$HTTP_PORT" "$ADMIN" "$ANALYST" "$TMP/a.json" "$TMP/pub.json" <<'PY'
import json, sys, urllib.error, urllib.request
port, admin, analyst = sys.argv[1], sys.argv[2], sys.argv[3]
cli, pub = json.load(open(sys.argv[4])), json.load(open(sys.argv[5]))
base = f"http://127.0.0.1:{port}/api/v1/assess?intervention=LUNG&norm=60&rule=nearest"
def get(q, tok=admin):
    req = urllib.request.Request(base + q)
    if tok:
        req.add_header("Authorization", "Bearer " + tok)
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)
q = "&network_layer=oncology_network&layer=province"
st, r = get(q)
assert st == 200, (st, r)
assert r["national"] == cli["national"] and r["regions"] == cli["regions"], "differs from the CLI"
assert r["label"] == "synthetic" and r["small_counts_suppressed"] is False
st, r = get(q, analyst)
assert st == 200 and r["small_counts_suppressed"] is True, (st, r.get("small_counts_suppressed"))
assert r["national"] == pub["national"] and r["locations"] == pub["locations"], "differs from --public"
st, e = get("", None)
assert st == 401 and "error" in e, (st, e)
st, e = get("&rule=bogus")
assert st == 400 and "rule" in e["error"]["message"], (st, e)
st, e = get("&network_layer=nope")
assert st == 404 and "nope" in e["error"]["message"], (st, e)
st, r = get("&layer=none&mitigation=false")
assert st == 200 and r["regions"] == [] and r["national"]["mitigation"] is None, r
PY
finish 28
