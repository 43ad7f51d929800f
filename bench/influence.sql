-- The influence models of docs/influence.md as one plain SQL query over the
-- CRM database (crm.db): what a warehouse runs when the touch table is too
-- big for one machine, and the peer `make bench` times against
-- `contentcal influence --models all --format csv`. It returns the same rows
-- (asset, model, opportunities, pipeline, revenue; amounts in cents as
-- integers, rows with at least one credited opportunity), so the two outputs
-- can be compared line by line.
--
-- Parameters: replace @AS_OF@ (report day, days since 1970-01-01), @SINCE@
-- (first creation day counted), @LOOKBACK@ (influence.lookback_days) and
-- @HALF_LIFE@ (influence.half_life_days, as a decimal). Only standard SQL
-- with window functions; POWER() and integer division as in SQLite, most
-- warehouses spell them the same (BigQuery: POW, DIV).
WITH params AS (
  SELECT @AS_OF@ AS as_of, @SINCE@ AS since, @LOOKBACK@ AS lookback, @HALF_LIFE@ AS half_life
),
-- Position weights, small integers in the ratios of the models:
-- u-shaped 40/40/20, w-shaped 30/30/30/10, full-path 22.5 x 4 / 10.
models(model, kind, wft, wlc, woc, wcw, wb) AS (
  VALUES ('first-touch', 'pos', 1, 0, 0, 0, 0),
         ('last-touch', 'pos', 0, 0, 1, 0, 0),
         ('lead-creation', 'pos', 0, 1, 0, 0, 0),
         ('linear', 'linear', 0, 0, 0, 0, 0),
         ('u-shaped', 'pos', 2, 2, 0, 0, 1),
         ('w-shaped', 'pos', 3, 3, 3, 0, 1),
         ('full-path', 'pos', 9, 9, 9, 9, 4),
         ('time-decay', 'decay', 0, 0, 0, 0, 0)
),
-- Each hashed person's canonical person and account (contacts export).
person AS (
  SELECT p.id AS person, COALESCE(c.canonical, p.id) AS canon, COALESCE(c.account, 0) AS account
  FROM people p LEFT JOIN contacts c ON c.person = p.id
),
canon_created AS (
  SELECT canonical AS canon, MIN(created) AS created FROM contacts
  WHERE created IS NOT NULL GROUP BY canonical
),
account_lead AS (
  SELECT account, MIN(created) AS lead FROM contacts
  WHERE account <> 0 AND created IS NOT NULL GROUP BY account
),
tch AS (
  SELECT CASE WHEN pp.account <> 0 THEN pp.account ELSE t.account END AS account,
         pp.canon AS person, t.ts, t.asset
  FROM touches t JOIN person pp ON pp.person = t.person, params
  WHERE t.ts < (params.as_of + 1) * 86400
),
opp AS (
  SELECT o.id, o.account, o.amount, o.created,
         CASE WHEN o.closed = 1 AND o.close IS NOT NULL AND o.close <= p.as_of AND o.won = 1
              THEN 1 ELSE 0 END AS won,
         CASE WHEN o.closed = 1 AND o.close IS NOT NULL AND o.close <= p.as_of
              THEN (CASE WHEN o.close < o.created THEN o.created ELSE o.close END)
              ELSE (CASE WHEN p.as_of < o.created THEN o.created ELSE p.as_of END) END AS end_day,
         (o.created - p.lookback) * 86400 AS lo_ts,
         EXISTS (SELECT 1 FROM roles r WHERE r.opp = o.id) AS has_roles
  FROM opportunities o, params p
  WHERE o.created <= p.as_of AND o.created >= p.since
),
-- The counted touches of each opportunity: its account's, or its contact roles'.
journey AS (
  SELECT o.id AS opp, o.amount, o.created, o.won, al.lead, t.ts, t.asset, t.person
  FROM opp o JOIN tch t ON t.account = o.account AND o.account <> 0
       LEFT JOIN account_lead al ON al.account = o.account
  WHERE o.has_roles = 0 AND t.ts >= o.lo_ts AND t.ts < (o.end_day + 1) * 86400
  UNION ALL
  SELECT o.id, o.amount, o.created, o.won,
         (SELECT MIN(cc.created) FROM roles r2 JOIN person p2 ON p2.person = r2.person
            JOIN canon_created cc ON cc.canon = p2.canon WHERE r2.opp = o.id),
         t.ts, t.asset, t.person
  FROM opp o JOIN roles r ON r.opp = o.id JOIN person pr ON pr.person = r.person
       JOIN tch t ON t.person = pr.canon
  WHERE o.has_roles = 1 AND t.ts >= o.lo_ts AND t.ts < (o.end_day + 1) * 86400
),
jr AS (
  SELECT j.*, j.ts / 86400 AS day,
         ROW_NUMBER() OVER (PARTITION BY opp ORDER BY ts, asset, person) - 1 AS i,
         COUNT(*) OVER (PARTITION BY opp) AS n
  FROM journey j
),
-- Positions: FT 0; LC the last touch on or before the lead day (else FT);
-- OC the last on or before creation (NULL when none); CW the last of a won one.
pos AS (
  SELECT opp, MAX(n) AS n,
         COALESCE(MAX(CASE WHEN day <= lead THEN i END), 0) AS lc,
         MAX(CASE WHEN day <= created THEN i END) AS oc,
         CASE WHEN MAX(won) = 1 THEN MAX(n) - 1 END AS cw
  FROM jr GROUP BY opp
),
oc_day AS (
  SELECT p.opp, j.day AS day FROM pos p JOIN jr j ON j.opp = p.opp AND j.i = p.oc
),
-- Per opportunity and position model: which positions are weighed and
-- present, their total weight P, the end of the between span.
pm AS (
  SELECT p.opp, p.n, p.lc, p.oc, p.cw, m.model, m.wft, m.wlc, m.woc, m.wcw, m.wb,
         m.wft + m.wlc + m.woc + m.wcw + m.wb AS s,
         m.wft + m.wlc + CASE WHEN p.oc IS NOT NULL THEN m.woc ELSE 0 END
           + CASE WHEN p.cw IS NOT NULL THEN m.wcw ELSE 0 END AS pw,
         CASE WHEN m.wft + m.wlc + m.woc + m.wcw = 0 THEN p.n - 1 ELSE
           MAX(CASE WHEN m.wft > 0 THEN 0 ELSE -1 END, CASE WHEN m.wlc > 0 THEN p.lc ELSE -1 END,
               CASE WHEN m.woc > 0 AND p.oc IS NOT NULL THEN p.oc ELSE -1 END,
               CASE WHEN m.wcw > 0 AND p.cw IS NOT NULL THEN p.cw ELSE -1 END) END AS e
  FROM pos p, models m WHERE m.kind = 'pos'
),
pt AS (
  SELECT pm.*, j.i, j.asset, j.day,
         (CASE WHEN j.i = 0 THEN pm.wft ELSE 0 END) + (CASE WHEN j.i = pm.lc THEN pm.wlc ELSE 0 END)
           + (CASE WHEN j.i = pm.oc THEN pm.woc ELSE 0 END) + (CASE WHEN j.i = pm.cw THEN pm.wcw ELSE 0 END) AS mw,
         (CASE WHEN j.i = 0 THEN 1 ELSE 0 END) + (CASE WHEN j.i = pm.lc THEN 1 ELSE 0 END)
           + (CASE WHEN j.i = pm.oc THEN 1 ELSE 0 END) + (CASE WHEN j.i = pm.cw THEN 1 ELSE 0 END) AS npos,
         CASE WHEN pm.wb > 0 AND j.i <= pm.e
                   AND NOT (j.i = 0 AND pm.wft > 0) AND NOT (j.i = pm.lc AND pm.wlc > 0)
                   AND NOT (pm.oc IS NOT NULL AND j.i = pm.oc AND pm.woc > 0)
                   AND NOT (pm.cw IS NOT NULL AND j.i = pm.cw AND pm.wcw > 0)
              THEN 1 ELSE 0 END AS btw
  FROM pm JOIN jr j ON j.opp = pm.opp
),
ptb AS (
  SELECT pt.*, SUM(btw) OVER (PARTITION BY opp, model) AS nb FROM pt
),
weights AS (
  SELECT opp, model, i, asset,
         CASE WHEN pw = 0 AND nb = 0 THEN npos
              WHEN nb = 0 THEN mw
              WHEN pw > 0 THEN CASE WHEN btw = 1 THEN wb * pw ELSE (s - wb) * mw * nb END
              ELSE btw END AS w
  FROM ptb
  UNION ALL
  SELECT j.opp, 'linear', j.i, j.asset, 1 FROM jr j
  UNION ALL
  SELECT j.opp, 'time-decay', j.i, j.asset,
         CASE WHEN p.oc IS NULL THEN (CASE WHEN j.i = 0 THEN 1 ELSE 0 END)
              WHEN j.i <= p.oc THEN CAST(ROUND(POWER(2.0, -(d.day - j.day) / params.half_life) * 1048576) AS INTEGER)
              ELSE 0 END
  FROM jr j JOIN pos p ON p.opp = j.opp LEFT JOIN oc_day d ON d.opp = j.opp, params
),
-- Exact cents: floor of each share, then the cents left over one each to
-- the largest remainders (ties to the earlier touch).
shares AS (
  SELECT w.*, o.amount, o.won, SUM(w) OVER (PARTITION BY w.opp, w.model) AS total
  FROM weights w JOIN opp o ON o.id = w.opp
),
floored AS (
  SELECT s.*, (amount * w) / total AS fl, (amount * w) % total AS rem FROM shares s
),
ranked AS (
  SELECT f.*, amount - SUM(fl) OVER (PARTITION BY opp, model) AS leftover,
         ROW_NUMBER() OVER (PARTITION BY opp, model ORDER BY CASE WHEN w > 0 THEN 0 ELSE 1 END, rem DESC, i) AS rk
  FROM floored f
),
credit AS (
  SELECT opp, model, asset, w, won, fl + CASE WHEN w > 0 AND rk <= leftover THEN 1 ELSE 0 END AS cents
  FROM ranked
)
SELECT a.path AS asset, c.model,
       COUNT(DISTINCT CASE WHEN c.w > 0 THEN c.opp END) AS opportunities,
       SUM(c.cents) AS pipeline,
       SUM(CASE WHEN c.won = 1 THEN c.cents ELSE 0 END) AS revenue
FROM credit c JOIN assets a ON a.id = c.asset
GROUP BY a.path, c.model
HAVING COUNT(DISTINCT CASE WHEN c.w > 0 THEN c.opp END) > 0
ORDER BY a.path, c.model;
