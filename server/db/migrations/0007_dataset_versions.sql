-- The history of replaced datasets (issue 14). Replacing a dataset deletes its rows (server/queries/imports.ts), so
-- what an earlier version said would be lost with them. Each import now also records a version: its provenance, and
-- what it said per series and month in a compact summary that outlives the rows. Consecutive versions' summaries are
-- compared to say what a newer file changed ("China rice 2017-11: 672 t → 700 t"; server/queries/dataset-versions.ts).
--   datasets.file_path  the absolute path the importer read (so the original can be downloaded while it is unchanged);
--                       NULL for datasets imported before this migration.
--   dataset_versions    one row per imported version of a dataset name: 1, 2, … Its provenance as the datasets row
--                       had it, when a newer version replaced it or the dataset was deleted, and its coverage. While a
--                       version is current, dataset_id is its datasets row; once replaced or deleted, NULL (datasets
--                       ids can be reused after a delete, so an old version must not keep pointing at one).
--   version_series      a series as the summaries name it: a JSON array [kind, …its distinguishing fields], stored
--                       once (a few thousand rows where summaries are millions). Kinds and fields: the views below.
--   version_months      per version, series and period: how many rows the file had, the sum of their quantities (in
--                       the series' unit) and of their values in US dollars; NULL when no row had that figure (a month
--                       not reported stays not reported, never 0). period as flow_facts stores it: 201711 for a month,
--                       2017 for a year, 0 for rows without a period (conversion factors).
-- version_months has no foreign keys, as flow_facts (0005): the importer writes ids it has just made in the same
-- transaction, and a parent look-up per summary row would cost a large import a second time.
-- Customs flows files have one row per series and month, so their summary has about as many rows as the file; it is
-- the price of keeping what they said, in 6 numbers a month instead of the row's 11 and its text.

ALTER TABLE datasets ADD COLUMN file_path TEXT;

CREATE TABLE dataset_versions (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  dataset_id INTEGER UNIQUE,
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  format TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  imported_at TEXT NOT NULL,
  replaced_at TEXT,
  deleted_at TEXT,
  source_description TEXT NOT NULL DEFAULT '',
  file_path TEXT,
  -- Coverage, computed once from version_months when the version is recorded: distinct series, distinct periods
  -- (period 0 not counted), first and last period.
  series_count INTEGER NOT NULL DEFAULT 0,
  period_count INTEGER NOT NULL DEFAULT 0,
  first_period INTEGER,
  last_period INTEGER,
  UNIQUE (name, version)
) STRICT;

CREATE TABLE version_series (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE version_months (
  version_id INTEGER NOT NULL,
  series_id INTEGER NOT NULL,
  period INTEGER NOT NULL,
  rows INTEGER NOT NULL,
  quantity REAL,
  value_usd REAL,
  PRIMARY KEY (version_id, series_id, period)
) STRICT, WITHOUT ROWID;

-- A customs series' key: every flow_series column, so one flow_series row is one key (the importer groups a dataset's
-- facts by series id and month, then names each group by this key).
CREATE VIEW version_flow_series_keys AS
SELECT id, json_array('flows', reporter, partner, direction, frequency, hs_code, product, commodity_group,
    quantity_unit, reporter_code, partner_code, hs_revision, flow_code, partner2, partner2_code, customs_code,
    mot_code, mos_code) AS key
FROM flow_series;

-- Every other kind, summarized straight from its rows (they are few: hundreds, not millions).
--   un1718     [kind, reporter, unit]: the notified quantity per month (in the unit notified)
--   shipments  [kind, origin, destination, commodity, unit]: calls per month and their published quantity
--   events     [kind, category]: events per month (a count only)
--   claims     [kind, reporter, partner, commodity, claim kind]: claims per month (a count only)
--   factors    [kind, reporter, commodity]: the barrels per tonne given (period 0)
CREATE VIEW version_row_summaries AS
SELECT dataset_id, json_array('un1718', reporter, unit) AS key,
    CAST(substr(period, 1, 4) AS INTEGER) * 100 + CAST(substr(period, 6, 2) AS INTEGER) AS period,
    count(*) AS rows, sum(value) AS quantity, NULL AS value_usd
  FROM un1718_reports GROUP BY dataset_id, reporter, unit, period
