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
import { openMemo, type Memo } from './series-memo.ts';
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
  /** The whole series this one is a window of, when the memo has it (customs only): see series-memo.ts. */
  whole?: WholeSeries;
  /** The extent of this series' own data at the request's interval once known (null: it has none). */
  extent?: Extent | null;
}

interface Extent {
  first: string;
  last: string;
}

export interface PlanOptions {
  /**
   * false: compute every series from the stored rows, as if the memo were empty and kept nothing. The memo's
   * differential test compares the two ways.
   */
  memo?: boolean;
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

export function planSeries(db: Db, request: SeriesRequest, now: Date, options: PlanOptions = {}): SeriesPlan {
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

  const memo = request.source === 'customs' && options.memo !== false ? openMemo<WholeSeries>(db) : undefined;
  if (memo?.usable) for (const spec of specs) spec.whole = memo.get(wholeSeriesKey(request, spec));

  let { from, to } = request;
  if (from === undefined || to === undefined) {
    const extent = combineExtents(specs.map((spec) => readSpecExtent(db, request, spec)));
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
    const periods = countPeriods(request.interval, from, to);
    if (periods * specs.length > maxPoints) {
      throw new InvalidParameterError(
        request.from !== undefined ? 'from' : 'commodity',
        `${specs.length} series × ${periods} ${request.interval}s is more than ${maxPoints} points; narrow from/to or ask for fewer series`,
      );
    }
    if (memo?.usable) {
      // Whole series can be much longer than the window asked for: building them is held to the same bound on
      // the work of one request as the answer (the rest are computed for their window, as without the memo).
      const budget = { periods: maxPoints };
      for (const spec of specs) spec.whole ??= buildWholeSeriesFor(db, memo, plan.query, spec, from, to, budget);
    }
  }
  for (const spec of specs) checkFactorAvailable(db, plan, spec);
  return plan;
}

/** How many periods listMonths / listYears would list, without listing them. */
function countPeriods(interval: Interval, from: string, to: string): number {
  if (from > to) return 0;
  return interval === 'month' ? monthNumber(to) - monthNumber(from) + 1 : Number(to) - Number(from) + 1;
}

/** A month's place on a continuous count of months (2017-01 is one after 2016-12). */
function monthNumber(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
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
  if (spec.whole) return (readFlags(spec.whole, query.interval, range) & storedBits[kind]) !== 0;
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
  for (const spec of plan.specs) {
    yield spec.whole ? sliceWholeSeries(plan.query, spec, spec.whole) : buildSeries(db, plan.query, spec);
  }
}

export function loadSeries(
  db: Db,
  request: SeriesRequest,
  now: Date,
  options: PlanOptions = {},
): { query: SeriesQuery; series: Series[] } {
  const plan = planSeries(db, request, now, options);
  return { query: plan.query, series: [...iterateSeries(db, plan)] };
}

interface BuildContext {
  query: SeriesQuery;
  spec: SeriesSpec;
  applied: Set<string>;
  /** Set when building a whole series for the memo: what each period read holds (see WholeSeries.flags). */
  flags?: Map<string, number>;
}

/** The series from the stored rows: the reference way, and how the memo's whole series are built. */
function buildSeries(db: Db, query: SeriesQuery, spec: SeriesSpec, flags?: Map<string, number>): Series {
  const context: BuildContext = { query, spec, applied: new Set(), flags };
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
        // The months read run from January of the first year to December of the last, so a year's months are
        // twelve in a row.
        return sumYearFromMonths(year, monthPoints.slice(index * 12, index * 12 + 12));
      });
    }
    addChanges(all, query.interval);
    points = all.filter((p) => p.period >= (query.from ?? '') && p.period <= (query.to ?? ''));
  }
  return seriesOf(query, spec, context.applied, points);
}

function seriesOf(query: SeriesQuery, spec: SeriesSpec, applied: ReadonlySet<string>, points: SeriesPoint[]): Series {
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
    conversion: factor && applied.size > 0 ? { ...factor, applied: [...applied].sort().join(', ') } : null,
    points,
  };
}

function emptyPoint(period: string): SeriesPoint {
  return { period, value: null, status: 'not-reported', partial: false, change: { mom: null, yoy: null }, sources: [] };
}

// ---------------------------------------------------------------------------------------------------------------
// Whole series kept in the memo (series-memo.ts)

