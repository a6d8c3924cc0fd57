#!/usr/bin/env bash
# zl norms and zl impact through the CLI on the hand-computed fixture in
# tests/fixtures/impact (figures in its README): invariants of every report, the exact
# figures of a few scenarios and the error messages.
source "$(dirname "$0")/lib.sh"
F="$FIX/impact"
DB=$(new_db impact)
CHECKS="$TMP/checks.tsv"
: >"$CHECKS"
# JSON checks are queued and run in one Python start-up at the end (run_impact_checks).
inv() { printf 'inv\t%s\t%s\n' "$1" "$2" >>"$CHECKS"; }
inv_shorter() { printf 'inv-shorter\t%s\t%s\n' "$1" "$2" >>"$CHECKS"; }
# equals "description" FILE EXPR EXPECTED: str(EXPR) on the report r must be EXPECTED.
equals() { printf 'eq\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$CHECKS"; }

for kind in areas locations regions interventions volumes flows; do
  "$ZL" --db "$DB" import "$kind" "$F/$kind.csv" >/dev/null
done
expect_fail "impact without travel times" "no travel times: run \`zl travel build\`" \
  --db "$DB" impact --intervention LUNG
# The matrix is given, not estimated: load it as it is.
sql_import_csv "$DB" "$F/travel.csv" travel

# Current norm (6), nearest rule: b stops; 1001->b to c (+20), 1004->b to a (+13).
"$ZL" --db "$DB" impact --intervention LUNG --json >"$TMP/cur.json"
inv_shorter "invariants, current norm" "$TMP/cur.json"
equals "b stops" "$TMP/cur.json" "[x['status'] for x in r['locations']]" \
  "['receives', 'stops', 'receives']"
equals "patients total/displaced" "$TMP/cur.json" \
  "(r['patients']['total'], r['patients']['displaced'])" "(21, 5)"
equals "extra minutes mean/p50/max" "$TMP/cur.json" \
  "[r['patients']['extra_minutes'][k] for k in ('mean','p50','p90','max')]" \
  "[18.6, 20.0, 20.0, 20.0]"
equals "volumes after" "$TMP/cur.json" "[x['volume_after'] for x in r['locations']]" "[6, 0, 15]"
equals "population beyond 30 before/after" "$TMP/cur.json" \
  "(r['population_beyond'][0]['before'], r['population_beyond'][0]['after'])" "(400, 600)"
equals "synthetic is labelled" "$TMP/cur.json" "r['synthetic']" "True"

# Region rule: 1001->b stays in its province (a, 40 min) instead of c (35 min).
"$ZL" --db "$DB" impact --intervention LUNG --rule region --region-layer province --json \
  >"$TMP/reg.json"
inv_shorter "invariants, region rule" "$TMP/reg.json"
equals "region rule volumes" "$TMP/reg.json" "[x['volume_after'] for x in r['locations']]" \
  "[10, 0, 11]"
equals "region rule reported" "$TMP/reg.json" "(r['rule'], r['region_layer'])" \
  "('region', 'province')"

# Proposed norm (8): a and b stop, everyone goes to c.
"$ZL" --db "$DB" impact --intervention LUNG --norm proposed --json >"$TMP/prop.json"
inv_shorter "invariants, proposed norm" "$TMP/prop.json"
equals "proposed norm" "$TMP/prop.json" "(r['norm'], r['norm_basis'], r['summary']['stopping'])" \
  "(8, 'proposed', 2)"
equals "c takes all" "$TMP/prop.json" "r['locations'][2]['volume_after']" "21"

# norm_basis follows the norm's value (docs/impact.md): --norm 6 is the current norm, 8 the
# proposed one, 7 neither.
for nb in "6 current" "8 proposed" "7 override"; do
  set -- $nb
  "$ZL" --db "$DB" impact --intervention LUNG --norm "$1" --json >"$TMP/nb$1.json"
  equals "--norm $1 reports norm_basis $2" "$TMP/nb$1.json" "(r['norm'], r['norm_basis'])" "($1, '$2')"
done

# Overrides: keeping b displaces nobody; stopping c moves its patients.
"$ZL" --db "$DB" impact --intervention LUNG --keep b --json >"$TMP/keep.json"
inv "invariants, --keep" "$TMP/keep.json"
equals "kept b" "$TMP/keep.json" "(r['patients']['displaced'], r['locations'][1]['kept'])" \
  "(0, True)"
"$ZL" --db "$DB" impact --intervention LUNG --norm 0 --stop c --json >"$TMP/stop.json"
inv "invariants, --stop" "$TMP/stop.json"
equals "stopped c" "$TMP/stop.json" "(r['locations'][2]['status'], r['patients']['displaced'])" \
  "('stops', 11)"

# Public reports suppress patient counts of 1-9 and round the rest to multiples of 10.
"$ZL" --db "$DB" impact --intervention LUNG --json --public >"$TMP/pub.json"
equals "public report" "$TMP/pub.json" \
  "(r['small_counts_suppressed'], r['patients']['displaced'], r['patients']['total'] % 10)" \
  "(True, None, 0)"
expect_fail "--public needs --json" "--public applies to --json" \
  --db "$DB" impact --intervention LUNG --public

# The readable table.
out=$("$ZL" --db "$DB" impact --intervention LUNG)
if grep -q "Patients (baseline observed): 21 in total, 5 displaced" <<<"$out" && grep -q "SYNTHETIC" <<<"$out"; then
  ok "table"
else
  not_ok "table: $out"
fi

# Norm check.
"$ZL" --db "$DB" norms --json >"$TMP/norms.json"
equals "norms of every intervention" "$TMP/norms.json" "[x['intervention'] for x in r]" \
  "['LUNG', 'PANC']"
equals "windowed means" "$TMP/norms.json" \
  "[(x['id'], x['volume_mean'], x['years_with_record'], x['meets_norm']) for x in r[0]['locations']]" \
  "[('a', 6.0, 2, True), ('b', 5.0, 1, False), ('c', 11.0, 3, True)]"
out=$("$ZL" --db "$DB" norms --intervention LUNG --year 2023)
if grep -q "mean over 2021-2023" <<<"$out" && grep -q "2 of 2 locations meet" <<<"$out"; then
  ok "norms for a year"
else
  not_ok "norms for a year: $out"
fi

# Errors.
expect_fail "unknown intervention" "unknown intervention 'XX'" --db "$DB" impact --intervention XX
expect_fail "no flows in the year" "no patient flows for LUNG in 2023" \
  --db "$DB" impact --intervention LUNG --year 2023
expect_fail "unknown location" "--stop: unknown location 'zz'" \
  --db "$DB" impact --intervention LUNG --stop zz
expect_fail "keep and stop" "'b' is both in --stop and in --keep" \
  --db "$DB" impact --intervention LUNG --stop b --keep b
expect_fail "nobody left" "nowhere to go" --db "$DB" impact --intervention LUNG --norm 1000
expect_fail "unknown layer" "unknown region layer 'roaz'" \
  --db "$DB" impact --intervention LUNG --rule region --region-layer roaz
expect_fail "bad norm" "--norm: 'many'" --db "$DB" impact --intervention LUNG --norm many
set +e
"$ZL" --db "$DB" impact --intervention LUNG --rule region >/dev/null 2>&1
rc=$?
set -e
if [ "$rc" -eq 2 ]; then ok "usage error exits 2"; else not_ok "usage error exit $rc"; fi
run_impact_checks "$CHECKS"
finish 36
