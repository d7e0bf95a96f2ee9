/**
 * Monthly and yearly series: customs flows, 1718 Committee notifications and shipments, one series per
 * (commodity, reporter), every period from `from` to `to` present, gaps as null. The rules for choosing and adding
 * up stored rows are written out in docs/api.md ("How a figure is chosen"); the arithmetic is in series-math.ts.
 *
 * `planSeries` does all validation that can fail (commodity, unit, factors, range) before anything is built, so
 * the CSV download can stream series by series without failing half-way.
 */
import type { Db } from '../db/connection.ts';
import { prepareCached } from './statements.ts';
import { InvalidParameterError } from '../errors.ts';
import { listCommodityGroups, productParents, resolveCommodity, type CommoditySelection } from './commodities.ts';
import {
  convertAmount,
  findConversionFactor,
  readStoredAmount,
  type ConversionFactor,
  type QuantityUnit,
  type StoredAmount,
} from './conversion.ts';
import {
  addChanges,
  addMonths,
  combineParts,
  listMonths,
  listYears,
  sumYearFromMonths,
  type Interval,
  type Part,
  type PointStatus,
  type SeriesPoint,
} from './series-math.ts';

export type SeriesSource = 'customs' | 'un1718' | 'shipments';
export type Measure = 'quantity' | 'value';
export type SeriesUnit = QuantityUnit | 'usd';
export type Direction = 'export' | 'import' | 're-export' | 're-import';

export interface SeriesRequest {
  commodities: string[];
  reporters: string[];
  partner: string;
  direction: Direction;
  source: SeriesSource;
  measure: Measure;
  unit: SeriesUnit;
  interval: Interval;
  /** `YYYY-MM` for a monthly series, `YYYY` for a yearly one; undefined: the extent of the data. */
  from?: string;
  to?: string;
}

/** The request as answered, defaults filled in; from/to null when there is no data and none was asked for. */
export interface SeriesQuery extends Omit<SeriesRequest, 'commodities' | 'reporters' | 'from' | 'to'> {
  commodity: string[];
  reporter: string[];
  from: string | null;
  to: string | null;
}

export interface SeriesConversion extends ConversionFactor {
  /** Which way the factor was used: `t→bbl`, `bbl→t`, or both, comma-separated. */
  applied: string;
}

/** What a series is of: the fields a headline repeats to say which figure it is about. */
export type SeriesIdentity = Pick<
  Series,
  'commodity' | 'commodityLabel' | 'reporter' | 'partner' | 'direction' | 'source' | 'measure' | 'unit'
>;

export interface Series {
  /** `commodity:reporter`, unique in a response. */
  key: string;
  commodity: string;
  commodityLabel: string;
  reporter: string;
  partner: string;
  direction: Direction;
  source: SeriesSource;
  measure: Measure;
  unit: SeriesUnit;
  interval: Interval;
  /** The barrels-per-tonne factor used, where one was; null when no figure needed one. */
  conversion: SeriesConversion | null;
  points: SeriesPoint[];
}

interface SeriesSpec {
  selection: CommoditySelection;
  reporter: string;
  factor: ConversionFactor | undefined;
}

export interface SeriesPlan {
  query: SeriesQuery;
  specs: SeriesSpec[];
}

/** More than any chart can show (twenty series over a century of months): a bound on the work one request can ask. */
export const maxPoints = 24_000;

/**
 * How far before `from` a series is read so its first points have their comparisons: a year of months for a
 * monthly series (MoM and YoY), the year before for a yearly one.
 */
const compareBack = { month: 12, year: 1 } as const;

