-- wrk script: rotates the finder over a realistic mix of queries (exact, Dutch, typo,
-- prefix and code look-ups). nginx, serving one static answer, ignores the query string.
local queries = {
  "cystic%20fibrosis", "cistic%20fibrosis", "marfan", "Marfan%20syndroom", "duchenne",
  "ORPHA%3A558", "586", "huntington", "neurofibromatose", "ehlers%20danlos",
  "sickle%20cell", "retinoblastoom", "prader%20willi", "fenylketonurie", "wilson",
}
local i = 0
request = function()
  i = i + 1
  local q = queries[(i % #queries) + 1]
  return wrk.format("GET", "/api/v1/rare/find?q=" .. q .. "&lang=nl&limit=10&date=2025-06-01")
end
