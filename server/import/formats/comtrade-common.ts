/**
 * What the four UN Comtrade formats share: reading Comtrade's codes and figures, and turning them into one of
 * Tradeflow's trade flows. The rules are written out in docs/comtrade.md; each function here cites the rule it keeps.
 */
import { groupOfHsCode, type RecordReader } from '../record-reader.ts';
import { parseIso3, parsePeriod, type Period } from '../values.ts';
import type { TradeFlowInsert } from '../rows.ts';
import type { Status } from './format.ts';

/**
 * UN Comtrade's own codes for the areas that have no ISO 3166 code, from Comtrade+'s reference table of partner
 * areas. Keyed by Comtrade's numeric code so a legacy file (which writes World as "WLD" and leaves "Other Asia, nes"
 * without any code) stores the same key as a Comtrade+ file.
 */
const nonIsoAreas: ReadonlyMap<number, string> = new Map([
  [0, 'W00'], // World
  [490, 'S19'], // Other Asia, nes
]);

/** Comtrade's code for World: a partner total over every other partner. */
export const worldAreaCode = 0;

export interface Area {
  /** ISO 3166-1 alpha-3 where the area has one, else Comtrade's area code (`S19`), else the numeric code as text. */
  key: string;
  code: number | null;
}

/** A whole number, or undefined (not given, or a problem reported). */
export function readWholeNumber(record: RecordReader, column: string): number | undefined {
  const text = record.text(column);
  if (text === undefined) return undefined;
  if (!/^-?\d+(?:\.0*)?$/.test(text)) {
    record.report(column, 'INVALID_NUMBER', `"${text}" is not a whole number`);
    return undefined;
  }
  return Number.parseInt(text, 10);
}

/**
 * A reporter or partner: by its ISO code when that is an ISO 3166-1 alpha-3 code, else by Comtrade's code for the
 * area (`W00`, `S19`; from `nonIsoAreas` when the file gives only the number), else by the numeric code as text.
 * Comtrade's numeric codes are not ISO numeric codes (India is 699, the USA 842), so they are never translated.
 */
export function readArea(
  record: RecordReader,
  codeColumn: string,
  isoColumn: string,
  required: boolean,
): Area | undefined {
  const code = readWholeNumber(record, codeColumn);
  const iso = record.text(isoColumn)?.toUpperCase();
  if (iso !== undefined && parseIso3(iso).ok) return { key: iso, code: code ?? null };
  const comtradeKey = code === undefined ? undefined : nonIsoAreas.get(code);
  if (comtradeKey !== undefined) return { key: comtradeKey, code: code ?? null };
  if (iso !== undefined) {
    if (/^[A-Z0-9_]{1,4}$/.test(iso)) return { key: iso, code: code ?? null };
    record.report(
      isoColumn,
      'UNKNOWN_COUNTRY',
      `"${iso}" is neither an ISO 3166-1 alpha-3 code nor a Comtrade area code`,
    );
    return undefined;
  }
  if (code !== undefined) return { key: String(code), code };
  if (required && record.text(codeColumn) === undefined) {
    record.report(codeColumn, 'MISSING_VALUE', `no area: neither ${codeColumn} nor ${isoColumn} is given`);
  }
  return undefined;
}

/** Comtrade's booleans: `true`/`false` in JSON, "True"/"False" (any case) or 1/0 in CSV; empty is not given. */
export function readFlag(record: RecordReader, column: string): boolean | undefined {
  const text = record.text(column)?.toLowerCase();
  if (text === undefined) return undefined;
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  record.report(column, 'INVALID_VALUE', `"${record.text(column)}" is not true or false`);
  return undefined;
}

/**
 * A figure (quantity, weight, value): an empty cell or JSON null is not given; so is a 0 in a file that writes 0 for
 * "not given" (Comtrade's preview API, `ImportContext.zeroMeansNotGiven`). Anywhere else a 0 is a reported zero.
 */
export function readFigure(record: RecordReader, column: string): number | undefined {
  const value = record.number(column);
  return value === 0 && record.context.zeroMeansNotGiven ? undefined : value;
}

const hsCodePattern = /^\d{2,10}$/;
/** Comtrade's commodity code for all commodities together. */
export const totalCommodityCode = 'TOTAL';