export function planSeries(db: Db, request: SeriesRequest, now: Date): SeriesPlan {
  const groups = listCommodityGroups(db);
  const selections = request.commodities.map((text) => resolveCommodity(groups, text));
  checkSourceFits(request, selections);

  const specs: SeriesSpec[] = [];
  for (const selection of selections) {
    for (const reporter of request.reporters) {
      const factor =
        request.unit === 'usd' || selection.factorKeys.length === 0
          ? undefined
          : findConversionFactor(db, selection.factorKeys, reporter);
      specs.push({ selection, reporter, factor });
    }
  }

  const current = now.toISOString().slice(0, request.interval === 'month' ? 7 : 4);
  for (const name of ['from', 'to'] as const) {
    const value = request[name];
    if (value !== undefined && value > current) {
      throw new InvalidParameterError(
        name,
        `${value} is after the current ${request.interval} ${current}: nothing can have been reported yet`,
      );
    }
  }
  if (request.from !== undefined && request.to !== undefined && request.from > request.to) {
    throw new InvalidParameterError('from', `${request.from} is after to (${request.to})`);
  }

  let { from, to } = request;
  if (from === undefined || to === undefined) {
    const extent = readExtent(db, request, specs);
    if (extent) {
      to ??= extent.last > (from ?? '') ? extent.last : from;
      from ??= extent.first < (to ?? '') ? extent.first : to;
    } else {
      to ??= from;
      from ??= to;
    }
  }

  const plan: SeriesPlan = {
    query: {
      commodity: selections.map((s) => s.key),
      reporter: request.reporters,
      partner: request.partner,
      direction: request.direction,
      source: request.source,
      measure: request.measure,
      unit: request.unit,
      interval: request.interval,
      from: from ?? null,
      to: to ?? null,
    },
    specs,
  };
  if (from !== undefined && to !== undefined) {
    const periods = request.interval === 'month' ? listMonths(from, to).length : listYears(from, to).length;
    if (periods * specs.length > maxPoints) {
      throw new InvalidParameterError(
        request.from !== undefined ? 'from' : 'commodity',
        `${specs.length} series × ${periods} ${request.interval}s is more than ${maxPoints} points; narrow from/to or ask for fewer series`,
      );
    }
  }
  for (const spec of specs) checkFactorAvailable(db, plan, spec);
  return plan;
}

function checkSourceFits(request: SeriesRequest, selections: readonly CommoditySelection[]): void {
  if (request.measure === 'value' && request.unit !== 'usd') {
    throw new InvalidParameterError('unit', `${request.unit} is not a unit of value; measure=value is in usd`);
  }
  if (request.measure === 'quantity' && request.unit === 'usd') {
    throw new InvalidParameterError(
      'unit',
      'usd is a unit of value; use measure=value, or a quantity unit (t, kg, bbl)',
    );
  }
  if (request.source === 'customs') return;
  if (request.measure !== 'quantity') {
    throw new InvalidParameterError('measure', `source=${request.source} has quantities only, no trade values`);
  }
  if (request.direction !== 'export') {
    throw new InvalidParameterError(
      'direction',
      `source=${request.source} holds deliveries to the partner only (direction=export)`,
    );
  }
  if (request.source === 'un1718') {
    const wrong = selections.find((s) => s.key !== 'refined-oil');
    if (wrong)
      throw new InvalidParameterError(
        'commodity',
        `source=un1718 holds refined petroleum only (refined-oil), not ${wrong.key}`,
      );
    if (request.partner !== 'PRK') {
      throw new InvalidParameterError('partner', 'source=un1718 holds deliveries to North Korea only (partner=PRK)');
    }
  }
  if (request.source === 'shipments') {
    const wrong = selections.find((s) => s.kind === 'hs');
    if (wrong)
      throw new InvalidParameterError(
        'commodity',
        `source=shipments is by commodity or product key; shipments carry no HS code (${wrong.key})`,
      );
  }
}

/**
 * Without a barrels-per-tonne factor, barrels and tonnes cannot be converted into each other. Barrels are refused
 * when a figure is stored as a mass, or when none is stored in barrels at all (barrels for rice cannot apply);
 * tonnes and kilograms are refused when a figure is stored only in barrels.
 */
function checkFactorAvailable(db: Db, plan: SeriesPlan, spec: SeriesSpec): void {
  const { unit, from, to } = plan.query;
  if (spec.factor !== undefined || unit === 'usd') return;
  const what = `${spec.selection.kind === 'hs' ? spec.selection.label : spec.selection.key} from ${spec.reporter}`;
  const stored = (kind: StoredKind): boolean => from !== null && to !== null && isStoredAs(db, plan.query, spec, kind);
  if (unit === 'bbl' && (stored('mass') || !stored('barrels'))) {
    throw new InvalidParameterError(
      'unit',
      `no barrels-per-tonne factor for ${what}, so it cannot be given in bbl; use t or kg`,
    );
  }
  if (unit !== 'bbl' && stored('barrels')) {
    throw new InvalidParameterError(
      'unit',
      `${what} is stored in barrels and there is no barrels-per-tonne factor to give it in ${unit}; use bbl`,
    );
  }
}

