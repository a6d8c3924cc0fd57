#!/usr/bin/env bash
# zl acute on RIVM's March 2019 data: the figures of docs/acute.md come from the command,
# every Wadden-island PC4 is beyond 45 minutes unless it has a hospital of its own,
# closing locations never shortens anyone's time, births move to the remaining locations,
# and bad input fails clearly with the database unchanged.
source "$ZL_SOURCE_DIR/tests/e2e/lib.sh"
NL="$ZL_SOURCE_DIR/data/nl"
A="$NL/acute_2019"
DB=$(new_db acute)
for kv in "areas:$NL/pc4.csv" "area-ages:$NL/pc4_age.csv" \
          "locations:$ZL_SOURCE_DIR/data/sample/locations.csv" "ferries:$NL/ferries.csv" \
          "hospitals-2019:$A/hospitals.csv" "ambulance-posts-2019:$A/ambulance_posts.csv"; do
  check "import ${kv%%:*}" bash -c "'$ZL' --db '$DB' import '${kv%%:*}' '${kv#*:}' >'$TMP/imp.${kv%%:*}' 2>&1"
done
check "hospital match reported (83 by position, 3 by name, 3 added)" \
  grep -q "by position (within 250 m) 83, by name 3, added 3" "$TMP/imp.hospitals-2019"
"$ZL" --db "$DB" import hospitals-2019 "$A/hospitals.csv" >"$TMP/imp"
check "a second import finds the added ones by position" \
  grep -q "by position (within 250 m) 86, by name 3, added 0" "$TMP/imp"
check "repeated import changes nothing" grep -q " 0 changed" "$TMP/imp"
q() { sql "$DB" "$1"; }
check "83 locations with seh_24h, 75 with acute obstetrics" \
  test "$(q "SELECT count(*) FROM location_function WHERE function='seh_24h'") $(q "SELECT count(*) FROM location_function WHERE function='acute_obstetrics'")" = "83 75"
check "births stored as real BIRTH volumes" \
  test "$(q "SELECT count(*) || ' ' || sum(CASE WHEN synthetic THEN 1 ELSE 0 END) FROM volume WHERE intervention='BIRTH'")" = "75 0"
check "--help exits 0" "$ZL" acute --help

"$ZL" --db "$DB" acute reach --function seh_24h --json --areas >"$TMP/seh.json"
"$ZL" --db "$DB" acute reach --function acute_obstetrics --json --areas >"$TMP/obs.json"
# The figures quoted in docs/acute.md are the command's (marker comment in the document).
marker=$(grep -o 'figures: .* -->' "$ZL_SOURCE_DIR/docs/acute.md" | head -1)
check "docs/acute.md has the figures marker" test -n "$marker"
python3 - "$TMP/seh.json" "$TMP/obs.json" "$marker" "$NL/ferries.csv" >"$TMP/py.out" <<'PY' || true
import csv, json, sys
seh, obs = (json.load(open(p)) for p in sys.argv[1:3])
marker = dict(kv.split("=") for kv in sys.argv[3].replace("figures: ", "").replace(" -->", "").split())
def ok(cond, what):
    print(("ok" if cond else "FAIL") + " " + what)
for key in ("function", "date", "minutes", "population_total", "population_beyond",
            "municipalities", "car_30", "sensitive"):
    ok(key in seh, f"key {key}")
ok(all(k in seh["sensitive"][0] for k in ("id", "name", "lat", "lon", "increase")), "sensitive keys")
ok(str(seh["population_beyond"]) == marker["seh_beyond"], "docs: SEH beyond %s" % seh["population_beyond"])
ok(str(seh["car_30"]["population_beyond"]) == marker["seh_car30"], "docs: SEH car 30")
ok(str(obs["population_beyond"]) == marker["obs_beyond"], "docs: obstetrics beyond %s" % obs["population_beyond"])
ok(str(obs["car_30"]["population_beyond"]) == marker["obs_car30"], "docs: obstetrics car 30")
ok(24750 <= seh["population_beyond"] <= 41250, "SEH beyond within 25 % of 33,000")
names = {m["name"] for m in seh["municipalities"]}
for m in ("Texel", "Vlieland", "Terschelling", "Ameland", "Schiermonnikoog", "Sluis", "Súdwest-Fryslân"):
    ok(m in names, f"{m} among the municipalities beyond")
