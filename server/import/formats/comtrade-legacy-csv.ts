import type { RecordReader } from '../record-reader.ts';
import { tradeFlowsTable, type TradeFlowInsert } from '../rows.ts';
import type { FormatDefinition } from './format.ts';
import {
  comtradeKeyOf,
  readArea,
  readFigure,
  readHsCode,
  readHsRevision,
  readPeriod,
  readQuantity,
  readWholeNumber,
  toTradeflowUnit,
  toTradeFlow,
} from './comtrade-common.ts';

/** The fields of a legacy Comtrade record, by what they mean; each legacy format names them its own way. */
export type LegacyField =
  | 'classification'
  | 'year'
  | 'period'
  | 'periodDesc'
  | 'aggregateLevel'
  | 'isLeaf'
  | 'flowCode'
  | 'flowDesc'
  | 'reporterCode'
  | 'reporter'
  | 'reporterIso'
  | 'partnerCode'
  | 'partner'
  | 'partnerIso'
  | 'partner2Code'
  | 'partner2'
  | 'partner2Iso'
  | 'customsCode'
  | 'customs'
  | 'motCode'
  | 'mot'
  | 'cmdCode'
  | 'cmdDesc'
  | 'qtyUnitCode'
  | 'qtyUnit'
  | 'qty'
  | 'altQtyUnitCode'
  | 'altQtyUnit'
  | 'altQty'
  | 'netWeight'
  | 'grossWeight'
  | 'tradeValue'
  | 'cifValue'
  | 'fobValue'
  | 'flag';

/** The legacy CSV download's headings, exact and in file order. */
export const legacyCsvColumns: Readonly<Record<LegacyField, string>> = {
  classification: 'Classification',
  year: 'Year',
  period: 'Period',
  periodDesc: 'Period Desc.',
  aggregateLevel: 'Aggregate Level',
  isLeaf: 'Is Leaf Code',
  flowCode: 'Trade Flow Code',
  flowDesc: 'Trade Flow',
  reporterCode: 'Reporter Code',
  reporter: 'Reporter',
  reporterIso: 'Reporter ISO',
  partnerCode: 'Partner Code',
  partner: 'Partner',
  partnerIso: 'Partner ISO',
  partner2Code: '2nd Partner Code',
  partner2: '2nd Partner',
  partner2Iso: '2nd Partner ISO',
  customsCode: 'Customs Proc. Code',
  customs: 'Customs',
  motCode: 'Mode of Transport Code',
  mot: 'Mode of Transport',
  cmdCode: 'Commodity Code',
  cmdDesc: 'Commodity',
  qtyUnitCode: 'Qty Unit Code',
  qtyUnit: 'Qty Unit',
  qty: 'Qty',
  altQtyUnitCode: 'Alt Qty Unit Code',
  altQtyUnit: 'Alt Qty Unit',
  altQty: 'Alt Qty',
  netWeight: 'Netweight (kg)',
  grossWeight: 'Gross weight (kg)',
  tradeValue: 'Trade Value (US$)',
  cifValue: 'CIF Trade Value (US$)',
  fobValue: 'FOB Trade Value (US$)',
  flag: 'Flag',
};

/** Legacy trade flow (regime) codes, from UN Comtrade's reference tables. */
const legacyFlows: Readonly<Record<string, TradeFlowInsert['direction']>> = {
  '1': 'import',
  '2': 'export',
  '3': 're-export',
  '4': 're-import',
};

/**
 * Legacy quantity units (UN Comtrade reference tables: code, WCO abbreviation, description), named as Comtrade+
 * abbreviates them so both generations store the same unit. Code 1 "No Quantity" has no unit.
 */
const legacyUnits: ReadonlyArray<[code: number, abbreviation: string | undefined, description: string]> = [
  [1, undefined, 'No Quantity'],
  [2, 'm²', 'Area in square metres'],
  [3, '1000 kWh', 'Electrical energy in thousands of kilowatt-hours'],
  [4, 'm', 'Length in metres'],
  [5, 'u', 'Number of items'],
  [6, '2u', 'Number of pairs'],
  [7, 'l', 'Volume in litres'],
  [8, 'kg', 'Weight in kilograms'],
  [9, '1000u', 'Thousands of items'],
  [10, 'u (jeu/pack)', 'Number of packages'],
  [11, '12u', 'Dozen of items'],
  [12, 'm³', 'Volume in cubic meters'],
  [13, 'carat', 'Weight in carats'],
];