type StoredKind = 'barrels' | 'mass';

/** Whether any figure the series would read is stored in barrels (or as a mass). */
function isStoredAs(db: Db, query: SeriesQuery, spec: SeriesSpec, kind: StoredKind): boolean {
  if (query.from === null || query.to === null) return false;
  const range = buildRange(query.interval, query.from, query.to);
  if (query.source === 'customs') {
    const sql = flowSql(spec.selection.kind, kind === 'barrels' ? 'barrelsOnly' : 'mass');
    const params = flowParams(spec, query, 'month', range.firstMonth, range.lastMonth);
    if (prepareCached(db, sql).get(params) !== undefined) return true;
    return (
      query.interval === 'year' &&
      prepareCached(db, sql).get({ ...params, frequency: 'year', from: range.firstYear, to: range.lastYear }) !==
        undefined
    );
  }
  if (query.source === 'un1718') {
    return (
      prepareCached(db, un1718StoredSql).get({
        reporter: spec.reporter,
        from: range.firstMonth,
        to: range.lastMonth,
        unit: kind === 'barrels' ? 'bbl' : 't',
      }) !== undefined
    );
  }
  const sql = kind === 'barrels' ? shipmentBarrelsSql : shipmentMassSql;
  return (
    prepareCached(db, sql).get({ ...shipmentParams(spec, query), ...monthDates(range.firstMonth, range.lastMonth) }) !==
    undefined
  );
}

interface BuildRange {
  /** Months read, starting early enough for the first period's comparisons. */
  firstMonth: string;
  lastMonth: string;
  firstYear: string;
  lastYear: string;
}

function buildRange(interval: Interval, from: string, to: string): BuildRange {
  if (interval === 'month') {
    const firstMonth = addMonths(from, -compareBack.month);
    return {
      firstMonth,
      lastMonth: to,
      firstYear: firstMonth.slice(0, 4),
      lastYear: to.slice(0, 4),
    };
  }
  const firstYear = String(Number(from) - compareBack.year).padStart(4, '0');
  return {
    firstMonth: `${firstYear}-01`,
    lastMonth: `${to}-12`,
    firstYear,
    lastYear: to,
  };
}

/** Builds the series one at a time, so a CSV download writes each before the next is read. */
export function* iterateSeries(db: Db, plan: SeriesPlan): Generator<Series> {
  for (const spec of plan.specs) yield buildSeries(db, plan.query, spec);
}

export function loadSeries(db: Db, request: SeriesRequest, now: Date): { query: SeriesQuery; series: Series[] } {
  const plan = planSeries(db, request, now);
  return { query: plan.query, series: [...iterateSeries(db, plan)] };
}

interface BuildContext {
  query: SeriesQuery;
  spec: SeriesSpec;
  applied: Set<string>;
}

function buildSeries(db: Db, query: SeriesQuery, spec: SeriesSpec): Series {
  const context: BuildContext = { query, spec, applied: new Set() };
  let points: SeriesPoint[] = [];
  if (query.from !== null && query.to !== null) {
    const range = buildRange(query.interval, query.from, query.to);
    const monthly = listMonths(range.firstMonth, range.lastMonth);
    let monthPoints: SeriesPoint[];
    if (query.source === 'customs')
      monthPoints = buildFlowPoints(db, context, 'month', monthly, range.firstMonth, range.lastMonth);
    else if (query.source === 'un1718') monthPoints = buildUn1718Points(db, context, monthly);
    else monthPoints = buildShipmentPoints(db, context, monthly);

    let all = monthPoints;
    if (query.interval === 'year') {
      const years = listYears(range.firstYear, range.lastYear);
      const annual =
        query.source === 'customs' ? buildFlowPoints(db, context, 'year', years, range.firstYear, range.lastYear) : [];
      all = years.map((year, index) => {
        const published = annual[index];
        // A published annual figure (e.g. a Comtrade annual file) is the year's total; months are summed only
        // when there is none.
        if (published && published.value !== null) return published;
        return sumYearFromMonths(
          year,
          monthPoints.filter((p) => p.period.startsWith(`${year}-`)),
        );
      });
    }
    addChanges(all, query.interval);
    points = all.filter((p) => p.period >= (query.from ?? '') && p.period <= (query.to ?? ''));
  }
  const { selection, reporter, factor } = spec;
  return {
    key: `${selection.key}:${reporter}`,
    commodity: selection.key,
    commodityLabel: selection.label,
    reporter,
    partner: query.partner,
    direction: query.direction,
    source: query.source,
    measure: query.measure,
    unit: query.unit,
    interval: query.interval,
    conversion:
      factor && context.applied.size > 0 ? { ...factor, applied: [...context.applied].sort().join(', ') } : null,
    points,
  };
}

