-- The choice allocation of one intervention in plain SQL on the store's tables: the
-- reference that bench/choice/run.sh times against the engine. Locations whose windowed
-- mean volume is below the norm (@NORM@) stop; the displaced patients of each PC4 re-choose
-- among the remaining locations with the stored choice model (piecewise-linear travel with
-- knots 15/30/45/60 per 10 minutes, travel x share aged 75+, a fixed effect per location);
-- shares below 1e-4 are dropped and the rest rescaled, as in the engine. One result row:
-- code | displaced | sum of extra minutes | id:expected patients after, ...
WITH
p AS (
  SELECT code, @NORM@ AS norm, window_years AS w,
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
my AS (
  SELECT year FROM choice_model, p WHERE intervention = p.code
  ORDER BY (year = p.y) DESC, year DESC LIMIT 1),
b AS (
  SELECT max(CASE WHEN name = 'travel_0_15' THEN value END) AS b0,
         max(CASE WHEN name = 'travel_15_30' THEN value END) AS b1,
         max(CASE WHEN name = 'travel_30_45' THEN value END) AS b2,
         max(CASE WHEN name = 'travel_45_60' THEN value END) AS b3,
         max(CASE WHEN name = 'travel_60_plus' THEN value END) AS b4,
         coalesce(max(CASE WHEN name = 'travel_x_age75' THEN value END), 0) AS g
  FROM choice_coef, p, my WHERE intervention = p.code AND choice_coef.year = my.year),
alpha AS (
  SELECT c.location_id, c.alpha FROM choice_location c, p, my
  WHERE c.intervention = p.code AND c.year = my.year
    AND c.location_id IN (SELECT location_id FROM remain)),
disp_areas AS (
  SELECT DISTINCT pc4 FROM fl WHERE location_id NOT IN (SELECT location_id FROM remain)),
old AS (
  SELECT pc4, sum(CASE WHEN band_lo >= 75 THEN population ELSE 0 END) * 1.0
              / nullif(sum(population), 0) AS share
  FROM area_age WHERE pc4 IN (SELECT pc4 FROM disp_areas) GROUP BY pc4),
u AS (
  SELECT t.pc4, t.location_id,
         a.alpha + (b0 * min(t.minutes, 15) + b1 * max(min(t.minutes, 30) - 15, 0)
                    + b2 * max(min(t.minutes, 45) - 30, 0) + b3 * max(min(t.minutes, 60) - 45, 0)
                    + b4 * max(t.minutes - 60, 0)
                    + g * t.minutes * coalesce(old.share, 0)) / 10.0 AS v
  FROM travel t JOIN alpha a ON a.location_id = t.location_id
  JOIN disp_areas d ON d.pc4 = t.pc4 LEFT JOIN old ON old.pc4 = t.pc4, b),
e AS (SELECT pc4, location_id, exp(v - max(v) OVER (PARTITION BY pc4)) AS w FROM u),
pr AS (SELECT pc4, location_id, w / sum(w) OVER (PARTITION BY pc4) AS p FROM e),
pk AS (SELECT pc4, location_id, p FROM pr WHERE p >= 1e-4),
pn AS (SELECT pc4, location_id, p / sum(p) OVER (PARTITION BY pc4) AS p FROM pk),
moved AS (
  SELECT fl.pc4, fl.location_id AS orig, pn.location_id AS dest, fl.patients * pn.p AS n
  FROM fl JOIN pn ON pn.pc4 = fl.pc4
  WHERE fl.location_id NOT IN (SELECT location_id FROM remain)),
after AS (
  SELECT location_id, sum(n) AS n FROM (
    SELECT location_id, patients AS n FROM fl WHERE location_id IN (SELECT location_id FROM remain)
    UNION ALL SELECT dest, n FROM moved)
  GROUP BY location_id)
SELECT p.code || '|' || printf('%.3f', (SELECT sum(n) FROM moved)) || '|'
       || printf('%.3f', (SELECT sum(m.n * (t1.minutes - t0.minutes)) FROM moved m
                          JOIN travel t0 ON t0.pc4 = m.pc4 AND t0.location_id = m.orig
                          JOIN travel t1 ON t1.pc4 = m.pc4 AND t1.location_id = m.dest)) || '|'
       || (SELECT group_concat(location_id || ':' || printf('%.3f', n), ',')
           FROM (SELECT location_id, n FROM after ORDER BY location_id))
FROM p;
