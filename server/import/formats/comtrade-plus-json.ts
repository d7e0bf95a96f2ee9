import { tradeFlowsTable, type TradeFlowInsert } from '../rows.ts';
import type { JsonDocument } from '../json-source.ts';
import type { FormatDefinition } from './format.ts';
import { comtradeKeyOf } from './comtrade-common.ts';
import { comtradePlusColumns, normalizeComtradePlus } from './comtrade-plus-csv.ts';

/**
 * Fields every Comtrade+ API record must have for Tradeflow to place it; the API leaves out the others on request
 * (includeDesc=false drops the *Desc fields), so they are optional here, unlike in the web download.
 */
const requiredFields = new Set([
  'freqCode',
  'period',
  'reporterCode',
  'flowCode',
  'partnerCode',
  'classificationCode',
  'cmdCode',
  'primaryValue',
]);

/** The figures the preview API writes as 0 when it does not have them (the full API writes null). */
const figureFields = ['qty', 'altQty', 'netWgt', 'grossWgt', 'cifvalue', 'fobvalue', 'primaryValue'];

/** A request address a client saved beside the response: the preview API's, or the full API's. */
const previewAddress = /\/v1\/preview(?:tariffline)?\//i;
const fullApiAddress = /\/v1\/get(?:tariffline)?\//i;

/** Every text a client saved around the records (its request, its own metadata); arrays, the records among them, are not searched. */
function savedTexts(document: JsonDocument): string[] {
  const texts: string[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (typeof value === 'string') texts.push(value);
    else if (typeof value === 'object' && value !== null && !Array.isArray(value) && depth < 4) {
      for (const child of Object.values(value)) visit(child, depth + 1);
    }
  };
  visit(document.envelopes[0], 0);
  return texts;
}

/**
 * Whether the response comes from Comtrade's free preview API, which writes 0 for every figure it does not give
 * (docs/comtrade.md#the-preview-api): said by the request address a client saved in its envelope when there is one; else
 * recognised from the records themselves: no figure is ever null, and some quantity is 0 in the unit "N/A"
 * (code -1), which the full API writes as null because there is no such quantity.
 */
export function isPreviewResponse(document: JsonDocument): boolean {
  const addresses = savedTexts(document);
  if (addresses.some((address) => previewAddress.test(address))) return true;
  if (addresses.some((address) => fullApiAddress.test(address))) return false;
  const anyNull = document.records.some((record) => figureFields.some((field) => record[field] === null));
  const zeroWithoutUnit = document.records.some(
    (record) =>
      (record.qtyUnitCode === -1 && record.qty === 0) || (record.altQtyUnitCode === -1 && record.altQty === 0),
  );
  return !anyNull && zeroWithoutUnit;
}

/**
 * A document written by `npm run fetch -- comtrade` lists its calls (server/fetch/comtrade/merge.ts): each range of
 * records, `firstLine` and `records` long, came from `url`. The address of its call is then each record's source, an
 * address a reader can open, instead of the bare name "UN Comtrade". Undefined for any other document.
 */
function readCallAddresses(document: JsonDocument): ((line: number) => string | undefined) | undefined {
  const calls = document.envelopes[0]?.calls;
  if (!Array.isArray(calls)) return undefined;
  const ranges: Array<{ firstLine: number; records: number; url: string }> = [];
  for (const call of calls) {
    if (typeof call !== 'object' || call === null) return undefined;
    const { firstLine, records, url } = call as Record<string, unknown>;
    if (
      typeof firstLine !== 'number' ||
      typeof records !== 'number' ||
      typeof url !== 'string' ||
      !/^https?:\/\//.test(url)
    ) {
      return undefined;
    }
    ranges.push({ firstLine, records, url });
  }
  return (line) => ranges.find((r) => line >= r.firstLine && line < r.firstLine + r.records)?.url;
}

/**
 * Comtrade+ API JSON: `{"elapsedTime", "count", "data": [records], "error"}`, as the API sends it or inside a
 * client's own envelope. Each record has the web download's field names; its position in `data` is its "line".
 */
export const comtradePlusJson: FormatDefinition<TradeFlowInsert> = {
  name: 'comtrade-plus-json',
  description: 'UN Comtrade+ API JSON ({"data": [records]}, with or without a client envelope)',
  input: 'json',
  jsonRecordsKey: 'data',
  columns: comtradePlusColumns.map((name) => ({ name, required: requiredFields.has(name) })),
  readJsonTraits: (document) => {
    const sourceOfLine = readCallAddresses(document);
    return { zeroMeansNotGiven: isPreviewResponse(document), ...(sourceOfLine ? { sourceOfLine } : {}) };
  },
  normalize: normalizeComtradePlus,
  keyOf: comtradeKeyOf,
  table: tradeFlowsTable,
};