function emptyPoint(period: string): SeriesPoint {
  return { period, value: null, status: 'not-reported', partial: false, change: { mom: null, yoy: null }, sources: [] };
}

/** A quantity in the series' unit, or why there is none. */
function convertForSeries(
  context: BuildContext,
  amount: StoredAmount | null,
  estimated: boolean,
  source: string | null,
): Part & { hasFigure: boolean } {
  if (amount === null) return { value: null, estimated, source, hasFigure: false };
  const converted = convertAmount(amount, context.query.unit as QuantityUnit, context.spec.factor?.barrelsPerTonne);
  if (converted.ok) {
    if (converted.applied) context.applied.add(converted.applied);
    return { value: converted.value, estimated, source, hasFigure: true };
  }
  const why =
    converted.reason === 'unconvertible'
      ? `a figure reported in ${converted.unit} cannot be converted to ${context.query.unit}`
      : `a figure stored in barrels cannot be converted to ${context.query.unit} without a factor`;
  return { value: null, estimated, source, hasFigure: true, unconvertible: why };
}

// ---------------------------------------------------------------------------------------------------------------
// Customs flows

interface FlowRow {
  period: string;
  hsCode: string;
  product: string | null;
  status: PointStatus;
  quantity: number | null;
  quantityUnit: string | null;
  netWeightKg: number | null;
  valueUsd: number | null;
  /** Comtrade's estimate flag for the figure a quantity is read from (net weight where given, else quantity). */
  quantityEstimated: number;
  source: string | null;
  datasetId: number;
  /** 0 when the row is one slice of a Comtrade breakdown (a customs procedure, a mode of transport). */
  breakdownTotal: number;
  hsRevision: string | null;
  id: number;
}

/** The columns of flowSql(…, 'rows'), in order: read as arrays, which better-sqlite3 returns much faster. */
type FlowTuple = [
  string,
  string,
  string | null,
  PointStatus,
  number | null,
  string | null,
  number | null,
  number | null,
  number,
  string | null,
  number,
  number,
  string | null,
  number,
];

function toFlowRow(t: FlowTuple): FlowRow {
  const [
    period,
    hsCode,
    product,
    status,
    quantity,
    quantityUnit,
    netWeightKg,
    valueUsd,
    quantityEstimated,
    source,
    datasetId,
    breakdownTotal,
    hsRevision,
    id,
  ] = t;
  return {
    period,
    hsCode,
    product,
    status,
    quantity,
    quantityUnit,
    netWeightKg,
    valueUsd,
    quantityEstimated,
    source,
    datasetId,
    breakdownTotal,
    hsRevision,
    id,
  };
}

/**
 * Which of two stored rows with the same key (period, HS code, product) is used: the one from the most recently
 * imported dataset (a user's Comtrade file over the bundled CSV); within one dataset, where a Comtrade file holds
 * the code under several HS revisions or broken down by second partner, customs procedure, mode of transport or
 * supply (migration 0002), the row for all of them (W00, C00, 0, or none given), then the newest revision.
 */
function isPreferred(a: FlowRow, b: FlowRow): boolean {
  if (a.datasetId !== b.datasetId) return a.datasetId > b.datasetId;
  if (a.breakdownTotal !== b.breakdownTotal) return a.breakdownTotal > b.breakdownTotal;
  if ((a.hsRevision ?? '') !== (b.hsRevision ?? '')) return (a.hsRevision ?? '') > (b.hsRevision ?? '');
  return a.id > b.id;
}

