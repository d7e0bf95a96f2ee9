-- A published total is often a bound, not a figure: "more than 1 million barrels" (issue 12). Read as exact, it
-- would disagree with 1.2 million; read as `more-than`, 1.2 million agrees and 0.9 million disagrees. Every claim
-- stored before this migration was read as exact, so `exact` is the default.
-- (0007 is dataset versions, issue 14; migrations are applied by name, so they land in either order.)
ALTER TABLE claims ADD COLUMN bound TEXT NOT NULL DEFAULT 'exact' CHECK (bound IN ('exact', 'more-than', 'less-than'));
