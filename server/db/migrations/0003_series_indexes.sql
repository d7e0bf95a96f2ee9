-- Indexes for the read API (server/queries/series.ts). No pre-aggregated table: every series is an index range
-- scan over the rows of one selection, so no table has to be refreshed after an import.
--
-- An HS-code series (`commodity=271019`, or a code outside the commodity groups) filters on reporter, partner,
-- direction and frequency by equality and on the HS code by prefix range. 0001's trade_flows_hs starts with
-- hs_code, so a prefix range there walks every reporter and partner under that code; this index puts the equality
-- columns first. Nothing else read trade_flows_hs, so it is replaced rather than kept (one index less to maintain
-- on every import).
DROP INDEX IF EXISTS trade_flows_hs;
CREATE INDEX trade_flows_selection_hs ON trade_flows (reporter, partner, direction, frequency, hs_code, period);