UNION ALL
SELECT dataset_id, json_array('shipments', origin, destination, commodity, unit),
    CAST(substr(month, 1, 4) AS INTEGER) * 100 + CAST(substr(month, 6, 2) AS INTEGER),
    count(*), sum(quantity), NULL
  FROM shipments GROUP BY dataset_id, origin, destination, commodity, unit, month
UNION ALL
SELECT dataset_id, json_array('events', category),
    CAST(substr(date, 1, 4) AS INTEGER) * 100 + CAST(substr(date, 6, 2) AS INTEGER),
    count(*), NULL, NULL
  FROM events GROUP BY dataset_id, category, substr(date, 1, 7)
UNION ALL
SELECT dataset_id, json_array('claims', reporter, partner, commodity, kind),
    CASE WHEN length(period) = 4 THEN CAST(period AS INTEGER)
      ELSE CAST(substr(period, 1, 4) AS INTEGER) * 100 + CAST(substr(period, 6, 2) AS INTEGER) END,
    count(*), NULL, NULL
  FROM claims GROUP BY dataset_id, reporter, partner, commodity, kind, period
UNION ALL
SELECT dataset_id, json_array('factors', reporter, commodity), 0, count(*), sum(barrels_per_tonne), NULL
  FROM conversion_factors GROUP BY dataset_id, reporter, commodity;

-- Every dataset already imported becomes its name's version 1, with its summary and coverage, as if the importer
-- had recorded them (server/queries/dataset-versions.ts recordVersion does the same for each new import;
-- tests/integration/migration-0007.test.ts checks that the two agree).
INSERT INTO dataset_versions (name, version, dataset_id, file_name, sha256, format, row_count, imported_at,
    source_description)
  SELECT name, 1, id, file_name, sha256, format, row_count, imported_at, source_description FROM datasets ORDER BY id;

INSERT OR IGNORE INTO version_series (key)
  SELECT key FROM version_flow_series_keys WHERE id IN (SELECT series_id FROM flow_facts)
  UNION ALL SELECT key FROM version_row_summaries;

INSERT INTO version_months (version_id, series_id, period, rows, quantity, value_usd)
  SELECT v.id, vs.id, m.period, m.rows, m.quantity, m.value_usd
  FROM (SELECT dataset_id, series_id, period, count(*) AS rows, sum(quantity) AS quantity, sum(value_usd) AS value_usd
        FROM flow_facts GROUP BY dataset_id, series_id, period) m
  JOIN dataset_versions v ON v.dataset_id = m.dataset_id
  JOIN version_flow_series_keys k ON k.id = m.series_id
  JOIN version_series vs ON vs.key = k.key;

INSERT INTO version_months (version_id, series_id, period, rows, quantity, value_usd)
  SELECT v.id, vs.id, r.period, r.rows, r.quantity, r.value_usd
  FROM version_row_summaries r
  JOIN dataset_versions v ON v.dataset_id = r.dataset_id
  JOIN version_series vs ON vs.key = r.key;

UPDATE dataset_versions SET
  series_count = (SELECT count(DISTINCT series_id) FROM version_months WHERE version_id = dataset_versions.id),
  period_count = (SELECT count(DISTINCT period) FROM version_months WHERE version_id = dataset_versions.id AND period > 0),
  first_period = (SELECT min(period) FROM version_months WHERE version_id = dataset_versions.id AND period > 0),
  last_period = (SELECT max(period) FROM version_months WHERE version_id = dataset_versions.id AND period > 0);
