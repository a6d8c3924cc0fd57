-- The impact analysis of one intervention under its proposed norm (else its current norm),
-- written in plain SQL on the store's tables: the reference that bench/impact/run.sh times
-- against the engine. Same method as docs/impact.md: windowed mean volumes (a year's volume
-- record, else the sum of its flows), locations below the norm stop, each displaced flow
-- goes to the nearest remaining location (ties: lowest id), then the metrics. @CODE@ is
-- replaced by the intervention code. One result row.
WITH
p AS (
  SELECT code, coalesce(proposed_norm, norm) AS norm, window_years AS w,
         (SELECT max(year) FROM flow WHERE intervention = code) AS y
  FROM intervention WHERE code = '@CODE@'),
yearly AS (
  SELECT v.location_id, v.year, v.count FROM volume v, p
  WHERE v.intervention = p.code AND v.year BETWEEN p.y - p.w + 1 AND p.y
  UNION ALL
  SELECT f.location_id, f.year, sum(f.patients) FROM flow f, p
  WHERE f.intervention = p.code AND f.year BETWEEN p.y - p.w + 1 AND p.y
    AND NOT EXISTS (SELECT 1 FROM volume v WHERE v.intervention = f.intervention
                    AND v.location_id = f.location_id AND v.year = f.year)
  GROUP BY f.location_id, f.year),
vmean AS (SELECT location_id, avg(count) AS mean FROM yearly GROUP BY location_id),
fl AS (
  SELECT f.pc4, f.location_id, f.patients FROM flow f, p
  WHERE f.intervention = p.code AND f.year = p.y AND f.patients > 0),
lp AS (SELECT location_id, sum(patients) AS patients FROM fl GROUP BY location_id),
offer AS (
  SELECT l.id AS location_id, coalesce(m.mean, 0) AS mean FROM location l
  LEFT JOIN vmean m ON m.location_id = l.id LEFT JOIN lp ON lp.location_id = l.id
  WHERE coalesce(m.mean, 0) > 0 OR coalesce(lp.patients, 0) > 0),
remain AS (SELECT location_id FROM offer, p WHERE offer.mean >= p.norm),
ranked AS (
  SELECT t.pc4, t.location_id, t.minutes,
         row_number() OVER (PARTITION BY t.pc4 ORDER BY t.minutes, t.location_id) AS rk
  FROM travel t JOIN remain r ON r.location_id = t.location_id),
near_r AS (SELECT pc4, location_id, minutes FROM ranked WHERE rk = 1),
second_r AS (SELECT pc4, minutes FROM ranked WHERE rk = 2),
near_o AS (
  SELECT t.pc4, min(t.minutes) AS minutes FROM travel t
  JOIN offer o ON o.location_id = t.location_id GROUP BY t.pc4),
alloc AS (
  SELECT fl.pc4, fl.location_id AS orig, fl.patients,
         CASE WHEN fl.location_id IN (SELECT location_id FROM remain) THEN fl.location_id
              ELSE nr.location_id END AS dest
  FROM fl LEFT JOIN near_r nr ON nr.pc4 = fl.pc4),
trav AS (
  SELECT a.orig, a.dest, a.patients, t0.minutes AS m0, t1.minutes AS m1 FROM alloc a
  JOIN travel t0 ON t0.pc4 = a.pc4 AND t0.location_id = a.orig
  JOIN travel t1 ON t1.pc4 = a.pc4 AND t1.location_id = a.dest),
disp AS (SELECT m1 - m0 AS v, patients AS w FROM trav WHERE dest <> orig),
disp_cum AS (
  SELECT v, sum(w) OVER (ORDER BY v ROWS UNBOUNDED PRECEDING) AS cum, sum(w) OVER () AS n
  FROM disp),
after_cum AS (
  SELECT m1 AS v, sum(patients) OVER (ORDER BY m1 ROWS UNBOUNDED PRECEDING) AS cum,
         sum(patients) OVER () AS n FROM trav),
area_reach AS (
  SELECT a.pc4, a.population, o.minutes AS before, r.minutes AS after, s.minutes AS second,
         r.location_id AS nearest
  FROM area a LEFT JOIN near_o o ON o.pc4 = a.pc4 LEFT JOIN near_r r ON r.pc4 = a.pc4
  LEFT JOIN second_r s ON s.pc4 = a.pc4
  WHERE a.pc4 IN (SELECT DISTINCT pc4 FROM travel)),
loss AS (
  SELECT nearest AS location_id, sum(population) AS pop FROM area_reach
  WHERE after <= 45 AND (second IS NULL OR second > 45) GROUP BY nearest)
SELECT
  p.code,
  (SELECT count(*) FROM offer) - (SELECT count(*) FROM remain) AS stopping,
  (SELECT sum(patients) FROM trav) AS patients,
  (SELECT coalesce(sum(w), 0) FROM disp) AS displaced,
  printf('%.1f', (SELECT sum(v * w) FROM disp)) AS extra_sum,
  printf('%.1f', (SELECT min(v) FROM disp_cum WHERE cum >= (n + 1) / 2)) AS extra_p50,
  printf('%.1f', (SELECT min(v) FROM disp_cum WHERE cum >= (9 * n + 9) / 10)) AS extra_p90,
  printf('%.1f', (SELECT max(v) FROM disp)) AS extra_max,
  printf('%.1f', (SELECT min(v) FROM after_cum WHERE cum >= (9 * n + 9) / 10)) AS after_p90,
  (SELECT coalesce(sum(patients), 0) FROM trav WHERE m0 > 30) AS pat30_before,
  (SELECT coalesce(sum(patients), 0) FROM trav WHERE m1 > 30) AS pat30_after,
  (SELECT coalesce(sum(patients), 0) FROM trav WHERE m1 > 60) AS pat60_after,
  (SELECT sum(population) FROM area_reach WHERE before IS NULL OR before > 45) AS pop45_before,
  (SELECT sum(population) FROM area_reach WHERE after IS NULL OR after > 45) AS pop45_after,
  coalesce((SELECT max(pop) FROM loss), 0) AS sensitivity_max_increase
FROM p;
