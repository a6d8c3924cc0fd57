-- Acute care within 45 minutes with the sensitivity of every location, in plain SQL
-- (bench/acute/run.sh). Tables: area(pc4, population, municipality), loc(id),
-- post_area(post, pc4, minutes), amb(pc4, loc, minutes): the ambulance drives that
-- `zl route table --profile ambulance` writes. Chain: 3 dispatch + response + 10 on
-- scene + transport; beyond when over 45. Same output lines as the engine side.
WITH resp AS (SELECT pc4, min(minutes) AS r FROM post_area GROUP BY pc4),
best AS (SELECT a.pc4, a.population AS pop, resp.r, min(m.minutes) AS t1
         FROM area a JOIN resp ON resp.pc4 = a.pc4 JOIN amb m ON m.pc4 = a.pc4
         GROUP BY a.pc4)
SELECT 'beyond|' || sum(pop) FROM best WHERE 3 + r + 10 + t1 > 45;
-- Close each location in turn: who is within the norm now and beyond without it?
WITH resp AS (SELECT pc4, min(minutes) AS r FROM post_area GROUP BY pc4),
best AS (SELECT a.pc4, a.population AS pop, resp.r, min(m.minutes) AS t1
         FROM area a JOIN resp ON resp.pc4 = a.pc4 JOIN amb m ON m.pc4 = a.pc4
         GROUP BY a.pc4)
SELECT 'sensitive|' || l.id || '|' || sum(b.pop)
FROM loc l JOIN best b
WHERE 3 + b.r + 10 + b.t1 <= 45
  AND 3 + b.r + 10 + coalesce((SELECT min(m.minutes) FROM amb m
                               WHERE m.pc4 = b.pc4 AND m.loc <> l.id), 1e9) > 45
GROUP BY l.id HAVING sum(b.pop) > 0 ORDER BY sum(b.pop) DESC, l.id;
