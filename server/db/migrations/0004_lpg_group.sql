-- LPG is HS 2711 (petroleum gases), not 2710. Migration 0001 filed it under refined-oil because China's customs
-- tables list it among the fuels, but users define refined-oil as HS 2710: "China exported no oil products in
-- November 2017" (gasoline, diesel, jet fuel and fuel oil all zero, Reuters) came out as "at least 99 tonnes",
-- which was the LPG. Petroleum gases get a group of their own; LPG stays a product, now inside it.
INSERT INTO commodity_groups (key, label, hs_prefix) VALUES ('petroleum-gas', 'Petroleum gases incl. LPG', '2711');
UPDATE products SET group_key = 'petroleum-gas' WHERE key = 'lpg';
UPDATE trade_flows SET commodity_group = 'petroleum-gas' WHERE product = 'lpg' OR hs_code LIKE '2711%';
