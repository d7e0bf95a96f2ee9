/**
 * Building planned series from the stored rows: customs flows, 1718 Committee notifications and shipments, one
 * series per (commodity, reporter), every period from `from` to `to` present, gaps as null. The rules for choosing
 * and adding up stored rows are in customs-points.ts (docs/api.md "How a figure is chosen"); the arithmetic in
 * series-math.ts. Nothing is cached: a series costs one index range scan per stored series it reads.
 */
import type { Db } from '../../db/connection.ts';
import { convertAmount, readStoredAmount, type QuantityUnit, type StoredAmount } from '../conversion.ts';
import {
  addChanges,
  emptyPoint,
  listMonths,
  listYears,
  sumYearFromMonths,
  type Part,
  type SeriesPoint,
} from '../series-math.ts';
import { flowPoint, type ReadFlow } from './customs-points.ts';
import { readDatasetNames, type FlowRow } from './customs-rows.ts';
import { buildRange, planSeries, readSpecRows } from './plan.ts';
import { buildShipmentPoints } from './shipments.ts';
import { buildUn1718Points, un1718Amount } from './un1718.ts';
import type { Series, SeriesPlan, SeriesQuery, SeriesRequest, SeriesSpec } from './types.ts';

interface BuildContext {
  db: Db;
  query: SeriesQuery;
  spec: SeriesSpec;
  /** Which ways the spec's factor was used (`t→bbl`, `bbl→t`). */
  applied: Set<string>;
  datasetNames?: Map<number, string>;
}

/** Builds the series one at a time, so a CSV download writes each before the next is read. */
export function* iterateSeries(db: Db, plan: SeriesPlan): Generator<Series> {
  for (const spec of plan.specs) yield buildSeries(db, plan.query, spec);
}

export function loadSeries(db: Db, request: SeriesRequest, now: Date): { query: SeriesQuery; series: Series[] } {
  const plan = planSeries(db, request, now);
  return { query: plan.query, series: [...iterateSeries(db, plan)] };
}

function buildSeries(db: Db, query: SeriesQuery, spec: SeriesSpec): Series {
  const context: BuildContext = { db, query, spec, applied: new Set() };
  let points: SeriesPoint[] = [];
  if (query.from !== null && query.to !== null) {
    const range = buildRange(query.interval, query.from, query.to);
    const months = listMonths(range.firstMonth, range.lastMonth);
    let monthPoints: SeriesPoint[];
    if (query.source === 'customs')
      monthPoints = buildFlowPoints(context, 'month', months, range.firstMonth, range.lastMonth);
    else if (query.source === 'un1718') {
      monthPoints = buildUn1718Points(db, spec.reporter, months, (row) =>
        convertForSeries(context, un1718Amount(row), row.status === 'estimated', row.source),
      );
    } else {
      monthPoints = buildShipmentPoints(db, spec, query, months, (amount, estimated, source) =>
        convertForSeries(context, amount, estimated, source),
      );
    }

    let all = monthPoints;
    if (query.interval === 'year') {
      const years = listYears(range.firstYear, range.lastYear);
      const annual =
        query.source === 'customs' ? buildFlowPoints(context, 'year', years, range.firstYear, range.lastYear) : [];
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

function buildFlowPoints(
  context: BuildContext,
  frequency: 'month' | 'year',
  periods: readonly string[],
  from: string,
  to: string,
): SeriesPoint[] {
  const { db, query, spec } = context;
  const byPeriod = new Map<string, FlowRow[]>();
  for (const row of readSpecRows(db, query, spec, frequency, from, to)) {
    const rows = byPeriod.get(row.period);
    if (rows) rows.push(row);
    else byPeriod.set(row.period, [row]);
  }
  if (byPeriod.size === 0) return periods.map(emptyPoint);
  const names = (context.datasetNames ??= readDatasetNames(db));
  const datasetName = (id: number): string => names.get(id) ?? `dataset ${id}`;
  const read = (row: FlowRow): ReadFlow => readFlow(context, row);
  return periods.map((period) => {
    const rows = byPeriod.get(period);
    return rows ? flowPoint(period, rows, read, spec.selection, datasetName) : emptyPoint(period);
  });
}

function readFlow(context: BuildContext, row: FlowRow): ReadFlow {
  if (context.query.measure === 'value') {
    return {
      row,
      part: { value: row.amount, estimated: row.status === 'estimated', source: row.source },
      hasFigure: row.amount !== null,
    };
  }
  const { hasFigure, ...part } = convertForSeries(
    context,
    readStoredAmount(row.amount, row.unit, null),
    row.status === 'estimated' || row.quantityEstimated,
    row.source,
  );
  return { row, part, hasFigure };
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