const flowSelectors: Record<CommoditySelection['kind'], string> = {
  group: `commodity_group = @group AND reporter = @reporter AND partner = @partner AND direction = @direction
    AND frequency = @frequency`,
  product: `commodity_group = @group AND reporter = @reporter AND partner = @partner AND direction = @direction
    AND frequency = @frequency AND product IN (SELECT value FROM json_each(@products))`,
  hs: `reporter = @reporter AND partner = @partner AND direction = @direction AND frequency = @frequency
    AND hs_code >= @hsLow AND hs_code < @hsHigh`,
};

/** 1 for a row that is not one slice of a Comtrade breakdown: all partners, procedures, modes (or none given). */
const breakdownTotalSql = `(coalesce(partner2, 'W00') = 'W00' AND coalesce(customs_code, 'C00') = 'C00'
  AND coalesce(mot_code, '0') = '0' AND coalesce(trim(mos_code), '0') = '0')`;

/**
 * The SQL for one kind of selection: `rows` every stored row of the selection in a period range (several per key
 * when several datasets hold it: buildFlowPoints keeps one), `first`/`last` its extent, `barrelsOnly`/`mass`
 * whether a figure is stored that way. Every variant is an index range scan (0001's trade_flows_series, 0003's
 * trade_flows_selection_hs); a test holds the query plans to it.
 */
export function flowSql(
  kind: CommoditySelection['kind'],
  what: 'rows' | 'first' | 'last' | 'barrelsOnly' | 'mass',
): string {
  const where = flowSelectors[kind];
  if (what === 'first') return `SELECT period FROM trade_flows WHERE ${where} ORDER BY period LIMIT 1`;
  if (what === 'last') return `SELECT period FROM trade_flows WHERE ${where} ORDER BY period DESC LIMIT 1`;
  if (what === 'barrelsOnly') {
    return `SELECT 1 FROM trade_flows WHERE ${where} AND period BETWEEN @from AND @to
      AND net_weight_kg IS NULL AND quantity_unit = 'bbl' LIMIT 1`;
  }
  if (what === 'mass')
    return `SELECT 1 FROM trade_flows WHERE ${where} AND period BETWEEN @from AND @to AND net_weight_kg IS NOT NULL LIMIT 1`;
  // No window function or ORDER BY: sorting costs more than the rows do. One row per key is chosen in
  // buildFlowPoints (isPreferred), where the rows are grouped by period anyway.
  return `SELECT period, hs_code, product, status, quantity, quantity_unit, net_weight_kg, value_usd,
      CASE WHEN net_weight_kg IS NOT NULL THEN is_weight_estimated ELSE is_quantity_estimated END, source, dataset_id,
      ${breakdownTotalSql}, hs_revision, id
    FROM trade_flows
    WHERE ${where} AND period BETWEEN @from AND @to`;
}

/** The upper bound of an HS prefix range: '2710' → '2711' ('2719' → '271:', still above every digit). */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

function flowParams(
  spec: SeriesSpec,
  query: Pick<SeriesQuery, 'partner' | 'direction'>,
  frequency: 'month' | 'year',
  from: string,
  to: string,
): Record<string, string> {
  const { selection } = spec;
  const params: Record<string, string> = {
    reporter: spec.reporter,
    partner: query.partner,
    direction: query.direction,
    frequency,
    from,
    to,
  };
  if (selection.kind === 'group') params.group = selection.groupKey;
  if (selection.kind === 'product') {
    params.group = selection.groupKey;
    params.products = JSON.stringify(selection.products);
  }
  if (selection.kind === 'hs') {
    params.hsLow = selection.hsCode;
    params.hsHigh = prefixEnd(selection.hsCode);
  }
  return params;
}

function buildFlowPoints(
  db: Db,
  context: BuildContext,
  frequency: 'month' | 'year',
  periods: string[],
  from: string,
  to: string,
): SeriesPoint[] {
  const tuples = prepareCached<Record<string, string>, FlowTuple>(db, flowSql(context.spec.selection.kind, 'rows'))
    .raw(true)
    .all(flowParams(context.spec, context.query, frequency, from, to));
  // period → key (HS code, product) → the preferred row for that key
  const byPeriod = new Map<string, Map<string, FlowRow>>();
  for (const tuple of tuples) {
    const row = toFlowRow(tuple);
    let keys = byPeriod.get(row.period);
    if (!keys) byPeriod.set(row.period, (keys = new Map()));
    const key = `${row.hsCode}|${row.product ?? ''}`;
    const other = keys.get(key);
    if (!other || isPreferred(row, other)) keys.set(key, row);
  }
  return periods.map((period) => {
    const rows = [...(byPeriod.get(period)?.values() ?? [])].sort((a, b) =>
      a.hsCode + (a.product ?? '') < b.hsCode + (b.product ?? '') ? -1 : 1,
    );
    return flowPoint(context, period, rows);
  });
}

