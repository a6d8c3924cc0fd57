-- wrk script: counts requests rotating over the ORPHAcodes listed one a line in the file
-- named by $COUNTS_CODES (bench/pg/run.sh picks 200 codes across the frequency range), so
-- that a server cannot answer from what it read for one code alone.
local codes = {}
for line in io.lines(os.getenv("COUNTS_CODES")) do
  codes[#codes + 1] = line
end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/registry/counts?code=" .. codes[(i % #codes) + 1])
end