/** The HS code as text with its leading zeros ("0709"), or TOTAL. A code that lost them (709) is an error. */
export function readHsCode(record: RecordReader, column: string): string | undefined {
  const code = record.requiredText(column);
  if (code === undefined) return undefined;
  if (code.toUpperCase() === totalCommodityCode) return totalCommodityCode;
  if (!hsCodePattern.test(code) || code.length % 2 !== 0) {
    record.report(
      column,
      'INVALID_VALUE',
      `"${code}" is not an HS code (2, 4, 6, 8 or 10 digits as text, leading zeros kept) or TOTAL`,
    );
    return undefined;
  }
  return code;
}

/**
 * The HS revision (H0 … H6; legacy files may say "HS" for "as reported"). Tradeflow stores HS codes only: SITC and
 * BEC codes would be misread as HS codes, so other classifications are errors.
 */
export function readHsRevision(record: RecordReader, column: string): string | undefined {
  const revision = record.requiredText(column)?.toUpperCase();
  if (revision === undefined) return undefined;
  if (!/^H[0-9S]$/.test(revision)) {
    record.report(
      column,
      'INVALID_VALUE',
      `"${revision}" is not an HS classification (H0 to H6); Tradeflow imports HS data only`,
    );
    return undefined;
  }
  return revision;
}

/**
 * A Comtrade period: "YYYY" for a year, "YYYYMM" for a month, as Tradeflow's `YYYY` / `YYYY-MM`. `frequency`, when
 * the file states it, must agree. Annual rows stay annual: they are never spread over months.
 */
export function readPeriod(record: RecordReader, column: string, frequency?: 'year' | 'month'): Period | undefined {
  const text = record.requiredText(column);
  if (text === undefined) return undefined;
  const match = /^(\d{4})(\d{2})?$/.exec(text);
  if (!match) {
    record.report(column, 'INVALID_PERIOD', `"${text}" is not a Comtrade period (YYYY for a year, YYYYMM for a month)`);
    return undefined;
  }
  const isMonth = match[2] !== undefined;
  if (frequency !== undefined && (frequency === 'month') !== isMonth) {
    record.report(
      column,
      'INVALID_PERIOD',
      `"${text}" is not a ${frequency === 'month' ? 'month (YYYYMM)' : 'year (YYYY)'}, as the frequency says`,
    );
    return undefined;
  }
  const parsed = parsePeriod(isMonth ? `${match[1]}-${match[2]}` : text, record.now);
  if (!parsed.ok) {
    record.report(column, parsed.code, `"${text}": ${parsed.message}`);
    return undefined;
  }
  return parsed.value;
}

/**
 * Quantity units as Tradeflow names them where Tradeflow has the unit (docs/formats.md); any other Comtrade unit
 * ("2u", "m²", "1000 kWh", "carat", …) is kept as Comtrade writes it, so no quantity is dropped or converted.
 */
const tradeflowUnits: Readonly<Record<string, string>> = { kg: 'kg', u: 'u', l: 'l', 'm³': 'm3', m3: 'm3' };

export function toTradeflowUnit(comtradeUnit: string): string {
  return tradeflowUnits[comtradeUnit.toLowerCase()] ?? comtradeUnit;
}

/**
 * A quantity and its unit. `unit` undefined means the file says there is no quantity unit (Comtrade+ "N/A", legacy
 * "No Quantity"): then a 0 quantity is not a quantity at all (not given), and any other is an error.
 */
export function readQuantity(
  record: RecordReader,
  quantityColumn: string,
  unit: string | undefined,
  unitColumn: string,
): { quantity: number; unit: string } | undefined {
  const quantity = readFigure(record, quantityColumn);
  if (quantity === undefined) return undefined;
  if (unit === undefined) {
    if (quantity !== 0)
      record.report(quantityColumn, 'INVALID_VALUE', `${quantity} given with no quantity unit in ${unitColumn}`);
    return undefined;
  }
  return { quantity, unit };
}

/** What the formats read out of one Comtrade record, before it becomes a trade flow. */
export interface ComtradeRow {
  reporter: Area;
  partner: Area;
  partner2: Area | undefined;
  flowCode: string;
  direction: TradeFlowInsert['direction'];
  period: Period;
  hsCode: string;
  hsRevision: string;
  quantity: { quantity: number; unit: string } | undefined;
  isQuantityEstimated: boolean;
  netWeightKg: number | undefined;
  isWeightEstimated: boolean;
  valueUsd: number | undefined;
  valueFobUsd: number | undefined;
  valueCifUsd: number | undefined;
  customsCode: string | undefined;
  motCode: string | undefined;
  mosCode: string | undefined;
  isReported: boolean | undefined;
  /** The file's own aggregate flag (Comtrade+ isAggregate); legacy files have none. */
  isAggregate: boolean;
}