type ReadFlow = { row: FlowRow; part: Part; hasFigure: boolean };

function readFlow(context: BuildContext, row: FlowRow): ReadFlow {
  if (context.query.measure === 'value') {
    return {
      row,
      part: { value: row.valueUsd, estimated: row.status === 'estimated', source: row.source },
      hasFigure: row.valueUsd !== null,
    };
  }
  const amount = readStoredAmount(row.quantity, row.quantityUnit, row.netWeightKg);
  const { hasFigure, ...part } = convertForSeries(
    context,
    amount,
    row.status === 'estimated' || row.quantityEstimated === 1,
    row.source,
  );
  return { row, part, hasFigure };
}

/**
 * Whether `total` already contains `row`: a row without a product at HS code C holds everything under C (its
 * products and longer codes, and Comtrade aggregates are such rows); a product holds its sub-products
 * (productParents).
 */
function contains(total: FlowRow, row: FlowRow): boolean {
  if (total === row) return false;
  if (total.product === null) {
    return row.hsCode.startsWith(total.hsCode) && (row.hsCode.length > total.hsCode.length || row.product !== null);
  }
  return row.product !== null && row.hsCode === total.hsCode && productParents[row.product] === total.product;
}

/**
 * A product row (diesel at 2710) and a finer HS breakdown of the same heading (271019 from a Comtrade file) may
 * overlap in ways no row says, so when both exist the HS breakdown is used and the product rows are left out.
 */
function overlapsHsBreakdown(row: FlowRow, figures: readonly ReadFlow[]): boolean {
  return (
    row.product !== null &&
    figures.some(
      (f) => f.row.product === null && f.row.hsCode.length > row.hsCode.length && f.row.hsCode.startsWith(row.hsCode),
    )
  );
}

function isTotalRow(selection: CommoditySelection, row: FlowRow): boolean {
  if (selection.kind === 'group') return row.product === null && row.hsCode === selection.hsPrefix;
  if (selection.kind === 'product') return row.product === selection.key;
  return row.product === null && row.hsCode === selection.hsCode;
}

function flowPoint(context: BuildContext, period: string, rows: readonly FlowRow[]): SeriesPoint {
  if (rows.length === 0) return emptyPoint(period);
  const read = rows.map((row) => readFlow(context, row));
  // Only a row with a figure can stand in for its parts: a total marked not-reported leaves the parts to be summed.
  const figures = read.filter((r) => r.hasFigure);
  const kept = read.filter((r) => !figures.some((f) => contains(f.row, r.row)) && !overlapsHsBreakdown(r.row, figures));
  const combined = combineParts(kept.map((k) => k.part));
  const hasTotal = kept.some((k) => k.hasFigure && isTotalRow(context.spec.selection, k.row));
  const point = emptyPoint(period);
  point.value = combined.value;
  point.status = combined.status;
  point.sources = combined.sources;
  const notes = [...combined.notes];
  if (combined.value !== null) {
    point.partial = combined.missingParts || !hasTotal || combined.notes.length > 0;
    if (!hasTotal) {
      const names = kept.filter((k) => k.part.value !== null).map((k) => partName(k.row));
      notes.unshift(`sum of the parts published (${names.join(', ')}); no total was published`);
    }
    const slices = kept.filter((k) => k.part.value !== null && k.row.breakdownTotal === 0).map((k) => partName(k.row));
    if (slices.length > 0) {
      point.partial = true;
      notes.push(
        `only one slice of a breakdown (second partner, customs procedure or transport) was stored for ${slices.join(', ')}`,
      );
    }
    const missing = kept
      .filter((k) => k.part.value === null && k.part.unconvertible === undefined)
      .map((k) => partName(k.row));
    if (missing.length > 0) notes.push(`not reported: ${missing.join(', ')}`);
  } else if (kept.some((k) => k.part.unconvertible !== undefined)) {
    // Reported, but not in a unit this series can show: not a gap, so not "not-reported".
    point.status = kept.some((k) => k.part.estimated) ? 'estimated' : 'reported';
  }
  if (notes.length > 0) point.note = notes.join('; ');
  return point;
}