/**
 * A customs series over the whole extent of its data, as buildSeries computes it, and what each period read holds,
 * which is all a window of it needs: a point depends only on its period's rows and those of the periods it is
 * compared with, so a window's points are the same points; a period outside the extent has no rows, so its point is
 * empty (not reported, nothing to compare); and what a window's `conversion` and unit checks depend on (the factors
 * applied, the units stored) is read from the flags of the periods the reference would read for that window.
 */
interface WholeSeries {
  /** The extent of the series' data at the series' interval; null when it has no rows. */
  first: string | null;
  last: string | null;
  /** Every period from first to last, changes filled in. */
  points: SeriesPoint[];
  /** Each period read (a month `YYYY-MM`, an annual row's year `YYYY`) → its flagBits, where any is set. */
  flags: Map<string, number>;
}

/** What a period's rows hold: the conversions applied to them, and which of them is stored in barrels or as a mass. */
const appliedBits: Readonly<Record<string, number>> = { 't→bbl': 1, 'bbl→t': 2 };
const storedBits: Readonly<Record<StoredKind, number>> = { barrels: 4, mass: 8 };

/** The memo's key: everything a series' points depend on besides the stored rows (the window is not part of it). */
function wholeSeriesKey(
  query: Pick<SeriesQuery, 'interval' | 'measure' | 'unit' | 'partner' | 'direction'>,
  spec: SeriesSpec,
): string {
  return [
    query.interval,
    query.measure,
    query.unit,
    query.partner,
    query.direction,
    spec.selection.kind,
    spec.selection.key,
    spec.reporter,
    spec.factor === undefined ? '' : String(spec.factor.barrelsPerTonne),
  ].join('|');
}

/**
 * A whole series the memo does not have, built now and kept; undefined when this request is answered from the stored
 * rows instead. Building a series whole costs about as much as computing all its periods, so a small window (a year
 * of fifty) is computed on its own, as without the memo, and the whole series is built once the windows asked for
 * since the data changed, this one included, add up to half of it (at once for a window of half or more). As in
 * renting skis until the rent adds up to the price, no series costs much more than twice what the best choice in
 * hindsight would have, and a first request never costs much more than it did. Builds stop when the request's
 * `budget` of periods runs out.
 */
function buildWholeSeriesFor(
  db: Db,
  memo: Memo<WholeSeries>,
  query: SeriesQuery,
  spec: SeriesSpec,
  from: string,
  to: string,
  budget: { periods: number },
): WholeSeries | undefined {
  const key = wholeSeriesKey(query, spec);
  const extent = readSpecExtent(db, query, spec);
  if (extent) {
    const inside = countPeriods(
      query.interval,
      from > extent.first ? from : extent.first,
      to < extent.last ? to : extent.last,
    );
    const extentPeriods = countPeriods(query.interval, extent.first, extent.last);
    if (extentPeriods > budget.periods) return undefined;
    if (2 * memo.addWindowCost(key, inside) < extentPeriods) return undefined;
    budget.periods -= extentPeriods;
  }
  const whole = buildWholeSeries(db, query, spec, extent);
  memo.set(key, whole, estimateBytes(whole));
  return whole;
}

function buildWholeSeries(db: Db, query: SeriesQuery, spec: SeriesSpec, extent: Extent | undefined): WholeSeries {
  const flags = new Map<string, number>();
  if (!extent) return { first: null, last: null, points: [], flags };
  const { points } = buildSeries(db, { ...query, from: extent.first, to: extent.last }, spec, flags);
  return { first: extent.first, last: extent.last, points, flags };
}

/**
 * Bytes of heap a whole series holds, roughly: measured at about 550 per point of a 600-month series with one source
 * per point (tests/reliability/series-memo-memory.test.ts holds the estimate to the heap it measures).
 */
function estimateBytes(whole: WholeSeries): number {
  let bytes = 1024 + 80 * whole.flags.size;
  for (const point of whole.points) {
    bytes += 480 + (point.note?.length ?? 0);
    for (const source of point.sources) bytes += 32 + source.length;
  }
  return bytes;
}

/** The flags of the periods the reference reads for a window (buildRange): months, and a yearly series' years. */
function readFlags(whole: WholeSeries, interval: Interval, range: BuildRange): number {
  let bits = 0;
  for (const [period, flag] of whole.flags) {
    const read =
      period.length === 4
        ? interval === 'year' && period >= range.firstYear && period <= range.lastYear
        : period >= range.firstMonth && period <= range.lastMonth;
    if (read) bits |= flag;
  }
  return bits;
}

