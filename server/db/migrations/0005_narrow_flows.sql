-- Narrow storage for customs flows (issue 10). trade_flows held 33 columns a row, text dimensions repeated on every
-- row and three text indexes: loading it cost SQLite alone 4.3x the sqlite3 shell's bare `.import` of the same rows
-- (../shared/perf/narrow-schema-floor.sh). Facts are now integers and reals; what repeats lives once in a small table:
--   flow_series  every text that tells one stored series from another (reporter, partner, HS code, product, unit,
--                Comtrade's breakdown codes): a few thousand rows where the facts are millions.
--   texts        source and note text, stored once, referenced by id.
--   flow_facts   one row per figure: series, integer period, measures, status code, flags; keyed by (dataset, line),
--                the file line it came from, so every source of a month is kept side by side (server/queries/series/).
--   flow_extras  Comtrade's FOB and CIF values, which no query reads, for the rows that have them.
-- A view named trade_flows gives the old columns back, for analysts' own SQL and for the tests that read rows.

CREATE TABLE flow_series (
  id INTEGER PRIMARY KEY,
  reporter TEXT NOT NULL,
  partner TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('export', 'import', 're-export', 're-import')),
  frequency TEXT NOT NULL CHECK (frequency IN ('month', 'year')),
  hs_code TEXT NOT NULL,
  product TEXT,
  commodity_group TEXT,
  quantity_unit TEXT,
  reporter_code INTEGER,
  partner_code INTEGER,
  hs_revision TEXT,
  flow_code TEXT,
  partner2 TEXT,
  partner2_code INTEGER,
  customs_code TEXT,
  mot_code TEXT,
  mos_code TEXT,
  -- 1 unless the series is one slice of a Comtrade breakdown (a second partner, customs procedure or mode of
  -- transport or supply other than "all"): computed once here instead of on every row read.
  breakdown_total INTEGER NOT NULL GENERATED ALWAYS AS (
    coalesce(partner2, 'W00') = 'W00' AND coalesce(customs_code, 'C00') = 'C00'
    AND coalesce(mot_code, '0') = '0' AND coalesce(trim(mos_code), '0') = '0') VIRTUAL
) STRICT;
-- The importer finds a row's series by all its text (server/queries/flow-writes.ts); queries find a selection's
-- series by these.
CREATE INDEX flow_series_selection ON flow_series (reporter, partner, direction, frequency, commodity_group);

CREATE TABLE texts (
  id INTEGER PRIMARY KEY,
  text TEXT NOT NULL UNIQUE
) STRICT;

-- status: 0 reported, 1 reported-zero, 2 not-reported, 3 estimated (server/vocabulary.ts statusCodes).
-- flags: 1 quantity estimated, 2 net weight estimated, 4 aggregate, 8 is_reported given, 16 is_reported = 1.
-- No foreign keys: the importer writes series and text ids it has just read or made, in the same transaction, and
-- four parent look-ups a row would cost the import as much as the row itself. A dataset's facts are deleted with it
-- by deleteDataset (server/queries/imports.ts).
CREATE TABLE flow_facts (
  dataset_id INTEGER NOT NULL,
  line INTEGER NOT NULL,
  series_id INTEGER NOT NULL,
  period INTEGER NOT NULL,
  quantity REAL,
  net_weight_kg REAL,
  value_usd REAL,
  status INTEGER NOT NULL CHECK (status BETWEEN 0 AND 3),
  flags INTEGER NOT NULL DEFAULT 0,
  source_id INTEGER,
  note_id INTEGER,
  PRIMARY KEY (dataset_id, line)
) STRICT, WITHOUT ROWID;
CREATE INDEX flow_facts_series ON flow_facts (series_id, period);

CREATE TABLE flow_extras (
  dataset_id INTEGER NOT NULL,
  line INTEGER NOT NULL,
  value_fob_usd REAL,
  value_cif_usd REAL,
  PRIMARY KEY (dataset_id, line)
) STRICT, WITHOUT ROWID;