/** The unit by its code, else by its description; `known: false` for a unit not in the reference table. */
function readLegacyUnit(
  record: RecordReader,
  names: Readonly<Record<LegacyField, string>>,
): { known: boolean; unit?: string } {
  const code = readWholeNumber(record, names.qtyUnitCode);
  const description = record.text(names.qtyUnit)?.toLowerCase();
  const entry = legacyUnits.find(([c, , d]) => (code !== undefined ? c === code : d.toLowerCase() === description));
  if (!entry) return { known: code === undefined && description === undefined };
  return { known: true, unit: entry[1] === undefined ? undefined : toTradeflowUnit(entry[1]) };
}

/** Legacy estimation flag (Comtrade+ keeps it as legacyEstimationFlag): 2 = quantity estimated, 4 = net weight, 6 = both. */
function readEstimationFlag(record: RecordReader, column: string): { quantity: boolean; weight: boolean } {
  const flag = readWholeNumber(record, column) ?? 0;
  if (![0, 2, 4, 6].includes(flag)) {
    record.report(
      column,
      'INVALID_VALUE',
      `${flag} is not an estimation flag (0 none, 2 quantity, 4 net weight, 6 both estimated)`,
    );
  }
  return { quantity: flag === 2 || flag === 6, weight: flag === 4 || flag === 6 };
}

/** One legacy Comtrade record (CSV row or API JSON object) as a trade flow; `names` says which field is which. */
export function normalizeLegacyComtrade(
  record: RecordReader,
  names: Readonly<Record<LegacyField, string>>,
): TradeFlowInsert | undefined {
  const hsRevision = readHsRevision(record, names.classification);
  const period = readPeriod(record, names.period);
  const year = readWholeNumber(record, names.year);
  if (period && year !== undefined && String(year) !== period.period.slice(0, 4)) {
    record.report(names.year, 'INVALID_PERIOD', `${year} is not the year of period ${record.text(names.period)}`);
  }
  const flowCode = record.requiredText(names.flowCode);
  const direction = flowCode === undefined ? undefined : legacyFlows[flowCode];
  if (flowCode !== undefined && direction === undefined) {
    record.report(
      names.flowCode,
      'INVALID_VALUE',
      `"${flowCode}" is not a trade flow code (1 import, 2 export, 3 re-export, 4 re-import)`,
    );
  }
  const reporter = readArea(record, names.reporterCode, names.reporterIso, true);
  const partner = readArea(record, names.partnerCode, names.partnerIso, true);
  const partner2 = readArea(record, names.partner2Code, names.partner2Iso, false);
  const hsCode = readHsCode(record, names.cmdCode);
  const unit = readLegacyUnit(record, names);
  const estimated = readEstimationFlag(record, names.flag);
  let quantity: { quantity: number; unit: string } | undefined;
  if (unit.known) {
    quantity = readQuantity(record, names.qty, unit.unit, names.qtyUnit);
  } else if (readFigure(record, names.qty) !== undefined) {
    const given = record.text(names.qtyUnitCode) ?? record.text(names.qtyUnit);
    record.report(names.qtyUnitCode, 'UNKNOWN_UNIT', `"${given}" is not a Comtrade quantity unit (codes 1 to 13)`);
  }

  if (!record.ok || !period || !flowCode || !direction || !reporter || !partner || !hsRevision || !hsCode)
    return undefined;
  return toTradeFlow(record, {
    reporter,
    partner,
    partner2,
    flowCode,
    direction,
    period,
    hsCode,
    hsRevision,
    quantity,
    isQuantityEstimated: estimated.quantity,
    netWeightKg: readFigure(record, names.netWeight),
    isWeightEstimated: estimated.weight,
    valueUsd: readFigure(record, names.tradeValue),
    valueFobUsd: readFigure(record, names.fobValue),
    valueCifUsd: readFigure(record, names.cifValue),
    customsCode: record.text(names.customsCode),
    motCode: record.text(names.motCode),
    mosCode: undefined,
    isReported: undefined,
    isAggregate: false,
  });
}

/**
 * Legacy Comtrade CSV download (the API retired in 2023): recognised by its exact 35 human-readable headings.
 * CRLF line endings and commodity names quoted where they hold commas; empty cells for missing numbers.
 */
export const comtradeLegacyCsv: FormatDefinition<TradeFlowInsert> = {
  name: 'comtrade-legacy-csv',
  description: 'Legacy UN Comtrade CSV download (35 columns: Classification, Year, Period, …)',
  columns: Object.values(legacyCsvColumns).map((name) => ({ name, required: true })),
  normalize: (record) => normalizeLegacyComtrade(record, legacyCsvColumns),
  keyOf: comtradeKeyOf,
  table: tradeFlowsTable,
};