ok(all(a["increase"] > 0 for a in seh["sensitive"]), "sensitive means increase > 0")
ok([a["increase"] for a in seh["sensitive"]] == sorted((a["increase"] for a in seh["sensitive"]), reverse=True), "sensitive sorted")
# Islands: beyond 45 minutes unless the nearest location lies on the same island.
def inside(poly, lat, lon):
    v = [tuple(map(float, p.split())) for p in poly.split(";")]
    c = False
    for i in range(len(v)):
        (a, b), (x, y) = v[i], v[i - 1]
        if (a > lat) != (x > lat) and lon < (y - b) * (lat - a) / (x - a) + b:
            c = not c
    return c
islands = [r["polygon"] for r in csv.DictReader(open(sys.argv[4]))]
for d in (seh, obs):
    locs = {l["id"]: l for l in d["locations"]}
    n = 0
    for a in d["areas"]:
        pc = a["pc4"]
        if not (1791 <= pc <= 1797 or 8881 <= pc <= 8899 or 9161 <= pc <= 9166):
            continue
        n += 1
        near = locs[a["nearest"]]
        own = any(inside(p, near["lat"], near["lon"]) for p in islands)
        ok(own or a["total"] > 45, "%s island PC4 %d beyond 45 (%.1f)" % (d["function"], pc, a["total"]))
    ok(n == 25, "%s: 25 island PC4s" % d["function"])
PY
while read -r st what; do
  if [ "$st" = ok ]; then ok "$what"; else not_ok "$what"; fi
done <"$TMP/py.out"
check "python checks ran" test "$(grep -c . "$TMP/py.out")" -ge 70

# Closing never shortens anyone's time: the three most sensitive SEH locations.
close=$(python3 -c 'import json,sys; print(",".join(s["id"] for s in json.load(open(sys.argv[1]))["sensitive"][:3]))' "$TMP/seh.json")
"$ZL" --db "$DB" acute reach --function seh_24h --json --areas --close "$close" >"$TMP/closed.json"
check "closing $close never decreases a PC4's time, and raises the count" python3 - "$TMP/seh.json" "$TMP/closed.json" <<'PY'
import json, sys
b, a = (json.load(open(p)) for p in sys.argv[1:3])
tb = {x["pc4"]: x["total"] for x in b["areas"]}
assert all(x["total"] >= tb[x["pc4"]] - 1e-9 for x in a["areas"])
assert a["population_beyond"] >= b["population_beyond"] + b["sensitive"][0]["increase"]
assert len(a["closed"]) == 3 and a["locations_open"] == 80
PY
"$ZL" --db "$DB" acute close --function acute_obstetrics --location 102902 --json >"$TMP/close.json"
births=$(sql "$DB" "SELECT count FROM volume WHERE intervention='BIRTH' AND location_id='102902'")
check "births of the closed location move, and only to remaining ones" python3 - "$TMP/close.json" "$births" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
n = float(sys.argv[2])
assert abs(d["births_moved"] - n) < 0.5, (d["births_moved"], n)
assert abs(sum(r["births_extra"] for r in d["receivers"]) - n) < 1
assert all(r["id"] != "102902" for r in d["receivers"])
assert d["travel"]["mean_car_after"] >= d["travel"]["mean_car_before"]
PY
text=$("$ZL" --db "$DB" acute reach --function seh_24h)
check "text report names Texel" grep -q "^Texel" <<<"$text"

digest=$(db_digest "$DB")
printf 'name,availability,lat,lon,valid_from,valid_to\nAntwerpen,24 uur,51.2194,4.4025,2019-01-01,2019-12-31\n' >"$TMP/abroad.csv"
expect_fail "post outside the Netherlands" "lies outside the Netherlands" --db "$DB" import ambulance-posts "$TMP/abroad.csv"
printf 'location_id,function,valid_from,valid_to\n100101,trauma,2019-01-01,2019-12-31\n' >"$TMP/fn.csv"
expect_fail "unknown function in a file" "unknown function 'trauma'" --db "$DB" import functions "$TMP/fn.csv"
printf 'location_id,function,valid_from,valid_to\n100101,seh_24h,2019-06-01,2020-05-31\n' >"$TMP/ov.csv"
expect_fail "overlapping validity periods" "overlaps another period" --db "$DB" import functions "$TMP/ov.csv"
expect_fail "unknown function" "'trauma' is not one of seh_24h" --db "$DB" acute reach --function trauma
expect_fail "a date with no locations" "no location has the function seh_24h on 2015-01-01" \
  --db "$DB" acute reach --function seh_24h --date 2015-01-01
expect_fail "closing a location without the function" "does not have the function" \
  --db "$DB" acute reach --function seh_24h --close 999999
check "database unchanged by the bad input" test "$(db_digest "$DB")" = "$digest"
finish 99
