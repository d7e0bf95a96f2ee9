-- The first schema. Forward-only: never edit this file once applied; add 0002_… instead.
-- Units are in column names; every stored figure keeps its dataset and source line.

CREATE TABLE datasets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  format TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  imported_at TEXT NOT NULL,
  source_description TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX datasets_sha256 ON datasets (sha256);

-- Commodity groups users pick in the dashboard; `hs_prefix` maps any HS code (e.g. from Comtrade) to its group.
CREATE TABLE commodity_groups (
  key TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  hs_prefix TEXT NOT NULL UNIQUE
) STRICT;
INSERT INTO commodity_groups (key, label, hs_prefix) VALUES
  ('refined-oil', 'Refined petroleum products', '2710'),
  ('crude-oil', 'Crude oil', '2709'),
  ('corn', 'Corn (maize)', '1005'),
  ('rice', 'Rice', '1006');

-- Products inside a group, as customs and the press break refined oil down. LPG is HS 2711, not 2710, but China's
-- customs tables and Reuters list it among the fuels sent to North Korea, so it is kept as a refined-oil product.
CREATE TABLE products (
  key TEXT PRIMARY KEY,
  group_key TEXT NOT NULL REFERENCES commodity_groups (key),
  hs_code TEXT NOT NULL,
  label TEXT NOT NULL
) STRICT;
INSERT INTO products (key, group_key, hs_code, label) VALUES
  ('gasoline', 'refined-oil', '2710', 'Gasoline'),
  ('diesel', 'refined-oil', '2710', 'Diesel'),
  ('jet-fuel', 'refined-oil', '2710', 'Jet fuel'),
  ('fuel-oil', 'refined-oil', '2710', 'Fuel oil'),
  ('fuel-oil-5-7', 'refined-oil', '2710', 'Fuel oil No. 5-7'),
  ('fuel-oil-other', 'refined-oil', '2710', 'Other fuel oil'),
  ('lpg', 'refined-oil', '2711', 'Liquefied petroleum gas');

CREATE TABLE trade_flows (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  line INTEGER NOT NULL,
  reporter TEXT NOT NULL,
  reporter_code INTEGER,
  partner TEXT NOT NULL,
  partner_code INTEGER,
  direction TEXT NOT NULL CHECK (direction IN ('export', 'import', 're-export', 're-import')),
  frequency TEXT NOT NULL CHECK (frequency IN ('month', 'year')),
  period TEXT NOT NULL,
  hs_code TEXT NOT NULL,
  hs_revision TEXT,
  product TEXT REFERENCES products (key),
  commodity_group TEXT REFERENCES commodity_groups (key),
  quantity REAL,
  quantity_unit TEXT,
  net_weight_kg REAL,
  value_usd REAL,
  value_fob_usd REAL,
  value_cif_usd REAL,
  status TEXT NOT NULL CHECK (status IN ('reported', 'reported-zero', 'not-reported', 'estimated')),
  is_quantity_estimated INTEGER NOT NULL DEFAULT 0 CHECK (is_quantity_estimated IN (0, 1)),
  is_weight_estimated INTEGER NOT NULL DEFAULT 0 CHECK (is_weight_estimated IN (0, 1)),
  is_aggregate INTEGER NOT NULL DEFAULT 0 CHECK (is_aggregate IN (0, 1)),
  source TEXT,
  note TEXT
) STRICT;
CREATE INDEX trade_flows_series ON trade_flows (commodity_group, reporter, partner, direction, frequency, period);
CREATE INDEX trade_flows_hs ON trade_flows (hs_code, reporter, partner, direction, frequency, period);
CREATE INDEX trade_flows_dataset ON trade_flows (dataset_id);

-- Refined petroleum notified to the UN 1718 Committee (UNSCR 2397 para 5), in the unit notified.
CREATE TABLE un1718_reports (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  line INTEGER NOT NULL,
  reporter TEXT NOT NULL,
  period TEXT NOT NULL,
  value REAL,
  unit TEXT NOT NULL CHECK (unit IN ('bbl', 't')),
  status TEXT NOT NULL CHECK (status IN ('reported', 'reported-zero', 'not-reported', 'estimated')),
  source TEXT NOT NULL,
  note TEXT
) STRICT;
CREATE INDEX un1718_reports_period ON un1718_reports (reporter, period);
CREATE INDEX un1718_reports_dataset ON un1718_reports (dataset_id);

CREATE TABLE shipments (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  line INTEGER NOT NULL,
  date TEXT NOT NULL,
  month TEXT NOT NULL GENERATED ALWAYS AS (substr(date, 1, 7)) VIRTUAL,
  vessel TEXT NOT NULL,
  imo TEXT,
  origin TEXT NOT NULL,
  destination TEXT NOT NULL,
  load_port TEXT,
  discharge_port TEXT,
  commodity TEXT NOT NULL,
  quantity REAL,
  unit TEXT,
  status TEXT NOT NULL CHECK (status IN ('reported', 'estimated')),
  source TEXT NOT NULL,
  note TEXT
) STRICT;
CREATE INDEX shipments_date ON shipments (origin, destination, date);
CREATE INDEX shipments_dataset ON shipments (dataset_id);

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  line INTEGER NOT NULL,
  date TEXT NOT NULL,
  category TEXT NOT NULL
    CHECK (category IN ('sanctions', 'resolution', 'test', 'trade-ban', 'diplomacy', 'shipping')),
  title TEXT NOT NULL,
  source TEXT,
  note TEXT
) STRICT;
CREATE INDEX events_date ON events (date);
CREATE INDEX events_dataset ON events (dataset_id);

-- Barrels per tonne. `reporter` is '' for a factor that applies to any reporter.
CREATE TABLE conversion_factors (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  line INTEGER NOT NULL,
  commodity TEXT NOT NULL,
  reporter TEXT NOT NULL DEFAULT '',
  barrels_per_tonne REAL NOT NULL CHECK (barrels_per_tonne > 0),
  source TEXT NOT NULL,
  note TEXT
) STRICT;
CREATE INDEX conversion_factors_commodity ON conversion_factors (commodity, reporter);
CREATE INDEX conversion_factors_dataset ON conversion_factors (dataset_id);