/** A window of a whole series: new point objects (the memo's own are never handed out), empty outside the extent. */
function sliceWholeSeries(query: SeriesQuery, spec: SeriesSpec, whole: WholeSeries): Series {
  const applied = new Set<string>();
  const points: SeriesPoint[] = [];
  if (query.from !== null && query.to !== null) {
    const range = buildRange(query.interval, query.from, query.to);
    const bits = readFlags(whole, query.interval, range);
    for (const [name, bit] of Object.entries(appliedBits)) if ((bits & bit) !== 0) applied.add(name);
    const periods = query.interval === 'month' ? listMonths(query.from, query.to) : listYears(query.from, query.to);
    const offset =
      whole.first === null
        ? -Infinity
        : query.interval === 'month'
          ? monthNumber(query.from) - monthNumber(whole.first)
          : Number(query.from) - Number(whole.first);
    periods.forEach((period, index) => {
      const point = whole.points[offset + index];
      if (point === undefined) {
        points.push(emptyPoint(period));
        return;
      }
      // A window is a run of consecutive periods, as the whole series is: a mismatch is a bug, not a gap.
      if (point.period !== period) throw new Error(`series memo: ${point.period} where ${period} was expected`);
      points.push({ ...point });
    });
  }
  return seriesOf(query, spec, applied, points);
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
  /**
   * measure=quantity: the amount as readStoredAmount takes it, in `unit` (the net weight in kg where the importer
   * derived one, else the quantity as stored); measure=value: the trade value in US dollars.
   */
  amount: number | null;
  unit: string | null;
  /** As flowSql's barrelsOnly and mass ask: stored in barrels with no net weight; with a net weight in kg. */
  barrelsOnly: boolean;
  netWeight: boolean;
  /** Comtrade's estimate flag for the figure a quantity is read from (net weight where given, else quantity). */
  quantityEstimated: boolean;
  source: string | null;
  datasetId: number;
  /** 0 when the row is one slice of a Comtrade breakdown (a customs procedure, a mode of transport). */
  breakdownTotal: number;
  hsRevision: string | null;
  id: number;
  /** hsCode + product: the order a period's rows are read in (sources and notes are listed in that order). */
  order: string;
}

/**
 * The columns of flowSql(…, 'quantityRows' | 'valueRows'), in order, read as arrays (which better-sqlite3 returns
 * much faster than objects). Status, flags and dataset come packed in one integer, and the amount in one column: a
 * profile of the dashboard's first view (1,843 rows) spent most of its time turning SQLite values into JavaScript
 * ones, at about the same cost per value whatever its type (14 columns: 3.4 ms; these 9: 2.7 ms). The quantity's
 * unit comes last, so a value row is the same tuple without it.
 */
type FlowTuple = [
  period: string,
  hsCode: string,
  product: string | null,
  packed: number,
  amount: number | null,
  source: string | null,
  hsRevision: string | null,
  id: number,
  quantityUnit?: string | null,
];

const packedStatuses: readonly PointStatus[] = ['reported', 'reported-zero', 'not-reported', 'estimated'];

