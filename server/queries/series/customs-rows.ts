/**
 * Customs flows as the series read them (migration 0005): a selection's series are found in the small flow_series
 * table, then their facts in one index range scan per series over flow_facts (series_id, period). Every stored
 * row of every dataset comes back; customs-points.ts decides which is used and lists the others.
 */
import type { Db } from '../../db/connection.ts';
import { toStoredPeriod } from '../flow-writes.ts';
import { prepareCached } from '../statements.ts';
import { statuses, type Status } from '../../vocabulary.ts';
import type { CommoditySelection } from '../commodities.ts';
import type { Measure, SeriesQuery, SeriesSpec } from './types.ts';

/** One stored figure of a selection, with what its series says about it. */
export interface FlowRow {
  period: string;
  hsCode: string;
  product: string | null;
  status: Status;
  /**
   * measure=quantity: the amount in `unit` (the net weight in kg where the file gave one, else the quantity as
   * stored); measure=value: the trade value in US dollars.
   */
  amount: number | null;
  unit: string | null;
  /** Stored in barrels with no net weight / with a net weight in kg (the unit checks of plan.ts). */
  barrelsOnly: boolean;
  netWeight: boolean;
  /** The file's estimate flag for the figure a quantity is read from (net weight where given, else quantity). */
  quantityEstimated: boolean;
  source: string | null;
  /** The row's own note, as the file gave it. */
  note: string | null;
  datasetId: number;
  /** Rows of one dataset for one key differ in their series (a breakdown slice, an HS revision, a unit). */
  seriesId: number;
  /** false when the row is one slice of a Comtrade breakdown (a customs procedure, a mode of transport). */
  breakdownTotal: boolean;
  hsRevision: string | null;
  /** hsCode + product: the order a period's rows are listed in (sources and notes follow it). */
  order: string;
}

interface SeriesDims {
  id: number;
  hsCode: string;
  product: string | null;
  unit: string | null;
  hsRevision: string | null;
  breakdownTotal: number;
}

const selectionWhere: Record<CommoditySelection['kind'], string> = {
  group: 'commodity_group = @group',
  product: 'commodity_group = @group AND product IN (SELECT value FROM json_each(@products))',
  hs: 'hs_code >= @hsLow AND hs_code < @hsHigh',
};

function seriesSql(kind: CommoditySelection['kind']): string {
  return `SELECT id, hs_code AS hsCode, product, quantity_unit AS unit, hs_revision AS hsRevision,
      breakdown_total AS breakdownTotal
    FROM flow_series
    WHERE reporter = @reporter AND partner = @partner AND direction = @direction AND frequency = @frequency
      AND ${selectionWhere[kind]}`;
}

/** The upper bound of an HS prefix range: '2710' → '2711' ('2719' → '271:', still above every digit). */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

