import type { RecordReader } from '../record-reader.ts';
import { tradeFlowsTable, type TradeFlowInsert } from '../rows.ts';
import type { FormatDefinition } from './format.ts';
import {
  comtradeKeyOf,
  readArea,
  readFigure,
  readFlag,
  readHsCode,
  readHsRevision,
  readPeriod,
  readQuantity,
  readWholeNumber,
  toTradeflowUnit,
  toTradeFlow,
} from './comtrade-common.ts';

/** The 47 columns of a Comtrade+ record, in the order of the web download (TradeData.csv) and the API's JSON. */
export const comtradePlusColumns = [
  'typeCode',
  'freqCode',
  'refPeriodId',
  'refYear',
  'refMonth',
  'period',
  'reporterCode',
  'reporterISO',
  'reporterDesc',
  'flowCode',
  'flowDesc',
  'partnerCode',
  'partnerISO',
  'partnerDesc',
  'partner2Code',
  'partner2ISO',
  'partner2Desc',
  'classificationCode',
  'classificationSearchCode',
  'isOriginalClassification',
  'cmdCode',
  'cmdDesc',
  'aggrLevel',
  'isLeaf',
  'customsCode',
  'customsDesc',
  'mosCode',
  'motCode',
  'motDesc',
  'qtyUnitCode',
  'qtyUnitAbbr',
  'qty',
  'isQtyEstimated',
  'altQtyUnitCode',
  'altQtyUnitAbbr',
  'altQty',
  'isAltQtyEstimated',
  'netWgt',
  'isNetWgtEstimated',
  'grossWgt',
  'isGrossWgtEstimated',
  'cifvalue',
  'fobvalue',
  'primaryValue',
  'legacyEstimationFlag',
  'isReported',
  'isAggregate',
] as const;

/** Comtrade+ flow codes Tradeflow stores; others (MIP, XOP, DX, …) are errors, never silently merged into these. */
const plusFlows: Readonly<Record<string, TradeFlowInsert['direction']>> = {
  X: 'export',
  M: 'import',
  RX: 're-export',
  RM: 're-import',
};

/** Comtrade+ refMonth for an annual row. */
const annualRefMonth = 52;

/** Comtrade+ writes "N/A" (unit code -1) where a commodity has no quantity unit. */
function readPlusUnit(record: RecordReader): string | undefined {
  const code = readWholeNumber(record, 'qtyUnitCode');
  const abbr = record.text('qtyUnitAbbr');
  if (code === -1 || abbr === undefined || ['N/A', 'NA', '-'].includes(abbr.toUpperCase())) return undefined;
  return toTradeflowUnit(abbr);
}

/**
 * One Comtrade+ record (CSV row or API JSON object: the same field names) as a trade flow (docs/comtrade.md).
 * Shared by comtrade-plus-csv and comtrade-plus-json.
 */
export function normalizeComtradePlus(record: RecordReader): TradeFlowInsert | undefined {
  const typeCode = record.text('typeCode')?.toUpperCase();
  if (typeCode !== undefined && typeCode !== 'C') {
    record.report('typeCode', 'INVALID_VALUE', `"${typeCode}" is not goods (C); Tradeflow imports trade in goods only`);
  }
  const freqCode = record.requiredText('freqCode')?.toUpperCase();
  const frequency = freqCode === 'A' ? 'year' : freqCode === 'M' ? 'month' : undefined;
  if (freqCode !== undefined && frequency === undefined)
    record.report('freqCode', 'INVALID_VALUE', `"${freqCode}" is not A (annual) or M (monthly)`);
  const period = frequency === undefined ? undefined : readPeriod(record, 'period', frequency);
  if (period) {
    const refYear = readWholeNumber(record, 'refYear');
    if (refYear !== undefined && String(refYear) !== period.period.slice(0, 4)) {
      record.report('refYear', 'INVALID_PERIOD', `${refYear} is not the year of period ${record.text('period')}`);
    }
    const refMonth = readWholeNumber(record, 'refMonth');
    const expectedMonth = period.frequency === 'year' ? annualRefMonth : Number(period.period.slice(5, 7));
    if (refMonth !== undefined && refMonth !== expectedMonth) {
      const what =
        period.frequency === 'year'
          ? `an annual row has refMonth ${annualRefMonth}`
          : `period ${record.text('period')} is month ${expectedMonth}`;
      record.report('refMonth', 'INVALID_PERIOD', `${refMonth} does not match: ${what}`);
    }
  }
  const flowCode = record.requiredText('flowCode')?.toUpperCase();
  const direction = flowCode === undefined ? undefined : plusFlows[flowCode];
  if (flowCode !== undefined && direction === undefined) {
    const flowDesc = record.text('flowDesc');
    record.report(
      'flowCode',
      'INVALID_VALUE',
      `"${flowCode}"${flowDesc ? ` (${flowDesc})` : ''} is not one of X, M, RX, RM (export, import, re-export, re-import)`,
    );
  }
  const reporter = readArea(record, 'reporterCode', 'reporterISO', true);
  const partner = readArea(record, 'partnerCode', 'partnerISO', true);
  const partner2 = readArea(record, 'partner2Code', 'partner2ISO', false);
  const hsRevision = readHsRevision(record, 'classificationCode');
  const hsCode = readHsCode(record, 'cmdCode');
  const quantity = readQuantity(record, 'qty', readPlusUnit(record), 'qtyUnitAbbr');
  const isQuantityEstimated = readFlag(record, 'isQtyEstimated') ?? false;
  const netWeightKg = readFigure(record, 'netWgt');
  const isWeightEstimated = readFlag(record, 'isNetWgtEstimated') ?? false;
  const valueUsd = readFigure(record, 'primaryValue');
  const valueFobUsd = readFigure(record, 'fobvalue');
  const valueCifUsd = readFigure(record, 'cifvalue');
  const isReported = readFlag(record, 'isReported');
  const isAggregate = readFlag(record, 'isAggregate') ?? false;

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
    isQuantityEstimated,
    netWeightKg,
    isWeightEstimated,
    valueUsd,
    valueFobUsd,
    valueCifUsd,
    customsCode: record.text('customsCode'),
    motCode: record.text('motCode'),
    mosCode: record.text('mosCode'),
    isReported,
    isAggregate,
  });
}

/**
 * Comtrade+ web download (TradeData.csv): recognised by its exact 47 columns. Real downloads are Latin-1, quote
 * every value and end every data row with a comma; the importer copes with all three (docs/comtrade.md).
 */
export const comtradePlusCsv: FormatDefinition<TradeFlowInsert> = {
  name: 'comtrade-plus-csv',
  description: 'UN Comtrade+ CSV download (TradeData.csv, 47 columns)',
  columns: comtradePlusColumns.map((name) => ({ name, required: true })),
  normalize: normalizeComtradePlus,
  keyOf: comtradeKeyOf,
  table: tradeFlowsTable,
};
