#!/usr/bin/env bash
# zl route table: the batch travel table on the real PC4 points and the 2019 hospitals,
# island points through their ferry, the ambulance profile, bad input.
source "$ZL_SOURCE_DIR/tests/e2e/lib.sh"
NL="$ZL_SOURCE_DIR/data/nl"
H="$NL/acute_2019/hospitals.csv"
python3 -c '
import csv, sys
w = sys.stdout
w.write("id,lat,lon\n")
for r in csv.DictReader(open(sys.argv[1])):
    w.write(",".join((r["pc4"], r["lat"], r["lon"])) + "\n")' "$NL/pc4.csv" >"$TMP/pc4.csv"

check "--help exits 0" "$ZL" route table --help
"$ZL" route table --from "$TMP/pc4.csv" --to "$H" --csv >"$TMP/car.csv"
check "4065 x 89 rows and a header" test "$(wc -l <"$TMP/car.csv")" -eq $((4065 * 89 + 1))
check "header" test "$(head -1 "$TMP/car.csv")" = "from_id,to_id,minutes,km"
nearest() { grep "^$2," "$1" | sort -t, -k3 -g | head -1 | cut -d, -f3; }
t=$(nearest "$TMP/car.csv" 1781)
check "Den Helder 1781 to its hospital in under 10 minutes ($t)" awk -v t="$t" 'BEGIN{exit !(t < 10)}'
for pc in 1791 8899 8881 9163 9166; do
  t=$(nearest "$TMP/car.csv" $pc)
  check "island PC4 $pc: over 45 minutes by car through the ferry ($t)" \
    awk -v t="$t" 'BEGIN{exit !(t > 45)}'
done
"$ZL" route table --from "$TMP/pc4.csv" --to "$H" --csv --ferries none >"$TMP/noferry.csv"
t=$(nearest "$TMP/noferry.csv" 1791)
check "without ferries Texel looks near ($t < 30)" awk -v t="$t" 'BEGIN{exit !(t < 30)}'
"$ZL" route table --from "$TMP/pc4.csv" --to "$H" --csv --night >"$TMP/night.csv"
check "at night island rows have empty fields" grep -q '^1791,50,,$' "$TMP/night.csv"
"$ZL" route table --from "$TMP/pc4.csv" --to "$H" --csv --profile ambulance >"$TMP/amb.csv"
a=$(nearest "$TMP/amb.csv" 7511) c=$(nearest "$TMP/car.csv" 7511)
check "ambulance faster than car (Enschede 7511: $a < $c)" awk -v a="$a" -v c="$c" 'BEGIN{exit !(a < c)}'
text=$("$ZL" route table --from "$TMP/pc4.csv" --to "$H" | sed -n 2p)
check "text table by default" grep -Eq '^1011 +0 +[0-9]+\.[0-9]{2} +[0-9]+\.[0-9]{3}$' <<<"$text"

printf 'id,lat,lon\na,91,5\n' >"$TMP/bad.csv"
expect_fail "latitude out of range" "bad.csv:2: column 'lat'" route table --from "$TMP/bad.csv" --to "$H"
printf 'id,lat\na,52\n' >"$TMP/nolon.csv"
expect_fail "missing column" "lon" route table --from "$TMP/nolon.csv" --to "$H"
expect_fail "unknown profile" "'bike' is not one of car, ambulance" route table --from "$H" --to "$H" --profile bike
expect_fail "missing file" "cannot open" route table --from "$TMP/none.csv" --to "$H"
finish 17
