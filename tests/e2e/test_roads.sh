#!/usr/bin/env bash
# zl travel build --osm on the real Monaco extract (data/osm/monaco.osm.pbf, © OpenStreetMap
# contributors, ODbL): the matrix builds, every location is reachable from every area,
# times are plausible and match a route worked out by hand; the graph cache is reused; the
# ambulance profile is never slower; bad extracts and a point in the sea fail with a clear
# message and leave the database unchanged.
source "$ZL_SOURCE_DIR/tests/e2e/lib.sh"
OSM="$ZL_SOURCE_DIR/data/osm/monaco.osm.pbf"
F="$FIX/osm"
DB=$(new_db mc)
# A PostgreSQL database names no directory: the graph cache goes to $ZL_CACHE_DIR.
export ZL_CACHE_DIR="$TMP/cache"

"$ZL" --db "$DB" import areas "$F/monaco_areas.csv" >/dev/null
"$ZL" --db "$DB" import locations "$F/monaco_locations.csv" >/dev/null
out=$(ZL_PROGRESS_DELAY=0 "$ZL" --db "$DB" travel build --osm "$OSM" 2>"$TMP/err")
check "travel build --osm: 8 areas x 3 locations" grep -q "8 areas x 3 locations = 24 rows" <<<"$out"
check "method osm:<hash16>:car" grep -Eq "method osm:[0-9a-f]{16}:car" <<<"$out"
check "progress reported while reading and routing" grep -q "reading nodes" "$TMP/err"
check "graph summary names the ignored turn restrictions" \
  grep -Eq "[0-9]+ turn restrictions not modelled" "$TMP/err"
