/**
 * Planning a series request: every check that can fail (commodity, source, unit, factors, range, size) runs here,
 * before anything is built, so the CSV download can stream series by series without failing half-way. Queries
 * throw InvalidParameterError; the HTTP layer maps it to a 400.
 */
import type { Db } from '../../db/connection.ts';
import { InvalidParameterError } from '../../errors.ts';
import { listCommodityGroups, resolveCommodity, type CommoditySelection } from '../commodities.ts';
import { findConversionFactor } from '../conversion.ts';
import { addMonths } from '../series-math.ts';
import { readFlowExtent, readFlowRows, type FlowRow } from './customs-rows.ts';
import { isShipmentStoredAs, readShipmentExtent } from './shipments.ts';
import { isUn1718StoredAs, readUn1718Extent } from './un1718.ts';
import type { BuildRange, Extent, SeriesPlan, SeriesQuery, SeriesRequest, SeriesSpec } from './types.ts';

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
  }
  for (const spec of specs) checkFactorAvailable(db, plan, spec);
  return plan;
}

/** How many periods listMonths / listYears would list, without listing them. */
function countPeriods(interval: 'month' | 'year', from: string, to: string): number {
  if (from > to) return 0;
  return interval === 'month' ? monthNumber(to) - monthNumber(from) + 1 : Number(to) - Number(from) + 1;
}

/** A month's place on a continuous count of months (2017-01 is one after 2016-12). */
function monthNumber(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

export function buildRange(interval: 'month' | 'year', from: string, to: string): BuildRange {
  if (interval === 'month') {
    const firstMonth = addMonths(from, -compareBack.month);
    return { firstMonth, lastMonth: to, firstYear: firstMonth.slice(0, 4), lastYear: to.slice(0, 4) };
  }
  const firstYear = String(Number(from) - compareBack.year).padStart(4, '0');
  return { firstMonth: `${firstYear}-01`, lastMonth: `${to}-12`, firstYear, lastYear: to };
}

/** A spec's stored customs rows for a range, read once per plan: planning checks units on them, building uses them. */
export function readSpecRows(
  db: Db,
  query: SeriesQuery,
  spec: SeriesSpec,
  frequency: 'month' | 'year',
  from: string,
  to: string,
): FlowRow[] {
  const key = `${query.measure}|${frequency}|${from}|${to}`;
  spec.rows ??= new Map();
  let rows = spec.rows.get(key) as FlowRow[] | undefined;
  if (!rows) {
    rows = readFlowRows(db, spec, query, frequency, from, to);
    spec.rows.set(key, rows);
  }
  return rows;
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
    if (wrong) {
      throw new InvalidParameterError(
        'commodity',
        `source=un1718 holds refined petroleum only (refined-oil), not ${wrong.key}`,
      );
    }
    if (request.partner !== 'PRK') {
      throw new InvalidParameterError('partner', 'source=un1718 holds deliveries to North Korea only (partner=PRK)');
    }
  }
  if (request.source === 'shipments') {
    const wrong = selections.find((s) => s.kind === 'hs');
    if (wrong) {
      throw new InvalidParameterError(
        'commodity',
        `source=shipments is by commodity or product key; shipments carry no HS code (${wrong.key})`,
      );
    }
  }
}

/**
 * Without a barrels-per-tonne factor, barrels and tonnes cannot be converted into each other. Barrels are refused
 * when a figure is stored as a mass, or when none is stored in barrels at all (barrels for rice cannot apply);
 * tonnes and kilograms are refused when a figure is stored only in barrels.
 */
function checkFactorAvailable(db: Db, plan: SeriesPlan, spec: SeriesSpec): void {
  const { unit } = plan.query;
  if (spec.factor !== undefined || unit === 'usd') return;
  const what = `${spec.selection.kind === 'hs' ? spec.selection.label : spec.selection.key} from ${spec.reporter}`;
  const stored = (kind: StoredKind): boolean => isStoredAs(db, plan.query, spec, kind);
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
    const has = (row: FlowRow): boolean => (kind === 'barrels' ? row.barrelsOnly : row.netWeight);
    if (readSpecRows(db, query, spec, 'month', range.firstMonth, range.lastMonth).some(has)) return true;
    return (
      query.interval === 'year' && readSpecRows(db, query, spec, 'year', range.firstYear, range.lastYear).some(has)
    );
  }
  if (query.source === 'un1718') {
    return isUn1718StoredAs(db, spec.reporter, range.firstMonth, range.lastMonth, kind === 'barrels' ? 'bbl' : 't');
  }
  return isShipmentStoredAs(db, spec, query, kind, range.firstMonth, range.lastMonth);
}

/**
 * The first and last period of a series' data at the request's interval (a yearly series: the years of its months
 * and of its annual rows); read once per request.
 */
function readSpecExtent(db: Db, request: SeriesRequest, spec: SeriesSpec): Extent | undefined {
  if (spec.extent === undefined) spec.extent = readExtent(db, request, spec) ?? null;
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

function readExtent(db: Db, request: SeriesRequest, spec: SeriesSpec): Extent | undefined {
  let first: string | undefined;
  let last: string | undefined;
  const consider = (period: string | null | undefined): void => {
    if (period === undefined || period === null) return;
    const value = request.interval === 'year' ? period.slice(0, 4) : period;
    if (first === undefined || value < first) first = value;
    if (last === undefined || value > last) last = value;
  };
  const query = { partner: request.partner, direction: request.direction };
  let extents: Array<{ first: string | null; last: string | null } | undefined>;
  if (request.source === 'customs') {
    const frequencies: Array<'month' | 'year'> = request.interval === 'year' ? ['month', 'year'] : ['month'];
    extents = frequencies.map((frequency) => readFlowExtent(db, spec, query, frequency));
  } else if (request.source === 'un1718') {
    extents = [readUn1718Extent(db, spec.reporter)];
  } else {
    extents = [readShipmentExtent(db, spec, query)];
  }
  for (const extent of extents) {
    consider(extent?.first);
    consider(extent?.last);
  }
  return first !== undefined && last !== undefined ? { first, last } : undefined;
}
