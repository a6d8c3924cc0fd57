#!/usr/bin/env bash
# End-to-end: the bundled synthetic registrations import without a rejected row into the
# reference data the demo loads, and every output says it is synthetic.
source "$(dirname "$0")/lib.sh"
D="$ZL_SOURCE_DIR/data"
DB=$(new_db s)
check "areas" "$ZL" --db "$DB" import areas "$D/nl/pc4.csv"
check "locations" "$ZL" --db "$DB" import locations "$D/sample/locations.csv"
check "regions" "$ZL" --db "$DB" import regions "$D/sample/regions_province.csv"
check "ordo" "$ZL" --db "$DB" rare import ordo "$D/orphanet/ordo-2.6-2018-07-12.json.gz"
check "ern" "$ZL" --db "$DB" rare import ern "$D/orphanet/ern.csv"
check "ecza" "$ZL" --db "$DB" rare import ecza "$D/sample/ecza.csv"
out=$("$ZL" --db "$DB" registry import "$D/sample/registrations.csv" 2>&1)
if grep -q "3000 accepted (3000 new, 0 updated, 0 unchanged), 0 rejected" <<<"$out"; then
  ok "sample imports cleanly"; else not_ok "sample import: $out"; fi
subs=$("$ZL" --db "$DB" registry submissions)
if grep -q "(synthetic)" <<<"$subs"; then ok "submission labelled synthetic"; else not_ok "synthetic label"; fi
counts=$("$ZL" --db "$DB" registry counts --json)
if grep -q '"synthetic": true' <<<"$counts"; then ok "counts say synthetic"; else not_ok "counts synthetic"; fi
# Region breakdown of ORPHA:2406: the registry holder's rows add up to the number of distinct
# pseudonyms in the table; the public table is the same with every count of 1-9 masked.
rows() { grep -E '^([A-Z]{2}|unknown|total) ' | awk '{print $1, $2}'; }
adm=$("$ZL" --db "$DB" registry counts --code 2406 --by region --layer province --viewer admin | rows)
pub=$("$ZL" --db "$DB" registry counts --code 2406 --by region --layer province | rows)
distinct=$(sql "$DB" "SELECT count(DISTINCT pseudonym) FROM registration WHERE orpha = 2406")
check_eq "region breakdown: 12 provinces, unknown and total" "$(wc -l <<<"$adm")" 14
check_eq "region breakdown: total is the distinct patients of ORPHA:2406" \
  "$(awk '$1 == "total" {print $2}' <<<"$adm")" "$distinct"
check_eq "region breakdown: the regions add up to the total" \
  "$(awk '$1 != "total" {s += $2} END {print s}' <<<"$adm")" "$distinct"
# Public counts: 0 stays 0, 1-9 shows "<10", the rest is the exact count rounded by the cell
# key to a multiple of 10 (up or down, never further than 10 away; docs/privacy.md).
check_eq "region breakdown in public: 1-9 masked, the rest cell-key rounded to tens" \
  "$(paste -d' ' <(cat <<<"$adm") <(cat <<<"$pub") | awk '
    $1 != $3 { bad++ }
    $2 == 0 && $4 != "0" { bad++ }
    $2 >= 1 && $2 <= 9 && $4 != "<10" { bad++ }
    $2 >= 10 && ($4 % 10 != 0 || $4 - $2 >= 10 || $2 - $4 >= 10) { bad++ }
    END { print bad + 0 }')" 0
check "region breakdown in public: something is masked" grep -q '<10' <<<"$pub"
conc=$("$ZL" --db "$DB" concentration --date 2025-06-01 --json)
if grep -q '"synthetic": true' <<<"$conc" && grep -q '"verdict": "within the rule"' <<<"$conc" &&
   grep -q '"verdict": "no centre"' <<<"$conc"; then ok "concentration over the sample"; else not_ok "concentration"; fi
finish 15