/**
 * The status rule (docs/comtrade.md#status):
 * - no figure at all (quantity, net weight, primary, FOB and CIF value all not given) → not-reported, kept as a gap;
 * - the primary figure, the one a chart in tonnes reads (net weight, else the quantity), flagged estimated → estimated;
 * - every figure given is 0 → reported-zero;
 * - else reported.
 * Comtrade never flags a value as estimated, so a row whose only figure is its value is reported.
 */
export function comtradeStatus(row: ComtradeRow): Status {
  const figures = [row.quantity?.quantity, row.netWeightKg, row.valueUsd, row.valueFobUsd, row.valueCifUsd].filter(
    (figure): figure is number => figure !== undefined,
  );
  if (figures.length === 0) return 'not-reported';
  const primaryEstimated =
    row.netWeightKg !== undefined ? row.isWeightEstimated : row.quantity !== undefined && row.isQuantityEstimated;
  if (primaryEstimated) return 'estimated';
  return figures.every((figure) => figure === 0) ? 'reported-zero' : 'reported';
}

/**
 * A Comtrade row as a trade flow. Marked aggregate (so it is never summed with its parts) when the file flags it
 * (isAggregate), when the partner is World, or when the commodity is TOTAL.
 */
export function toTradeFlow(record: RecordReader, row: ComtradeRow): TradeFlowInsert {
  const isAggregate =
    row.isAggregate ||
    row.partner.code === worldAreaCode ||
    row.partner.key === 'W00' ||
    row.hsCode === totalCommodityCode;
  return {
    reporter: row.reporter.key,
    reporterCode: row.reporter.code,
    partner: row.partner.key,
    partnerCode: row.partner.code,
    direction: row.direction,
    frequency: row.period.frequency,
    period: row.period.period,
    hsCode: row.hsCode,
    hsRevision: row.hsRevision,
    product: null,
    commodityGroup: row.hsCode === totalCommodityCode ? null : groupOfHsCode(record.context.catalog, row.hsCode),
    quantity: row.quantity?.quantity ?? null,
    quantityUnit: row.quantity?.unit ?? null,
    netWeightKg: row.netWeightKg ?? null,
    valueUsd: row.valueUsd ?? null,
    valueFobUsd: row.valueFobUsd ?? null,
    valueCifUsd: row.valueCifUsd ?? null,
    status: comtradeStatus(row),
    // A flag on a figure that is not given would mark nothing: it is kept only with its figure.
    isQuantityEstimated: row.quantity !== undefined && row.isQuantityEstimated ? 1 : 0,
    isWeightEstimated: row.netWeightKg !== undefined && row.isWeightEstimated ? 1 : 0,
    isAggregate: isAggregate ? 1 : 0,
    source: record.context.sourceOfLine?.(record.line) ?? 'UN Comtrade',
    note: null,
    flowCode: row.flowCode,
    partner2: row.partner2?.key ?? null,
    partner2Code: row.partner2?.code ?? null,
    customsCode: row.customsCode ?? null,
    motCode: row.motCode ?? null,
    mosCode: row.mosCode ?? null,
    isReported: row.isReported === undefined ? null : row.isReported ? 1 : 0,
  };
}

/**
 * Unique inside a file: everything that tells two Comtrade rows apart, so a real download never reports false
 * duplicates (the same code under two HS revisions, or by customs procedure and mode of transport, are different rows).
 */
export function comtradeKeyOf(row: TradeFlowInsert): string {
  return [
    `${row.reporter}/${row.reporterCode ?? ''}`,
    `${row.partner}/${row.partnerCode ?? ''}`,
    `${row.partner2 ?? ''}/${row.partner2Code ?? ''}`,
    row.flowCode ?? row.direction,
    row.frequency,
    row.period,
    row.hsRevision ?? '',
    row.hsCode,
    row.customsCode ?? '',
    row.motCode ?? '',
    row.mosCode ?? '',
  ].join('|');
}
