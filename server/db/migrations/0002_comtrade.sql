-- UN Comtrade rows keep the codes that tell them apart (docs/comtrade.md). Forward-only; all columns are NULL for
-- Tradeflow's own formats, which have no such codes.

-- The flow code as the file gives it: Comtrade+ 'X', 'M', 'RX', 'RM'; legacy Comtrade '1' to '4'. `direction` holds
-- Tradeflow's name for it.
ALTER TABLE trade_flows ADD COLUMN flow_code TEXT;
-- The second partner (country of consignment or origin) where the file breaks flows down by it; 'W00' for World.
ALTER TABLE trade_flows ADD COLUMN partner2 TEXT;
ALTER TABLE trade_flows ADD COLUMN partner2_code INTEGER;
-- Customs procedure ('C00' = all procedures), mode of transport ('0' = all modes) and mode of supply, as given.
ALTER TABLE trade_flows ADD COLUMN customs_code TEXT;
ALTER TABLE trade_flows ADD COLUMN mot_code TEXT;
ALTER TABLE trade_flows ADD COLUMN mos_code TEXT;
-- Comtrade+'s isReported: 1 when the reporter reported the figure itself, 0 when UN Comtrade derived it; NULL when
-- the file does not say (legacy Comtrade, Tradeflow's own formats).
ALTER TABLE trade_flows ADD COLUMN is_reported INTEGER CHECK (is_reported IN (0, 1));