function partName(row: FlowRow): string {
  return row.product ?? `HS ${row.hsCode}`;
}

function readExtent(
  db: Db,
  request: SeriesRequest,
  specs: readonly SeriesSpec[],
): { first: string; last: string } | undefined {
  let first: string | undefined;
  let last: string | undefined;
  const consider = (period: string | undefined): void => {
    if (period === undefined) return;
    const value = request.interval === 'year' ? period.slice(0, 4) : period;
    if (first === undefined || value < first) first = value;
    if (last === undefined || value > last) last = value;
  };
  const query = { partner: request.partner, direction: request.direction };
  for (const spec of specs) {
    if (request.source === 'customs') {
      const frequencies: Array<'month' | 'year'> = request.interval === 'year' ? ['month', 'year'] : ['month'];
      for (const frequency of frequencies) {
        const params = flowParams(spec, query, frequency, '', '');
        for (const end of ['first', 'last'] as const) {
          consider(
            prepareCached<Record<string, string>, { period: string }>(db, flowSql(spec.selection.kind, end)).get(params)
              ?.period,
          );
        }
      }
    } else if (request.source === 'un1718') {
      const extent = prepareCached<{ reporter: string }, { first: string | null; last: string | null }>(
        db,
        un1718ExtentSql,
      ).get({ reporter: spec.reporter });
      consider(extent?.first ?? undefined);
      consider(extent?.last ?? undefined);
    } else {
      const extent = prepareCached<Record<string, string>, { first: string | null; last: string | null }>(
        db,
        shipmentExtentSql,
      ).get(shipmentParams(spec, query));
      consider(extent?.first ?? undefined);
      consider(extent?.last ?? undefined);
    }
  }
  return first !== undefined && last !== undefined ? { first, last } : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// 1718 Committee notifications

interface Un1718Row {
  period: string;
  value: number | null;
  unit: 'bbl' | 't';
  status: PointStatus;
  source: string;
}

/** One row per month, from the most recently imported dataset that has it. */
const un1718RowsSql = `SELECT period, value, unit, status, source FROM (
    SELECT period, value, unit, status, source,
      row_number() OVER (PARTITION BY period ORDER BY dataset_id DESC, id DESC) AS rank
    FROM un1718_reports WHERE reporter = @reporter AND period BETWEEN @from AND @to
  ) WHERE rank = 1 ORDER BY period`;
const un1718ExtentSql = `SELECT
    (SELECT period FROM un1718_reports WHERE reporter = @reporter ORDER BY period LIMIT 1) AS first,
    (SELECT period FROM un1718_reports WHERE reporter = @reporter ORDER BY period DESC LIMIT 1) AS last`;
const un1718StoredSql = `SELECT 1 FROM un1718_reports
  WHERE reporter = @reporter AND period BETWEEN @from AND @to AND unit = @unit AND value IS NOT NULL LIMIT 1`;

export function readUn1718Rows(db: Db, reporter: string, from: string, to: string): Un1718Row[] {
  return prepareCached<{ reporter: string; from: string; to: string }, Un1718Row>(db, un1718RowsSql).all({
    reporter,
    from,
    to,
  });
}

function un1718Amount(row: Un1718Row): StoredAmount | null {
  if (row.value === null) return null;
  return row.unit === 'bbl' ? { kind: 'barrels', bbl: row.value } : { kind: 'mass', kg: row.value * 1000 };
}

function buildUn1718Points(db: Db, context: BuildContext, months: string[]): SeriesPoint[] {
  const first = months[0];
  const last = months[months.length - 1];
  if (first === undefined || last === undefined) return [];
  const rows = new Map(readUn1718Rows(db, context.spec.reporter, first, last).map((row) => [row.period, row]));
  return months.map((period) => {
    const row = rows.get(period);
    if (!row) return emptyPoint(period);
    const { hasFigure: _hasFigure, ...part } = convertForSeries(
      context,
      un1718Amount(row),
      row.status === 'estimated',
      row.source,
    );
    const combined = combineParts([part]);
    const point = emptyPoint(period);
    point.value = combined.value;
    point.status = combined.status;
    point.sources = combined.sources;
    if (combined.notes.length > 0) point.note = combined.notes.join('; ');
    return point;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Shipments

interface ShipmentRow {
  month: string;
  quantity: number | null;
  unit: string | null;
  status: 'reported' | 'estimated';
  source: string;
}

const shipmentWhere = `origin = @reporter AND destination = @partner
  AND commodity IN (SELECT value FROM json_each(@commodities))`;
/** One row per shipment (date, vessel, load port), from the most recently imported dataset that has it. */
const shipmentRowsSql = `SELECT month, quantity, unit, status, source FROM (
    SELECT month, quantity, unit, status, source,
      row_number() OVER (PARTITION BY date, vessel, load_port ORDER BY dataset_id DESC, id DESC) AS rank
    FROM shipments WHERE ${shipmentWhere} AND date >= @fromDate AND date < @toDate
  ) WHERE rank = 1 ORDER BY month`;
const shipmentExtentSql = `SELECT
    (SELECT month FROM shipments WHERE ${shipmentWhere} ORDER BY date LIMIT 1) AS first,
    (SELECT month FROM shipments WHERE ${shipmentWhere} ORDER BY date DESC LIMIT 1) AS last`;
const shipmentBarrelsSql = `SELECT 1 FROM shipments WHERE ${shipmentWhere}
  AND date >= @fromDate AND date < @toDate AND unit = 'bbl' AND quantity IS NOT NULL LIMIT 1`;
const shipmentMassSql = `SELECT 1 FROM shipments WHERE ${shipmentWhere}
  AND date >= @fromDate AND date < @toDate AND unit IN ('t', 'kg') AND quantity IS NOT NULL LIMIT 1`;

/** The commodity keys a shipment may carry to belong to a selection: the group or product and what it holds. */
function shipmentCommodityKeys(selection: CommoditySelection): string[] {
  if (selection.kind === 'group') return [selection.key, ...selection.products];
  if (selection.kind === 'product') return selection.products;
  return [];
}

function shipmentParams(spec: SeriesSpec, query: Pick<SeriesQuery, 'partner'>): Record<string, string> {
  return {
    reporter: spec.reporter,
    partner: query.partner,
    commodities: JSON.stringify(shipmentCommodityKeys(spec.selection)),
  };
}

/** Days from the first of `first` up to (not including) the first day after `last`. */
function monthDates(first: string, last: string): { fromDate: string; toDate: string } {
  return { fromDate: `${first}-01`, toDate: `${addMonths(last, 1)}-01` };
}

function buildShipmentPoints(db: Db, context: BuildContext, months: string[]): SeriesPoint[] {
  const first = months[0];
  const last = months[months.length - 1];
  if (first === undefined || last === undefined) return [];
  const rows = prepareCached<Record<string, string>, ShipmentRow>(db, shipmentRowsSql).all({
    ...shipmentParams(context.spec, context.query),
    ...monthDates(first, last),
  });
  const byMonth = new Map<string, ShipmentRow[]>();
  for (const row of rows) {
    const list = byMonth.get(row.month);
    if (list) list.push(row);
    else byMonth.set(row.month, [row]);
  }
  return months.map((period) => {
    const shipments = byMonth.get(period) ?? [];
    const point = emptyPoint(period);
    point.count = shipments.length;
    if (shipments.length === 0) return point;
    const parts = shipments.map((s) => {
      const { hasFigure: _hasFigure, ...part } = convertForSeries(
        context,
        readStoredAmount(s.quantity, s.unit, null),
        s.status === 'estimated',
        s.source,
      );
      return part;
    });
    const combined = combineParts(parts);
    point.value = combined.value;
    point.status = combined.status;
    point.sources = combined.sources;
    const known = parts.filter((p) => p.value !== null).length;
    point.partial = combined.value !== null && known < shipments.length;
    const notes = [...combined.notes];
    if (known < shipments.length) notes.unshift(`quantity published for ${known} of ${shipments.length} shipments`);
    if (notes.length > 0) point.note = notes.join('; ');
    return point;
  });
}
