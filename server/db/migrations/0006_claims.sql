-- Published claims (issue 12, item 1): what the press printed about a series ("down 82% y/y", "43 tanker calls,
-- March–November 2024", "the lowest since January"), each with its source, so the API can set it beside what
-- Tradeflow computes. Claims are few (dozens, not millions), so their text stays in the row.
CREATE TABLE claims (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  line INTEGER NOT NULL,
  commodity TEXT NOT NULL,
  reporter TEXT NOT NULL,
  partner TEXT NOT NULL,
  period TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('yoy', 'mom', 'total', 'lowest-since', 'highest-since')),
  value REAL,
  unit TEXT CHECK (unit IN ('kg', 't', 'bbl', 'usd', 'calls')),
  period_from TEXT,
  source TEXT NOT NULL,
  quote TEXT,
  note TEXT
) STRICT;
CREATE INDEX claims_series ON claims (commodity, reporter, partner, period);
CREATE INDEX claims_dataset ON claims (dataset_id);
