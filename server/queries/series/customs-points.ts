/**
 * How the stored customs rows of one period become one point: the rules of docs/api.md "How a figure is chosen",
 * kept pure (no database) so they have table tests (tests/unit/customs-points.test.ts).
 *
 * Every dataset's rows are read. Per key (HS code, product) one row is used (isPreferred: the most recently
 * imported dataset, then within a dataset the breakdown total and the newest HS revision); a total stands for its
 * parts. A dataset whose row lost a key to another dataset is another source for the month: its own figure, by the
 * same rules, is listed beside the value and compared with it (compareFigures).
 */
import { productParents, type CommoditySelection } from '../commodities.ts';
import {
  combineParts,
  compareFigures,
  emptyPoint,
  type OtherSource,
  type Part,
  type SeriesPoint,
} from '../series-math.ts';
import type { FlowRow } from './customs-rows.ts';

/** A row as the series reads it: its part of the figure in the series' unit, and whether it has a figure at all. */
export interface ReadFlow {
  row: FlowRow;
  part: Part;
  hasFigure: boolean;
}

/** Which of two rows with the same key is used (docs/api.md, rule 1). */
export function isPreferred(a: FlowRow, b: FlowRow): boolean {
  if (a.datasetId !== b.datasetId) return a.datasetId > b.datasetId;
  if (a.breakdownTotal !== b.breakdownTotal) return a.breakdownTotal;
  if ((a.hsRevision ?? '') !== (b.hsRevision ?? '')) return (a.hsRevision ?? '') > (b.hsRevision ?? '');
  // Last, only so the choice never depends on the order rows are read in.
  return a.seriesId > b.seriesId;
}

/** One row per key (HS code, product), sorted by key. */
export function pickRows(rows: readonly FlowRow[]): FlowRow[] {
  const picked: FlowRow[] = [];
  for (const row of rows) {
    // A period holds a handful of keys (a heading, its products or sub-headings): a scan is cheaper than a map.
    const index = picked.findIndex((other) => other.order === row.order);
    const other = index === -1 ? undefined : picked[index];
    if (!other) picked.push(row);
    else if (isPreferred(row, other)) picked[index] = row;
  }
  // No two keys share `order` (an HS code is digits, a product key letters).
  if (picked.length > 1) picked.sort((a, b) => (a.order < b.order ? -1 : 1));
  return picked;
}

/**
 * Whether `total` already contains `row`: a row without a product at HS code C holds everything under C (its
 * products and longer codes, and Comtrade aggregates are such rows); a product holds its sub-products.
 */
export function contains(total: FlowRow, row: FlowRow): boolean {
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

function partName(row: FlowRow): string {
  return row.product ?? `HS ${row.hsCode}`;
}

/**
 * The figure of a period from one row per key (pickRows): totals stand for their parts. `datasets` names the
 * datasets of the rows the value is made of (a row a total stands for is not).
 */
export function combineFlows(
  period: string,
  read: readonly ReadFlow[],
  selection: CommoditySelection,
  datasetName: (id: number) => string,
): SeriesPoint {
  const point = emptyPoint(period);
  if (read.length === 0) return point;
  // Only a row with a figure can stand in for its parts: a total marked not-reported leaves the parts to be summed.
  const figures = read.filter((r) => r.hasFigure);
  const kept = read.filter((r) => !figures.some((f) => contains(f.row, r.row)) && !overlapsHsBreakdown(r.row, figures));
  for (const k of kept) {
    const name = datasetName(k.row.datasetId);
    if (!point.datasets.includes(name)) point.datasets.push(name);
  }
  const combined = combineParts(kept.map((k) => k.part));
  const hasTotal = kept.some((k) => k.hasFigure && isTotalRow(selection, k.row));
  point.value = combined.value;
  point.status = combined.status;
  point.sources = combined.sources;
  for (const k of kept) if (k.row.note !== null && !point.notes.includes(k.row.note)) point.notes.push(k.row.note);
  const notes = [...combined.notes];
  if (combined.value !== null) {
    point.partial = combined.missingParts || !hasTotal || combined.notes.length > 0;
    if (!hasTotal) {
      const names = kept.filter((k) => k.part.value !== null).map((k) => partName(k.row));
      notes.unshift(`sum of the parts published (${names.join(', ')}); no total was published`);
    }
    const slices = kept.filter((k) => k.part.value !== null && !k.row.breakdownTotal).map((k) => partName(k.row));
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

/**
 * The point of a period from every stored row of it, all datasets together: the value by the rules above, the
 * datasets it uses, and what every other dataset's own figure for the period is.
 */
export function flowPoint(
  period: string,
  rows: readonly FlowRow[],
  read: (row: FlowRow) => ReadFlow,
  selection: CommoditySelection,
  datasetName: (id: number) => string,
): SeriesPoint {
  const picked = pickRows(rows);
  const point = combineFlows(period, picked.map(read), selection, datasetName);
  if (picked.length === rows.length) return point;
  // Datasets that lost a key to another dataset: each one's own figure for the period.
  const others = new Set<number>();
  for (const row of rows) {
    const winner = picked.find((p) => p.order === row.order);
    if (winner && winner.datasetId !== row.datasetId) others.add(row.datasetId);
  }
  for (const id of [...others].sort((a, b) => b - a)) {
    const own = combineFlows(
      period,
      pickRows(rows.filter((row) => row.datasetId === id)).map(read),
      selection,
      datasetName,
    );
    const other: OtherSource = {
      dataset: datasetName(id),
      value: own.value,
      status: own.status,
      sources: own.sources,
      agrees: compareFigures(point.value, own.value),
      notes: own.notes,
    };
    if (own.note !== undefined) other.note = own.note;
    point.otherSources.push(other);
    if (other.agrees === false) point.conflict = true;
  }
  return point;
}