rows=$(sql "$DB" "SELECT count(*) FROM travel WHERE method LIKE 'osm:%:car'")
check "every area reaches every location (24 rows, got $rows)" test "$rows" -eq 24
# Monaco is 2 km across: 0.1-15 minutes, and average speeds of 5-60 km/h.
bad=$(sql "$DB" "SELECT count(*) FROM travel WHERE minutes < 0.1 OR minutes > 15
                      OR km / (minutes / 60) NOT BETWEEN 5 AND 60")
check "times plausible (0.1-15 min, 5-60 km/h): $bad outside" test "$bad" -eq 0
check "compact matrix stored beside the rows" \
  test "$(sql "$DB" "SELECT n_areas * n_locations FROM travel_matrix")" -eq 24

out=$("$ZL" --db "$DB" travel build --osm "$OSM" --force 2>"$TMP/err")
check "second build reuses the cached graph" grep -q "car, cached" "$TMP/err"
if on_pg; then
  check "graph cache file in \$ZL_CACHE_DIR (PostgreSQL)" ls "$ZL_CACHE_DIR"/roads-*-car.graph
else
  check "graph cache file next to the database" ls "$DB".roads-*-car.graph
fi

# A route by hand: Avenue Princesse Grace (way 4230044, primary, maxspeed=50, one-way
# north-east) from its first node 21918939 to its last node 25242946: 19 segments of 628.2 m
# in all (haversine over the node coordinates), driven at 80 % of 50 = 40 km/h: 0.94 min.
HDB=$(new_db hand)
printf 'pc4,municipality,province,population,male,female,lat,lon\n9901,x,x,1,1,0,43.7416134,7.4304875\n' >"$TMP/a.csv"
printf 'location_id,organisation_id,organisation,name,kind,address,postcode,city,lat,lon\nX,o,o,x,general,,,,43.7467063,7.4334030\n' >"$TMP/l.csv"
"$ZL" --db "$HDB" import areas "$TMP/a.csv" >/dev/null
"$ZL" --db "$HDB" import locations "$TMP/l.csv" >/dev/null
"$ZL" --db "$HDB" travel build --osm "$OSM" --quiet >/dev/null
got=$(sql "$HDB" "SELECT minutes, km FROM travel" | awk -F'|' '{ printf "%.3f %.3f", $1, $2 }')
check "hand route: 0.942 min, 0.628 km (got $got)" \
  python3 -c "import sys; m, k = map(float, '$got'.split()); sys.exit(not (abs(m - 0.9423) < 0.005 and abs(k - 0.6282) < 0.002))"

# The same batch table as `zl route table`, on the road network: the hand route again,
# and a point in the sea gets empty fields and a warning naming it.
printf 'id,lat,lon\nB,43.7416134,7.4304875\nSEA,43.700,7.425\n' >"$TMP/from.csv"
printf 'id,lat,lon\nX,43.7467063,7.4334030\n' >"$TMP/to.csv"
out=$("$ZL" --db "$DB" route table --from "$TMP/from.csv" --to "$TMP/to.csv" --osm "$OSM" \
  --csv --max-snap-m 1000 --quiet 2>"$TMP/err")
check "route table --osm: header" grep -qx "from_id,to_id,minutes,km" <<<"$out"
check "route table --osm: the hand route (0.94 min, 0.628 km)" grep -qx "B,X,0.94,0.628" <<<"$out"
check "route table --osm: no route from the sea (empty fields)" grep -qx "SEA,X,," <<<"$out"
check "route table --osm: the sea point is named on stderr" grep -q "point 'SEA'" "$TMP/err"

# Ambulance: a documented variant of car that drives at the limit, never slower.
ADB=$(new_db amb)
db_copy "$DB" "$ADB"
out=$("$ZL" --db "$ADB" travel build --osm "$OSM" --profile ambulance --quiet)
check "ambulance method" grep -Eq "method osm:[0-9a-f]{16}:ambulance" <<<"$out"
sql "$DB" "SELECT pc4, location_id, minutes FROM travel ORDER BY 1, 2" >"$TMP/car.txt"
sql "$ADB" "SELECT pc4, location_id, minutes FROM travel ORDER BY 1, 2" >"$TMP/amb.txt"
slower=$(paste -d'|' "$TMP/car.txt" "$TMP/amb.txt" | awk -F'|' '$6 > $3 + 1e-9' | wc -l)
faster=$(paste -d'|' "$TMP/car.txt" "$TMP/amb.txt" | awk -F'|' '$6 < $3' | wc -l)
check "ambulance never slower than car ($slower pairs slower)" test "$slower" -eq 0
check "ambulance faster on most pairs ($faster of 24)" test "$faster" -ge 20

# Bad input: the database must stay as it was.
d=$(db_digest "$DB")
expect_fail "non-PBF file" "not an OSM PBF file" --db "$DB" travel build --osm "$F/notpbf.osm.pbf"
expect_fail "truncated PBF" "truncated.osm.pbf" --db "$DB" travel build --osm "$F/truncated.osm.pbf"
expect_fail "extract without roads" "no roads the car profile may drive" \
  --db "$DB" travel build --osm "$F/noroads.osm"
expect_fail "missing extract" "no-such.osm.pbf" --db "$DB" travel build --osm "$TMP/no-such.osm.pbf"
check "bad extracts: database unchanged" test "$(db_digest "$DB")" = "$d"
# A point in the sea, 4 km south of the harbour.
printf 'pc4,municipality,province,population,male,female,lat,lon\n9809,Sea (synthetic),MC,10,5,5,43.700,7.425\n' >"$TMP/sea.csv"
"$ZL" --db "$DB" import areas "$TMP/sea.csv" >/dev/null
d=$(db_digest "$DB")
expect_fail "a point in the sea is named" "1 area point(s) (in pc4 order) farther than 1000 m" \
  --db "$DB" travel build --osm "$OSM" --max-snap-m 1000 --quiet
expect_fail "and its coordinates given" "(43.70000,7.42500)" \
  --db "$DB" travel build --osm "$OSM" --max-snap-m 1000 --quiet
check "point in the sea: database unchanged" test "$(db_digest "$DB")" = "$d"
expect_fail "bad profile" "'bus' is not one of car, ambulance" --db "$DB" travel build --osm "$OSM" --profile bus
"$ZL" travel build --osm x --help | grep -q "osm:<extract sha-256" && ok "--help" || not_ok "--help"

finish 27
