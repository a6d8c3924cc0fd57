-- wrk script: the finder over a large mix of distinct queries, one per line in the file
-- named by ZL_BENCH_QUERIES (10,000 drawn by bench/rare with a fixed seed: exact names,
-- prefixes, typos, ICD-10 and ORPHA codes). Every wrk thread walks the whole list from its
-- own offset, so in a 30 s run each query is asked a few times at most. With
-- ZL_BENCH_STATIC set, query i is fetched as /q/i.json: nginx serves zl's answer to that
-- query as a static file.
local queries = {}
for line in io.lines(os.getenv("ZL_BENCH_QUERIES")) do
  queries[#queries + 1] = line:gsub("[^%w%-%._~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end)
end
local static = os.getenv("ZL_BENCH_STATIC") ~= nil
local threads, id, i = 0, 0, 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init()
  i = ((id or 1) - 1) * 4099
end

request = function()
  i = i % #queries + 1
  if static then
    return wrk.format("GET", "/q/" .. i .. ".json")
  end
  return wrk.format("GET", "/api/v1/rare/find?q=" .. queries[i] .. "&lang=nl&limit=10&date=2025-06-01")
end
