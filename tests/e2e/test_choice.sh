#!/usr/bin/env bash
# zl choice fit|show on the full sample built by `zl demo` (SYNTHETIC flows): the fit of
# every intervention is stored by the demo with the documented JSON keys; bad input (a year
# without flows, a fit that does not converge, an unknown intervention) is a clear error
# and leaves the database unchanged.
source "$(dirname "$0")/lib.sh"
DB=$(new_db demo)
demo_copy "$DB" "$TMP/demo.out" "$TMP/demo.err"
check "demo logs a choice model per intervention" \
  test "$(grep -c '^choice model' "$TMP/demo.err")" -eq 7

check "choice --help exits 0 and prints usage" sh -c "'$ZL' choice --help | grep -q 'usage: zl choice fit'"

codes="PANC OESO_STOM LUNG KIDNEY HEADNECK AAA CEA"
for code in $codes; do
  "$ZL" --db "$DB" choice show --intervention "$code" --json >"$TMP/$code.json"
done
check "every stored fit has the documented keys and a sane fit" python3 - "$TMP" $codes <<'PY'
import json, math, sys
tmp, codes = sys.argv[1], sys.argv[2:]
for code in codes:
    r = json.load(open(f"{tmp}/{code}.json"))
    for k in ("intervention", "year", "log_likelihood", "log_likelihood_null", "rho2",
              "coefficients", "locations"):
        assert k in r, (code, k)
    assert r["intervention"] == code and r["synthetic"] is True
    assert r["log_likelihood"] > r["log_likelihood_null"], code
    assert 0 < r["rho2"] < 1, code
    names = [c["name"] for c in r["coefficients"]]
    assert names[:5] == ["travel_0_15", "travel_15_30", "travel_30_45", "travel_45_60",
                         "travel_60_plus"], names[:5]
    assert "travel_x_age75" in names, code          # the demo fits the 75+ interaction
    for c in r["coefficients"]:
        assert set(c) >= {"name", "value", "se"}, c
    # distance decays: every travel piece beyond 15 minutes is negative and significant
    for c in r["coefficients"][1:5]:
        assert c["value"] < 0 and c["se"] > 0 and c["value"] / c["se"] < -2, (code, c)
    obs = sum(l["observed"] for l in r["locations"])
    pred = sum(l["predicted"] for l in r["locations"])
    assert abs(obs - pred) < 1e-3 * obs, (code, obs, pred)
    for l in r["locations"]:
        assert set(l) >= {"id", "observed", "predicted"} and l["observed"] > 0
print("ok")
PY

"$ZL" --db "$DB" choice fit --intervention HEADNECK --json >"$TMP/fit.json"
check "choice fit --json reports the fit and stores it" python3 - "$TMP/fit.json" "$TMP/HEADNECK.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert a["intervention"] == "HEADNECK" and a["age_interaction"] is False
assert b["age_interaction"] is True and a["year"] == b["year"]
PY
check "refit without the interaction replaced the stored model" sh -c \
  "'$ZL' --db '$DB' choice show --intervention HEADNECK --json | grep -q '\"age_interaction\": false'"
check "the readable table names the fit" sh -c \
  "'$ZL' --db '$DB' choice show --intervention LUNG | grep -q 'McFadden rho2'"

before=$(db_digest "$DB")
expect_fail "a year without flows is an error" "no patient flows for LUNG in 2001" \
  --db "$DB" choice fit --intervention LUNG --year 2001
expect_fail "a fit that does not converge is an error" "did not converge after 2 iterations" \
  --db "$DB" choice fit --intervention LUNG --max-iterations 2
expect_fail "an unknown intervention is an error" "unknown intervention" \
  --db "$DB" choice fit --intervention NOPE
expect_fail "--max-iterations must be a positive number" "--max-iterations" \
  --db "$DB" choice fit --intervention LUNG --max-iterations 0
check "failed fits left the database unchanged" test "$(db_digest "$DB")" = "$before"
finish 11
