/**
 * Shipments as a series: per month, the count of shipments and the volume published for them. A shipment held by
 * several datasets (same date, vessel and load port) counts once, from the most recently imported one.
 */
import type { Db } from '../../db/connection.ts';
import { prepareCached } from '../statements.ts';
import type { CommoditySelection } from '../commodities.ts';
import { readStoredAmount } from '../conversion.ts';
import { addMonths, combineParts, emptyPoint, type Part, type SeriesPoint } from '../series-math.ts';
import type { SeriesQuery, SeriesSpec } from './types.ts';

interface ShipmentRow {
  month: string;
  quantity: number | null;
  unit: string | null;
  status: 'reported' | 'estimated';
  source: string;
  note: string | null;
  dataset: string;
}

const shipmentWhere = `origin = @reporter AND destination = @partner
  AND commodity IN (SELECT value FROM json_each(@commodities))`;
const shipmentRowsSql = `SELECT month, quantity, unit, status, source, note, dataset FROM (
    SELECT s.month, s.quantity, s.unit, s.status, s.source, s.note, d.name AS dataset,
      row_number() OVER (PARTITION BY s.date, s.vessel, s.load_port ORDER BY s.dataset_id DESC, s.id DESC) AS rank
    FROM shipments s JOIN datasets d ON d.id = s.dataset_id
    WHERE ${shipmentWhere} AND date >= @fromDate AND date < @toDate
  ) WHERE rank = 1 ORDER BY month`;
const shipmentExtentSql = `SELECT
    (SELECT month FROM shipments WHERE ${shipmentWhere} ORDER BY date LIMIT 1) AS first,
    (SELECT month FROM shipments WHERE ${shipmentWhere} ORDER BY date DESC LIMIT 1) AS last`;
const shipmentStoredSql = {
  barrels: `SELECT 1 FROM shipments WHERE ${shipmentWhere}
    AND date >= @fromDate AND date < @toDate AND unit = 'bbl' AND quantity IS NOT NULL LIMIT 1`,
  mass: `SELECT 1 FROM shipments WHERE ${shipmentWhere}
    AND date >= @fromDate AND date < @toDate AND unit IN ('t', 'kg') AND quantity IS NOT NULL LIMIT 1`,
};

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

export function readShipmentExtent(
  db: Db,
  spec: SeriesSpec,
  query: Pick<SeriesQuery, 'partner'>,
): { first: string | null; last: string | null } | undefined {
  return prepareCached<Record<string, string>, { first: string | null; last: string | null }>(
    db,
    shipmentExtentSql,
  ).get(shipmentParams(spec, query));
}

export function isShipmentStoredAs(
  db: Db,
  spec: SeriesSpec,
  query: Pick<SeriesQuery, 'partner'>,
  kind: 'barrels' | 'mass',
  first: string,
  last: string,
): boolean {
  return (
    prepareCached<Record<string, string>, unknown>(db, shipmentStoredSql[kind]).get({
      ...shipmentParams(spec, query),
      ...monthDates(first, last),
    }) !== undefined
  );
}

/** A shipment's quantity as a part of the series' figure (the series' unit conversion, passed in). */
export type ReadShipment = (amount: ReturnType<typeof readStoredAmount>, estimated: boolean, source: string) => Part;

export function buildShipmentPoints(
  db: Db,
  spec: SeriesSpec,
  query: Pick<SeriesQuery, 'partner'>,
  months: readonly string[],
  read: ReadShipment,
): SeriesPoint[] {
  const first = months[0];
  const last = months[months.length - 1];
  if (first === undefined || last === undefined) return [];
  const rows = prepareCached<Record<string, string>, ShipmentRow>(db, shipmentRowsSql).all({
    ...shipmentParams(spec, query),
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
    const parts = shipments.map((s) =>
      read(readStoredAmount(s.quantity, s.unit, null), s.status === 'estimated', s.source),
    );
    const combined = combineParts(parts);
    point.value = combined.value;
    point.status = combined.status;
    point.sources = combined.sources;
    for (const s of shipments) {
      if (!point.datasets.includes(s.dataset)) point.datasets.push(s.dataset);
      if (s.note !== null && !point.notes.includes(s.note)) point.notes.push(s.note);
    }
    const known = parts.filter((p) => p.value !== null).length;
    point.partial = combined.value !== null && known < shipments.length;
    const notes = [...combined.notes];
    if (known < shipments.length) notes.unshift(`quantity published for ${known} of ${shipments.length} shipments`);
    if (notes.length > 0) point.note = notes.join('; ');
    return point;
  });
}