-- Every row of the old table moves, with its dataset and line.
INSERT INTO flow_series (reporter, partner, direction, frequency, hs_code, product, commodity_group, quantity_unit,
    reporter_code, partner_code, hs_revision, flow_code, partner2, partner2_code, customs_code, mot_code, mos_code)
  SELECT DISTINCT reporter, partner, direction, frequency, hs_code, product, commodity_group, quantity_unit,
    reporter_code, partner_code, hs_revision, flow_code, partner2, partner2_code, customs_code, mot_code, mos_code
  FROM trade_flows;
INSERT OR IGNORE INTO texts (text)
  SELECT source FROM trade_flows WHERE source IS NOT NULL UNION SELECT note FROM trade_flows WHERE note IS NOT NULL;
INSERT INTO flow_facts (dataset_id, line, series_id, period, quantity, net_weight_kg, value_usd, status, flags,
    source_id, note_id)
  SELECT f.dataset_id, f.line, s.id,
    CASE f.frequency WHEN 'month' THEN CAST(substr(f.period, 1, 4) AS INTEGER) * 100 + CAST(substr(f.period, 6, 2) AS INTEGER)
      ELSE CAST(f.period AS INTEGER) END,
    f.quantity, f.net_weight_kg, f.value_usd,
    CASE f.status WHEN 'reported' THEN 0 WHEN 'reported-zero' THEN 1 WHEN 'not-reported' THEN 2 ELSE 3 END,
    f.is_quantity_estimated + 2 * f.is_weight_estimated + 4 * f.is_aggregate
      + (CASE f.is_reported WHEN 0 THEN 8 WHEN 1 THEN 24 ELSE 0 END),
    src.id, note.id
  FROM trade_flows f
  JOIN flow_series s ON s.reporter = f.reporter AND s.partner = f.partner AND s.direction = f.direction
    AND s.frequency = f.frequency AND s.hs_code = f.hs_code AND s.product IS f.product
    AND s.commodity_group IS f.commodity_group AND s.quantity_unit IS f.quantity_unit
    AND s.reporter_code IS f.reporter_code AND s.partner_code IS f.partner_code AND s.hs_revision IS f.hs_revision
    AND s.flow_code IS f.flow_code AND s.partner2 IS f.partner2 AND s.partner2_code IS f.partner2_code
    AND s.customs_code IS f.customs_code AND s.mot_code IS f.mot_code AND s.mos_code IS f.mos_code
  LEFT JOIN texts src ON src.text = f.source
  LEFT JOIN texts note ON note.text = f.note;
INSERT INTO flow_extras (dataset_id, line, value_fob_usd, value_cif_usd)
  SELECT dataset_id, line, value_fob_usd, value_cif_usd FROM trade_flows
  WHERE value_fob_usd IS NOT NULL OR value_cif_usd IS NOT NULL;

DROP TABLE trade_flows;

CREATE VIEW trade_flows AS
SELECT f.dataset_id, f.line, s.reporter, s.reporter_code, s.partner, s.partner_code, s.direction, s.frequency,
  CASE s.frequency WHEN 'month' THEN printf('%04d-%02d', f.period / 100, f.period % 100) ELSE printf('%04d', f.period) END
    AS period,
  s.hs_code, s.hs_revision, s.product, s.commodity_group, f.quantity, s.quantity_unit, f.net_weight_kg, f.value_usd,
  x.value_fob_usd, x.value_cif_usd,
  CASE f.status WHEN 0 THEN 'reported' WHEN 1 THEN 'reported-zero' WHEN 2 THEN 'not-reported' ELSE 'estimated' END
    AS status,
  f.flags & 1 AS is_quantity_estimated, (f.flags >> 1) & 1 AS is_weight_estimated, (f.flags >> 2) & 1 AS is_aggregate,
  src.text AS source, note.text AS note,
  s.flow_code, s.partner2, s.partner2_code, s.customs_code, s.mot_code, s.mos_code,
  CASE WHEN f.flags & 8 THEN (f.flags >> 4) & 1 END AS is_reported
FROM flow_facts f
JOIN flow_series s ON s.id = f.series_id
LEFT JOIN flow_extras x ON x.dataset_id = f.dataset_id AND x.line = f.line
LEFT JOIN texts src ON src.id = f.source_id
LEFT JOIN texts note ON note.id = f.note_id;