function toFlowRow(t: FlowTuple): FlowRow {
  const [period, hsCode, product, packed, amount, source, hsRevision, id, quantityUnit = null] = t;
  // packedSql: status (bits 0–1), estimated (bit 2), breakdown total (bit 3), net weight given (bit 4), then
  // 32 × dataset id. The low bits survive `&` for any integer up to 2^53.
  const flags = packed & 31;
  const netWeight = (flags & 16) !== 0;
  return {
    period,
    hsCode,
    product,
    status: packedStatuses[flags & 3] ?? 'reported',
    amount,
    unit: netWeight ? 'kg' : quantityUnit,
    barrelsOnly: !netWeight && quantityUnit === 'bbl',
    netWeight,
    quantityEstimated: (flags & 4) !== 0,
    source,
    datasetId: (packed - flags) / 32,
    breakdownTotal: (flags >> 3) & 1,
    hsRevision,
    id,
    order: product === null ? hsCode : hsCode + product,
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

/**
 * 1 for a row that is not one slice of a Comtrade breakdown: all partners, procedures, modes (or none given). Rows
 * from Tradeflow's own formats have none of the four codes, and testing that first saves evaluating the rest for
 * them (0.17 ms of 1,843 rows).
 */
const breakdownTotalSql = `(CASE WHEN partner2 IS NULL AND customs_code IS NULL AND mot_code IS NULL AND mos_code IS NULL
    THEN 1 ELSE (coalesce(partner2, 'W00') = 'W00' AND coalesce(customs_code, 'C00') = 'C00'
      AND coalesce(mot_code, '0') = '0' AND coalesce(trim(mos_code), '0') = '0') END)`;

/** FlowTuple's `packed`: the order of statuses is packedStatuses'; the CHECK constraint allows no other status. */
const packedSql = `(CASE status WHEN 'reported' THEN 0 WHEN 'reported-zero' THEN 1 WHEN 'not-reported' THEN 2 ELSE 3 END)
      + 4 * (CASE WHEN net_weight_kg IS NOT NULL THEN is_weight_estimated ELSE is_quantity_estimated END)
      + 8 * ${breakdownTotalSql} + 16 * (net_weight_kg IS NOT NULL) + 32 * dataset_id`;

export type FlowSqlVariant = 'quantityRows' | 'valueRows' | 'first' | 'last' | 'extent' | 'barrelsOnly' | 'mass';

/**
 * The SQL for one kind of selection: `quantityRows`/`valueRows` every stored row of the selection in a period
 * range (several per key when several datasets hold it: buildFlowPoints keeps one), `first`/`last` its extent by
 * two index seeks, `extent` both in one pass over the selection's index range (cheaper for an HS range, whose index
 * is not in period order: half the time of `first` and `last` for HS 1005 over 50 years), `barrelsOnly`/`mass`
 * whether a figure is stored that way. Every variant is an index range scan (0001's
 * trade_flows_series, 0003's trade_flows_selection_hs); a test holds the query plans to it.
 */
export function flowSql(kind: CommoditySelection['kind'], what: FlowSqlVariant): string {
  const where = flowSelectors[kind];
  if (what === 'first') return `SELECT period FROM trade_flows WHERE ${where} ORDER BY period LIMIT 1`;
  if (what === 'last') return `SELECT period FROM trade_flows WHERE ${where} ORDER BY period DESC LIMIT 1`;
  if (what === 'extent') return `SELECT min(period) AS first, max(period) AS last FROM trade_flows WHERE ${where}`;
  if (what === 'barrelsOnly') {
    return `SELECT 1 FROM trade_flows WHERE ${where} AND period BETWEEN @from AND @to
      AND net_weight_kg IS NULL AND quantity_unit = 'bbl' LIMIT 1`;
  }
  if (what === 'mass')
    return `SELECT 1 FROM trade_flows WHERE ${where} AND period BETWEEN @from AND @to AND net_weight_kg IS NOT NULL LIMIT 1`;
  // No window function or ORDER BY: sorting costs more than the rows do. One row per key is chosen in
  // buildFlowPoints (isPreferred), where the rows are grouped by period anyway. A quantity is read as
  // readStoredAmount reads it: the net weight in kg where the importer derived one, else quantity and unit.
  const amount = what === 'quantityRows' ? 'coalesce(net_weight_kg, quantity)' : 'value_usd';
  const unit = what === 'quantityRows' ? ', quantity_unit' : '';
  return `SELECT period, hs_code, product, ${packedSql}, ${amount}, source, hs_revision, id${unit}
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

/** The stored rows of a selection in a period range, grouped by period, one row per (HS code, product). */
function readFlowRows(
  db: Db,
  context: BuildContext,
  frequency: 'month' | 'year',
  from: string,
  to: string,
): Map<string, FlowRow[]> {
  const tuples = prepareCached<Record<string, string>, FlowTuple>(
    db,
    flowSql(context.spec.selection.kind, context.query.measure === 'value' ? 'valueRows' : 'quantityRows'),
  )
    .raw(true)
    .all(flowParams(context.spec, context.query, frequency, from, to));
  const byPeriod = new Map<string, FlowRow[]>();
  const { flags } = context;
  for (const tuple of tuples) {
    const row = toFlowRow(tuple);
    // Every stored row counts here, not only the one kept per key: isStoredAs asks about any of them.
    if (flags && (row.barrelsOnly || row.netWeight)) {
      const bits = (row.barrelsOnly ? storedBits.barrels : 0) | (row.netWeight ? storedBits.mass : 0);
      flags.set(row.period, (flags.get(row.period) ?? 0) | bits);
    }
    const rows = byPeriod.get(row.period);
    if (!rows) {
      byPeriod.set(row.period, [row]);
      continue;
    }
    // A period holds a handful of keys (a heading, its products or sub-headings): a scan is cheaper than a map.
    const index = rows.findIndex((other) => other.hsCode === row.hsCode && other.product === row.product);
    const other = index === -1 ? undefined : rows[index];
    if (!other) rows.push(row);
    else if (isPreferred(row, other)) rows[index] = row;
  }
  // Sorted by HS code then product: no two rows share `order` (an HS code is digits, a product key letters).
  for (const rows of byPeriod.values()) if (rows.length > 1) rows.sort((a, b) => (a.order < b.order ? -1 : 1));
  return byPeriod;
}

function buildFlowPoints(
  db: Db,
  context: BuildContext,
  frequency: 'month' | 'year',
  periods: string[],
  from: string,
  to: string,
): SeriesPoint[] {
  const byPeriod = readFlowRows(db, context, frequency, from, to);
  const { flags } = context;
  return periods.map((period) => {
    const rows = byPeriod.get(period);
    if (!rows) return flowPoint(context, period, noRows);
    if (!flags) return flowPoint(context, period, rows);
    // Building a whole series for the memo: the conversions applied are noted per period, so that a window's
    // `conversion` names only those applied to the periods the window reads.
    const applied = new Set<string>();
    const point = flowPoint({ ...context, applied }, period, rows);
    let bits = 0;
    for (const name of applied) {
      const bit = appliedBits[name];
      if (bit === undefined) throw new Error(`series memo: no flag for the conversion ${name}`);
      context.applied.add(name);
      bits |= bit;
    }
    if (bits !== 0) flags.set(period, (flags.get(period) ?? 0) | bits);
    return point;
  });
}

const noRows: readonly FlowRow[] = [];

type ReadFlow = { row: FlowRow; part: Part; hasFigure: boolean };

function readFlow(context: BuildContext, row: FlowRow): ReadFlow {
  if (context.query.measure === 'value') {
    return {
      row,
      part: { value: row.amount, estimated: row.status === 'estimated', source: row.source },
      hasFigure: row.amount !== null,
    };
  }
  const amount = readStoredAmount(row.amount, row.unit, null);
  const { hasFigure, ...part } = convertForSeries(
    context,
    amount,
    row.status === 'estimated' || row.quantityEstimated,
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

/**
 * The first and last period of a series' data at the request's interval (a yearly series: the years of its months
 * and of its annual rows); read once per request, and taken from the memo's whole series where there is one, which
 * was built over exactly this extent.
 */
function readSpecExtent(
  db: Db,
  request: Pick<SeriesRequest, 'interval' | 'source' | 'partner' | 'direction'>,
  spec: SeriesSpec,
): Extent | undefined {
  if (spec.extent === undefined) {
    if (spec.whole) {
      const { first, last } = spec.whole;
      spec.extent = first !== null && last !== null ? { first, last } : null;
    } else {
      spec.extent = readExtent(db, request, spec) ?? null;
    }
  }
  return spec.extent ?? undefined;
}

function combineExtents(extents: ReadonlyArray<Extent | undefined>): Extent | undefined {
  let combined: Extent | undefined;
  for (const extent of extents) {
    if (!extent) continue;
    combined = {
      first: combined === undefined || extent.first < combined.first ? extent.first : combined.first,
      last: combined === undefined || extent.last > combined.last ? extent.last : combined.last,
    };
  }
  return combined;
}

function readExtent(
  db: Db,
  request: Pick<SeriesRequest, 'interval' | 'source' | 'partner' | 'direction'>,
  spec: SeriesSpec,
): Extent | undefined {
  let first: string | undefined;
  let last: string | undefined;
  const consider = (period: string | undefined): void => {
    if (period === undefined) return;
    const value = request.interval === 'year' ? period.slice(0, 4) : period;
    if (first === undefined || value < first) first = value;
    if (last === undefined || value > last) last = value;
  };
  const query = { partner: request.partner, direction: request.direction };
  if (request.source === 'customs') {
    const frequencies: Array<'month' | 'year'> = request.interval === 'year' ? ['month', 'year'] : ['month'];
    for (const frequency of frequencies) {
      const params = flowParams(spec, query, frequency, '', '');
      if (spec.selection.kind === 'hs') {
        const extent = prepareCached<Record<string, string>, { first: string | null; last: string | null }>(
          db,
          flowSql('hs', 'extent'),
        ).get(params);
        consider(extent?.first ?? undefined);
        consider(extent?.last ?? undefined);
        continue;
      }
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
