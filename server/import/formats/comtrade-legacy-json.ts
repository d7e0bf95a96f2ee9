import { tradeFlowsTable, type TradeFlowInsert } from '../rows.ts';
import type { FormatDefinition } from './format.ts';
import { comtradeKeyOf } from './comtrade-common.ts';
import { normalizeLegacyComtrade, type LegacyField } from './comtrade-legacy-csv.ts';

/** The legacy API's field names for the same fields as the legacy CSV download. */
export const legacyJsonFields: Readonly<Record<LegacyField, string>> = {
  classification: 'pfCode',
  year: 'yr',
  period: 'period',
  periodDesc: 'periodDesc',
  aggregateLevel: 'aggrLevel',
  isLeaf: 'IsLeaf',
  flowCode: 'rgCode',
  flowDesc: 'rgDesc',
  reporterCode: 'rtCode',
  reporter: 'rtTitle',
  reporterIso: 'rt3ISO',
  partnerCode: 'ptCode',
  partner: 'ptTitle',
  partnerIso: 'pt3ISO',
  partner2Code: 'ptCode2',
  partner2: 'ptTitle2',
  partner2Iso: 'pt3ISO2',
  customsCode: 'cstCode',
  customs: 'cstDesc',
  motCode: 'motCode',
  mot: 'motDesc',
  cmdCode: 'cmdCode',
  cmdDesc: 'cmdDescE',
  qtyUnitCode: 'qtCode',
  qtyUnit: 'qtDesc',
  qty: 'TradeQuantity',
  altQtyUnitCode: 'qtAltCode',
  altQtyUnit: 'qtAltDesc',
  altQty: 'AltQuantity',
  netWeight: 'NetWeight',
  grossWeight: 'GrossWeight',
  tradeValue: 'TradeValue',
  cifValue: 'CIFValue',
  fobValue: 'FOBValue',
  flag: 'estCode',
};

/** Fields a legacy record must have for Tradeflow to place it; the rest may be left out by a client. */
const requiredFields = new Set(['pfCode', 'period', 'rgCode', 'rtCode', 'ptCode', 'cmdCode', 'TradeValue']);

/**
 * Legacy Comtrade API JSON: `{"validation": {…}, "dataset": [records]}`. Each record's position in `dataset` is its
 * "line".
 */
export const comtradeLegacyJson: FormatDefinition<TradeFlowInsert> = {
  name: 'comtrade-legacy-json',
  description: 'Legacy UN Comtrade API JSON ({"validation", "dataset": [records]})',
  input: 'json',
  jsonRecordsKey: 'dataset',
  columns: Object.values(legacyJsonFields).map((name) => ({ name, required: requiredFields.has(name) })),
  normalize: (record) => normalizeLegacyComtrade(record, legacyJsonFields),
  keyOf: comtradeKeyOf,
  table: tradeFlowsTable,
};