function readSeriesDims(
  db: Db,
  spec: SeriesSpec,
  query: Pick<SeriesQuery, 'partner' | 'direction'>,
  frequency: 'month' | 'year',
): SeriesDims[] {
  const { selection } = spec;
  const params: Record<string, string> = {
    reporter: spec.reporter,
    partner: query.partner,
    direction: query.direction,
    frequency,
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
  return prepareCached<Record<string, string>, SeriesDims>(db, seriesSql(selection.kind)).all(params);
}

function fromStoredPeriod(period: number, frequency: 'month' | 'year'): string {
  if (frequency === 'year') return String(period).padStart(4, '0');
  const month = period % 100;
  return `${String((period - month) / 100).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}`;
}

/**
 * The columns read per fact, as arrays (better-sqlite3 returns them much faster than objects), as few as can carry
 * what a point needs: turning SQLite values into JavaScript ones is most of a series' cost, at about the same cost
 * per value whatever its type (1,843 facts: 6 columns 2.2 ms, 3 columns 1.3 ms, measured). So the series and the
 * period come as one integer (series id × 10^6 + period: periods are at most 999912), status and flags as another
 * (status bits 0–1, estimated bit 2, net weight given bit 3, a note bit 4, dataset id from bit 5), then the amount
 * and the source text's id. Notes are few (most rows have none): they are read by a second statement, and only
 * when a row has one.
 */
type FactTuple = [seriesPeriod: number, packed: number, amount: number | null, sourceId: number | null];

const periodSpan = 1_000_000;

const estimatedSql = 'CASE WHEN net_weight_kg IS NOT NULL THEN (flags >> 1) & 1 ELSE flags & 1 END';

function factsSql(measure: Measure): string {
  const amount = measure === 'quantity' ? 'coalesce(net_weight_kg, quantity)' : 'value_usd';
  return `SELECT series_id * ${periodSpan} + period,
      status + 4 * (${estimatedSql}) + 8 * (net_weight_kg IS NOT NULL) + 16 * (note_id IS NOT NULL) + 32 * dataset_id,
      ${amount}, source_id
    FROM flow_facts
    WHERE series_id IN (SELECT value FROM json_each(@ids)) AND period BETWEEN @from AND @to`;
}

const textsSql = 'SELECT id, text FROM texts WHERE id IN (SELECT value FROM json_each(@ids))';

/** The notes of a selection's rows that have one, by series × 10^6 + period and dataset. */
const notesSql = `SELECT series_id * ${periodSpan} + period AS seriesPeriod, dataset_id AS datasetId, texts.text
    FROM flow_facts JOIN texts ON texts.id = flow_facts.note_id
    WHERE series_id IN (SELECT value FROM json_each(@ids)) AND period BETWEEN @from AND @to
      AND note_id IS NOT NULL`;

/** Every stored row of a selection in a period range (`from`/`to` as the API writes periods), in no order. */
export function readFlowRows(
  db: Db,
  spec: SeriesSpec,
  query: Pick<SeriesQuery, 'partner' | 'direction' | 'measure'>,
  frequency: 'month' | 'year',
  from: string,
  to: string,
): FlowRow[] {
  const dims = readSeriesDims(db, spec, query, frequency);
  if (dims.length === 0) return [];
  const byId = new Map(dims.map((d) => [d.id, d]));
  const tuples = prepareCached<Record<string, string | number>, FactTuple>(db, factsSql(query.measure))
    .raw(true)
    .all({ ids: JSON.stringify(dims.map((d) => d.id)), from: toStoredPeriod(from), to: toStoredPeriod(to) });
  const sourceIds = new Set<number>();
  let anyNote = false;
  for (const tuple of tuples) {
    if (tuple[3] !== null) sourceIds.add(tuple[3]);
    if ((tuple[1] & 16) !== 0) anyNote = true;
  }
  const notes = new Map<string, string>();
  if (anyNote) {
    const rows = prepareCached<
      Record<string, string | number>,
      { seriesPeriod: number; datasetId: number; text: string }
    >(db, notesSql).all({
      ids: JSON.stringify(dims.map((d) => d.id)),
      from: toStoredPeriod(from),
      to: toStoredPeriod(to),
    });
    for (const row of rows) notes.set(`${row.seriesPeriod}|${row.datasetId}`, row.text);
  }
  const texts = new Map<number, string>();
  if (sourceIds.size > 0) {
    const rows = prepareCached<{ ids: string }, { id: number; text: string }>(db, textsSql).all({
      ids: JSON.stringify([...sourceIds]),
    });
    for (const row of rows) texts.set(row.id, row.text);
  }
  return tuples.map(([seriesPeriod, packed, amount, sourceId]) => {
    const period = seriesPeriod % periodSpan;
    const series = byId.get((seriesPeriod - period) / periodSpan) as SeriesDims;
    const flags = packed & 31;
    const netWeight = (flags & 8) !== 0;
    const datasetId = (packed - flags) / 32;
    return {
      period: fromStoredPeriod(period, frequency),
      hsCode: series.hsCode,
      product: series.product,
      status: statuses[flags & 3] ?? 'reported',
      amount,
      unit: netWeight ? 'kg' : series.unit,
      barrelsOnly: !netWeight && series.unit === 'bbl',
      netWeight,
      quantityEstimated: (flags & 4) !== 0,
      source: sourceId === null ? null : (texts.get(sourceId) ?? null),
      note: (flags & 16) === 0 ? null : (notes.get(`${seriesPeriod}|${datasetId}`) ?? null),
      datasetId,
      seriesId: series.id,
      breakdownTotal: series.breakdownTotal === 1,
      hsRevision: series.hsRevision,
      order: series.product === null ? series.hsCode : series.hsCode + series.product,
    };
  });
}

const extentSql = `SELECT min(first) AS first, max(last) AS last FROM (
    SELECT (SELECT period FROM flow_facts WHERE series_id = s.value ORDER BY period LIMIT 1) AS first,
      (SELECT period FROM flow_facts WHERE series_id = s.value ORDER BY period DESC LIMIT 1) AS last
    FROM json_each(@ids) s)`;

/** The first and last period stored for a selection at one frequency: two index seeks per series. */
export function readFlowExtent(
  db: Db,
  spec: SeriesSpec,
  query: Pick<SeriesQuery, 'partner' | 'direction'>,
  frequency: 'month' | 'year',
): { first: string; last: string } | undefined {
  const dims = readSeriesDims(db, spec, query, frequency);
  if (dims.length === 0) return undefined;
  const extent = prepareCached<{ ids: string }, { first: number | null; last: number | null }>(db, extentSql).get({
    ids: JSON.stringify(dims.map((d) => d.id)),
  });
  if (!extent || extent.first === null || extent.last === null) return undefined;
  return { first: fromStoredPeriod(extent.first, frequency), last: fromStoredPeriod(extent.last, frequency) };
}

/** Every statement a customs series runs, by name: tests/integration/api-query-plans.test.ts checks their plans. */
export const customsStatements: Readonly<Record<string, string>> = {
  seriesOfGroup: seriesSql('group'),
  seriesOfProduct: seriesSql('product'),
  seriesOfHs: seriesSql('hs'),
  quantities: factsSql('quantity'),
  notes: notesSql,
  values: factsSql('value'),
  extent: extentSql,
};

/** Dataset names by id, for saying which dataset each figure comes from. */
export function readDatasetNames(db: Db): Map<number, string> {
  const rows = prepareCached<[], { id: number; name: string }>(db, 'SELECT id, name FROM datasets').all();
  return new Map(rows.map((row) => [row.id, row.name]));
}
